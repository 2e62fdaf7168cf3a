"""Backups: the database and the uploaded files in one .tar.gz, and their restore.

An archive holds `manifest.json` (format, version, time, database engine, applied migrations,
row counts per table, file counts), the database (`database.sqlite3`, a copy made with SQLite's
online backup API, or `database.pgdump`, PostgreSQL's custom format from pg_dump) and the files
under MEDIA_ROOT in `media/`.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from tinhdoan.lib.errors import DomainError
from tinhdoan.revisions.triggers import triggers_install

FORMAT = "tinhdoan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"


class BackupError(DomainError):
    pass


def app_version() -> str:
    try:
        return metadata.version("tinhdoan")
    except metadata.PackageNotFoundError:
        return "0"


def model_tables() -> dict[str, str]:
    """db_table → model label for every installed model with a table (m2m tables too)."""
    existing = set(connection.introspection.table_names())
    tables: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in existing:
            continue
        tables.setdefault(meta.db_table, meta.label)
    return dict(sorted(tables.items()))


def rows_count(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def database_counts() -> dict[str, int]:
    """Rows per table in the database as it is now."""
    with connection.cursor() as cursor:
        return rows_count(cursor, model_tables())


def migrations_applied() -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [list(row) for row in cursor.fetchall()]


def vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {connection.vendor}.")
    return connection.vendor


# --- PostgreSQL tools -----------------------------------------------------------------------


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"Không tìm thấy chương trình {name}. Hãy cài gói postgresql-client cùng phiên bản "
            f"với máy chủ PostgreSQL (Debian/Ubuntu: apt install postgresql-client) rồi chạy lại."
        )
    return path


def pg_environment() -> dict[str, str]:
    """Connection parameters for pg_dump/pg_restore, passed in the environment (not argv)."""
    config = connection.settings_dict
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if config.get(key):
            env[variable] = str(config[key])
    if config.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = config["OPTIONS"]["sslmode"]
    return env


def pg_run(command: list[str]) -> None:
    result = subprocess.run(command, env=pg_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        name = Path(command[0]).name
        raise BackupError(f"{name} thất bại (mã {result.returncode}): {result.stderr.strip()}")


# --- backup ---------------------------------------------------------------------------------


def sqlite_dump(target: Path) -> dict[str, int]:
    """Copy the live database page by page (SQLite online backup API); count rows in the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return rows_count(copy.cursor(), model_tables())
    finally:
        copy.close()


def postgres_dump(target: Path) -> dict[str, int]:
    """pg_dump and the row counts from one snapshot, so the manifest matches the dump exactly."""
    pg_dump = pg_tool("pg_dump")
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu PostgreSQL được từ bên trong một giao dịch đang mở.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = rows_count(cursor, model_tables())
        pg_run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return counts


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup_create(*, output: Path) -> dict:
    """Write a backup archive to `output` (a file, or a folder to put a dated file in)."""
    engine = vendor()
    output = Path(output)
    if output.is_dir():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        output = output / f"tinhdoan-{stamp}.tar.gz"
    if not output.parent.is_dir():
        raise BackupError(f"Thư mục {output.parent} không tồn tại.")
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".tinhdoan-backup-") as work:
        dump = Path(work) / DUMP_NAMES[engine]
        counts = sqlite_dump(dump) if engine == "sqlite" else postgres_dump(dump)
        tables = model_tables()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": app_version(),
            "created_at": timezone.now().isoformat(),
            "database": {"engine": engine, "file": dump.name},
            "migrations": migrations_applied(),
            "tables": {table: {"model": tables[table], "rows": n} for table, n in counts.items()},
            "media": {"files": len(files), "bytes": sum(f.stat().st_size for f in files)},
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(descriptor, "wb") as handle,
            tarfile.open(fileobj=handle, mode="w:gz") as tar,
        ):
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for path in files:
                tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
    os.replace(partial, output)
    manifest["path"] = str(output)
    return manifest


# --- restore --------------------------------------------------------------------------------


def archive_open(archive: Path, work: Path) -> dict:
    """Check and unpack an archive into `work`; returns its manifest. Touches nothing else."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Không có tệp {archive}.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                name = member.name
                allowed = name in (MANIFEST, *DUMP_NAMES.values()) or name == MEDIA
                allowed = allowed or name.startswith(f"{MEDIA}/")
                if not allowed or not (member.isfile() or member.isdir()):
                    raise BackupError(f"Tệp sao lưu chứa mục lạ: {name}.")
            tar.extractall(work, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"Không đọc được tệp sao lưu {archive}: {error}") from error
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError("Tệp sao lưu thiếu hoặc hỏng manifest.json.") from error
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError("Không phải tệp sao lưu tinhdoan, hoặc định dạng không được hỗ trợ.")
    engine = manifest["database"]["engine"]
    if engine != vendor():
        raise BackupError(
            f"Bản sao lưu là của cơ sở dữ liệu {engine}, còn hệ thống đang dùng {vendor()}: "
            f"không khôi phục chéo được."
        )
    if not (work / manifest["database"]["file"]).is_file():
        raise BackupError("Tệp sao lưu thiếu phần cơ sở dữ liệu.")
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản tinhdoan mới hơn (có migration chưa biết: "
            + ", ".join(unknown[:5])
            + "). Hãy cập nhật phần mềm trước khi khôi phục."
        )
    return manifest


def sqlite_load(dump: Path) -> None:
    """Copy the backup over the live database (online backup API, into Django's connection)."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được từ bên trong một giao dịch đang mở.")
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def postgres_load(dump: Path) -> None:
    pg_restore = pg_tool("pg_restore")
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được từ bên trong một giao dịch đang mở.")
    connection.close()
    pg_run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def media_replace(extracted: Path) -> Path | None:
    """Put the archive's files in MEDIA_ROOT; the files there before are kept aside, returned."""
    media_root = Path(settings.MEDIA_ROOT)
    kept = None
    if media_root.exists() and any(media_root.iterdir()):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        media_root.rename(kept)
    elif media_root.exists():
        media_root.rmdir()
    if extracted.is_dir():
        shutil.move(str(extracted), str(media_root))
    else:
        media_root.mkdir(parents=True)
    return kept


def backup_restore(*, archive: Path) -> dict:
    """Replace the database and uploaded files with the archive's; verify the row counts."""
    data_dir = Path(settings.MEDIA_ROOT).parent
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".tinhdoan-restore-") as work:
        work = Path(work)
        manifest = archive_open(archive, work)
        dump = work / manifest["database"]["file"]
        if manifest["database"]["engine"] == "sqlite":
            sqlite_load(dump)
        else:
            postgres_load(dump)
        manifest["media_kept_at"] = media_replace(work / MEDIA)
    # An archive of an older version may lack triggers this one moves its revisions by.
    triggers_install()
    expected = {table: entry["rows"] for table, entry in manifest["tables"].items()}
    actual = database_counts()
    wrong = [
        f"{table}: {expected[table]} → {actual.get(table)}"
        for table in expected
        if actual.get(table) != expected[table]
    ]
    if wrong:
        raise BackupError("Số dòng sau khi khôi phục không khớp: " + "; ".join(wrong))
    restored_files = len(media_files(Path(settings.MEDIA_ROOT)))
    if restored_files != manifest["media"]["files"]:
        raise BackupError(
            f"Số tệp sau khi khôi phục không khớp: {manifest['media']['files']} → {restored_files}"
        )
    return manifest
