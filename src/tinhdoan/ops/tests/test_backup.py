import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from tinhdoan.accounts.models import ApiToken, LoginEvent, Membership, hash_token
from tinhdoan.accounts.services import token_create
from tinhdoan.ops.backup import BackupError, pg_tool
from tinhdoan.org.models import Person, Position, Unit
from tinhdoan.testing import DEMO_PASSWORD, demo_user, make_unit, make_user

# Backups are taken from outside any transaction, as the command does.
pytestmark = pytest.mark.django_db(transaction=True)


def orm_counts() -> dict[str, int]:
    """Rows of every installed model that has a table, counted through the ORM."""
    tables = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables:
            counts[model._meta.label] = model._base_manager.count()
    return counts


def files_under(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "data" / "uploads"
    (root / "meetings" / "2018").mkdir(parents=True)
    (root / "meetings" / "2018" / "Báo cáo kết quả.docx").write_bytes(b"PK\x03\x04 docx")
    (root / "minh-chung.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(2048))
    settings.MEDIA_ROOT = root
    return root


def test_round_trip_keeps_every_record_and_every_file(demo, media, tmp_path):
    approver = demo_user("btv.tinhdoan")
    raw_token = token_create(user=approver)
    leader = demo_user("lanhdao.tinh")
    TOTPDevice.objects.create(user=leader, name="điện thoại", last_t=7)
    LoginEvent.objects.create(kind=LoginEvent.Kind.SUCCESS, username="lanhdao.tinh", user=leader)
    before = orm_counts()
    for model in (Unit, Person, Position, get_user_model(), Membership, ApiToken, LoginEvent):
        assert before[model._meta.label] > 0, model
    files_before = files_under(media)
    archive = tmp_path / "sao-luu.tar.gz"

    call_command("backup", output=str(archive), stdout=io.StringIO())

    # Everything changes after the backup: rows removed, added and edited, files too.
    ApiToken.objects.all().delete()
    Membership.objects.filter(user__username="doan.xa_that_khe").delete()
    TOTPDevice.objects.all().delete()
    make_unit("SAU-SAO-LUU", parent=Unit.objects.get(code="TDLS"))
    approver.set_password("mat-khau-moi-sau-sao-luu")
    approver.save(update_fields=["password"])
    (media / "minh-chung.pdf").unlink()
    (media / "tep-moi.txt").write_text("mới")
    assert orm_counts() != before

    out = io.StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)

    assert orm_counts() == before
    assert files_under(media) == files_before
    assert ApiToken.objects.get(key_hash=hash_token(raw_token)).user == approver
    assert TOTPDevice.objects.get(user=leader).last_t == 7
    assert demo_user("btv.tinhdoan").check_password(DEMO_PASSWORD)
    assert not Unit.objects.filter(code="SAU-SAO-LUU").exists()
    assert Membership.objects.filter(user__username="doan.xa_that_khe").exists()
    kept = [p for p in media.parent.iterdir() if p.name.startswith("uploads.before-restore-")]
    assert len(kept) == 1 and (kept[0] / "tep-moi.txt").read_text() == "mới"
    assert "số dòng từng bảng đã được kiểm lại" in out.getvalue()
    # New rows still get fresh keys after the restore (sequences came back too).
    assert (
        make_unit("MOI-SAU-KHOI-PHUC").pk
        > Unit.objects.exclude(code="MOI-SAU-KHOI-PHUC").latest("pk").pk
    )


def _unit_triggers() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'revisions_org_unit'")
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master "
                "WHERE type = 'trigger' AND name LIKE 'revisions_org_unit_%'"
            )
        return cursor.fetchone()[0]


def test_restoring_an_archive_without_a_revision_trigger_installs_it_again(db, media, tmp_path):
    """An archive of an older version lacks the triggers added since: the restore installs
    them, so that kept pages and answers are never served stale."""
    installed = _unit_triggers()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER revisions_org_unit ON org_unit")
        else:
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER revisions_org_unit_{event}")
    assert _unit_triggers() == 0
    archive = tmp_path / "sao-luu-cu.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())

    assert _unit_triggers() == installed > 0


