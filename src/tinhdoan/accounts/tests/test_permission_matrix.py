"""The permission matrix: every route × every role × an object inside and outside the scope.

The expected answers are in `permission_matrix.py`, which explains the notation. This file
enumerates the routes (URL configuration and OpenAPI schema), builds the objects the
matrix names on top of the Lạng Sơn demo, and asks every route as every role.

The demo is loaded once for the module, inside a transaction rolled back at its end; each
request runs in a savepoint rolled back after it, so every request of a write meets the
same state, and the whole matrix costs one demo load.
"""

import copy
import datetime
import functools
import json
import re
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tinhdoan.accounts.models import ApiToken, hash_token
from tinhdoan.api.urls import api
from tinhdoan.demo.programs import CURRENT_YEAR
from tinhdoan.testing import load_demo, login_verified

from . import permission_matrix as matrix

TODAY = timezone.localdate
YEAR = CURRENT_YEAR  # the demo's current program


# --- the world: demo users and the objects the matrix names ------------------------------------


def _aware(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _commune_objects(code: str, officer, *, approver, department_code: str, other_code: str):
    """The objects of one commune union: what its officer reaches and its sibling must not."""
    from tinhdoan.accounts.services import token_create
    from tinhdoan.congresses.models import Congress
    from tinhdoan.congresses.services import congress_next_for
    from tinhdoan.cooperation import services as cooperation
    from tinhdoan.meetings import services as meetings
    from tinhdoan.meetings.services import calendar_feed_ensure
    from tinhdoan.org.models import Person, Unit
    from tinhdoan.programs import services as programs
    from tinhdoan.programs.models import Program, Target
    from tinhdoan.reporting.cells import CellInput
    from tinhdoan.reporting.models import DataValue
    from tinhdoan.reporting.workflow import report_act
    from tinhdoan.rollup.models import ExplanationRequest
    from tinhdoan.rollup.saving import values_save

    unit = Unit.objects.get(code=code)
    province = Unit.objects.get(code="TDLS")
    today = TODAY()
    tag = f"[ma trận {code}]"
    # A chair holds a position on the session's date (the notice prints it): the secretary.
    person = Person.objects.get(full_name="Nông Minh Tuấn")

    session = meetings.session_create(
        actor=approver,
        title=f"Làm việc với {unit.name} {tag}",
        held_at=_aware(today - datetime.timedelta(days=10)),
        host_unit=unit,
        issuer=province,
        chairs=[person],
    )
    directive = meetings.directive_create(
        actor=approver,
        content=f"Nhiệm vụ kiểm tra quyền {tag}",
        lead=unit,
        issuer=province,
        source_reference="Kế hoạch kiểm tra (minh họa)",
        deadline=today + datetime.timedelta(days=30),
    )
    pending = meetings.directive_create(
        actor=approver,
        content=f"Nhiệm vụ xin lùi hạn {tag}",
        lead=unit,
        session=session,
        deadline=today + datetime.timedelta(days=20),
        notify_assignees=False,
    )
    report = meetings.directive_report_progress(
        actor=officer,
        directive=pending,
        text="Đã triển khai một phần",
        percent=30,
        files=[("bien-ban.txt", "Biên bản kiểm tra".encode())],
    )
    meetings.directive_request_deadline_change(
        actor=officer,
        directive=pending,
        proposed_deadline=today + datetime.timedelta(days=50),
        reason="Chờ kinh phí",
    )
    recommendation = meetings.recommendation_create(
        actor=officer,
        content=f"Kiến nghị về kinh phí hoạt động {tag}",
        raised_by=unit,
        addressee=province,
    )

    # The unit's own program of last year: this year's results stay those of the province's.
    own_program = programs.program_create(unit=unit, year=YEAR - 1, title=f"Chương trình {tag}")
    programs.focal_task_add(program=own_program, name="Nhiệm vụ trọng tâm thứ nhất")
    programs.reporting_period_add(
        program=own_program,
        period_code=str(YEAR - 1),
        deadline=datetime.date(YEAR, 1, 10),
    )
    own_evidence = programs.item_update(
        user=officer,
        item=own_program.focal_tasks.get(),
        status="in_progress",
        evidence="Đang làm",
        upload=SimpleUploadedFile("minh-chung.txt", b"minh chung"),
    ).files.get()

    congress = Congress.objects.filter(unit=unit).order_by("-term_start").first()
    Congress.objects.filter(pk=congress.pk).update(held_on=None, delegates_present=None)

    exemplar = cooperation.exemplar_nominate(
        unit=unit,
        kind="collective",
        title=f"Mô hình thanh niên tự quản {tag}",
        field="volunteering",
        year=today.year,
        created_by=officer,
    )
    commended = cooperation.exemplar_nominate(
        unit=unit,
        kind="collective",
        title=f"Mô hình đã tuyên dương {tag}",
        field="career",
        year=today.year - 1,
        nominated_on=today - datetime.timedelta(days=200),
    )
    cooperation.exemplar_commend(
        exemplar=commended,
        level="provincial",
        form="merit",
        commended_on=today - datetime.timedelta(days=100),
    )
    coop = cooperation.program_create(
        union_unit=unit,
        departments=[Unit.objects.get(code=department_code)],
        number=f"{code}/CTrPH",
        title=f"Chương trình phối hợp {tag}",
        signed_on=datetime.date(YEAR - 1, 1, 15),
        valid_from=datetime.date(YEAR - 1, 1, 15),
        valid_to=datetime.date(YEAR + 3, 12, 31),
        items=[cooperation.ItemPlan("Tổ chức diễn đàn thanh niên", unit)],
    )

    province_program = Program.objects.get(unit=province, year=YEAR)
    report_act(
        user=officer,
        reporting_period=province_program.reporting_periods.get(period__code=f"{YEAR}Q3"),
        unit=unit,
        action="submit",
    )
    # One figure in the year's report, which the matrix submits with its warnings acknowledged.
    values_save(
        user=officer,
        program=province_program,
        cells=[CellInput(unit.code, "CT01", str(YEAR), "10")],
    )
    target = Target.objects.get(program=province_program, code="CT01")
    value = DataValue.objects.filter(unit=unit, target=target, period__code=str(YEAR)).first()
    explanation = ExplanationRequest.objects.create(
        target=target,
        unit=unit,
        period=province_program.reporting_periods.get(period__code=str(YEAR)).period,
        message=f"Giải trình chỉ tiêu chậm {tag}",
        status_when_requested="not_met",
    )
    suggestion = congress_next_for(unit=unit)
    return {
        "issued_document": _issued_document(unit),
        "unit": code,
        "unit_pk": unit.pk,
        "unit_name": unit.name,
        "province_pk": province.pk,
        "person": person.pk,
        "feed": calendar_feed_ensure(user=officer).token,
        "token": ApiToken.objects.get(key_hash=hash_token(token_create(user=officer))).pk,
        "other_unit": other_code,
        "session": session.pk,
        "session_title": session.title,
        "session_version": session.version,
        "directive": directive.pk,
        "directive_text": directive.content,
        "directive_version": directive.version,
        "pending": pending.pk,
        "evidence": report.evidence.get().pk,
        "recommendation": recommendation.pk,
        "recommendation_text": recommendation.content,
        "program": f"{code}/{YEAR - 1}",
        "program_year": YEAR - 1,
        "program_title": own_program.title,
        "program_evidence": own_evidence.pk,
        "cell_version": value.version if value else 0,
        "congress": congress.pk,
        "next_ordinal": suggestion.ordinal,
        "next_term_start": suggestion.term_start,
        "next_term_end": suggestion.term_end,
        "exemplar": exemplar.pk,
        "exemplar_title": exemplar.title,
        "commended": commended.pk,
        "coop": coop.pk,
        "coop_title": coop.title,
        "coop_item": coop.items.get().pk,
        "explanation": explanation.pk,
        "explanation_text": explanation.message,
        "year": YEAR,
    }


def _draft(actor, text: str, host_code: str) -> dict:
    """A draft read in by `actor`, hosted by `host_code`, and one of its items."""
    from tinhdoan.ingest.models import DraftItem
    from tinhdoan.ingest.services import draft_ingest
    from tinhdoan.org.models import Unit

    draft = draft_ingest(
        actor=actor,
        file_name="bien-ban.txt",
        data=text.encode(),
        host_unit=Unit.objects.get(code=host_code),
    ).draft
    item = draft.items.filter(kind="topic").first() or DraftItem.objects.create(
        draft=draft,
        kind="topic",
        extracted={"text": "Công tác thanh niên"},
        fields={"text": "Công tác thanh niên"},
        span_start=0,
        span_end=10,
    )
    return {
        "draft": draft.pk,
        "draft_item": item.pk,
        "draft_date": TODAY().strftime("%d/%m/%Y"),
        "draft_host": draft.host_unit_id,
    }


def _job(owner) -> int:
    """A background job of `owner`, waiting in the queue."""
    from tinhdoan.jobs.services import job_create

    return job_create(kind="values_import", owner=owner, payload={}).pk


def _issued_document(unit) -> int:
    """A document the unit issued (numbered from its register, signed by its secretary)."""
    from tinhdoan.documents.services import document_issue
    from tinhdoan.documents.tests.samples import union_report

    return document_issue(unit=unit, document=union_report(), symbol="BC/ĐTN", source="test").pk


def _province_objects(approver) -> dict:
    from tinhdoan.org.models import Position, Unit
    from tinhdoan.programs.models import Program
    from tinhdoan.programs.services import item_update

    year = YEAR
    program = Program.objects.get(unit__code="TDLS", year=year)
    evidence = item_update(
        user=approver,
        item=program.focal_tasks.order_by("position").first(),
        status="in_progress",
        evidence="Đang triển khai",
        upload=SimpleUploadedFile("ke-hoach.txt", b"ke hoach"),
    ).files.get()
    secretary = Position.objects.get(unit__code="TDLS", person__full_name="Nông Minh Tuấn")
    return {
        "issued_document": _issued_document(Unit.objects.get(code="TDLS")),
        "signer": secretary.pk,
        "unit": "TDLS",
        "program": f"TDLS/{year}",
        "program_year": year,
        "program_evidence": evidence.pk,
        "campaign": "TDLS/2027-2032",
        "campaign_name": "Đại hội đoàn các cấp tiến tới Đại hội Đoàn toàn tỉnh lần thứ XV",
        "year": year,
    }


SEED_ARTICLE = settings.BASE_DIR / "ingest" / "tests" / "data" / "seed" / "seed-article.txt"


def build_world() -> SimpleNamespace:
    users = {
        role: get_user_model().objects.get(username=name) for role, name in matrix.USERS.items()
    }
    approver = users["approver"]
    a = _commune_objects(
        matrix.UNIT_A,
        users["officer"],
        approver=approver,
        department_code="SGDDT-LS",
        other_code=matrix.UNIT_B,
    )
    b = _commune_objects(
        matrix.UNIT_B,
        users["sibling"],
        approver=approver,
        department_code="STC-LS",
        other_code=matrix.UNIT_A,
    )
    # Drafts (no officer reads documents in): A's is the article read in by the standing
    # committee for the provincial union; B's is a notice of the people's committee read in
    # by leadership, out of the approver's reach.
    a |= _draft(approver, SEED_ARTICLE.read_text(encoding="utf-8"), "TDLS")
    b |= _draft(users["leader"], "Thông báo kết luận của UBND tỉnh.", "UBND-LS")
    a["job"] = _job(users["officer"])
    b["job"] = _job(users["sibling"])
    tokens = {}
    for role, user in users.items():
        raw = ApiToken.new_raw_key()
        # Used a moment ago: the request's bookkeeping is not due (once every ten minutes).
        ApiToken.objects.create(
            user=user, key_hash=hash_token(raw), prefix=raw[:8], last_used_at=timezone.now()
        )
        tokens[role] = raw
    variants = {
        "A": a,
        "B": b,
        "P": _province_objects(approver),
        "N": {"feed": "khong-co-dia-chi", "invitation": "khong-co-loi-moi"},
    }
    return SimpleNamespace(variants=variants, clients=_clients(users, tokens), answers={})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo and the matrix's objects, once for the module, rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, LANGUAGE_CODE="vi"),
        transaction.atomic(),
    ):
        try:
            load_demo()
            yield build_world()
        finally:
            transaction.set_rollback(True)


