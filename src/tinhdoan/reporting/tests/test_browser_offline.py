import pytest

from tinhdoan.reporting.models import DataValue, ValueChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GRID = "/programs/TDLS/2026/2026Q4/TDLS-06040/"


def _phone_with_worker(_chromium, live_server, browser_login):
    """A 390 px phone logged in as the commune officer, the service worker active."""
    context = _chromium.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30_000)
    browser_login(page, live_server, "doan.xa_that_khe")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)") == "activated"
    return context, page


def _stored(target):
    return DataValue.objects.filter(
        unit__code="TDLS-06040", period__code="2026Q4", target__code=target
    )


def _history(target):
    return ValueChange.objects.filter(
        unit__code="TDLS-06040", period__code="2026Q4", target__code=target
    )


def test_values_typed_offline_survive_a_reload_and_are_sent_once_when_the_network_returns(
    demo, _chromium, live_server, browser_login, screenshot_dir
):
    context, page = _phone_with_worker(_chromium, live_server, browser_login)
    try:
        page.goto(f"{live_server.url}{GRID}")
        counter = page.locator("#unsynced-cells")
        assert counter.get_attribute("data-unsynced") == "0" and not counter.is_visible()

        context.set_offline(True)
        page.locator("#v-CT01").fill("")
        page.locator("#v-CT01").type("7")
        page.keyboard.press("Enter")
        page.keyboard.type("1.234")
        page.keyboard.press("Enter")
        page.locator('#unsynced-cells[data-unsynced="2"]').wait_for()
        assert "2 ô chưa gửi" in counter.inner_text() and counter.is_visible()
        assert _stored("CT01").count() == 0 and _stored("CT02").count() == 0

        page.reload()  # answered by the service worker's copy of the grid
        page.locator('#unsynced-cells[data-unsynced="2"]').wait_for()
        assert page.locator("#v-CT01").input_value() == "7"
        assert page.locator("#v-CT02").input_value() == "1.234"
        assert "unsynced" in page.locator("#v-CT02").get_attribute("class")
        page.screenshot(path=str(screenshot_dir / "phone-grid-offline.png"))

        context.set_offline(False)
        page.locator('#unsynced-cells[data-unsynced="0"]').wait_for(state="attached")
        page.locator('#row-CT01 [data-version="1"]').wait_for()
        page.locator('#row-CT02 [data-version="1"]').wait_for()
        assert not counter.is_visible()
        page.reload()
        assert page.locator("#v-CT02").input_value() == "1.234"
        assert page.locator('#unsynced-cells[data-unsynced="0"]').count() == 1
    finally:
        context.close()
    assert [v.value for v in _stored("CT01")] == [7]
    assert [v.value for v in _stored("CT02")] == [1234]
    assert _history("CT01").count() == 1 and _history("CT02").count() == 1


def test_a_value_typed_offline_and_changed_meanwhile_on_the_server_is_shown_side_by_side(
    demo, _chromium, live_server, browser_login
):
    context, page = _phone_with_worker(_chromium, live_server, browser_login)
    try:
        page.goto(f"{live_server.url}{GRID}")
        context.set_offline(True)
        page.locator("#v-CT01").fill("")
        page.locator("#v-CT01").type("9")
        page.keyboard.press("Enter")
        page.locator('#unsynced-cells[data-unsynced="1"]').wait_for()

        # meanwhile another officer of the commune saves the cell from an office computer
        other = _chromium.new_context(locale="vi-VN")
        office = other.new_page()
        browser_login(office, live_server, "doan.xa_that_khe")
        office.goto(f"{live_server.url}{GRID}")
        office.locator("#v-CT01").fill("5")
        office.keyboard.press("Enter")
        office.locator('#row-CT01 [data-version="1"]').wait_for()
        other.close()

        context.set_offline(False)
        conflict = page.locator("#row-CT01 [data-conflict]")
        conflict.wait_for()
        assert "Số đã lưu trên máy chủ: 5" in conflict.inner_text()
        assert "Số đồng chí đã nhập: 9" in conflict.inner_text()
        assert page.locator("#unsynced-cells").get_attribute("data-unsynced") == "0"
        assert [v.value for v in _stored("CT01")] == [5]

        conflict.get_by_role("button", name="Giữ số đã nhập").click()
        page.locator('#row-CT01 [data-version="2"]').wait_for()
        assert page.locator("#row-CT01 [data-conflict]").count() == 0
    finally:
        context.close()
    assert [v.value for v in _stored("CT01")] == [9]
    assert _history("CT01").count() == 2
