"""Deadlines of the directives a user may see, as an iCalendar feed (all-day events)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import selectors


def deadlines_ical(*, user, base_url: str = "/") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//tinhdoan//han-nhiem-vu//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        calendar.add("x-wr-calname", _("Directive deadlines"))
        for directive in selectors.directives_with_deadlines_for_user(user):
            event = Event()
            event.add("uid", f"directive-{directive.pk}@tinhdoan")
            event.add("dtstamp", stamp)
            event.add("dtstart", directive.deadline)
            event.add("dtend", directive.deadline + datetime.timedelta(days=1))
            event.add(
                "summary",
                _("Due: %(content)s (%(unit)s)")
                % {"content": directive.content[:120], "unit": directive.lead.code},
            )
            event.add(
                "description",
                _("Lead unit: %(unit)s. Status: %(status)s.")
                % {"unit": directive.lead.name, "status": directive.status_label},
            )
            event.add(
                "url", base_url.rstrip("/") + reverse("meetings:directive", args=[directive.pk])
            )
            event.add("categories", [str(directive.status_label)])
            calendar.add_component(event)
    return calendar.to_ical()