# --- asking a route ---------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    location: str
    text: str
    wrote: bool
    writes: tuple[str, ...] = ()  # write statements sent while a GET ran


WRITE_STATEMENT = re.compile(
    r"\s*(?:WITH\b.*?\)\s*)?(?:INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE | re.DOTALL
)


class WriteRecorder:
    """A database execute wrapper keeping the statements that write (not SELECT, nor the
    SAVEPOINT, RELEASE and ROLLBACK of the transaction the request runs in)."""

    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if WRITE_STATEMENT.match(sql):
            self.statements.append(sql)
        return execute(sql, params, many, context)


def _clients(users: dict, tokens: dict) -> dict:
    """One client per role and kind, made once: a new client loads the middleware again
    (WhiteNoise scans every static file), and the sessions must outlive each test."""
    clients = {("page", "anonymous"): Client(), ("api", "anonymous"): Client()}
    for role, user in users.items():
        clients["page", role] = Client()
        clients["page", role].force_login(user)
        clients["api", role] = Client(headers={"authorization": f"Bearer {tokens[role]}"})
    return clients


def _send(client: Client, entry: matrix.Entry, url: str, body: dict | None):
    if entry.method == "GET":
        return client.get(url)
    if not entry.api or entry.multipart:
        return client.post(url, body or {})
    return client.generic(
        entry.method, url, json.dumps(body or {}), content_type="application/json"
    )


