import json
import re

import pytest
from django.urls import reverse

from tinhdoan.web.pwa import GRID_PATH_PATTERN, SHELL_ASSETS

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_javascript_for_the_root_scope_without_login(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert "/static/reporting/offline.js" in body and "/static/htmx/htmx.min.js" in body
    assert '"/accounts/logout/"' in body  # the kept grids are dropped at logout
    assert "{%" not in body and "{{" not in body


def test_the_service_worker_names_only_static_files_that_exist(client):
    for path in SHELL_ASSETS:
        assert client.get(f"/static/{path}").status_code == 200, path


def test_the_service_worker_keeps_grid_pages_and_nothing_else_of_the_site():
    grid = reverse("reporting:grid", args=["TDLS", 2026, "2026Q3", "TDLS-06040"])
    assert re.match(GRID_PATH_PATTERN, grid)
    for other in (
        reverse("reporting:program", args=["TDLS", 2026]),
        reverse("reporting:completeness", args=["TDLS", 2026, "2026Q3"]),
        reverse("reporting:history", args=["TDLS", 2026, "2026Q3", "TDLS-06040", "CT01"]),
        reverse("web:home"),
        "/api/v1/values",
    ):
        assert not re.match(GRID_PATH_PATTERN, other), other


def test_the_service_worker_refuses_a_post(client):
    assert client.post("/sw.js").status_code == 405


def test_the_manifest_names_the_app_in_vietnamese_and_opens_on_the_to_do(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Hệ thống thông tin công tác Đoàn"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    icon = manifest["icons"][0]["src"]
    assert client.get(icon).status_code == 200


def test_every_page_links_the_manifest_and_the_worker_by_address_not_inline_script(client):
    html = client.get(reverse("login")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<meta name="service-worker" content="/sw.js">' in html
    assert "navigator.serviceWorker" not in html
