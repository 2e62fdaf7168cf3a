import pytest

from tinhdoan.accounts.services import token_create
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db


def test_every_answer_forbids_camera_microphone_and_location(client):
    response = client.get("/accounts/login/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_pages_of_a_logged_in_user_are_kept_out_of_every_cache(demo, login):
    response = login(demo_user("doan.xa_that_khe")).get("/units/TDLS-06040/")
    assert response.status_code == 200
    cache = response["Cache-Control"]
    assert "private" in cache and "no-store" in cache
    assert "camera=()" in response["Permissions-Policy"]


def test_api_answers_to_a_token_are_kept_out_of_every_cache(demo, client):
    token = token_create(user=demo_user("btv.tinhdoan"))
    response = client.get("/api/v1/units/TDLS", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_report_download_names_its_file_safely(demo, login):
    response = login(demo_user("btv.tinhdoan")).get("/api/v1/results/TDLS/2017/report?format=xlsx")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and "filename*=UTF-8''" in disposition
