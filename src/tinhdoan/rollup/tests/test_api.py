import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from tinhdoan.rollup.models import ExplanationRequest
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/results"


def test_results_of_the_province_follow_the_contract(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    data = client.get(f"{URL}/TDLS/2017", {"as_of": "2018-01-09"}).json()
    assert data["targets"] == {
        "exceeded": 11,
        "met": 0,
        "met_or_exceeded": 11,
        "not_met": 1,
        "no_data": 0,
        "total": 12,
    }
    assert data["focal_tasks"] == {"completed": 5, "total": 5}
    row = next(r for r in data["rows"] if r["code"] == "CT07")
    assert (row["plan"], row["actual"], row["status"]) == (1500, 1348, "not_met")
    assert data["summary"].startswith("Năm 2017, Tỉnh đoàn Lạng Sơn thực hiện hoàn thành")


def test_the_report_file_comes_from_the_api(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    response = client.get(f"{URL}/TDLS/2017/report", {"format": "xlsx", "as_of": "2018-01-09"})
    assert response.status_code == 200
    assert "ket-qua-TDLS-2017.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert 1348 in values and 7465 in values


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/KHONG-CO/2017", 404),
        ("/TDLS/2017Q3", 404),
        ("/TDLS/17", 422),
        ("/TDLS/2017/report?format=odt", 422),
    ],
)
def test_bad_requests_answer_in_vietnamese(demo, login, path, status):
    response = login(demo_user("btv.tinhdoan")).get(URL + path)
    assert response.status_code == status
    assert response.json()["detail"]


def test_a_commune_officer_cannot_read_the_province(demo, login):
    client = login(demo_user("doan.xa_that_khe"))
    assert client.get(f"{URL}/TDLS/2026").status_code == 404
    assert client.get(f"{URL}/TDLS-06001/2026").status_code == 404  # a sibling commune
    assert client.get(f"{URL}/TDLS-06040/2026").status_code == 200  # their own


def test_anonymous_callers_are_refused(demo, client):
    assert client.get(f"{URL}/TDLS/2017").status_code == 401


@time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC))
def test_an_explanation_is_requested_answered_and_shown(demo, login):
    approver = login(demo_user("btv.tinhdoan"))
    before = ExplanationRequest.objects.count()
    response = approver.post(
        f"{URL}/explanations",
        {"unit": "TDLS-06040", "period": "2026", "target": "CT01", "message": "Vì sao chậm?"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert ExplanationRequest.objects.count() == before + 1
    sibling = login(demo_user("doan.xa_doan_ket"))
    refused = sibling.post(
        f"{URL}/explanations/{pk}/answer", {"answer": "x"}, content_type="application/json"
    )
    assert refused.status_code == 404
    officer = login(demo_user("doan.xa_that_khe"))
    answered = officer.post(
        f"{URL}/explanations/{pk}/answer",
        {"answer": "Đoàn xã mới thành lập, đang kiện toàn."},
        content_type="application/json",
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == "answered"
    again = officer.post(
        f"{URL}/explanations/{pk}/answer", {"answer": "lần hai"}, content_type="application/json"
    )
    assert again.status_code == 409
    data = officer.get(f"{URL}/TDLS-06040/2026").json()
    row = next(r for r in data["rows"] if r["code"] == "CT01")
    assert row["explanations"][0]["answer"] == "Đoàn xã mới thành lập, đang kiện toàn."


@time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC))
def test_an_officer_cannot_request_and_nothing_is_written(demo, login):
    officer = login(demo_user("doan.xa_that_khe"))
    before = ExplanationRequest.objects.count()
    response = officer.post(
        f"{URL}/explanations",
        {"unit": "TDLS-06040", "period": "2026", "target": "CT01", "message": "?"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert ExplanationRequest.objects.count() == before


@time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC))
def test_a_target_on_track_cannot_be_asked_to_explain(demo, login):
    leader = login(demo_user("lanhdao.tinh"))
    response = leader.post(
        f"{URL}/explanations",
        {"unit": "TDLS", "period": "2026", "target": "CT10", "message": "?"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "CT10" in response.json()["detail"]
    assert not ExplanationRequest.objects.exists()
