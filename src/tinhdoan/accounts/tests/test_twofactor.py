"""Two-factor login as an attacker tries it: enrolment without an invitation, with a used,
expired or someone else's invitation, guessed codes (django-otp's throttle), codes of other
time steps (drift) and codes used before (replay); the QR code read back; the admin's
check that the session passed two-factor."""

import base64
import datetime
import hashlib
import io
import re
from urllib.parse import quote

import pytest
import segno
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhdoan.accounts.models import LoginEvent, TwoFactorInvitation
from tinhdoan.accounts.services import AccountError, invitation_create, totp_device_enrol
from tinhdoan.testing import (
    DEMO_PASSWORD,
    key_bytes,
    login_verified,
    make_unit,
    make_user,
    totp_code,
)
from tinhdoan.web.login import PENDING_KEY

from .qr_decode import decode_svg, svg_modules

pytestmark = pytest.mark.django_db

# A moment inside a 30-second step (09:00:10): shifting the clock by a few seconds stays in it.
MOMENT = datetime.datetime(2026, 3, 2, 9, 0, 10, tzinfo=datetime.UTC)
NEEDS_INVITATION = "Hãy đề nghị quản trị viên gửi cho đồng chí đường dẫn mời thiết lập"
USED = "Lời mời này đã được dùng: mỗi lời mời chỉ dùng được một lần."
EXPIRED = "Lời mời này đã hết hạn."
UNKNOWN = "Đường dẫn mời không hợp lệ."
OTHER_ACCOUNT = "Lời mời này dành cho một tài khoản khác"
WRONG_CODE = "Mã không đúng."
TOO_MANY_CODES = "Nhập sai mã quá nhiều lần liên tiếp. Vui lòng chờ"


