"""The results dashboard: headline counts, targets against plan, sub-units, completeness."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tinhdoan.accounts.permissions import (
    readable_units,
    scope_for,
    top_readable_units,
    unit_get_for_user,
)
from tinhdoan.lib.downloads import content_disposition
from tinhdoan.lib.errors import Refusal
from tinhdoan.lib.http_errors import http_status
from tinhdoan.lib.ratelimits import rate_limited
from tinhdoan.lib.replica import report_reads
from tinhdoan.lib.text_limits import TEXT
from tinhdoan.lib.vntext import text_sort_key
from tinhdoan.org.selectors import unit_ancestors
from tinhdoan.programs.models import Program, Target
from tinhdoan.reporting.selectors import completeness
from tinhdoan.revisions.tokens import revision_tokens
from tinhdoan.revisions.triggers import REPORTS

from . import charts, services
from .cache import cached
from .models import ExplanationRequest, ExplanationStatus
from .report import CONTENT_TYPES, FORMATS, filename, render_results
from .selectors import (
    ResultsError,
    program_for,
    results_key_for_user,
    results_of,
    results_request_for_user,
    results_with_history,
    unit_results,
)


def _name(s) -> str:
    return text_sort_key(s.unit.name)


SORTS = {
    "rank": lambda s: (s.rank, _name(s)),
    "-rank": lambda s: (-s.rank, _name(s)),
    "name": _name,
    "share": lambda s: (s.share_percent or 0, _name(s)),
    "-share": lambda s: (-(s.share_percent or 0), _name(s)),
}


class ResultsForm(forms.Form):
    unit = forms.CharField(label=gettext_lazy("Unit"), required=False, max_length=40)
    period = forms.CharField(label=gettext_lazy("Period"), required=False, max_length=10)
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort"), required=False, choices=[(k, k) for k in SORTS]
    )


class ExplanationForm(forms.Form):
    unit = forms.CharField(max_length=40)
    period = forms.CharField(max_length=10)
    target = forms.CharField(max_length=20)
    message = forms.CharField(label=gettext_lazy("What should be explained"), max_length=2000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Explanation"), max_length=TEXT)


def _default_key(user, unit_code: str, period_code: str):
    """The unit asked for (else the user's top unit) and the period (else the current year's)."""
    if not unit_code:
        top = top_readable_units(user).filter(kind="provincial_union").first()
        top = top or top_readable_units(user).first()
        if top is None:
            raise Http404
        unit_code = top.code
    if not period_code:
        unit = unit_get_for_user(user=user, code=unit_code)
        today = timezone.localdate()
        program = program_for(unit=unit, year=today.year)
        if program is None:
            ids = [*unit.ancestor_ids(), unit.pk]
            program = Program.objects.filter(unit_id__in=ids).order_by("-year").first()
        period_code = str(program.year if program else today.year)
    return unit_code, period_code


class TargetRow:
    """A target's row of the results page; its charts are drawn only when the row is not
    already kept rendered."""

    def __init__(self, row, points, current_code: str):
        self.row, self.points, self.current_code = row, points, current_code

    @cached_property
    def bar(self):
        return charts.progress_bar(self.row.percent, self.row.actual, self.row.plan)

    @cached_property
    def history(self):
        return charts.history_chart(self.points, plan=self.row.plan, current_code=self.current_code)


def _completeness(user, figures):
    """The reports of the subtree, kept under what they are counted from: the tree and the
    values (the figures' revision), the reports' states and the reader's scope."""
    key, scope = figures.key, scope_for(user)
    (reports,) = revision_tokens(REPORTS)
    today = timezone.localdate()  # a report not in by its deadline is overdue from the next day
    return cached(
        "completeness",
        (key.program.pk, key.reporting_period.pk, key.unit.pk, scope.read_key, today),
        lambda: completeness(
            user=user,
            program=key.program,
            reporting_period=key.reporting_period,
            under=key.unit,
            today=today,
        ),
        revision=f"{figures.revision}.{reports}",
    )


def _context(request, *, unit_code: str, period_code: str, sort: str):
    unit_code, period_code = _default_key(request.user, unit_code, period_code)
    figures = results_request_for_user(
        user=request.user, unit_code=unit_code, period_code=period_code
    )
    key, scope = figures.key, scope_for(request.user)
    results, series = results_with_history(figures)
    results.sub_units.sort(key=SORTS.get(sort or "rank", SORTS["rank"]))
    rows = [TargetRow(row, series[row.target.pk], key.period.code) for row in results.rows]
    done = _completeness(request.user, figures)
    periods = list(
        key.program.reporting_periods.select_related("period").order_by(
            "period__start", "-period__end"
        )
    )
    years = sorted(
        set(
            Program.objects.filter(unit_id__in=[*key.unit.ancestor_ids(), key.unit.pk]).values_list(
                "year", flat=True
            )
        ),
        reverse=True,
    )
    return {
        "key": key,
        # What the page's pieces drawn from the figures are kept under (`{% cache %}`).
        "figures_etag": figures.etag,
        "years": years,
        "results": results,
        "rows": rows,
        "completeness": done,
        "periods": [rp.period for rp in periods],
        "ancestors": [a for a in unit_ancestors(unit=key.unit) if scope.can_read(a)],
        "sort": sort or "rank",
        "may_request": services.may_request_explanation(request.user, key.unit),
        "may_answer": scope.can_write(key.unit),
        "formats": FORMATS,
        "today": timezone.localdate(),
    }


@login_required
def dashboard(request):
    form = ResultsForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        context = _context(
            request,
            unit_code=data.get("unit", "").strip(),
            period_code=data.get("period", "").strip(),
            sort=data.get("sort", ""),
        )
    except ResultsError as exc:
        return render(
            request,
            "rollup/dashboard.html",
            {"error": str(exc), "form": form},
            status=http_status(exc),
        )
    context["form"] = form
    return render(request, "rollup/dashboard.html", context)


@login_required
def sub_units(request):
    """The sub-unit table alone, re-sorted (HTMX)."""
    form = ResultsForm(request.GET or None)
    if not form.is_valid() or not form.cleaned_data["unit"] or not form.cleaned_data["period"]:
        return HttpResponse(_("Choose a unit and a period."), status=422)
    data = form.cleaned_data
    figures = results_request_for_user(
        user=request.user, unit_code=data["unit"], period_code=data["period"]
    )
    results = results_of(figures)
    results.sub_units.sort(key=SORTS.get(data["sort"] or "rank", SORTS["rank"]))
    return render(
        request,
        "rollup/_sub_units.html",
        {"key": figures.key, "results": results, "sort": data["sort"] or "rank"},
    )


@login_required
@rate_limited("report")
@report_reads
def report_file(request):
    form = ResultsForm(request.GET or None)
    fmt = request.GET.get("format", "docx")
    if fmt not in FORMATS or not form.is_valid():
        return HttpResponse(_("Unknown format: use docx, xlsx, pdf or json."), status=422)
    key = results_key_for_user(
        user=request.user,
        unit_code=form.cleaned_data["unit"],
        period_code=form.cleaned_data["period"],
    )
    results = unit_results(key=key, scope=scope_for(request.user))
    response = HttpResponse(render_results(results, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(filename(results, fmt))
    return response


def _back(unit: str, period: str) -> str:
    return reverse("rollup:dashboard") + "?" + urlencode({"unit": unit, "period": period})


@login_required
@require_POST
def explain(request):
    form = ExplanationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what the unit should explain."))
        return redirect(
            _back(request.POST.get("unit", ""), request.POST.get("period", ""))
            if request.POST.get("unit")
            else reverse("rollup:dashboard")
        )
    data = form.cleaned_data
    try:
        key = results_key_for_user(
            user=request.user, unit_code=data["unit"], period_code=data["period"]
        )
        target = Target.objects.filter(program=key.program, code=data["target"]).first()
        if target is None:
            raise Http404
        services.explanation_request(
            user=request.user,
            unit=key.unit,
            target=target,
            period=key.period,
            message=data["message"],
        )
    except ResultsError as exc:
        if exc.kind is Refusal.NOT_FOUND:
            raise
        messages.error(request, str(exc))
        return redirect(_back(data["unit"], data["period"]))
    messages.success(
        request,
        _("The explanation request was sent to %(unit)s.") % {"unit": key.unit.name},
    )
    return redirect(_back(data["unit"], data["period"]))


@login_required
@require_POST
def answer(request, pk: int):
    found = services.explanation_get_for_user(user=request.user, pk=pk)
    back = _back(found.unit.code, found.period.code)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The explanation is empty."))
        return redirect(back)
    try:
        services.explanation_answer(
            user=request.user, request=found, answer=form.cleaned_data["answer"]
        )
    except services.ExplanationError as exc:
        if exc.kind is Refusal.NOT_FOUND:
            raise
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, _("Your explanation was recorded."))
    return redirect(back)


@login_required
def explanations(request):
    """Explanation requests on the user's units and below, open first."""
    scope = scope_for(request.user)
    items = (
        ExplanationRequest.objects.filter(unit__in=readable_units(request.user))
        .select_related("unit", "target", "period", "requested_by", "answered_by")
        .order_by("status", "-requested_at")[:300]
    )
    return render(
        request,
        "rollup/explanations.html",
        {
            "items": items,
            "writable": {r.pk for r in items if scope.can_write(r.unit)},
            "open_status": ExplanationStatus.OPEN,
        },
    )
