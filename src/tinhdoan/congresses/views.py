from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhdoan.accounts.permissions import unit_get_for_user
from tinhdoan.documents.render import CONTENT_TYPES
from tinhdoan.lib.downloads import content_disposition
from tinhdoan.lib.ratelimits import rate_limited

from . import reports, selectors, services
from .forms import CongressFilterForm, CongressForm, HeldForm
from .models import CongressError


@login_required
def congress_index(request):
    form = CongressFilterForm(request.GET or None)
    term_start = None
    if form.is_valid() and form.cleaned_data["term"]:
        term_start = selectors.parse_term(form.cleaned_data["term"])[0]
    congresses = list(selectors.congresses_for_user(user=request.user, term_start=term_start)[:300])
    context = {"form": form, "congresses": congresses}
    if request.htmx:
        return render(request, "congresses/_rows.html", context)
    context["campaigns"] = list(selectors.campaigns_for_user(user=request.user))
    return render(request, "congresses/index.html", context)


@login_required
def campaign_detail(request, code, term):
    campaign = selectors.campaign_get_for_user(user=request.user, code=code, term=term)
    progress = selectors.campaign_progress(campaign=campaign, today=timezone.localdate())
    template = "congresses/_progress.html" if request.htmx else "congresses/campaign.html"
    context = {"campaign": campaign, "progress": progress, "formats": CAMPAIGN_FORMATS}
    return render(request, template, context)


CAMPAIGN_FORMATS = ("docx", "xlsx", "pdf")


@login_required
@rate_limited("report")
def campaign_file(request, code, term, fmt):
    """The campaign's progress report as a document, for whoever may read the campaign."""
    campaign = selectors.campaign_get_for_user(user=request.user, code=code, term=term)
    if fmt not in CAMPAIGN_FORMATS:
        raise Http404
    today = timezone.localdate()
    data = reports.congresses_report(
        unit_code=campaign.top_unit.code, term=campaign.term_label, today=today
    )
    response = HttpResponse(reports.render(data, fmt, today=today), content_type=CONTENT_TYPES[fmt])
    name = f"dai-hoi-{campaign.top_unit.code}-{campaign.term_label}.{fmt}"
    response["Content-Disposition"] = content_disposition(name)
    return response


@login_required
def unit_congresses(request, code):
    unit = unit_get_for_user(user=request.user, code=code)
    can_record = selectors.may_record_congress(request.user, unit)
    suggestion = services.congress_next_for(unit=unit)
    form = CongressForm(
        request.POST if request.method == "POST" else None,
        initial={
            "ordinal": suggestion.ordinal,
            "term_start": suggestion.term_start,
            "term_end": suggestion.term_end,
        },
    )
    if request.method == "POST":
        if not can_record:
            raise Http404
        if form.is_valid():
            try:
                congress = services.congress_create(
                    unit=unit, created_by=request.user, **form.cleaned_data
                )
            except CongressError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The congress is recorded."))
                return redirect("congresses:detail", pk=congress.pk)
    chain = selectors.congress_chain(unit=unit)
    return render(
        request,
        "congresses/unit.html",
        {"unit": unit, "chain": chain, "form": form, "can_record": can_record},
        status=422 if form.errors else 200,
    )


@login_required
def congress_detail(request, pk):
    congress = selectors.congress_with_flags(
        selectors.congress_get_for_user(user=request.user, pk=pk)
    )
    can_record = selectors.may_record_congress(request.user, congress.unit)
    return render(
        request,
        "congresses/detail.html",
        {
            "congress": congress,
            "can_record": can_record,
            "held_form": HeldForm(initial={"held_on": congress.planned_on}),
            "committee": congress.committee.select_related("person"),
            "documents": congress.documents.all(),
        },
    )


@login_required
@require_POST
def congress_held(request, pk):
    congress = selectors.congress_get_for_user(user=request.user, pk=pk, write=True)
    form = HeldForm(request.POST)
    if form.is_valid():
        try:
            services.congress_mark_held(congress=congress, **form.cleaned_data)
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The congress is recorded as held."))
            return redirect("congresses:detail", pk=congress.pk)
    congress = selectors.congress_with_flags(congress)
    return render(
        request,
        "congresses/detail.html",
        {
            "congress": congress,
            "can_record": True,
            "held_form": form,
            "committee": congress.committee.select_related("person"),
            "documents": congress.documents.all(),
        },
        status=422,
    )