def test_manifest_lists_version_engine_counts_and_files(db, media, tmp_path):
    make_unit("TD")
    archive = tmp_path / "a.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format"] == "tinhdoan-backup" and manifest["format_version"] == 1
    assert manifest["app_version"]
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["file"] in names
    assert manifest["tables"]["org_unit"] == {"model": "org.Unit", "rows": 1}
    assert manifest["media"]["files"] == 2
    assert "media/meetings/2018/Báo cáo kết quả.docx" in names
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_backup_into_a_folder_writes_a_dated_archive(db, media, tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path), stdout=out)
    written = list(tmp_path.glob("tinhdoan-*.tar.gz"))
    assert len(written) == 1 and str(written[0]) in out.getvalue()


def test_backup_to_a_missing_folder_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="không tồn tại"):
        call_command("backup", output=str(tmp_path / "khong-co" / "a.tar.gz"))
    assert not (tmp_path / "khong-co").exists()


@pytest.fixture
def archive_of_one_unit(db, media, tmp_path):
    make_unit("TD")
    archive = tmp_path / "a.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    make_unit("SAU")
    return archive


def rewrite(archive: Path, target: Path, *, manifest=None, extra: dict | None = None) -> Path:
    """A copy of the archive with another manifest or extra members."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as tar:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data) if data is not None else None)
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def assert_nothing_restored(media):
    assert set(Unit.objects.values_list("code", flat=True)) == {"TD", "SAU"}
    assert len(files_under(media)) == 2


def test_restore_refuses_a_file_that_is_not_a_backup(archive_of_one_unit, media, tmp_path):
    bogus = tmp_path / "khong-phai.tar.gz"
    bogus.write_bytes(b"day khong phai tep nen")
    with pytest.raises(CommandError, match="Không đọc được tệp sao lưu"):
        call_command("restore", str(bogus), interactive=False)
    assert_nothing_restored(media)


def test_restore_refuses_an_archive_with_foreign_paths(archive_of_one_unit, media, tmp_path):
    evil = rewrite(archive_of_one_unit, tmp_path / "evil.tar.gz", extra={"../../etc/x": b"x"})
    with pytest.raises(CommandError, match="mục lạ"):
        call_command("restore", str(evil), interactive=False)
    assert_nothing_restored(media)


def test_restore_refuses_a_backup_from_a_newer_version(archive_of_one_unit, media, tmp_path):
    def newer(manifest):
        manifest["migrations"].append(["org", "9999_from_the_future"])
        return manifest

    future = rewrite(archive_of_one_unit, tmp_path / "future.tar.gz", manifest=newer)
    with pytest.raises(CommandError, match="phiên bản tinhdoan mới hơn"):
        call_command("restore", str(future), interactive=False)
    assert_nothing_restored(media)


def test_restore_refuses_a_backup_of_another_database_engine(archive_of_one_unit, media, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def foreign(manifest):
        manifest["database"]["engine"] = other
        return manifest

    archive = rewrite(archive_of_one_unit, tmp_path / "other.tar.gz", manifest=foreign)
    with pytest.raises(CommandError, match="không khôi phục chéo được"):
        call_command("restore", str(archive), interactive=False)
    assert_nothing_restored(media)


def test_restore_asks_before_replacing_and_a_no_changes_nothing(
    archive_of_one_unit, media, monkeypatch
):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Đã hủy"):
        call_command("restore", str(archive_of_one_unit))
    assert_nothing_restored(media)


def test_missing_postgresql_tools_are_reported_in_vietnamese(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BackupError) as error:
        pg_tool("pg_dump")
    assert "Không tìm thấy chương trình pg_dump" in str(error.value)
    assert "postgresql-client" in str(error.value)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_backup_without_pg_dump_writes_nothing(db, tmp_path, monkeypatch):
    make_user("can.bo")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(CommandError, match="Không tìm thấy chương trình pg_dump"):
        call_command("backup", output=str(tmp_path / "a.tar.gz"))
    assert list(tmp_path.iterdir()) == []
