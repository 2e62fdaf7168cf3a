"""A server process loads every page and endpoint as it starts, not on its first request."""

import subprocess
import sys

LOADED = "import sys, tinhdoan.wsgi; print('tinhdoan.rollup.api' in sys.modules)"


def test_the_wsgi_application_imports_the_views_when_it_is_loaded():
    found = subprocess.run(
        [sys.executable, "-c", LOADED], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "True"
