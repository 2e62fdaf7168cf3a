"""Issuing a document: the next number of the unit's register, then the document frozen."""

import dataclasses

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.lib.errors import Conflict
from tinhdoan.org.models import Unit

from .letterhead import numbered
from .model import DocumentError, OfficialDocument, document_check, document_to_json
from .models import DocumentDraft, IssuedDocument, RegisterYear


class RegisterError(DocumentError):
    """The register refuses the change; the message is for the user."""


class StaleDraft(DocumentError, Conflict):
    """Someone else saved the draft since it was read."""


@transaction.atomic
def draft_save(
    *, unit: Unit, source: str, texts: dict[str, str], version: int, user
) -> DocumentDraft:
    """Save the texts of a document being edited; `version` is the one the editor read (0 for
    none): a draft saved by someone else since is refused, never overwritten."""
    draft = DocumentDraft.objects.select_for_update().filter(unit=unit, source=source).first()
    current = draft.version if draft else 0
    if version != current:
        raise StaleDraft(
            _(
                "Someone else saved this draft since you opened it: your text is still in the "
                "form; copy what you need, reload the page and edit again."
            )
        )
    if draft is None:
        draft = DocumentDraft(unit=unit, source=source, version=0)
    draft.texts = {name: str(text) for name, text in texts.items()}
    draft.version = current + 1
    draft.saved_by = user if user is not None and user.is_authenticated else None
    draft.saved_at = timezone.now()
    draft.save()
    return draft


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
