"""Backups (docs/operations.md): the database with ``pg_dump -Fc`` (custom format, compressed, for
``pg_restore``) and MEDIA_ROOT as a gzipped tar, side by side in one folder with a manifest
(file names, sizes, SHA-256, the row count of every table at dump time).  On SQLite the database file
is copied with SQLite's online backup API instead.

A restore goes into a database that is empty (a fresh one, created with ``createdb``); it refuses a
database that already has tables, so a mistyped name cannot overwrite the live portal."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.utils import timezone


class BackupError(Exception):
    pass


def pg_params(db):
    """(command-line arguments, environment) for pg_dump / pg_restore / psql from a settings dict."""
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def db_from_url(url):
    """A settings-like dict from ``postgres://user:pass@host:port/name``."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise BackupError(f"not a PostgreSQL address: {url!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": parsed.port or "",
    }


def run(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    return result.stdout


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts(db=None):
    """{table: rows} of every table of the public schema (PostgreSQL) or the SQLite file."""
    db = db or settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        with sqlite3.connect(db["NAME"]) as conn:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    args, env = pg_params(db)
    sql = (
        "SELECT string_agg(format('SELECT %L AS t, COUNT(*) AS n FROM %I', tablename, tablename), ' UNION ALL ') "
        "FROM pg_tables WHERE schemaname = 'public'"
    )
    union = run(["psql", *args, "-d", db["NAME"], "-XAtc", sql], env).strip()
    if not union:
        return {}
    out = run(["psql", *args, "-d", db["NAME"], "-XAtF", "\t", "-c", union], env)
    return {t: int(n) for t, n in (line.split("\t") for line in out.splitlines() if line)}


def backup(target_dir, *, label=None, db=None, media_root=None):
    """Write one backup into ``target_dir``; returns the manifest (also written as JSON)."""
    db = db or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    stamp = label or timezone.localtime().strftime("%Y%m%d-%H%M%S")
    stem = target / f"portal-{stamp}"
    files = {}
    if "sqlite" in db["ENGINE"]:
        database_file = Path(f"{stem}.sqlite3")
        with sqlite3.connect(db["NAME"]) as source, sqlite3.connect(database_file) as copy:
            source.backup(copy)
    else:
        database_file = Path(f"{stem}.dump")
        args, env = pg_params(db)
        run(["pg_dump", *args, "-Fc", "--no-owner", "--no-acl", "-f", str(database_file), db["NAME"]], env)
    files["database"] = database_file
    media_file = Path(f"{stem}-media.tar.gz")
    with tarfile.open(media_file, "w:gz") as tar:
        if media_root.exists():
            tar.add(media_root, arcname="media")
    files["media"] = media_file
    manifest = {
        "created_at": timezone.now().isoformat(),
        "engine": db["ENGINE"],
        "database_name": str(db["NAME"]),
        "files": {kind: {"name": p.name, "bytes": p.stat().st_size, "sha256": sha256(p)} for kind, p in files.items()},
        "tables": table_counts(db),
    }
    manifest_path = Path(f"{stem}.json")
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    manifest["path"] = str(manifest_path)
    return manifest


def verify(manifest_path):
    """Check the files of a backup against its manifest (sizes and SHA-256)."""
    manifest_path = Path(manifest_path)
    manifest = json.loads(manifest_path.read_text())
    for kind, info in manifest["files"].items():
        path = manifest_path.parent / info["name"]
        if not path.exists() or path.stat().st_size != info["bytes"] or sha256(path) != info["sha256"]:
            raise BackupError(f"the {kind} file {path} does not match the manifest")
    return manifest


def restore(manifest_path, *, db, media_root=None, jobs=2):
    """Restore a backup into ``db`` (a settings-like dict of an empty database) and its media files
    into ``media_root`` (left alone when None).  Returns the restored database's table counts."""
    manifest = verify(manifest_path)
    folder = Path(manifest_path).parent
    database_file = folder / manifest["files"]["database"]["name"]
    if "sqlite" in db["ENGINE"]:
        target = Path(db["NAME"])
        if target.exists() and target.stat().st_size:
            raise BackupError(f"{target} exists: restore into a new file")
        shutil.copyfile(database_file, target)
    else:
        existing = table_counts(db)
        if existing:
            raise BackupError(f"database {db['NAME']} already has {len(existing)} tables: restore into an empty one")
        args, env = pg_params(db)
        run(
            [
                "pg_restore",
                *args,
                "-d",
                db["NAME"],
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "-j",
                str(jobs),
                str(database_file),
            ],
            env,
        )
    if media_root is not None:
        media_root = Path(media_root)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / manifest["files"]["media"]["name"], "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.name == "media" or m.name.startswith("media/")]
            for member in members:
                member.name = member.name[len("media") :].lstrip("/") or "."
            tar.extractall(media_root, members=members, filter="data")
    return table_counts(db)


def prune(target_dir, keep_days, now=None):
    """Remove backups older than ``keep_days`` (by the time in their manifest); returns the stems."""
    now = now or timezone.now()
    removed = []
    for manifest_path in sorted(Path(target_dir).glob("portal-*.json")):
        manifest = json.loads(manifest_path.read_text())
        created = datetime.datetime.fromisoformat(manifest["created_at"])
        if now - created > datetime.timedelta(days=keep_days):
            for info in manifest["files"].values():
                (manifest_path.parent / info["name"]).unlink(missing_ok=True)
            manifest_path.unlink()
            removed.append(manifest_path.stem)
    return removed
