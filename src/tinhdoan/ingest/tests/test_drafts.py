"""From a document to a reviewed draft to records, through the service, the command and the API."""

import io

import pytest
from django.core.management import CommandError, call_command

from tinhdoan.ingest.models import (
    Achievement,
    DraftConflict,
    DraftError,
    DraftItem,
    IngestDraft,
    SourceSpan,
)
from tinhdoan.ingest.selectors import provenance_of
from tinhdoan.ingest.services import (
    draft_accept_unflagged,
    draft_confirm,
    draft_ingest,
    draft_item_decide,
    draft_update,
)
from tinhdoan.meetings.models import Directive, Recommendation, SourceDocument, WorkingSession
from tinhdoan.org.models import Unit
from tinhdoan.testing import demo_user

from .conftest import SEED, decide_all

DEPARTMENTS = {6: ["SNV-LS", "SGDDT-LS", "STC-LS"], 7: ["SGDDT-LS", "SVHTTDL-LS"]}


def _counts():
    return (
        SourceDocument.objects.count(),
        IngestDraft.objects.count(),
        DraftItem.objects.count(),
        WorkingSession.objects.count(),
        Directive.objects.count(),
    )


@pytest.fixture
def btv(demo):
    return demo_user("btv.tinhdoan")


@pytest.fixture
def draft(btv, seed_bytes):
    return draft_ingest(actor=btv, file_name="seed-article.txt", data=seed_bytes).draft


def _issued_by_the_standing_committee(btv, draft) -> None:
    """The standing committee (TDLS) records the session as its own body."""
    draft_update(
        actor=btv,
        draft=draft,
        title=draft.title,
        meeting_date=draft.meeting_date,
        host_unit=draft.host_unit,
        issuer=Unit.objects.get(code="TDLS"),
    )


def test_seed_draft_resolves_the_host_and_leaves_the_department_group_to_the_reviewer(draft):
    directives = list(draft.items.filter(kind="directive"))

    assert draft.host_unit.code == "TDLS"
    assert draft.issuer.code == "UBND-LS"  # the chairman's body on the meeting date
    assert [d.unit.code for d in directives[:5]] == ["TDLS"] * 5
    assert [(d.is_group, d.unit) for d in directives[5:]] == [(True, None), (True, None)]
    assert draft.items.get(kind="leader").person.full_name == "Phạm Ngọc Thưởng"
    congress_units = [c.unit.code if c.unit else None for c in draft.items.filter(kind="congress")]
    assert congress_units == [None, "TDLS", None, "HSV-LS"]


def test_item_spans_point_at_their_text_in_the_draft(draft):
    for item in draft.items.exclude(kind="leader"):
        assert draft.text[item.span_start : item.span_end] == item.extracted["text"]


def test_the_demo_document_is_reused_by_content_hash(draft):
    assert draft.document.sessions.count() == 1  # the meetings demo recorded it by hand
    assert SourceDocument.objects.filter(content_hash=draft.document.content_hash).count() == 1


def test_reading_the_same_file_again_gives_the_existing_draft(btv, draft, seed_bytes):
    before = _counts()

    again = draft_ingest(actor=btv, file_name="copy.txt", data=seed_bytes)

    assert (again.created, again.draft.pk) == (False, draft.pk)
    assert _counts() == before


def test_confirm_creates_seven_directives_each_linked_to_its_span(btv, draft):
    _issued_by_the_standing_committee(btv, draft)
    decide_all(draft, btv, departments=DEPARTMENTS)

    session = draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)

    directives = list(session.directives.order_by("number"))
    assert len(directives) == 7
    assert directives[5].lead.code == "SNV-LS"
    assert {u.code for u in directives[5].coordinators.all()} == {"SGDDT-LS", "STC-LS"}
    assert all(d.ongoing and d.source_document == draft.document for d in directives)
    text = draft.document.text
    for directive in directives:
        (span,) = provenance_of(directive)
        assert text[span.start : span.end].lower() == directive.content.lower()
    assert [a.done for a in Achievement.objects.filter(session=session)] == [5, 4, 11]
    recommendation = Recommendation.objects.get(session=session)
    assert (recommendation.raised_by.code, recommendation.addressee.code) == ("TDLS", "UBND-LS")
    assert session.topics[0].startswith("hỗ trợ, tuyên truyền")
    draft.refresh_from_db()
    assert (draft.status, draft.session) == ("confirmed", session)


