"""The year-end report of the article's case, as the reports of the system build it."""

import dataclasses
import datetime

from tinhdoan.documents.model import OfficialDocument, Paragraph, Signature, Table

SUMMARY = (
    "Năm 2017, Ban Thường vụ Tỉnh đoàn đã bám sát chương trình công tác năm, thực hiện "
    "hoàn thành 5 nhiệm vụ trọng tâm, 4 nội dung đột phá và đạt và vượt 11/12 chỉ tiêu đề ra."
)
TARGETS = [
    [1, "Kết nạp đoàn viên mới", 5000, 5432],
    [2, "Công trình, phần việc thanh niên", 1200, 1250],
    [3, "Giá trị làm lợi (triệu đồng)", 1234.5, 1150.25],
]
RECIPIENTS = ["Trung ương Đoàn (b/c);", "Thường trực Tỉnh ủy (b/c);", "- Lưu VP."]


def union_report(**changes) -> OfficialDocument:
    document = OfficialDocument(
        style="union",
        issuer="BCH TỈNH LẠNG SƠN",
        number="125-BC/TĐTN-VP",
        place="Lạng Sơn",
        date=datetime.date(2018, 1, 9),
        kind="BÁO CÁO",
        subject="Kết quả thực hiện chương trình công tác năm 2017",
        body=[
            Paragraph("I. KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH CÔNG TÁC NĂM 2017", heading=True),
            Paragraph(SUMMARY),
            Table(
                columns=["TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện"],
                rows=[list(row) for row in TARGETS],
                numeric_columns={0, 2, 3},
                title="Kết quả thực hiện một số chỉ tiêu",
            ),
            Paragraph("Số liệu của các chỉ tiêu là minh họa.", italic=True),
        ],
        signature=Signature(
            on_behalf="TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", title="BÍ THƯ", name="Hoàng Văn Nam"
        ),
        recipients=list(RECIPIENTS),
    )
    return dataclasses.replace(document, **changes)


def state_report(**changes) -> OfficialDocument:
    document = union_report(
        style="state",
        issuer="ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        number="12/BC-UBND",
        signature=Signature(
            on_behalf="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name="Phạm Ngọc Thưởng"
        ),
    )
    return dataclasses.replace(document, **changes)
