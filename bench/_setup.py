"""Point Django at a throw-away database for a benchmark, then set it up."""

import os
import shutil
import sys
import tempfile
import uuid


def django_for_bench(db: str) -> str:
    """Configure a fresh SQLite file or PostgreSQL database; return a label for the report."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhdoan.settings")
    os.environ["TINHDOAN_DATA_DIR"] = tempfile.mkdtemp(prefix="tinhdoan-bench-")
    if db == "postgres":
        import psycopg

        base = os.environ.get("TINHDOAN_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")
        name = f"tinhdoan_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        os.environ["TINHDOAN_DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
    else:
        os.environ.pop("TINHDOAN_DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return db


def drop_bench_database() -> None:
    """Remove what `django_for_bench` made: its data directory (the SQLite file, over a
    gigabyte at national scale) and its PostgreSQL database."""
    from django.db import connections

    connections.close_all()
    data_dir = os.environ.get("TINHDOAN_DATA_DIR", "")
    if os.path.basename(data_dir).startswith("tinhdoan-bench-"):
        shutil.rmtree(data_dir, ignore_errors=True)
    url = os.environ.get("TINHDOAN_DATABASE_URL", "")
    if "tinhdoan_bench_" not in url:
        return
    import psycopg

    base = os.environ.get("TINHDOAN_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]}")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
