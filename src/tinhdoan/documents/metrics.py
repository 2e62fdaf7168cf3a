"""How wide a text is in the document's serif, read from the font's own advance widths.

The PDF draws with this font and the DOCX names Times New Roman, whose metrics Liberation
Serif shares: columns sized here hold the same words on the same lines in both files.
"""

import functools
from pathlib import Path

from fontTools.ttLib import TTFont

from .fonts import FontSet, primary_font

PT = 25.4 / 72  # mm per point


@functools.cache
def _advances(path: Path) -> tuple[dict[int, int], int, int]:
    """(advance width of each character, the width of a missing one, units per em)."""
    with TTFont(path, lazy=True) as font:
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        fallback = metrics[".notdef"][0] if ".notdef" in metrics else 0
        return widths, fallback, font["head"].unitsPerEm


def text_width(
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    font_set: FontSet | None = None,
) -> float:
    """The width of one line of ``text`` at ``size`` points, in millimetres, in ``font_set``
    (the PDF's font when it is not the first choice), else in the first choice."""
    faces = (font_set or primary_font()).faces
    path = faces[("B" if bold else "") + ("I" if italic else "")]
    widths, fallback, per_em = _advances(path)
    units = sum(widths.get(ord(char), fallback) for char in text)
    return units * size / per_em * PT
