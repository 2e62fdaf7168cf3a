"""The session's conclusion, its strengths and limitations, and what the reader should check."""

from __future__ import annotations

import re

from .layout import Layout, sentences
from .running import INFERRED, UNNAMED, VERBLESS

_STRENGTH = re.compile(r"ưu\s+điểm|nổi\s+bật|đánh\s+giá\s+cao|biểu\s+dương", re.IGNORECASE)
_LIMITATION = re.compile(
    r"hạn\s+chế|tồn\s+tại|bất\s+cập|yếu\s+kém|chưa\s+đạt|còn\s+(?:khó\s+khăn|lúng\s+túng)|"
    r"^(?:Tuy\s+nhiên|Tuy\s+vậy)",
    re.IGNORECASE,
)
_ENDS_A_SENTENCE = re.compile(r"[.!?…\"”)/]\s*$")


def conclusion_text(text: str, layout: Layout) -> str | None:
    """The leader's conclusion: from its opening words to the end of the body."""
    start = layout.conclusion_start
    if start is None:
        return None
    parts = [text[max(start, line.start) : line.end] for line in layout.body if line.end > start]
    return "\n".join(part.strip() for part in parts if part.strip()) or None


def assessments(layout: Layout) -> tuple[str, str]:
    """Statements of strengths ("ưu điểm") and limitations ("hạn chế", "Tuy nhiên ...")."""
    strengths: list[str] = []
    limitations: list[str] = []
    for line in layout.body:
        for sentence in sentences(line):
            said = sentence.text.strip()
            if _LIMITATION.search(said):
                limitations.append(said)
            if _STRENGTH.search(said):
                strengths.append(said)
    return " ".join(strengths), " ".join(limitations)


def looks_cut_short(layout: Layout) -> bool:
    """The last paragraph stops without ending its sentence."""
    if not layout.body or layout.is_notice:
        return False
    return not _ENDS_A_SENTENCE.search(layout.body[-1].text)


def _quoted(text: str) -> str:
    return f"“{text[:70]}…”" if len(text) > 70 else f"“{text}”"


def uncertainty_warnings(record: dict, layout: Layout, *, host_in_title_only: bool) -> list[str]:
    """What a reviewer should check: items the text does not state outright."""
    warnings = []
    if record["host_organization"] is None:
        warnings.append("Không xác định được cơ quan, đơn vị làm việc với đoàn.")
    elif host_in_title_only:
        warnings.append(
            f"Cơ quan làm việc ({record['host_organization']}) chỉ thấy ở tiêu đề; cần kiểm tra lại."
        )
    for leader in record["leaders"]:
        if not leader["positions"]:
            warnings.append(f"Không thấy chức vụ của {leader['name']}.")
    for directive in record["directives"]:
        if directive["confidence"] <= UNNAMED:
            assignee = directive["assignee"]
            warnings.append(
                f"Nhiệm vụ được giao {_quoted(directive['text'])} không nêu đơn vị thực hiện"
                + (f"; tạm giao cho {assignee}." if assignee else ".")
            )
        elif directive["confidence"] <= VERBLESS:
            warnings.append(
                f"Câu {_quoted(directive['text'])} được hiểu là nhiệm vụ được giao dù không có "
                "động từ giao việc; cần kiểm tra lại."
            )
    for recommendation in record["recommendations"]:
        if recommendation["confidence"] <= INFERRED:
            warnings.append(
                f"Kiến nghị {_quoted(recommendation['text'])} không nêu rõ ai đề xuất; "
                "cần kiểm tra lại."
            )
    if looks_cut_short(layout):
        warnings.append("Đoạn cuối không kết thúc câu: văn bản có thể bị cắt ngang.")
    elif layout.conclusion_start is None and not record["directives"]:
        warnings.append(
            "Không thấy phần kết luận của buổi làm việc; văn bản có thể thiếu phần cuối."
        )
    return warnings
