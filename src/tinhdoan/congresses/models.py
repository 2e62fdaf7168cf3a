"""Congresses of units (đại hội) and campaigns that follow a whole subtree toward its top congress."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.errors import DomainError
from tinhdoan.lib.roman import to_roman
from tinhdoan.lib.text_limits import NOTE
from tinhdoan.org.models import Person, Position, Unit, UnitKind


class CongressError(DomainError):
    """A refused change; the message is for the user."""


class CongressKind(models.TextChoices):
    DELEGATES = "delegates", _("Congress of delegates")
    ALL_MEMBERS = "all_members", _("Congress of all members")


# Term of office in years per unit kind, from the Union's charter (Điều lệ Đoàn TNCS
# Hồ Chí Minh: congresses of the provincial, district and grassroots levels every five
# years) and the Student Association's charter (the provincial association every five
# years). A `TermRule` row overrides the default for one kind.
CHARTER_TERM_YEARS: dict[str, int] = {
    UnitKind.PROVINCIAL_UNION: 5,
    UnitKind.DISTRICT_UNION: 5,
    UnitKind.COMMUNE_UNION: 5,
    UnitKind.BLOC_UNION: 5,
    UnitKind.SCHOOL_UNION: 5,
    UnitKind.GRASSROOTS_UNION: 5,
    UnitKind.ASSOCIATION: 5,
}
DEFAULT_TERM_YEARS = 5


class TermRule(models.Model):
    """The length of a term of office for one kind of unit, where it differs from the charter."""

    unit_kind = models.CharField(
        _("unit kind"), max_length=32, choices=UnitKind.choices, unique=True
    )
    years = models.PositiveSmallIntegerField(_("years"))

    class Meta:
        ordering = ["unit_kind"]
        verbose_name = _("term rule")
        verbose_name_plural = _("term rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(years__gte=1) & Q(years__lte=10), name="congresses_termrule_years"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_unit_kind_display()}: {self.years}"


def term_years_for(kind: str) -> int:
    rule = TermRule.objects.filter(unit_kind=kind).values_list("years", flat=True).first()
    return rule or CHARTER_TERM_YEARS.get(kind, DEFAULT_TERM_YEARS)


class Flag(models.TextChoices):
    ORDINAL_SKIPPED = "ordinal_skipped", _("ordinal is not the next one")
    TERM_GAP = "term_gap", _("gap after the previous term")
    TERM_OVERLAP = "term_overlap", _("overlaps the previous term")
    TERM_LENGTH = "term_length", _("term length differs from the rule")
    HELD_WITH_MISSING = "held_with_missing", _("held while lower levels were missing")


class Congress(models.Model):
    """One congress of one unit: "Đại hội đại biểu … lần thứ XIII, nhiệm kỳ 2017–2022"."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="congresses"
    )
    ordinal = models.PositiveSmallIntegerField(_("ordinal"))
    term_start = models.PositiveSmallIntegerField(_("term start year"))
    term_end = models.PositiveSmallIntegerField(_("term end year"))
    kind = models.CharField(
        _("kind of congress"),
        max_length=20,
        choices=CongressKind.choices,
        default=CongressKind.DELEGATES,
    )
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    delegates_expected = models.PositiveIntegerField(_("delegates expected"), null=True, blank=True)
    delegates_present = models.PositiveIntegerField(_("delegates present"), null=True, blank=True)
    ordinal_reason = models.TextField(
        _("reason for the ordinal"),
        blank=True,
        max_length=NOTE,
        help_text=_("Required when the ordinal is not the one after the previous congress."),
    )
    missing_levels_reason = models.TextField(
        _("reason for holding before the lower levels"), blank=True, max_length=NOTE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["unit__path", "ordinal"]
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        constraints = [
            models.UniqueConstraint(fields=["unit", "ordinal"], name="congresses_unit_ordinal"),
            models.UniqueConstraint(fields=["unit", "term_start"], name="congresses_unit_term"),
            models.CheckConstraint(condition=Q(ordinal__gte=1), name="congresses_ordinal_positive"),
            models.CheckConstraint(
                condition=Q(term_end__gt=F("term_start")), name="congresses_term_order"
            ),
            models.CheckConstraint(
                condition=Q(delegates_present__isnull=True)
                | Q(delegates_expected__isnull=True)
                | Q(delegates_present__lte=F("delegates_expected")),
                name="congresses_delegates_present_le_expected",
            ),
        ]
        indexes = [models.Index(fields=["term_start", "unit"], name="congresses_term_unit")]

    def __str__(self) -> str:
        return self.title

    @property
    def ordinal_roman(self) -> str:
        return to_roman(self.ordinal)

    @property
    def term_label(self) -> str:
        return f"{self.term_start}–{self.term_end}"

    @property
    def title(self) -> str:
        return str(
            _("%(kind)s of %(unit)s, no. %(roman)s, term %(term)s")
            % {
                "kind": self.get_kind_display(),
                "unit": self.unit.name,
                "roman": self.ordinal_roman,
                "term": self.term_label,
            }
        )

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    def mark_held(
        self, *, held_on: datetime.date, delegates_present: int | None, missing_reason: str = ""
    ) -> None:
        self.held_on = held_on
        self.delegates_present = delegates_present
        self.missing_levels_reason = missing_reason
        self.save(update_fields=["held_on", "delegates_present", "missing_levels_reason"])


class CommitteeMember(models.Model):
    """A member of the executive committee elected by a congress, with the position it gave."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="committee")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    rank = models.PositiveSmallIntegerField(_("rank"), default=100)
    position = models.OneToOneField(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["congress", "rank", "person__sort_key", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "person", "title"], name="congresses_member_unique"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="congresses_member_title"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.person}"


class CongressDocument(models.Model):
    """A document of a congress: resolution, report, list of delegates, minutes."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("document title"), max_length=300)
    reference = models.CharField(_("number and symbol"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        ordering = ["congress", "issued_on", "id"]
        verbose_name = _("congress document")
        verbose_name_plural = _("congress documents")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="congresses_document_title")
        ]

    def __str__(self) -> str:
        return self.title


class CongressCampaign(models.Model):
    """The congresses of a subtree for one term, level by level, toward the top unit's congress.

    The units taking part are the union units under `top_unit` that existed on
    `tree_date`; a level is their depth below the top unit (1 = directly below).
    """

    top_unit = models.ForeignKey(
        Unit, verbose_name=_("top unit"), on_delete=models.PROTECT, related_name="campaigns"
    )
    term_start = models.PositiveSmallIntegerField(_("term start year"))
    term_end = models.PositiveSmallIntegerField(_("term end year"))
    name = models.CharField(_("name"), max_length=300)
    tree_date = models.DateField(
        _("units as of"), help_text=_("The units of the subtree that existed on this date.")
    )
    top_congress = models.OneToOneField(
        Congress,
        verbose_name=_("top congress"),
        on_delete=models.PROTECT,
        related_name="campaign",
    )

    class Meta:
        ordering = ["top_unit__path", "-term_start"]
        verbose_name = _("congress campaign")
        verbose_name_plural = _("congress campaigns")
        constraints = [
            models.UniqueConstraint(
                fields=["top_unit", "term_start"], name="congresses_campaign_unit_term"
            ),
            models.CheckConstraint(
                condition=Q(term_end__gt=F("term_start")), name="congresses_campaign_term_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def term_label(self) -> str:
        return f"{self.term_start}-{self.term_end}"


class CampaignLevel(models.Model):
    """The schedule of one level of a campaign: the congresses of units `depth` levels down."""

    campaign = models.ForeignKey(CongressCampaign, on_delete=models.CASCADE, related_name="levels")
    depth = models.PositiveSmallIntegerField(_("levels below the top unit"))
    label = models.CharField(_("label"), max_length=120)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    deadline = models.DateField(_("scheduled until"))

    class Meta:
        ordering = ["campaign", "-depth"]
        verbose_name = _("campaign level")
        verbose_name_plural = _("campaign levels")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "depth"], name="congresses_level_unique"),
            models.CheckConstraint(condition=Q(depth__gte=1), name="congresses_level_depth"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__lte=F("deadline")),
                name="congresses_level_interval",
            ),
        ]

    def __str__(self) -> str:
        return self.label
