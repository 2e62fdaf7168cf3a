"""Large files of values go to a background job; every import checks before it locks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhdoan.jobs.models import Job, JobStatus
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import ReportingPeriod
from tinhdoan.programs.tests.factories import GRID, make_world
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.rollup import saving
from tinhdoan.testing import jobs_run_queued, make_user

pytestmark = pytest.mark.django_db

GOOD = b"unit_code,target_code,period_code,value,comment\nP-A,CT01,2026,40,\nP-A,CT02,2026,500,\n"
BAD = b"unit_code,target_code,period_code,value,comment\nP-A,CT01,2026,abc,\nP-A,CT02,2026,5,\n"


@pytest.fixture
def world(settings):
    settings.TINHDOAN_FILE_LIMITS = {"job_values_rows": 1}  # these files of 3 lines are large
    return make_world()


def upload(client, data: bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"{GRID}upload/", {"file": SimpleUploadedFile("lon.csv", data)})


def test_a_large_file_becomes_a_job_that_imports_it_and_links_to_the_grid(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.officer_a)
    response = upload(client, GOOD, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.unit, DataValue.objects.count()) == ("queued", world.commune_a, 0)

    assert jobs_run_queued() == 1

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and (job.done, job.total) == (3, 3)
    assert DataValue.objects.count() == 2 and not job.input_file
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Hoàn thành" in html and "2 số liệu mới" in html and f'href="{GRID}"' in html
    assert "every 2s" not in html  # finished: the page stops polling


def test_a_large_file_with_errors_fails_its_job_with_them_and_writes_nothing(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.officer_a)
    upload(client, BAD, django_capture_on_commit_callbacks)
    jobs_run_queued()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and "không phải là số" in " ".join(job.errors)
    assert (DataValue.objects.count(), ValueChange.objects.count()) == (0, 0)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Thất bại" in html and "không phải là số" in html


def test_a_refused_file_never_opens_the_write_transaction(world, monkeypatch):
    monkeypatch.setattr(saving, "_values_save_checked", pytest.fail)
    with pytest.raises(ProgramsError):
        saving.values_import_file(
            user=world.officer_a, program=world.program, filename="a.csv", data=BAD
        )


def test_a_period_closed_between_the_checks_and_the_write_refuses_the_file(world):
    def close_period(done, stage):
        if done == 2:  # checked, not yet written: someone closes the period meanwhile
            ReportingPeriod.objects.filter(program=world.program).update(is_open=False)

    with pytest.raises(ProgramsError, match="đã khóa|closed|đã đóng"):
        saving.values_import_file(
            user=world.officer_a,
            program=world.program,
            filename="a.csv",
            data=GOOD,
            progress=close_period,
        )
    assert DataValue.objects.count() == 0


def test_a_large_file_with_no_table_is_refused_at_once_without_a_job(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{GRID}upload/", {"file": SimpleUploadedFile("lon.csv", b" \n" * 10)}
        )
    assert response.status_code == 422
    assert "Tệp trống" in response.content.decode()
    assert (Job.objects.count(), DataValue.objects.count()) == (0, 0)


def test_the_job_api_answers_404_for_no_such_job_and_422_for_a_bad_id(world, login):
    client = login(world.officer_a)
    assert client.get("/api/v1/jobs/987654").status_code == 404
    response = client.get("/api/v1/jobs/abc")
    assert response.status_code == 422 and response.json()["kind"] == "invalid"


def test_an_administrator_sees_anyones_job_and_another_officer_does_not(
    world, login, client, django_capture_on_commit_callbacks
):
    upload(login(world.officer_a), GOOD, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    client.logout()
    assert login(world.officer_b).get(f"/jobs/{job.pk}/").status_code == 404
    client.logout()
    assert login(make_user("quan_tri", role="admin")).get(f"/jobs/{job.pk}/").status_code == 200


def test_rights_withdrawn_between_the_checks_and_the_write_refuse_the_file(world):
    def withdraw(done, stage):
        if done == 2:
            world.officer_a.memberships.all().delete()

    with pytest.raises(ProgramsError, match="P-A"):
        saving.values_import_file(
            user=world.officer_a,
            program=world.program,
            filename="a.csv",
            data=GOOD,
            progress=withdraw,
        )
    assert DataValue.objects.count() == 0
