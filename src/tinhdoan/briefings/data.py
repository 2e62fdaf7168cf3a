"""The briefing as plain data: the JSON of `tinhdoan report briefing` and the proposed topics
the document and the page share."""

from tinhdoan.congresses.models import Congress
from tinhdoan.congresses.progress import progress_data
from tinhdoan.lib.dates import vn_date
from tinhdoan.meetings.models import Recommendation, Status
from tinhdoan.rollup.report import results_json
from tinhdoan.rollup.yearend import STATUS_WORDS

from .selectors import Briefing, DirectiveState


def _deadline(directive) -> str:
    if directive.ongoing or directive.deadline is None:
        return "Thường xuyên"
    return vn_date(directive.deadline)


def proposed_topics(briefing: Briefing) -> list[dict]:
    """V. What the union proposes to discuss: each lagging target, each overdue directive."""
    topics = []
    for row in briefing.lagging:
        verb = "chưa đạt" if briefing.results.final else STATUS_WORDS[row.shown_status].lower()
        topics.append(
            {
                "kind": "target",
                "code": row.target.code,
                "text": f"Chỉ tiêu {row.target.code} {row.target.name} {verb}: giải pháp thực "
                "hiện và đề nghị hỗ trợ.",
            }
        )
    for state in briefing.overdue_directives:
        d = state.directive
        topics.append(
            {
                "kind": "directive",
                "id": d.pk,
                "text": f"Nhiệm vụ quá hạn ({d.lead.name} chủ trì, hạn {_deadline(d)}): "
                f"{d.content}.",
            }
        )
    return topics


def _congress_json(congress: Congress | None, day) -> dict | None:
    """A congress as known on ``day``: one held later shows only its planned date."""
    if congress is None:
        return None
    held_on = congress.held_on if congress.held_on and congress.held_on <= day else None
    return {
        "unit": congress.unit.code,
        "title": congress.title,
        "ordinal": congress.ordinal,
        "ordinal_roman": congress.ordinal_roman,
        "term": congress.term_label,
        "planned_on": congress.planned_on.isoformat() if congress.planned_on else None,
        "held_on": held_on.isoformat() if held_on else None,
    }


def _directive_json(state: DirectiveState) -> dict:
    d = state.directive
    report = state.last_progress
    return {
        "id": d.pk,
        "number": d.number,
        "content": d.content,
        "lead": d.lead.code,
        "coordinators": [u.code for u in d.coordinators.all()],
        "deadline": d.deadline.isoformat() if d.deadline else None,
        "ongoing": d.ongoing,
        "status": state.status,
        "status_label": str(Status(state.status).label),
        "completed_on": d.completed_on.isoformat()
        if d.completed_on and state.status.startswith("completed")
        else None,
        "last_progress": None
        if report is None
        else {
            "at": report.reported_at.date().isoformat(),
            "percent": report.percent,
            "text": report.text,
            "evidence": state.evidence,
        },
    }


def _recommendation_json(r: Recommendation) -> dict:
    return {
        "id": r.pk,
        "content": r.content,
        "addressee": r.addressee.code,
        "received_on": r.received_on.isoformat(),
        "status": r.status,
        "outcome": r.outcome or None,
        "answer": r.answer or None,
        "answered_on": r.answered_on.isoformat() if r.answered_on else None,
    }


def briefing_json(briefing: Briefing) -> dict:
    organization = briefing.organization
    campaign = organization.campaign
    previous = briefing.previous_session
    return {
        "unit": {"code": briefing.unit.code, "name": briefing.unit.name},
        "date": briefing.day.isoformat(),
        "body": briefing.body.code if briefing.body else None,
        "session": briefing.session.pk if briefing.session else None,
        "results": results_json(briefing.results),
        "congresses": {
            "current": _congress_json(organization.current, briefing.day),
            "associations": [_congress_json(c, briefing.day) for c in organization.associations],
            "campaign": progress_data(campaign) if campaign else None,
            "next": _congress_json(organization.next, briefing.day),
        },
        "previous_session": None
        if previous is None
        else {"id": previous.pk, "date": previous.day.isoformat(), "title": previous.title},
        "previous_directives": [_directive_json(s) for s in briefing.previous_directives],
        "open_recommendations": [_recommendation_json(r) for r in briefing.open_recommendations],
        "answered_recommendations": [
            _recommendation_json(r) for r in briefing.answered_recommendations
        ],
        "proposed_topics": proposed_topics(briefing),
    }
