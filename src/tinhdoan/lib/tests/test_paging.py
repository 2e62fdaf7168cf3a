import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhdoan.lib.paging import page_and_count
from tinhdoan.org.models import Unit
from tinhdoan.testing import make_unit

pytestmark = pytest.mark.django_db


def test_every_page_and_count_equal_a_plain_slice_and_count():
    root = make_unit("TD", kind="provincial_union")
    for number in range(6):
        make_unit(f"TD-{number}", kind="commune_union", parent=root)
    rows = Unit.objects.order_by("code")
    everything = list(rows)
    for offset in range(0, 10):
        for limit in range(1, 10):
            page, count = page_and_count(rows, offset=offset, limit=limit)
            assert page == everything[offset : offset + limit], (offset, limit)
            assert count == len(everything), (offset, limit)


def test_a_short_first_page_is_counted_without_a_second_query():
    make_unit("TD", kind="provincial_union")
    with CaptureQueriesContext(connection) as captured:
        page, count = page_and_count(Unit.objects.all(), offset=0, limit=50)
    assert (len(page), count, len(captured.captured_queries)) == (1, 1, 1)
