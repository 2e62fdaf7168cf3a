"""The normalized text as HTML, each item's span in a <mark> (ids `mark-<item id>`)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import DraftItem


def marked_text(text: str, items: list[DraftItem]) -> SafeString:
    """Escape the text and wrap each span; overlapping spans are cut at their boundaries.

    Every piece of text covered by a span is one <mark> carrying the innermost
    item's kind and decision; the first piece of each item carries its id (an
    item starting where another does gets an empty anchor of its own).
    """
    spans = [i for i in items if 0 <= i.span_start < i.span_end <= len(text)]
    bounds = sorted({0, len(text), *(i.span_start for i in spans), *(i.span_end for i in spans)})
    started: set[int] = set()
    out: list[str] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = escape(text[start:end])
        covering = [i for i in spans if i.span_start <= start and end <= i.span_end]
        if not covering:
            out.append(piece)
            continue
        inner = min(covering, key=lambda i: (i.span_end - i.span_start, i.pk))
        new = [i for i in covering if i.pk not in started]
        started.update(i.pk for i in new)
        anchors = "".join(
            f'<span id="mark-{i.pk}" class="ingest-anchor"></span>' for i in new if i is not inner
        )
        mark_id = f' id="mark-{inner.pk}"' if inner in new else ""
        title = escape(f"{inner.get_kind_display()} {inner.number}")
        out.append(
            f'{anchors}<mark{mark_id} class="ingest-mark ingest-{inner.kind} '
            f'ingest-{inner.decision}" data-item="{inner.pk}" title="{title}">{piece}</mark>'
        )
    return mark_safe("".join(out))  # noqa: S308 — every piece of text is escaped above
