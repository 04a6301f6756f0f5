"""Back up the database and the media files (docs/operations.md).

manage.py backup                       # into var/backups (PORTAL_BACKUP_DIR), prune > 30 days
manage.py backup --dir /srv/backups --keep-days 90
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc) and MEDIA_ROOT (tar.gz) with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=os.environ.get("PORTAL_BACKUP_DIR") or str(settings.VAR_DIR / "backups"))
        parser.add_argument("--keep-days", type=int, default=int(os.environ.get("PORTAL_BACKUP_KEEP_DAYS") or 30))
        parser.add_argument("--label", help="name the files portal-<label>.* instead of the time")

    def handle(self, *args, dir, keep_days, label=None, **options):
        try:
            manifest = backup.backup(dir, label=label)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"backup written: {manifest['path']} ({len(manifest['tables'])} tables, {rows} rows)")
        if keep_days > 0:
            for stem in backup.prune(dir, keep_days):
                self.stdout.write(f"removed old backup {stem}")
