"""The XLSX reader, on workbooks written the way Excel and other programs write them."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from tinhdoan.lib.tabular import TableError, read_table
from tinhdoan.lib.xlsx import read_first_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
# cellXfs: 0 general, 1 a built-in date (14, d/m/yyyy), 2 a custom date and time, 3 a duration
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="yyyy-mm-dd h:mm"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm:ss"/></numFmts>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/></cellXfs></styleSheet>'
)


def workbook(
    *sheets: str,
    shared: list[str] | None = None,
    order: list[int] | None = None,
    date1904: bool = False,
    chart_first: bool = False,
) -> bytes:
    """A workbook as Excel saves it, with the given <sheetData> contents (one per sheet),
    listed in `order`; `shared` are <si> contents for the shared string table."""
    order = order if order is not None else list(range(len(sheets)))
    types = [f'<Override PartName="/xl/workbook.xml" ContentType="{WORKBOOK_TYPE}"/>']
    rels, listed = [], []
    parts = {}
    if chart_first:
        rels.append(
            f'<Relationship Id="rIdChart" Target="chartsheets/sheet1.xml" Type="{REL}/chartsheet"/>'
        )
        listed.append('<sheet name="Biểu đồ" sheetId="9" r:id="rIdChart"/>')
        parts["xl/chartsheets/sheet1.xml"] = f'<chartsheet xmlns="{MAIN}"/>'
    for number, data in enumerate(sheets, start=1):
        path = f"worksheets/sheet{number}.xml"
        parts[f"xl/{path}"] = f'<worksheet xmlns="{MAIN}"><sheetData>{data}</sheetData></worksheet>'
        types.append(f'<Override PartName="/xl/{path}" ContentType="{SHEET_TYPE}"/>')
        rels.append(f'<Relationship Id="rId{number}" Target="{path}" Type="{REL}/worksheet"/>')
    for index in order:
        listed.append(
            f'<sheet name="Trang {index + 1}" sheetId="{index + 1}" r:id="rId{index + 1}"/>'
        )
    if shared is not None:
        items = "".join(f"<si>{item}</si>" for item in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{items}</sst>'
        types.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>')
    parts["xl/styles.xml"] = STYLES
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        + ('<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>")
        + f"<sheets>{''.join(listed)}</sheets></workbook>"
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{PACKAGE_REL}">{"".join(rels)}</Relationships>'
    )
    parts["[Content_Types].xml"] = f'<Types xmlns="{TYPES}">{"".join(types)}</Types>'
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def rows(data: bytes) -> list[tuple[int, list[str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return read_first_sheet(archive, data)


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def test_shared_strings_are_read_with_their_rich_text_runs_and_without_phonetic_guides():
    data = workbook(
        row(1, '<c r="A1" t="s"><v>0</v></c>', '<c r="B1" t="s"><v>1</v></c>')
        + row(2, '<c r="A2" t="s"><v>2</v></c>', '<c r="B2" t="s"><v>0</v></c>'),
        shared=[
            "<t>Kết nạp</t>",
            '<r><rPr><b/></rPr><t xml:space="preserve">Đoàn </t></r><r><t>viên</t></r>',
            '<t>Tokyo</t><rPh sb="0" eb="1"><t>トウキョウ</t></rPh>',
        ],
    )
    assert rows(data) == [(1, ["Kết nạp", "Đoàn viên"]), (2, ["Tokyo", "Kết nạp"])]


def test_inline_strings_are_read_and_stripped():
    data = workbook(
        row(1, '<c r="A1" t="inlineStr"><is><t xml:space="preserve">  P-A </t></is></c>')
        + row(
            2,
            '<c r="A2" t="inlineStr"><is><r><t xml:space="preserve">Chi </t></r><r><t>đoàn</t></r></is></c>',
        )
        + row(3, '<c r="A3" t="inlineStr"></c>', '<c r="B3" t="inlineStr"><is><t>x</t></is></c>')
    )
    assert rows(data) == [(1, ["P-A"]), (2, ["Chi đoàn"]), (3, ["", "x"])]


def test_numbers_and_booleans_read_as_openpyxl_gives_them():
    data = workbook(
        row(
            1,
            '<c r="A1"><v>120</v></c>',
            '<c r="B1" t="n"><v>2.5</v></c>',
            '<c r="C1"><v>3.0</v></c>',
            '<c r="D1"><v>1E-5</v></c>',
            '<c r="E1"><v>-7</v></c>',
            '<c r="F1" t="b"><v>1</v></c>',
            '<c r="G1" t="b"><v>0</v></c>',
            '<c r="H1"><v></v></c>',
        )
    )
    assert rows(data) == [(1, ["120", "2.5", "3", "1e-05", "-7", "True", "False"])]


@pytest.mark.parametrize(
    "cell", ['<c r="B4" t="e"><v>#N/A</v></c>', "<c r='B4' s='1' t='e'><v>#DIV/0!</v></c>"]
)
def test_a_cell_holding_an_error_is_refused_with_its_line(cell):
    # calamine reads an error as an empty cell, and an empty value clears a saved one.
    data = workbook(row(1, '<c r="A1"><v>1</v></c>') + row(4, '<c r="A4"><v>1</v></c>', cell))
    with pytest.raises(TableError, match="Dòng 4: ô chứa giá trị lỗi"):
        read_table("a.xlsx", data, columns=["a", "b"])


def test_a_formula_cell_gives_its_cached_value():
    data = workbook(
        row(
            1,
            '<c r="A1"><f>2+3</f><v>5</v></c>',
            '<c r="B1" t="str"><f>"P-"&amp;"A"</f><v>P-A</v></c>',
        )
        + row(2, '<c r="A2"><f t="shared" ref="A2:A3" si="0">A1*2</f><v>10</v></c>')
    )
    assert rows(data) == [(1, ["5", "P-A"]), (2, ["10"])]


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="B3"><f>2+3</f></c>',
        '<c r="B3"><f>2+3</f><v></v></c>',
        '<c r="B3" t="str"><f>A1</f></c>',
        '<c r="B3"><f t="array" ref="B3">SUM(A1:A2)</f></c>',
    ],
)
def test_a_formula_cell_without_a_cached_value_is_refused_with_its_line(cell):
    data = workbook(row(1, '<c r="A1"><v>1</v></c>') + row(3, '<c r="A3"><v>1</v></c>', cell))
    with pytest.raises(TableError, match="Dòng 3: ô công thức chưa có giá trị"):
        read_table("a.xlsx", data, columns=["a", "b"])


def test_date_cells_are_iso_dates_times_and_durations():
    data = workbook(
        row(
            1,
            '<c r="A1" s="1"><v>46107</v></c>',
            '<c r="B1" s="2"><v>46107.75</v></c>',
            '<c r="C1" s="3"><v>1.5</v></c>',
            '<c r="D1" t="d"><v>2026-03-26T00:00:00</v></c>',
            '<c r="E1" s="1"><v>0.5</v></c>',
        )
    )
    assert rows(data) == [
        (1, ["2026-03-26", "2026-03-26T18:00:00", "1 day, 12:00:00", "2026-03-26", "12:00:00"])
    ]
    assert rows(workbook(row(1, '<c r="A1" s="1"><v>44645</v></c>'), date1904=True)) == [
        (1, ["2026-03-26"])
    ]


def test_the_first_listed_worksheet_is_read_not_the_first_part_nor_a_chart_sheet():
    first = row(1, '<c r="A1" t="inlineStr"><is><t>sheet1</t></is></c>')
    second = row(1, '<c r="A1" t="inlineStr"><is><t>sheet2</t></is></c>')
    assert rows(workbook(first, second, order=[1, 0])) == [(1, ["sheet2"])]
    assert rows(workbook(first, second, chart_first=True)) == [(1, ["sheet1"])]


def test_rows_and_cells_keep_their_place_with_or_without_references():
    data = workbook(
        '<row r="2"><c r="C2"><v>3</v></c><c r="A2"><v>1</v></c></row>'
        "<row><c><v>1</v></c><c><v>2</v></c></row>"
        '<row r="7"><c r="AA7"><v>27</v></c></row>'
    )
    assert rows(data) == [(2, ["1", "", "3"]), (3, ["1", "2"]), (7, [""] * 26 + ["27"])]


def with_sheet_xml(data: bytes, change) -> bytes:
    """The workbook `data` with its sheet's XML replaced by `change(xml)`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(item, content)
    return buffer.getvalue()


