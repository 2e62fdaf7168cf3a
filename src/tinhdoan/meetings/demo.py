"""Demo: the working session of 9 January 2018 from the article, and this year's directives.

The session, its topics, its 7 directives and the union's recommendation come
from the article (Báo Lạng Sơn), attached as the source document. The article
gives no deadlines and no follow-up: the deadlines, progress and completion
dates below are illustrative, as are this year's directives, which exist so
that the board shows every status.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tinhdoan.org.models import Person, Unit

from . import services
from .models import Directive, Recommendation, SourceKind, WorkingSession

ARTICLE = Path(__file__).resolve().parent / "demo_data" / "seed-article.txt"
ARTICLE_TITLE = "Lãnh đạo tỉnh làm việc với Tỉnh đoàn Lạng Sơn"
SESSION_DAY = datetime.date(2018, 1, 9)

TOPICS = [
    "hỗ trợ, tuyên truyền giúp thanh niên lập thân, lập nghiệp",
    "giáo dục thanh, thiếu niên, nhi đồng về đạo đức, lối sống",
    "nâng cao ý thức của đoàn viên, thanh niên về bảo vệ môi trường",
    "xây dựng quỹ hỗ trợ thanh niên khởi nghiệp",
    "việc tham gia, sử dụng mạng xã hội",
]

STRENGTHS = (
    "Trong năm 2017, Ban Thường vụ Tỉnh đoàn đã bám sát chương trình công tác, tranh thủ sự lãnh "
    "đạo của các cấp ủy đảng, sự phối hợp, hỗ trợ của chính quyền các cấp, các ngành và huy động "
    "hiệu quả các nguồn lực; hoàn thành 5 nhiệm vụ trọng tâm, 4 nội dung đột phá, đạt và vượt "
    "11/12 chỉ tiêu; chỉ đạo thành công đại hội đoàn các cấp và Đại hội Đoàn toàn tỉnh lần thứ "
    "XIII, đại hội hội sinh viên các cấp và Đại hội đại biểu Hội sinh viên tỉnh lần thứ II, "
    "nhiệm kỳ 2017 – 2022."
)
LIMITATIONS = "Đồng chí Chủ tịch UBND tỉnh chỉ ra những hạn chế (bài báo không nêu chi tiết)."

# (lead, coordinators, content, deadline or None for ongoing, [(progress day, %, text)],
#  completed on). Deadlines, progress and completion are illustrative.
SESSION_DIRECTIVES = [
    (
        "TDLS",
        [],
        "Tiếp tục giáo dục lý tưởng, lối sống cho đoàn viên, thanh niên",
        None,
        [(datetime.date(2018, 6, 15), 50, "Tổ chức sinh hoạt chính trị ở các cơ sở đoàn")],
        None,
    ),
    (
        "TDLS",
        [],
        "Xây dựng các chuyên đề học tập, rèn luyện đối với tất cả các đối tượng thanh niên",
        datetime.date(2018, 6, 30),
        [(datetime.date(2018, 5, 20), 100, "Đã ban hành 4 chuyên đề học tập năm 2018")],
        datetime.date(2018, 6, 20),
    ),
    (
        "TDLS",
        ["SGDDT-LS", "SNV-LS", "SVHTTDL-LS"],
        "Rà soát các chương trình đã ký kết, phối hợp với các sở, ngành đánh giá kết quả, "
        "xây dựng kế hoạch triển khai tiếp theo",
        datetime.date(2018, 6, 30),
        [(datetime.date(2018, 7, 31), 90, "Đã rà soát 6 chương trình phối hợp")],
        datetime.date(2018, 8, 15),
    ),
    (
        "TDLS",
        [],
        "Xây dựng, biểu dương, nhân rộng điển hình tiên tiến trong các lĩnh vực",
        None,
        [(datetime.date(2018, 12, 10), 60, "Tuyên dương 20 điển hình thanh niên tiên tiến")],
        None,
    ),
    (
        "TDLS",
        [],
        "Vận động, tuyên truyền đoàn viên, thanh niên tham gia xây dựng nông thôn mới",
        None,
        [],
        None,
    ),
    (
        "SNV-LS",
        ["SGDDT-LS", "STC-LS", "SVHTTDL-LS"],
        "Trong quá trình thực hiện nhiệm vụ cần lưu ý đến mục tiêu phát triển thanh niên của "
        "tỉnh trong năm và giai đoạn",
        None,
        [],
        None,
    ),
    (
        "SGDDT-LS",
        ["SNV-LS", "STC-LS", "SVHTTDL-LS"],
        "Phối hợp, hỗ trợ Tỉnh đoàn thực hiện công tác đoàn và phong trào thanh thiếu nhi",
        None,
        [(datetime.date(2018, 9, 5), 30, "Ký kế hoạch phối hợp năm học 2018 – 2019")],
        None,
    ),
]

RECOMMENDATION = (
    "Những kiến nghị của Ban Thường vụ Tỉnh đoàn tại buổi làm việc, được lãnh đạo tỉnh ghi nhận "
    "để tham mưu, đề xuất với tỉnh xem xét, giải quyết"
)

# This year's directives, relative to the day the demo is loaded (all illustrative):
# (issuer, lead, coordinators, content, deadline offset, progress [(offset, %)],
#  completed offset, deadline change (proposed offset) or None).
CURRENT = [
    ("TDLS", "TDLS-06040", [], "Tổ chức ra quân Tháng Thanh niên", 30, [], None, None),
    (
        "TDLS",
        "TDLS-06001",
        [],
        "Thành lập đội hình thanh niên tình nguyện hỗ trợ chuyển đổi số",
        20,
        [(-5, 40)],
        None,
        None,
    ),
    (
        "TDLS",
        "TDLS-06040",
        [],
        "Báo cáo kết quả kết nạp đoàn viên mới",
        5,
        [(-2, 70)],
        None,
        None,
    ),
    (
        "TDLS",
        "TDLS-06001",
        [],
        "Xây dựng công trình thanh niên cấp xã",
        10,
        [(-6, 20)],
        None,
        40,
    ),
    (
        "TDLS",
        "TDLS-06040",
        [],
        "Tổ chức Ngày hội đọc sách cho thiếu nhi",
        -5,
        [(-9, 100)],
        -7,
        None,
    ),
    (
        "TDLS",
        "TDLS-06001",
        [],
        "Rà soát, củng cố chi đoàn thôn, bản",
        -20,
        [(-15, 80)],
        -3,
        None,
    ),
    ("TDLS", "TDLS-06040", [], "Tổng hợp danh sách thanh niên lập nghiệp", -3, [], None, None),
    (
        "TDLS",
        "TDLS-KHOI",
        ["HSV-LS"],
        "Tổ chức diễn đàn thanh niên với chuyển đổi số",
        -10,
        [(-12, 50)],
        None,
        None,
    ),
    (
        "UBND-LS",
        "TDLS",
        ["SGDDT-LS"],
        "Tổ chức Ngày hội khởi nghiệp thanh niên tỉnh",
        45,
        [(-4, 25)],
        None,
        None,
    ),
    (
        "UBND-LS",
        "STC-LS",
        [],
        "Bố trí kinh phí hỗ trợ Quỹ hỗ trợ thanh niên khởi nghiệp",
        -15,
        [],
        None,
        None,
    ),
    (
        "UBND-LS",
        "SGDDT-LS",
        ["TDLS"],
        "Tuyên truyền sử dụng mạng xã hội an toàn trong trường học",
        14,
        [],
        None,
        None,
    ),
]
CURRENT_REFERENCE = {
    "TDLS": "Kế hoạch số 12-KH/TĐTN-VP (minh họa)",
    "UBND-LS": "Thông báo kết luận số 15-TB/UBND (minh họa)",
}


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _users() -> dict:
    names = ["lanhdao.tinh", "vp.ubnd", "btv.tinhdoan", "tinhdoan.admin", "so.gddt"]
    names += ["doan.xa_that_khe", "doan.xa_doan_ket"]
    return get_user_model().objects.in_bulk(names, field_name="username")


def _reporter(users, code: str):
    return {
        "TDLS": users["btv.tinhdoan"],
        "SGDDT-LS": users["so.gddt"],
        "TDLS-06040": users["doan.xa_that_khe"],
        "TDLS-06001": users["doan.xa_doan_ket"],
    }.get(code, users["tinhdoan.admin"])


def _issuer_user(users, code: str):
    """The provincial office records what the province's leaders conclude."""
    return users["vp.ubnd"] if code == "UBND-LS" else users["btv.tinhdoan"]


