from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhdoan.accounts.permissions import readable_units, unit_get_for_user
from tinhdoan.meetings.access import directive_visibility
from tinhdoan.meetings.models import Directive
from tinhdoan.org.models import UNION_KINDS
from tinhdoan.org.selectors import units_in_display_order

from . import selectors, services
from .forms import CommendForm, EvaluationForm, ExemplarFilterForm, NominateForm, ReplicationForm
from .models import CooperationError


def _visible_directives(user):
    return Directive.objects.filter(directive_visibility(user)).order_by("-assigned_on", "number")


def _recordable_units(user, *, unions_only=False):
    units = readable_units(user)
    if unions_only:
        units = units.filter(kind__in=UNION_KINDS)
    return units_in_display_order(u for u in units if selectors.may_nominate(user, u))


@login_required
def program_review(request):
    today = timezone.localdate()
    return render(
        request,
        "cooperation/programs.html",
        {
            "due": selectors.programs_due_for_review(user=request.user, today=today),
            "programs": selectors.programs_for_user(user=request.user),
            "today": today,
        },
    )


@login_required
def program_detail(request, pk):
    program = selectors.program_get_for_user(user=request.user, pk=pk)
    can_edit = selectors.may_edit_program(request.user, program)
    items = selectors.program_items(program)
    directives = _visible_directives(request.user) if can_edit else []
    form = EvaluationForm(
        request.POST if request.method == "POST" else None,
        items=items,
        directives=directives,
        initial={"year": timezone.localdate().year - 1, "reviewed_on": timezone.localdate()},
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            directive = next(
                (d for d in directives if d.pk == form.cleaned_data["directive"]), None
            )
            try:
                services.program_evaluate(
                    program=program,
                    year=form.cleaned_data["year"],
                    reviewed_on=form.cleaned_data["reviewed_on"],
                    verdicts=[services.ItemVerdict(*row) for row in form.verdicts()],
                    summary=form.cleaned_data["summary"],
                    next_steps=form.cleaned_data["next_steps"],
                    directive=directive,
                    created_by=request.user,
                )
            except CooperationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The evaluation is recorded."))
                return redirect("cooperation:program", pk=program.pk)
    return render(
        request,
        "cooperation/program.html",
        {
            "program": program,
            "items": items,
            "evaluations": selectors.program_evaluations(program),
            "form": form,
            "can_edit": can_edit,
        },
        status=422 if form.errors else 200,
    )


@login_required
def exemplar_list(request):
    form = ExemplarFilterForm(request.GET or None)
    filters = {"field": "", "year": None, "under": None}
    if form.is_valid():
        data = form.cleaned_data
        filters.update(field=data["field"], year=data["year"])
        if data["unit"]:
            filters["under"] = unit_get_for_user(user=request.user, code=data["unit"])
    exemplars = list(selectors.exemplars_for_user(user=request.user, **filters)[:300])
    template = "cooperation/_exemplar_rows.html" if request.htmx else "cooperation/exemplars.html"
    return render(request, template, {"form": form, "exemplars": exemplars})


@login_required
def exemplar_nominate(request):
    units = _recordable_units(request.user)
    if not units:
        raise Http404
    form = NominateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = unit_get_for_user(user=request.user, code=data.pop("unit"))
        try:
            exemplar = services.exemplar_nominate(unit=unit, created_by=request.user, **data)
        except CooperationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The nomination is recorded."))
            return redirect("cooperation:exemplar", pk=exemplar.pk)
    return render(
        request, "cooperation/nominate.html", {"form": form}, status=422 if form.errors else 200
    )


def _exemplar_page(request, exemplar, *, commend_form=None, replication_form=None, status=200):
    can_commend = selectors.may_commend(request.user, exemplar.unit)
    units = [u for u in _recordable_units(request.user, unions_only=True) if u != exemplar.unit]
    return render(
        request,
        "cooperation/exemplar.html",
        {
            "exemplar": exemplar,
            "replications": selectors.exemplar_replications(exemplar),
            "can_commend": can_commend and exemplar.status == "nominated",
            "commend_form": commend_form or CommendForm(),
            "replication_form": replication_form or ReplicationForm(units=units),
            "can_replicate": bool(units),
        },
        status=status,
    )


@login_required
def exemplar_detail(request, pk):
    return _exemplar_page(request, selectors.exemplar_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def exemplar_commend(request, pk):
    exemplar = selectors.exemplar_get_for_user(user=request.user, pk=pk)
    if not selectors.may_commend(request.user, exemplar.unit):
        raise Http404
    form = CommendForm(request.POST)
    if form.is_valid():
        try:
            services.exemplar_commend(exemplar=exemplar, **form.cleaned_data)
        except CooperationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The commendation is recorded."))
            return redirect("cooperation:exemplar", pk=exemplar.pk)
    return _exemplar_page(request, exemplar, commend_form=form, status=422)


@login_required
@require_POST
def exemplar_replicate(request, pk):
    exemplar = selectors.exemplar_get_for_user(user=request.user, pk=pk)
    units = _recordable_units(request.user, unions_only=True)
    form = ReplicationForm(request.POST, units=units)
    if form.is_valid():
        unit = unit_get_for_user(user=request.user, code=form.cleaned_data["unit"])
        try:
            services.replication_record(
                exemplar=exemplar,
                unit=unit,
                on_date=form.cleaned_data["on_date"],
                note=form.cleaned_data["note"],
            )
        except CooperationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The replication is recorded."))
            return redirect("cooperation:exemplar", pk=exemplar.pk)
    return _exemplar_page(request, exemplar, replication_form=form, status=422)