def post_login(client, username, password=DEMO_PASSWORD, path="/accounts/login/", **data):
    return client.post(
        path, {"username": username, "password": password, **data}, REMOTE_ADDR="10.0.0.5"
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in queries if q["sql"].lstrip().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def invite(user) -> str:
    """An invitation for the user: the path of its link."""
    _invitation, code = invitation_create(user=user)
    return f"/accounts/two-factor/invitation/{code}/"


def enrol_page_key(client) -> str:
    """The key the enrolment page shows (base32), as a person would type it."""
    page = client.get("/accounts/two-factor/enrol/")
    assert page.status_code == 200
    return re.search(r'data-secret="([A-Z2-7]+)"', page.content.decode()).group(1)


@pytest.fixture
def province():
    return make_unit("TD", kind="provincial_union")


@pytest.fixture
def officer(province):
    return make_user("can.bo", unit=province, role="officer")


@pytest.fixture
def leader(province):
    return make_user("lanh.dao", unit=province, role="leadership")


@pytest.fixture
def admin(province):
    return make_user("quan.tri", unit=province, role="admin")


@pytest.fixture
def enrolled(leader):
    return TOTPDevice.objects.create(user=leader, name="điện thoại")


# --- who needs a code ------------------------------------------------------------------------


def test_officer_is_not_asked_for_a_code(client, officer):
    response = post_login(client, "can.bo", next="/units/TD/")
    assert response["Location"] == "/units/TD/" and logged_in(client)
    assert not TOTPDevice.objects.exists()


def test_enrolled_leader_gives_a_code_after_the_password(client, enrolled):
    with time_machine.travel(MOMENT, tick=False):
        assert post_login(client, "lanh.dao")["Location"] == "/accounts/two-factor/"
        assert not logged_in(client)
        right = client.post("/accounts/two-factor/", {"code": totp_code(enrolled)})
        assert right["Location"] == "/" and logged_in(client) and verified(client)


# --- enrolment without an invitation ---------------------------------------------------------


@pytest.mark.parametrize("role", ["leadership", "admin", "staff"])
def test_the_password_alone_never_sets_up_an_authenticator(client, province, role):
    user = make_user("nguoi.dung", unit=province, role="officer" if role == "staff" else role)
    if role == "staff":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    response = post_login(client, "nguoi.dung")
    assert response.status_code == 403
    assert NEEDS_INVITATION in response.content.decode()
    assert not logged_in(client) and PENDING_KEY not in client.session
    for method in (client.get, client.post):
        answer = method("/accounts/two-factor/enrol/", {"code": "123456"})
        assert answer["Location"] == "/accounts/login/"
        assert client.get("/accounts/two-factor/")["Location"] == "/accounts/login/"
    assert not TOTPDevice.objects.exists() and not logged_in(client)
    assert not TwoFactorInvitation.objects.exists()


def test_a_pending_login_without_invitation_cannot_enrol(client, leader):
    """Even a session that somehow holds a key but no invitation (the old way) enrols nothing."""
    session = client.session
    session[PENDING_KEY] = {
        "user_id": leader.pk,
        "backend": "django.contrib.auth.backends.ModelBackend",
        "next": "/",
        "started": datetime.datetime.now().timestamp(),
        "key": "3132333435363738393031323334353637383930",
        "invitation": None,
    }
    session.save()
    code = totp_code(base64.b32encode(b"12345678901234567890").decode())
    assert client.get("/accounts/two-factor/enrol/")["Location"] == "/accounts/login/"
    assert client.post("/accounts/two-factor/enrol/", {"code": code})["Location"] == (
        "/accounts/login/"
    )
    assert not TOTPDevice.objects.exists() and not logged_in(client)


def test_the_service_refuses_an_enrolment_without_invitation(leader):
    with pytest.raises(AccountError, match="chỉ thiết lập được bằng lời mời"):
        totp_device_enrol(user=leader, key="00" * 20, code="000000", invitation_id=None)
    assert not TOTPDevice.objects.exists()


def test_no_api_route_sets_up_or_lists_authenticators(client, admin):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["paths"]
    pattern = re.compile(r"two.?factor|otp|totp|device|enrol|invitation", re.IGNORECASE)
    assert [path for path in schema["paths"] if pattern.search(path)] == []
    # The admin lists devices and invitations; it adds and edits none.
    staff = login_verified(client, admin)
    assert staff.get("/admin/otp_totp/totpdevice/").status_code == 200
    assert staff.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    assert staff.get("/admin/accounts/twofactorinvitation/add/").status_code == 403
    before = TOTPDevice.objects.count()
    staff.post("/admin/otp_totp/totpdevice/add/", {"user": admin.pk, "name": "x", "key": "00"})
    assert TOTPDevice.objects.count() == before


# --- enrolment with an invitation ------------------------------------------------------------


def test_the_invited_leader_sets_up_the_app_from_the_link(client, leader):
    out = io.StringIO()
    with time_machine.travel(MOMENT, tick=False):
        call_command("twofactor-invite", "lanh.dao", stdout=out)
        link = re.search(
            r"http://127\.0\.0\.1:8000(/accounts/two-factor/invitation/\S+/)", out.getvalue()
        )
        assert link, out.getvalue()
        assert "hết hạn lúc 16:00 03/03/2026" in out.getvalue()
        page = client.get(link.group(1))
        assert page.status_code == 200 and 'id="invitation-note"' in page.content.decode()
        response = post_login(client, "lanh.dao", path=link.group(1), next="/units/TD/")
        assert response["Location"] == "/accounts/two-factor/enrol/" and not logged_in(client)
        secret = enrol_page_key(client)
        html = client.get("/accounts/two-factor/enrol/").content.decode()
        groups = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        assert f">{groups}</code>" in html and len(secret) == 32

        wrong = client.post("/accounts/two-factor/enrol/", {"code": "000000"})
        assert WRONG_CODE in wrong.content.decode()
        assert not TOTPDevice.objects.exists() and not logged_in(client)
        assert TwoFactorInvitation.objects.get().used_at is None

        response = client.post("/accounts/two-factor/enrol/", {"code": totp_code(secret)})
        assert response["Location"] == "/units/TD/" and logged_in(client) and verified(client)
    device = TOTPDevice.objects.get(user=leader)
    assert device.confirmed and device.bin_key == key_bytes(secret)
    assert TwoFactorInvitation.objects.get().used_at == MOMENT
    assert LoginEvent.objects.filter(kind="success", user=leader).count() == 1


def test_the_enrolment_page_shows_the_same_key_each_time_without_writing(client, leader):
    post_login(client, "lanh.dao", path=invite(leader))
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/accounts/two-factor/enrol/")
        second = client.get("/accounts/two-factor/enrol/")
    assert first.status_code == second.status_code == 200
    assert first.context["secret"] == second.context["secret"]
    assert writes(queries) == []


def otpauth_uri(username: str, secret: str) -> str:
    """The address authenticator apps read (Google's Key Uri Format), written here by hand."""
    label = quote(f"tinhdoan:{username}", safe="")
    return (
        f"otpauth://totp/{label}?secret={secret}&algorithm=SHA1&digits=6&period=30&issuer=tinhdoan"
    )


def test_the_qr_code_decodes_to_the_otpauth_address_of_the_key(client, leader):
    post_login(client, "lanh.dao", path=invite(leader))
    page = client.get("/accounts/two-factor/enrol/")
    html = page.content.decode()
    secret = page.context["secret"]
    svg = re.search(r'id="totp-qr">(<svg.*?</svg>)</figure>', html, re.S)
    assert svg, html
    expected = otpauth_uri("lanh.dao", secret)
    assert decode_svg(svg.group(1)) == expected
    assert f'<code class="text-break" id="totp-uri">{expected.replace("&", "&amp;")}</code>' in html
    # The very modules segno makes of that address, drawn on the server: no script, no style.
    matrix = segno.make(expected, error="m", micro=False, boost_error=False).matrix
    assert svg_modules(svg.group(1)) == [[bool(module) for module in row] for row in matrix]
    assert "<script" not in svg.group(1) and "style=" not in svg.group(1)
    # The key the QR code carries is the one the device gets.
    client.post("/accounts/two-factor/enrol/", {"code": totp_code(secret)})
    assert TOTPDevice.objects.get(user=leader).bin_key == key_bytes(secret)


def test_the_decoder_reads_what_segno_draws_and_no_other_address():
    uri = otpauth_uri("lanhdao.tinh", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert decode_svg(segno.make(uri, error="m", micro=False).svg_inline(scale=4)) == uri
    other = segno.make(uri.replace("JBSW", "ABCD"), error="m", micro=False).svg_inline(scale=4)
    assert decode_svg(other) != uri


# --- used, expired and unknown invitations ---------------------------------------------------


def enrol(client, username, path) -> str:
    post_login(client, username, path=path)
    secret = enrol_page_key(client)
    client.post("/accounts/two-factor/enrol/", {"code": totp_code(secret)})
    return secret


def test_an_invitation_works_once(client, leader):
    link = invite(leader)
    enrol(client, "lanh.dao", link)
    assert verified(client)
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(link)
        again = post_login(client, "lanh.dao", path=link)
    for response in (page, again):
        assert response.status_code == 410 and USED in response.content.decode()
    assert writes(queries) == [] and not logged_in(client)
    # Reset (lost phone): the used link still does not work, a new invitation does.
    call_command("twofactor-reset", "lanh.dao", stdout=io.StringIO())
    assert post_login(client, "lanh.dao", path=link).status_code == 410
    enrol(client, "lanh.dao", invite(leader))
    assert logged_in(client) and TOTPDevice.objects.filter(user=leader).count() == 1


def test_an_invitation_expires_after_24_hours(client, leader):
    with time_machine.travel(MOMENT, tick=False) as clock:
        link = invite(leader)
        clock.shift(datetime.timedelta(hours=23, minutes=59))
        assert client.get(link).status_code == 200
        clock.shift(datetime.timedelta(minutes=1))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(link)
            refused = post_login(client, "lanh.dao", path=link)
    for response in (page, refused):
        assert response.status_code == 410 and EXPIRED in response.content.decode()
    assert writes(queries) == [] and not logged_in(client)
    assert not TOTPDevice.objects.exists()


def test_an_invitation_expiring_during_the_setup_sets_up_nothing(client, leader):
    with time_machine.travel(MOMENT, tick=False) as clock:
        link = invite(leader)
        clock.shift(datetime.timedelta(hours=23, minutes=58))
        post_login(client, "lanh.dao", path=link)
        secret = enrol_page_key(client)
        clock.shift(datetime.timedelta(minutes=3))
        assert EXPIRED in client.get("/accounts/two-factor/enrol/").content.decode()
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/accounts/two-factor/enrol/", {"code": totp_code(secret)})
    assert EXPIRED in response.content.decode() and not logged_in(client)
    assert writes(queries) == [] and not TOTPDevice.objects.exists()


def test_an_invitation_used_in_another_browser_meanwhile_sets_up_nothing(client, leader):
    from django.test import Client

    link = invite(leader)
    other = Client()
    post_login(client, "lanh.dao", path=link)
    post_login(other, "lanh.dao", path=link)
    first_key = enrol_page_key(client)
    second_key = enrol_page_key(other)
    assert first_key != second_key
    client.post("/accounts/two-factor/enrol/", {"code": totp_code(first_key)})
    assert logged_in(client)
    # The second browser is sent to the code step of the device set up in the first.
    response = other.post("/accounts/two-factor/enrol/", {"code": totp_code(second_key)})
    assert response["Location"] == "/accounts/two-factor/" and not logged_in(other)
    assert TOTPDevice.objects.get(user=leader).bin_key == key_bytes(first_key)


def test_an_unknown_or_replaced_invitation_is_refused(client, leader):
    old = invite(leader)
    new = invite(leader)  # a new invitation replaces the one not used yet
    for link in (old, "/accounts/two-factor/invitation/doan-ma-ngau-nhien/"):
        response = client.get(link)
        assert response.status_code == 404 and UNKNOWN in response.content.decode()
        assert post_login(client, "lanh.dao", path=link).status_code == 404
    assert client.get(new).status_code == 200
    assert TwoFactorInvitation.objects.filter(user=leader).count() == 1


def test_only_the_hash_of_the_code_is_kept(leader):
    invitation, code = invitation_create(user=leader)
    assert invitation.code_hash == hashlib.sha256(code.encode()).hexdigest()
    row = TwoFactorInvitation.objects.filter(pk=invitation.pk).values().get()
    assert code not in repr(row) and len(code) >= 40


# --- another user's invitation ---------------------------------------------------------------


def test_another_users_invitation_cannot_enrol_you(client, leader, admin):
    link = invite(admin)
    with CaptureQueriesContext(connection) as queries:
        response = post_login(client, "lanh.dao", path=link)
    assert response.status_code == 403 and OTHER_ACCOUNT in response.content.decode()
    assert not logged_in(client) and PENDING_KEY not in client.session
    assert [sql for sql in writes(queries) if "django_session" not in sql] == []
    assert client.get("/accounts/two-factor/enrol/")["Location"] == "/accounts/login/"
    assert not TOTPDevice.objects.exists()
    # The invitation still works for its own user.
    enrol(client, "quan.tri", link)
    assert TOTPDevice.objects.get().user == admin


def test_the_service_refuses_another_users_invitation(leader, admin):
    invitation, _code = invitation_create(user=admin)
    with pytest.raises(AccountError, match="chỉ thiết lập được bằng lời mời"):
        totp_device_enrol(
            user=leader, key="00" * 20, code=totp_code("A" * 32), invitation_id=invitation.pk
        )
    assert not TOTPDevice.objects.exists()
    assert TwoFactorInvitation.objects.get().used_at is None


# --- the commands ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("khong.co", "Không có người dùng khong.co."),
        ("can.bo", "can.bo không đăng nhập hai lớp"),
        ("lanh.dao", "lanh.dao đã thiết lập đăng nhập hai lớp"),
    ],
)
def test_twofactor_invite_refuses(officer, enrolled, username, message):
    with pytest.raises(CommandError, match=message):
        call_command("twofactor-invite", username)
    assert not TwoFactorInvitation.objects.exists()


