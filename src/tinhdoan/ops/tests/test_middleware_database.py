"""When the database cannot be reached, people and scripts get a 503 asking them to retry."""

import copy
import json
import logging
import socket

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test import RequestFactory

from tinhdoan.ops.middleware import DatabaseUnavailableMiddleware

MESSAGE = "Cơ sở dữ liệu tạm thời không sẵn sàng"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_database(django_db_blocker, tmp_path):
    """The default connection points at a database that is not there: a SQLite file in a
    missing folder, or a PostgreSQL port where nothing listens. Every query fails to connect."""
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "missing" / "tinhdoan.sqlite3")
    else:
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", closed_port()
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = broken
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        broken.close()
        connections["default"] = original


def test_page_answers_503_with_a_message_when_the_database_is_unreachable(
    client, unreachable_database, caplog
):
    client.cookies["sessionid"] = "a" * 32  # a logged-in visitor: the session is read first
    with caplog.at_level(logging.ERROR, logger="tinhdoan.ops"):
        response = client.get("/results/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert MESSAGE in html and 'id="database-unavailable"' in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert any("Database unavailable during GET /results/" in r.message for r in caplog.records)


def test_api_answers_503_in_json_when_the_database_is_unreachable(client, unreachable_database):
    response = client.get(
        "/api/v1/values", {"program": "TDLS:2026"}, HTTP_AUTHORIZATION="Bearer td_not-checked"
    )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert MESSAGE in json.loads(response.content)["detail"]


def test_health_still_answers_without_the_database(client, unreachable_database):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    request = RequestFactory().get("/results/")
    assert middleware.process_exception(request, ValueError("a bug")) is None
