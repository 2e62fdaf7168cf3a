"""The API of sessions, directives and recommendations: shapes, permissions, refusals."""

import datetime
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.meetings.models import (
    Directive,
    DirectiveEvent,
    ProgressReport,
    Recommendation,
    WorkingSession,
)
from tinhdoan.meetings.services import directive_complete, recommendation_create
from tinhdoan.testing import NOT_FOUND_BODY

from .conftest import SESSION_DAY

TODAY = datetime.date(2018, 3, 1)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def api(user) -> Client:
    if user is None:
        return Client()
    return Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})


def post_json(client, url, data):
    return client.post(url, json.dumps(data, default=str), content_type="application/json")


@pytest.fixture
def directives(world, make_directive):
    """One directive led by the union (with the education department), one by finance."""
    return {
        "union": make_directive(content="Giáo dục lý tưởng", coordinators=[world.sgd]),
        "finance": make_directive(content="Bố trí kinh phí", lead=world.stc),
        "commune": make_directive(content="Ra quân tình nguyện", lead=world.xa),
    }


def test_list_answers_items_and_count_with_unit_codes_and_derived_status(world, directives):
    data = api(world.leader).get("/api/v1/directives").json()
    assert data["count"] == 3
    item = next(i for i in data["items"] if i["content"] == "Giáo dục lý tưởng")
    assert item["lead"] == "TD" and item["coordinators"] == ["SGD"]
    assert item["status"] == "not_started" and item["status_label"] == "chưa thực hiện"
    assert item["category"] == "not_completed_in_time"
    with time_machine.travel(datetime.date(2018, 7, 1), tick=False):
        later = api(world.leader).get("/api/v1/directives?status=overdue").json()
    assert later["count"] == 3


# Who sees which directive: (user, visible contents).
VISIBILITY = [
    ("leader", {"Giáo dục lý tưởng", "Bố trí kinh phí", "Ra quân tình nguyện"}),
    ("btv", {"Giáo dục lý tưởng", "Ra quân tình nguyện"}),
    ("officer_a", {"Ra quân tình nguyện"}),
    ("officer_b", set()),
    ("liaison_sgd", {"Giáo dục lý tưởng"}),
    ("liaison_stc", {"Bố trí kinh phí"}),
]


@pytest.mark.parametrize(("username", "visible"), VISIBILITY)
def test_each_user_lists_only_the_directives_in_reach(world, directives, username, visible):
    data = api(getattr(world, username)).get("/api/v1/directives").json()
    assert {item["content"] for item in data["items"]} == visible
    assert data["count"] == len(visible)


@pytest.mark.parametrize(("username", "visible"), VISIBILITY)
def test_detail_outside_reach_is_404_like_a_missing_one(world, directives, username, visible):
    client = api(getattr(world, username))
    for content, directive in (
        ("Giáo dục lý tưởng", directives["union"]),
        ("Bố trí kinh phí", directives["finance"]),
        ("Ra quân tình nguyện", directives["commune"]),
    ):
        response = client.get(f"/api/v1/directives/{directive.pk}")
        assert response.status_code == (200 if content in visible else 404)
        if content not in visible:
            assert response.json() == NOT_FOUND_BODY


def test_anonymous_gets_401(world, directives):
    for url in ["/api/v1/directives", "/api/v1/sessions", "/api/v1/recommendations"]:
        assert api(None).get(url).status_code == 401


def test_directive_detail_has_history_and_permissions_of_the_caller(world, directives):
    data = api(world.btv).get(f"/api/v1/directives/{directives['union'].pk}").json()
    assert [event["kind"] for event in data["history"]] == ["created"]
    assert data["can_report"] is True and data["can_close"] is False
    data = api(world.leader).get(f"/api/v1/directives/{directives['union'].pk}").json()
    assert data["can_report"] is False and data["can_close"] is True


