"""make backup / make restore: a dump restored into a fresh database has the same rows and media."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from conftest import require_or_skip

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["regions_region", "accounts_user", "households_household", "households_member"]


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _counts(url: str) -> dict[str, int]:
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_keeps_row_counts_and_media(regions, cadre_a, tmp_path):
    if connection.vendor != "postgresql":
        require_or_skip("backup/restore needs PostgreSQL (DATABASE_URL)")
    if subprocess.run(["which", "pg_dump"], capture_output=True).returncode:
        require_or_skip("pg_dump is not installed")
    from households.tests.factories import HouseholdFactory, MemberFactory

    for _ in range(3):
        MemberFactory(household=HouseholdFactory(village=regions["village_a"]))
    media = tmp_path / "media"
    (media / "visits").mkdir(parents=True)
    (media / "visits" / "p.jpg").write_bytes(b"photo")
    source = _url(connection.settings_dict["NAME"])
    target_name = f"shx_restore_{os.getpid()}"
    target = _url(target_name)
    backups = tmp_path / "backups"
    env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(media)}
    made = subprocess.run(
        ["make", "-s", "backup", f"BACKUP_DIR={backups}"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    dump = next(backups.glob("*.dump"))
    restored_media = tmp_path / "restored"
    try:
        env = {**os.environ, "DATABASE_URL": target, "MEDIA_ROOT": str(restored_media)}
        done = subprocess.run(
            ["make", "-s", "restore", f"BACKUP={dump}"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert _counts(target) == _counts(source)
        assert _counts(target)["households_member"] == 3
        assert (restored_media / "visits" / "p.jpg").read_bytes() == b"photo"
    finally:
        subprocess.run(
            ["psql", _url("postgres"), "-qc", f'DROP DATABASE IF EXISTS "{target_name}"'], check=False
        )
