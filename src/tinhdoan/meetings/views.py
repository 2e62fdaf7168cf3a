"""Pages of sessions, directives, recommendations and notifications (server-rendered + HTMX)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.documents.model import DocumentError
from tinhdoan.documents.render import CONTENT_TYPES, RENDERERS
from tinhdoan.lib.downloads import content_disposition
from tinhdoan.lib.http_errors import http_status
from tinhdoan.lib.ratelimits import rate_limit_check, rate_limited
from tinhdoan.lib.storage import StorageFull
from tinhdoan.org.models import Unit

from . import access, calendar, notice, reports, selectors, services
from .briefing import briefing_issued_for_session, repeated_directives, reported_lines
from .forms import (
    AnswerForm,
    BoardFilterForm,
    DeadlineChangeForm,
    DecisionForm,
    DirectiveForm,
    ProgressForm,
    SessionFilterForm,
    SessionForm,
    StatusForm,
)
from .models import CalendarFeed, Evidence, MeetingError

# --- sessions ---------------------------------------------------------------------------------


@login_required
def session_list(request):
    form = SessionFilterForm(
        request.GET or None,
        hosts=selectors.session_hosts(request.user),
        leaders=selectors.session_leaders(request.user),
    )
    sessions = selectors.sessions_for_user(request.user, **form.filters())
    context = {
        "form": form,
        "sessions": sessions,
        "can_create": access.can_record_sessions(request.user),
    }
    template = "meetings/_session_rows.html" if request.htmx else "meetings/session_list.html"
    return render(request, template, context)


@login_required
def session_detail(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    directives = selectors.with_last_progress(
        selectors.session_directives_for_user(request.user, session)
    )
    repeats = repeated_directives(directives)
    for directive in directives:
        directive.repeats = repeats.get(directive.pk)
    scope = scope_for(request.user)
    issued_briefing = (
        briefing_issued_for_session(session) if scope.can_read(session.host_unit) else None
    )
    return render(
        request,
        "meetings/session_detail.html",
        {
            "session": session,
            "chairs": selectors.session_chairs_with_titles(session),
            "participant_units": session.participant_units.all(),
            "participant_people": session.participant_people.all(),
            "documents": session.source_documents.all(),
            "directives": directives,
            "recommendations": selectors.recommendations_for_user(request.user, session=session),
            "can_edit": access.can_issue(request.user, session.issuer),
            "notice": notice.issued_notice(session),
            "briefing": issued_briefing,
            "briefing_lines": reported_lines(issued_briefing) if issued_briefing else [],
            "briefing_formats": list(RENDERERS),
            "can_brief": scope.can_write(session.host_unit),
            "notice_formats": notice.FORMATS
            if access.can_read_notice(request.user, session)
            else [],
        },
    )


@login_required
@rate_limited("report")
def session_conclusions(request, pk, fmt):
    """The session's conclusion notice, for whoever may read the session."""
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if fmt not in notice.FORMATS or not access.can_read_notice(request.user, session):
        raise Http404
    response = HttpResponse(
        RENDERERS[fmt](notice.notice_document(session)),
        content_type=CONTENT_TYPES[fmt],
    )
    filename = notice.conclusion_filename(session, fmt)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@login_required
@require_POST
def session_conclusions_issue(request, pk):
    """Number the conclusion notice and keep it as issued; by those who issue for the body."""
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if not access.can_issue(request.user, session.issuer):
        raise Http404
    if notice.issued_notice(session) is not None:
        messages.error(request, _("The conclusion notice was already issued."))
        return redirect("meetings:session", pk=session.pk)
    try:
        issued = notice.notice_issue(session=session, user=request.user)
    except DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("meetings:session", pk=session.pk)
    messages.success(
        request,
        _("Conclusion notice number %(number)s issued; it is kept as issued.")
        % {"number": issued.symbol},
    )
    return redirect("meetings:session", pk=session.pk)