def test_confirm_keeps_the_conclusion_and_the_strengths_and_limitations(btv, draft):
    _issued_by_the_standing_committee(btv, draft)
    decide_all(draft, btv, departments=DEPARTMENTS)

    session = draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)

    assert session.conclusion.startswith("Kết luận buổi làm việc, đồng chí Chủ tịch UBND tỉnh")
    assert session.conclusion.endswith("xem xét, giải quyết.")
    assert "những ưu điểm, những hạn chế" in session.strengths
    assert "những ưu điểm, những hạn chế" in session.limitations


def test_confirm_records_the_named_congresses_and_keeps_the_campaigns_as_items(btv, draft):
    from tinhdoan.congresses.models import Congress

    draft_update(
        actor=btv,
        draft=draft,
        title=draft.title,
        meeting_date=draft.meeting_date,
        host_unit=draft.host_unit,
        issuer=draft.host_unit,
    )
    decide_all(draft, btv, departments=DEPARTMENTS)

    draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)

    recorded = {(c.unit.code, c.ordinal, c.term_start) for c in Congress.objects.all()}
    assert {("TDLS", 13, 2017), ("HSV-LS", 2, 2017)} <= recorded
    linked = SourceSpan.objects.filter(item__kind="congress").count()
    assert linked == 2  # "đại hội đoàn các cấp" and the students' one stay draft items


def test_confirming_a_session_already_recorded_needs_a_yes_and_writes_nothing_without(btv, draft):
    _issued_by_the_standing_committee(btv, draft)
    decide_all(draft, btv, departments=DEPARTMENTS)
    before = _counts()

    with pytest.raises(DraftConflict, match="Lãnh đạo tỉnh làm việc với Tỉnh đoàn Lạng Sơn"):
        draft_confirm(actor=btv, draft=draft)

    assert _counts() == before
    draft.refresh_from_db()
    assert draft.status == "draft"
    session = draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)
    assert WorkingSession.objects.filter(pk=session.pk).exists()


def test_accepting_a_group_directive_without_a_lead_is_refused_and_changes_nothing(btv, draft):
    group = draft.items.get(kind="directive", number=6)

    with pytest.raises(
        DraftError, match="Nhiệm vụ 6 được giao cho một nhóm|Directive 6 goes to a group"
    ):
        draft_item_decide(actor=btv, item=group, decision="accepted")

    group.refresh_from_db()
    assert (group.decision, group.unit, group.no_single_lead) == ("pending", None, False)


def test_no_single_lead_needs_its_units(btv, draft):
    group = draft.items.get(kind="directive", number=6)

    with pytest.raises(DraftError, match="đơn vị|units"):
        draft_item_decide(actor=btv, item=group, decision="accepted", no_single_lead=True)

    group.refresh_from_db()
    assert group.decision == "pending"


def test_a_directive_with_no_single_lead_becomes_one_directive_per_unit(btv, draft):
    _issued_by_the_standing_committee(btv, draft)
    units = list(Unit.objects.filter(code__in=["SNV-LS", "STC-LS"]).order_by("code"))
    group = draft.items.get(kind="directive", number=6)
    draft_item_decide(
        actor=btv, item=group, decision="accepted", coordinators=units, no_single_lead=True
    )
    decide_all(draft, btv, departments={7: ["SGDDT-LS"]})

    session = draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)

    directives = list(session.directives.order_by("number"))
    assert len(directives) == 8
    split = [d for d in directives if d.content.startswith("Cần lưu ý đến mục tiêu")]
    assert sorted(d.lead.code for d in split) == ["SNV-LS", "STC-LS"]
    assert all(not d.coordinators.exists() for d in split)


def test_accept_all_leaves_the_group_directives_without_a_lead_to_the_reviewer(btv, draft):
    accepted = draft_accept_unflagged(actor=btv, draft=draft)

    waiting = draft.items.filter(decision="pending")
    assert [(i.kind, i.number) for i in waiting] == [("directive", 6), ("directive", 7)]
    assert all(i.is_group and i.unit is None for i in waiting)
    assert len(accepted) == draft.items.count() - 2
    assert all(i.decision == "accepted" and i.decided_by == btv for i in accepted)


def test_accept_all_leaves_an_item_read_with_little_confidence(btv, draft):
    unsure = draft.items.get(kind="leader", number=1)
    unsure.confidence = 0.6
    unsure.save(update_fields=["confidence"])

    draft_accept_unflagged(actor=btv, draft=draft)

    unsure.refresh_from_db()
    assert unsure.decision == "pending"
    assert unsure.needs_review


def test_the_extractors_confidence_is_kept_on_each_item(draft):
    directives = draft.items.filter(kind="directive")

    assert {i.confidence for i in directives} == {0.9}
    assert draft.items.get(kind="achievement", number=1).confidence == 1.0


