"""Whether a program's stored figures are exact, and bringing stale ones up to date.

The services keep the stored aggregates exact as they change what they depend on:

- a saved value refreshes its ancestors, in its transaction (`engine.values_saved`);
- a change of the tree (a unit created, moved, closed, its validity changed) is journalled
  by `tinhdoan.org.services` as a `TreeChange`; the roll-up's use cases
  (`tinhdoan.rollup.tree`) apply it here in the same transaction, and the next saved value
  or `tinhdoan rollup --stale` applies any left (a change made by another way);
- a change of how a program's figures roll up raises `Program.rules_revision`; the next
  value saved in a period recomputes that period whole, `tinhdoan rollup --stale` all.

So a program's figures for a period are stale exactly when its `RollupState` is marked
stale (a restore, an upgrade), when its rules revision is older than the program's, or
when a journalled tree change passes through the program's unit. `staleness` tells it
without writing; `refresh_pending` (a write path) clears it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.org.models import TreeChange, Unit, path_ids
from tinhdoan.programs.models import Period, Program, ReportingPeriod
from tinhdoan.revisions.kept import kept_under

from . import engine
from .models import RollupState


@dataclass(frozen=True)
class Staleness:
    """Why a program's figures for some periods are not exact yet, and since when."""

    since: datetime.datetime | None
    reasons: list[str]

    @property
    def message(self) -> str:
        """What a page or a report says about its figures, and when they are refreshed."""
        reasons = "; ".join(self.reasons)
        if self.since is None:
            return _(
                "The rolled-up figures below are awaiting recomputation (%(reasons)s). They are "
                "recomputed when a value of this period is next saved, or when an administrator "
                "runs `tinhdoan rollup --stale`."
            ) % {"reasons": reasons}
        return _(
            "The rolled-up figures below are awaiting recomputation since %(since)s "
            "(%(reasons)s). They are recomputed when a value of this period is next saved, or "
            "when an administrator runs `tinhdoan rollup --stale`."
        ) % {
            "since": timezone.localtime(self.since).strftime("%H:%M %d/%m/%Y"),
            "reasons": reasons,
        }


def _changes_through(unit_id: int):
    marker = f"/{unit_id}/"
    return TreeChange.objects.filter(
        Q(path_before__contains=marker) | Q(path_after__contains=marker)
    )


def staleness(*, program: Program, periods: list[Period]) -> Staleness | None:
    """Why the program's stored figures for these periods are stale; None when exact.
    Reads only."""
    reasons: list[str] = []
    times: list[datetime.datetime] = []
    states = RollupState.objects.filter(program=program, period__in=periods).select_related(
        "period", "program"
    )
    for state in (s for s in states if s.is_stale):
        if state.stale_since is not None:
            reasons.append(state.stale_reason or _("marked for recomputation"))
            times.append(state.stale_since)
        else:
            reasons.append(
                _("the targets' roll-up rules or allocations changed after %(period)s was computed")
                % {"period": state.period.code}
            )
    first_change = _changes_through(program.unit_id).order_by("changed_at").first()
    if first_change is not None:
        reasons.append(_("the organization tree changed"))
        times.append(first_change.changed_at)
    if not reasons:
        return None
    return Staleness(since=min(times) if times else None, reasons=list(dict.fromkeys(reasons)))


@transaction.atomic(savepoint=False)
def refresh_pending(*, program: Program | None = None) -> list[tuple[Program, Period]]:
    """Apply the journalled tree changes, then recompute the stale periods of `program`
    (of every program when None); return the (program, period) recomputed in full."""
    tree_changes_apply()
    states = RollupState.objects.select_related("program", "period").order_by("pk")
    if program is not None:
        states = states.filter(program=program)
    stale = states.filter(
        Q(stale_since__isnull=False) | Q(rules_revision__lt=F("program__rules_revision"))
    )
    done = []
    by_program: dict[int, list[RollupState]] = defaultdict(list)
    for state in stale:
        by_program[state.program_id].append(state)
    for group in by_program.values():
        engine.rollup_full(program=group[0].program, periods=[s.period for s in group])
        done += [(s.program, s.period) for s in group]
    return done


@transaction.atomic(savepoint=False)
def tree_changes_apply(*, structure: int | None = None) -> int:
    """Bring the figures of every program above the journalled tree changes up to date
    and clear the journal; return the changes applied.

    `structure`: the structure revision the caller read in its transaction. A journal this
    process found empty under that revision is not read again: journalling a change moves
    the revision."""
    if structure is not None and kept_under(
        ("tree_journal_empty",), structure, lambda: not TreeChange.objects.exists()
    ):
        return 0
    changes = list(TreeChange.objects.select_for_update().order_by("pk"))
    if not changes:
        return 0
    on_paths = {
        pk
        for change in changes
        for path in (change.path_before, change.path_after)
        for pk in path_ids(path)
    }
    for program in Program.objects.filter(unit_id__in=on_paths).order_by("pk"):
        units = _units_to_refresh(program, changes)
        if not units:
            continue
        periods = [
            rp.period
            for rp in ReportingPeriod.objects.filter(program=program).select_related("period")
        ]
        engine.states_moved(program, periods)
        for period in periods:
            engine.refresh_units(program, period, units=units)
    TreeChange.objects.filter(pk__in=[c.pk for c in changes]).delete()
    return len(changes)


def _units_to_refresh(program: Program, changes: list[TreeChange]) -> set[int]:
    """The units whose figures in the program may have changed: on every changed unit's
    chain from the program's unit, before and after; a subtree that entered or left the
    program's subtree whole; and the current ancestors (up to the program's unit) of all."""
    root_id = program.unit_id
    units: set[int] = set()
    subtrees = []
    for change in changes:
        before = engine.chain_from(change.path_before, root_id)
        after = engine.chain_from(change.path_after, root_id)
        units.update(before, after)
        if bool(before) != bool(after):
            subtrees.append(change.unit_id)
    for unit in Unit.objects.filter(pk__in=subtrees):
        units.update(Unit.objects.under(unit).values_list("pk", flat=True))
    root_path = Unit.objects.values_list("path", flat=True).get(pk=root_id)
    for path in Unit.objects.filter(pk__in=units).values_list("path", flat=True):
        if path.startswith(root_path):
            units.update(engine.chain_from(path, root_id))
    return units
