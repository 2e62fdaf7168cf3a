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
