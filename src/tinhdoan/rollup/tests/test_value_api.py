import pytest
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.programs.services import reporting_period_set_open
from tinhdoan.programs.tests.factories import fill_report, make_world
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.reporting.workflow import report_approve, report_lock, report_submit
from tinhdoan.testing import NOT_FOUND_BODY, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def bearer(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})


def put(client, items, program="P:2026", reason=""):
    return client.put(
        "/api/v1/values",
        {"program": program, "reason": reason, "items": items},
        content_type="application/json",
    )


def item(target="CT01", value=12, unit="P-A", period="2026", version=0, comment=""):
    return {
        "unit": unit,
        "target": target,
        "period": period,
        "value": value,
        "version": version,
        "comment": comment,
    }


def counts():
    return DataValue.objects.count(), ValueChange.objects.count()


def test_batch_put_writes_every_value_and_returns_versions(world):
    response = put(
        bearer(world.officer_a),
        [item("CT01", 12), item("CT02", "1.234"), item("CT04", "1.234,5")],
        reason="Báo cáo năm",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["created"] == 3 and data["count"] == 3
    assert {i["target"]: (i["value"], i["version"]) for i in data["items"]} == {
        "CT01": (12, 1),
        "CT02": (1234, 1),
        "CT04": (1234.5, 1),
    }
    assert ValueChange.objects.filter(reason="Báo cáo năm", source="api").count() == 3


def test_a_put_answers_each_cell_as_the_list_of_values_then_reads_it(world):
    """Created, changed, unchanged (saved earlier by someone else) and empty cells: the
    answer, built from what the save wrote, is what a read of the stored values gives."""
    put(bearer(world.officer_a), [item("CT02", 5), item("CT04", 7)])
    officer = make_user("can_bo_hai")
    officer.memberships.create(unit=world.officer_a.memberships.get().unit, role="officer")
    response = put(
        bearer(officer),
        [
            item("CT01", 3),  # created
            item("CT02", 6, version=1),  # changed
            item("CT04", 7, version=1),  # unchanged: officer_a's value stays
            item("CT03", None),  # empty, and not stored before
        ],
    )
    assert response.status_code == 200, response.json()
    answered = response.json()["items"]
    listed = bearer(officer).get("/api/v1/values", {"program": "P:2026", "unit": "P-A"}).json()
    assert answered == listed["items"]  # the times too, written alike to the microsecond
    assert [(i["target"], i["version"], i["author"]) for i in answered] == [
        ("CT01", 1, "can_bo_hai"),
        ("CT02", 2, "can_bo_hai"),
        ("CT04", 1, world.officer_a.username),
    ]


def test_get_values_lists_what_the_caller_may_read(world):
    put(bearer(world.officer_a), [item("CT01", 12)])
    put(bearer(world.officer_b), [item("CT01", 8, unit="P-B")])
    mine = bearer(world.officer_a).get("/api/v1/values?program=P:2026&period=2026").json()
    assert [(i["unit"], i["value"]) for i in mine["items"]] == [("P-A", 12)]
    everything = bearer(world.reader).get("/api/v1/values?program=P:2026").json()
    assert everything["count"] == 2


def test_the_kept_list_follows_every_change_and_answers_304_while_unchanged(world):
    officer, reader = bearer(world.officer_a), bearer(world.reader)
    url = "/api/v1/values?program=P:2026&period=2026"
    put(officer, [item("CT01", 12)])
    first = reader.get(url)
    etag = first.headers["ETag"]
    assert [i["value"] for i in first.json()["items"]] == [12]
    again = reader.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag

    put(officer, [item("CT01", 12, version=1, comment="Đã rà soát")])  # a comment only
    commented = reader.get(url, headers={"If-None-Match": etag})
    assert commented.status_code == 200 and commented.headers["ETag"] != etag
    assert [(i["comment"], i["version"]) for i in commented.json()["items"]] == [("Đã rà soát", 2)]
    world.officer_a.username = "can_bo_moi"  # the author's name is in the list too
    world.officer_a.save()
    assert [i["author"] for i in reader.get(url).json()["items"]] == ["can_bo_moi"]


def test_a_list_kept_for_the_province_is_never_served_to_a_commune(world):
    put(bearer(world.officer_a), [item("CT01", 12)])
    put(bearer(world.officer_b), [item("CT01", 8, unit="P-B")])
    url = "/api/v1/values?program=P:2026&period=2026"
    assert bearer(world.reader).get(url).json()["count"] == 2
    only_b = bearer(world.officer_b).get(url).json()
    assert [(i["unit"], i["value"]) for i in only_b["items"]] == [("P-B", 8)]


def test_a_stale_version_gets_409_in_vietnamese_and_nothing_changes(world):
    client = bearer(world.officer_a)
    put(client, [item("CT02", 100)])
    put(client, [item("CT02", 150, version=1)])
    before = counts()
    response = put(client, [item("CT02", 999, version=1)])
    assert response.status_code == 409
    assert "người khác" in response.json()["detail"]
    assert counts() == before and DataValue.objects.get().value == 150


def test_a_stale_put_sent_again_unchanged_is_saved_already_not_a_conflict(world):
    client = bearer(world.officer_a)
    put(client, [item("CT04", "1.234,5", comment="Cả xã")])
    before = counts()
    response = put(client, [item("CT04", 1234.50, version=0, comment="Cả xã")])
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["created"], data["updated"], data["unchanged"]) == (0, 0, 1)
    assert [i["version"] for i in data["items"]] == [1]
    assert counts() == before
    other_comment = put(client, [item("CT04", 1234.5, version=0, comment="Một thôn")])
    assert other_comment.status_code == 409 and counts() == before


