"""Every text a client sends in a request body has a documented length limit (maxLength in the
OpenAPI schema), and a refusal lists at most 50 problems."""

import pytest
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.api.urls import api
from tinhdoan.lib.errors import Invalid, Refusal
from tinhdoan.lib.http_errors import error_body
from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.models import DataValue

# Texts whose form is fixed elsewhere: a date, a choice.
NOT_FREE = ("format", "enum", "$ref", "const")


def _resolve(schema: dict, components: dict) -> dict:
    if "$ref" in schema:
        return components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _free_texts_without_limit(schema: dict, components: dict, where: str, seen: set) -> list[str]:
    schema = _resolve(schema, components)
    if id(schema) in seen:
        return []
    seen.add(id(schema))
    missing = []
    for option in schema.get("anyOf", []):
        missing += _free_texts_without_limit(option, components, where, seen)
    if schema.get("type") == "string" and not any(k in schema for k in NOT_FREE):
        if "maxLength" not in schema:
            missing.append(where)
    if schema.get("type") == "array":
        missing += _free_texts_without_limit(schema["items"], components, where + "[]", seen)
    for name, prop in schema.get("properties", {}).items():
        missing += _free_texts_without_limit(prop, components, f"{where}.{name}", seen)
    return missing


def test_every_text_of_every_request_body_has_a_documented_limit():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                where = f"{method.upper()} {path}"
                missing += _free_texts_without_limit(media["schema"], components, where, set())

    assert missing == []


def test_a_refusal_lists_fifty_problems_then_the_count_of_the_rest():
    body = error_body(Refusal.INVALID, Invalid([f"Dòng {n}: sai." for n in range(2, 302)]).messages)

    assert len(body["errors"]) == 51
    assert body["errors"][49]["msg"] == "Dòng 51: sai."
    assert body["errors"][50]["msg"] == "và 250 lỗi khác"


@pytest.mark.django_db
def test_a_body_wrong_in_every_item_is_answered_with_fifty_problems():
    world = make_world()
    client = Client(headers={"Authorization": f"Bearer {token_create(user=world.officer_a)}"})
    items = [{"unit": "P-A", "target": "CT01", "period": "2026", "value": 1, "version": "x"}] * 300

    response = client.put(
        "/api/v1/values",
        {"program": "P:2026", "reason": "", "items": items},
        content_type="application/json",
    )

    assert response.status_code == 422
    problems = response.json()["errors"]
    assert len(problems) == 51 and problems[-1]["msg"] == "và 250 lỗi khác"
    assert DataValue.objects.count() == 0