def test_accept_all_on_a_confirmed_draft_is_refused_and_changes_nothing(btv, draft):
    _issued_by_the_standing_committee(btv, draft)
    decide_all(draft, btv, departments=DEPARTMENTS)
    draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)
    before = list(draft.items.values_list("pk", "decision", "decided_at"))

    with pytest.raises(DraftConflict, match="đã được xác nhận|already been confirmed"):
        draft_accept_unflagged(actor=btv, draft=draft)

    assert list(draft.items.values_list("pk", "decision", "decided_at")) == before


def test_confirm_with_an_unresolved_assignee_is_refused_and_writes_nothing(btv, draft):
    draft_update(
        actor=btv,
        draft=draft,
        title=draft.title,
        meeting_date=draft.meeting_date,
        host_unit=draft.host_unit,
        issuer=draft.host_unit,
    )
    # Directives 6 and 7 name units the reader could not resolve.
    draft.items.filter(kind="directive", number__in=[6, 7]).update(is_group=False)
    decide_all(draft, btv)
    before = _counts()

    with pytest.raises(DraftError, match="Nhiệm vụ được giao 6"):
        draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)

    assert _counts() == before
    assert SourceSpan.objects.count() == 0
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_confirming_twice_is_refused(btv, draft):
    draft_update(
        actor=btv,
        draft=draft,
        title=draft.title,
        meeting_date=draft.meeting_date,
        host_unit=draft.host_unit,
        issuer=draft.host_unit,
    )
    decide_all(draft, btv, departments=DEPARTMENTS)
    draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)
    before = _counts()

    with pytest.raises(DraftConflict, match="đã được xác nhận"):
        draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)

    assert _counts() == before


def test_an_approver_cannot_confirm_on_behalf_of_the_peoples_committee(btv, draft):
    decide_all(draft, btv, departments=DEPARTMENTS)  # issuer stays UBND-LS
    before = _counts()

    with pytest.raises(DraftError, match="UBND tỉnh Lạng Sơn"):
        draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)

    assert _counts() == before


def test_leadership_confirms_on_behalf_of_the_peoples_committee(demo, seed_bytes):
    leader = demo_user("lanhdao.tinh")
    draft = draft_ingest(actor=leader, file_name="seed-article.txt", data=seed_bytes).draft
    decide_all(draft, leader, departments=DEPARTMENTS)

    session = draft_confirm(actor=leader, draft=draft, duplicate_confirmed=True)

    assert session.issuer.code == "UBND-LS"
    assert session.directives.count() == 7


def _command(*args) -> str:
    out = io.StringIO()
    call_command("ingest", *args, stdout=out)
    return out.getvalue()


def test_command_without_json_stores_a_draft_and_then_offers_it(demo):
    first = _command(str(SEED), "--user", "btv.tinhdoan", "--unit", "TDLS")
    before = _counts()
    second = _command(str(SEED))

    draft = IngestDraft.objects.get()
    assert f"bản nháp số {draft.pk}" in first and "/ingest/" in first
    assert "đã có buổi làm việc từ văn bản này" in first
    assert f"Văn bản này đã được đọc: bản nháp số {draft.pk} (nháp)" in second
    assert _counts() == before
    assert draft.created_by.username == "btv.tinhdoan"


def test_command_refuses_an_unknown_user_and_writes_nothing(demo):
    before = _counts()

    with pytest.raises(CommandError, match="Không có người dùng"):
        _command(str(SEED), "--user", "khong.co")

    assert _counts() == before


def test_command_refuses_a_commune_officer(demo):
    before = _counts()

    with pytest.raises(CommandError, match="không được đọc văn bản"):
        _command(str(SEED), "--user", "doan.xa_that_khe")

    assert _counts() == before


def test_command_refuses_an_empty_file_and_writes_nothing(db, tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match="Tệp rỗng"):
        _command(str(path))

    assert (SourceDocument.objects.count(), IngestDraft.objects.count()) == (0, 0)


def test_a_session_read_from_an_article_keeps_its_day_and_no_invented_hour(btv, draft, client):
    _issued_by_the_standing_committee(btv, draft)
    decide_all(draft, btv, departments=DEPARTMENTS)

    session = draft_confirm(actor=btv, draft=draft, duplicate_confirmed=True)

    assert session.time_known is False
    assert session.day.isoformat() == "2018-01-09"
    client.force_login(btv)
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "Ngày 09/01/2018" in page and "00:00" not in page and "08:00" not in page
    detail = client.get(f"/api/v1/sessions/{session.pk}").json()
    assert detail["time_known"] is False