def test_a_batch_with_one_bad_value_writes_nothing_and_lists_the_problem(world):
    before = counts()
    response = put(bearer(world.officer_a), [item("CT01", 5), item("CT03", "120%")])
    assert response.status_code == 422
    assert "không vượt quá 100" in response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    ("bad", "status", "words"),
    [
        (item("CT02", "mười"), 422, "không phải là số"),
        (item("CT01", -3), 422, "không được âm"),
        (item("CT02", 100001), 422, "tối đa là 100.000"),
        (item("CT03", 101), 422, "không vượt quá 100"),
        (item("CT99", 1), 422, "CT99"),
        (item("CT01", 1, unit="P-B"), 404, "không tìm thấy đơn vị P-B"),
        (item("CT01", "1,234"), 422, "không rõ"),
    ],
)
def test_bad_values_are_refused_with_status_and_message(world, bad, status, words):
    before = counts()
    response = put(bearer(world.officer_a), [bad])
    assert response.status_code == status
    assert words in " ".join(problem["msg"] for problem in response.json()["errors"])
    assert counts() == before


def test_a_closed_period_gets_409(world):
    reporting_period_set_open(reporting_period=world.half, is_open=False)
    response = put(bearer(world.officer_a), [item(period="2026S1")])
    assert response.status_code == 409 and "đã đóng" in response.json()["detail"]
    assert counts() == (0, 0)


def test_a_locked_report_gets_409(world):
    fill_report(world)
    before = counts()
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    report_approve(user=world.approver, reporting_period=world.period, unit=world.commune_a)
    report_lock(user=world.approver, reporting_period=world.period, unit=world.commune_a)
    response = put(bearer(world.officer_a), [item(version=1)])
    assert response.status_code == 409 and "đã khóa" in response.json()["detail"]
    assert counts() == before


def test_an_unknown_program_is_404_and_a_malformed_one_422(world):
    assert put(bearer(world.officer_a), [item()], program="P:2030").status_code == 404
    response = put(bearer(world.officer_a), [item()], program="P2026")
    assert response.status_code == 422 and "MÃ_ĐƠN_VỊ:NĂM" in response.json()["detail"]


def test_a_user_of_another_province_sees_no_program_values_or_completeness(world):
    stranger = make_user("nguoi_la", unit=make_unit("Q", kind="provincial_union"))
    client = bearer(stranger)
    for path in (
        "/api/v1/values?program=P:2026",
        "/api/v1/completeness?program=P:2026&period=2026",
        "/api/v1/programs/P/2026",
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.json() == NOT_FOUND_BODY
    assert put(client, [item()]).status_code == 404


def test_an_officer_cannot_read_a_sibling_units_values(world):
    response = bearer(world.officer_a).get("/api/v1/values?program=P:2026&unit=P-B")
    assert response.status_code == 404


def test_anonymous_gets_401(world, client):
    assert client.get("/api/v1/values?program=P:2026").status_code == 401
    assert put(client, [item()]).status_code == 401


def test_a_program_key_names_the_program_of_the_moment_though_the_process_keeps_it(world):
    """The program a key names is kept by the server process under the structure revision:
    a program removed is not found at once, one made again under its key is the new one."""
    from tinhdoan.programs.models import Program
    from tinhdoan.programs.services import program_create

    reader = bearer(world.reader)
    url = "/api/v1/values?program=P:2027"
    made = program_create(unit=world.province, year=2027, title="Chương trình năm 2027")
    assert reader.get(url).json()["count"] == 0
    Program.objects.filter(pk=made.pk).delete()
    assert reader.get(url).status_code == 404
    again = program_create(unit=world.province, year=2027, title="Chương trình năm 2027")
    assert again.pk != made.pk
    assert reader.get(url).status_code == 200


def test_a_unit_code_names_the_unit_of_the_moment_though_the_process_keeps_it(world):
    """The units a small save names are kept by the process under the structure revision:
    a unit whose code changed is no longer found under its old one."""
    from tinhdoan.org.models import Unit

    officer = bearer(world.officer_a)
    assert put(officer, [item("CT01", 12)]).status_code == 200
    Unit.objects.filter(code="P-A").update(code="P-A2")
    refused = put(officer, [item("CT01", 13, version=1)])
    assert refused.status_code == 404, refused.json()
    assert "P-A" in refused.json()["detail"]
    moved = put(officer, [item("CT01", 13, unit="P-A2", version=1)])
    assert moved.status_code == 200, moved.json()
    assert DataValue.objects.get().value == 13
