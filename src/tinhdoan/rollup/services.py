"""Writes of the roll-up app: explanation requests on lagging targets and their answers,
and keeping the stored aggregates in step with saved values."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from tinhdoan.accounts.models import Role
from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib import errors
from tinhdoan.lib.text_limits import checked_create
from tinhdoan.org.models import Unit
from tinhdoan.programs.models import Period, Program, Target

from . import engine, freshness
from .evaluation import LAGGING
from .models import ExplanationRequest, ExplanationStatus
from .selectors import ResultsError, results_key, unit_results

REQUEST_ROLES = {Role.LEADERSHIP, Role.APPROVER, Role.ADMIN}
ANSWER_ROLES = [Role.OFFICER, Role.APPROVER, Role.ADMIN]


class ExplanationError(ResultsError):
    """A refused request for an explanation, or a refused answer."""


class ExplanationNotFound(ExplanationError, errors.NotFound):
    pass


class ExplanationNotAllowed(ExplanationError, errors.NotAllowed):
    pass


class ExplanationConflict(ExplanationError, errors.Conflict):
    pass


def rollup_values_saved(
    *, program: Program, cells, targets=None, periods=None, structure: int | None = None
) -> None:
    """The last step of `saving.values_save`, inside its transaction: tree changes left
    pending are applied first, then the saved cells' ancestors recomputed (a saved period
    left stale by a rule change is recomputed whole). `structure`: the structure revision
    the save was resolved under."""
    freshness.tree_changes_apply(structure=structure)
    engine.values_saved(program=program, cells=cells, targets=targets, periods=periods)


def may_request_explanation(user, unit: Unit) -> bool:
    """Leadership readers and administrators, and approvers of a unit above this one."""
    scope = scope_for(user)
    if not scope.can_read(unit):
        return False
    for membership in scope.memberships:
        if membership.role in (Role.LEADERSHIP, Role.ADMIN):
            return True
        if (
            membership.role == Role.APPROVER
            and unit.path.startswith(membership.unit.path)
            and unit.pk != membership.unit_id
        ):
            return True
    return bool(scope.is_admin)


def _unit_users(unit: Unit):
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__unit=unit, memberships__role__in=ANSWER_ROLES)
        .distinct()
    )


@transaction.atomic
def explanation_request(
    *,
    user,
    unit: Unit,
    target: Target,
    period: Period,
    message: str,
    day: datetime.date | None = None,
) -> ExplanationRequest:
    """Ask a unit to explain a lagging target; its officers are notified."""
    if not scope_for(user).can_read(unit):
        raise ExplanationNotFound(_("Not found."))
    if not may_request_explanation(user, unit):
        raise ExplanationNotAllowed(
            _("Only leaders and the approvers above %(unit)s can request an explanation.")
            % {"unit": unit.name}
        )
    message = " ".join((message or "").split())
    if not message:
        raise ExplanationError(_("Write what the unit should explain."))
    status = _lagging_status(unit=unit, target=target, period=period, day=day)
    if ExplanationRequest.objects.filter(
        target=target, unit=unit, period=period, status=ExplanationStatus.OPEN
    ).exists():
        raise ExplanationConflict(
            _("An explanation of %(target)s is already awaited from %(unit)s.")
            % {"target": str(target), "unit": unit.name}
        )
    request = checked_create(
        ExplanationRequest,
        target=target,
        unit=unit,
        period=period,
        message=message,
        requested_by=user,
        status_when_requested=status,
    )
    _notify_unit(request)
    return request


def _lagging_status(*, unit: Unit, target: Target, period: Period, day) -> str:
    """The target's shown status at the unit; refused unless it lags (not met, at risk,
    off track)."""
    key = results_key(unit=unit, period_code=period.code)
    if target.program_id != key.program.pk:
        raise ExplanationError(
            _("%(target)s is not a target of the program of %(unit)s for %(period)s.")
            % {"target": str(target), "unit": unit.name, "period": period.code}
        )
    results = unit_results(key=key, day=day, with_sub_units=False)
    row = next(r for r in results.rows if r.target.pk == target.pk)
    if not row.evaluable or row.shown_status not in LAGGING:
        raise ExplanationError(
            _(
                "%(target)s is not lagging at %(unit)s for %(period)s; an explanation is requested "
                "only for a target that is not met, at risk or off track."
            )
            % {"target": str(target), "unit": unit.name, "period": period.code}
        )
    return row.shown_status


def _notify_unit(request: ExplanationRequest) -> None:
    """Mail the unit's officers once the request is committed."""
    recipients = [u.email for u in _unit_users(request.unit) if u.email]
    if not recipients:
        return
    target = request.target
    subject = _("Explanation requested: %(code)s, %(period)s") % {
        "code": target.code,
        "period": request.period.code,
    }
    body = f"{target.code} {target.name}\n\n{request.message}"
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
        )
    )


def explanation_get_for_user(*, user, pk: int) -> ExplanationRequest:
    request = (
        ExplanationRequest.objects.select_related("unit", "target", "period").filter(pk=pk).first()
    )
    if request is None or not scope_for(user).can_read(request.unit):
        raise ExplanationNotFound(_("Not found."))
    return request


@transaction.atomic
def explanation_answer(*, user, request: ExplanationRequest, answer: str) -> ExplanationRequest:
    """The unit's answer to an explanation request."""
    scope = scope_for(user)
    if not scope.can_read(request.unit):
        raise ExplanationNotFound(_("Not found."))
    if not scope.can_write(request.unit):
        raise ExplanationNotAllowed(
            _("Only the officers of %(unit)s can answer this request.")
            % {"unit": request.unit.name}
        )
    request = ExplanationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ExplanationStatus.OPEN:
        raise ExplanationConflict(_("This request has already been answered."))
    answer = (answer or "").strip()
    if not answer:
        raise ExplanationError(_("The explanation is empty."))
    request.mark_answered(user=user, answer=answer)
    return request
