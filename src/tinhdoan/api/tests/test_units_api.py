import pytest
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.testing import NOT_FOUND_BODY, demo_user

pytestmark = pytest.mark.django_db


def bearer(username: str) -> Client:
    token = token_create(user=demo_user(username))
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_anonymous_gets_401_with_vietnamese_detail(demo, client):
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json()["detail"] == "Cần đăng nhập."


def test_wrong_token_gets_401(demo):
    response = Client(headers={"Authorization": "Bearer td_wrong"}).get("/api/v1/units")
    assert response.status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/units/TDLS-06001",
        "/api/v1/units/TDLS-06001/children",
        "/api/v1/units?under=TDLS-06001",
        "/api/v1/units/TDLS",
        "/api/v1/units/KHONG-CO",
    ],
)
def test_officer_of_that_khe_cannot_read_doan_ket_or_above(demo, path):
    response = bearer("doan.xa_that_khe").get(path)
    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY


def test_officer_lists_only_own_unit(demo):
    data = bearer("doan.xa_that_khe").get("/api/v1/units").json()
    assert [item["code"] for item in data["items"]] == ["TDLS-06040"]
    assert data["count"] == 1


def test_unit_detail_gives_kind_parent_and_lineage(demo):
    data = bearer("doan.xa_that_khe").get("/api/v1/units/TDLS-06040").json()
    assert data["name"] == "Đoàn xã Thất Khê"
    assert data["parent"] == "TDLS"
    assert data["kind_label"] == "Đoàn xã, phường"
    assert [link["predecessor"] for link in data["predecessors"]] == ["TDLS-TRD"]


def test_leadership_lists_the_tree_as_of_a_date(demo):
    client = bearer("lanhdao.tinh")
    before = client.get("/api/v1/units?under=TDLS&as_of=2018-01-09").json()
    after = client.get("/api/v1/units?under=TDLS&as_of=2026-01-01").json()
    before_codes = {item["code"] for item in before["items"]}
    after_codes = {item["code"] for item in after["items"]}
    assert "TDLS-TRD" in before_codes and "TDLS-06040" not in before_codes
    assert "TDLS-06040" in after_codes and "TDLS-TRD" not in after_codes


def test_children_as_of_2018(demo):
    data = bearer("btv.tinhdoan").get("/api/v1/units/TDLS/children?as_of=2018-01-09").json()
    assert len([i for i in data["items"] if i["kind"] == "district_union"]) == 11


def test_search_through_the_api_ignores_missing_diacritics(demo):
    data = bearer("lanhdao.tinh").get("/api/v1/units?q=that khe").json()
    assert [item["code"] for item in data["items"]] == ["TDLS-06040"]


def test_bad_date_is_a_422_in_vietnamese(demo):
    response = bearer("lanhdao.tinh").get("/api/v1/units?as_of=ngay-mai")
    assert response.status_code == 422
    assert "as_of" in response.json()["detail"] and "ngày" in response.json()["detail"]


def test_session_auth_works_for_the_web_ui(demo, client):
    client.force_login(demo_user("so.gddt"))
    data = client.get("/api/v1/units").json()
    assert [item["code"] for item in data["items"]] == ["SGDDT-LS"]


def test_openapi_schema_lists_the_units_endpoints(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/units", "/api/v1/units/{code}", "/api/v1/units/{code}/children"} <= set(
        schema["paths"]
    )


@pytest.mark.parametrize(
    "path",
    ["/api/v1/units/TDLS-06001", "/api/v1/units/TDLS-06001/children", "/api/v1/units/STC-LS"],
)
def test_leadership_reads_any_unit(demo, path):
    assert bearer("lanhdao.tinh").get(path).status_code == 200


def test_department_liaison_cannot_read_union_units(demo):
    client = bearer("so.gddt")
    assert client.get("/api/v1/units/TDLS").status_code == 404
    assert client.get("/api/v1/units/SGDDT-LS").json()["name"] == "Sở Giáo dục và Đào tạo"
