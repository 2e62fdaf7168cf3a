"""Refusals of programs and of their values and reports (`tinhdoan.reporting`)."""

from tinhdoan.lib import errors


class ProgramsError(errors.DomainError):
    """A refused change; `messages` are for the user, one problem each (a long list is
    capped by `DomainError`: the first ones, then their count)."""


class NotInScope(ProgramsError, errors.NotFound):
    """The object does not exist or is outside the user's scope (answered like a missing one)."""


class NotAllowed(ProgramsError, errors.NotAllowed):
    """The user sees the object but may not take this action on it."""


class StateConflict(ProgramsError, errors.Conflict):
    """The report or period is in a state that refuses the change (submitted, locked, closed)."""


class StaleVersion(ProgramsError, errors.Conflict):
    """Someone changed the value since the client read it."""


def raise_collected(found: list[tuple[type[ProgramsError], str]]) -> None:
    """Raise one error holding every message, of the most telling kind found."""
    if not found:
        return
    for kind in (NotInScope, StaleVersion, StateConflict, NotAllowed, ProgramsError):
        if any(issubclass(k, kind) for k, _m in found):
            raise kind([message for _k, message in found])
