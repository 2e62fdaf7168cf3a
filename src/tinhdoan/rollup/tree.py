"""Changes of the organization tree as use cases that keep the rolled-up figures exact.

Each calls the `tinhdoan.org` service, which journals what moved (`TreeChange`), then
applies the journal to the stored aggregates in the same transaction: after a unit is
moved, created, closed or re-dated, units merged or split, or a tree file imported, every
figure above it is already right. Pages, commands and the API change the tree through
these.
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import transaction

from tinhdoan.org import services as org
from tinhdoan.org import unit_files

from .freshness import tree_changes_apply

P = ParamSpec("P")
R = TypeVar("R")


def _rolled_up(change: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(change)
    def use_case(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            result = change(*args, **kwargs)
            tree_changes_apply()
        return result

    return use_case


unit_create = _rolled_up(org.unit_create)
unit_update = _rolled_up(org.unit_update)
unit_move = _rolled_up(org.unit_move)
units_merge = _rolled_up(org.units_merge)
unit_split = _rolled_up(org.unit_split)
tree_rebuild_paths = _rolled_up(org.tree_rebuild_paths)
units_import = _rolled_up(unit_files.units_import)
units_import_file = _rolled_up(unit_files.units_import_file)
