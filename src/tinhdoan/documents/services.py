"""Issuing a document: the next number of the unit's register, then the document frozen."""

import dataclasses

from django.db import transaction
from django.utils.translation import gettext as _

from tinhdoan.org.models import Unit

from .letterhead import numbered
from .model import DocumentError, OfficialDocument, document_check, document_to_json
from .models import IssuedDocument, RegisterYear


class RegisterError(DocumentError):
    """The register refuses the change; the message is for the user."""


def _register_year(unit: Unit, year: int) -> RegisterYear:
    RegisterYear.objects.get_or_create(unit=unit, year=year)
    return RegisterYear.objects.select_for_update().get(unit=unit, year=year)


@transaction.atomic
def register_continue(*, unit: Unit, year: int, last_number: int) -> RegisterYear:
    """Go on from a paper register: the next document takes ``last_number + 1``.
    A register never goes back, so no number is given twice."""
    register = _register_year(unit, year)
    if last_number < register.last_number:
        raise RegisterError(
            _("The register of %(year)s already reached number %(number)s; it never goes back.")
            % {"year": year, "number": register.last_number}
        )
    register.last_number = last_number
    register.save(update_fields=["last_number"])
    return register


@transaction.atomic
def document_issue(
    *, unit: Unit, document: OfficialDocument, symbol: str, source: str, user=None
) -> IssuedDocument:
    """Give the document the next number of the unit's register for its year and keep it as
    issued. ``symbol`` is what follows the number ("BC/TĐTN-VP")."""
    if not document.signature.name.strip():
        raise DocumentError(_("The document has no signer: choose who signs it."))
    document_check(document)
    register = _register_year(unit, document.date.year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    text = numbered(document.style, register.last_number, symbol)
    frozen = dataclasses.replace(document, number=text)
    return IssuedDocument.objects.create(
        unit=unit,
        year=register.year,
        number=register.last_number,
        symbol=text,
        source=source,
        kind=frozen.kind,
        subject=frozen.subject,
        issued_on=frozen.date,
        signer=frozen.signature.name,
        content=document_to_json(frozen),
        issued_by=user,
    )
