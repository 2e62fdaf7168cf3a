import shutil
from pathlib import Path

import pytest

from .test_serve import environment, run

DEMO_PASSWORD = "mat-khau-demo-cho-kiem-thu"


@pytest.fixture(scope="session")
def _demo_data_dir(tmp_path_factory) -> Path:
    """A data folder holding the demo, loaded once by the commands an operator runs."""
    folder = tmp_path_factory.mktemp("demo-data")
    env = environment(folder)
    for command in (["migrate", "--noinput"], ["loaddemo", "--password", DEMO_PASSWORD]):
        result = run(command, env)
        assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture
def demo_data_dir(_demo_data_dir, tmp_path) -> Path:
    """A data folder of the test's own with a copy of the demo (its SQLite file among it);
    demo users sign in with `DEMO_PASSWORD`."""
    shutil.copytree(_demo_data_dir, tmp_path, dirs_exist_ok=True)
    return tmp_path
