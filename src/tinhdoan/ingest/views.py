"""Upload a document, review its draft item by item (HTMX), confirm it into records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from tinhdoan.lib.limits import limit
from tinhdoan.lib.ratelimits import rate_limit_check
from tinhdoan.lib.storage import StorageFull
from tinhdoan.meetings import access as meetings_access

from . import selectors, services
from .forms import DraftForm, ItemForm, UploadForm, candidate_units
from .highlight import marked_text
from .jobs import ingest_needs_job, ingest_start
from .models import DraftConflict, DraftError, DraftStatus, ItemKind
from .reading import ReadError

# The multipart envelope around a file of the maximum size.
ENVELOPE_BYTES = 64 * 1024


def _require_ingest(request) -> None:
    if not selectors.can_ingest(request.user):
        raise Http404


def request_too_large(request) -> bool:
    """Judge the upload by its declared length, before any of it is read."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit("upload_bytes") + ENVELOPE_BYTES
    except ValueError:
        return False


def _upload_page(request, form, *, status=200, error=None):
    drafts = selectors.drafts_for_user(request.user)[:20]
    context = {"form": form, "drafts": drafts, "error": error}
    return render(request, "ingest/upload.html", context, status=status)


@csrf_exempt  # the token is checked in _upload_post, once the size is known to be acceptable
@login_required
def upload(request):
    _require_ingest(request)
    if request.method != "POST":
        return _upload_page(request, UploadForm())
    if request_too_large(request):
        message = _("The file is too large: at most %(mb)s MB.") % {
            "mb": limit("upload_bytes") // 1024 // 1024
        }
        return _upload_page(request, UploadForm(), status=413, error=message)
    return _upload_post(request)


@csrf_protect
def _upload_post(request):
    # Counted once the CSRF token holds: another site's form cannot use up a user's allowance.
    rate_limit_check(request, scope="upload")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=422)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        if ingest_needs_job(upload.name, data):
            job = ingest_start(
                user=request.user,
                file_name=upload.name,
                data=data,
                published=form.cleaned_data["published"],
            )
            messages.info(request, _("The document is large: it is read in the background."))
            return redirect("jobs:detail", pk=job.pk)
        result = services.draft_ingest(
            actor=request.user,
            file_name=upload.name,
            data=data,
            published=form.cleaned_data["published"],
        )
    except (ReadError, DraftError) as exc:
        return _upload_page(request, form, status=422, error=str(exc))
    except StorageFull as exc:
        return _upload_page(request, form, status=507, error=str(exc))
    if not result.created:
        messages.info(request, _("This document has already been read: here is its draft."))
    elif result.sessions:
        messages.warning(
            request,
            _(
                "A working session from this document is already recorded; confirming this "
                "draft records another one."
            ),
        )
    return redirect("ingest:review", pk=result.draft.pk)


def _item_context(request, draft, item, units, form=None, error=None):
    return {
        "draft": draft,
        "item": item,
        "form": form or ItemForm(item=item, units=units),
        "error": error,
    }


def _review_context(request, draft, *, error=None):
    items = selectors.draft_items(draft)
    units = candidate_units(draft, *(i.unit for i in items), *(i.addressee for i in items))
    groups = []
    for kind in ItemKind:
        rows = [_item_context(request, draft, i, units) for i in items if i.kind == kind]
        if rows:
            groups.append((kind.label, rows))
    return {
        "draft": draft,
        "text": marked_text(draft.text, items),
        "groups": groups,
        "draft_form": DraftForm(draft=draft),
        "sessions": [
            s for s in selectors.sessions_from_document(draft.document) if s != draft.session
        ],
        "problems": services.confirm_problems(draft, items),
        "duplicates": selectors.duplicate_sessions(draft) if draft.is_open else [],
        "may_issue": draft.issuer is None or meetings_access.can_issue(request.user, draft.issuer),
        "created": selectors.created_by_draft(draft)
        if draft.status == DraftStatus.CONFIRMED
        else {},
        "error": error,
    }


@login_required
def review(request, pk):
    _require_ingest(request)
    draft = selectors.draft_get_for_user(user=request.user, pk=pk)
    return render(request, "ingest/review.html", _review_context(request, draft))


def _summary_response(request, draft, template, context, status=200):
    """The partial, with the confirmation panel refreshed out of band."""
    items = selectors.draft_items(draft)
    context = {
        **context,
        "draft": draft,
        "problems": services.confirm_problems(draft, items),
        "duplicates": selectors.duplicate_sessions(draft),
        "oob": True,
    }
    return render(request, template, context, status=status)


