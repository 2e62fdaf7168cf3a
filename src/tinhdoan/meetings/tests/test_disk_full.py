"""A full disk during an upload: a clear message, the right status, no record and no half
file. The uploads live on a real 256 KB tmpfs for these tests."""

import datetime
import os
import subprocess

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tinhdoan.accounts.services import token_create
from tinhdoan.meetings.models import Directive, DirectiveEvent, Evidence, ProgressReport

SMALL_PDF = b"%PDF-1.4\n" + b"0" * 10_000 + b"\n%%EOF\n"
LARGE_PDF = b"%PDF-1.4\n" + b"0" * 400_000 + b"\n%%EOF\n"  # more than the whole disk
FULL_MESSAGE = "đầy"  # "Ổ đĩa của máy chủ đã đầy…"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.date(2018, 3, 1), tick=False):
        yield


@pytest.fixture
def small_disk(settings, tmp_path):
    """MEDIA_ROOT on its own 256 KB file system."""
    root = tmp_path / "uploads"
    root.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs for the uploads needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(root)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {mounted.stderr.strip()}")
    settings.MEDIA_ROOT = root
    yield root
    subprocess.run(["umount", str(root)], check=True)


@pytest.fixture
def directive(world, make_directive):
    return make_directive(content="Giáo dục lý tưởng", coordinators=[world.sgd])


def files_under(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def records(directive) -> tuple:
    return (
        ProgressReport.objects.count(),
        Evidence.objects.count(),
        DirectiveEvent.objects.count(),
        Directive.objects.get(pk=directive.pk).state,
    )


def api_progress(user, directive, content: bytes):
    client = Client(headers={"Authorization": f"Bearer {token_create(user=user)}"})
    return client.post(
        f"/api/v1/directives/{directive.pk}/progress",
        {
            "text": "Sở đã phối hợp tổ chức 3 chuyên đề",
            "percent": "60",
            "files": [SimpleUploadedFile("bien-ban.pdf", content, content_type="application/pdf")],
        },
    )


def test_a_file_that_fits_is_stored_on_the_small_disk(world, directive, small_disk):
    response = api_progress(world.liaison_sgd, directive, SMALL_PDF)
    assert response.status_code == 201, response.content
    (stored,) = files_under(small_disk)
    assert (small_disk / stored).read_bytes() == SMALL_PDF


def test_a_file_larger_than_the_free_space_is_refused_by_the_api_with_507(
    world, directive, small_disk
):
    before = records(directive)
    response = api_progress(world.liaison_sgd, directive, LARGE_PDF)
    assert response.status_code == 507
    assert FULL_MESSAGE in response.json()["detail"]
    assert records(directive) == before
    assert files_under(small_disk) == []


def test_a_full_disk_on_the_page_shows_the_message_and_keeps_nothing(
    world, directive, small_disk, login
):
    before = records(directive)
    response = login(world.liaison_sgd).post(
        f"/directives/{directive.pk}/progress/",
        {
            "text": "Sở đã phối hợp tổ chức 3 chuyên đề",
            "percent": "60",
            "files": [SimpleUploadedFile("bien-ban.pdf", LARGE_PDF)],
        },
    )
    assert response.status_code == 507
    assert FULL_MESSAGE in response.content.decode()
    assert records(directive) == before
    assert files_under(small_disk) == []


def test_the_second_file_not_fitting_removes_the_first_too(world, directive, small_disk):
    client = Client(headers={"Authorization": f"Bearer {token_create(user=world.liaison_sgd)}"})
    before = records(directive)
    response = client.post(
        f"/api/v1/directives/{directive.pk}/progress",
        {
            "text": "Hai biên bản",
            "percent": "60",
            "files": [
                SimpleUploadedFile("mot.pdf", SMALL_PDF, content_type="application/pdf"),
                SimpleUploadedFile("hai.pdf", LARGE_PDF, content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 507
    assert records(directive) == before
    assert files_under(small_disk) == []
