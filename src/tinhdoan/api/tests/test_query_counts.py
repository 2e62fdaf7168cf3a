"""Every list and results endpoint reads in a fixed number of queries: none grows with the
rows it answers (an N+1 shows here first). Counted after one warm-up request, as the
provincial standing committee, which sees the most, and as a commune officer, who sees
the least: the two counts are the same. Results are counted computed afresh (the figures
cache emptied first) and read from the cache: a read then only checks the revision."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tinhdoan.accounts.services import token_create
from tinhdoan.testing import demo_user

QUERIES = {
    "/api/v1/units": 2,
    "/api/v1/values?program=TDLS:2026&period=2026Q3": 3,
    "/api/v1/completeness?program=TDLS:2026&period=2026Q3": 6,
    "/api/v1/directives": 5,
    "/api/v1/recommendations": 2,
    "/api/v1/results/explanations": 2,
    "/api/v1/congresses/campaigns": 2,
    "/api/v1/programs/TDLS/2026": 6,
}
# Only the province's own reader sees these; the commune officer is answered 404.
PROVINCE_ONLY = {
    "/api/v1/units?under=TDLS": 3,
    "/api/v1/units/TDLS": 1,
    "/api/v1/units/TDLS/children": 3,
    "/api/v1/results/TDLS/2017": 11,
    "/api/v1/results/TDLS/2026": 14,
}
CACHED = {
    "/api/v1/values?program=TDLS:2026&period=2026Q3": 2,
    "/api/v1/results/TDLS/2017": 2,
    "/api/v1/results/TDLS/2026": 2,
}


def _queries(client: Client, url: str, *, cold: bool = True) -> tuple[int, int]:
    client.get(url)  # the token's first use is bookkeeping, not the read
    if cold:
        caches["figures"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured.captured_queries)


def _api(username: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=demo_user(username))}"})


@pytest.mark.parametrize(("url", "expected"), sorted((QUERIES | PROVINCE_ONLY).items()))
def test_the_province_reads_each_endpoint_in_a_fixed_number_of_queries(demo, url, expected):
    assert _queries(_api("btv.tinhdoan"), url) == (200, expected)


@pytest.mark.parametrize(("url", "expected"), sorted(QUERIES.items()))
def test_a_commune_reads_the_same_endpoints_in_as_many_queries(demo, url, expected):
    assert _queries(_api("doan.xa_that_khe"), url) == (200, expected)


@pytest.mark.parametrize(("url", "expected"), sorted(CACHED.items()))
def test_results_and_values_read_again_come_from_the_cache(demo, url, expected):
    assert _queries(_api("btv.tinhdoan"), url, cold=False) == (200, expected)
