"""A reviewer takes the seed article from upload to seven confirmed directives."""

import pytest

from tinhdoan.ingest.models import IngestDraft
from tinhdoan.meetings.models import Directive

from .conftest import SEED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The departments the reviewer picks for "các sở, ban, ngành": the lead first.
DEPARTMENTS = {6: ["Sở Nội vụ", "Sở Giáo dục và Đào tạo"], 7: ["Sở Giáo dục và Đào tạo"]}


def test_reviewer_confirms_the_seed_into_seven_directives(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    page = browser_page
    browser_login(page, live_server, "btv.tinhdoan")
    page.get_by_role("link", name="Đọc văn bản").click()
    page.get_by_label("Tệp").set_input_files(str(SEED))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/ingest/*/")
    draft = IngestDraft.objects.get()
    # The demo recorded the same article by hand: the page says so.
    assert (
        "Đã có buổi làm việc được ghi từ văn bản này"
        in page.locator("#existing-sessions").inner_text()
    )
    assert page.locator("#ingest-text mark").count() >= 21

    # The standing committee records the session as its own body.
    form = page.locator("#draft-form")
    form.get_by_label("Cơ quan giao nhiệm vụ").select_option(label="Tỉnh đoàn Lạng Sơn")
    form.get_by_role("button", name="Lưu").click()
    page.locator("#issuer-warning").wait_for(state="detached")

    for item in draft.items.order_by("kind", "number"):
        card = page.locator(f"#item-{item.pk}")
        if item.kind == "directive" and item.number in DEPARTMENTS:
            lead, *others = DEPARTMENTS[item.number]
            card.get_by_label("Đơn vị chủ trì").select_option(label=lead)
            for name in others:
                card.get_by_label(name).check()
        card.get_by_role("button", name="Chấp thuận").click()
        page.locator(f'#item-{item.pk} .decision-badge[data-decision="accepted"]').wait_for()

    page.locator("#confirm-ready").wait_for()
    page.set_viewport_size({"width": 1440, "height": 1300})
    group_item = draft.items.get(kind="directive", number=6)
    page.goto(f"{live_server.url}/ingest/{draft.pk}/#item-{group_item.pk}")
    page.screenshot(path=str(screenshot_dir / "ingest-review.png"))
    # The demo holds this session already: recording it again needs an explicit yes.
    page.locator("#duplicate-confirmed").check()
    page.get_by_role("button", name="Xác nhận và ghi vào hệ thống").click()
    page.wait_for_url(f"**/ingest/{draft.pk}/")

    assert page.locator("#created-directives li").count() == 7
    draft.refresh_from_db()
    assert draft.status == "confirmed"
    assert Directive.objects.filter(session=draft.session).count() == 7
    assert set(
        Directive.objects.filter(session=draft.session, number__in=[6, 7]).values_list(
            "lead__code", flat=True
        )
    ) == {"SNV-LS", "SGDDT-LS"}
    page.get_by_role("link", name="mở buổi làm việc").click()
    assert page.locator("#s-directives").count() == 1
