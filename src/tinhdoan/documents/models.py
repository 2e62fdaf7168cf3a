"""The register of a unit's documents: each issued document with its number, frozen."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.org.models import Unit

from .model import OfficialDocument, document_from_json


class RegisterYear(models.Model):
    """The last number a unit gave a document in a year: numbers only go up, never reused."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        ordering = ["unit", "year"]
        verbose_name = _("document register year")
        verbose_name_plural = _("document register years")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="documents_register_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.last_number}"


class IssuedDocument(models.Model):
    """A document as it was issued: number, date, signer, text and figures, never rebuilt."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="issued_documents")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=60)
    source = models.CharField(
        _("source"), max_length=80, help_text=_('What the document reports on: "results:2017".')
    )
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=500)
    issued_on = models.DateField(_("date"))
    signer = models.CharField(_("signer"), max_length=120)
    content = models.JSONField(_("content"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-number", "-id"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"], name="documents_issued_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="documents_issued_number"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.subject}"

    def document(self) -> OfficialDocument:
        return document_from_json(self.content)


class DocumentDraft(models.Model):
    """The texts of a document being edited before it is issued (the narrative sections of a
    year-end report), saved so that an edit survives a closed page or a refused issue.

    One draft per unit and source; `version` refuses a stale save instead of overwriting."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("source"), max_length=80)
    texts = models.JSONField(_("texts"), default=dict)
    version = models.PositiveIntegerField(default=1)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["unit", "source"]
        verbose_name = _("document draft")
        verbose_name_plural = _("document drafts")
        constraints = [
            models.UniqueConstraint(fields=["unit", "source"], name="documents_draft_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.source} (v{self.version})"