def _text(response, entry: matrix.Entry) -> str:
    if not entry.marker or response.status_code != 200:
        return ""
    if entry.api:
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def ask(world, entry: matrix.Entry, variant: str, role: str) -> Answer:
    """One request, in a savepoint rolled back after it: every request meets the same state."""
    objects = world.variants[variant]
    url = entry.url.format(**objects)
    client = world.clients["api" if entry.api else "page", role]
    with transaction.atomic():
        before = entry.watch(objects) if entry.watch else None
        body = entry.body(objects) if entry.body else None
        cookies = copy.deepcopy(client.cookies)
        recorder = WriteRecorder()
        with connection.execute_wrapper(recorder):
            response = _send(client, entry, url, body)
            if response.streaming:
                # Read to the end: the test client then closes the file without also closing
                # the database connection (which response.close() would do).
                b"".join(response.streaming_content)
        client.cookies = cookies  # as before: logging out, or a message, does not carry over
        after = entry.watch(objects) if entry.watch else None
        answer = Answer(
            response.status_code,
            response.get("Location", ""),
            _text(response, entry),
            before != after,
            tuple(recorder.statements) if entry.method == "GET" else (),
        )
        transaction.set_rollback(True)
    return answer


def answer_of(world, entry: matrix.Entry, variant: str, role: str) -> Answer:
    """A GET is asked once per role and address, and the answer kept for every test; a
    write is asked each time."""
    if entry.method != "GET":
        return ask(world, entry, variant, role)
    key = (entry.id, role, entry.url.format(**world.variants[variant]))
    if key not in world.answers:
        world.answers[key] = ask(world, entry, variant, role)
    return world.answers[key]


