"""Drafts read from documents, reviewed item by item, and the provenance of what they created.

A draft holds the record extracted from one source document. Each extracted
item (leader, achievement, congress, topic, directive, recommendation) is a
`DraftItem` with its span in the normalized text; the reviewer accepts, edits
or rejects it and resolves the units it names. Confirming the draft creates the
real records; `SourceSpan` then says where in the document each came from.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.errors import Conflict, DomainError
from tinhdoan.meetings.models import SourceDocument, WorkingSession
from tinhdoan.org.models import Person, Unit


class DraftError(DomainError):
    """A refused change to a draft; the message is for the user."""


class DraftConflict(DraftError, Conflict):
    """The draft is no longer open (confirmed or discarded)."""


class DraftDuplicate(DraftConflict):
    """The session is already recorded: confirming again needs an explicit yes."""


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONFIRMED = "confirmed", _("confirmed")
    DISCARDED = "discarded", _("discarded")


class IngestDraft(models.Model):
    """The draft working session read from one document, until it is confirmed or discarded."""

    document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("document read"),
        on_delete=models.PROTECT,
        related_name="ingest_drafts",
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    text = models.TextField(
        _("normalized text"), help_text=_("The text the spans of the items point into.")
    )
    record = models.JSONField(_("extracted record"), default=dict)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT
    )
    title = models.CharField(_("session title"), max_length=300)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    host_unit = models.ForeignKey(
        Unit,
        verbose_name=_("host unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer = models.ForeignKey(
        Unit,
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    session = models.ForeignKey(
        WorkingSession,
        verbose_name=_("working session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ingest_drafts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ingest draft")
        verbose_name_plural = _("ingest drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=~Q(status="discarded"),
                name="ingest_one_live_draft_per_document",
            ),
            models.CheckConstraint(
                condition=(Q(status="confirmed") & Q(session__isnull=False))
                | (~Q(status="confirmed") & Q(session__isnull=True)),
                name="ingest_confirmed_draft_has_session",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == DraftStatus.DRAFT


class ItemKind(models.TextChoices):
    LEADER = "leader", _("leader")
    ACHIEVEMENT = "achievement", _("achievement")
    CONGRESS = "congress", _("congress")
    TOPIC = "topic", _("topic")
    DIRECTIVE = "directive", _("directive")
    RECOMMENDATION = "recommendation", _("recommendation")


class ItemDecision(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    EDITED = "edited", _("accepted with edits")
    REJECTED = "rejected", _("rejected")


# Items read with less confidence than this are left to the reviewer by "accept all".
REVIEW_BELOW = 0.8


class DraftItem(models.Model):
    """One extracted item of a draft, with the reviewer's decision and resolved units.

    `unit` is the directive's lead, the recommendation's author or the congress's
    unit; `coordinators` the directive's coordinating units; `addressee` the
    authority a recommendation goes to; `person` the leader.
    """

    draft = models.ForeignKey(IngestDraft, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    extracted = models.JSONField(_("extracted fields"), default=dict)
    fields = models.JSONField(_("fields"), default=dict)
    span_start = models.PositiveIntegerField(_("span start"))
    span_end = models.PositiveIntegerField(_("span end"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=ItemDecision.choices, default=ItemDecision.PENDING
    )
    is_group = models.BooleanField(
        _("group of units"),
        default=False,
        help_text=_('The text names a group ("các sở, ban, ngành"): the reviewer picks the units.'),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    coordinators = models.ManyToManyField(
        Unit, verbose_name=_("coordinating units"), blank=True, related_name="+"
    )
    addressee = models.ForeignKey(
        Unit,
        verbose_name=_("addressed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    no_single_lead = models.BooleanField(
        _("no single lead"),
        default=False,
        help_text=_("A directive to a group: each chosen unit leads its own part."),
    )
    confidence = models.FloatField(
        _("confidence"),
        default=1.0,
        help_text=_("How much of the item the text states outright (0-1)."),
    )

    class Meta:
        ordering = ["draft", "span_start", "kind", "number", "id"]
        verbose_name = _("draft item")
        verbose_name_plural = _("draft items")
        constraints = [
            models.CheckConstraint(
                condition=Q(span_end__gte=F("span_start")), name="ingest_item_span_order"
            ),
            models.UniqueConstraint(
                fields=["draft", "kind", "number"], name="ingest_item_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.label}"

    @property
    def label(self) -> str:
        return str(self.fields.get("text") or self.fields.get("name") or "")

    @property
    def is_kept(self) -> bool:
        return self.decision in (ItemDecision.ACCEPTED, ItemDecision.EDITED)

    @property
    def needs_review(self) -> bool:
        """A person must look at it: the text was unsure, or a unit is still missing
        (a directive to a group has no lead until the reviewer picks one)."""
        if self.confidence < REVIEW_BELOW:
            return True
        if self.kind == ItemKind.DIRECTIVE:
            return self.unit_id is None and not self.no_single_lead
        if self.kind == ItemKind.RECOMMENDATION:
            return self.unit_id is None or self.addressee_id is None
        if self.kind == ItemKind.CONGRESS:
            return bool(self.fields.get("ordinal")) and self.unit_id is None
        return False


class AchievementKind(models.TextChoices):
    TASK = "task", _("focal task")
    BREAKTHROUGH = "breakthrough", _("breakthrough item")
    TARGET = "target", _("target")
    OTHER = "other", _("other result")


class Achievement(models.Model):
    """A result reported at a working session ("đạt và vượt 11/12 chỉ tiêu")."""

    session = models.ForeignKey(
        WorkingSession,
        verbose_name=_("working session"),
        on_delete=models.CASCADE,
        related_name="achievements",
    )
    text = models.TextField(_("text"))
    done = models.PositiveIntegerField(_("done"), null=True, blank=True)
    total = models.PositiveIntegerField(_("out of"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=AchievementKind.choices, default=AchievementKind.OTHER
    )

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        constraints = [
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(done__isnull=True) | Q(done__lte=F("total")),
                name="ingest_achievement_done_le_total",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="ingest_achievement_text"),
        ]

    def __str__(self) -> str:
        return self.text


class SourceSpan(models.Model):
    """Where a record came from: a document and a character span of its stored text."""

    document = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="spans")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    item = models.ForeignKey(
        DraftItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="provenance"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["document", "start", "id"]
        verbose_name = _("source span")
        verbose_name_plural = _("source spans")
        indexes = [models.Index(fields=["content_type", "object_id"], name="ingest_span_target")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="ingest_span_order"),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "document", "start", "end"],
                name="ingest_span_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} [{self.start}:{self.end}]"

    @property
    def quote(self) -> str:
        return self.document.text[self.start : self.end]
