"""Working sessions, the directives concluded in them, recommendations, and their follow-up.

A directive's status is derived at read time from its stored workflow state,
its deadline and the day it is read: "overdue" needs no scheduled job.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.errors import Conflict, DomainError
from tinhdoan.lib.text_limits import LONG_TEXT, NOTE, TEXT
from tinhdoan.org.models import Person, Unit


class MeetingError(DomainError):
    """A refused change; the message is for the user."""


class StaleEdit(MeetingError, Conflict):
    """Someone else saved the record since it was read."""


class SourceKind(models.TextChoices):
    ARTICLE = "article", _("News article")
    REPORT = "report", _("Report")
    CONCLUSION_NOTICE = "conclusion_notice", _("Conclusion notice")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other document")


class SourceDocument(models.Model):
    """An ingested text (news article, report, conclusion notice) that records cite."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=24, choices=SourceKind.choices)
    published = models.DateField(_("published"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to="sources/%Y/", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-published", "id"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Topics discussed at one working session, each at most a note long (lib/text_limits.py).
MAX_TOPICS = 100


class WorkingSession(models.Model):
    """A working session (buổi làm việc) of leaders with a unit, laid out like minutes."""

    title = models.CharField(_("title"), max_length=300)
    held_at = models.DateTimeField(_("date and time"))
    # A session read from an article that gives only its day: held_at is that day at
    # midnight, and the time is never shown.
    time_known = models.BooleanField(_("time known"), default=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    host_unit = models.ForeignKey(
        Unit, verbose_name=_("host unit"), on_delete=models.PROTECT, related_name="hosted_sessions"
    )
    issuer = models.ForeignKey(
        Unit,
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="issued_sessions",
        help_text=_("The body whose leaders chaired the session and who issues its directives."),
    )
    chairs = models.ManyToManyField(
        Person, through="SessionChair", verbose_name=_("chairing leaders"), related_name="+"
    )
    participant_people = models.ManyToManyField(
        Person, verbose_name=_("other participants"), blank=True, related_name="+"
    )
    participant_units = models.ManyToManyField(
        Unit, verbose_name=_("participating units"), blank=True, related_name="+"
    )
    period_reviewed = models.CharField(_("period reviewed"), max_length=20, blank=True)
    report_document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("report presented"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report_url = models.CharField(_("link to the results report"), max_length=500, blank=True)
    topics = models.JSONField(_("topics discussed"), default=list, blank=True)
    strengths = models.TextField(_("strengths"), blank=True, max_length=LONG_TEXT)
    limitations = models.TextField(_("limitations"), blank=True, max_length=LONG_TEXT)
    conclusion = models.TextField(_("conclusion"), blank=True, max_length=LONG_TEXT)
    source_documents = models.ManyToManyField(
        SourceDocument, verbose_name=_("source documents"), blank=True, related_name="sessions"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("working session")
        verbose_name_plural = _("working sessions")

    def __str__(self) -> str:
        return self.title

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.held_at)


class SessionChair(models.Model):
    session = models.ForeignKey(
        WorkingSession, on_delete=models.CASCADE, related_name="chair_links"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="meetings_chair_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)


class State(models.TextChoices):
    """The stored workflow state of a directive."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    ADJUSTMENT_REQUESTED = "adjustment_requested", _("deadline change requested")
    COMPLETED = "completed", _("completed")


class Status(models.TextChoices):
    """The status users see: the state, with completion and lateness judged against the deadline."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    ADJUSTMENT_REQUESTED = "adjustment_requested", _("deadline change requested")
    COMPLETED_ON_TIME = "completed_on_time", _("completed on time")
    COMPLETED_LATE = "completed_late", _("completed late")
    OVERDUE = "overdue", _("overdue")


class Category(models.TextChoices):
    """The four categories of the Government's rules on following up assigned tasks."""

    COMPLETED_ON_TIME = "completed_on_time", _("completed on time")
    COMPLETED_LATE = "completed_late", _("completed late")
    NOT_COMPLETED_IN_TIME = "not_completed_in_time", _("not completed, within the deadline")
    NOT_COMPLETED_OVERDUE = "not_completed_overdue", _("not completed, overdue")


STATUS_CATEGORY = {
    Status.NOT_STARTED: Category.NOT_COMPLETED_IN_TIME,
    Status.IN_PROGRESS: Category.NOT_COMPLETED_IN_TIME,
    Status.ADJUSTMENT_REQUESTED: Category.NOT_COMPLETED_IN_TIME,
    Status.COMPLETED_ON_TIME: Category.COMPLETED_ON_TIME,
    Status.COMPLETED_LATE: Category.COMPLETED_LATE,
    Status.OVERDUE: Category.NOT_COMPLETED_OVERDUE,
}


class Priority(models.TextChoices):
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


# (from state, to state) -> who may make the move: "issuer" or "assignee".
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.NOT_STARTED, State.IN_PROGRESS): "assignee",
    (State.NOT_STARTED, State.ADJUSTMENT_REQUESTED): "assignee",
    (State.IN_PROGRESS, State.ADJUSTMENT_REQUESTED): "assignee",
    (State.ADJUSTMENT_REQUESTED, State.IN_PROGRESS): "issuer",
    (State.ADJUSTMENT_REQUESTED, State.NOT_STARTED): "issuer",
    (State.NOT_STARTED, State.COMPLETED): "issuer",
    (State.IN_PROGRESS, State.COMPLETED): "issuer",
    (State.COMPLETED, State.IN_PROGRESS): "issuer",
}


def status_expression(today: datetime.date) -> Case:
    """The derived status as a database expression (mirrors `Directive.status_on`)."""
    return Case(
        When(state=State.COMPLETED, deadline__isnull=True, then=Value(Status.COMPLETED_ON_TIME)),
        When(
            state=State.COMPLETED,
            completed_on__lte=F("deadline"),
            then=Value(Status.COMPLETED_ON_TIME),
        ),
        When(state=State.COMPLETED, then=Value(Status.COMPLETED_LATE)),
        When(deadline__lt=today, then=Value(Status.OVERDUE)),
        default=F("state"),
        output_field=models.CharField(),
    )


class DirectiveQuerySet(models.QuerySet):
    def with_status(self, today: datetime.date | None = None) -> "DirectiveQuerySet":
        return self.annotate(status=status_expression(today or timezone.localdate()))


class Directive(models.Model):
    """A task assigned by a session or a document (nhiệm vụ được giao), followed to its end."""

    issuer = models.ForeignKey(
        Unit, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        WorkingSession,
        verbose_name=_("working session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
    )
    source_document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directives",
    )
    source_reference = models.CharField(
        _("document reference"),
        max_length=200,
        blank=True,
        help_text=_('For a directive from a document, e.g. "Thông báo kết luận số 12-TB/UBND".'),
    )
    number = models.PositiveSmallIntegerField(_("item number"), default=1)
    content = models.TextField(_("content"), max_length=TEXT)
    lead = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    coordinators = models.ManyToManyField(
        Unit, verbose_name=_("coordinating units"), blank=True, related_name="+"
    )
    assigned_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    ongoing = models.BooleanField(_("ongoing"), default=False)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.NOT_STARTED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        ordering = ["assigned_on", "session_id", "number", "id"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        indexes = [models.Index(fields=["state", "deadline"], name="meetings_directive_due")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(ongoing=True) & Q(deadline__isnull=True))
                | (Q(ongoing=False) & Q(deadline__isnull=False)),
                name="meetings_directive_deadline_or_ongoing",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("assigned_on")),
                name="meetings_directive_deadline_after_assignment",
            ),
            models.CheckConstraint(
                condition=(Q(state="completed") & Q(completed_on__isnull=False))
                | (~Q(state="completed") & Q(completed_on__isnull=True)),
                name="meetings_directive_completed_on",
            ),
            models.CheckConstraint(condition=~Q(content=""), name="meetings_directive_content"),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def status_on(self, today: datetime.date) -> str:
        if self.state == State.COMPLETED:
            if self.deadline is None or self.completed_on <= self.deadline:
                return Status.COMPLETED_ON_TIME
            return Status.COMPLETED_LATE
        if self.deadline is not None and self.deadline < today:
            return Status.OVERDUE
        return self.state

    @property
    def current_status(self) -> str:
        """The status annotated by the query, or derived for today."""
        return getattr(self, "status", None) or self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return Status(self.current_status).label

    @property
    def category(self) -> str:
        return STATUS_CATEGORY[Status(self.current_status)]

    def move_to(self, state: str, *, on: datetime.date | None = None) -> None:
        """Change the workflow state if the transition table allows it; else raise MeetingError."""
        if (self.state, state) not in TRANSITIONS:
            raise MeetingError(
                _("A directive cannot go from “%(old)s” to “%(new)s”.")
                % {"old": State(self.state).label, "new": State(state).label}
            )
        self.state = state
        self.completed_on = (on or timezone.localdate()) if state == State.COMPLETED else None


class EventKind(models.TextChoices):
    CREATED = "created", _("assigned")
    EDITED = "edited", _("edited")
    STARTED = "started", _("started")
    PROGRESS = "progress", _("progress reported")
    ADJUSTMENT_REQUESTED = "adjustment_requested", _("deadline change requested")
    ADJUSTMENT_ACCEPTED = "adjustment_accepted", _("deadline change accepted")
    ADJUSTMENT_REFUSED = "adjustment_refused", _("deadline change refused")
    COMPLETED = "completed", _("completed")
    REOPENED = "reopened", _("reopened")


class DirectiveEvent(models.Model):
    """The history of a directive: who changed what, when and why."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_state = models.CharField(max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=24, choices=State.choices, blank=True)
    old_deadline = models.DateField(null=True, blank=True)
    new_deadline = models.DateField(null=True, blank=True)
    # A reason given, or the progress report the event records (with its percent).
    reason = models.TextField(blank=True, max_length=TEXT + 10)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("directive history entry")
        verbose_name_plural = _("directive history")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y})"


class ProgressReport(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="progress")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(_("progress"), max_length=TEXT)
    percent = models.PositiveSmallIntegerField(_("percent done"))

    class Meta:
        ordering = ["reported_at", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="meetings_progress_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.percent}% — {self.text[:60]}"


class Evidence(models.Model):
    """A file attached to a progress report, stored under the data directory."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class Decision(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class DeadlineChange(models.Model):
    """The assignee asks for a new deadline; the issuer accepts or refuses."""

    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="deadline_changes"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    proposed_deadline = models.DateField(_("proposed deadline"))
    reason = models.TextField(_("reason"), max_length=NOTE)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, max_length=NOTE)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("deadline change request")
        verbose_name_plural = _("deadline change requests")
        constraints = [
            models.UniqueConstraint(
                fields=["directive"],
                condition=Q(decision="pending"),
                name="meetings_one_pending_deadline_change",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposed_deadline:%d/%m/%Y} ({self.get_decision_display()})"


class RecommendationStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    UNDER_CONSIDERATION = "under_consideration", _("under consideration")
    ANSWERED = "answered", _("answered")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    RESOLVED = "resolved", _("resolved")


class Recommendation(models.Model):
    """A recommendation (kiến nghị) raised by a unit to an authority, until it is answered."""

    session = models.ForeignKey(
        WorkingSession,
        verbose_name=_("working session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    raised_by = models.ForeignKey(
        Unit, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    addressee = models.ForeignKey(
        Unit, verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("content"), max_length=TEXT)
    received_on = models.DateField(_("received on"))
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.RECEIVED,
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=TEXT)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resulting_directive = models.ForeignKey(
        Directive,
        verbose_name=_("resulting directive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="from_recommendations",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status="answered")
                    & ~Q(outcome="")
                    & Q(answered_on__isnull=False)
                    & ~Q(answer="")
                )
                | (~Q(status="answered") & Q(outcome="") & Q(answered_on__isnull=True)),
                name="meetings_recommendation_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]


class CalendarFeed(models.Model):
    """The secret token of a user's deadline calendar (iCalendar) address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_calendar"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({self.token[:6]}…)"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
