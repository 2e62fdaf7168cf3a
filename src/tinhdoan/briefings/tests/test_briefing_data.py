"""The briefing's data: the same results as the results report, the previous session's
directives as they stood on the day, the open recommendations, the proposed topics."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tinhdoan.meetings import services
from tinhdoan.meetings.models import Directive, Recommendation, State, Status, WorkingSession
from tinhdoan.programs.models import Program
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db


def _json(*args, **options) -> dict:
    out = io.StringIO()
    call_command("report", *args, stdout=out, **options)
    return json.loads(out.getvalue())


def _briefing(day: str, **options) -> dict:
    return _json("briefing", unit="TDLS", date=day, **options)


def test_results_equal_the_results_report_of_the_same_unit_and_period(demo):
    briefing = _briefing("2018-01-09")
    report = _json("results", unit="TDLS", period="2017", as_of="09/01/2018")
    assert briefing["results"] == report


def test_the_2018_briefing_counts_as_the_article_does(demo):
    results = _briefing("09/01/2018")["results"]
    program = Program.objects.get(unit__code="TDLS", year=2017)
    # Independent count from the program's items, not through the results engine.
    assert (
        results["focal_tasks"]["completed"]
        == program.focal_tasks.filter(status="completed").count()
        == 5
    )
    assert (
        results["breakthroughs"]["completed"]
        == program.breakthroughs.filter(status="completed").count()
        == 4
    )
    met = [row for row in results["rows"] if row["status"] in ("met", "exceeded")]
    assert (len(met), len(results["rows"])) == (11, 12)
    assert results["targets"]["met_or_exceeded"] == 11 and results["targets"]["total"] == 12


def test_the_2018_briefing_names_the_congresses_of_the_term(demo):
    congresses = _briefing("2018-01-09")["congresses"]
    assert congresses["current"]["ordinal_roman"] == "XIII"
    assert congresses["current"]["term"] == "2017–2022"
    assert [(c["unit"], c["ordinal_roman"]) for c in congresses["associations"]] == [
        ("HSV-LS", "II")
    ]
    assert congresses["campaign"]["campaign"]["term"] == "2017-2022"
    following = congresses["next"]
    assert following["ordinal_roman"] == "XIV" and following["held_on"] is None


def test_the_first_session_has_no_previous_directives_and_its_recommendation_is_open(demo):
    briefing = _briefing("2018-01-09")
    assert briefing["body"] == "UBND-LS"
    assert briefing["previous_session"] is None and briefing["previous_directives"] == []
    assert [r["status"] for r in briefing["open_recommendations"]] == ["under_consideration"]
    assert [t["code"] for t in briefing["proposed_topics"] if t["kind"] == "target"] == ["CT07"]


def test_a_later_briefing_lists_the_previous_directives_with_their_states(demo):
    session = WorkingSession.objects.get(held_at__date=datetime.date(2018, 1, 9))
    day = datetime.date(2026, 12, 7)
    briefing = _briefing(day.isoformat())
    assert briefing["previous_session"]["id"] == session.pk
    listed = {d["id"]: d["status"] for d in briefing["previous_directives"]}
    expected = {d.pk: d.status_on(day) for d in session.directives.all()}
    assert listed == expected and len(listed) == 7
    assert expected[session.directives.get(number=2).pk] == Status.COMPLETED_ON_TIME
    assert expected[session.directives.get(number=3).pk] == Status.COMPLETED_LATE


def test_overdue_directives_come_first_and_become_proposed_topics(demo):
    session = WorkingSession.objects.get(held_at__date=datetime.date(2018, 1, 9))
    late = services.directive_create(
        actor=demo_user("vp.ubnd"),
        session=session,
        content="Xây dựng đề án quỹ hỗ trợ thanh niên khởi nghiệp",
        lead=session.host_unit,
        deadline=datetime.date(2018, 3, 31),
    )
    briefing = _briefing("2026-12-07")
    assert briefing["previous_directives"][0]["id"] == late.pk
    assert briefing["previous_directives"][0]["status"] == "overdue"
    assert [t["id"] for t in briefing["proposed_topics"] if t["kind"] == "directive"] == [late.pk]


def test_a_directive_completed_after_the_day_is_shown_as_it_stood_then(demo):
    directive = Directive.objects.get(session__held_at__date="2018-01-09", number=3)
    assert directive.state == State.COMPLETED and directive.completed_on.isoformat() == "2018-08-15"
    briefing = _briefing("2018-07-01", body="UBND-LS")
    # The session of 2018-01-09 is the previous one; its deadline 30/06 had passed.
    states = {d["id"]: d for d in briefing["previous_directives"]}
    assert states[directive.pk]["status"] == "overdue"
    assert states[directive.pk]["completed_on"] is None


def test_an_answer_moves_the_recommendation_from_open_to_answered_since(demo):
    recommendation = Recommendation.objects.get()
    services.recommendation_answer(
        actor=demo_user("lanhdao.tinh"),
        recommendation=recommendation,
        outcome="accepted",
        answer="Tỉnh bố trí kinh phí cho quỹ hỗ trợ thanh niên khởi nghiệp",
        answered_on=datetime.date(2019, 3, 1),
    )
    before = _briefing("2019-02-01", body="UBND-LS", period="2017")
    after = _briefing("2019-04-01", body="UBND-LS", period="2017")
    assert [r["id"] for r in before["open_recommendations"]] == [recommendation.pk]
    assert before["answered_recommendations"] == []
    assert after["open_recommendations"] == []
    assert [r["answer"] for r in after["answered_recommendations"]] == [
        "Tỉnh bố trí kinh phí cho quỹ hỗ trợ thanh niên khởi nghiệp"
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"unit": "KHONGCO", "date": "2018-01-09"}, "Không có đơn vị mã KHONGCO"),
        ({"unit": "TDLS", "date": "32/01/2018"}, "Ngày không hợp lệ: 32/01/2018"),
        ({"unit": "TDLS", "date": "2010-05-01"}, "không có chương trình công tác"),
        ({"unit": "TDLS", "date": "2018-01-09", "body": "XYZ"}, "Không có cơ quan mã XYZ"),
        ({"unit": "TDLS", "date": "2018-01-09", "period": "2017Q9"}, "2017Q9"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(demo, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "briefing", stdout=io.StringIO(), **options)