def _is_login(answer: Answer) -> bool:
    return answer.status == 302 and answer.location.startswith(reverse("login"))


def judge(token: str, answer: Answer, marker: str) -> str:
    """What is wrong with the answer for this token; empty when it is as expected."""
    got = f"{answer.status}{' → ' + answer.location if answer.location else ''}"
    got += " (wrote)" if answer.wrote else ""
    if token == "login":
        return "" if _is_login(answer) and not answer.wrote else got
    if token in ("seen", "hidden"):
        if answer.status != 200:
            return got
        if (marker in answer.text) != (token == "seen"):
            return f"200, {marker!r} {'missing' if token == 'seen' else 'shown'}"
        return ""
    status, writes = int(token.rstrip("+")), token.endswith("+")
    if answer.status != status or answer.wrote != writes or _is_login(answer):
        return got
    return ""


def _param(entry: matrix.Entry):
    marks = [pytest.mark.xfail(strict=True, reason=entry.leak)] if entry.leak else []
    return pytest.param(entry, id=entry.id, marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", [_param(e) for e in matrix.ENTRIES])
def test_route_answers_every_role_as_the_matrix_says(world, entry):
    wrong = []
    for variant, tokens in entry.expect.items():
        marker = entry.marker.format(**world.variants[variant])
        for role, token in zip(matrix.ROLES, tokens, strict=True):
            # A list read once per role serves the markers of both communes.
            problem = judge(token, answer_of(world, entry, variant, role), marker)
            if problem:
                wrong.append(f"  {variant} {role}: expected {token}, got {problem}")
    assert not wrong, f"{entry.id} {entry.url}\n" + "\n".join(wrong)


def _writes(world, entry: matrix.Entry) -> list[tuple[str, str, str]]:
    """(variant, role, statement) of every write the GET of this entry sent."""
    return [
        (variant, role, statement)
        for variant in entry.expect
        for role in matrix.ROLES
        for statement in answer_of(world, entry, variant, role).writes
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "entry", [pytest.param(e, id=e.id) for e in matrix.ENTRIES if e.method == "GET"]
)
def test_get_route_writes_nothing_to_the_database(world, entry):
    writes = _writes(world, entry)
    assert not writes, "{} {}: GET wrote as {} {}:\n  {}".format(entry.id, entry.url, *writes[0])


# --- every route has an entry -----------------------------------------------------------------


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name or ""])) if pattern.name else ""
            yield route, name, namespace, pattern


