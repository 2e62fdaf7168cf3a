"""How a refusal is answered over HTTP: its status, and the one shape of every API error.

The pages (`tinhdoan.web.middleware`) and the API (`tinhdoan.api.errors`) both answer with
`http_status`; views that show a refusal in place (a form, a grid row) use it too.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from ninja import Field, Schema

from .errors import DomainError, Refusal
from .limits import errors_capped, limit

STATUS_OF = {
    Refusal.INVALID: 422,
    Refusal.NOT_FOUND: 404,
    Refusal.NOT_ALLOWED: 403,
    Refusal.CONFLICT: 409,
    Refusal.TOO_LARGE: 413,
    Refusal.STORAGE_FULL: 507,
    Refusal.UNAUTHENTICATED: 401,
    Refusal.TOO_MANY_REQUESTS: 429,
}


def http_status(exc: DomainError) -> int:
    return STATUS_OF[exc.kind]


def refusal_headers(exc: DomainError) -> dict[str, str]:
    """The headers a refusal is answered with: `Retry-After` for a rate limit."""
    retry_after = getattr(exc, "retry_after", None)
    return {"Retry-After": str(retry_after)} if retry_after is not None else {}


class Problem(Schema):
    """One thing wrong: `msg` for the user; `loc` is where in the request, when known."""

    msg: str
    loc: list[str | int] = []
    type: str = ""


class ErrorOut(Schema):
    """`detail` sums the refusal up; `errors` lists every problem found."""

    detail: str
    kind: Refusal
    errors: list[Problem] = []
    warnings: list[str] = Field(
        [], description="What the user may acknowledge and send again (a report's warnings)."
    )


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    return {status: ErrorOut for status in statuses}


# What most operations can answer besides success (429: over a rate limit, lib/ratelimits.py).
ERRORS = error_responses(401, 403, 404, 409, 422, 429)


def error_body(
    kind: Refusal,
    messages: list[str],
    problems: list[dict] | None = None,
    warnings: Sequence[str] = (),
) -> dict:
    """An `ErrorOut`: one message is the detail; several are counted."""
    if len(messages) == 1:
        detail = messages[0]
    else:
        detail = _("%(count)s problems; nothing was written.") % {"count": len(messages)}
    if problems is None:
        problems = [{"msg": message, "loc": [], "type": str(kind)} for message in messages]
    elif len(problems) > limit("errors_shown"):  # a body wrong in every item of a long list
        rest = errors_capped([p["msg"] for p in problems])[-1]
        problems = [*problems[: limit("errors_shown")], {"msg": rest, "loc": [], "type": str(kind)}]
    return {"detail": detail, "kind": kind, "errors": problems, "warnings": list(warnings)}
