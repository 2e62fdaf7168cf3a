"""Free text has a length limit at every entry point (API schema, page form, service): past
it, a Vietnamese message, 422 or the form's error, and nothing written."""

import json

import pytest
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.lib.errors import Invalid
from tinhdoan.lib.text_limits import LONG_TEXT, NOTE, TEXT
from tinhdoan.meetings.models import (
    MAX_TOPICS,
    DeadlineChange,
    Directive,
    ProgressReport,
    Recommendation,
    WorkingSession,
)
from tinhdoan.meetings.services import (
    directive_report_progress,
    recommendation_create,
    session_update,
)
from tinhdoan.org.services import unit_create

from .conftest import SESSION_DAY, at

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})


def post_json(client, url, data):
    return client.post(url, json.dumps(data, default=str), content_type="application/json")


def assert_too_long(response, field: str, limit: int) -> None:
    assert response.status_code == 422
    body = response.json()
    problem = next(p for p in body["errors"] if p["loc"][-1] == field)
    assert problem["type"] == "string_too_long"
    assert problem["msg"] == f"Chỉ được có tối đa {limit:,} ký tự.".replace(",", ".")


def test_a_directive_past_the_limit_of_its_content_is_422_and_not_written(world, session):
    before = Directive.objects.count()
    body = {"session": session.pk, "content": "x" * (TEXT + 1), "lead": "TD"}

    assert_too_long(post_json(api(world.leader), "/api/v1/directives", body), "content", TEXT)
    assert Directive.objects.count() == before


def test_a_directive_at_the_limit_is_accepted(world, session):
    body = {"session": session.pk, "content": "x" * TEXT, "lead": "TD", "ongoing": True}

    response = post_json(api(world.leader), "/api/v1/directives", body)

    assert response.status_code == 201, response.json()
    assert len(Directive.objects.get(pk=response.json()["id"]).content) == TEXT


def test_a_session_conclusion_past_its_limit_is_422_and_not_written(world, session):
    body = {
        "title": "Buổi làm việc",
        "held_at": at(SESSION_DAY).isoformat(),
        "host_unit": "TD",
        "issuer": "UBND",
        "chairs": [world.chairman.pk],
        "conclusion": "x" * (LONG_TEXT + 1),
    }
    before = WorkingSession.objects.count()

    assert_too_long(post_json(api(world.leader), "/api/v1/sessions", body), "conclusion", LONG_TEXT)
    assert WorkingSession.objects.count() == before


def test_a_deadline_request_past_the_limit_of_its_reason_is_422(world, make_directive):
    directive = make_directive()
    url = f"/api/v1/directives/{directive.pk}/deadline-change"
    body = {"proposed_deadline": "2018-09-30", "reason": "x" * (NOTE + 1)}

    assert_too_long(post_json(api(world.btv), url, body), "reason", NOTE)
    assert DeadlineChange.objects.count() == 0


def test_a_progress_report_past_its_limit_is_422_over_the_api(world, make_directive):
    directive = make_directive()
    response = api(world.btv).post(
        f"/api/v1/directives/{directive.pk}/progress", {"text": "x" * (TEXT + 1), "percent": 10}
    )

    assert_too_long(response, "text", TEXT)
    assert ProgressReport.objects.count() == 0


def test_a_progress_report_past_its_limit_is_a_form_error_on_the_page(world, make_directive, login):
    directive = make_directive()
    response = login(world.btv).post(
        f"/directives/{directive.pk}/progress/", {"text": "x" * (TEXT + 1), "percent": 10}
    )

    assert response.status_code == 422
    assert "Giá trị này chỉ có tối đa 20000 kí tự (hiện có 20001)" in response.content.decode()
    assert ProgressReport.objects.count() == 0


def test_a_long_progress_report_within_its_limit_is_recorded_with_its_event(world, make_directive):
    directive = make_directive()

    report = directive_report_progress(
        actor=world.btv, directive=directive, text="x" * TEXT, percent=100
    )

    assert len(report.text) == TEXT
    assert directive.events.filter(reason__endswith="x" * 100).count() == 1


def test_the_service_refuses_a_progress_report_past_its_limit(world, make_directive):
    directive = make_directive()

    with pytest.raises(Invalid) as refused:
        directive_report_progress(
            actor=world.btv, directive=directive, text="x" * (TEXT + 1), percent=10
        )

    assert refused.value.messages == [
        "Tiến độ dài quá giới hạn 20.000 ký tự (đang có 20.001 ký tự)."
    ]
    assert ProgressReport.objects.count() == 0


def test_the_service_refuses_a_recommendation_past_its_limit(world, session):
    with pytest.raises(Invalid) as refused:
        recommendation_create(
            actor=world.btv,
            content="x" * (TEXT + 5),
            raised_by=world.td,
            addressee=world.ubnd,
            session=session,
        )

    assert (
        "Nội dung dài quá giới hạn 20.000 ký tự (đang có 20.005 ký tự)." in refused.value.messages
    )
    assert Recommendation.objects.count() == 0


def test_a_session_with_too_many_or_too_long_topics_is_refused(world, session):
    common = {
        "actor": world.leader,
        "session": session,
        "title": session.title,
        "held_at": session.held_at,
        "host_unit": world.td,
        "chairs": [world.chairman],
        "version": session.version,
    }
    with pytest.raises(Invalid) as too_long:
        session_update(**common, topics=["x" * (NOTE + 1)])
    with pytest.raises(Exception, match="tối đa 100 nội dung"):
        session_update(**common, topics=[f"Nội dung {n}" for n in range(MAX_TOPICS + 1)])

    assert too_long.value.messages == [
        "Một nội dung thảo luận dài quá giới hạn 2.000 ký tự (đang có 2.001 ký tự)."
    ]
    assert WorkingSession.objects.get(pk=session.pk).topics == ["Khởi nghiệp", "Mạng xã hội"]


def test_a_unit_name_past_its_limit_is_refused_by_the_service(world):
    with pytest.raises(Invalid, match="Tên dài quá giới hạn 255 ký tự"):
        unit_create(code="DAI", name="Đoàn " * 60, kind="commune_union", parent=world.td)
