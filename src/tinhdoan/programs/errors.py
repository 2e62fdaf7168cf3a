"""Refusals of programs and of their values and reports (`tinhdoan.reporting`). Each carries
the HTTP status the API answers with."""

from tinhdoan.lib.limits import errors_capped


class ProgramsError(ValueError):
    """A refused change; `messages` are for the user, one problem each."""

    status = 422

    def __init__(self, messages: str | list[str]):
        # A file with an error on every row is refused with the first ones, then their count.
        self.messages = [messages] if isinstance(messages, str) else errors_capped(list(messages))
        super().__init__("\n".join(self.messages))


class NotInScope(ProgramsError):
    """The object does not exist or is outside the user's scope (answered like a missing one)."""

    status = 404


class NotAllowed(ProgramsError):
    """The user sees the object but may not take this action on it."""

    status = 403


class StateConflict(ProgramsError):
    """The report or period is in a state that refuses the change (submitted, locked, closed)."""

    status = 409


class StaleVersion(ProgramsError):
    """Someone changed the value since the client read it."""

    status = 409


def raise_collected(errors: list[tuple[type[ProgramsError], str]]) -> None:
    """Raise one error holding every message, of the most telling kind found."""
    if not errors:
        return
    for kind in (NotInScope, StaleVersion, StateConflict, NotAllowed, ProgramsError):
        if any(issubclass(k, kind) for k, _m in errors):
            raise kind([message for _k, message in errors])
