"""Who may read documents into drafts, and the drafts they see.

Reading documents into the system is the issuer's side: administrators,
leadership, and the standing committee (approvers) of a provincial union.
Everyone else gets 404 on every ingest page and endpoint.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from tinhdoan.accounts.models import Role
from tinhdoan.accounts.permissions import scope_for
from tinhdoan.meetings.models import WorkingSession
from tinhdoan.org.models import UnitKind, path_prefix_q

from .models import DraftItem, IngestDraft, SourceSpan


def can_ingest(user) -> bool:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    return any(
        m.role == Role.LEADERSHIP
        or (m.role == Role.APPROVER and m.unit.kind == UnitKind.PROVINCIAL_UNION)
        for m in scope.memberships
    )


def drafts_for_user(user) -> QuerySet[IngestDraft]:
    if not can_ingest(user):
        return IngestDraft.objects.none()
    scope = scope_for(user)
    qs = IngestDraft.objects.select_related("document", "host_unit", "session")
    if scope.reads_all:
        return qs
    mine = Q(created_by=user) | Q(host_unit__isnull=True)
    for path in scope.read_paths:
        mine |= path_prefix_q(path, field="host_unit__path")
    return qs.filter(mine)


def draft_get_for_user(*, user, pk: int) -> IngestDraft:
    """The draft if the user may review it; 404 otherwise (like a missing one)."""
    draft = drafts_for_user(user).filter(pk=pk).first()
    if draft is None:
        raise Http404
    return draft


def draft_item_get_for_user(*, user, draft_pk: int, pk: int) -> DraftItem:
    draft = draft_get_for_user(user=user, pk=draft_pk)
    item = draft.items.filter(pk=pk).first()
    if item is None:
        raise Http404
    item.draft = draft
    return item


def draft_items(draft: IngestDraft) -> list[DraftItem]:
    return list(
        draft.items.select_related("unit", "addressee", "person").prefetch_related("coordinators")
    )


def sessions_from_document(document) -> list[WorkingSession]:
    """Working sessions that already cite this document."""
    return list(document.sessions.select_related("host_unit").order_by("held_at", "id"))


def duplicate_sessions(draft) -> list[WorkingSession]:
    """Recorded sessions the draft may repeat: those citing its document, and those of
    its host unit on its meeting day."""
    same = Q(source_documents=draft.document)
    if draft.host_unit_id and draft.meeting_date:
        same |= Q(host_unit_id=draft.host_unit_id, held_at__date=draft.meeting_date)
    found = WorkingSession.objects.filter(same).exclude(pk=draft.session_id or 0)
    return list(found.distinct().select_related("host_unit").order_by("held_at", "id"))


def provenance_of(obj) -> list[SourceSpan]:
    """The spans of source text an object was created from."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(
        SourceSpan.objects.filter(content_type=content_type, object_id=obj.pk).select_related(
            "document"
        )
    )


def created_by_draft(draft: IngestDraft) -> dict[str, list]:
    """What confirming the draft created, by kind, in the order of the text."""
    spans = SourceSpan.objects.filter(item__draft=draft).select_related("content_type", "item")
    out: dict[str, list] = {}
    for span in spans.order_by("item__kind", "item__number"):
        out.setdefault(span.item.kind, []).append(span.target)
    return out