@transaction.atomic
def load_session(progress) -> WorkingSession:
    users = _users()
    units = Unit.objects.in_bulk(
        ["TDLS", "UBND-LS", "SGDDT-LS", "SNV-LS", "STC-LS", "SVHTTDL-LS", "TU-LS"],
        field_name="code",
    )
    article = services.source_document_ensure(
        title=ARTICLE_TITLE,
        kind=SourceKind.ARTICLE,
        published=datetime.date(2021, 8, 2),
        text=ARTICLE.read_bytes().decode("utf-8"),
    )
    session = WorkingSession.objects.filter(held_at__date=SESSION_DAY, host_unit=units["TDLS"])
    session = session.first()
    if session is None:
        conclusion = article.text.split("Kết luận buổi làm việc, ", 1)[1].rsplit("YÊN SƠN", 1)[0]
        session = services.session_create(
            actor=users["vp.ubnd"],
            title=ARTICLE_TITLE,
            held_at=_at(SESSION_DAY, 8),
            place="Tỉnh đoàn Lạng Sơn",
            host_unit=units["TDLS"],
            issuer=units["UBND-LS"],
            chairs=[Person.objects.get(full_name="Phạm Ngọc Thưởng")],
            participant_units=[
                units[c] for c in ["TDLS", "SGDDT-LS", "SNV-LS", "STC-LS", "SVHTTDL-LS"]
            ],
            period_reviewed="2017",
            topics=TOPICS,
            strengths=STRENGTHS,
            limitations=LIMITATIONS,
            conclusion="Kết luận buổi làm việc, " + conclusion.strip(),
            source_documents=[article],
        )
    made = 0
    for number, (lead, coordinators, content, deadline, reports, done_on) in enumerate(
        SESSION_DIRECTIVES, start=1
    ):
        if session.directives.filter(content=content).exists():
            continue
        directive = services.directive_create(
            actor=users["vp.ubnd"],
            session=session,
            number=number,
            content=content,
            lead=Unit.objects.get(code=lead),
            coordinators=list(Unit.objects.filter(code__in=coordinators)),
            deadline=deadline,
            ongoing=deadline is None,
            source_document=article,
        )
        _follow(directive, users, lead, reports, done_on, None)
        made += 1
    if not session.recommendations.exists():
        services.recommendation_create(
            actor=users["lanhdao.tinh"],
            session=session,
            raised_by=units["TDLS"],
            addressee=units["UBND-LS"],
            content=RECOMMENDATION,
        )
        rec = session.recommendations.get()
        services.recommendation_consider(actor=users["lanhdao.tinh"], recommendation=rec)
    progress(
        f"Buổi làm việc 09/01/2018: {session.directives.count()} nhiệm vụ "
        f"({made} mới), {Recommendation.objects.filter(session=session).count()} kiến nghị, "
        "bài báo đính kèm"
    )
    return session


