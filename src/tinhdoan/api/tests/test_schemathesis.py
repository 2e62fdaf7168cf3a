"""Every API operation fed with generated requests: never a server error, and every
answer (status, content type, body) is one the published schema declares.

Requests go to the real Django WSGI application with a bearer token of a demo user,
inside the test's transaction; each example is sent as the provincial approver or as a
commune officer. Bounded for CI: a fixed seed, a few examples per operation, no
shrinking, and the demo loaded once for the whole module.
"""

import json
import tempfile
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tinhdoan.accounts.services import token_create
from tinhdoan.api.openapi import openapi_schema_text
from tinhdoan.testing import NOT_FOUND_BODY, demo_user, load_demo

# Hypothesis caches Unicode tables and constants in a folder: outside the work tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "tinhdoan-hypothesis")

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 15

# The committed schema; test_openapi_snapshot proves it is the one the API serves.
schema = schemathesis.openapi.from_dict(json.loads(openapi_schema_text()))
schema.app = WSGIHandler()
schema.config.generation.update(
    max_examples=EXAMPLES_PER_OPERATION, no_shrink=True, deterministic=True, database="none"
)


@pytest.fixture(scope="module")
def demo_tokens(django_db_setup, django_db_blocker):
    """The demo and API tokens, loaded once inside a transaction that the module rolls
    back; each test runs in a savepoint inside it, as pytest-django nests them."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield {
            # Broad read and write over the province, and one commune's officer.
            "approver": token_create(user=demo_user("btv.tinhdoan")),
            "officer": token_create(user=demo_user("doan.xa_that_khe")),
        }
        transaction.set_rollback(True)


@pytest.fixture
def tokens(demo_tokens, db, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # The WSGI handler closes the database connection around each request, as a server
    # must; here that connection holds the test's transaction, so it stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield demo_tokens
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@schema.given(role=st.sampled_from(["approver", "officer"]))
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_as_declared(case, role, tokens):
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {tokens[role]}"}, checks=CHECKS
    )
    assert response.status_code < 500


# What the generated requests found, kept as plain cases.


@pytest.fixture
def approver_client(demo_tokens, db, client):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {demo_tokens['approver']}"
    return client


@pytest.mark.parametrize(
    "path",
    ["/api/v1/units?offset=-1", "/api/v1/values?program=TDLS:2017&offset=-5"],
)
def test_a_negative_offset_is_refused_not_a_server_error(approver_client, path):
    response = approver_client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"] == "Yêu cầu không hợp lệ."


def test_a_year_outside_the_calendar_is_refused(approver_client):
    response = approver_client.get("/api/v1/sessions?year=260454360")
    assert response.status_code == 422


@pytest.mark.parametrize(
    "path", ["/api/v1/congresses/null,null", "/api/v1/units/a/b/c", "/api/v1/khong-co"]
)
def test_an_unknown_address_answers_json_404(approver_client, path):
    response = approver_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == NOT_FOUND_BODY


def test_a_body_that_is_not_json_is_refused_with_422(approver_client):
    from tinhdoan.reporting.models import DataValue, ValueChange

    before = DataValue.objects.count(), ValueChange.objects.count()
    response = approver_client.put(
        "/api/v1/values", b"\xff{not json", content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Nội dung yêu cầu không phải là JSON hợp lệ."
    assert (DataValue.objects.count(), ValueChange.objects.count()) == before


def test_a_validation_problem_matches_the_declared_problem_shape(approver_client):
    response = approver_client.get("/api/v1/completeness?program=TDLS:2017")
    assert response.status_code == 422
    (problem,) = response.json()["errors"]
    assert problem["loc"] == ["query", "period"] and problem["msg"]
    assert problem["type"] == "missing" and problem["msg"] == "Trường này là bắt buộc."


def test_schema_problems_are_told_in_vietnamese_and_nothing_is_written(approver_client):
    from tinhdoan.reporting.models import DataValue, ValueChange

    before = DataValue.objects.count(), ValueChange.objects.count()
    body = {
        "program": "TDLS:2017",
        "items": [
            {"unit": "TDLS", "target": "CT01", "period": "2017", "value": 1, "version": "hai"},
            "không phải ô",
        ],
    }
    response = approver_client.put(
        "/api/v1/values", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    problems = {tuple(p["loc"][-2:]): p for p in response.json()["errors"]}
    assert problems[(0, "version")]["msg"] == "Phải là số nguyên."
    assert problems[(1, "unit")]["msg"] == "Trường này là bắt buộc."
    assert (DataValue.objects.count(), ValueChange.objects.count()) == before


def test_a_schema_problem_keeps_its_limit_in_the_message():
    from tinhdoan.api.problems import field_problem

    problem = field_problem(
        {"type": "greater_than_equal", "loc": ("body", "x"), "msg": "…", "ctx": {"ge": 0.0}}
    )
    assert problem == {
        "type": "greater_than_equal",
        "loc": ["body", "x"],
        "msg": "Phải lớn hơn hoặc bằng 0.",
    }
    unknown = field_problem({"type": "something_new", "loc": ("query", "y"), "msg": "…"})
    assert unknown["msg"] == "Giá trị không hợp lệ."


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/units?q=a%00b", None),
        ("get", "/api/v1/units/TDLS%00", None),
        (
            "put",
            "/api/v1/values",
            '{"program": "TDLS:2017", "items": [{"unit": "TDLS", "target": "CT01", '
            '"period": "2017", "value": 1, "version": 0, "comment": "a\\u0000b"}]}',
        ),
    ],
)
def test_text_with_a_nul_character_is_refused_before_the_database(
    approver_client, method, path, body
):
    from tinhdoan.reporting.models import DataValue, ValueChange

    before = DataValue.objects.count(), ValueChange.objects.count()
    kwargs = {"data": body, "content_type": "application/json"} if body else {}
    response = getattr(approver_client, method)(path, **kwargs)
    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]
    assert (DataValue.objects.count(), ValueChange.objects.count()) == before


def test_an_escaped_backslash_before_u0000_is_ordinary_text(demo_tokens, db, client):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {demo_tokens['officer']}"
    body = (
        '{"program": "TDLS:2026", "items": [{"unit": "TDLS-06040", "target": "CT01", '
        '"period": "2026Q4", "value": 12, "version": 0, "comment": "a\\\\u0000b"}]}'
    )
    response = client.put("/api/v1/values", body, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["items"][0]["comment"] == "a\\u0000b"
