"""Pages: programs, the entry grid of a unit and period, completeness, report actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib.numbers import format_number
from tinhdoan.lib.storage import StorageFull
from tinhdoan.reporting.models import SubmissionStatus

from . import selectors, services
from .entry import value_write_one
from .errors import ProgramsError, StaleVersion
from .forms import CellForm, ItemForm, ReasonForm, SubtreeForm, UploadForm
from .models import Allocation, Breakthrough, EvidenceFile, FocalTask, ItemStatus, Target
from .value_files import values_import_file, values_template_xlsx
from .workflow import STEPS, available_actions, report_act


@login_required
def program_list(request):
    return render(
        request, "programs/list.html", {"programs": selectors.programs_for_user(request.user)}
    )


@login_required
def program_detail(request, unit, year):
    program = selectors.program_get_for_user(user=request.user, unit_code=unit, year=year)
    scope = scope_for(request.user)
    targets = list(program.targets.all())
    totals: dict[int, list] = {}
    for target_id, plan in Allocation.objects.filter(target__program=program).values_list(
        "target_id", "plan_value"
    ):
        totals.setdefault(target_id, []).append(plan)
    codes = {t.pk: t.code for t in targets}
    rows = []
    for t in targets:
        plans = totals.get(t.pk, [])
        total = sum(plans) if plans and t.rollup == "sum" else None
        mismatch = (
            t.rollup == "sum" and plans and t.plan_value is not None and total != t.plan_value
        )
        rows.append(
            {
                "target": t,
                "allocated_units": len(plans),
                "allocated_total": total,
                "mismatch": mismatch,
                "operands": " / ".join(
                    codes[i] for i in (t.ratio_numerator_id, t.ratio_denominator_id) if i
                )
                or codes.get(t.count_source_id, ""),
            }
        )
    can_edit = scope.can_write(program.unit)
    own_units = [
        m.unit
        for m in scope.memberships
        if m.unit.path.startswith(program.unit.path) and scope.can_write(m.unit)
    ]
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "focal_tasks": list(
                program.focal_tasks.select_related("responsible_unit").prefetch_related("files")
            ),
            "breakthroughs": list(
                program.breakthroughs.select_related("responsible_unit").prefetch_related("files")
            ),
            "can_edit": can_edit,
            "item_statuses": ItemStatus.choices,
            "rows": rows,
            "periods": list(program.reporting_periods.select_related("period")),
            "own_units": own_units,
        },
    )


@login_required
def completeness_page(request, unit, year, period):
    program = selectors.program_get_for_user(user=request.user, unit_code=unit, year=year)
    reporting = selectors.reporting_period_get(program=program, code=period)
    form = SubtreeForm(request.GET or None)
    under = None
    if form.is_valid() and form.cleaned_data["under"]:
        under = selectors.reporting_unit_get_for_user(
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
        "programs/completeness.html",
        {
            "program": program,
            "reporting": reporting,
            "result": result,
            "form": form,
            "targets": targets,
            "matrix": matrix,
        },
    )


def _grid_context(request, unit, year, period, code, *, write=False):
    program = selectors.program_get_for_user(user=request.user, unit_code=unit, year=year)
    reporting = selectors.reporting_period_get(program=program, code=period)
    reporting_unit = selectors.reporting_unit_get_for_user(
        user=request.user, program=program, code=code, write=write
    )
    submission = selectors.submission_for(reporting_period=reporting, unit=reporting_unit)
    scope = scope_for(request.user)
    editable = (
        reporting.is_open
        and scope.can_write(reporting_unit)
        and submission.status in {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}
    )
    return {
        "program": program,
        "reporting": reporting,
        "unit": reporting_unit,
        "submission": submission,
        "editable": editable,
        "actions": [(a, STEPS[a]) for a in available_actions(request.user, submission)],
    }


@login_required
def grid(request, unit, year, period, code):
    context = _grid_context(request, unit, year, period, code)
    context["rows"] = selectors.grid_rows(
        program=context["program"], unit=context["unit"], reporting_period=context["reporting"]
    )
    context["upload_form"] = UploadForm()
    context["reason_form"] = ReasonForm()
    return render(request, "programs/grid.html", context)


@login_required
@require_POST
def cell_save(request, unit, year, period, code, target):
    """Save one cell; answer with its row, showing the refusal in the cell (422, 409)."""
    context = _grid_context(request, unit, year, period, code, write=True)
    program, reporting, reporting_unit = context["program"], context["reporting"], context["unit"]
    target_obj = _target(program, target)
    form = CellForm(request.POST)
    status, error, warning = 200, "", ""
    if not form.is_valid():
        status, error = 422, _("The form is not valid; reload the page.")
    else:
        try:
            result = value_write_one(
                user=request.user,
                program=program,
                unit=reporting_unit,
                target=target_obj,
                reporting_period=reporting,
                text=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
            prefix = f"{reporting_unit.code} · {target_obj.code} · {reporting.period.code}: "
            warning = " ".join(w.removeprefix(prefix) for w in result.warnings)
        except ProgramsError as exc:
            prefix = f"{reporting_unit.code} · {target_obj.code} · {reporting.period.code}: "
            status, error = exc.status, " ".join(m.removeprefix(prefix) for m in exc.messages)
            if isinstance(exc, StaleVersion):
                current = _row(program, reporting_unit, reporting, target_obj).value
                shown = (
                    format_number(current.value) if current and current.value is not None else "—"
                )
                error += " " + _("The value saved now is %(value)s.") % {"value": shown}
    row = _row(program, reporting_unit, reporting, target_obj)
    row.error, row.warning = error, warning
    if error:
        row.text = form.data.get("value", "")
        row.comment_text = form.data.get("comment", "")
    return render(request, "programs/_row.html", {**context, "row": row}, status=status)


def _target(program, code) -> Target:
    target = program.targets.filter(code=code).first()
    if target is None:
        raise Http404
    return target


def _row(program, unit, reporting, target):
    rows = selectors.grid_rows(program=program, unit=unit, reporting_period=reporting)
    return next(r for r in rows if r.target.pk == target.pk)


@login_required
def cell_history(request, unit, year, period, code, target):
    context = _grid_context(request, unit, year, period, code)
    target_obj = _target(context["program"], target)
    history = selectors.cell_history(
        unit=context["unit"], target=target_obj, reporting_period=context["reporting"]
    )
    return render(
        request,
        "programs/_history.html",
        {**context, "target": target_obj, "history": history},
    )


@login_required
@require_POST
def report_action(request, unit, year, period, code, action):
    context = _grid_context(request, unit, year, period, code)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        submission = report_act(
            user=request.user,
            reporting_period=context["reporting"],
            unit=context["unit"],
            action=action,
            reason=reason,
        )
    except ProgramsError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, " ".join(exc.messages))
        response = redirect(_grid_url(unit, year, period, code))
        response.status_code = 303
        return response
    messages.success(
        request,
        _("Done: the report is now “%(status)s”.") % {"status": submission.get_status_display()},
    )
    return redirect(_grid_url(unit, year, period, code))


def _grid_url(unit, year, period, code) -> str:
    return reverse("programs:grid", args=[unit, year, period, code])


@login_required
def template_download(request, unit, year, period, code):
    context = _grid_context(request, unit, year, period, code)
    data = values_template_xlsx(
        program=context["program"], unit=context["unit"], reporting_period=context["reporting"]
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"so-lieu-{context['unit'].code}-{context['reporting'].period.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def upload(request, unit, year, period, code):
    context = _grid_context(request, unit, year, period, code, write=True)
    form = UploadForm(request.POST, request.FILES)
    errors, status = [], 200
    if not form.is_valid():
        errors, status = [_("Choose an XLSX or CSV file.")], 422
    else:
        upload_file = form.cleaned_data["file"]
        try:
            result = values_import_file(
                user=request.user,
                program=context["program"],
                filename=upload_file.name,
                data=upload_file.read(),
            )
        except ProgramsError as exc:
            errors, status = exc.messages, exc.status
        else:
            messages.success(
                request,
                _(
                    "Imported %(name)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged."
                )
                % {
                    "name": upload_file.name,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect(_grid_url(unit, year, period, code))
    context["rows"] = selectors.grid_rows(
        program=context["program"], unit=context["unit"], reporting_period=context["reporting"]
    )
    context["upload_form"] = form
    context["upload_errors"] = errors
    context["reason_form"] = ReasonForm()
    return render(request, "programs/grid.html", context, status=status)


ITEM_MODELS = {"focal": FocalTask, "breakthrough": Breakthrough}


@login_required
@require_POST
def item_update_view(request, unit, year, kind, position):
    program = selectors.program_get_for_user(user=request.user, unit_code=unit, year=year)
    model = ITEM_MODELS.get(kind)
    item = model.objects.filter(program=program, position=position).first() if model else None
    if item is None:
        raise Http404
    form = ItemForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The status or the file is not valid."))
    else:
        try:
            services.item_update(
                user=request.user,
                item=item,
                status=form.cleaned_data["status"],
                evidence=form.cleaned_data["evidence"],
                upload=form.cleaned_data["file"],
            )
        except ProgramsError as exc:
            messages.error(request, " ".join(exc.messages))
        except StorageFull as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": item.name})
    return redirect("programs:detail", unit, year)


@login_required
def evidence_download(request, unit, year, pk):
    program = selectors.program_get_for_user(user=request.user, unit_code=unit, year=year)
    evidence = (
        EvidenceFile.objects.filter(pk=pk)
        .filter(Q(focal_task__program=program) | Q(breakthrough__program=program))
        .first()
    )
    if evidence is None or not evidence.file:
        raise Http404
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.file.name.rsplit("/", 1)[-1]
    )
