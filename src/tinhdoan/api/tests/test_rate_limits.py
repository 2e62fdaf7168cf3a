"""Rate limits on the API: one caller over a limit is refused 429 with Retry-After, in the
API's one error format, writing nothing; the others go on being answered."""

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tinhdoan.accounts.models import ApiToken
from tinhdoan.accounts.services import token_create
from tinhdoan.ingest.models import IngestDraft
from tinhdoan.ingest.tests.conftest import SEED
from tinhdoan.meetings.models import SourceDocument
from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db

REPORT = "/api/v1/results/TDLS-06040/2026/report"


def bearer(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})


def assert_refused_for_rate(response, words: str) -> int:
    """A 429 in the one error format, its wait in Retry-After; the seconds to wait."""
    assert response.status_code == 429
    body = response.json()
    assert body["kind"] == "too_many_requests"
    assert body["detail"].startswith(words)
    assert body["errors"] == [{"msg": body["detail"], "loc": [], "type": "too_many_requests"}]
    seconds = int(response["Retry-After"])
    assert f"{seconds} giây" in body["detail"]
    return seconds


@pytest.fixture
def few_reports(settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"report": "3/m"}


def test_one_token_firing_report_generations_is_refused_while_another_user_reads(demo, few_reports):
    commune = bearer(demo_user("doan.xa_that_khe"))
    for _ in range(3):
        assert commune.get(REPORT, {"format": "json"}).status_code == 200

    refused = commune.get(REPORT, {"format": "json"})

    seconds = assert_refused_for_rate(refused, "Quá nhiều báo cáo được tạo")
    assert 1 <= seconds <= 60
    province = bearer(demo_user("btv.tinhdoan"))
    assert province.get("/api/v1/units/TDLS").status_code == 200
    report = province.get("/api/v1/results/TDLS/2017/report", {"format": "json"})
    assert report.status_code == 200


def test_each_token_of_a_user_is_counted_apart(demo, few_reports):
    officer = demo_user("doan.xa_that_khe")
    first, second = bearer(officer), bearer(officer)
    for _ in range(3):
        first.get(REPORT, {"format": "json"})
    assert first.get(REPORT, {"format": "json"}).status_code == 429

    assert second.get(REPORT, {"format": "json"}).status_code == 200


def test_the_report_limit_leaves_other_reads_of_the_same_token_answered(demo, few_reports):
    commune = bearer(demo_user("doan.xa_that_khe"))
    for _ in range(4):
        commune.get(REPORT, {"format": "json"})

    assert commune.get("/api/v1/results/TDLS-06040/2026").status_code == 200


def test_a_write_over_the_api_limit_writes_nothing(settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"api": "2/m"}
    world = make_world()
    client = bearer(world.officer_a)
    for _ in range(2):
        assert client.get("/api/v1/units").status_code == 200
    token = ApiToken.objects.get(user=world.officer_a)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=None)

    refused = client.put(
        "/api/v1/values",
        {
            "program": "P:2026",
            "reason": "",
            "items": [{"unit": "P-A", "target": "CT01", "period": "2026", "value": 12}],
        },
        content_type="application/json",
    )

    assert_refused_for_rate(refused, "Quá nhiều yêu cầu")
    assert (DataValue.objects.count(), ValueChange.objects.count()) == (0, 0)
    assert ApiToken.objects.get(pk=token.pk).last_used_at is None  # not even its use


def test_the_web_session_is_counted_per_user(settings, login):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"api": "2/m"}
    world = make_world()
    officer = login(world.officer_a)
    for _ in range(2):
        assert officer.get("/api/v1/units").status_code == 200

    assert_refused_for_rate(officer.get("/api/v1/units"), "Quá nhiều yêu cầu")
    assert bearer(world.officer_b).get("/api/v1/units").status_code == 200


def test_a_document_sent_over_the_upload_limit_is_not_read(demo, settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"upload": "1/m"}
    client = bearer(demo_user("btv.tinhdoan"))
    first = client.post("/api/v1/ingest", {"file": SimpleUploadedFile("a.txt", SEED.read_bytes())})
    assert first.status_code == 201
    counts = (SourceDocument.objects.count(), IngestDraft.objects.count())

    other = SEED.read_bytes() + "\nMột đoạn khác.".encode()
    refused = client.post("/api/v1/ingest", {"file": SimpleUploadedFile("b.txt", other)})

    assert_refused_for_rate(refused, "Quá nhiều tệp được gửi")
    assert (SourceDocument.objects.count(), IngestDraft.objects.count()) == counts


def test_the_general_api_limit_is_counted_by_the_server_process(settings):
    """Every API request is counted, in the process's memory: forgetting that count (a new
    process) lets the caller in again."""
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"api": "2/m"}
    world = make_world()
    client = bearer(world.officer_a)
    for _ in range(2):
        assert client.get("/api/v1/units").status_code == 200
    refused = client.get("/api/v1/units")
    assert_refused_for_rate(refused, "Quá nhiều yêu cầu")
    assert 1 <= int(refused["Retry-After"]) <= 60

    caches["ratelimits_process"].clear()
    assert client.get("/api/v1/units").status_code == 200