def test_elements_with_a_namespace_prefix_are_read():
    data = with_sheet_xml(
        workbook(row(1, '<c r="A1"><v>1</v></c>')),
        lambda _xml: (
            f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="4">'
            '<x:c r="B4" t="inlineStr"><x:is><x:t>P-A</x:t></x:is></x:c>'
            "</x:row></x:sheetData></x:worksheet>"
        ).encode(),
    )
    assert rows(data) == [(4, ["", "P-A"])]


@pytest.mark.parametrize(
    "sheet_data",
    [
        row(1, '<c r="A1" t="s"><v>7</v></c>'),  # no such shared string
        row(1, '<c r="A1"><v>1</v>'),  # a cell left open
    ],
)
def test_a_damaged_sheet_is_refused(sheet_data):
    with pytest.raises(TableError, match="không phải là bảng tính XLSX hợp lệ"):
        read_table("a.xlsx", workbook(sheet_data), columns=["a"])


def test_a_sheet_with_a_document_type_declaration_is_refused():
    data = with_sheet_xml(
        workbook(row(1, '<c r="A1"><v>1</v></c>')),
        lambda xml: b'<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>' + xml,
    )
    with pytest.raises(TableError, match="không phải là bảng tính XLSX hợp lệ"):
        read_table("a.xlsx", data, columns=["a"])


