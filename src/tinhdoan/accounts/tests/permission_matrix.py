"""Who gets what from every route: the expected answers of the permission matrix.

`test_permission_matrix.py` enumerates the routes (the URL configuration and the OpenAPI
schema of `/api/v1/`) and fails when a route has no entry here, or an entry names a route
that no longer exists. A new page or endpoint therefore needs a line in this table.

Roles, in the order of every row (Lạng Sơn demo accounts):

    officer    officer of commune union A (`doan.xa_that_khe`, TDLS-06040)
    sibling    officer of commune union B, A's sibling (`doan.xa_doan_ket`, TDLS-06001)
    approver   the standing committee of the provincial union above both (`btv.tinhdoan`)
    leader     a leadership reader of the province (`lanhdao.tinh`, reads everything)
    liaison    the Department of Education's liaison (`so.gddt`, SGDDT-LS)
    anonymous  nobody logged in

Pages are asked with a logged-in session, the API with each user's bearer token (which is
what scripts use; the session is accepted too). Logging in with force_login skips the
two-factor step of leadership: the step guards the login. Only the admin also asks that the
session passed it (django-otp's mark in the session); none of these roles is staff.

Objects (the placeholders of each URL, filled per variant by the test's world):

    A  objects of commune A: inside the officer's scope, outside the sibling's
    B  the same objects of commune B: outside the officer's scope, inside the sibling's
    P  objects of the province (its program, its congress campaign): above the communes
    N  no object (lists and forms), or one that exists for nobody

Each row gives one token per role:

    200, 403, 404, 422 ...   that HTTP status; nothing was written
    201+, 302+ ...           that status, and the route wrote (the watched rows changed)
    login                    a redirect to the login page (pages); nothing written
    seen / hidden            200, and the variant's object is / is not in the answer

The distinction this table keeps: 401, 403, 404 and a redirect to the login page are
refusals by the permission layer, and a refused write leaves every watched row as it was.
A 422 (or a 200 page showing the form again) is an allowed caller whose input is not valid,
or, on a few pages, a choice the form does not offer this user (the sibling cannot pick
commune A in a form listing only the units they record for). Some pages answer a refused
action with a redirect and a message (302 or 303 without "+"): there the watched rows are
what shows the refusal. A 404 for an object outside the scope is deliberate: the answer is
the same as for an object that does not exist, so existence does not leak.

Public by design: the login and logout pages, the two-factor pages (which send anyone
without a pending login back to the login page), `/healthz/`, the OpenAPI schema and its
documentation page, the calendar feed, whose secret token in the address is the key, and the
two-factor invitation links, likewise; the service worker and the web app manifest, the same
for everyone and holding nothing of a user's own.

Every address of the API must be here, the ones the OpenAPI schema leaves out too: those
are keyed "* path" (every method) and asked with GET.

The Django admin is one family, not rows: its pages all pass through the same staff check
before any view runs. `test_admin_site_is_for_staff_only` asks its index, each application's
index, each registered model's list (so a model registered later is asked too) and one
change page: every role of this table, none of them staff, is sent to the login page, and a
POST by them creates nothing; the administrator gets 200 everywhere. Static files are served
by WhiteNoise outside the URL configuration (public); uploaded files (`/media/`) are not
served at all, only through the permission-checked download routes of this table.

A route where a user reaches what they should not is written with the correct answer and
`leak="why"`: the test then expects it to fail (strict xfail) until the code is fixed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tinhdoan.accounts.models import ApiToken
from tinhdoan.congresses.models import Congress
from tinhdoan.cooperation.models import Exemplar, ProgramEvaluation, Replication
from tinhdoan.documents.models import IssuedDocument
from tinhdoan.ingest.models import DraftItem, IngestDraft
from tinhdoan.meetings.models import (
    CalendarFeed,
    DeadlineChange,
    Directive,
    ProgressReport,
    Recommendation,
    WorkingSession,
)
from tinhdoan.notices.models import Notification
from tinhdoan.programs.models import FocalTask
from tinhdoan.reporting.models import DataValue, Submission
from tinhdoan.rollup.models import ExplanationRequest

UNIT_A = "TDLS-06040"
UNIT_B = "TDLS-06001"
USERS = {
    "officer": "doan.xa_that_khe",
    "sibling": "doan.xa_doan_ket",
    "approver": "btv.tinhdoan",
    "leader": "lanhdao.tinh",
    "liaison": "so.gddt",
}
ROLES = (*USERS, "anonymous")
ADMIN_FAMILY = "admin:*"
# Writes whose only effect is on the session of the caller (checked by the status alone).
NOTHING_TO_WATCH = {"logout", "admin/logout/"}


@dataclass(frozen=True)
class Entry:
    route: str  # URL name, unnamed route, or "METHOD /api/v1/path" as in the OpenAPI schema
    method: str
    url: str  # a template filled with the variant's objects
    expect: dict[str, tuple[str, ...]]  # variant → one token per role
    api: bool = False
    body: Callable[[dict], dict] | None = None
    multipart: bool = False  # API only: a multipart form instead of JSON
    watch: Callable[[dict], object] | None = None
    marker: str = ""  # template of the text that shows the variant's object in the answer
    leak: str = ""
    label: str = ""

    @property
    def id(self) -> str:
        name = self.route if self.api else f"{self.route} {self.method}"
        return name + (f" ({self.label})" if self.label else "")


VARIANTS = ("A", "B", "P", "N")


def _entry(route: str, method: str, url: str, options: dict) -> Entry:
    expect = {}
    for variant in VARIANTS:
        if variant in options:
            expect[variant] = tuple(options.pop(variant).split())
            assert len(expect[variant]) == len(ROLES), f"{route} {variant}: one token per role"
    return Entry(route, method, url, expect, **options)


def page(route: str, url: str, *, method: str = "GET", **options) -> Entry:
    return _entry(route, method, url, options)


def api(method: str, path: str, url: str, **options) -> Entry:
    # An address hidden from the schema ("*": every method) is asked with GET.
    return _entry(
        f"{method} {path}", "GET" if method == "*" else method, url, options | {"api": True}
    )


# --- what a write changes: the rows compared before and after each request ---------------------


def rows(model, **filters) -> list[tuple]:
    return list(model.objects.filter(**filters).order_by("pk").values_list())


def count(model, **filters) -> int:
    return model.objects.filter(**filters).count()


def day(offset: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def province_cell(o: dict, target: str = "CT01") -> list[tuple]:
    return rows(
        DataValue,
        unit__code=o["unit"],
        target__code=target,
        target__program__unit__code="TDLS",
        period__code=str(o["year"]),
    )


def province_submission(o: dict, period: str = "") -> list[tuple]:
    return rows(
        Submission,
        unit__code=o["unit"],
        reporting_period__program__unit__code="TDLS",
        reporting_period__period__code=period or str(o["year"]),
    )


def unread_of_officer(o: dict) -> list[tuple]:
    return rows(Notification, user__username=USERS["officer"], read_at__isnull=True)


def feed_of_officer(o: dict) -> list[tuple]:
    return rows(CalendarFeed, user__username=USERS["officer"])


def text_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def session_form(o: dict) -> dict:
    return {
        "title": "Buổi làm việc kiểm tra quyền",
        "held_at": day(-5) + "T09:00",
        "host_unit": o["unit_pk"],
        "issuer": o["province_pk"],
        "chairs": o["person"],
        "version": o["session_version"],
    }


def session_json(o: dict) -> dict:
    return {
        "title": "Buổi làm việc kiểm tra quyền",
        "held_at": day(-5) + "T09:00:00+07:00",
        "host_unit": o["unit"],
        "issuer": "TDLS",
        "chairs": [o["person"]],
        "version": o["session_version"],
    }


# --- pages ------------------------------------------------------------------------------------

PAGES = [
    page("web:home", "/", N="200 200 200 200 200 login"),
    page(
        "web:home",
        "/",
        label="own reports",
        marker='data-period="{year}S1" data-unit="{unit}"',
        A="seen hidden hidden hidden hidden login",
        B="hidden seen hidden hidden hidden login",
    ),
    page(
        "web:home",
        "/",
        label="reports to approve",
        marker='data-period="{year}Q3" data-unit="{unit}"',
        A="hidden hidden seen hidden hidden login",
        B="hidden hidden seen hidden hidden login",
    ),
    page("web:tree", "/tree/", N="200 200 200 200 200 login"),
    page(
        "org:search",
        "/units/search/?q={unit_name}",
        marker="/units/{unit}/",
        A="seen hidden seen seen hidden login",
        B="hidden seen seen seen hidden login",
    ),
    page(
        "org:unit",
        "/units/{unit}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "org:children",
        "/units/{unit}/children/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    # Sessions and directives: the issuer's side (the standing committee of TDLS) records and
    # edits; leadership of the people's committee reads all but issues only for its own body.
    page(
        "meetings:sessions",
        "/sessions/",
        marker="{session_title}",
        A="seen hidden seen seen hidden login",
        B="hidden seen seen seen hidden login",
    ),
    page("meetings:session-create", "/sessions/new/", N="404 404 200 200 404 login"),
    page(
        "meetings:session-create",
        "/sessions/new/",
        method="POST",
        body=session_form,
        watch=lambda o: count(WorkingSession),
        # Leadership may record sessions, but only for the people's committee: TDLS is not
        # among the issuers its form offers.
        A="404 404 302+ 422 404 login",
    ),
    page(
        "meetings:session",
        "/sessions/{session}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "meetings:session-conclusions-issue",
        "/sessions/{session}/conclusions/issue/",
        method="POST",
        body=lambda o: {},
        watch=lambda o: count(IssuedDocument),
        A="404 404 302+ 404 404 login",
        B="404 404 302+ 404 404 login",
    ),
    page(
        "meetings:session-conclusions",
        "/sessions/{session}/conclusions/pdf/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "meetings:session-edit",
        "/sessions/{session}/edit/",
        A="404 404 200 404 404 login",
        B="404 404 200 404 404 login",
    ),
    page(
        "meetings:session-edit",
        "/sessions/{session}/edit/",
        method="POST",
        body=session_form,
        watch=lambda o: rows(WorkingSession, pk=o["session"]),
        A="404 404 302+ 404 404 login",
        B="404 404 302+ 404 404 login",
    ),
    page(
        "meetings:directive-create",
        "/sessions/{session}/directives/new/",
        A="404 404 200 404 404 login",
    ),
    page(
        "meetings:directive-create",
        "/sessions/{session}/directives/new/",
        method="POST",
        body=lambda o: {
            "content": "Nhiệm vụ mới kiểm tra quyền",
            "lead": o["unit_pk"],
            "deadline": day(30),
            "priority": "normal",
        },
        watch=lambda o: count(Directive),
        A="404 404 302+ 404 404 login",
        B="404 404 302+ 404 404 login",
    ),
    page(
        "meetings:board",
        "/directives/",
        marker="{directive_text}",
        A="seen hidden seen seen hidden login",
        B="hidden seen seen seen hidden login",
    ),
    # The board's report with a lead unit chosen: a lead outside the user's reach is no choice.
    page(
        "meetings:board-file",
        "/directives/report.pdf?lead={unit}",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "meetings:directive",
        "/directives/{directive}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "meetings:directive-progress",
        "/directives/{directive}/progress/",
        method="POST",
        body=lambda o: {"text": "Đã làm được một nửa", "percent": "50"},
        watch=lambda o: rows(ProgressReport, directive_id=o["directive"]),
        A="302+ 404 403 403 404 login",
        B="404 302+ 403 403 404 login",
    ),
    page(
        "meetings:directive-status",
        "/directives/{directive}/status/",
        method="POST",
        body=lambda o: {"status": "in_progress", "reason": "Bắt đầu"},
        watch=lambda o: rows(Directive, pk=o["directive"]),
        A="302+ 404 403 403 404 login",
        B="404 302+ 403 403 404 login",
    ),
    page(
        "meetings:directive-deadline-change",
        "/directives/{directive}/deadline-change/",
        method="POST",
        body=lambda o: {"proposed_deadline": day(60), "reason": "Chờ kinh phí"},
        watch=lambda o: rows(DeadlineChange, directive_id=o["directive"]),
        A="302+ 404 403 403 404 login",
        B="404 302+ 403 403 404 login",
    ),
    page(
        "meetings:directive-deadline-decision",
        "/directives/{pending}/deadline-change/decision/",
        method="POST",
        body=lambda o: {"accept": "1", "note": ""},
        watch=lambda o: rows(DeadlineChange, directive_id=o["pending"]),
        A="403 404 302+ 403 404 login",
        B="404 403 302+ 403 404 login",
    ),
    page(
        "meetings:evidence",
        "/directives/{pending}/evidence/{evidence}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "meetings:recommendations",
        "/recommendations/",
        marker="{recommendation_text}",
        A="seen hidden seen seen hidden login",
        B="hidden seen seen seen hidden login",
    ),
    page(
        "meetings:recommendation",
        "/recommendations/{recommendation}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "meetings:recommendation",
        "/recommendations/{recommendation}/",
        method="POST",
        body=lambda o: {"outcome": "accepted", "answer": "Đồng ý bố trí kinh phí"},
        watch=lambda o: rows(Recommendation, pk=o["recommendation"]),
        A="404 404 302+ 404 404 login",
        B="404 404 302+ 404 404 login",
    ),
    # Notifications and the calendar address are the user's own: anyone logged in may mark
    # theirs read or renew theirs, and the watched rows (the officer's) change only for the
    # officer.
    page("notices:list", "/notifications/", N="200 200 200 200 200 login"),
    page(
        "notices:list",
        "/notifications/",
        method="POST",
        watch=unread_of_officer,
        N="302+ 302 302 302 302 login",
    ),
    page("notices:bell", "/notifications/bell/", N="200 200 200 200 200 login"),
    # A background job is its owner's only (A: officer A's import, B: the sibling's).
    page("jobs:list", "/jobs/", N="200 200 200 200 200 login"),
    page(
        "jobs:detail",
        "/jobs/{job}/",
        A="200 404 404 404 404 login",
        B="404 200 404 404 404 login",
    ),
    page("meetings:calendar", "/calendar/", N="200 200 200 200 200 login"),
    page(
        "meetings:calendar",
        "/calendar/",
        method="POST",
        watch=feed_of_officer,
        N="302+ 302 302 302 302 login",
    ),
    page(
        "meetings:calendar-feed",
        "/calendar/{feed}.ics",
        A="200 200 200 200 200 200",
        N="404 404 404 404 404 404",
    ),
    # Programs: a commune works under the province's program (reads it, enters its own
    # values); its own program is its alone, the approver above reads it.
    page(
        "programs:list",
        "/programs/",
        marker="{program_title}",
        A="seen hidden seen seen hidden login",
        B="hidden seen seen seen hidden login",
    ),
    page(
        "reporting:program",
        "/programs/{program}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
        P="200 200 200 200 404 login",
    ),
    page(
        "reporting:completeness",
        "/programs/{program}/{program_year}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
        P="200 200 200 200 404 login",
    ),
    page(
        "reporting:completeness",
        "/programs/TDLS/{year}/{year}/",
        label="rows",
        marker="/programs/TDLS/{year}/{year}/{unit}/",
        A="seen hidden seen seen 404 login",
        B="hidden seen seen seen 404 login",
    ),
    page(
        "programs:item",
        "/programs/{program}/items/focal/1/",
        method="POST",
        body=lambda o: {"status": "completed", "evidence": "Đã hoàn thành"},
        watch=lambda o: rows(
            FocalTask, program__unit__code=o["unit"], program__year=o["program_year"]
        ),
        A="302+ 404 302 302 404 login",
        B="404 302+ 302 302 404 login",
        P="302 302 302+ 302 404 login",
    ),
    page(
        "programs:evidence",
        "/programs/{program}/evidence/{program_evidence}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
        P="200 200 200 200 404 login",
    ),
    page(
        "reporting:grid",
        "/programs/TDLS/{year}/{year}/{unit}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "rollup:cell",
        "/programs/TDLS/{year}/{year}/{unit}/cells/CT01/",
        method="POST",
        body=lambda o: {"value": "5", "comment": "", "version": o["cell_version"], "reason": ""},
        watch=province_cell,
        A="200+ 404 404 404 404 login",
        B="404 200+ 404 404 404 login",
    ),
    page(
        "reporting:history",
        "/programs/TDLS/{year}/{year}/{unit}/cells/CT01/history/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "reporting:report",
        "/programs/TDLS/{year}/{year}/{unit}/report/submit/",
        method="POST",
        body=lambda o: {"acknowledge_warnings": "on", "reason": "Đã kiểm tra số liệu"},
        watch=province_submission,
        A="302+ 404 303 303 404 login",
        B="404 302+ 303 303 404 login",
    ),
    # Approving is the level above's step: the officers of the unit may not approve their own
    # report, leadership reads it but approves nothing. (Each commune's third quarter is
    # submitted in the world.)
    page(
        "reporting:report",
        "/programs/TDLS/{year}/{year}Q3/{unit}/report/approve/",
        method="POST",
        label="approve",
        watch=lambda o: province_submission(o, period=f"{o['year']}Q3"),
        A="303 404 302+ 303 404 login",
        B="404 303 302+ 303 404 login",
    ),
    page(
        "reporting:template",
        "/programs/TDLS/{year}/{year}/{unit}/template.xlsx",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "rollup:upload",
        "/programs/TDLS/{year}/{year}/{unit}/upload/",
        method="POST",
        body=lambda o: {
            "file": text_file(
                "so-lieu.csv",
                f"unit_code,target_code,period_code,value,comment\n"
                f"{o['unit']},CT01,{o['year']},7,\n",
            )
        },
        watch=province_cell,
        A="302+ 404 404 404 404 login",
        B="404 302+ 404 404 404 login",
    ),
    # Officer A's own grid, but a file with commune B's numbers: refused as a whole.
    page(
        "rollup:upload",
        "/programs/TDLS/{year}/{year}/{unit}/upload/",
        method="POST",
        label="other unit's rows",
        body=lambda o: {
            "file": text_file(
                "so-lieu.csv",
                f"unit_code,target_code,period_code,value,comment\n"
                f"{o['other_unit']},CT01,{o['year']},7,\n",
            )
        },
        watch=lambda o: province_cell({**o, "unit": o["other_unit"]}),
        A="404 404 404 404 404 login",
        B="404 404 404 404 404 login",
    ),
    # Reading documents into drafts is the issuer's side: leadership and the provincial
    # standing committee. The approver sees the drafts of its own subtree (A: hosted by
    # commune A), not those of the people's committee (B: read in by leadership).
    page("ingest:upload", "/ingest/", N="404 404 200 200 404 login"),
    page(
        "ingest:upload",
        "/ingest/",
        method="POST",
        body=lambda o: {"file": text_file("thong-bao.txt", "Thông báo kết luận kiểm tra quyền.")},
        watch=lambda o: count(IngestDraft),
        N="404 404 302+ 302+ 404 login",
    ),
    page(
        "ingest:review",
        "/ingest/{draft}/",
        A="404 404 200 200 404 login",
        B="404 404 404 200 404 login",
    ),
    page(
        "ingest:draft-edit",
        "/ingest/{draft}/session/",
        method="POST",
        body=lambda o: {
            "title": "Tiêu đề đã sửa",
            "meeting_date": o["draft_date"],
            "host_unit": o["draft_host"],
            "issuer": o["draft_host"],
        },
        watch=lambda o: rows(IngestDraft, pk=o["draft"]),
        A="404 404 302+ 302+ 404 login",
        B="404 404 404 302+ 404 login",
    ),
    page(
        "ingest:item",
        "/ingest/{draft}/items/{draft_item}/",
        method="POST",
        body=lambda o: {
            f"item{o['draft_item']}-decision": "rejected",
            f"item{o['draft_item']}-text": "Không ghi nhận",
        },
        watch=lambda o: rows(DraftItem, pk=o["draft_item"]),
        A="404 404 302+ 302+ 404 login",
        B="404 404 404 302+ 404 login",
    ),
    page(
        "ingest:accept-all",
        "/ingest/{draft}/accept-all/",
        method="POST",
        watch=lambda o: rows(DraftItem, draft=o["draft"]),
        A="404 404 302+ 302+ 404 login",
        B="404 404 404 302+ 404 login",
    ),
    page(
        "ingest:confirm",
        "/ingest/{draft}/confirm/",
        method="POST",
        watch=lambda o: (count(WorkingSession), rows(IngestDraft, pk=o["draft"])),
        # Allowed, but nothing is decided yet: confirming is refused as invalid.
        A="404 404 422 422 404 login",
        B="404 404 404 422 404 login",
    ),
    page(
        "ingest:discard",
        "/ingest/{draft}/discard/",
        method="POST",
        watch=lambda o: rows(IngestDraft, pk=o["draft"]),
        A="404 404 302+ 302+ 404 login",
        B="404 404 404 302+ 404 login",
    ),
    # Congresses: recorded by the unit's officers and by the approvers of the level above.
    page(
        "congresses:index",
        "/congresses/",
        marker="/congresses/{congress}/",
        A="seen hidden seen seen hidden login",
        B="hidden seen seen seen hidden login",
    ),
    page(
        "congresses:detail",
        "/congresses/{congress}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "congresses:held",
        "/congresses/{congress}/held/",
        method="POST",
        body=lambda o: {"held_on": day(-1), "delegates_present": "80"},
        watch=lambda o: rows(Congress, pk=o["congress"]),
        A="302+ 404 302+ 404 404 login",
        B="404 302+ 302+ 404 404 login",
    ),
    page(
        "congresses:unit",
        "/congresses/units/{unit}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "congresses:unit",
        "/congresses/units/{unit}/",
        method="POST",
        body=lambda o: {
            "ordinal": o["next_ordinal"],
            "term_start": o["next_term_start"],
            "term_end": o["next_term_end"],
            "kind": "delegates",
            "planned_on": f"{o['next_term_start']}-06-01",
        },
        watch=lambda o: count(Congress, unit__code=o["unit"]),
        A="302+ 404 302+ 404 404 login",
        B="404 302+ 302+ 404 404 login",
    ),
    page("congresses:campaign", "/congresses/campaigns/{campaign}/", P="404 404 200 200 404 login"),
    page(
        "congresses:campaign-file",
        "/congresses/campaigns/{campaign}/report.docx",
        P="404 404 200 200 404 login",
    ),
    # Cooperation: a program is seen by the union unit's readers and by its departments'
    # liaisons (A's is signed with the Department of Education, B's with Finance).
    page(
        "cooperation:programs",
        "/cooperation/programs/",
        marker="{coop_title}",
        A="seen hidden seen seen seen login",
        B="hidden seen seen seen hidden login",
    ),
    page(
        "cooperation:program",
        "/cooperation/programs/{coop}/",
        A="200 404 200 200 200 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "cooperation:program",
        "/cooperation/programs/{coop}/",
        method="POST",
        body=lambda o: {
            "year": o["year"] - 1,
            "reviewed_on": day(),
            f"result_{o['coop_item']}": "done",
            f"note_{o['coop_item']}": "",
        },
        watch=lambda o: rows(ProgramEvaluation, program_id=o["coop"]),
        A="302+ 404 404 404 404 login",
        B="404 302+ 404 404 404 login",
    ),
    page(
        "cooperation:exemplars",
        "/cooperation/exemplars/",
        marker="{exemplar_title}",
        A="seen hidden seen seen hidden login",
        B="hidden seen seen seen hidden login",
    ),
    page("cooperation:nominate", "/cooperation/exemplars/new/", N="200 200 200 404 404 login"),
    page(
        "cooperation:nominate",
        "/cooperation/exemplars/new/",
        method="POST",
        body=lambda o: {
            "unit": o["unit"],
            "kind": "collective",
            "title": "Mô hình mới kiểm tra quyền",
            "field": "volunteering",
            "year": o["year"],
        },
        watch=lambda o: count(Exemplar),
        # The sibling's form offers only commune B: commune A is not a valid choice.
        A="302+ 422 302+ 404 404 login",
        B="422 302+ 302+ 404 404 login",
    ),
    page(
        "cooperation:exemplar",
        "/cooperation/exemplars/{exemplar}/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "cooperation:commend",
        "/cooperation/exemplars/{exemplar}/commend/",
        method="POST",
        body=lambda o: {"level": "provincial", "form": "merit", "commended_on": day()},
        watch=lambda o: rows(Exemplar, pk=o["exemplar"]),
        A="404 404 302+ 404 404 login",
        B="404 404 302+ 404 404 login",
    ),
    # A commended model is shown to every member of the union (not to a department's
    # liaison), so that others take it up: here the other commune records that it
    # replicated it (the model's own commune may not pick the other).
    page(
        "cooperation:replicate",
        "/cooperation/exemplars/{commended}/replicate/",
        method="POST",
        body=lambda o: {"unit": o["other_unit"], "on_date": day()},
        watch=lambda o: rows(Replication, exemplar_id=o["commended"]),
        A="422 302+ 302+ 422 404 login",
        B="302+ 422 302+ 422 404 login",
    ),
    # Results: leaders and the approvers above ask a unit to explain; its officers answer.
    page(
        "rollup:dashboard",
        "/results/?unit={unit}&period={year}",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "rollup:sub_units",
        "/results/sub-units/?unit={unit}&period={year}",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    page(
        "rollup:report",
        "/results/report/?unit={unit}&period={year}&format=json",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
    ),
    # The year-end report issued: by the unit's own officers (the approver for the province);
    # its register read by whoever reads the unit.
    page(
        "rollup:report_issue",
        "/results/report/issue/?unit={unit}&period={year}",
        A="200 404 404 404 404 login",
        B="404 200 404 404 404 login",
        P="404 404 200 404 404 login",
    ),
    page(
        "rollup:report_issue",
        "/results/report/issue/",
        method="POST",
        body=lambda o: {
            "unit": o["unit"],
            "period": o["year"],
            "issued_on": timezone.localdate().strftime("%d/%m/%Y"),
            "signer": o.get("signer", ""),
            "action": "issue",
        },
        watch=lambda o: count(IssuedDocument),
        A="422 404 404 404 404 login",
        B="404 422 404 404 404 login",
        P="404 404 302+ 404 404 login",
    ),
    # The briefing for a working session: drafted and issued by the unit's own officers.
    page(
        "briefings:issue",
        "/briefings/issue/?unit={unit}&date=" + timezone.localdate().isoformat(),
        A="200 404 404 404 404 login",
        B="404 200 404 404 404 login",
        P="404 404 200 404 404 login",
    ),
    page(
        "briefings:issue",
        "/briefings/issue/",
        method="POST",
        body=lambda o: {
            "unit": o["unit"],
            "date": timezone.localdate().isoformat(),
            "issued_on": timezone.localdate().strftime("%d/%m/%Y"),
            "signer": o.get("signer", ""),
            "action": "issue",
        },
        watch=lambda o: count(IssuedDocument),
        A="422 404 404 404 404 login",
        B="404 422 404 404 404 login",
        P="404 404 302+ 404 404 login",
    ),
    page(
        "documents:unit",
        "/units/{unit}/documents/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
        P="404 404 200 200 404 login",
    ),
    page(
        "documents:file",
        "/documents/{issued_document}/pdf/",
        A="200 404 200 200 404 login",
        B="404 200 200 200 404 login",
        P="404 404 200 200 404 login",
    ),
    page(
        "rollup:explanations",
        "/results/explanations/",
        marker="{explanation_text}",
        A="seen hidden seen seen hidden login",
        B="hidden seen seen seen hidden login",
    ),
    page(
        "rollup:explain",
        "/results/explanations/new/",
        method="POST",
        body=lambda o: {
            "unit": o["unit"],
            "period": o["year"],
            "target": "CT02",
            "message": "Đề nghị giải trình",
        },
        watch=lambda o: count(ExplanationRequest),
        A="302 404 302+ 302+ 404 login",
        B="404 302 302+ 302+ 404 login",
    ),
    page(
        "rollup:answer",
        "/results/explanations/{explanation}/answer/",
        method="POST",
        body=lambda o: {"answer": "Do thiếu kinh phí"},
        watch=lambda o: rows(ExplanationRequest, pk=o["explanation"]),
        A="302+ 404 302 302 404 login",
        B="404 302+ 302 302 404 login",
    ),
    # Public by design.
    page("ops:health", "/healthz/", N="200 200 200 200 200 200"),
    # The app shell: the same for everyone, nothing of a user's own.
    page("web:service_worker", "/sw.js", N="200 200 200 200 200 200"),
    page("web:manifest", "/manifest.webmanifest", N="200 200 200 200 200 200"),
    page("login", "/accounts/login/", N="200 200 200 200 200 200"),
    page("logout", "/accounts/logout/", method="POST", N="login login login login login login"),
    page("logout", "/accounts/logout/", N="405 405 405 405 405 405"),
    # Everyone lists their own tokens; only the owner revokes one.
    page("accounts:tokens", "/accounts/tokens/", N="200 200 200 200 200 login"),
    page(
        "accounts:token_revoke",
        "/accounts/tokens/{token}/revoke/",
        method="POST",
        watch=lambda o: rows(ApiToken, pk=o["token"]),
        A="302+ 404 404 404 404 login",
        B="404 302+ 404 404 404 login",
    ),
    page(
        "accounts:totp_verify",
        "/accounts/two-factor/",
        N="login login login login login login",
    ),
    page(
        "accounts:totp_enrol",
        "/accounts/two-factor/enrol/",
        N="login login login login login login",
    ),
    # An invitation link that names no invitation: the same refusal for everyone.
    page(
        "accounts:totp_invitation",
        "/accounts/two-factor/invitation/{invitation}/",
        N="404 404 404 404 404 404",
    ),
    page("admin/login/", "/admin/login/", N="login login login login login login"),
    page("admin/logout/", "/admin/logout/", method="POST", N="login login login login login login"),
    page("api:openapi-json", "/api/v1/openapi.json", N="200 200 200 200 200 200"),
    page("api:openapi-view", "/api/v1/docs", N="200 200 200 200 200 200"),
    page("api:api-root", "/api/v1/", N="404 404 404 404 404 404"),
]

# --- the API (bearer tokens; no token: 401) ---------------------------------------------------

V1 = "/api/v1"
ENDPOINTS = [
    api("GET", f"{V1}/me/todo", f"{V1}/me/todo", N="200 200 200 200 200 401"),
    api("GET", f"{V1}/notifications", f"{V1}/notifications", N="200 200 200 200 200 401"),
    api(
        "GET",
        f"{V1}/jobs/{{job_id}}",
        f"{V1}/jobs/{{job}}",
        A="200 404 404 404 404 401",
        B="404 200 404 404 404 401",
    ),
    api(
        "GET",
        f"{V1}/me/todo",
        f"{V1}/me/todo",
        label="own reports",
        marker='"period": "{year}S1", "unit": "{unit}"',
        A="seen hidden hidden hidden hidden 401",
        B="hidden seen hidden hidden hidden 401",
    ),
    api(
        "GET",
        f"{V1}/me/todo",
        f"{V1}/me/todo",
        label="reports to approve",
        marker='"period": "{year}Q3", "unit": "{unit}"',
        A="hidden hidden seen hidden hidden 401",
        B="hidden hidden seen hidden hidden 401",
    ),
    api(
        "GET",
        f"{V1}/units",
        f"{V1}/units",
        marker='"{unit}"',
        A="seen hidden seen seen hidden 401",
        B="hidden seen seen seen hidden 401",
    ),
    api(
        "GET",
        f"{V1}/units/{{code}}",
        f"{V1}/units/{{unit}}",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "GET",
        f"{V1}/units/{{code}}/children",
        f"{V1}/units/{{unit}}/children",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "GET",
        f"{V1}/sessions",
        f"{V1}/sessions",
        marker="{session_title}",
        A="seen hidden seen seen hidden 401",
        B="hidden seen seen seen hidden 401",
    ),
    api(
        "POST",
        f"{V1}/sessions",
        f"{V1}/sessions",
        body=session_json,
        watch=lambda o: count(WorkingSession),
        # No right to record for TDLS: 404 before any code of the body is looked up.
        A="404 404 201+ 404 404 401",
    ),
    api(
        "GET",
        f"{V1}/sessions/{{session_id}}",
        f"{V1}/sessions/{{session}}",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "PUT",
        f"{V1}/sessions/{{session_id}}",
        f"{V1}/sessions/{{session}}",
        body=session_json,
        watch=lambda o: rows(WorkingSession, pk=o["session"]),
        A="403 404 200+ 403 404 401",
        B="404 403 200+ 403 404 401",
    ),
    api(
        "GET",
        f"{V1}/directives",
        f"{V1}/directives",
        marker="{directive_text}",
        A="seen hidden seen seen hidden 401",
        B="hidden seen seen seen hidden 401",
    ),
    api(
        "POST",
        f"{V1}/directives",
        f"{V1}/directives",
        body=lambda o: {
            "content": "Nhiệm vụ mới kiểm tra quyền",
            "lead": o["unit"],
            "issuer": "TDLS",
            "source_reference": "Kế hoạch kiểm tra (minh họa)",
            "deadline": day(30),
        },
        watch=lambda o: count(Directive),
        A="404 404 201+ 404 404 401",
    ),
    api(
        "GET",
        f"{V1}/directives/{{directive_id}}",
        f"{V1}/directives/{{directive}}",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "PATCH",
        f"{V1}/directives/{{directive_id}}",
        f"{V1}/directives/{{directive}}",
        body=lambda o: {
            "version": o["directive_version"],
            "content": "Nội dung đã sửa",
            "lead": o["unit"],
            "deadline": day(40),
        },
        watch=lambda o: rows(Directive, pk=o["directive"]),
        A="403 404 200+ 403 404 401",
        B="404 403 200+ 403 404 401",
    ),
    api(
        "POST",
        f"{V1}/directives/{{directive_id}}/deadline-change",
        f"{V1}/directives/{{directive}}/deadline-change",
        body=lambda o: {"proposed_deadline": day(60), "reason": "Chờ kinh phí"},
        watch=lambda o: rows(DeadlineChange, directive_id=o["directive"]),
        A="201+ 404 403 403 404 401",
        B="404 201+ 403 403 404 401",
    ),
    api(
        "POST",
        f"{V1}/directives/{{directive_id}}/deadline-change/decision",
        f"{V1}/directives/{{pending}}/deadline-change/decision",
        body=lambda o: {"accept": True},
        watch=lambda o: rows(DeadlineChange, directive_id=o["pending"]),
        A="403 404 200+ 403 404 401",
        B="404 403 200+ 403 404 401",
    ),
    api(
        "POST",
        f"{V1}/directives/{{directive_id}}/progress",
        f"{V1}/directives/{{directive}}/progress",
        body=lambda o: {"text": "Đã làm được một nửa", "percent": "50"},
        multipart=True,
        watch=lambda o: rows(ProgressReport, directive_id=o["directive"]),
        A="201+ 404 403 403 404 401",
        B="404 201+ 403 403 404 401",
    ),
    api(
        "POST",
        f"{V1}/directives/{{directive_id}}/status",
        f"{V1}/directives/{{directive}}/status",
        body=lambda o: {"status": "in_progress"},
        watch=lambda o: rows(Directive, pk=o["directive"]),
        A="200+ 404 403 403 404 401",
        B="404 200+ 403 403 404 401",
    ),
    api(
        "POST",
        f"{V1}/ingest",
        f"{V1}/ingest",
        body=lambda o: {"file": text_file("thong-bao.txt", "Thông báo kết luận kiểm tra quyền.")},
        multipart=True,
        watch=lambda o: count(IngestDraft),
        N="404 404 201+ 201+ 404 401",
    ),
    api(
        "GET",
        f"{V1}/ingest/{{draft_id}}",
        f"{V1}/ingest/{{draft}}",
        A="404 404 200 200 404 401",
        B="404 404 404 200 404 401",
    ),
    api(
        "POST",
        f"{V1}/ingest/{{draft_id}}/confirm",
        f"{V1}/ingest/{{draft}}/confirm",
        watch=lambda o: (count(WorkingSession), rows(IngestDraft, pk=o["draft"])),
        A="404 404 422 422 404 401",
        B="404 404 404 422 404 401",
    ),
    api(
        "GET",
        f"{V1}/programs/{{unit}}/{{year}}",
        f"{V1}/programs/{{program}}",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
        P="200 200 200 200 404 401",
    ),
    api(
        "GET",
        f"{V1}/recommendations",
        f"{V1}/recommendations",
        marker="{recommendation_text}",
        A="seen hidden seen seen hidden 401",
        B="hidden seen seen seen hidden 401",
    ),
    api(
        "POST",
        f"{V1}/recommendations",
        f"{V1}/recommendations",
        body=lambda o: {
            "content": "Kiến nghị mới kiểm tra quyền",
            "raised_by": o["unit"],
            "addressee": "TDLS",
        },
        watch=lambda o: count(Recommendation),
        # A unit out of the caller's scope is not even looked up: 404 as for a missing one.
        A="201+ 404 201+ 403 404 401",
        B="404 201+ 201+ 403 404 401",
    ),
    api(
        "GET",
        f"{V1}/recommendations/{{recommendation_id}}",
        f"{V1}/recommendations/{{recommendation}}",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "POST",
        f"{V1}/recommendations/{{recommendation_id}}/consider",
        f"{V1}/recommendations/{{recommendation}}/consider",
        watch=lambda o: rows(Recommendation, pk=o["recommendation"]),
        A="403 404 200+ 403 404 401",
        B="404 403 200+ 403 404 401",
    ),
    api(
        "POST",
        f"{V1}/recommendations/{{recommendation_id}}/answer",
        f"{V1}/recommendations/{{recommendation}}/answer",
        body=lambda o: {"outcome": "accepted", "answer": "Đồng ý bố trí kinh phí"},
        watch=lambda o: rows(Recommendation, pk=o["recommendation"]),
        A="403 404 200+ 403 404 401",
        B="404 403 200+ 403 404 401",
    ),
    api(
        "POST",
        f"{V1}/reports",
        f"{V1}/reports",
        body=lambda o: {
            "program": f"TDLS:{o['year']}",
            "period": str(o["year"]),
            "unit": o["unit"],
            "action": "submit",
            "acknowledge_warnings": True,
            "comment": "Đã kiểm tra số liệu",
        },
        watch=province_submission,
        A="200+ 404 403 403 404 401",
        B="404 200+ 403 403 404 401",
    ),
    api(
        "POST",
        f"{V1}/reports",
        f"{V1}/reports",
        label="approve",
        body=lambda o: {
            "program": f"TDLS:{o['year']}",
            "period": f"{o['year']}Q3",
            "unit": o["unit"],
            "action": "approve",
        },
        watch=lambda o: province_submission(o, period=f"{o['year']}Q3"),
        A="403 404 200+ 403 404 401",
        B="404 403 200+ 403 404 401",
    ),
    api(
        "GET",
        f"{V1}/values",
        f"{V1}/values?program=TDLS:{{year}}&unit={{unit}}",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "GET",
        f"{V1}/values",
        f"{V1}/values?program=TDLS:{{year}}&target=CT02",
        label="list",
        marker='"{unit}"',
        A="seen hidden seen seen 404 401",
        B="hidden seen seen seen 404 401",
    ),
    api(
        "PUT",
        f"{V1}/values",
        f"{V1}/values",
        body=lambda o: {
            "program": f"TDLS:{o['year']}",
            "items": [
                {
                    "unit": o["unit"],
                    "target": "CT01",
                    "period": str(o["year"]),
                    "value": 5,
                    "version": o["cell_version"],
                }
            ],
        },
        watch=province_cell,
        A="200+ 404 404 404 404 401",
        B="404 200+ 404 404 404 401",
    ),
    api(
        "GET",
        f"{V1}/completeness",
        f"{V1}/completeness?program=TDLS:{{year}}&period={{year}}&under={{unit}}",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "GET",
        f"{V1}/completeness",
        f"{V1}/completeness?program=TDLS:{{year}}&period={{year}}",
        label="rows",
        marker='"{unit}"',
        A="seen hidden seen seen 404 401",
        B="hidden seen seen seen 404 401",
    ),
    api(
        "GET",
        f"{V1}/congresses",
        f"{V1}/congresses",
        marker='"{unit}"',
        A="seen hidden seen seen hidden 401",
        B="hidden seen seen seen hidden 401",
    ),
    api(
        "POST",
        f"{V1}/congresses",
        f"{V1}/congresses",
        body=lambda o: {"unit": o["unit"], "planned_on": f"{o['next_term_start']}-06-01"},
        watch=lambda o: count(Congress, unit__code=o["unit"]),
        A="201+ 404 201+ 404 404 401",
        B="404 201+ 201+ 404 404 401",
    ),
    api(
        "GET",
        f"{V1}/congresses/campaigns",
        f"{V1}/congresses/campaigns",
        marker="{campaign_name}",
        P="hidden hidden seen seen hidden 401",
    ),
    api(
        "GET",
        f"{V1}/congresses/campaigns/{{code}}/{{term}}",
        f"{V1}/congresses/campaigns/{{campaign}}",
        P="404 404 200 200 404 401",
    ),
    api(
        "GET",
        f"{V1}/congresses/units/{{code}}/next",
        f"{V1}/congresses/units/{{unit}}/next",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "GET",
        f"{V1}/congresses/{{congress_id}}",
        f"{V1}/congresses/{{congress}}",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "POST",
        f"{V1}/congresses/{{congress_id}}/held",
        f"{V1}/congresses/{{congress}}/held",
        body=lambda o: {"held_on": day(-1), "delegates_present": 80},
        watch=lambda o: rows(Congress, pk=o["congress"]),
        A="200+ 404 200+ 404 404 401",
        B="404 200+ 200+ 404 404 401",
    ),
    api(
        "GET",
        f"{V1}/cooperation/exemplars",
        f"{V1}/cooperation/exemplars",
        marker="{exemplar_title}",
        A="seen hidden seen seen hidden 401",
        B="hidden seen seen seen hidden 401",
    ),
    api(
        "POST",
        f"{V1}/cooperation/exemplars",
        f"{V1}/cooperation/exemplars",
        body=lambda o: {
            "unit": o["unit"],
            "kind": "collective",
            "title": "Mô hình mới kiểm tra quyền",
            "field": "volunteering",
            "year": o["year"],
        },
        watch=lambda o: count(Exemplar),
        A="201+ 404 201+ 404 404 401",
        B="404 201+ 201+ 404 404 401",
    ),
    api(
        "POST",
        f"{V1}/cooperation/exemplars/{{exemplar_id}}/commend",
        f"{V1}/cooperation/exemplars/{{exemplar}}/commend",
        body=lambda o: {"level": "provincial", "form": "merit", "commended_on": day()},
        watch=lambda o: rows(Exemplar, pk=o["exemplar"]),
        A="404 404 200+ 404 404 401",
        B="404 404 200+ 404 404 401",
    ),
    api(
        "POST",
        f"{V1}/cooperation/exemplars/{{exemplar_id}}/replications",
        f"{V1}/cooperation/exemplars/{{commended}}/replications",
        body=lambda o: {"unit": o["other_unit"], "on_date": day()},
        watch=lambda o: rows(Replication, exemplar_id=o["commended"]),
        A="404 201+ 201+ 404 404 401",
        B="201+ 404 201+ 404 404 401",
    ),
    api(
        "GET",
        f"{V1}/cooperation/programs",
        f"{V1}/cooperation/programs",
        marker="{coop_title}",
        A="seen hidden seen seen seen 401",
        B="hidden seen seen seen hidden 401",
    ),
    api(
        "GET",
        f"{V1}/cooperation/programs/due",
        f"{V1}/cooperation/programs/due",
        marker="{coop_title}",
        A="seen hidden seen seen seen 401",
        B="hidden seen seen seen hidden 401",
    ),
    api(
        "GET",
        f"{V1}/cooperation/programs/{{program_id}}",
        f"{V1}/cooperation/programs/{{coop}}",
        A="200 404 200 200 200 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "POST",
        f"{V1}/cooperation/programs/{{program_id}}/evaluations",
        f"{V1}/cooperation/programs/{{coop}}/evaluations",
        body=lambda o: {
            "year": o["year"] - 1,
            "reviewed_on": day(),
            "results": [{"item": o["coop_item"], "result": "done"}],
        },
        watch=lambda o: rows(ProgramEvaluation, program_id=o["coop"]),
        A="201+ 404 404 404 404 401",
        B="404 201+ 404 404 404 401",
    ),
    api(
        "GET",
        f"{V1}/results/explanations",
        f"{V1}/results/explanations",
        marker="{explanation_text}",
        A="seen hidden seen seen hidden 401",
        B="hidden seen seen seen hidden 401",
    ),
    api(
        "POST",
        f"{V1}/results/explanations",
        f"{V1}/results/explanations",
        body=lambda o: {
            "unit": o["unit"],
            "period": str(o["year"]),
            "target": "CT02",
            "message": "Đề nghị giải trình",
        },
        watch=lambda o: count(ExplanationRequest),
        A="403 404 201+ 201+ 404 401",
        B="404 403 201+ 201+ 404 401",
    ),
    api(
        "POST",
        f"{V1}/results/explanations/{{pk}}/answer",
        f"{V1}/results/explanations/{{explanation}}/answer",
        body=lambda o: {"answer": "Do thiếu kinh phí"},
        watch=lambda o: rows(ExplanationRequest, pk=o["explanation"]),
        A="200+ 404 403 403 404 401",
        B="404 200+ 403 403 404 401",
    ),
    api(
        "GET",
        f"{V1}/results/{{unit}}/{{period}}",
        f"{V1}/results/{{unit}}/{{year}}",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
    api(
        "GET",
        f"{V1}/results/{{unit}}/{{period}}/report",
        f"{V1}/results/{{unit}}/{{year}}/report?format=json",
        A="200 404 200 200 404 401",
        B="404 200 200 200 404 401",
    ),
]


# Addresses routed to the API but left out of its schema ("*": every method).
HIDDEN = [
    # Any other address under /api/v1/ answers a JSON 404, to everyone (no authentication).
    api("*", f"{V1}/{{rest}}", f"{V1}/no-such-address", N="404 404 404 404 404 404"),
]

ENTRIES = PAGES + ENDPOINTS + HIDDEN
