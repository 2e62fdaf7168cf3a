import datetime

import pytest
import time_machine

from tinhdoan.congresses.models import CampaignLevel, Congress, CongressCampaign
from tinhdoan.congresses.selectors import campaign_progress
from tinhdoan.congresses.services import (
    CongressError,
    LevelPlan,
    congress_create,
    congress_mark_held,
)

from .factories import small_campaign, small_tree

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2017, 8, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2017, 8, 15, 9, 0), tick=False):
        yield


@pytest.fixture
def units():
    return small_tree()


def held(unit, day, ordinal=5):
    return congress_create(unit=unit, ordinal=ordinal, term_start=2017, held_on=day)


def test_campaign_creates_its_top_congress_as_planned(units):
    campaign = small_campaign(units)
    top = campaign.top_congress
    assert (top.unit.code, top.ordinal_roman, top.term_label, top.held_on) == (
        "P",
        "XIII",
        "2017–2022",
        None,
    )
    assert campaign.term_label == "2017-2022"


def test_progress_counts_each_level_on_a_hand_built_tree(units):
    campaign = small_campaign(units)
    held(units["P-C11"], datetime.date(2017, 4, 10))  # on time
    held(units["P-C12"], datetime.date(2017, 6, 2))  # late: after 31/05
    congress_create(unit=units["P-C21"], ordinal=3, term_start=2017)  # planned only
    held(units["P-D1"], datetime.date(2017, 7, 20))
    held(units["P-HSV"], datetime.date(2017, 7, 1))  # an association: not a union level

    progress = campaign_progress(campaign=campaign, today=TODAY)

    grassroots, district = progress.levels
    assert (grassroots.label, grassroots.units, grassroots.held) == ("Cấp cơ sở", 3, 2)
    assert (grassroots.on_time, grassroots.late, grassroots.missing, grassroots.overdue) == (
        1,
        1,
        1,
        1,
    )
    assert [u.code for u in grassroots.missing_units] == ["P-C21"]
    assert (district.units, district.held, district.on_time, district.late, district.missing) == (
        2,
        1,
        1,
        0,
        1,
    )
    assert progress.missing == 2
    assert [u.code for _level, u in progress.missing_units] == ["P-C21", "P-D2"]


def test_a_unit_that_no_longer_existed_is_not_counted(units):
    campaign = small_campaign(units)
    codes = {
        u.code
        for level in campaign_progress(campaign=campaign, today=TODAY).levels
        for u in level.missing_units
    }
    assert "P-C22" not in codes and "P-C21" in codes


def test_a_congress_of_another_term_does_not_count(units):
    campaign = small_campaign(units)
    congress_create(
        unit=units["P-C11"], ordinal=4, term_start=2012, held_on=datetime.date(2012, 5, 1)
    )
    assert campaign_progress(campaign=campaign, today=TODAY).levels[0].held == 0


def test_level_scheduled_after_the_top_congress_is_refused(units):
    with pytest.raises(CongressError) as error:
        small_campaign(
            units,
            levels=[LevelPlan(1, "Cấp huyện", datetime.date(2017, 10, 1))],
        )
    assert "sau đại hội cấp trên cùng ngày 20/09/2017" in str(error.value)
    assert CongressCampaign.objects.count() == 0
    assert Congress.objects.count() == 0
    assert CampaignLevel.objects.count() == 0


def test_lower_level_scheduled_after_a_higher_level_is_refused(units):
    with pytest.raises(CongressError):
        small_campaign(
            units,
            levels=[
                LevelPlan(2, "Cấp cơ sở", datetime.date(2017, 8, 31)),
                LevelPlan(1, "Cấp huyện", datetime.date(2017, 7, 31)),
            ],
        )
    assert CongressCampaign.objects.count() == 0 and Congress.objects.count() == 0


def test_top_congress_cannot_be_held_while_lower_levels_are_missing(units):
    campaign = small_campaign(units)
    held(units["P-C11"], datetime.date(2017, 4, 10))
    with pytest.raises(CongressError) as error:
        congress_mark_held(congress=campaign.top_congress, held_on=datetime.date(2017, 8, 14))
    assert "Còn 4 đơn vị cấp dưới chưa tổ chức đại hội" in str(error.value)
    campaign.top_congress.refresh_from_db()
    assert campaign.top_congress.held_on is None


def test_top_congress_is_held_with_missing_levels_when_the_reason_is_recorded(units):
    campaign = small_campaign(units)
    congress_mark_held(
        congress=campaign.top_congress,
        held_on=datetime.date(2017, 8, 14),
        missing_levels_reason="Hai đơn vị sáp nhập, đại hội sau.",
    )
    campaign.top_congress.refresh_from_db()
    assert campaign.top_congress.held_on == datetime.date(2017, 8, 14)


def test_top_congress_is_held_once_every_level_has_held(units):
    campaign = small_campaign(units)
    for code in ["P-C11", "P-C12", "P-C21", "P-D1", "P-D2"]:
        held(units[code], datetime.date(2017, 5, 1))
    congress_mark_held(
        congress=campaign.top_congress, held_on=datetime.date(2017, 8, 14), delegates_present=10
    )
    assert campaign_progress(campaign=campaign, today=TODAY).missing == 0
    assert Congress.objects.get(pk=campaign.top_congress.pk).delegates_present == 10


def test_progress_takes_a_constant_number_of_queries(units, django_assert_max_num_queries):
    campaign = small_campaign(units)
    for code in ["P-C11", "P-C12", "P-D1"]:
        held(units[code], datetime.date(2017, 5, 1))
    campaign = CongressCampaign.objects.select_related("top_unit").get(pk=campaign.pk)
    with django_assert_max_num_queries(3):
        progress = campaign_progress(campaign=campaign, today=TODAY)
        assert progress.held == 3
