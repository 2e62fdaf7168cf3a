"""Upload, review (HTMX per item) and confirm pages; who may see them; bad input."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhdoan.ingest.models import DraftItem, IngestDraft
from tinhdoan.ingest.services import draft_ingest
from tinhdoan.meetings.models import Directive, SourceDocument
from tinhdoan.testing import demo_user

from .conftest import SEED, decide_all

HTML_MENU = (
    b"<html><head><title>Trang chu</title></head><body><nav><a href='/'>Trang chu</a>"
    b"<a href='/tin'>Tin tuc</a></nav></body></html>"
)


def _counts():
    return (SourceDocument.objects.count(), IngestDraft.objects.count(), DraftItem.objects.count())


def _upload(client, name: str, data: bytes):
    return client.post("/ingest/", {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def btv_client(demo, login):
    return login(demo_user("btv.tinhdoan"))


def test_upload_creates_the_draft_and_warns_that_the_demo_session_exists(btv_client):
    response = _upload(btv_client, "seed-article.txt", SEED.read_bytes())

    draft = IngestDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ingest/{draft.pk}/"
    page = btv_client.get(response["Location"])
    html = page.content.decode()
    assert "Đã có buổi làm việc được ghi từ văn bản này" in html
    assert 'id="existing-sessions"' in html


def test_review_page_marks_every_item_at_its_span_without_inline_scripts(btv_client):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()

    html = btv_client.get(f"/ingest/{draft.pk}/").content.decode()

    for item in draft.items.all():
        assert f'id="mark-{item.pk}"' in html
        assert f'id="item-{item.pk}"' in html
    mark = draft.items.get(kind="directive", number=1)
    found = re.search(rf'<mark id="mark-{mark.pk}"[^>]*>([^<]*)</mark>', html)
    assert found.group(1) == mark.extracted["text"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html


def test_uploading_the_same_file_again_redirects_to_its_draft(btv_client):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()
    before = _counts()

    response = _upload(btv_client, "ban-sao.txt", SEED.read_bytes())

    assert response["Location"] == f"/ingest/{draft.pk}/"
    assert _counts() == before


def test_accepting_an_edited_item_over_htmx_marks_it_edited(btv_client):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()
    item = draft.items.get(kind="topic", number=1)

    response = btv_client.post(
        f"/ingest/{draft.pk}/items/{item.pk}/",
        {
            f"item{item.pk}-decision": "accepted",
            f"item{item.pk}-text": "Hỗ trợ thanh niên lập nghiệp",
        },
        HTTP_HX_REQUEST="true",
    )

    item.refresh_from_db()
    assert response.status_code == 200
    assert (item.decision, item.fields["text"]) == ("edited", "Hỗ trợ thanh niên lập nghiệp")
    html = response.content.decode()
    assert f'id="item-{item.pk}"' in html
    assert 'id="confirm-panel" hx-swap-oob="true"' in html


def test_choosing_a_lead_for_the_department_group(btv_client):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()
    item = draft.items.get(kind="directive", number=6)
    from tinhdoan.org.models import Unit

    snv, sgd = Unit.objects.get(code="SNV-LS"), Unit.objects.get(code="SGDDT-LS")
    prefix = f"item{item.pk}"
    response = btv_client.post(
        f"/ingest/{draft.pk}/items/{item.pk}/",
        {
            f"{prefix}-decision": "accepted",
            f"{prefix}-text": item.fields["text"],
            f"{prefix}-unit": snv.pk,
            f"{prefix}-coordinators": [sgd.pk],
        },
        HTTP_HX_REQUEST="true",
    )

    item.refresh_from_db()
    assert response.status_code == 200
    assert (item.decision, item.unit, list(item.coordinators.all())) == ("accepted", snv, [sgd])


def test_accepting_the_department_group_without_a_lead_answers_422_and_keeps_it_waiting(
    btv_client,
):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()
    item = draft.items.get(kind="directive", number=6)
    prefix = f"item{item.pk}"

    response = btv_client.post(
        f"/ingest/{draft.pk}/items/{item.pk}/",
        {f"{prefix}-decision": "accepted", f"{prefix}-text": item.fields["text"]},
        HTTP_HX_REQUEST="true",
    )

    item.refresh_from_db()
    assert response.status_code == 422
    assert "hãy chọn đơn vị chủ trì" in response.content.decode()
    assert item.decision == "pending"


def test_the_department_group_with_no_single_lead_keeps_its_units(btv_client):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()
    item = draft.items.get(kind="directive", number=6)
    from tinhdoan.org.models import Unit

    snv, sgd = Unit.objects.get(code="SNV-LS"), Unit.objects.get(code="SGDDT-LS")
    prefix = f"item{item.pk}"

    response = btv_client.post(
        f"/ingest/{draft.pk}/items/{item.pk}/",
        {
            f"{prefix}-decision": "accepted",
            f"{prefix}-text": item.fields["text"],
            f"{prefix}-no_single_lead": "on",
            f"{prefix}-coordinators": [snv.pk, sgd.pk],
        },
        HTTP_HX_REQUEST="true",
    )

    item.refresh_from_db()
    assert response.status_code == 200
    assert (item.decision, item.unit, item.no_single_lead) == ("accepted", None, True)
    assert set(item.coordinators.all()) == {snv, sgd}


def test_accept_all_accepts_the_unflagged_items_and_says_how_many_wait(btv_client):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()

    response = btv_client.post(f"/ingest/{draft.pk}/accept-all/", follow=True)

    assert response.redirect_chain == [(f"/ingest/{draft.pk}/", 302)]
    html = response.content.decode()
    assert "còn 2 mục cần xem" in html
    assert html.count('data-flag="review"') == 2
    assert draft.items.filter(decision="pending").count() == 2


def test_confirming_a_session_already_recorded_asks_for_a_yes(btv_client):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()
    draft.issuer = draft.host_unit
    draft.save(update_fields=["issuer"])
    decide_all(draft, demo_user("btv.tinhdoan"), departments={6: ["SNV-LS"], 7: ["SGDDT-LS"]})
    before = Directive.objects.count()

    page = btv_client.get(f"/ingest/{draft.pk}/").content.decode()
    refused = btv_client.post(f"/ingest/{draft.pk}/confirm/")
    recorded = btv_client.post(f"/ingest/{draft.pk}/confirm/", {"duplicate_confirmed": "1"})

    assert 'id="duplicate-confirmed"' in page
    assert refused.status_code == 409
    assert "đã được ghi nhận" in refused.content.decode()
    assert recorded.status_code == 302
    assert Directive.objects.count() == before + 7


def test_confirm_with_an_unresolved_assignee_answers_422_and_writes_nothing(btv_client):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()
    before = Directive.objects.count()

    response = btv_client.post(f"/ingest/{draft.pk}/confirm/")

    assert response.status_code == 422
    assert "đang chờ quyết định" in response.content.decode()
    assert Directive.objects.count() == before


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("rong.txt", b"", 422, "Tệp rỗng"),
        ("du-lieu.txt", bytes(range(256)) * 8, 422, "không phải văn bản"),
        ("trang.html", HTML_MENU, 422, "không có nội dung bài viết"),
        ("bai.doc", b"abc", 422, "Không hỗ trợ loại tệp"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_written(
    btv_client, name, data, status, message
):
    before = _counts()

    response = _upload(btv_client, name, data)

    assert response.status_code == status
    assert message in response.content.decode()
    assert _counts() == before


def test_a_50_mb_file_is_refused_by_its_size(btv_client):
    before = _counts()

    response = _upload(btv_client, "lon.txt", b"a" * (50 * 1024 * 1024))

    assert response.status_code == 413
    assert "Tệp quá lớn" in response.content.decode()
    assert _counts() == before


def test_a_commune_officer_gets_404_on_every_ingest_page(demo, login, seed_bytes):
    admin = demo_user("tinhdoan.admin")
    draft = draft_ingest(actor=admin, file_name="seed-article.txt", data=seed_bytes).draft
    item = draft.items.first()
    client = login(demo_user("doan.xa_that_khe"))
    before = _counts()

    assert client.get("/ingest/").status_code == 404
    assert _upload(client, "seed-article.txt", seed_bytes).status_code == 404
    assert client.get(f"/ingest/{draft.pk}/").status_code == 404
    assert client.post(f"/ingest/{draft.pk}/session/", {"title": "x"}).status_code == 404
    url = f"/ingest/{draft.pk}/items/{item.pk}/"
    assert client.post(url, {f"item{item.pk}-decision": "rejected"}).status_code == 404
    assert client.post(f"/ingest/{draft.pk}/confirm/").status_code == 404
    assert client.post(f"/ingest/{draft.pk}/discard/").status_code == 404
    assert _counts() == before
    item.refresh_from_db()
    assert item.decision == "pending"
    assert "Đọc văn bản" not in client.get("/directives/").content.decode()


def test_a_department_liaison_gets_404_on_the_upload_page(demo, login):
    client = login(demo_user("so.gddt"))

    assert client.get("/ingest/").status_code == 404


def test_the_nav_offers_reading_documents_to_the_standing_committee(btv_client):
    html = btv_client.get("/ingest/").content.decode()

    assert 'href="/ingest/">Đọc văn bản</a>' in html


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/ingest/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_review_page_queries_do_not_grow_with_the_items(btv_client, django_assert_max_num_queries):
    _upload(btv_client, "seed-article.txt", SEED.read_bytes())
    draft = IngestDraft.objects.get()

    with django_assert_max_num_queries(30):
        response = btv_client.get(f"/ingest/{draft.pk}/")

    assert response.status_code == 200


def test_a_cross_site_upload_is_refused_and_does_not_use_up_the_upload_allowance(demo, settings):
    """The upload limit counts only posts that carry the user's CSRF token: another site's
    form posting here is refused 403 and leaves the user's allowance whole."""
    from django.test import Client

    settings.RATE_LIMITS = settings.RATE_LIMITS | {"upload": "1/m"}
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_user("btv.tinhdoan"))
    before = _counts()

    forged = _upload(client, "a.txt", SEED.read_bytes())
    assert forged.status_code == 403 and _counts() == before

    client.get("/ingest/")
    token = client.cookies["csrftoken"].value
    own = client.post(
        "/ingest/",
        {"file": SimpleUploadedFile("a.txt", SEED.read_bytes()), "csrfmiddlewaretoken": token},
    )
    assert own.status_code == 302 and IngestDraft.objects.count() == before[1] + 1