@login_required
@require_POST
def item_decide(request, pk, item_pk):
    _require_ingest(request)
    item = selectors.draft_item_get_for_user(user=request.user, draft_pk=pk, pk=item_pk)
    draft = item.draft
    units = candidate_units(draft, item.unit, item.addressee)
    form = ItemForm(request.POST, item=item, units=units)
    error, status = None, 200
    if form.is_valid():
        try:
            item = services.draft_item_decide(
                actor=request.user,
                item=item,
                decision=form.cleaned_data["decision"],
                fields=form.item_fields() if form.cleaned_data["decision"] != "rejected" else None,
                unit=form.cleaned_data.get("unit"),
                coordinators=list(form.cleaned_data.get("coordinators") or []),
                addressee=form.cleaned_data.get("addressee"),
                no_single_lead=bool(form.cleaned_data.get("no_single_lead")),
            )
            form = None
        except DraftConflict as exc:
            error, status = str(exc), 409
        except DraftError as exc:
            error, status = str(exc), 422
    else:
        status = 422
    if not request.htmx:
        if error or form is not None:
            messages.error(request, error or _("Check the fields of the item."))
        return redirect(reverse("ingest:review", args=[draft.pk]) + f"#item-{item.pk}")
    context = _item_context(request, draft, item, units, form=form, error=error)
    return _summary_response(request, draft, "ingest/_item.html", context, status=status)


@login_required
@require_POST
def draft_edit(request, pk):
    _require_ingest(request)
    draft = selectors.draft_get_for_user(user=request.user, pk=pk)
    form = DraftForm(request.POST, draft=draft)
    error, status = None, 200
    if form.is_valid():
        try:
            draft = services.draft_update(actor=request.user, draft=draft, **form.cleaned_data)
            form = DraftForm(draft=draft)
        except DraftConflict as exc:
            error, status = str(exc), 409
        except DraftError as exc:
            error, status = str(exc), 422
    else:
        status = 422
    if not request.htmx:
        if status != 200:
            messages.error(request, error or _("Check the fields of the session."))
        return redirect("ingest:review", pk=draft.pk)
    context = {
        "draft_form": form,
        "error": error,
        "may_issue": draft.issuer is None or meetings_access.can_issue(request.user, draft.issuer),
    }
    return _summary_response(request, draft, "ingest/_draft_form.html", context, status=status)


@login_required
@require_POST
def accept_all(request, pk):
    _require_ingest(request)
    draft = selectors.draft_get_for_user(user=request.user, pk=pk)
    try:
        accepted = services.draft_accept_unflagged(actor=request.user, draft=draft)
    except DraftError as exc:
        status = 409 if isinstance(exc, DraftConflict) else 422
        draft.refresh_from_db()
        context = _review_context(request, draft, error=str(exc))
        return render(request, "ingest/review.html", context, status=status)
    waiting = sum(item.decision == "pending" for item in selectors.draft_items(draft))
    messages.success(
        request,
        _("Accepted %(count)s items; %(waiting)s flagged items wait for your decision.")
        % {"count": len(accepted), "waiting": waiting},
    )
    return redirect("ingest:review", pk=draft.pk)


@login_required
@require_POST
def confirm(request, pk):
    _require_ingest(request)
    draft = selectors.draft_get_for_user(user=request.user, pk=pk)
    try:
        session = services.draft_confirm(
            actor=request.user,
            draft=draft,
            duplicate_confirmed=request.POST.get("duplicate_confirmed") == "1",
        )
    except DraftError as exc:
        status = 409 if isinstance(exc, DraftConflict) else 422
        draft.refresh_from_db()
        context = _review_context(request, draft, error=str(exc))
        return render(request, "ingest/review.html", context, status=status)
    messages.success(
        request,
        _("Confirmed: the working session and %(count)s directives are recorded.")
        % {"count": session.directives.count()},
    )
    return redirect("ingest:review", pk=draft.pk)


@login_required
@require_POST
def discard(request, pk):
    _require_ingest(request)
    draft = selectors.draft_get_for_user(user=request.user, pk=pk)
    try:
        services.draft_discard(actor=request.user, draft=draft)
    except DraftError as exc:
        draft.refresh_from_db()
        context = _review_context(request, draft, error=str(exc))
        return render(request, "ingest/review.html", context, status=409)
    messages.info(request, _("The draft is discarded."))
    return redirect("ingest:upload")
