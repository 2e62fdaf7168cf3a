import pytest
from django.test import Client

from tinhdoan.accounts.services import token_create

from .factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def bearer(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})


def test_program_endpoint_gives_targets_with_their_rules(world):
    data = bearer(world.officer_a).get("/api/v1/programs/P/2026").json()
    assert [t["code"] for t in data["targets"]] == ["CT01", "CT02", "CT03", "CT04"]
    assert data["targets"][2]["rollup"] == "mean"
    assert [p["code"] for p in data["periods"]] == ["2026", "2026S1"]
