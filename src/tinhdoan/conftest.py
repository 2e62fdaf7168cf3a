import os

import pytest

os.environ.setdefault("TINHDOAN_FAST_PASSWORD_HASHER", "1")


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """The Lạng Sơn demo, loaded through the same service as `tinhdoan loaddemo`."""
    from tinhdoan.testing import load_demo

    load_demo()


@pytest.fixture
def login(client):
    """Log the test client in as a user (demo or factory-made)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
