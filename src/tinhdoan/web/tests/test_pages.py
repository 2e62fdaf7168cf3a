import pytest

from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/tree/", "/units/TDLS/", "/units/TDLS/children/", "/units/search/?q=lang"]
)
def test_anonymous_is_sent_to_login(demo, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_vietnamese(db, client):
    html = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html


def test_wrong_password_is_refused_in_vietnamese(demo, client):
    response = client.post("/accounts/login/", {"username": "btv.tinhdoan", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_home_shows_the_tree_as_of_the_chosen_date(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    html_2018 = client.get("/tree/?as_of=2018-01-09").content.decode()
    assert "Tỉnh đoàn Lạng Sơn" in html_2018
    children_2018 = client.get("/units/TDLS/children/?as_of=2018-01-09").content.decode()
    assert "Huyện đoàn Tràng Định" in children_2018 and "Đoàn xã Thất Khê" not in children_2018
    children_2026 = client.get("/units/TDLS/children/?as_of=2026-01-01").content.decode()
    assert "Đoàn xã Thất Khê" in children_2026 and "Huyện đoàn Tràng Định" not in children_2026


def test_tree_expansion_is_a_fixed_number_of_queries(demo, login, django_assert_max_num_queries):
    client = login(demo_user("btv.tinhdoan"))
    with django_assert_max_num_queries(8):
        response = client.get("/units/TDLS/children/?as_of=2026-01-01")
    assert response.content.decode().count('class="unit-node"') >= 65


def test_unit_page_shows_positions_and_lineage(demo, login):
    client = login(demo_user("lanhdao.tinh"))
    html = client.get("/units/UBND-LS/?as_of=2018-01-09").content.decode()
    assert "Phạm Ngọc Thưởng" in html and "Chủ tịch UBND tỉnh" in html
    html = client.get("/units/TDLS-06040/").content.decode()
    assert "Huyện đoàn Tràng Định" in html


@pytest.mark.parametrize(
    "url", ["/units/TDLS-06001/", "/units/TDLS-06001/children/", "/units/TDLS/"]
)
def test_officer_of_that_khe_cannot_open_other_units(demo, login, url):
    client = login(demo_user("doan.xa_that_khe"))
    response = client.get(url)
    assert response.status_code == 404
    assert "Đoàn xã Đoàn Kết" not in response.content.decode()


def test_officer_home_shows_only_their_unit(demo, login):
    client = login(demo_user("doan.xa_that_khe"))
    html = client.get("/tree/").content.decode()
    assert "Đoàn xã Thất Khê" in html and "Tỉnh đoàn Lạng Sơn</a>" not in html


def test_search_finds_units_without_diacritics_and_only_in_scope(demo, login):
    client = login(demo_user("lanhdao.tinh"))
    html = client.get("/units/search/?q=that khe").content.decode()
    assert "Đoàn xã Thất Khê" in html
    client = login(demo_user("doan.xa_that_khe"))
    html = client.get("/units/search/?q=doan ket").content.decode()
    assert "Đoàn xã Đoàn Kết" not in html and "Tìm thấy 0 đơn vị." in html
    partial = client.get("/units/search/?q=doan ket", headers={"HX-Request": "true"})
    assert "Đoàn xã Đoàn Kết" not in partial.content.decode()
    assert "Không tìm thấy đơn vị nào." in partial.content.decode()


def test_admin_is_for_administrators_only(demo, login):
    assert login(demo_user("btv.tinhdoan")).get("/admin/").status_code == 302
    assert login(demo_user("tinhdoan.admin")).get("/admin/org/unit/").status_code == 200


@pytest.mark.parametrize(
    "url", ["/units/TDLS-06001/", "/units/TDLS-06001/children/", "/units/SNV-LS/"]
)
def test_leadership_opens_any_unit_page(demo, login, url):
    assert login(demo_user("lanhdao.tinh")).get(url).status_code == 200


def test_department_liaison_sees_only_its_department(demo, login):
    client = login(demo_user("so.gddt"))
    assert client.get("/units/SGDDT-LS/").status_code == 200
    assert client.get("/units/TDLS/").status_code == 404
    assert "Tỉnh đoàn Lạng Sơn" not in client.get("/tree/").content.decode()


@pytest.mark.parametrize(
    "asset",
    [
        "/static/htmx/htmx.min.js",
        "/static/bootstrap/css/bootstrap.min.css",
        "/static/tinhdoan/site.css",
    ],
)
def test_assets_are_served_by_the_app_itself(client, asset):
    response = client.get(asset)
    assert response.status_code == 200
    assert len(b"".join(response.streaming_content)) > 100
