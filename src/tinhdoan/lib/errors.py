"""How the system refuses: one family of errors for everything a user can be told "no".

A refusal says what kind of "no" it is and why, in the user's language; it never says how it
is answered. The API (`tinhdoan.api.errors`) and the pages (`tinhdoan.web.middleware`) each
map the kind to an HTTP status in one place, so a service raises the same error whoever
called it: a page, the API or a command.
"""

import enum
from collections.abc import Sequence

from .limits import errors_capped


class Refusal(enum.StrEnum):
    """Why a request was refused; shown as `kind` in every API error."""

    INVALID = "invalid"  # the request itself is wrong: fix it and send again
    NOT_FOUND = "not_found"  # no such object, or one outside the user's scope
    NOT_ALLOWED = "not_allowed"  # the user sees the object but may not do this to it
    CONFLICT = "conflict"  # the object's state or version refuses it now
    TOO_LARGE = "too_large"  # the file or body is over a documented limit
    STORAGE_FULL = "storage_full"  # the server has no room to keep it
    TOO_MANY_REQUESTS = "too_many_requests"  # over a rate limit: wait `retry_after` seconds
    UNAUTHENTICATED = "unauthenticated"  # nobody is logged in (API only)


class DomainError(ValueError):
    """A refused request; `messages` are for the user, one problem each.

    A ValueError, so that code parsing user input can catch "this value is wrong"
    in one clause whichever layer found it.
    """

    kind = Refusal.INVALID

    def __init__(self, messages: str | list[str] = "", *, warnings: Sequence[str] = ()):
        if isinstance(messages, str):
            self.messages = [str(messages)]
        else:  # a file with an error on every row: the first ones, then their count
            self.messages = errors_capped([str(m) for m in messages])
        self.warnings = [str(w) for w in warnings]  # what the user may acknowledge and retry
        super().__init__("\n".join(self.messages))


class NotFound(DomainError):
    """The object does not exist or is outside the user's scope (answered alike)."""

    kind = Refusal.NOT_FOUND


class NotAllowed(DomainError):
    kind = Refusal.NOT_ALLOWED


class Conflict(DomainError):
    kind = Refusal.CONFLICT


class TooLarge(DomainError):
    kind = Refusal.TOO_LARGE


class RateLimited(DomainError):
    """Too many requests of one kind by one user, token or address (`lib/ratelimits.py`)."""

    kind = Refusal.TOO_MANY_REQUESTS

    def __init__(self, messages: str | list[str], *, retry_after: int):
        super().__init__(messages)
        self.retry_after = retry_after  # seconds until the limit's window ends


class Invalid(DomainError):
    """The request itself is wrong: a value out of range, an unknown code in a body."""
