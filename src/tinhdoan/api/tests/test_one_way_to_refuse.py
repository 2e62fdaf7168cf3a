"""Every refusal is a `DomainError` with a kind, answered by one handler with one schema."""

import ast
import json
from pathlib import Path

import pytest
from django.apps import apps

from tinhdoan.api.urls import api
from tinhdoan.lib import errors
from tinhdoan.lib.http_errors import STATUS_OF
from tinhdoan.meetings.models import StaleEdit
from tinhdoan.programs.errors import NotInScope, StaleVersion, StateConflict
from tinhdoan.rollup.services import ExplanationNotAllowed

SOURCE = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((SOURCE / "api" / "openapi.json").read_text(encoding="utf-8"))


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_refusal_kind_has_one_status_and_no_error_carries_its_own():
    apps.get_app_configs()  # every app's modules imported, so every subclass is known
    assert set(STATUS_OF) == set(errors.Refusal)
    carrying = [c.__qualname__ for c in _all_subclasses(errors.DomainError) if "status" in vars(c)]
    assert carrying == []


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (NotInScope, errors.Refusal.NOT_FOUND),
        (StaleVersion, errors.Refusal.CONFLICT),
        (StateConflict, errors.Refusal.CONFLICT),
        (StaleEdit, errors.Refusal.CONFLICT),
        (ExplanationNotAllowed, errors.Refusal.NOT_ALLOWED),
    ],
)
def test_app_errors_say_their_kind_and_are_caught_as_it(error, kind):
    refusal = error("Lý do")
    assert refusal.kind is kind
    assert refusal.messages == ["Lý do"]
    assert isinstance(refusal, errors.DomainError)


def test_no_module_outside_the_api_handler_answers_with_an_http_status():
    """Services and routers raise refusals; only `api/errors.py` knows ninja's HttpError."""
    raising = []
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or path == SOURCE / "api" / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id == "HttpError":
                raising.append(str(path.relative_to(SOURCE)))
    assert raising == []


def _error_responses():
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                if int(status) >= 400:
                    yield f"{method.upper()} {path} {status}", response


def test_every_error_response_of_the_schema_is_the_one_error_schema():
    others = [
        where
        for where, response in _error_responses()
        if response["content"]["application/json"]["schema"]
        != {"$ref": "#/components/schemas/ErrorOut"}
    ]
    assert others == []
    error_out = SCHEMA["components"]["schemas"]["ErrorOut"]
    kind = SCHEMA["components"]["schemas"][error_out["properties"]["kind"]["$ref"].split("/")[-1]]
    assert sorted(kind["enum"]) == sorted(r.value for r in errors.Refusal)


def test_statuses_and_kinds_of_the_schema_are_enums():
    plain = []
    for name, schema in SCHEMA["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            if field in {"status", "state", "kind", "priority", "decision", "direction"}:
                if not ({"$ref", "enum", "allOf"} & set(prop)):
                    plain.append(f"{name}.{field}")
    assert plain == []


def test_the_handler_answers_each_kind_with_its_status_and_body(rf):
    refusals = {
        "missing": errors.NotFound("Không có."),
        "forbidden": errors.NotAllowed("Không được phép."),
        "conflict": errors.Conflict("Đã đổi."),
        "invalid": errors.Invalid(["Sai một.", "Sai hai."]),
    }
    answers = {
        name: api.on_exception(rf.get("/api/v1/units"), refusal)
        for name, refusal in refusals.items()
    }
    assert {name: a.status_code for name, a in answers.items()} == {
        "missing": 404,
        "forbidden": 403,
        "conflict": 409,
        "invalid": 422,
    }
    assert json.loads(answers["invalid"].content) == {
        "detail": "2 lỗi; không có gì được ghi.",
        "kind": "invalid",
        "errors": [
            {"msg": "Sai một.", "loc": [], "type": "invalid"},
            {"msg": "Sai hai.", "loc": [], "type": "invalid"},
        ],
        "warnings": [],
    }
    assert json.loads(answers["forbidden"].content)["kind"] == "not_allowed"
