"""Việc cần làm: each role lands on its work, on the home page and at /api/v1/me/todo."""

import datetime

import pytest
import time_machine

from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.workflow import report_act
from tinhdoan.rollup.saving import values_save
from tinhdoan.testing import demo_user, make_unit, make_user
from tinhdoan.todo.selectors import todo_for

pytestmark = pytest.mark.django_db

SUMMER = datetime.date(2026, 8, 1)  # 2026S1 (deadline 10/07) is overdue, the year not yet due
DECEMBER = datetime.date(2026, 12, 15)  # the year 2026 ends within a month: due


@pytest.fixture
def world():
    return make_world()


def submit(world, officer, unit_code, period="2026S1"):
    values_save(
        user=officer, program=world.program, cells=[CellInput(unit_code, "CT01", period, "5")]
    )
    unit = world.commune_a if unit_code == "P-A" else world.commune_b
    rp = world.half if period == "2026S1" else world.period
    return report_act(
        user=officer,
        reporting_period=rp,
        unit=unit,
        action="submit",
        reason="Chỉ có CT01",
        acknowledge_warnings=True,
    )


def as_dicts(items):
    return [(i.program, i.period, i.unit, i.deadline, i.state, i.url) for i in items]


def test_officer_sees_its_overdue_report_with_deadline_state_and_a_link_to_its_grid(world):
    todo = todo_for(world.officer_a, today=SUMMER)
    assert as_dicts(todo.reports_due) == [
        (
            "P:2026",
            "2026S1",
            "P-A",
            datetime.date(2026, 7, 10),
            "overdue",
            "/programs/P/2026/2026S1/P-A/",
        )
    ]
    assert todo.reports_due[0].state_label == "quá hạn"
    assert todo.count == 1


def test_a_report_is_due_from_a_month_before_its_period_ends(world):
    todo = todo_for(world.officer_a, today=DECEMBER)
    assert [(i.period, i.state) for i in todo.reports_due] == [
        ("2026S1", "overdue"),
        ("2026", "due"),
    ]


def test_officer_never_sees_another_units_reports(world):
    submit(world, world.officer_b, "P-B")
    todo = todo_for(world.officer_a, today=SUMMER)
    assert {i.unit for i in todo.reports_due} == {"P-A"}
    assert not todo.reports_to_approve and not todo.units_overdue


def test_a_submitted_report_leaves_the_officers_list(world):
    submit(world, world.officer_a, "P-A")
    assert todo_for(world.officer_a, today=SUMMER).reports_due == []


def test_a_returned_report_is_listed_with_its_reason(world):
    submit(world, world.officer_a, "P-A")
    report_act(
        user=world.approver,
        reporting_period=world.half,
        unit=world.commune_a,
        action="return",
        reason="Thiếu số liệu CT02",
    )
    todo = todo_for(world.officer_a, today=SUMMER)
    assert todo.reports_due == []
    [returned] = todo.reports_returned
    assert (returned.state, returned.reason, returned.url) == (
        "returned",
        "Thiếu số liệu CT02",
        "/programs/P/2026/2026S1/P-A/",
    )


def test_approver_sees_reports_waiting_and_how_many_units_are_late(world):
    submit(world, world.officer_a, "P-A")
    todo = todo_for(world.approver, today=SUMMER)
    assert as_dicts(todo.reports_to_approve) == [
        (
            "P:2026",
            "2026S1",
            "P-A",
            datetime.date(2026, 7, 10),
            "submitted",
            "/programs/P/2026/2026S1/P-A/",
        )
    ]
    [late] = todo.units_overdue
    assert (late.period, late.unit, late.count, late.state) == ("2026S1", "P", 1, "overdue")
    assert late.url == "/programs/P/2026/2026S1/?under=P"
    assert "1 đơn vị" in late.title and "2026S1" in late.title


def test_a_department_liaison_and_a_stranger_have_nothing_to_do(world):
    department = make_unit("SO", kind="department", name="Sở Thử")
    liaison = make_user("lien_lac", unit=department, role="department")
    stranger = make_user("nguoi_ngoai")
    assert todo_for(liaison, today=SUMMER).count == 0
    assert todo_for(stranger, today=SUMMER).count == 0


def test_api_answers_the_lists_and_their_count(world, login):
    submit(world, world.officer_a, "P-A")
    with time_machine.travel(DECEMBER, tick=False):
        data = login(world.officer_b).get("/api/v1/me/todo").json()
    assert set(data) >= {
        "reports_due",
        "reports_returned",
        "reports_to_approve",
        "directives_due",
        "count",
    }
    assert [
        (i["program"], i["period"], i["unit"], i["deadline"], i["state"], i["url"])
        for i in data["reports_due"]
    ] == [
        ("P:2026", "2026S1", "P-B", "2026-07-10", "overdue", "/programs/P/2026/2026S1/P-B/"),
        ("P:2026", "2026", "P-B", "2027-01-10", "due", "/programs/P/2026/2026/P-B/"),
    ]
    assert data["count"] == 2
    assert data["reports_to_approve"] == [] and data["directives_due"] == []


