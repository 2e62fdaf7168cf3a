"""Security headers Django does not set by itself, and a plain answer when the database is away."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger("tinhdoan.ops")

DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)
RETRY_AFTER_SECONDS = 30


# No page uses the camera, the microphone, the location or payments: no script may ask.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "display-capture=(), browsing-topics=()"
)


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy: only the app's own scripts, styles and images run, and a
    Permissions-Policy; keep what a logged-in user sees out of every cache.

    Pages carry no inline scripts or styles, so nothing injected into a page can run. A
    response to a request with a session cookie or an API token is `private, no-store`: a
    shared office computer's browser or a proxy keeps no copy of it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _authenticated(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _authenticated(request) -> bool:
    """Sent with credentials (a session or a token), judged without reading the database."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "Authorization" in request.headers


def database_unavailable_message() -> str:
    return _("The database is temporarily unavailable. Please try again in a few minutes.")


def database_unavailable_response(request) -> HttpResponse:
    """503 with a message for people (a page) or for scripts (JSON under /api/)."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": database_unavailable_message()}, status=503)
    else:
        # Rendered without the request: context processors would ask the database for the user.
        html = render_to_string("ops/503.html", {"message": database_unavailable_message()})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 and "try again" when the database cannot be reached, not a 500.

    A restarted PostgreSQL or a SQLite file locked longer than the busy timeout is a passing
    state: the user is asked to retry, and the operator finds the error in the log. Once the
    database is back, the next request reconnects (CONN_HEALTH_CHECKS) without a restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable during %s %s: %s",
            request.method,
            request.path,
            exception,
            exc_info=exception,
        )
        return database_unavailable_response(request)