def test_a_workbook_written_by_openpyxl_reads_as_written():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["unit_code", "value", "when", "flag", "empty", "comment"])
    sheet.append(["P-A", 1234, datetime.date(2026, 3, 26), True, None, " Kết nạp "])
    sheet.append(["P-B", 1.125, datetime.datetime(2026, 3, 26, 8, 30), False, "", "=SUM(1)"])
    extra = workbook.create_sheet("khac")
    extra.append(["not", "read"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(fixed, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<f>SUM(1)</f><v></v>", b"<f>SUM(1)</f><v>1</v>")
            target.writestr(item, content)
    assert rows(fixed.getvalue()) == [
        (1, ["unit_code", "value", "when", "flag", "empty", "comment"]),
        (2, ["P-A", "1234", "2026-03-26", "True", "", "Kết nạp"]),
        (3, ["P-B", "1.125", "2026-03-26T08:30:00", "False", "", "1"]),
    ]


@pytest.mark.parametrize(
    ("far_cell", "limit"),
    [("XFD1048576", "số dòng"), ("XFD1", "số cột"), ("CV190000", "số ô")],
)
def test_a_sheet_whose_cells_span_past_the_limits_is_refused_before_it_is_read(far_cell, limit):
    # Two cells far apart: calamine would build the whole rectangle between them (512 GB for
    # A1 and XFD1048576) and the process would die.
    data = workbook(
        row(1, '<c r="A1"><v>1</v></c>')
        + row(int(far_cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), f'<c r="{far_cell}"><v>2</v></c>')
    )
    assert len(data) < 3000
    with pytest.raises(TableError, match=f"(giới hạn {limit})"):
        read_table("a.xlsx", data, columns=["a"])


def test_a_cell_without_a_reference_takes_the_next_place():
    data = workbook(row(2, '<c r="B2"><v>1</v></c><c><v>2</v></c>'))
    assert rows(data) == [(2, ["", "1", "2"])]
