import json
from pathlib import Path

import pytest

# The seed article and the development set, kept beside the tests.
DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "seed" / "seed-article.txt"
DEV = DATA / "ingest-dev"


def expected_for(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


def decide_all(draft, actor, *, departments: dict[int, list[str]] | None = None) -> None:
    """Accept every item; for directives to a group, lead and coordinators by unit code."""
    from tinhdoan.ingest.services import draft_item_decide
    from tinhdoan.org.models import Unit

    departments = departments or {}
    for item in draft.items.all():
        unit, coordinators = item.unit, list(item.coordinators.all())
        if item.kind == "directive" and item.number in departments:
            codes = departments[item.number]
            unit = Unit.objects.get(code=codes[0])
            coordinators = list(Unit.objects.filter(code__in=codes[1:]))
        draft_item_decide(
            actor=actor,
            item=item,
            decision="accepted",
            unit=unit,
            coordinators=coordinators,
            addressee=item.addressee,
            no_single_lead=item.no_single_lead,
        )
