"""Pages: programs, their focal tasks and breakthroughs with evidence, their targets.

The entry grid of a unit and period, completeness and report actions are
`tinhdoan.reporting`'s pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib.downloads import content_disposition
from tinhdoan.lib.ratelimits import rate_limit_check
from tinhdoan.lib.storage import StorageFull

from . import selectors, services
from .errors import ProgramsError
from .forms import ItemForm
from .models import Allocation, Breakthrough, EvidenceFile, FocalTask, ItemStatus


@login_required
def program_list(request):
    return render(
        request, "programs/list.html", {"programs": selectors.programs_for_user(request.user)}
    )


def program_context(request, unit, year) -> dict:
    """What the program page shows of the program itself (the page, with the reports of
    the user's units, is `tinhdoan.reporting.views.program_page`): 404 outside the scope."""
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
    return {
        "program": program,
        "focal_tasks": list(
            program.focal_tasks.select_related("responsible_unit").prefetch_related("files")
        ),
        "breakthroughs": list(
            program.breakthroughs.select_related("responsible_unit").prefetch_related("files")
        ),
        "can_edit": scope.can_write(program.unit),
        "item_statuses": ItemStatus.choices,
        "rows": rows,
    }


ITEM_MODELS = {"focal": FocalTask, "breakthrough": Breakthrough}


@login_required
@require_POST
def item_update_view(request, unit, year, kind, position):
    program = selectors.program_get_for_user(user=request.user, unit_code=unit, year=year)
    model = ITEM_MODELS.get(kind)
    item = model.objects.filter(program=program, position=position).first() if model else None
    if item is None:
        raise Http404
    if request.FILES:
        rate_limit_check(request, scope="upload")
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
    return redirect("reporting:program", unit, year)


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
    response = FileResponse(evidence.file.open("rb"))
    response["Content-Disposition"] = content_disposition(evidence.file.name.rsplit("/", 1)[-1])
    return response
