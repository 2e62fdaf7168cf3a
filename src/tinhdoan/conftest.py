import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("TINHDOAN_FAST_PASSWORD_HASHER", "1")


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _jobs_in_this_process(settings):
    """Background jobs run in the test's own process (and its transaction) when the test runs
    the queue (`tinhdoan.testing.jobs_run_queued`); the test of the limits starts real ones."""
    settings.JOB_CHILD_PROCESS = False


@pytest.fixture(autouse=True)
def _nothing_kept_between_tests():
    """Every test starts with no request counted against the rate limits, and nothing kept
    by the process between requests (pieces of pages, tokens, lookups of the tree)."""
    from django.core.cache import caches

    from tinhdoan.revisions.kept import kept_forget

    caches["ratelimits"].clear()
    caches["ratelimits_process"].clear()
    caches["fragments"].clear()
    kept_forget()


@pytest.fixture
def demo(db):
    """The Lạng Sơn demo, loaded through the same service as `tinhdoan loaddemo`."""
    from tinhdoan.testing import load_demo

    load_demo()


@pytest.fixture
def login(client):
    """Log the test client in as a user (demo or factory-made); staff as if they had given
    their two-factor code too."""

    def _login(user):
        if user.is_staff:  # the admin takes a session verified by two-factor login
            from tinhdoan.testing import login_verified

            return login_verified(client, user)
        client.force_login(user)
        return client

    return _login


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def _chromium():
    if not os.path.exists(CHROMIUM):
        message = (
            f"!!! {CHROMIUM} không có: BỎ QUA kiểm thử trình duyệt (cài gói Debian 'chromium')."
        )
        if os.environ.get("TINHDOAN_BROWSER_TESTS_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the Django ORM
    # calls made by the test itself are still plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, answering one request at a time when it shares the
    test's in-memory SQLite connection: the server's threads would otherwise run their
    transactions on that one connection at once (a refused save inside another request's
    atomic block breaks it). On PostgreSQL each thread keeps its own connection."""
    from django.core.servers.basehttp import WSGIServer
    from pytest_django.live_server_helper import LiveServer

    class OneRequestAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    server = LiveServer(
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost",
        start=False,
    )
    if server.thread.connections_override:
        server.thread.server_class = OneRequestAtATime
    server.start()
    yield server
    server.stop()


@pytest.fixture
def browser_page(_chromium, live_server):
    context = _chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Generous: CI machines run the whole suite on two cores.
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def screenshot_dir():
    path = Path(__file__).resolve().parents[2] / "test-output"
    path.mkdir(exist_ok=True)
    return path


def browser_login(page, live_server, username: str, password: str | None = None) -> None:
    """Log in through the login page; administrators and leadership also give their code. One
    with no authenticator yet is sent an invitation, as a real user is, and sets it up from
    the link (the key read off the page)."""
    from django.contrib.auth import get_user_model

    from tinhdoan.accounts.selectors import invitation_url, totp_device_for, totp_required
    from tinhdoan.accounts.services import invitation_create
    from tinhdoan.testing import DEMO_PASSWORD

    user = get_user_model().objects.filter(username=username).first()
    start = f"{live_server.url}/accounts/login/"
    if user is not None and totp_required(user) and totp_device_for(user) is None:
        _invitation, code = invitation_create(user=user)
        start = invitation_url(code, base_url=live_server.url)
    page.goto(start)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile("^" + re.escape(live_server.url) + r"/(accounts/two-factor/.*)?$"))
    if "/accounts/two-factor/" in page.url:
        page.locator("#id_code").fill(totp_code_for(username, page))
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")


def totp_code_for(username: str, page=None) -> str:
    """The code the user's authenticator app shows now (the enrolment key read off the page
    when setting up), never one already used."""
    from tinhdoan.accounts.selectors import totp_device_for
    from tinhdoan.testing import demo_user, totp_code, totp_code_unused

    device = totp_device_for(demo_user(username))
    if device is None:
        return totp_code(page.locator("#totp-secret").get_attribute("data-secret"))
    return totp_code_unused(device)


@pytest.fixture(name="browser_login")
def _browser_login():
    return browser_login
