"""Everything held about a person, and its removal (Nghị định 13/2023/NĐ-CP on personal data).

Records point at a person through foreign keys and many-to-many fields in many
apps (positions, chairs of working sessions, elected committees, reviewed
drafts); they are found from the model registry rather than listed by hand, so
an app added later is covered too.  Exemplars name an individual in plain text.
"""

import datetime
import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Person

ANONYMIZED_PREFIX = "Đã ẩn danh"


def _person_fields():
    """(model, field) for every foreign key and many-to-many field that points at Person."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is Person:
                yield model, field


def _exemplars_naming(person: Person):
    if not apps.is_installed("tinhdoan.cooperation"):
        return []
    Exemplar = apps.get_model("cooperation", "Exemplar")
    return Exemplar.objects.filter(kind="person", name=person.full_name)


def person_export(*, person: Person) -> dict:
    records = {}
    for model, field in _person_fields():
        rows = list(model.objects.filter(**{field.name: person}).values())
        if rows:
            records.setdefault(f"{model._meta.label}.{field.name}", []).extend(rows)
    exemplars = list(_exemplars_naming(person).values())
    if exemplars:
        records["cooperation.Exemplar.name"] = exemplars
    return {
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "person": {"id": person.pk, "full_name": person.full_name, "note": person.note},
        "records": records,
    }


def person_export_json(*, person: Person) -> str:
    return json.dumps(
        person_export(person=person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )


@transaction.atomic
def person_anonymize(*, person: Person) -> Person:
    """Remove what identifies the person; keep the positions and decisions, now nameless."""
    if person.full_name.startswith(ANONYMIZED_PREFIX):
        return person
    anonymous = f"{ANONYMIZED_PREFIX} #{person.pk}"
    _exemplars_naming(person).update(name=anonymous)
    person.full_name = anonymous
    person.note = ""
    person.set_name_keys()
    person.save(update_fields=["full_name", "note", "sort_key", "folded_name"])
    return person


def person_get(*, pk: str) -> Person:
    try:
        return Person.objects.get(pk=int(pk))
    except (ValueError, Person.DoesNotExist):
        raise LookupError(_("There is no person with id %(id)s.") % {"id": pk}) from None
