import datetime

import pytest
import time_machine

from tinhdoan.cooperation.models import Exemplar, ItemEvaluation, ProgramEvaluation, Replication
from tinhdoan.cooperation.services import exemplar_nominate
from tinhdoan.testing import make_user

from .factories import a_program, cooperation_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0), tick=False):
        yield


@pytest.fixture
def units():
    return cooperation_tree()


@pytest.fixture
def program(units):
    return a_program(units)


@pytest.fixture
def users(units):
    return {
        "approver": make_user("btv.p", unit=units["P"], role="approver"),
        "so_a": make_user("so.a", unit=units["SO-A"], role="department"),
        "so_b": make_user("so.b", unit=units["SO-B"], role="department"),
        "c1": make_user("doan.c1", unit=units["C1"]),
        "c2": make_user("doan.c2", unit=units["C2"]),
    }


def evaluation_payload(program, **overrides):
    items = list(program.items.order_by("number"))
    payload = {
        "year": 2025,
        "reviewed_on": "2026-01-20",
        "results": [
            {"item": items[0].pk, "result": "done", "note": "Tổ chức 2 diễn đàn"},
            {"item": items[1].pk, "result": "partly"},
        ],
    }
    payload.update(overrides)
    return payload


def test_department_of_the_program_reads_it_and_another_department_does_not(login, program, users):
    assert login(users["so_a"]).get(f"/api/v1/cooperation/programs/{program.pk}").status_code == 200
    assert login(users["so_b"]).get(f"/api/v1/cooperation/programs/{program.pk}").status_code == 404
    assert login(users["c1"]).get(f"/api/v1/cooperation/programs/{program.pk}").status_code == 404


def test_union_side_records_the_yearly_evaluation(login, program, users):
    response = login(users["approver"]).post(
        f"/api/v1/cooperation/programs/{program.pk}/evaluations",
        evaluation_payload(program),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["evaluated_years"] == [2025]
    detail = login(users["so_a"]).get(f"/api/v1/cooperation/programs/{program.pk}").json()
    assert [r["result"] for r in detail["evaluations"][0]["results"]] == ["done", "partly"]


def test_department_cannot_record_the_evaluation(login, program, users):
    response = login(users["so_a"]).post(
        f"/api/v1/cooperation/programs/{program.pk}/evaluations",
        evaluation_payload(program),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert ProgramEvaluation.objects.count() == 0


def test_evaluation_of_an_item_not_in_the_program_is_refused(login, units, program, users):
    other = a_program(units, number="02/CTrPH", department="SO-B")
    payload = evaluation_payload(
        program, results=[{"item": other.items.first().pk, "result": "done"}]
    )
    response = login(users["approver"]).post(
        f"/api/v1/cooperation/programs/{program.pk}/evaluations",
        payload,
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "không thuộc chương trình 01/CTrPH" in response.json()["detail"]
    assert ProgramEvaluation.objects.count() == 0 and ItemEvaluation.objects.count() == 0


def test_due_list_names_the_year_to_review(login, program, users):
    data = login(users["approver"]).get("/api/v1/cooperation/programs/due").json()
    assert [(item["program"]["number"], item["year"]) for item in data["items"]] == [
        ("01/CTrPH", 2025)
    ]


def test_officer_nominates_for_own_unit_only(login, units, users):
    client = login(users["c1"])
    payload = {
        "unit": "P-C1",
        "kind": "collective",
        "title": "Vườn ươm khởi nghiệp",
        "field": "career",
        "year": 2026,
    }
    assert (
        client.post(
            "/api/v1/cooperation/exemplars", payload, content_type="application/json"
        ).status_code
        == 201
    )
    refused = client.post(
        "/api/v1/cooperation/exemplars",
        {**payload, "unit": "P-C2"},
        content_type="application/json",
    )
    assert refused.status_code == 404
    assert Exemplar.objects.count() == 1


def test_nomination_of_another_unit_is_not_visible_to_a_sibling(login, units, users):
    exemplar = exemplar_nominate(
        unit=units["C1"], kind="collective", title="Mô hình", field="study", year=2026
    )
    assert (
        login(users["c2"])
        .post(
            f"/api/v1/cooperation/exemplars/{exemplar.pk}/commend",
            {"level": "provincial", "form": "merit", "commended_on": "2026-11-20"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    assert login(users["c2"]).get("/api/v1/cooperation/exemplars").json()["count"] == 0


def test_approver_commends_and_a_sibling_replicates(login, units, users):
    exemplar = exemplar_nominate(
        unit=units["C1"],
        kind="collective",
        title="Mô hình",
        field="study",
        year=2025,
        nominated_on=datetime.date(2025, 11, 1),
    )
    commended = login(users["approver"]).post(
        f"/api/v1/cooperation/exemplars/{exemplar.pk}/commend",
        {"level": "provincial", "form": "merit", "commended_on": "2025-12-20"},
        content_type="application/json",
    )
    assert commended.json()["status"] == "commended"
    replicated = login(users["c2"]).post(
        f"/api/v1/cooperation/exemplars/{exemplar.pk}/replications",
        {"unit": "P-C2", "on_date": "2026-03-26"},
        content_type="application/json",
    )
    assert replicated.status_code == 201
    assert replicated.json()["replications"] == ["P-C2"]


def test_replication_by_a_unit_that_did_not_exist_is_refused(login, units, users):
    exemplar = exemplar_nominate(
        unit=units["C1"],
        kind="collective",
        title="Mô hình",
        field="study",
        year=2024,
        nominated_on=datetime.date(2024, 5, 1),
    )
    response = login(users["approver"]).post(
        f"/api/v1/cooperation/exemplars/{exemplar.pk}/replications",
        {"unit": "P-C3", "on_date": "2025-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "chưa có hoặc không còn vào ngày 01/03/2025" in response.json()["detail"]
    assert Replication.objects.count() == 0


def test_exemplar_list_filters_and_refuses_an_unknown_field(login, units, users):
    exemplar_nominate(unit=units["C1"], kind="collective", title="A", field="study", year=2025)
    exemplar_nominate(unit=units["C2"], kind="collective", title="B", field="digital", year=2026)
    client = login(users["approver"])
    assert (
        client.get("/api/v1/cooperation/exemplars?field=digital").json()["items"][0]["title"] == "B"
    )
    assert client.get("/api/v1/cooperation/exemplars?year=2025&unit=P-C1").json()["count"] == 1
    assert client.get("/api/v1/cooperation/exemplars?field=nope").status_code == 422