def test_status_change_by_the_issuer_completes(world, directives):
    directive = directives["union"]
    response = post_json(
        api(world.leader),
        f"/api/v1/directives/{directive.pk}/status",
        {"status": "completed", "reason": "Đã tổng kết"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "completed_on_time"
    assert Directive.objects.get(pk=directive.pk).completed_on == TODAY


def test_status_change_by_the_assignee_to_completed_is_403_and_changes_nothing(world, directives):
    directive = directives["union"]
    events = DirectiveEvent.objects.count()
    response = post_json(
        api(world.btv), f"/api/v1/directives/{directive.pk}/status", {"status": "completed"}
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Chỉ bên giao nhiệm vụ")
    assert response.json()["kind"] == "not_allowed"
    assert Directive.objects.get(pk=directive.pk).state == "not_started"
    assert DirectiveEvent.objects.count() == events


def test_completed_back_to_not_started_is_422_and_changes_nothing(world, directives):
    directive = directive_complete(actor=world.leader, directive=directives["union"])
    events = DirectiveEvent.objects.count()
    response = post_json(
        api(world.leader), f"/api/v1/directives/{directive.pk}/status", {"status": "not_started"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Không thể chuyển nhiệm vụ từ “hoàn thành” sang “chưa thực hiện”."
    )
    assert response.json()["kind"] == "invalid"
    assert Directive.objects.get(pk=directive.pk).state == "completed"
    assert DirectiveEvent.objects.count() == events


def test_status_change_outside_reach_is_404(world, directives):
    response = post_json(
        api(world.officer_b),
        f"/api/v1/directives/{directives['union'].pk}/status",
        {"status": "in_progress"},
    )
    assert response.status_code == 404


def test_progress_report_with_evidence_through_the_api(world, directives, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    directive = directives["union"]
    response = api(world.liaison_sgd).post(
        f"/api/v1/directives/{directive.pk}/progress",
        {
            "text": "Sở đã phối hợp tổ chức 3 chuyên đề",
            "percent": "60",
            "files": [SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["unit"] == "SGD" and data["percent"] == 60
    assert data["evidence"][0]["name"] == "bien-ban.pdf"
    listed = api(world.leader).get("/api/v1/directives").json()["items"]
    union = next(i for i in listed if i["id"] == directive.pk)
    assert union["status"] == "in_progress" and union["last_progress"]["percent"] == 60


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "x", "percent": "101"}, "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."),
        ({"text": "x", "percent": "-5"}, "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."),
    ],
)
def test_bad_progress_is_422_and_writes_nothing(world, directives, fields, message):
    before = ProgressReport.objects.count()
    response = api(world.btv).post(f"/api/v1/directives/{directives['union'].pk}/progress", fields)
    assert response.status_code == 422
    assert response.json()["detail"] == message
    assert ProgressReport.objects.count() == before


def test_evidence_with_lying_content_is_422_and_writes_nothing(world, directives):
    before = ProgressReport.objects.count()
    response = api(world.btv).post(
        f"/api/v1/directives/{directives['union'].pk}/progress",
        {"text": "x", "percent": "10", "files": [SimpleUploadedFile("a.pdf", b"MZ not pdf")]},
    )
    assert response.status_code == 422
    assert "không khớp với phần mở rộng .pdf" in response.json()["detail"]
    assert ProgressReport.objects.count() == before


def test_progress_by_a_user_who_only_reads_is_403(world, directives):
    response = api(world.leader).post(
        f"/api/v1/directives/{directives['union'].pk}/progress", {"text": "x", "percent": "10"}
    )
    assert response.status_code == 403


def test_stale_directive_edit_is_409(world, directives):
    directive = directives["union"]
    url = f"/api/v1/directives/{directive.pk}"
    body = {"version": 1, "content": "Sửa lần một", "lead": "TD", "deadline": "2018-09-30"}
    client = api(world.leader)
    assert client.patch(url, json.dumps(body), content_type="application/json").status_code == 200
    body["content"] = "Sửa lần hai, từ bản cũ"
    response = client.patch(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 409
    assert "Người khác đã thay đổi" in response.json()["detail"]
    assert response.json()["kind"] == "conflict"
    assert Directive.objects.get(pk=directive.pk).content == "Sửa lần một"


def test_create_directive_with_a_deadline_before_the_session_is_422(world, session):
    before = Directive.objects.count()
    response = post_json(
        api(world.leader),
        "/api/v1/directives",
        {"session": session.pk, "content": "X", "lead": "TD", "deadline": "2018-01-08"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Hạn 08/01/2018 trước ngày buổi làm việc (09/01/2018)."
    assert Directive.objects.count() == before


def test_create_directive_for_a_unit_gone_by_the_session_date_is_422(world, session):
    before = Directive.objects.count()
    response = post_json(
        api(world.leader),
        "/api/v1/directives",
        {"session": session.pk, "content": "X", "lead": "HD-OLD", "deadline": "2018-06-30"},
    )
    assert response.status_code == 422
    assert "không tồn tại vào ngày 09/01/2018" in response.json()["detail"]
    assert Directive.objects.count() == before


def test_create_directive_by_an_officer_is_403(world, session):
    before = Directive.objects.count()
    response = post_json(
        api(world.btv),
        "/api/v1/directives",
        {"session": session.pk, "content": "X", "lead": "XA", "deadline": "2018-06-30"},
    )
    # The standing committee of the union may see the session but does not issue for UBND.
    assert response.status_code == 403
    assert Directive.objects.count() == before


def test_deadline_change_request_and_decision(world, directives):
    directive = directives["union"]
    url = f"/api/v1/directives/{directive.pk}/deadline-change"
    response = post_json(
        api(world.btv), url, {"proposed_deadline": "2018-09-30", "reason": "Chờ kinh phí"}
    )
    assert response.status_code == 201
    assert api(world.btv).get(f"/api/v1/directives/{directive.pk}").json()["status"] == (
        "adjustment_requested"
    )
    response = post_json(api(world.leader), url + "/decision", {"accept": True})
    assert response.status_code == 200
    assert response.json()["deadline"] == "2018-09-30"


def test_sessions_list_detail_and_visibility(world, session, directives):
    data = api(world.leader).get("/api/v1/sessions?year=2018").json()
    assert data["count"] == 1
    detail = api(world.leader).get(f"/api/v1/sessions/{session.pk}").json()
    assert detail["chairs_with_titles"] == ["đồng chí Phạm Ngọc Thưởng, Chủ tịch UBND tỉnh"]
    assert len(detail["directives"]) == 3
    # A department liaison sees the session through its directive, and only that directive.
    detail = api(world.liaison_stc).get(f"/api/v1/sessions/{session.pk}").json()
    assert [d["content"] for d in detail["directives"]] == ["Bố trí kinh phí"]
    assert api(world.officer_b).get(f"/api/v1/sessions/{session.pk}").status_code == 404
    assert api(world.leader).get("/api/v1/sessions?year=2019").json()["count"] == 0


def test_session_create_and_stale_edit(world):
    client = api(world.leader)
    body = {
        "title": "Làm việc với Sở Giáo dục",
        "held_at": "2018-02-01T08:00:00+07:00",
        "host_unit": "SGD",
        "issuer": "UBND",
        "chairs": [world.chairman.pk],
        "topics": ["Giáo dục kỹ năng sống"],
    }
    response = post_json(client, "/api/v1/sessions", body)
    assert response.status_code == 201, response.content
    created = response.json()
    url = f"/api/v1/sessions/{created['id']}"
    edit = {**body, "version": 1, "title": "Sửa tiêu đề"}
    assert client.put(url, json.dumps(edit), content_type="application/json").status_code == 200
    edit["title"] = "Sửa từ bản cũ"
    response = client.put(url, json.dumps(edit), content_type="application/json")
    assert response.status_code == 409
    assert WorkingSession.objects.get(pk=created["id"]).title == "Sửa tiêu đề"


def test_a_chair_holding_no_position_on_the_day_is_refused_and_nothing_written(world):
    """The API checks what the page's chair picker checks: the notice would print a bare name."""
    before = WorkingSession.objects.count()
    body = {
        "title": "Làm việc với Sở Giáo dục",
        "held_at": "2016-03-01T08:00:00+07:00",  # before the chairman took office (01/05/2016)
        "host_unit": "SGD",
        "issuer": "UBND",
        "chairs": [world.chairman.pk],
    }
    response = post_json(api(world.leader), "/api/v1/sessions", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == (
        "Phạm Ngọc Thưởng không giữ chức vụ nào vào ngày 01/03/2016: thông báo kết luận sẽ chỉ "
        "ghi tên, không có chức vụ. Hãy ghi chức vụ trước, hoặc chọn đúng người chủ trì."
    )
    assert WorkingSession.objects.count() == before


def test_session_create_by_an_officer_is_404_and_writes_nothing(world):
    before = WorkingSession.objects.count()
    response = post_json(
        api(world.officer_a),
        "/api/v1/sessions",
        {
            "title": "X",
            "held_at": "2018-02-01T08:00:00+07:00",
            "host_unit": "XA",
            "chairs": [world.chairman.pk],
        },
    )
    assert response.status_code == 404  # no right to record sessions: as if there were none
    assert WorkingSession.objects.count() == before


@pytest.fixture
def recommendation(world, session):
    return recommendation_create(
        actor=world.leader,
        session=session,
        raised_by=world.td,
        addressee=world.ubnd,
        content="Đề nghị bố trí kinh phí cho quỹ khởi nghiệp",
    )


def test_recommendation_is_answered_by_its_addressee(world, recommendation):
    client = api(world.leader)
    url = f"/api/v1/recommendations/{recommendation.pk}"
    assert client.post(url + "/consider").json()["status"] == "under_consideration"
    response = post_json(
        client, url + "/answer", {"outcome": "accepted", "answer": "Giao Sở Tài chính bố trí"}
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["outcome"], data["answered_on"]) == (
        "answered",
        "accepted",
        "2018-03-01",
    )
    # The union that raised it reads the answer.
    assert api(world.btv).get(url).json()["answer"] == "Giao Sở Tài chính bố trí"


def test_recommendation_answer_by_the_raiser_is_403_and_bad_outcome_422(world, recommendation):
    url = f"/api/v1/recommendations/{recommendation.pk}/answer"
    response = post_json(api(world.btv), url, {"outcome": "accepted", "answer": "Tự trả lời"})
    assert response.status_code == 403
    response = post_json(api(world.leader), url, {"outcome": "maybe", "answer": "?"})
    assert response.status_code == 422
    assert Recommendation.objects.get(pk=recommendation.pk).status == "received"


def test_recommendations_outside_reach(world, recommendation):
    assert api(world.officer_a).get("/api/v1/recommendations").json()["count"] == 0
    response = api(world.officer_a).get(f"/api/v1/recommendations/{recommendation.pk}")
    assert response.status_code == 404
    assert api(world.btv).get("/api/v1/recommendations").json()["count"] == 1


def test_openapi_schema_lists_the_meetings_endpoints(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/sessions",
        "/api/v1/sessions/{session_id}",
        "/api/v1/directives",
        "/api/v1/directives/{directive_id}",
        "/api/v1/directives/{directive_id}/status",
        "/api/v1/directives/{directive_id}/progress",
        "/api/v1/recommendations",
        "/api/v1/recommendations/{recommendation_id}/answer",
    ]:
        assert path in paths
    assert SESSION_DAY.year == 2018