def test_twofactor_invite_prints_a_link_on_the_given_address(leader):
    out = io.StringIO()
    call_command(
        "twofactor-invite", "lanh.dao", base_url="https://tinhdoan.langson.vn/", stdout=out
    )
    assert re.search(
        r"^https://tinhdoan\.langson\.vn/accounts/two-factor/invitation/[\w-]{40,}/$",
        out.getvalue(),
        re.M,
    )


@pytest.mark.parametrize("command", ["twofactor-reset", "twofactor_reset"])
def test_twofactor_reset_makes_the_user_ask_for_a_new_invitation(client, enrolled, command):
    out = io.StringIO()
    call_command(command, "lanh.dao", stdout=out)
    assert "Đã đặt lại đăng nhập hai lớp của lanh.dao" in out.getvalue()
    assert "tinhdoan twofactor-invite lanh.dao" in out.getvalue()
    assert not TOTPDevice.objects.exists()
    assert post_login(client, "lanh.dao").status_code == 403


@pytest.mark.parametrize(
    ("username", "message"),
    [("khong.co", "Không có người dùng khong.co."), ("can.bo", "chưa thiết lập")],
)
def test_twofactor_reset_refuses_unknown_or_unenrolled_users(officer, username, message):
    with pytest.raises(CommandError, match=message):
        call_command("twofactor-reset", username)


