"""The campaign progress as plain data: the API, the pages' JSON and the reports share it."""

from .models import CongressCampaign
from .selectors import CampaignProgress


def campaign_data(campaign: CongressCampaign) -> dict:
    top = campaign.top_congress
    return {
        "unit": campaign.top_unit.code,
        "unit_name": campaign.top_unit.name,
        "term": campaign.term_label,
        "name": campaign.name,
        "tree_date": campaign.tree_date.isoformat(),
        "top_congress": {
            "ordinal": top.ordinal,
            "ordinal_roman": top.ordinal_roman,
            "planned_on": top.planned_on.isoformat() if top.planned_on else None,
            "held_on": top.held_on.isoformat() if top.held_on else None,
        },
    }


def progress_data(progress: CampaignProgress) -> dict:
    return {
        "campaign": campaign_data(progress.campaign),
        "levels": [
            {
                "level": level.label,
                "depth": level.depth,
                "deadline": level.deadline.isoformat(),
                "units": level.units,
                "held": level.held,
                "on_time": level.on_time,
                "late": level.late,
                "missing": level.missing,
                "overdue": level.overdue,
            }
            for level in progress.levels
        ],
        "missing_units": [
            {"code": unit.code, "name": unit.name, "level": level.label}
            for level, unit in progress.missing_units
        ],
    }
