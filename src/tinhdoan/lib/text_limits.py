"""How long a free text typed or sent by a user may be, in one place (README, "Bảo mật").

A model declares its limit as the `max_length` of each text field (a TextField's is not kept by
the database: it is what the forms and the services check). The API's input schemas use the
same sizes (`Name`, `Note`, `Text`, `LongText`), shown as `maxLength` in the OpenAPI schema; the
services check every text field of an object before they save it (`text_fields_check`), so a
command or a file import is refused the same way. Over a limit: `Invalid` (422, or the form's
error), nothing written.
"""

from typing import Annotated

from django.db import models
from django.utils.translation import gettext as _
from ninja import Field

from .errors import Invalid

NAME = 255  # a name, title, place, code or label
NOTE = 2_000  # a reason, note, comment, decision: a few sentences
TEXT = 20_000  # the content of a directive, a recommendation, a progress report, an explanation
LONG_TEXT = 100_000  # a working session's strengths, limitations and conclusion

Name = Annotated[str, Field(max_length=NAME)]
Note = Annotated[str, Field(max_length=NOTE)]
Text = Annotated[str, Field(max_length=TEXT)]
LongText = Annotated[str, Field(max_length=LONG_TEXT)]


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def too_long_message(label: str, limit: int, length: int) -> str:
    return _("%(field)s is longer than the limit of %(limit)s characters (%(length)s).") % {
        "field": label,
        "limit": _number(limit),
        "length": _number(length),
    }


def text_check(value: str | None, *, limit: int, label: str) -> None:
    """Refuse a text past `limit` characters, naming the field."""
    if value and len(value) > limit:
        raise Invalid(too_long_message(label, limit, len(value)))


def text_fields_check(instance: models.Model) -> None:
    """Refuse an object (before it is saved) whose text fields pass their `max_length`."""
    problems = []
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or not field.max_length:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and len(value) > field.max_length:
            label = str(field.verbose_name)
            problems.append(
                too_long_message(label[:1].upper() + label[1:], field.max_length, len(value))
            )
    if problems:
        raise Invalid(problems)


def checked_create(model: type[models.Model], **values) -> models.Model:
    """`model.objects.create(**values)`, refused before anything is written when a text
    passes its limit."""
    instance = model(**values)
    text_fields_check(instance)
    instance.save(force_insert=True)
    return instance


def max_length_of(model: type[models.Model], field: str) -> int:
    """The limit a model declares for one of its text fields, for the API schema of it."""
    return model._meta.get_field(field).max_length