def test_a_reset_during_the_code_step_sends_back_to_the_login(client, enrolled):
    post_login(client, "lanh.dao")
    enrolled.delete()
    assert client.get("/accounts/two-factor/")["Location"] == "/accounts/two-factor/enrol/"
    assert client.get("/accounts/two-factor/enrol/")["Location"] == "/accounts/login/"
    assert post_login(client, "lanh.dao").status_code == 403


def test_loaddemo_prints_the_invitations_beside_the_demo_logins(demo, client, monkeypatch):
    from tinhdoan.demo.management.commands import loaddemo

    rows = [("tinhdoan.admin", "Quản trị", "Tỉnh đoàn"), ("lanhdao.tinh", "Lãnh đạo", "UBND")]
    monkeypatch.setattr(loaddemo, "demo_load", lambda **kwargs: rows)
    out = io.StringIO()
    call_command("loaddemo", password=DEMO_PASSWORD, stdout=out)
    links = dict(
        re.findall(
            r"^  (\S+)\s+http://127\.0\.0\.1:8000(/accounts/two-factor/invitation/\S+/)$",
            out.getvalue(),
            re.M,
        )
    )
    assert sorted(links) == ["lanhdao.tinh", "tinhdoan.admin"], out.getvalue()
    assert post_login(client, "lanhdao.tinh", path=links["lanhdao.tinh"])["Location"] == (
        "/accounts/two-factor/enrol/"
    )


