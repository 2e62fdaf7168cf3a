"""Pages: the entry grid of a unit and period, a cell's history, report actions, completeness.

The grid's two writes of values (saving a cell, uploading a file) are
`tinhdoan.rollup.value_views`: saving rolls the values up, which this app sits below.
They build their answers with `grid_context` and `grid_page` from here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.documents.render import CONTENT_TYPES
from tinhdoan.lib.downloads import content_disposition
from tinhdoan.lib.errors import Refusal
from tinhdoan.lib.ratelimits import rate_limited
from tinhdoan.programs import selectors as programs
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.views import program_context

from . import selectors
from .checks import WarningsNotAcknowledged
from .forms import ReasonForm, SubtreeForm, UploadForm
from .models import EDITABLE_STATUSES
from .todo import program_report_states
from .value_files import values_template_xlsx
from .workflow import STEPS, available_actions, report_act


@login_required
def program_page(request, unit, year):
    """The program, and for each reporting period the state of the reports the user's
    units owe (not submitted, overdue, returned with its reason, awaiting approval…)."""
    context = program_context(request, unit, year)
    program = context["program"]
    context["periods"] = program_report_states(user=request.user, program=program)
    context["today"] = timezone.localdate()
    return render(request, "programs/detail.html", context)


@login_required
def completeness_page(request, unit, year, period):
    program = programs.program_get_for_user(user=request.user, unit_code=unit, year=year)
    reporting = programs.reporting_period_get(program=program, code=period)
    form = SubtreeForm(request.GET or None)
    under = None
    if form.is_valid() and form.cleaned_data["under"]:
        under = programs.reporting_unit_get_for_user(
            user=request.user, program=program, code=form.cleaned_data["under"]
        )
    result = selectors.completeness(
        user=request.user, program=program, reporting_period=reporting, under=under
    )
    units = [row.unit for row in result.rows]
    scope = scope_for(request.user)
    if scope.can_read(program.unit) and under is None:
        units = [program.unit, *units]
    targets, matrix = selectors.values_matrix(
        program=program, reporting_period=reporting, units=units
    )
    return render(
        request,
        "reporting/completeness.html",
        {
            "program": program,
            "reporting": reporting,
            "result": result,
            "form": form,
            "targets": targets,
            "matrix": matrix,
        },
    )


def grid_context(request, unit, year, period, code, *, write=False) -> dict:
    """What every page of a unit's grid knows: the program, period, unit and its report,
    whether the user may type in it and which report steps they may take. 404 when the
    user may not read (or, with `write`, write) the unit."""
    program = programs.program_get_for_user(user=request.user, unit_code=unit, year=year)
    reporting = programs.reporting_period_get(program=program, code=period)
    reporting_unit = programs.reporting_unit_get_for_user(
        user=request.user, program=program, code=code, write=write
    )
    submission = selectors.submission_for(reporting_period=reporting, unit=reporting_unit)
    scope = scope_for(request.user)
    editable = (
        reporting.is_open
        and scope.can_write(reporting_unit)
        and submission.status in EDITABLE_STATUSES
    )
    return {
        "program": program,
        "reporting": reporting,
        "unit": reporting_unit,
        "submission": submission,
        "editable": editable,
        "readonly_reason": "" if editable else _readonly_reason(scope, reporting, submission),
        "actions": [(a, STEPS[a]) for a in available_actions(request.user, submission)],
    }


def _readonly_reason(scope, reporting, submission) -> str:
    """Why the grid takes no typing, said on the page and when a cell is touched."""
    if not scope.can_write(submission.unit):
        return _("You may read this report; only the officers of its unit enter its figures.")
    if not reporting.is_open:
        return _("The period is closed for entry.")
    if submission.status == "submitted":
        return _(
            "The report has been submitted and awaits approval; it can be changed after the "
            "approver returns it."
        )
    return _("The report is %(status)s; the approver must reopen it before it can be changed.") % {
        "status": submission.get_status_display().lower()
    }


def grid_page(request, context: dict, *, upload_form=None, upload_errors=(), status=200):
    """The grid page, with a refused upload's form and errors when there are some."""
    context["rows"] = selectors.grid_rows(
        program=context["program"], unit=context["unit"], reporting_period=context["reporting"]
    )
    context["upload_form"] = upload_form or UploadForm()
    context["upload_errors"] = list(upload_errors)
    context["reason_form"] = ReasonForm()
    return render(request, "reporting/grid.html", context, status=status)


def grid_url(unit, year, period, code) -> str:
    return reverse("reporting:grid", args=[unit, year, period, code])


@login_required
def grid(request, unit, year, period, code):
    return grid_page(request, grid_context(request, unit, year, period, code))


@login_required
def cell_history(request, unit, year, period, code, target):
    context = grid_context(request, unit, year, period, code)
    target_obj = programs.target_get(program=context["program"], code=target)
    history = selectors.cell_history(
        unit=context["unit"], target=target_obj, reporting_period=context["reporting"]
    )
    return render(
        request,
        "reporting/_history.html",
        {**context, "target": target_obj, "history": history},
    )


@login_required
@require_POST
def report_action(request, unit, year, period, code, action):
    context = grid_context(request, unit, year, period, code)
    form = ReasonForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        submission = report_act(
            user=request.user,
            reporting_period=context["reporting"],
            unit=context["unit"],
            action=action,
            reason=data.get("reason", ""),
            acknowledge_warnings=data.get("acknowledge_warnings", False),
        )
    except WarningsNotAcknowledged as exc:
        # The grid again, with the warnings and a confirmation that asks for a comment.
        context["submit_warnings"] = exc.warnings
        context["submit_refusal"] = exc.messages[0]
        return grid_page(request, context, status=422)
    except ProgramsError as exc:
        if exc.kind is Refusal.NOT_FOUND:
            raise
        messages.error(request, " ".join(exc.messages))
        response = redirect(grid_url(unit, year, period, code))
        response.status_code = 303
        return response
    messages.success(
        request,
        _("Done: the report is now “%(status)s”.") % {"status": submission.get_status_display()},
    )
    return redirect(grid_url(unit, year, period, code))


@login_required
@rate_limited("report")
def template_download(request, unit, year, period, code):
    context = grid_context(request, unit, year, period, code)
    data = values_template_xlsx(
        program=context["program"], unit=context["unit"], reporting_period=context["reporting"]
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES["xlsx"])
    filename = f"so-lieu-{context['unit'].code}-{context['reporting'].period.code}.xlsx"
    response["Content-Disposition"] = content_disposition(filename)
    return response
