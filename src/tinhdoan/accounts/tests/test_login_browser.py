import io
import re

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhdoan.accounts.models import LoginEvent, TwoFactorInvitation
from tinhdoan.testing import key_bytes, totp_code, totp_code_unused

from .qr_decode import decode_svg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo-password-for-tests")
    page.get_by_role("button", name="Đăng nhập").click()


def test_admin_without_invitation_is_refused_then_sets_up_two_factor_from_the_link(
    demo, browser_page, live_server, screenshot_dir
):
    page = browser_page
    console = []
    page.on("console", lambda message: console.append(message.text))

    # The password alone: no key, no QR code, only the way to ask for an invitation.
    log_in(page, f"{live_server.url}/accounts/login/", "tinhdoan.admin")
    assert "đường dẫn mời thiết lập" in page.locator("#needs-invitation").inner_text()
    assert page.locator("#totp-secret").count() == 0
    page.goto(f"{live_server.url}/accounts/two-factor/enrol/")
    page.wait_for_url("**/accounts/login/")

    out = io.StringIO()
    call_command("twofactor-invite", "tinhdoan.admin", base_url=live_server.url, stdout=out)
    link = re.search(r"^http\S+/invitation/\S+/$", out.getvalue(), re.M).group(0)
    log_in(page, link, "tinhdoan.admin")
    page.wait_for_url("**/accounts/two-factor/enrol/")

    # The QR code is drawn, readable, and holds the key shown beside it.
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    shown = page.locator("#totp-secret").inner_text()
    assert shown.split() == [secret[i : i + 4] for i in range(0, len(secret), 4)]
    uri = page.locator("#totp-uri").text_content()
    assert uri.startswith("otpauth://totp/tinhdoan%3Atinhdoan.admin?secret=" + secret)
    qr = page.locator("#totp-qr svg")
    box = qr.bounding_box()
    assert box["width"] >= 120 and box["height"] == box["width"]
    assert decode_svg(qr.evaluate("node => node.outerHTML")) == uri
    page.screenshot(path=str(screenshot_dir / "two-factor-enrol.png"), full_page=True)

    page.get_by_label("Mã từ ứng dụng xác thực").fill("000000")
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()
    assert "Mã không đúng." in page.locator("main").inner_text()
    assert not TOTPDevice.objects.exists()
    page.get_by_label("Mã từ ứng dụng xác thực").fill(totp_code(secret))
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Đã thiết lập đăng nhập hai lớp" in page.locator("main").inner_text()
    device = TOTPDevice.objects.get(user__username="tinhdoan.admin")
    assert device.bin_key == key_bytes(secret)

    # The session passed two-factor: the admin opens.
    page.goto(f"{live_server.url}/admin/")
    assert page.locator("#site-name").count() == 1
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/")

    # The link worked once.
    page.goto(link)
    assert "đã được dùng" in page.locator("#invitation-refused").inner_text()

    # The next login asks for the code of the app set up.
    log_in(page, f"{live_server.url}/accounts/login/?next=/admin/", "tinhdoan.admin")
    page.wait_for_url("**/accounts/two-factor/")
    page.locator("#id_code").fill(totp_code_unused(device))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    assert TwoFactorInvitation.objects.get().used_at is not None
    kinds = list(LoginEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["success", "logout", "success"]
    assert [text for text in console if "Content Security Policy" in text] == []
