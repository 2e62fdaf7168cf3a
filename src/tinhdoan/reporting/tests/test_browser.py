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


def _phone(_chromium, live_server, browser_login, username):
    context = _chromium.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30_000)
    browser_login(page, live_server, username)
    return context, page


def test_on_a_390_px_phone_each_target_is_a_card_and_enter_never_lands_in_a_comment(
    demo, _chromium, live_server, browser_login, screenshot_dir
):
    context, page = _phone(_chromium, live_server, browser_login, "doan.xa_that_khe")
    try:
        page.goto(f"{live_server.url}/programs/TDLS/2026/2026Q4/TDLS-06040/")
        value = page.locator("#v-CT01")
        assert value.bounding_box()["width"] >= 300  # the full width of the card
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        card = page.locator("#row-CT01").bounding_box()
        assert card["height"] < 400
        previous = page.locator('#row-CT01 td[data-label="Kỳ trước"]')
        assert previous.is_visible() and previous.inner_text() != "—"  # Q3's figure
        comment = page.locator("#c-CT01")
        assert not comment.is_visible()  # behind its button
        page.locator('#row-CT01 [data-comment-for="c-CT01"]').click()
        assert comment.is_visible()
        assert page.evaluate("document.activeElement.id") == "c-CT01"
        page.keyboard.type("Theo báo cáo chi đoàn")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "v-CT02"
        page.keyboard.type("1.234")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "v-CT03"
        page.locator('#row-CT02 [data-version="1"]').wait_for()
        assert page.locator("#v-CT02").input_value() == "1.234"
        page.locator("#row-CT01").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / "phone-grid.png"))
    finally:
        context.close()
    stored = {
        v.target.code: (v.value, v.comment)
        for v in DataValue.objects.filter(unit__code="TDLS-06040", period__code="2026Q4")
    }
    assert stored["CT02"] == (1234, "")
    assert stored["CT01"][1] == "Theo báo cáo chi đoàn"


def test_a_submitted_grid_looks_read_only_and_says_why_when_touched(
    demo, _chromium, live_server, browser_login
):
    context, page = _phone(_chromium, live_server, browser_login, "doan.xa_that_khe")
    try:
        page.goto(f"{live_server.url}/programs/TDLS/2026/2026Q1/TDLS-06040/")
        note = page.locator("#grid-readonly-note")
        assert note.inner_text() == "Báo cáo đã khóa; cấp duyệt phải mở lại thì mới sửa được."
        value = page.locator("#v-CT01")
        assert value.get_attribute("readonly") is not None
        assert value.get_attribute("aria-describedby") == "grid-readonly-note"
        style = page.evaluate("getComputedStyle(document.querySelector('#v-CT01')).borderStyle")
        assert "dashed" in style
        before = value.input_value()
        value.click()
        page.keyboard.type("9")
        assert value.input_value() == before
        assert "attention" in note.get_attribute("class")
    finally:
        context.close()
