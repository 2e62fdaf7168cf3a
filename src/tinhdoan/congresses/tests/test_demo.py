import datetime
import io
import json

import pytest
from django.core.management import call_command

from tinhdoan.congresses.models import Congress, CongressCampaign
from tinhdoan.congresses.selectors import campaign_progress, congress_chain
from tinhdoan.cooperation.models import Exemplar, Replication
from tinhdoan.cooperation.selectors import programs_due_for_review
from tinhdoan.demo.services import demo_load
from tinhdoan.org.models import Unit
from tinhdoan.testing import DEMO_PASSWORD, demo_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)


def test_demo_holds_the_congresses_of_the_article_and_loads_twice_without_duplicates(demo):
    counts = (Congress.objects.count(), Exemplar.objects.count(), Replication.objects.count())
    demo_load(password=DEMO_PASSWORD)
    assert (
        Congress.objects.count(),
        Exemplar.objects.count(),
        Replication.objects.count(),
    ) == counts

    thirteenth = CongressCampaign.objects.get(top_unit__code="TDLS", term_start=2017)
    assert thirteenth.top_congress.title == (
        "Đại hội đại biểu Tỉnh đoàn Lạng Sơn lần thứ XIII, nhiệm kỳ 2017–2022"
    )
    assert thirteenth.top_congress.held_on.year == 2017
    (level,) = campaign_progress(campaign=thirteenth, today=TODAY).levels
    assert (level.units, level.held, level.late, level.missing) == (13, 13, 1, 0)

    chain = congress_chain(unit=Unit.objects.get(code="HSV-LS"))
    assert [(c.ordinal_roman, c.term_label, c.flags) for c in chain] == [
        ("I", "2012–2017", []),
        ("II", "2017–2022", []),
    ]


def test_current_campaign_is_half_done_on_todays_units(demo):
    campaign = CongressCampaign.objects.get(top_unit__code="TDLS", term_start=2027)
    assert campaign.top_congress.ordinal_roman == "XV"
    (level,) = campaign_progress(campaign=campaign, today=TODAY).levels
    assert level.units == 67
    assert level.held == 34 and level.missing == 33


def test_one_demo_program_is_due_for_review_and_exemplars_are_replicated(demo):
    due = programs_due_for_review(user=demo_user("btv.tinhdoan"), today=TODAY)
    assert [d.program.number for d in due] == ["12/CTrPH-TĐTN-SVHTTDL"]
    assert Exemplar.objects.count() == 12
    assert Exemplar.objects.filter(replications__isnull=False).distinct().count() >= 5
    assert len({e.field for e in Exemplar.objects.all()}) >= 5


def run_report(*args) -> str:
    out = io.StringIO()
    call_command("report", "congresses", *args, stdout=out)
    return out.getvalue()


def test_demo_report_of_the_2017_campaign(demo):
    data = json.loads(run_report("--unit", "TDLS", "--term", "2017-2022"))
    assert data["campaign"]["top_congress"]["ordinal_roman"] == "XIII"
    assert data["campaign"]["top_congress"]["held_on"] == "2017-09-14"
    assert data["levels"][0]["units"] == 13 and data["levels"][0]["late"] == 1
    assert data["missing_units"] == []
