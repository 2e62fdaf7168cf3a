import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_approver_expands_the_tree_and_opens_a_unit(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    page = browser_page
    browser_login(page, live_server, "btv.tinhdoan")
    page.goto(f"{live_server.url}/tree/?as_of=2026-01-01")
    root = page.locator('li.unit-node[data-code="TDLS"]')
    root.locator("summary").first.click()
    commune = page.locator('li.unit-node[data-code="TDLS-06040"]')
    commune.wait_for()
    assert page.locator("li.unit-node li.unit-node").count() >= 65
    page.screenshot(path=str(screenshot_dir / "home-tree.png"), full_page=False)
    commune.get_by_role("link", name="Đoàn xã Thất Khê").click()
    page.wait_for_url("**/units/TDLS-06040/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Đoàn xã Thất Khê"
    assert "Huyện đoàn Tràng Định" in page.locator("#lineage-title + ul").inner_text()
    page.screenshot(path=str(screenshot_dir / "unit-page.png"), full_page=True)


def test_tree_as_of_2018_shows_the_district_unions(demo, browser_page, live_server, browser_login):
    page = browser_page
    browser_login(page, live_server, "lanhdao.tinh")
    page.goto(f"{live_server.url}/tree/")
    page.get_by_label("Tại ngày").fill("2018-01-09")
    page.get_by_role("button", name="Xem").click()
    page.locator('li.unit-node[data-code="TDLS"] summary').first.click()
    page.locator('li.unit-node[data-code="TDLS-TRD"]').wait_for()
    assert page.locator('li.unit-node[data-code="TDLS-06040"]').count() == 0


def test_search_box_suggests_units_as_one_types(demo, browser_page, live_server, browser_login):
    page = browser_page
    browser_login(page, live_server, "lanhdao.tinh")
    page.get_by_label("Tìm đơn vị").fill("that khe")
    suggestion = page.locator("#nav-search-results").get_by_role("option").first
    suggestion.wait_for()
    assert "Đoàn xã Thất Khê" in suggestion.inner_text()


def test_commune_officer_on_a_phone_opens_the_menu_and_sees_their_work(
    demo, _chromium, live_server, browser_login, screenshot_dir
):
    context = _chromium.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        browser_login(page, live_server, "doan.xa_that_khe")
        page.screenshot(path=str(screenshot_dir / "phone-todo.png"))
        search = page.get_by_label("Tìm đơn vị")
        assert not search.is_visible()  # folded away behind the menu button
        page.get_by_role("button", name="Mở trình đơn").click()
        search.wait_for(state="visible")
        overdue = page.locator('#todo li[data-period="2026Q3"][data-unit="TDLS-06040"]')
        assert overdue.is_visible() and "Quá hạn" in overdue.inner_text()
        page.screenshot(path=str(screenshot_dir / "phone-home.png"))
        overdue.get_by_role("link").click()
        page.wait_for_url(f"{live_server.url}/programs/TDLS/2026/2026Q3/TDLS-06040/")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 1366])
def test_on_an_office_screen_every_menu_label_stays_on_one_line(
    demo, _chromium, live_server, browser_login, width
):
    """The approver's menu is the longest; on the common office widths it takes a second
    row rather than breaking a label such as "Nhiệm vụ được giao" over two lines."""
    context = _chromium.new_context(locale="vi-VN", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        browser_login(page, live_server, "btv.tinhdoan")
        links = page.locator("#nav-menu .navbar-nav .nav-link")
        assert links.count() >= 9
        line = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('#nav-menu .nav-link')).lineHeight)"
        )
        for index in range(links.count()):
            link = links.nth(index)
            box = link.bounding_box()
            padding = page.evaluate(
                "e => { const s = getComputedStyle(e);"
                " return parseFloat(s.paddingTop) + parseFloat(s.paddingBottom); }",
                link.element_handle(),
            )
            assert box["height"] - padding < 1.5 * line, link.inner_text()
        logout = page.get_by_role("button", name="Đăng xuất").bounding_box()
        assert logout["height"] < 2 * line
    finally:
        context.close()
