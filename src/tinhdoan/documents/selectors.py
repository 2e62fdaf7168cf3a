"""Reads of the register: a unit's issued documents, the latest issued for a source."""

from django.db.models import QuerySet

from tinhdoan.org.models import Unit

from .models import DocumentDraft, IssuedDocument


def documents_of(*, unit: Unit) -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.filter(unit=unit).select_related("unit")


def document_issued_for(*, unit: Unit, source: str) -> IssuedDocument | None:
    """The last document the unit issued on ``source`` ("results:2017"), if any."""
    return documents_of(unit=unit).filter(source=source).order_by("-issued_at", "-id").first()


def draft_for(*, unit: Unit, source: str) -> DocumentDraft | None:
    return DocumentDraft.objects.select_related("saved_by").filter(unit=unit, source=source).first()