def _follow(directive, users, lead_code, reports, done_on, change_to):
    """Progress, completion and deadline change of a demo directive, at their own dates."""
    reporter = _reporter(users, lead_code)
    for day, percent, text in reports:
        services.directive_report_progress(
            actor=reporter, directive=directive, text=text, percent=percent, at=_at(day)
        )
    if change_to is not None:
        services.directive_request_deadline_change(
            actor=reporter,
            directive=directive,
            proposed_deadline=change_to,
            reason="Chờ bố trí kinh phí và địa điểm (minh họa)",
            at=_at(timezone.localdate() - datetime.timedelta(days=1)),
        )
    if done_on is not None:
        services.directive_complete(
            actor=_issuer_user(users, directive.issuer.code),
            directive=directive,
            on=done_on,
            reason="Đã hoàn thành (minh họa)",
            at=_at(done_on, 16),
        )


@transaction.atomic
def load_current(progress) -> None:
    users = _users()
    today = timezone.localdate()
    assigned = today - datetime.timedelta(days=40)
    made = 0
    for issuer_code, lead, coordinators, content, due, reports, done, change in CURRENT:
        issuer = Unit.objects.get(code=issuer_code)
        if Directive.objects.filter(issuer=issuer, content=content).exists():
            continue
        directive = services.directive_create(
            actor=_issuer_user(users, issuer_code),
            issuer=issuer,
            source_reference=CURRENT_REFERENCE[issuer_code],
            assigned_on=assigned,
            content=content,
            lead=Unit.objects.get(code=lead),
            coordinators=list(Unit.objects.filter(code__in=coordinators)),
            deadline=today + datetime.timedelta(days=due),
            priority="high" if due < 0 else "normal",
        )

        def day(offset: int) -> datetime.date:
            return today + datetime.timedelta(days=offset)

        _follow(
            directive,
            users,
            lead,
            [(day(o), p, f"Đã thực hiện khoảng {p}% (minh họa)") for o, p in reports],
            day(done) if done is not None else None,
            day(change) if change is not None else None,
        )
        made += 1
    progress(f"Nhiệm vụ năm nay (minh họa, đủ mọi trạng thái): {len(CURRENT)} ({made} mới)")


def load(progress) -> None:
    load_session(progress)
    load_current(progress)
