"""The provincial office records a working session in Chromium: searchable pickers (typed
without diacritics), units and titles as on the session's date, the session saved."""

import pytest

from tinhdoan.meetings.models import WorkingSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_records_a_session_with_searchable_pickers(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    page = browser_page
    browser_login(page, live_server, "vp.ubnd")
    page.goto(f"{live_server.url}/sessions/new/")
    page.get_by_label("Tiêu đề").fill("Lãnh đạo tỉnh làm việc với Đoàn xã Thất Khê")
    # The pickers follow the date: on 09/01/2018 the district unions exist, the communes not.
    page.get_by_label("Ngày giờ").fill("2018-01-09T08:00")
    page.locator("#session-pickers-note", has_text="09/01/2018").wait_for()
    host = page.get_by_role("group", name="Đơn vị được làm việc", exact=True)
    assert host.get_by_label("Huyện đoàn Tràng Định (TDLS-TRD)").count() == 1
    assert host.get_by_label("Đoàn xã Thất Khê (TDLS-06040)").count() == 0

    chairs = page.get_by_role("group", name="Lãnh đạo chủ trì", exact=True)
    chairs.get_by_role("searchbox").fill("pham ngoc")
    chair = chairs.get_by_label("Phạm Ngọc Thưởng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh")
    chair.check()

    # On a date after the reform the communes are offered, the district unions are not.
    page.get_by_label("Ngày giờ").fill("2026-03-02T08:00")
    page.locator("#session-pickers-note", has_text="02/03/2026").wait_for()
    host = page.get_by_role("group", name="Đơn vị được làm việc", exact=True)
    assert host.get_by_label("Huyện đoàn Tràng Định (TDLS-TRD)").count() == 0
    search = host.get_by_role("searchbox")
    search.fill("that khe")
    search.press("Enter")  # filters; never sends the form
    visible = host.locator("[data-picker-option]:visible")
    assert visible.all_inner_texts() == ["Đoàn xã Thất Khê (TDLS-06040)"]
    assert "Đang hiện 1 trên" in host.locator("[data-picker-status]").inner_text()
    host.get_by_label("Đoàn xã Thất Khê (TDLS-06040)").check()
    search.fill("")
    assert host.locator("[data-picker-option]:visible").count() > 60

    units = page.get_by_role("group", name="Đơn vị tham dự", exact=True)
    units.get_by_role("searchbox").fill("Sở Giáo")  # with diacritics: they must match
    units.get_by_label("Sở Giáo dục và Đào tạo (SGDDT-LS)").check()
    units.get_by_role("searchbox").fill("thất khê")
    units.get_by_label("Đoàn xã Thất Khê (TDLS-06040)").check()
    assert "Sở Giáo dục và Đào tạo" in units.locator("[data-picker-status]").inner_text()
    page.screenshot(path=str(screenshot_dir / "session-pickers.png"), full_page=True)

    chairs = page.get_by_role("group", name="Lãnh đạo chủ trì", exact=True)
    # Phạm Ngọc Thưởng held no position in 2026: the form says so instead of printing none.
    page.get_by_role("button", name="Lưu").click()
    assert "không giữ chức vụ nào" in chairs.inner_text()
    assert WorkingSession.objects.filter(title__contains="Thất Khê").count() == 0
    chairs.get_by_label("Phạm Ngọc Thưởng — không giữ chức vụ nào ngày 02/03/2026").uncheck()
    chairs.get_by_role("searchbox").fill("nong minh")
    chairs.get_by_label("Nông Minh Tuấn, Bí thư Tỉnh đoàn").check()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/sessions/*/")
    session = WorkingSession.objects.get(title__contains="Thất Khê")
    assert session.host_unit.code == "TDLS-06040"
    assert session.issuer.code == "UBND-LS"
    assert {u.code for u in session.participant_units.all()} == {"SGDDT-LS", "TDLS-06040"}
    assert [c.person.full_name for c in session.chair_links.all()] == ["Nông Minh Tuấn"]
