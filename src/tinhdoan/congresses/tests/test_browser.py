import pytest

from tinhdoan.accounts.models import Membership
from tinhdoan.congresses.models import Congress, CongressCampaign
from tinhdoan.congresses.selectors import campaign_progress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_records_a_held_congress_and_the_campaign_progress_moves(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    from django.utils import timezone

    campaign = CongressCampaign.objects.get(top_unit__code="TDLS", term_start=2027)
    progress = campaign_progress(campaign=campaign, today=timezone.localdate())
    held_before = progress.levels[0].held
    unit = next(u for _level, u in progress.missing_units if u.kind == "commune_union")
    officer = Membership.objects.get(unit=unit, role="officer").user
    congress = Congress.objects.get(unit=unit, term_start=2027)
    today = timezone.localdate()

    page = browser_page
    browser_login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/congresses/units/{unit.code}/")
    page.get_by_role("link", name="lần thứ I").click()
    page.get_by_label("Ngày tổ chức").fill(today.isoformat())
    page.get_by_label("Số đại biểu có mặt").fill("75")
    page.get_by_role("button", name="Ghi nhận đã tổ chức").click()
    page.locator("#held-on").filter(has_text=today.strftime("%d/%m/%Y")).wait_for()
    page.screenshot(path=str(screenshot_dir / "congress-held.png"), full_page=True)
    congress.refresh_from_db()
    assert congress.held_on == today and congress.delegates_present == 75

    page.context.clear_cookies()
    browser_login(page, live_server, "btv.tinhdoan")
    page.goto(f"{live_server.url}/congresses/campaigns/TDLS/2027-2032/")
    held_cell = page.locator('#progress-table tr[data-depth="1"] [data-field="held"]')
    assert held_cell.inner_text() == str(held_before + 1)
    assert unit.name not in page.locator("#missing-units").inner_text()
    page.screenshot(path=str(screenshot_dir / "campaign-progress.png"), full_page=True)
