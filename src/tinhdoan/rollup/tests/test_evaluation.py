from decimal import Decimal

import pytest

from tinhdoan.rollup.evaluation import (
    Counts,
    Forecast,
    Ranked,
    Status,
    elapsed_share,
    evaluate,
    forecast,
    percent_of_plan,
    rank_units,
)


@pytest.mark.parametrize(
    ("actual", "status"),
    [(110, Status.EXCEEDED), (100, Status.MET), (99, Status.NOT_MET), (None, Status.NO_DATA)],
)
def test_higher_is_better_without_tolerance(actual, status):
    value = None if actual is None else Decimal(actual)
    assert (
        evaluate(actual=value, plan=Decimal(100), direction="higher", tolerance=Decimal(0))
        == status
    )


@pytest.mark.parametrize(
    ("actual", "status"),
    [(4, Status.EXCEEDED), (5, Status.MET), (Decimal("5.1"), Status.NOT_MET)],
)
def test_lower_is_better_mirrors_it(actual, status):
    assert (
        evaluate(actual=Decimal(actual), plan=Decimal(5), direction="lower", tolerance=Decimal(0))
        == status
    )


def test_a_tolerance_turns_a_near_miss_into_met_both_ways():
    assert (
        evaluate(actual=Decimal(96), plan=Decimal(100), direction="higher", tolerance=Decimal(5))
        == Status.MET
    )
    assert (
        evaluate(actual=Decimal(94), plan=Decimal(100), direction="higher", tolerance=Decimal(5))
        == Status.NOT_MET
    )
    assert (
        evaluate(actual=Decimal("5.2"), plan=Decimal(5), direction="lower", tolerance=Decimal(5))
        == Status.MET
    )
    assert (
        evaluate(actual=Decimal("5.3"), plan=Decimal(5), direction="lower", tolerance=Decimal(5))
        == Status.NOT_MET
    )


def test_percent_of_plan_is_rounded_to_one_decimal():
    assert percent_of_plan(Decimal(1350), Decimal(1500)) == Decimal("90.0")
    assert percent_of_plan(Decimal(1), Decimal(3)) == Decimal("33.3")
    assert percent_of_plan(Decimal(1), Decimal(0)) is None


class _T:
    def __init__(self, rollup="sum", direction="higher"):
        self.rollup, self.direction, self.tolerance = rollup, direction, Decimal(0)


def test_forecast_compares_a_sum_with_the_share_of_the_year_gone():
    half = Decimal("0.5")
    assert (
        forecast(target=_T(), actual=Decimal(50), plan=Decimal(100), share=half)[0]
        == Forecast.ON_TRACK
    )
    assert (
        forecast(target=_T(), actual=Decimal(45), plan=Decimal(100), share=half)[0]
        == Forecast.AT_RISK
    )
    assert (
        forecast(target=_T(), actual=Decimal(30), plan=Decimal(100), share=half)[0]
        == Forecast.OFF_TRACK
    )
    assert (
        forecast(target=_T(), actual=None, plan=Decimal(100), share=half)[0]
        == Forecast.NOT_MEASURABLE
    )


def test_forecast_of_a_rate_compares_with_the_whole_plan():
    rate = _T("mean")
    assert (
        forecast(target=rate, actual=Decimal(70), plan=Decimal(70), share=Decimal("0.2"))[0]
        == Forecast.ON_TRACK
    )
    lower = _T("mean", "lower")
    assert (
        forecast(target=lower, actual=Decimal(9), plan=Decimal(5), share=Decimal("0.5"))[0]
        == Forecast.OFF_TRACK
    )


def test_elapsed_share_of_a_year():
    import datetime

    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    assert elapsed_share(start, end, datetime.date(2025, 12, 31)) == 0
    assert elapsed_share(start, end, datetime.date(2027, 1, 1)) == 1
    assert elapsed_share(start, end, datetime.date(2026, 7, 2)) == Decimal(183) / Decimal(365)


def _ranked(name, met, exceeded, total, mean):
    counts = Counts(exceeded=exceeded, met=met - exceeded, not_met=total - met)
    return Ranked(key=name, counts=counts, mean_achievement=Decimal(mean))


def test_ranking_by_share_then_exceeded_then_mean_with_ties_explained():
    ranked = rank_units(
        [
            _ranked("Bình", 9, 5, 10, 110),
            _ranked("An", 10, 3, 10, 105),
            _ranked("Cường", 9, 7, 10, 108),
            _ranked("Dũng", 9, 5, 10, 110),
        ],
        name=str,
    )
    assert [(e.key, e.rank) for e in ranked] == [("An", 1), ("Cường", 2), ("Bình", 3), ("Dũng", 3)]
    assert ranked[0].tie_note == ""
    assert "7" in ranked[1].tie_note and "9/10" in ranked[1].tie_note
    assert "Dũng" in ranked[2].tie_note and "Bình" in ranked[3].tie_note


def test_a_tie_of_many_units_names_three_and_counts_the_rest():
    names = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà"]
    ranked = rank_units([_ranked(n, 9, 5, 10, 110) for n in names], name=str)
    assert {e.rank for e in ranked} == {1}
    note = ranked[0].tie_note  # An: tied with the five others
    assert "Bình, Cường, Dũng" in note and "Giang" not in note and "Hà" not in note
    assert "2" in note.split("Dũng", 1)[1]
