import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhdoan.programs.models import RollUp
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import DataValue, Submission, SubmissionStatus
from tinhdoan.rollup.models import ExplanationRequest
from tinhdoan.rollup.saving import values_save
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db
URL = "/results/"
NOW = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)


def test_the_dashboard_shows_the_articles_counts(demo, login, django_assert_max_num_queries):
    client = login(demo_user("btv.tinhdoan"))
    client.get(URL, {"unit": "TDLS", "period": "2017"})  # first read rolls the periods up
    with django_assert_max_num_queries(60):
        response = client.get(URL, {"unit": "TDLS", "period": "2017"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="count-focal">5/5<' in html
    assert 'id="count-breakthroughs">4/4<' in html
    assert 'id="count-targets">11/12<' in html
    assert "đạt và vượt 11/12 chỉ tiêu đề ra" in html
    assert "<svg" in html and '<title id="bar-t-CT07">' in html
    assert "<script" not in html.split("</nav>", 1)[1].split("<footer", 1)[0]
    assert "Thành đoàn Lạng Sơn" in html  # a sub-unit of 2017


def test_a_sub_unit_link_drills_down_one_level(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    html = client.get(URL, {"unit": "TDLS", "period": "2017"}).content.decode()
    assert f'href="{URL}?unit=TDLS-TP&amp;period=2017"' in html
    below = client.get(URL, {"unit": "TDLS-TP", "period": "2017"})
    assert below.status_code == 200
    assert "Thành đoàn Lạng Sơn" in below.content.decode()


def test_the_sub_unit_table_sorts_by_name_through_htmx(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    html = client.get(
        URL + "sub-units/",
        {"unit": "TDLS", "period": "2017", "sort": "name"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    names = [line for line in html.split('data-unit="')[1:]]
    codes = [n.split('"', 1)[0] for n in names]
    assert codes.index("TDLS-KHOI") < codes.index("TDLS-BSO") < codes.index("TDLS-TP")  # Đ before H


@time_machine.travel(NOW)
def test_a_commune_officer_sees_only_their_subtree(demo, login):
    client = login(demo_user("doan.xa_that_khe"))
    own = client.get(URL)
    assert own.status_code == 200
    assert "Đoàn xã Thất Khê" in own.content.decode()
    assert client.get(URL, {"unit": "TDLS", "period": "2026"}).status_code == 404
    assert client.get(URL, {"unit": "TDLS-06001", "period": "2026"}).status_code == 404
    assert client.get(URL + "report/", {"unit": "TDLS", "period": "2026"}).status_code == 404
    assert client.get(URL + "sub-units/", {"unit": "TDLS", "period": "2026"}).status_code == 404


@time_machine.travel(NOW)
def test_a_running_year_shows_forecast_colours(demo, login):
    html = login(demo_user("btv.tinhdoan")).get(URL, {"unit": "TDLS", "period": "2026"})
    text = html.content.decode()
    assert "st-off_track" in text or "st-at_risk" in text
    assert "st-on_track" in text


def test_unknown_period_is_explained(demo, login):
    response = login(demo_user("btv.tinhdoan")).get(URL, {"unit": "TDLS", "period": "2017Q3"})
    assert response.status_code == 404
    assert "2017Q3" in response.content.decode()


def test_the_report_downloads_from_the_page(demo, login):
    response = login(demo_user("btv.tinhdoan")).get(
        URL + "report/", {"unit": "TDLS", "period": "2017", "format": "pdf"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@time_machine.travel(NOW)
def test_an_explanation_goes_from_the_approver_to_the_unit_and_back(demo, login):
    approver = login(demo_user("btv.tinhdoan"))
    response = approver.post(
        URL + "explanations/new/",
        {"unit": "TDLS-06040", "period": "2026", "target": "CT01", "message": "Vì sao chậm?"},
    )
    assert response.status_code == 302
    request = ExplanationRequest.objects.get()
    officer = login(demo_user("doan.xa_that_khe"))
    listing = officer.get(URL + "explanations/").content.decode()
    assert "Vì sao chậm?" in listing
    officer.post(URL + f"explanations/{request.pk}/answer/", {"answer": "Đang kiện toàn."})
    request.refresh_from_db()
    assert request.status == "answered" and request.answer == "Đang kiện toàn."
    page = officer.get(URL, {"unit": "TDLS-06040", "period": "2026"}).content.decode()
    assert "Đang kiện toàn." in page


@time_machine.travel(NOW)
def test_a_sibling_officer_cannot_answer(demo, login):
    approver = login(demo_user("btv.tinhdoan"))
    approver.post(
        URL + "explanations/new/",
        {"unit": "TDLS-06040", "period": "2026", "target": "CT01", "message": "Vì sao chậm?"},
    )
    request = ExplanationRequest.objects.get()
    sibling = login(demo_user("doan.xa_doan_ket"))
    response = sibling.post(URL + f"explanations/{request.pk}/answer/", {"answer": "x"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "open"


@time_machine.travel(NOW)
def test_a_running_year_with_many_periods_stays_within_a_query_budget(
    demo, login, django_assert_max_num_queries
):
    client = login(demo_user("btv.tinhdoan"))
    client.get(URL, {"unit": "TDLS", "period": "2026"})
    with django_assert_max_num_queries(70):
        response = client.get(URL, {"unit": "TDLS", "period": "2026"})
    assert response.status_code == 200
    assert 'id="count-targets">' in response.content.decode()


@time_machine.travel(NOW)
def test_a_target_without_a_plan_for_the_unit_is_listed_but_not_counted(demo, login):
    """A commune has no sub-units: the count of sub-units meeting a condition (CT11) has
    no plan there. Its row says so instead of a status, and the counts say it is left out."""
    html = login(demo_user("doan.xa_that_khe")).get(URL).content.decode()
    row = html.split('<title id="bar-t-CT11">', 1)[1].split("</tr>", 1)[0]
    assert "Không giao kế hoạch" in row and "st-no_plan" in row
    assert "Chưa đánh giá được" not in row
    assert 'id="count-targets">' in html
    counted = html.split('id="count-targets">', 1)[1].split("<", 1)[0]
    assert counted.endswith("/11")  # twelve targets listed, eleven with a plan
    note = html.split('id="targets-without-plan">', 1)[1].split("</div>", 1)[0]
    assert "Không tính 1 chỉ tiêu không giao kế hoạch cho đơn vị" in note
    assert "CT11" in note
    # no focal task or breakthrough item is in the commune's charge: no "0/0"
    assert 'id="count-focal">—<' in html and 'id="count-breakthroughs">—<' in html
    assert "không có nhiệm vụ trọng tâm do đơn vị phụ trách" in html


def test_every_target_with_a_plan_leaves_no_note(demo, login):
    html = login(demo_user("btv.tinhdoan")).get(URL, {"unit": "TDLS", "period": "2017"})
    text = html.content.decode()
    assert 'id="targets-without-plan"' not in text
    assert "st-no_plan" not in text


def test_each_sub_unit_share_is_drawn_against_the_units_own(demo, login):
    """A bar per sub-unit (share of its targets met or exceeded, 120 px for 100 %) with a
    mark at the unit's own share: 11/12 of Tỉnh đoàn Lạng Sơn in 2017."""
    client = login(demo_user("btv.tinhdoan"))
    for html in (
        client.get(URL, {"unit": "TDLS", "period": "2017"}).content.decode(),
        client.get(
            URL + "sub-units/",
            {"unit": "TDLS", "period": "2017", "sort": "name"},
            HTTP_HX_REQUEST="true",
        ).content.decode(),
    ):
        row = html.split('data-unit="TDLS-LBI"', 1)[1].split("</tr>", 1)[0]
        assert "Huyện đoàn Lộc Bình: 72,7% chỉ tiêu đạt và vượt; vạch đen là Tỉnh đoàn" in row
        assert '<rect class="fill" x="0" y="0" width="87" height="10"' in row  # 8/11
        assert '<line class="reference" x1="110"' in row  # 11/12
        assert html.count('<svg class="share-bar"') == 13


@time_machine.travel(NOW)
def test_the_page_writes_nothing_and_never_scans_the_tree(demo, login):
    """A running year reads its quarters and the history of every period. The stored
    figures are kept exact by the writes: the page neither recomputes them nor scans
    every unit (100,000 at national scale) to guess whether they are still right."""
    client = login(demo_user("btv.tinhdoan"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"unit": "TDLS", "period": "2026"})
    assert response.status_code == 200
    statements = [q["sql"].lstrip().split(" ", 1)[0].upper() for q in queries.captured_queries]
    assert not {"INSERT", "UPDATE", "DELETE", "CREATE", "DROP"} & set(statements)
    assert not [q for q in queries.captured_queries if 'SUM("org_unit"."depth")' in q["sql"]]


def _sub_units(html: str) -> str:
    return html.split('<div id="sub-units">', 1)[1].split("</table>", 1)[0]


def _actual(html: str, code: str) -> Decimal:
    row = html.split(f'<tr id="target-{code}">', 1)[1].split("</tr>", 1)[0]
    shown = row.split('<td class="text-end">')[2].split("</td>", 1)[0]
    return Decimal(shown.replace(".", "").replace(",", "."))


def test_rows_kept_rendered_are_redrawn_as_soon_as_a_value_moves_the_figures(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    first = client.get(URL, {"unit": "TDLS", "period": "2017"}).content.decode()
    assert len(caches["fragments"]._cache) > 0  # the rows and the sub-units are kept
    again = client.get(URL, {"unit": "TDLS", "period": "2017"}).content.decode()
    assert _sub_units(again) == _sub_units(first) and "Thành đoàn Lạng Sơn" in _sub_units(first)

    cell = DataValue.objects.filter(
        target__program__unit__code="TDLS",
        target__program__year=2017,
        target__rollup=RollUp.SUM,
        target__code="CT02",  # the larger side of its only rule
        period__code="2017",
        unit__parent__code="TDLS",
    ).first()
    Submission.objects.filter(unit=cell.unit).update(status=SubmissionStatus.DRAFT)
    values_save(
        user=None,
        program=cell.target.program,
        cells=[CellInput(cell.unit.code, cell.target.code, "2017", cell.value + 1000)],
        reason="Điều chỉnh",
    )

    after = client.get(URL, {"unit": "TDLS", "period": "2017"}).content.decode()
    assert _actual(after, cell.target.code) == _actual(first, cell.target.code) + 1000


def _completeness_summary(content: bytes) -> str:
    return content.decode().split('id="completeness-summary">', 1)[1].split("</p>", 1)[0]


def _returned(summary: str) -> int:
    return int(re.search(r"(\d+) bị trả lại", summary).group(1))


def test_kept_completeness_follows_a_report_changed_by_any_write(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    first = _completeness_summary(client.get(URL, {"unit": "TDLS", "period": "2017"}).content)
    again = _completeness_summary(client.get(URL, {"unit": "TDLS", "period": "2017"}).content)
    assert again == first
    approved = Submission.objects.filter(
        reporting_period__program__unit__code="TDLS",
        reporting_period__period__code="2017",
        status=SubmissionStatus.APPROVED,
    ).first()
    with connection.cursor() as cursor:  # below the services: the database moves the revision
        cursor.execute(
            f"UPDATE {Submission._meta.db_table} SET status = %s WHERE id = %s",
            [SubmissionStatus.RETURNED, approved.pk],
        )
    after = _completeness_summary(client.get(URL, {"unit": "TDLS", "period": "2017"}).content)
    assert _returned(after) == _returned(first) + 1