def test_api_refuses_anonymous(client, db):
    assert client.get("/api/v1/me/todo").status_code == 401


def _more_units(world, count: int):
    """More communes below the province, each with an officer and a submitted report."""
    for index in range(count):
        unit = make_unit(f"P-X{index}", parent=world.province)
        for target in (world.members, world.reached, world.rate, world.money):
            world.program.targets.get(pk=target.pk).allocations.create(unit=unit, plan_value=10)
        officer = make_user(f"can_bo_x{index}", unit=unit)
        values_save(
            user=officer, program=world.program, cells=[CellInput(unit.code, "CT01", "2026S1", "1")]
        )
        report_act(
            user=officer,
            reporting_period=world.half,
            unit=unit,
            action="submit",
            reason="Chỉ có CT01",
            acknowledge_warnings=True,
        )


@pytest.mark.parametrize("extra_units", [0, 5])
def test_todo_endpoint_reads_with_a_fixed_number_of_queries(
    world, login, django_assert_num_queries, extra_units
):
    """Session, user, memberships, units below (approvers), periods, allocations,
    submissions, explanations, directives: the same count whatever the number of units
    and reports."""
    _more_units(world, extra_units)
    with time_machine.travel(DECEMBER, tick=False):
        approver = login(world.approver)
        with django_assert_num_queries(9):
            approver_data = approver.get("/api/v1/me/todo").json()
        officer = login(world.officer_a)
        with django_assert_num_queries(8):
            officer.get("/api/v1/me/todo")
    assert len(approver_data["reports_to_approve"]) == extra_units


def test_leader_sees_overdue_directives_and_lagging_targets(demo, login):
    with time_machine.travel(datetime.date(2026, 12, 7), tick=False):
        data = login(demo_user("lanhdao.tinh")).get("/api/v1/me/todo").json()
    assert data["directives_due"] and {i["state"] for i in data["directives_due"]} == {"overdue"}
    assert all(i["url"].startswith("/directives/") for i in data["directives_due"])
    lagging = data["targets_lagging"]
    assert lagging and {i["program"] for i in lagging} == {"TDLS:2026"}
    assert all(i["state"] in {"not_met", "at_risk", "off_track"} for i in lagging)
    assert data["reports_due"] == [] and data["reports_to_approve"] == []


def test_commune_officer_lands_on_its_overdue_quarter_one_click_from_its_grid(demo, client):
    """Logging in leads to "Việc cần làm", where 2026Q3, past its deadline, links to the
    officer's own grid."""
    from tinhdoan.testing import DEMO_PASSWORD

    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, 0), tick=False):
        response = client.post(
            "/accounts/login/",
            {"username": "doan.xa_that_khe", "password": DEMO_PASSWORD},
            follow=True,
        )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert '<h1 class="h3 mb-1">Việc cần làm</h1>' in html
    item = html.split('data-period="2026Q3" data-unit="TDLS-06040"')[1].split("</li>")[0]
    assert 'href="/programs/TDLS/2026/2026Q3/TDLS-06040/"' in item
    assert "Quá hạn" in item and "10/10/2026" in item
    assert 'data-unit="TDLS-06001"' not in html  # a sibling commune's reports


def test_program_page_shows_the_officers_own_report_per_period(world, login):
    submit(world, world.officer_a, "P-A", period="2026")
    report_act(
        user=world.approver,
        reporting_period=world.period,
        unit=world.commune_a,
        action="return",
        reason="Thiếu CT02",
    )
    with time_machine.travel(SUMMER, tick=False):
        html = login(world.officer_a).get("/programs/P/2026/").content.decode()
    half = html.split('<tr data-period="2026S1">')[1].split("</tr>")[0]
    assert 'data-unit="P-A" data-state="overdue"' in half and "Quá hạn" in half
    assert 'href="/programs/P/2026/2026S1/P-A/"' in half and "(đã qua)" in half
    year = html.split('<tr data-period="2026">')[1].split("</tr>")[0]
    assert 'data-state="returned"' in year and "Thiếu CT02" in year
    assert 'data-unit="P-B"' not in html


def test_program_page_lets_the_provincial_union_enter_its_own_figures(world, login):
    html = login(world.approver).get("/programs/P/2026/").content.decode()
    half = html.split('<tr data-period="2026S1">')[1].split("</tr>")[0]
    assert 'data-unit="P" data-state="entry"' in half
    assert 'href="/programs/P/2026/2026S1/P/"' in half


def test_a_directive_on_the_leaders_page_has_a_deadline_not_a_filing_date(demo, login):
    with time_machine.travel(datetime.date(2026, 12, 7), tick=False):
        html = login(demo_user("lanhdao.tinh")).get("/").content.decode()
    section = html[html.index('data-list="directives_due"') :]
    section = section[: section.index("</section>")]
    assert "Hạn " in section and "Hạn nộp" not in section
