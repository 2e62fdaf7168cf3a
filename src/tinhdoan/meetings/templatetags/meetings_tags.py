from django import template

register = template.Library()

BADGE = {
    "not_started": "text-bg-secondary",
    "in_progress": "text-bg-primary",
    "adjustment_requested": "text-bg-info",
    "completed_on_time": "text-bg-success",
    "completed_late": "text-bg-warning",
    "overdue": "text-bg-danger",
}


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap badge class of a directive status."""
    return BADGE.get(status, "text-bg-light")
