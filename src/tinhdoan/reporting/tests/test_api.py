import pytest
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.programs.tests.factories import fill_report, make_world
from tinhdoan.reporting.models import Submission
from tinhdoan.reporting.workflow import report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def bearer(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})


def test_completeness_endpoint_counts_submitted_and_missing(world):
    fill_report(world)
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    data = bearer(world.approver).get("/api/v1/completeness?program=P:2026&period=2026").json()
    assert data["summary"]["must_report"] == 2
    assert data["summary"]["submitted"] == 1 and data["summary"]["not_submitted"] == 1
    assert [(i["unit"], i["status"]) for i in data["items"]] == [
        ("P-A", "submitted"),
        ("P-B", "draft"),
    ]


def test_report_actions_through_the_api_follow_permissions(world):
    fill_report(world)
    officer, approver = bearer(world.officer_a), bearer(world.approver)
    body = {"program": "P:2026", "period": "2026", "unit": "P-A"}
    submit = officer.post(
        "/api/v1/reports", {**body, "action": "submit"}, content_type="application/json"
    )
    assert submit.status_code == 200 and submit.json()["status"] == "submitted"
    own = officer.post(
        "/api/v1/reports", {**body, "action": "approve"}, content_type="application/json"
    )
    assert own.status_code == 403 and "cấp duyệt trực tiếp" in own.json()["detail"]
    ok = approver.post(
        "/api/v1/reports", {**body, "action": "approve"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert Submission.objects.get().status == "approved"
