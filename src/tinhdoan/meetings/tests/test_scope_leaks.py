"""Codes named in a request body are looked up only within the caller's scope: a unit out of
scope is answered exactly as one that does not exist, so nothing tells which units exist or
what they are called. Filters offer only what the caller may see; links are http(s) only."""

import datetime
import json

import pytest
import time_machine
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.meetings.models import Directive, Recommendation, WorkingSession
from tinhdoan.meetings.services import session_create
from tinhdoan.testing import make_user

from .conftest import at


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.date(2018, 3, 1), tick=False):
        yield


def post(user, url, data, method="post"):
    client = Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def session_body(host, **extra):
    return {"title": "X", "held_at": "2018-02-01T08:00:00+07:00", "host_unit": host, **extra}


@pytest.mark.parametrize("code", ["XB", "KHONG-CO"])
def test_an_officer_naming_a_sibling_or_a_missing_unit_gets_the_same_404(world, code):
    response = post(world.officer_a, "/api/v1/sessions", session_body(code, chairs=[1]))
    assert response.status_code == 404
    assert "Đoàn xã B" not in response.content.decode()
    assert WorkingSession.objects.count() == 0


@pytest.mark.parametrize("code", ["UBND", "KHONG-CO"])
def test_an_issuer_naming_a_body_it_does_not_issue_for_gets_the_same_404(world, code):
    body = session_body("TD", issuer=code, chairs=[world.chairman.pk])
    response = post(world.btv, "/api/v1/sessions", body)
    assert response.status_code == 404
    assert (
        response.json()["detail"]
        == f"Không tìm thấy: không có đơn vị {code} trong phạm vi của đồng chí."
    )
    assert WorkingSession.objects.count() == 0


@pytest.mark.parametrize("code", ["XB", "KHONG-CO"])
def test_a_recommendation_raised_for_a_unit_out_of_scope_is_the_same_404(world, session, code):
    body = {"raised_by": code, "addressee": "UBND", "content": "Đề nghị kinh phí"}
    response = post(world.officer_a, "/api/v1/recommendations", body)
    assert response.status_code == 404 and "Đoàn xã B" not in response.content.decode()
    assert Recommendation.objects.count() == 0


@pytest.mark.parametrize("code", ["XB", "KHONG-CO"])
def test_an_assignee_editing_a_directive_is_refused_before_its_units_are_read(
    world, make_directive, code
):
    directive = make_directive(lead=world.xa)
    body = {"version": directive.version, "content": "Sửa", "lead": code, "deadline": "2018-06-30"}
    response = post(world.officer_a, f"/api/v1/directives/{directive.pk}", body, "patch")
    assert response.status_code == 403
    assert "Đoàn xã B" not in response.content.decode()
    assert Directive.objects.get(pk=directive.pk).content == directive.content


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,<script>", "ftp://x.example/"]
)
def test_a_report_link_must_be_a_web_address(world, url):
    body = session_body("TD", issuer="UBND", chairs=[world.chairman.pk], report_url=url)
    response = post(world.leader, "/api/v1/sessions", body)
    assert response.status_code == 422
    assert "http:// hoặc https://" in response.json()["detail"]
    assert WorkingSession.objects.count() == 0


def test_a_report_link_over_https_is_kept(world):
    body = session_body(
        "TD", issuer="UBND", chairs=[world.chairman.pk], report_url="https://baolangson.vn/a"
    )
    assert post(world.leader, "/api/v1/sessions", body).status_code == 201
    assert WorkingSession.objects.get().report_url == "https://baolangson.vn/a"


def test_the_session_filter_offers_only_hosts_and_leaders_of_visible_sessions(world, login):
    from tinhdoan.org.services import person_create, position_assign

    secret_chair = person_create(full_name="Hoàng Văn Kín")
    position_assign(
        person=secret_chair, unit=world.stc, title="Giám đốc", start=datetime.date(2017, 1, 1)
    )
    session_create(
        actor=world.leader,
        title="Làm việc với Sở Tài chính",
        held_at=at(datetime.date(2018, 2, 1)),
        host_unit=world.stc,
        issuer=world.ubnd,
        chairs=[secret_chair],
    )
    page = login(world.officer_a).get("/sessions/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sở Tài chính" not in html and "Hoàng Văn Kín" not in html
    assert list(page.context["form"].fields["host"].queryset) == []
    leader_page = login(make_user("doc.ca", unit=world.ubnd, role="leadership")).get("/sessions/")
    assert "Sở Tài chính" in leader_page.content.decode()
