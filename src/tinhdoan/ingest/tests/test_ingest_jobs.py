"""A large document is read as a background job: 202 and the job from the API, the job page
from the upload page; the job, once done, points to the draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhdoan.ingest.models import IngestDraft
from tinhdoan.jobs.models import Job, JobStatus
from tinhdoan.meetings.models import SourceDocument
from tinhdoan.testing import demo_user, jobs_run_queued

from .conftest import SEED


@pytest.fixture(autouse=True)
def _article_is_large(settings):
    settings.TINHDOAN_FILE_LIMITS = {"job_ingest_paragraphs": 5}


def test_the_api_answers_202_with_the_job_which_ends_pointing_to_the_draft(
    demo, login, client, django_capture_on_commit_callbacks
):
    btv = login(demo_user("btv.tinhdoan"))
    with django_capture_on_commit_callbacks(execute=True):
        response = btv.post(
            "/api/v1/ingest", {"file": SimpleUploadedFile("bai.txt", SEED.read_bytes())}
        )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued" and body["url"] == f"/jobs/{body['id']}/"
    assert (SourceDocument.objects.count(), IngestDraft.objects.count()) == (1, 0)  # the demo's

    assert jobs_run_queued() == 1

    job = btv.get(f"/api/v1/jobs/{body['id']}").json()
    draft = IngestDraft.objects.get()
    assert job["status"] == "succeeded" and job["result_url"] == f"/ingest/{draft.pk}/"
    assert (job["done"], job["total"]) == (2, 2)

    client.logout()
    other = login(demo_user("doan.xa_that_khe"))
    assert other.get(f"/api/v1/jobs/{body['id']}").status_code == 404
    assert other.get(f"/jobs/{body['id']}/").status_code == 404


def test_the_upload_page_sends_a_large_document_to_its_job_page(
    demo, login, django_capture_on_commit_callbacks
):
    btv = login(demo_user("btv.tinhdoan"))
    with django_capture_on_commit_callbacks(execute=True):
        response = btv.post("/ingest/", {"file": SimpleUploadedFile("bai.txt", SEED.read_bytes())})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    page = btv.get(response["Location"]).content.decode()
    assert "Đang chờ" in page and 'hx-trigger="every 2s"' in page and "Đọc văn bản lớn" not in page
    jobs_run_queued()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert "Mở bản nháp" in btv.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()


def test_a_user_who_may_not_read_documents_gets_no_job(demo, login):
    officer = login(demo_user("doan.xa_that_khe"))
    response = officer.post(
        "/api/v1/ingest", {"file": SimpleUploadedFile("bai.txt", SEED.read_bytes())}
    )
    assert response.status_code == 404  # reading documents is not theirs: answered as absent
    assert Job.objects.count() == 0


def test_a_large_file_of_a_kind_that_cannot_be_read_gets_422_and_no_job(demo, login):
    btv = login(demo_user("btv.tinhdoan"))
    response = btv.post("/api/v1/ingest", {"file": SimpleUploadedFile("cu.doc", b"x\n" * 50)})
    assert (
        response.status_code == 422 and "hãy lưu lại dưới dạng .docx" in response.json()["detail"]
    )
    assert Job.objects.count() == 0