def _session_form_initial(session) -> dict:
    return {
        "title": session.title,
        "held_at": timezone.localtime(session.held_at),
        "place": session.place,
        "host_unit": session.host_unit,
        "issuer": session.issuer,
        "chairs": [link.person for link in session.chair_links.all()],
        "participant_people": list(session.participant_people.all()),
        "participant_units": list(session.participant_units.all()),
        "period_reviewed": session.period_reviewed,
        "report_url": session.report_url,
        "topics": "\n".join(session.topics),
        "strengths": session.strengths,
        "limitations": session.limitations,
        "conclusion": session.conclusion,
        "version": session.version,
    }


# What the pickers of a session form hold while it is being filled in (a GET from HTMX).
PICKED_ONE = ("held_at", "issuer", "host_unit")
PICKED_MANY = ("chairs", "participant_people", "participant_units")


def _session_form(request, *, issuers, initial: dict | None = None) -> SessionForm:
    """The form posted; or, for HTMX asking for the pickers again after the date changed, the
    form as it stands (what was picked stays picked where the new date still offers it)."""
    kwargs = {"issuers": issuers, "pickers_url": request.path}
    if request.method == "POST":
        return SessionForm(request.POST, initial=initial, **kwargs)
    initial = dict(initial or {})
    if request.htmx and request.GET.get("pickers"):
        initial.update({name: request.GET.get(name, "") for name in PICKED_ONE})
        initial.update({name: request.GET.getlist(name) for name in PICKED_MANY})
    return SessionForm(initial=initial, **kwargs)


def _pickers_only(request) -> bool:
    return request.method == "GET" and bool(request.htmx and request.GET.get("pickers"))


@login_required
def session_create(request):
    if not access.can_record_sessions(request.user):
        raise Http404
    issuers = access.issuing_units(request.user).order_by("depth", "sort_key")
    only = list(issuers[:2])
    form = _session_form(
        request, issuers=issuers, initial={"issuer": only[0]} if len(only) == 1 else None
    )
    if _pickers_only(request):
        return render(request, "meetings/_session_pickers.html", {"form": form})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                actor=request.user, issuer=data["issuer"], **_session_fields(form)
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
            status = http_status(exc)
        else:
            messages.success(request, _("The working session was recorded."))
            return redirect("meetings:session", pk=session.pk)
    elif request.method == "POST":
        status = 422
    return render(
        request, "meetings/session_form.html", {"form": form, "session": None}, status=status
    )


def _session_fields(form) -> dict:
    """The fields a session form gives to both `session_create` and `session_update`."""
    data = form.cleaned_data
    return {
        "title": data["title"],
        "held_at": data["held_at"],
        "place": data["place"],
        "host_unit": data["host_unit"],
        "chairs": list(data["chairs"]),
        "participant_people": data["participant_people"],
        "participant_units": data["participant_units"],
        "period_reviewed": data["period_reviewed"],
        "report_url": data["report_url"],
        "topics": form.topic_list(),
        "strengths": data["strengths"],
        "limitations": data["limitations"],
        "conclusion": data["conclusion"],
    }


