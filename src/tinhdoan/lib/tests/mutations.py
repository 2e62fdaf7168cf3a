"""Hypothesis strategies for damaged input: random Vietnamese text, bytes changed in place,
workbooks whose XML was edited, tables whose columns moved."""

import io
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis caches Unicode tables and constants in a folder: outside the work tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "tinhdoan-hypothesis")

# Bounded for CI; no example database written into the work tree. The settings fixture of
# the conftest is function-scoped but the same for every example.
FUZZ = settings(
    deadline=None,
    max_examples=100,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
VIETNAMESE_LETTERS = (
    "".join(
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for tone in _TONES
    )
    + "bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX"
)
WORDS = (
    "Đoàn thanh niên cộng sản Hồ Chí Minh tỉnh Lạng Sơn xã phường huyện chi đoàn kết nạp "
    "đoàn viên mới tình nguyện hỗ trợ khởi nghiệp năm tháng báo cáo chỉ tiêu người triệu "
    "đồng Thất Khê Cao Lộc Đồng Đăng Bắc Sơn Hữu Lũng"
).split()

vietnamese_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE_LETTERS + "0123456789 .,;:%-/()\"'\n\t"), max_size=40
)
vietnamese_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


def is_vietnamese(message: str) -> bool:
    """A message a Vietnamese reader can read: non-empty, with Vietnamese letters."""
    return bool(message.strip()) and any(
        ch in VIETNAMESE_LETTERS for ch in message if ord(ch) > 127
    )


@st.composite
def mutated_bytes(draw, data: bytes, *, max_changes: int = 4) -> bytes:
    """`data` with a few bytes flipped, deleted, inserted, or cut off at the end."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, max_changes))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        position = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "flip" and out:
            out[position] ^= draw(st.integers(1, 255))
        elif kind == "delete":
            del out[position : position + draw(st.integers(1, 16))]
        elif kind == "insert":
            out[position:position] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "truncate":
            del out[position:]
        elif kind == "duplicate":
            out[position:position] = out[position : position + draw(st.integers(1, 64))]
    return bytes(out)


@st.composite
def mutated_workbook(draw, data: bytes) -> bytes:
    """An XLSX whose zip is intact but one member's XML was damaged or replaced."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    name = draw(st.sampled_from(sorted(members)))
    if draw(st.booleans()):
        members[name] = draw(mutated_bytes(members[name]))
    else:
        text = members[name].decode("utf-8", "replace")
        start = draw(st.integers(0, len(text)))
        members[name] = (
            text[:start] + draw(vietnamese_text) + text[start + draw(st.integers(0, 8)) :]
        ).encode()
    if draw(st.integers(0, 9)) == 0:
        del members[name]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return buffer.getvalue()


@st.composite
def mutated_rows(draw, rows: list[list[str]]) -> list[list[str]]:
    """Rows (header first) with columns swapped or shifted, cells dropped, and cells
    replaced by Vietnamese text."""
    rows = [list(row) for row in rows]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(["swap", "shift", "drop", "text", "long", "blank_row", "extra"])
        )
        index = draw(st.integers(0, len(rows) - 1))
        row = rows[index]
        width = max(len(row), 1)
        column = draw(st.integers(0, width - 1))
        if kind == "swap":
            other = draw(st.integers(0, width - 1))
            for each in rows:
                if max(column, other) < len(each):
                    each[column], each[other] = each[other], each[column]
        elif kind == "shift":
            row.insert(column, "")
        elif kind == "drop" and row:
            del row[column % len(row)]
        elif kind == "text" and row:
            row[column % len(row)] = draw(vietnamese_text)
        elif kind == "long" and row:  # past any column's length
            row[column % len(row)] = draw(st.sampled_from(WORDS)) * draw(st.integers(10, 80))
        elif kind == "blank_row":
            rows.insert(index, [""] * width)
        elif kind == "extra":
            row.append(draw(vietnamese_text))
    return rows
