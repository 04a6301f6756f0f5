"""Backups: a tiny dataset is dumped with pg_dump -Fc, restored with pg_restore into a fresh
database, and both databases are compared by raw SQL (row counts of every table, sample values),
with the media files byte for byte."""

import datetime
import json
from decimal import Decimal

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal import backup
from portal.models import AuditEvent
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def connect(name):
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=name, user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"], port=db["PORT"] or None
    )


def admin_sql(sql):
    conn = connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def rows_of_every_table(conn):
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [r[0] for r in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def fetch(conn, sql):
    with conn.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


SAMPLES = [
    "SELECT uscc, name, registered_capital, park_id, version FROM enterprises_enterprise ORDER BY id",
    "SELECT enterprise_id, year, month, revenue, tax, employees FROM enterprises_enterprisestat ORDER BY id",
    "SELECT history_id, id, name, history_type, history_user_id FROM enterprises_historicalenterprise"
    " ORDER BY history_id",
    "SELECT username, kind, ip::text, detail::text FROM portal_auditevent ORDER BY id",
    "SELECT code, name FROM portal_region ORDER BY code LIMIT 50",
]


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore"[:63]
    admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin_sql(f'CREATE DATABASE "{name}"')
    yield name
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_into_a_fresh_database_keeps_every_row(tmp_path, settings, officer, park_a, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "reports" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "reports" / "2026" / "季度报告.docx").write_bytes(b"PK\x03\x04 report bytes \x00\xff")
    for n in range(3):
        enterprise = factories.EnterpriseFactory(
            park=park_a, name=f"企业{n}", registered_capital=Decimal("1234.56") * n
        )
        factories.EnterpriseStatFactory(enterprise=enterprise, year=2025, month=n + 1, revenue=Decimal("1000.25") + n)
    AuditEvent.objects.create(kind="login", user=officer, username="officer", ip="10.0.0.7", detail={"k": "值"})

    manifest = backup.backup(tmp_path / "backups", label="test")
    assert json.loads((tmp_path / "backups" / "portal-test.json").read_text())["tables"]["enterprises_enterprise"] == 3

    db = {**connection.settings_dict, "NAME": fresh_database}
    restored_media = tmp_path / "restored-media"
    backup.restore(manifest["path"], db=db, media_root=restored_media)

    live, copy = connect(connection.settings_dict["NAME"]), connect(fresh_database)
    try:
        live_counts, copy_counts = rows_of_every_table(live), rows_of_every_table(copy)
        assert copy_counts == live_counts
        assert live_counts["enterprises_enterprise"] == 3 and live_counts["enterprises_enterprisestat"] == 3
        assert live_counts["portal_auditevent"] >= 1
        for sql in SAMPLES:
            assert fetch(copy, sql) == fetch(live, sql), sql
        assert fetch(copy, "SELECT revenue FROM enterprises_enterprisestat ORDER BY month") == [
            (Decimal("1000.25"),),
            (Decimal("1001.25"),),
            (Decimal("1002.25"),),
        ]
        # the append-only trigger came back with the data
        with pytest.raises(psycopg2.Error, match="append-only"), copy.cursor() as cursor:
            cursor.execute("DELETE FROM portal_auditevent")
    finally:
        live.close()
        copy.close()
    restored = restored_media / "reports" / "2026" / "季度报告.docx"
    assert restored.read_bytes() == b"PK\x03\x04 report bytes \x00\xff"


def test_restore_refuses_a_database_that_has_tables(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    manifest = backup.backup(tmp_path / "backups", label="again")
    with pytest.raises(CommandError, match="already has"):
        call_command("restore", manifest["path"])  # the configured (live) database: refused
    # a damaged file is refused before anything is restored
    dump = tmp_path / "backups" / "portal-again.dump"
    dump.write_bytes(dump.read_bytes()[:-10])
    with pytest.raises(backup.BackupError, match="does not match"):
        backup.verify(manifest["path"])


def test_old_backups_are_pruned(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    backup.backup(tmp_path / "b", label="old")
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=31)
    assert backup.prune(tmp_path / "b", keep_days=30, now=later) == ["portal-old"]
    assert list((tmp_path / "b").iterdir()) == []
