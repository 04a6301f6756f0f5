"""Restore a backup into an empty database (docs/operations.md).

    createdb -U postgres portal_restored
    manage.py restore var/backups/portal-20261123-020000.json \
        --database-url postgres://postgres@127.0.0.1:5432/portal_restored --media-root /srv/media

Without --database-url the configured database is the target, which must then be empty.  The
manifest's files are checked (size and SHA-256) first; the row counts of every table are compared
with the manifest's afterwards and any difference fails the command.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = "Restore a backup (manifest .json) into an empty database, and its media files."

    def add_arguments(self, parser):
        parser.add_argument("manifest")
        parser.add_argument("--database-url", help="target database (default: the configured one)")
        parser.add_argument("--media-root", help="extract the media files here (default: leave them)")

    def handle(self, *args, manifest, database_url=None, media_root=None, **options):
        try:
            db = backup.db_from_url(database_url) if database_url else settings.DATABASES["default"]
            counts = backup.restore(manifest, db=db, media_root=media_root)
            expected = backup.verify(manifest)["tables"]
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        differences = {
            t: (expected.get(t), counts.get(t)) for t in set(expected) | set(counts) if expected.get(t) != counts.get(t)
        }
        if differences:
            raise CommandError(f"row counts differ from the backup's (table: backup, restored): {differences}")
        self.stdout.write(f"restored {len(counts)} tables, {sum(counts.values())} rows, counts as in the backup")
