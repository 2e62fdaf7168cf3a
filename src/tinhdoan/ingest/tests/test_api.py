"""POST /api/v1/ingest and the draft endpoints."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhdoan.ingest.models import DraftItem, IngestDraft
from tinhdoan.meetings.models import Directive, SourceDocument
from tinhdoan.testing import demo_user

from .conftest import SEED, decide_all


def _counts():
    return (SourceDocument.objects.count(), IngestDraft.objects.count(), DraftItem.objects.count())


def _post(client, name, data):
    return client.post("/api/v1/ingest", {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def btv_client(demo, login):
    return login(demo_user("btv.tinhdoan"))


def test_first_upload_answers_201_and_the_same_file_200_with_the_same_draft(btv_client):
    first = _post(btv_client, "seed-article.txt", SEED.read_bytes())
    second = _post(btv_client, "seed-article.txt", SEED.read_bytes())

    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"] == IngestDraft.objects.get().pk
    body = first.json()
    assert sum(i["kind"] == "directive" for i in body["items"]) == 7
    assert body["host_unit"] == "TDLS"
    assert len(body["existing_session_ids"]) == 1


def test_draft_detail_and_confirm(btv_client):
    draft_id = _post(btv_client, "seed-article.txt", SEED.read_bytes()).json()["id"]
    draft = IngestDraft.objects.get(pk=draft_id)
    draft.issuer = draft.host_unit
    draft.save(update_fields=["issuer"])
    decide_all(draft, demo_user("btv.tinhdoan"), departments={6: ["SNV-LS"], 7: ["SGDDT-LS"]})

    duplicate = btv_client.post(f"/api/v1/ingest/{draft_id}/confirm")
    confirmed = btv_client.post(f"/api/v1/ingest/{draft_id}/confirm?duplicate_confirmed=true")
    again = btv_client.post(f"/api/v1/ingest/{draft_id}/confirm?duplicate_confirmed=true")

    assert duplicate.status_code == 409
    assert "đã được ghi nhận" in duplicate.json()["detail"]
    assert confirmed.status_code == 200
    assert len(confirmed.json()["directive_ids"]) == 7
    assert again.status_code == 409
    assert "đã được xác nhận" in again.json()["detail"]
    assert btv_client.get(f"/api/v1/ingest/{draft_id}").json()["status"] == "confirmed"


def test_confirm_with_an_unresolved_assignee_answers_422(btv_client):
    draft_id = _post(btv_client, "seed-article.txt", SEED.read_bytes()).json()["id"]
    before = Directive.objects.count()

    response = btv_client.post(f"/api/v1/ingest/{draft_id}/confirm")

    assert response.status_code == 422
    assert "chờ quyết định" in response.json()["detail"]
    assert Directive.objects.count() == before


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("rong.txt", b"", 422, "Tệp rỗng"),
        ("du-lieu.txt", bytes(range(256)) * 8, 422, "không phải văn bản"),
        ("lon.txt", b"a" * (50 * 1024 * 1024), 413, "Tệp quá lớn"),
    ],
)
def test_bad_files_are_refused(btv_client, name, data, status, message):
    before = _counts()

    response = _post(btv_client, name, data)

    assert response.status_code == status
    assert message in response.json()["detail"]
    assert _counts() == before


def test_a_commune_officer_gets_404(demo, login):
    client = login(demo_user("doan.xa_that_khe"))
    admin = demo_user("tinhdoan.admin")
    from tinhdoan.ingest.services import draft_ingest

    draft = draft_ingest(actor=admin, file_name="a.txt", data=SEED.read_bytes()).draft
    before = _counts()

    assert _post(client, "seed-article.txt", SEED.read_bytes()).status_code == 404
    assert client.get(f"/api/v1/ingest/{draft.pk}").status_code == 404
    assert client.post(f"/api/v1/ingest/{draft.pk}/confirm").status_code == 404
    assert _counts() == before