def _is_api_operation(pattern: URLPattern) -> bool:
    return getattr(pattern.callback, "__module__", "") == "ninja.operation"


def page_routes() -> set[str]:
    """Pages of the URL configuration: by name, or by route when unnamed; the admin as one."""
    found = set()
    for route, name, namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace.split(":")[0] == "admin":
            found.add(matrix.ADMIN_FAMILY)
        elif not _is_api_operation(pattern):
            found.add(name or route)
    return found


@functools.cache
def api_operations() -> frozenset[str]:
    """Operations of /api/v1/: "METHOD path" from the OpenAPI schema, and "* path" for an
    address the URL configuration routes to the API but the schema does not show."""
    schema = api.get_openapi_schema(path_prefix=matrix.V1)
    operations = {
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
    }
    routed = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route, _name, _namespace, pattern in _walk(get_resolver().url_patterns)
        if _is_api_operation(pattern)
    }
    return frozenset(operations | {f"* {path}" for path in routed - set(schema["paths"])})


def test_every_route_has_an_entry_in_the_matrix():
    missing = (page_routes() | api_operations()) - {e.route for e in matrix.ENTRIES}
    missing.discard(matrix.ADMIN_FAMILY)
    assert not missing, (
        "Routes without an entry in accounts/tests/permission_matrix.py — add one saying what "
        "each role gets, inside and outside its scope:\n  " + "\n  ".join(sorted(missing))
    )


