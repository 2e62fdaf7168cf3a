"""A unit's report for a period: draft → submitted → approved (or returned) → locked → reopened.

The unit's own officers submit; the approver of the level directly above
returns (with a reason), approves, locks and reopens (with a reason). Each step
is a SubmissionEvent, shown in the history of every cell of the report.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib.text_limits import checked_create, text_fields_check
from tinhdoan.org.models import Unit
from tinhdoan.programs.errors import NotAllowed, NotInScope, ProgramsError, StateConflict
from tinhdoan.programs.models import ReportingPeriod

from .checks import WarningsNotAcknowledged, submission_warnings
from .models import Submission, SubmissionEvent
from .models import SubmissionStatus as S
from .notify import report_step_notify


@dataclass(frozen=True)
class Step:
    sources: frozenset
    target: str
    by: str  # "unit": the unit's own officers; "above": the approver of the level above
    needs_reason: bool = False
    label: object = ""


STEPS = {
    "submit": Step(
        frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, "unit", label=gettext_lazy("Submit")
    ),
    "return": Step(frozenset({S.SUBMITTED}), S.RETURNED, "above", True, gettext_lazy("Return")),
    "approve": Step(frozenset({S.SUBMITTED}), S.APPROVED, "above", label=gettext_lazy("Approve")),
    "lock": Step(frozenset({S.APPROVED}), S.LOCKED, "above", label=gettext_lazy("Lock")),
    "reopen": Step(
        frozenset({S.APPROVED, S.LOCKED}), S.DRAFT, "above", True, gettext_lazy("Reopen")
    ),
}

ACTION_LABELS = {
    "submit": gettext_lazy("submitted"),
    "return": gettext_lazy("returned"),
    "approve": gettext_lazy("approved"),
    "lock": gettext_lazy("locked"),
    "reopen": gettext_lazy("reopened"),
}


def may_act(user, unit: Unit, action: str) -> bool:
    scope = scope_for(user)
    if STEPS[action].by == "unit":
        return scope.can_write(unit)
    return scope.can_approve(unit) and (scope.is_admin or not scope.can_write(unit))


def available_actions(user, submission: Submission) -> list[str]:
    return [
        action
        for action, step in STEPS.items()
        if submission.status in step.sources and may_act(user, submission.unit, action)
    ]


@transaction.atomic
def report_act(
    *,
    user,
    reporting_period: ReportingPeriod,
    unit: Unit,
    action: str,
    reason: str = "",
    notify: bool = True,
    acknowledge_warnings: bool = False,
) -> Submission:
    """Take one step of the workflow on the unit's report and tell who acts next (unless
    `notify` is false: the demo's history); raises ProgramsError subclasses.

    Submitting checks the report first: an empty one is refused; one with warnings is
    refused (WarningsNotAcknowledged, listing them) unless the officer acknowledges them
    and explains in `reason`, which is kept with the warnings for the approver."""
    if action not in STEPS:
        raise ProgramsError(_("Unknown action."))
    step = STEPS[action]
    _check_allowed(user, reporting_period, unit, action)
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise ProgramsError(_("Give the reason."))
    submission, _created = Submission.objects.select_for_update().get_or_create(
        reporting_period=reporting_period, unit=unit
    )
    if submission.status not in step.sources:
        raise StateConflict(
            _("The report is %(status)s; it cannot be %(action)s now.")
            % {"status": submission.get_status_display().lower(), "action": ACTION_LABELS[action]}
        )
    if action == "submit":
        submission.warnings = _submit_checks(reporting_period, unit, reason, acknowledge_warnings)
        submission.submit_comment = reason
    event = _record_step(submission, user=user, action=action, reason=reason)
    if notify:
        submission.unit, submission.reporting_period = unit, reporting_period
        report_step_notify(submission=submission, event=event)
    return submission


def _submit_checks(
    reporting_period: ReportingPeriod, unit: Unit, comment: str, acknowledged: bool
) -> list[str]:
    """The report's warnings, once acknowledged with a comment; refused otherwise."""
    warnings = submission_warnings(reporting_period=reporting_period, unit=unit)
    if warnings and not acknowledged:
        raise WarningsNotAcknowledged(warnings)
    if warnings and not comment:
        raise WarningsNotAcknowledged(
            warnings, _("Say in a comment why the report is submitted with these warnings.")
        )
    return warnings


def _check_allowed(user, reporting_period: ReportingPeriod, unit: Unit, action: str) -> None:
    program = reporting_period.program
    if not scope_for(user).can_read(unit) or not unit.path.startswith(program.unit.path):
        raise NotInScope(_("Not found."))
    if may_act(user, unit, action):
        return
    if STEPS[action].by == "unit":
        raise NotAllowed(
            _("Only the officers of %(unit)s can submit its report.") % {"unit": unit.name}
        )
    raise NotAllowed(
        _("Only the approver of the level directly above %(unit)s can do this.")
        % {"unit": unit.name}
    )


def _record_step(submission: Submission, *, user, action: str, reason: str) -> SubmissionEvent:
    """Move the report to the step's status, stamped with who and when, and log the step."""
    step = STEPS[action]
    now = timezone.now()
    before = submission.status
    submission.status = step.target
    fields = ["status"]
    if action == "submit":
        submission.submitted_at, submission.submitted_by = now, user
        fields += ["submitted_at", "submitted_by", "warnings", "submit_comment"]
        if submission.first_submitted_at is None:
            submission.first_submitted_at = now
            fields.append("first_submitted_at")
    else:
        submission.decided_at, submission.decided_by = now, user
        fields += ["decided_at", "decided_by"]
        if action == "return":
            submission.return_reason = reason
            fields.append("return_reason")
    text_fields_check(submission)
    submission.save(update_fields=fields)
    return checked_create(
        SubmissionEvent,
        submission=submission,
        action=action,
        from_status=before,
        to_status=step.target,
        actor=user,
        at=now,
        reason=reason,
    )


def report_submit(
    *, user, reporting_period, unit, acknowledge_warnings: bool = False, comment: str = ""
) -> Submission:
    return report_act(
        user=user,
        reporting_period=reporting_period,
        unit=unit,
        action="submit",
        reason=comment,
        acknowledge_warnings=acknowledge_warnings,
    )


def report_return(*, user, reporting_period, unit, reason: str) -> Submission:
    return report_act(
        user=user, reporting_period=reporting_period, unit=unit, action="return", reason=reason
    )


def report_approve(*, user, reporting_period, unit) -> Submission:
    return report_act(user=user, reporting_period=reporting_period, unit=unit, action="approve")


def report_lock(*, user, reporting_period, unit) -> Submission:
    return report_act(user=user, reporting_period=reporting_period, unit=unit, action="lock")


def report_reopen(*, user, reporting_period, unit, reason: str) -> Submission:
    return report_act(
        user=user, reporting_period=reporting_period, unit=unit, action="reopen", reason=reason
    )