# --- django-otp: throttling, drift, replay ---------------------------------------------------


def code_step(client, code, ip="10.0.0.5"):
    return client.post("/accounts/two-factor/", {"code": code}, REMOTE_ADDR=ip)


def test_after_a_wrong_code_even_the_right_one_is_refused_for_a_while(client, enrolled):
    with time_machine.travel(MOMENT, tick=False) as clock:
        post_login(client, "lanh.dao")
        assert WRONG_CODE in code_step(client, "000000").content.decode()
        refused = code_step(client, totp_code(enrolled))
        assert refused.status_code == 429 and refused["Retry-After"] == "1"
        assert f"{TOO_MANY_CODES} 1 giây" in refused.content.decode() and not logged_in(client)
        clock.shift(datetime.timedelta(seconds=1))
        assert code_step(client, totp_code(enrolled))["Location"] == "/" and logged_in(client)
    enrolled.refresh_from_db()
    assert enrolled.throttling_failure_count == 0


def test_the_wait_doubles_with_every_wrong_code_in_a_row(client, enrolled):
    with time_machine.travel(MOMENT, tick=False) as clock:
        post_login(client, "lanh.dao")
        for wait in (1, 2):
            code_step(client, "111111")
            clock.shift(datetime.timedelta(seconds=wait))
        code_step(client, "222222")  # the third in a row: nothing is checked for 4 s
        enrolled.refresh_from_db()
        assert enrolled.throttling_failure_count == 3
        clock.shift(datetime.timedelta(seconds=3))
        refused = code_step(client, totp_code(enrolled))
        assert refused.status_code == 429 and refused["Retry-After"] == "1"
        clock.shift(datetime.timedelta(seconds=1))
        assert code_step(client, totp_code(enrolled))["Location"] == "/"


def test_refused_codes_also_count_toward_the_login_lock(client, enrolled):
    post_login(client, "lanh.dao")
    for _ in range(5):
        code_step(client, "000000")
    response = code_step(client, totp_code(enrolled))
    assert response.status_code == 429 and not logged_in(client)
    assert LoginEvent.objects.filter(kind="otp_failure").count() == 5
    assert post_login(client, "lanh.dao").status_code == 429


