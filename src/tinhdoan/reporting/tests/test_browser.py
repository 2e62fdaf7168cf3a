import pytest

from tinhdoan.reporting.models import DataValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_officer_enters_three_values_with_the_keyboard_and_one_is_refused(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    page = browser_page
    browser_login(page, live_server, "doan.xa_that_khe")
    page.goto(f"{live_server.url}/programs/TDLS/2026/2026Q4/TDLS-06040/")
    page.locator("#v-CT01").click()
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "v-CT02"
    page.keyboard.type("1.250")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "v-CT03"
    page.keyboard.type("-2")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "v-CT04"

    page.locator('#row-CT01 [data-version="1"]').wait_for()
    page.locator('#row-CT02 [data-version="1"]').wait_for()
    error = page.locator("#row-CT03 .invalid-feedback")
    error.wait_for()
    assert "không được âm" in error.inner_text()
    assert page.locator("#v-CT03").input_value() == "-2"
    assert page.locator("#v-CT02").input_value() == "1.250"
    # far above what the commune reported in the earlier quarters: kept, with a warning
    assert "hãy kiểm tra lại" in page.locator("#row-CT02").inner_text()
    page.screenshot(path=str(screenshot_dir / "programs-grid.png"), full_page=True)

    stored = {
        v.target.code: v.value
        for v in DataValue.objects.filter(unit__code="TDLS-06040", period__code="2026Q4")
    }
    assert stored == {"CT01": 12, "CT02": 1250}

    page.locator("#row-CT02").get_by_role("button", name="Lịch sử").click()
    page.locator("#history-list li").first.wait_for()
    assert "1.250" in page.locator("#cell-history").inner_text()


def test_btv_sees_the_2017_program_its_completeness_and_approves_a_report(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    page = browser_page
    browser_login(page, live_server, "btv.tinhdoan")
    page.get_by_role("link", name="Chương trình công tác").first.click()
    page.get_by_role(
        "link",
        name="Chương trình công tác Đoàn và phong trào thanh thiếu nhi tỉnh Lạng Sơn năm 2017",
    ).click()
    assert page.locator("#targets tbody tr").count() == 12
    assert "5 nhiệm vụ trọng tâm" in page.locator("#focal-title").inner_text()
    page.screenshot(path=str(screenshot_dir / "programs-2017.png"), full_page=True)

    page.goto(f"{live_server.url}/programs/TDLS/2017/2017/")
    assert page.locator('[data-count="late"]').inner_text() == "1"
    assert page.locator('[data-count="not_submitted"]').inner_text() == "1"
    assert page.locator("#values-matrix tbody tr").count() == 14
    page.screenshot(path=str(screenshot_dir / "programs-completeness-2017.png"), full_page=True)

    page.locator('#completeness tr[data-code="TDLS-LLVT"] a').click()
    page.get_by_role("button", name="Duyệt").click()
    page.wait_for_url("**/TDLS-LLVT/")
    assert page.locator('[data-status="approved"]').count() == 1
