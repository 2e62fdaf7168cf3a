import pytest

from tinhdoan.accounts import totp
from tinhdoan.accounts.models import LoginEvent, TotpDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_sets_up_two_factor_in_the_browser_without_policy_violations(
    demo, browser_page, live_server, screenshot_dir
):
    page = browser_page
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao.tinh")
    page.get_by_label("Mật khẩu").fill("demo-password-for-tests")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/accounts/two-factor/enrol/")
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    assert page.locator("#totp-uri").inner_text().startswith("otpauth://totp/tinhdoan:lanhdao.tinh")
    page.screenshot(path=str(screenshot_dir / "two-factor-enrol.png"), full_page=True)

    page.get_by_label("Mã từ ứng dụng xác thực").fill("000000")
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()
    assert "Mã không đúng." in page.locator("main").inner_text()
    page.get_by_label("Mã từ ứng dụng xác thực").fill(totp.totp(secret))
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Đã thiết lập đăng nhập hai lớp" in page.locator("main").inner_text()

    page.get_by_label("Tìm đơn vị").fill("that khe")
    page.locator("#nav-search-results").get_by_role("option").first.wait_for()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/")

    assert TotpDevice.objects.filter(user__username="lanhdao.tinh").exists()
    kinds = list(LoginEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["success", "logout"]
    assert [text for text in console if "Content Security Policy" in text] == []
