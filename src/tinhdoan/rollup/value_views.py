"""The grid's writes: saving one cell (HTMX) and uploading a file of values.

They save through `saving.values_save`, which rolls the values up, so they live here,
above `tinhdoan.reporting`; the grid page they belong to, its other actions and the
context they answer with are `tinhdoan.reporting.views`. Their addresses stay under the
grid's (`/programs/<unit>/<year>/<period>/<code>/cells/<target>/`, `…/upload/`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhdoan.lib.http_errors import http_status
from tinhdoan.lib.numbers import format_number
from tinhdoan.lib.ratelimits import rate_limited
from tinhdoan.programs.errors import ProgramsError, StaleVersion
from tinhdoan.programs.selectors import target_get
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.forms import CellForm, UploadForm
from tinhdoan.reporting.selectors import grid_row
from tinhdoan.reporting.views import grid_context, grid_page, grid_url

from .saving import values_import_file, values_save
from .value_jobs import values_import_needs_job, values_import_start


@login_required
@require_POST
def cell_save(request, unit, year, period, code, target):
    """Save one cell; answer with its row, showing the refusal in the cell (422, 409)."""
    context = grid_context(request, unit, year, period, code, write=True)
    program, reporting, reporting_unit = context["program"], context["reporting"], context["unit"]
    target_obj = target_get(program=program, code=target)
    row_of = {
        "program": program,
        "unit": reporting_unit,
        "reporting_period": reporting,
        "target": target_obj,
    }
    prefix = f"{reporting_unit.code} · {target_obj.code} · {reporting.period.code}: "
    form = CellForm(request.POST)
    status, error, warning = 200, "", ""
    stale = False
    if not form.is_valid():
        status, error = 422, _("The form is not valid; reload the page.")
    else:
        cell = CellInput(
            unit=reporting_unit.code,
            target=target_obj.code,
            period=reporting.period.code,
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
            version=form.cleaned_data["version"],
        )
        try:
            result = values_save(
                user=request.user,
                program=program,
                cells=[cell],
                source="web",
                reason=form.cleaned_data["reason"],
            )
            warning = " ".join(w.removeprefix(prefix) for w in result.warnings)
        except ProgramsError as exc:
            status, error = http_status(exc), " ".join(m.removeprefix(prefix) for m in exc.messages)
            stale = isinstance(exc, StaleVersion)
    row = grid_row(**row_of)
    if stale:
        error += " " + _saved_now(row)
    row.error, row.warning = error, warning
    row.conflict = status == 409
    if error:
        row.text = form.data.get("value", "")
        row.comment_text = form.data.get("comment", "")
    return render(request, "reporting/_row.html", {**context, "row": row}, status=status)


def _saved_now(row) -> str:
    """What a refused stale cell adds: the value someone else saved meanwhile."""
    current = row.value
    shown = format_number(current.value) if current and current.value is not None else "—"
    return _("The value saved now is %(value)s.") % {"value": shown}


@login_required
@require_POST
@rate_limited("upload")
def upload(request, unit, year, period, code):
    """Save a file of values from the grid; the grid again with the file's errors when it
    is refused, nothing written. A large file goes to a background job: its page follows
    the import."""
    context = grid_context(request, unit, year, period, code, write=True)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [_("Choose an XLSX or CSV file.")]
        return grid_page(request, context, upload_form=form, upload_errors=errors, status=422)
    upload_file = form.cleaned_data["file"]
    data = upload_file.read()
    try:
        if values_import_needs_job(upload_file.name, data):
            job = values_import_start(
                user=request.user,
                program=context["program"],
                unit=context["unit"],
                file_name=upload_file.name,
                data=data,
                grid_url=grid_url(unit, year, period, code),
            )
            return redirect("jobs:detail", pk=job.pk)
        result = values_import_file(
            user=request.user, program=context["program"], filename=upload_file.name, data=data
        )
    except ProgramsError as exc:
        return grid_page(
            request, context, upload_form=form, upload_errors=exc.messages, status=http_status(exc)
        )
    messages.success(
        request,
        _("Imported %(name)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
        % {
            "name": upload_file.name,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect(grid_url(unit, year, period, code))
