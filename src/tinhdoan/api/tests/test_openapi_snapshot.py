from pathlib import Path

from tinhdoan.api.openapi import openapi_schema_text

SNAPSHOT = Path(__file__).resolve().parents[1] / "openapi.json"


def test_committed_openapi_schema_matches_the_api():
    # When this fails, review the API change and run `make schema`.
    assert SNAPSHOT.read_text(encoding="utf-8") == openapi_schema_text()


def test_schema_is_served_at_the_documented_address(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "tinhdoan API"
    assert "/api/v1/units/{code}" in schema["paths"]