@pytest.mark.parametrize(("steps", "accepted"), [(-2, False), (-1, True), (1, True), (2, False)])
def test_a_code_one_step_either_side_is_accepted_and_no_further(client, enrolled, steps, accepted):
    with time_machine.travel(MOMENT, tick=False):
        post_login(client, "lanh.dao")
        code_step(client, totp_code(enrolled, steps=steps))
        assert logged_in(client) is accepted
    enrolled.refresh_from_db()
    # django-otp follows the phone's clock: the next codes are looked for around its step.
    assert enrolled.drift == (steps if accepted else 0)


def test_the_same_code_is_not_accepted_twice(client, enrolled):
    with time_machine.travel(MOMENT, tick=False) as clock:
        code = totp_code(enrolled)
        post_login(client, "lanh.dao")
        code_step(client, code)
        assert logged_in(client)
        client.logout()
        post_login(client, "lanh.dao")
        replay = code_step(client, code)
        assert WRONG_CODE in replay.content.decode() and not logged_in(client)
        # Nor an older one still in the window, once a newer one was used.
        clock.shift(datetime.timedelta(seconds=30))
        assert totp_code(enrolled, steps=-1) == code
        clock.shift(datetime.timedelta(seconds=1))
        code_step(client, totp_code(enrolled, steps=-1))
        assert not logged_in(client)
        clock.shift(datetime.timedelta(seconds=2))
        code_step(client, totp_code(enrolled))
        assert logged_in(client)


def test_the_code_of_the_enrolment_cannot_be_replayed_at_the_next_login(client, leader):
    with time_machine.travel(MOMENT, tick=False):
        post_login(client, "lanh.dao", path=invite(leader))
        code = totp_code(enrol_page_key(client))
        client.post("/accounts/two-factor/enrol/", {"code": code})
        assert logged_in(client)
        client.logout()
        post_login(client, "lanh.dao")
        code_step(client, code)
        assert not logged_in(client)


def test_the_password_step_expires_after_five_minutes(client, enrolled):
    with time_machine.travel(MOMENT, tick=False) as clock:
        post_login(client, "lanh.dao")
        clock.shift(datetime.timedelta(minutes=5, seconds=1))
        response = code_step(client, totp_code(enrolled))
        assert response["Location"] == "/accounts/login/" and not logged_in(client)


def test_an_expired_password_step_is_not_written_away_by_a_get(client, enrolled):
    with time_machine.travel(MOMENT, tick=False) as clock:
        post_login(client, "lanh.dao")
        clock.shift(datetime.timedelta(minutes=5, seconds=1))
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/accounts/two-factor/")
    assert response["Location"] == "/accounts/login/"
    assert writes(queries) == []


def test_the_code_pages_need_the_password_first(client, leader):
    assert client.get("/accounts/two-factor/enrol/")["Location"] == "/accounts/login/"
    assert client.get("/accounts/two-factor/")["Location"] == "/accounts/login/"


def test_demo_accounts_who_need_a_code_and_who_do_not(demo, client):
    for username in ("tinhdoan.admin", "lanhdao.tinh"):
        assert post_login(client, username).status_code == 403
    for username in ("btv.tinhdoan", "so.gddt", "doan.xa_that_khe"):
        assert post_login(client, username)["Location"] == "/"
        client.logout()


# --- the admin takes a verified session ------------------------------------------------------


def test_the_admin_requires_a_session_that_passed_two_factor(client, admin):
    client.force_login(admin)  # the password alone, as if the code step were skipped
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    client.logout()
    device = TOTPDevice.objects.create(user=admin, name="điện thoại")
    post_login(client, "quan.tri", next="/admin/")
    assert code_step(client, totp_code(device))["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # A reset (lost phone) takes the admin away from a session opened with that phone.
    call_command("twofactor-reset", "quan.tri", stdout=io.StringIO())
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


# --- the move to django-otp ------------------------------------------------------------------


def test_the_hand_written_module_is_gone():
    import importlib.util

    assert importlib.util.find_spec("tinhdoan.accounts.totp") is None
