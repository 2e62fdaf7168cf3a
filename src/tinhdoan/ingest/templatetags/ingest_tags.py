from django import template

from tinhdoan.ingest.selectors import can_ingest as _can_ingest

register = template.Library()


@register.filter
def can_ingest(user) -> bool:
    return _can_ingest(user)
