"""Coordination programs signed with departments, and exemplary models (điển hình tiên tiến)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.errors import DomainError
from tinhdoan.lib.text_limits import NOTE, TEXT
from tinhdoan.org.models import Unit


class CooperationError(DomainError):
    """A refused change; the message is for the user."""


class CoordinationProgram(models.Model):
    """A program signed between the union and one or more departments (chương trình phối hợp)."""

    union_unit = models.ForeignKey(
        Unit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    departments = models.ManyToManyField(Unit, verbose_name=_("departments"), related_name="+")
    number = models.CharField(_("number and symbol"), max_length=100)
    title = models.CharField(_("program title"), max_length=400)
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("coordination program")
        verbose_name_plural = _("coordination programs")
        constraints = [
            models.UniqueConstraint(
                fields=["union_unit", "number"], name="cooperation_program_number"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="cooperation_program_validity",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="cooperation_program_title"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def covers_year(self, year: int) -> bool:
        return self.valid_from.year <= year and (
            self.valid_to is None or self.valid_to.year >= year
        )


class ProgramItem(models.Model):
    """What one party commits to in a program."""

    program = models.ForeignKey(CoordinationProgram, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("item number"))
    content = models.TextField(_("content"), max_length=TEXT)
    party = models.ForeignKey(
        Unit, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["program", "number"]
        verbose_name = _("program item")
        verbose_name_plural = _("program items")
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="cooperation_item_number"),
            models.CheckConstraint(condition=~Q(content=""), name="cooperation_item_content"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:60]}"


class ItemResult(models.TextChoices):
    DONE = "done", _("Done")
    PARTLY = "partly", _("Partly done")
    NOT_DONE = "not_done", _("Not done")


class ProgramEvaluation(models.Model):
    """The yearly review of a program, item by item, possibly asked for by a directive."""

    program = models.ForeignKey(
        CoordinationProgram, on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reviewed_on = models.DateField(_("reviewed on"))
    summary = models.TextField(_("summary"), blank=True, max_length=TEXT)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=TEXT)
    directive = models.ForeignKey(
        "meetings.Directive",
        verbose_name=_("directive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["program", "year"]
        verbose_name = _("program evaluation")
        verbose_name_plural = _("program evaluations")
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="cooperation_evaluation_year")
        ]

    def __str__(self) -> str:
        return f"{self.program.number} — {self.year}"


class ItemEvaluation(models.Model):
    evaluation = models.ForeignKey(
        ProgramEvaluation, on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(ProgramItem, on_delete=models.PROTECT, related_name="results")
    result = models.CharField(_("result"), max_length=10, choices=ItemResult.choices)
    note = models.TextField(_("note"), blank=True, max_length=NOTE)

    class Meta:
        ordering = ["evaluation", "item__number"]
        verbose_name = _("item evaluation")
        verbose_name_plural = _("item evaluations")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="cooperation_result_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.get_result_display()}"


class ExemplarKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    PERSON = "person", _("Individual")


class ExemplarField(models.TextChoices):
    CAREER = "career", _("Establishing oneself and starting a career")
    VOLUNTEERING = "volunteering", _("Volunteering")
    STUDY = "study", _("Study")
    ENVIRONMENT = "environment", _("Protecting the environment")
    DIGITAL = "digital", _("Digital transformation")
    COUNTRYSIDE = "countryside", _("Building new countryside")
    OTHER = "other", _("Other fields")


class CommendationLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    DISTRICT = "district", _("District")
    GRASSROOTS = "grassroots", _("Grassroots")


class CommendationForm(models.TextChoices):
    MERIT = "merit", _("Certificate of merit")
    CERTIFICATE = "certificate", _("Certificate of commendation")
    PRAISE = "praise", _("Public praise")


class ExemplarStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    COMMENDED = "commended", _("Commended")


class Exemplar(models.Model):
    """A person or a collective held up as an example in a field and a year."""

    kind = models.CharField(_("kind of exemplar"), max_length=12, choices=ExemplarKind.choices)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="exemplars"
    )
    title = models.CharField(_("model"), max_length=300)
    field = models.CharField(_("field"), max_length=20, choices=ExemplarField.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    story = models.TextField(_("story"), blank=True, max_length=TEXT)
    status = models.CharField(
        _("status"), max_length=12, choices=ExemplarStatus.choices, default=ExemplarStatus.NOMINATED
    )
    nominated_on = models.DateField(_("nominated on"))
    commendation_level = models.CharField(
        _("commendation level"), max_length=12, choices=CommendationLevel.choices, blank=True
    )
    commendation_form = models.CharField(
        _("commendation form"), max_length=12, choices=CommendationForm.choices, blank=True
    )
    commended_on = models.DateField(_("commended on"), null=True, blank=True)
    commended_by = models.CharField(_("commended by"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "field", "name", "id"]
        verbose_name = _("exemplar")
        verbose_name_plural = _("exemplars")
        indexes = [models.Index(fields=["year", "field"], name="cooperation_exemplar_year")]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="cooperation_exemplar_name"),
            models.CheckConstraint(
                condition=(
                    Q(status="commended")
                    & Q(commended_on__isnull=False)
                    & ~Q(commendation_level="")
                    & ~Q(commendation_form="")
                )
                | (Q(status="nominated") & Q(commended_on__isnull=True)),
                name="cooperation_exemplar_commendation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.title}"

    @property
    def commendation_label(self) -> str:
        if self.status != ExemplarStatus.COMMENDED:
            return ""
        return f"{self.get_commendation_form_display()} ({self.get_commendation_level_display()})"

    def commend(self, *, level: str, form: str, on, by: str) -> None:
        self.status = ExemplarStatus.COMMENDED
        self.commendation_level, self.commendation_form = level, form
        self.commended_on, self.commended_by = on, by
        self.save(
            update_fields=[
                "status",
                "commendation_level",
                "commendation_form",
                "commended_on",
                "commended_by",
            ]
        )


class Replication(models.Model):
    """A unit that took up an exemplary model (nhân rộng), from a date."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="replications")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="replications"
    )
    on_date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True, max_length=NOTE)

    class Meta:
        ordering = ["exemplar", "on_date", "id"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        constraints = [
            models.UniqueConstraint(
                fields=["exemplar", "unit"], name="cooperation_replication_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exemplar} → {self.unit}"