@login_required
def session_edit(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if not access.can_issue(request.user, session.issuer):
        raise Http404
    issuers = Unit.objects.filter(pk=session.issuer_id)
    form = _session_form(request, issuers=issuers, initial=_session_form_initial(session))
    if _pickers_only(request):
        return render(request, "meetings/_session_pickers.html", {"form": form})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_update(
                actor=request.user,
                session=session,
                version=data["version"] or 0,
                **_session_fields(form),
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
            status = http_status(exc)
        else:
            messages.success(request, _("The working session was saved."))
            return redirect("meetings:session", pk=session.pk)
    elif request.method == "POST":
        status = 422
    return render(
        request, "meetings/session_form.html", {"form": form, "session": session}, status=status
    )


@login_required
def directive_create(request, pk):
    """A new directive concluded in a session (the issuer's side)."""
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if not access.can_issue(request.user, session.issuer):
        raise Http404
    form = DirectiveForm(request.POST or None, day=session.day)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directive = services.directive_create(
                actor=request.user,
                session=session,
                content=data["content"],
                lead=data["lead"],
                coordinators=list(data["coordinators"]),
                deadline=data["deadline"],
                ongoing=data["ongoing"],
                priority=data["priority"],
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
            status = http_status(exc)
        else:
            messages.success(request, _("The directive was assigned."))
            return redirect("meetings:directive", pk=directive.pk)
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "meetings/directive_form.html",
        {"form": form, "session": session},
        status=status,
    )


# --- directives -------------------------------------------------------------------------------


def _board_form(request) -> BoardFilterForm:
    leads = Unit.objects.filter(
        pk__in=selectors.directives_for_user(request.user).values("lead_id")
    ).order_by("sort_key", "code")
    return BoardFilterForm(request.GET or None, leads=leads)


@login_required
def directive_board(request):
    form = _board_form(request)
    board = selectors.directive_board(request.user, **form.filters())
    template = "meetings/_board.html" if request.htmx else "meetings/board.html"
    filters = request.GET.urlencode()
    return render(
        request,
        template,
        {"form": form, "board": board, "filters": filters, "formats": BOARD_FORMATS},
    )


BOARD_FORMATS = ("docx", "xlsx", "pdf")


@login_required
@rate_limited("report")
def directive_board_file(request, fmt):
    """The board's report as a document, with the filters in force."""
    form = _board_form(request)
    if fmt not in BOARD_FORMATS or (form.is_bound and not form.is_valid()):
        raise Http404
    today = timezone.localdate()
    try:
        data = reports.board_report(request.user, today=today, **form.filters())
    except reports.ReportError:
        raise Http404 from None
    response = HttpResponse(reports.render(data, fmt, today=today), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(f"bao-cao-nhiem-vu-{today:%Y%m%d}.{fmt}")
    return response


def _directive_context(request, directive, **forms) -> dict:
    directive = selectors.with_last_progress([directive])[0]
    user = request.user
    return {
        "directive": directive,
        "coordinators": list(directive.coordinators.all()),
        "history": directive.events.select_related("actor"),
        "reports": directive.progress.select_related("unit", "reported_by").prefetch_related(
            "evidence"
        ),
        "pending_change": selectors.pending_deadline_change(directive),
        "can_report": access.can_report(user, directive) and directive.state != "completed",
        "can_request_change": access.can_request_adjustment(user, directive)
        and directive.state in ("not_started", "in_progress"),
        "can_issue": access.can_issue(user, directive.issuer),
        "progress_form": forms.get("progress_form") or ProgressForm(),
        "status_form": forms.get("status_form") or StatusForm(),
        "change_form": forms.get("change_form") or DeadlineChangeForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "error": forms.get("error"),
    }


@login_required
def directive_detail(request, pk):
    directive = selectors.directive_get_for_user(user=request.user, pk=pk)
    return render(request, "meetings/directive_detail.html", _directive_context(request, directive))


def _act(request, directive, form, action, success_message, form_name):
    """Run a service for a posted form; on refusal, show the page again with the message."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except MeetingError as exc:
            error, status = str(exc), http_status(exc)
        except StorageFull as exc:
            error, status = str(exc), 507
        else:
            messages.success(request, success_message)
            return redirect("meetings:directive", pk=directive.pk)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        status = 422
    context = _directive_context(
        request, selectors.directive_get_for_user(user=request.user, pk=directive.pk)
    )
    context[form_name] = form
    context["error"] = error
    return render(request, "meetings/directive_detail.html", context, status=status)


@login_required
@require_POST
def directive_progress(request, pk):
    directive = selectors.directive_get_for_user(user=request.user, pk=pk)
    if request.FILES:
        rate_limit_check(request, scope="upload")
    form = ProgressForm(request.POST, request.FILES)

    def action(data):
        services.directive_report_progress(
            actor=request.user,
            directive=directive,
            text=data["text"],
            percent=data["percent"],
            files=[(f.name, f.read()) for f in data["files"]],
        )

    return _act(
        request, directive, form, action, _("The progress report was recorded."), "progress_form"
    )


@login_required
@require_POST
def directive_status(request, pk):
    directive = selectors.directive_get_for_user(user=request.user, pk=pk)
    form = StatusForm(request.POST)

    def action(data):
        services.directive_set_status(
            actor=request.user,
            directive=directive,
            status=data["status"],
            reason=data["reason"],
            on=data["completed_on"],
            version=data["version"],
        )

    return _act(request, directive, form, action, _("The status was changed."), "status_form")


@login_required
@require_POST
def directive_deadline_change(request, pk):
    directive = selectors.directive_get_for_user(user=request.user, pk=pk)
    form = DeadlineChangeForm(request.POST)

    def action(data):
        services.directive_request_deadline_change(
            actor=request.user,
            directive=directive,
            proposed_deadline=data["proposed_deadline"],
            reason=data["reason"],
        )

    return _act(
        request,
        directive,
        form,
        action,
        _("The request for a new deadline was sent."),
        "change_form",
    )


@login_required
@require_POST
def directive_deadline_decision(request, pk):
    directive = selectors.directive_get_for_user(user=request.user, pk=pk)
    form = DecisionForm(request.POST)

    def action(data):
        services.directive_decide_deadline_change(
            actor=request.user, directive=directive, accept=data["accept"], note=data["note"]
        )

    return _act(request, directive, form, action, _("The decision was recorded."), "decision_form")


@login_required
def evidence_download(request, pk, evidence_id):
    """An evidence file, only for users who may see its directive."""
    directive = selectors.directive_get_for_user(user=request.user, pk=pk)
    evidence = get_object_or_404(Evidence, pk=evidence_id, report__directive=directive)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition(evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- recommendations --------------------------------------------------------------------------


@login_required
def recommendation_list(request):
    recommendations = selectors.recommendations_for_user(request.user)
    return render(
        request, "meetings/recommendation_list.html", {"recommendations": recommendations}
    )


@login_required
def recommendation_detail(request, pk):
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    can_answer = access.can_answer(request.user, rec) and rec.status != "answered"
    form = AnswerForm(request.POST or None)
    status, error = 200, None
    if request.method == "POST":
        if not can_answer:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.recommendation_answer(
                    actor=request.user,
                    recommendation=rec,
                    outcome=data["outcome"],
                    answer=data["answer"],
                    answered_on=data["answered_on"],
                )
            except MeetingError as exc:
                error, status = str(exc), http_status(exc)
            else:
                messages.success(request, _("The answer was recorded."))
                return redirect("meetings:recommendation", pk=rec.pk)
        else:
            status = 422
    return render(
        request,
        "meetings/recommendation_detail.html",
        {"rec": rec, "form": form, "can_answer": can_answer, "error": error},
        status=status,
    )


# --- calendar ---------------------------------------------------------------


@login_required
def calendar_page(request):
    """The user's calendar address; made, or made anew, by a POST (a GET only shows it)."""
    feed = selectors.calendar_feed_for(request.user)
    if request.method == "POST":
        services.calendar_feed_ensure(user=request.user, renew=True)
        if feed is None:
            messages.success(request, _("Your calendar address was made."))
        else:
            messages.success(
                request, _("A new calendar address was made; the old one no longer works.")
            )
        return redirect("meetings:calendar")
    url = ""
    if feed is not None:
        url = request.build_absolute_uri(reverse("meetings:calendar-feed", args=[feed.token]))
    return render(request, "meetings/calendar.html", {"feed_url": url})


def calendar_feed(request, token):
    """The user's deadlines as iCalendar; the secret token in the address is the only key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    body = calendar.deadlines_ical(user=feed.user, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition("han-nhiem-vu.ics", inline=True)
    response["Cache-Control"] = "private, max-age=300"
    return response
