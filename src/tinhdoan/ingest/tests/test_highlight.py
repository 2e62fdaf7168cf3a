from tinhdoan.ingest.highlight import marked_text
from tinhdoan.ingest.models import DraftItem


def _item(pk, start, end, kind="topic"):
    return DraftItem(pk=pk, kind=kind, number=pk, span_start=start, span_end=end)


def test_marks_carry_ids_and_the_text_is_escaped():
    html = marked_text("a <b> c", [_item(1, 2, 5)])

    assert html.startswith(
        'a <mark id="mark-1" class="ingest-mark ingest-topic ingest-pending" data-item="1" '
    )
    assert html.endswith(">&lt;b&gt;</mark> c")


def test_nested_and_overlapping_spans_keep_one_id_per_item():
    html = marked_text("0123456789", [_item(1, 0, 8), _item(2, 2, 4), _item(3, 6, 10)])

    for pk in (1, 2, 3):
        assert html.count(f'id="mark-{pk}"') == 1
    assert "".join(__import__("re").split(r"<[^>]+>", html)) == "0123456789"