def test_every_entry_of_the_matrix_names_an_existing_route():
    stale = {e.route for e in matrix.ENTRIES} - page_routes() - api_operations()
    assert not stale, "Entries for routes that no longer exist:\n  " + "\n  ".join(sorted(stale))


def test_the_matrix_is_well_formed():
    for entry in matrix.ENTRIES:
        assert set(entry.expect) <= {"A", "B", "P", "N"}, entry.id
        for token in (t for row in entry.expect.values() for t in row):
            if token in ("seen", "hidden"):
                assert entry.marker, f"{entry.id}: {token} needs a marker"
            elif token != "login":
                assert re.fullmatch(r"[1-5]\d\d\+?", token), f"{entry.id}: {token}"
                assert not token.endswith("+") or entry.watch, f"{entry.id}: {token} unwatched"
        if entry.method != "GET":
            assert entry.watch or entry.route in matrix.NOTHING_TO_WATCH, (
                f"{entry.id}: a write needs the rows it may change"
            )


# --- outside the table: the admin site, static and uploaded files ----------------------------


def _admin_pages(administrator, unit_pk: int) -> list[str]:
    """The admin's index, each application's index, each registered model's list (a model
    registered later is asked too), and the change page of a unit."""
    request = RequestFactory().get(reverse("admin:index"))
    request.user = administrator
    urls = [
        reverse("admin:index"),
        reverse("admin:org_unit_change", args=[unit_pk]),
    ]
    for app in admin.site.get_app_list(request):
        urls += [app["app_url"], *(model["admin_url"] for model in app["models"])]
    return urls


def _get_writing_nothing(client: Client, url: str):
    recorder = WriteRecorder()
    with connection.execute_wrapper(recorder):
        response = client.get(url)
    assert not recorder.statements, f"GET {url} wrote:\n  {recorder.statements[0]}"
    return response


@pytest.mark.django_db
def test_admin_site_is_for_staff_only(world):
    from tinhdoan.org.models import Unit

    administrator = get_user_model().objects.get(username="tinhdoan.admin")
    urls = _admin_pages(administrator, Unit.objects.get(code=matrix.UNIT_A).pk)
    assert len(urls) > 15
    for role in matrix.ROLES:
        client = world.clients["page", role]
        for url in urls:
            response = _get_writing_nothing(client, url)
            assert response.status_code == 302, (role, url, response.status_code)
            assert response["Location"].startswith(reverse("admin:login")), (role, url)
        response = client.post(reverse("admin:auth_group_add"), {"name": "Nhóm lạ"})
        assert response.status_code == 302 and not Group.objects.exists(), role

    client = login_verified(Client(), administrator)
    for url in urls:
        assert _get_writing_nothing(client, url).status_code == 200, url
    client.post(reverse("admin:auth_group_add"), {"name": "Nhóm lạ"})
    assert Group.objects.filter(name="Nhóm lạ").exists()


@pytest.mark.django_db
def test_uploaded_files_are_served_only_through_the_checked_routes(world):
    from tinhdoan.meetings.models import Evidence
    from tinhdoan.programs.models import EvidenceFile

    names = [
        Evidence.objects.get(pk=world.variants["A"]["evidence"]).file.name,
        EvidenceFile.objects.get(pk=world.variants["P"]["program_evidence"]).file.name,
    ]
    for role in matrix.ROLES:
        for name in names:
            response = world.clients["page", role].get(f"{settings.MEDIA_URL}{name}")
            assert response.status_code == 404, (role, name)


def test_static_files_are_public(client):
    response = client.get(f"{settings.STATIC_URL}tinhdoan/site.css")
    assert response.status_code == 200
    assert b"{" in b"".join(response.streaming_content)
