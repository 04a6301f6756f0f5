"""Remove access-log rows older than the retention period (at least 180 days; 等保 2.0).

    manage.py audit_purge                   # older than AUDIT_RETENTION_DAYS (default 365)
    manage.py audit_purge --before 2026-01-01
    manage.py audit_purge --dry-run

A date younger than 180 days is refused, and so is anything younger than the configured retention.
On PostgreSQL the rows go through the table's trigger, which lets a DELETE through only inside this
command's transaction and only for rows older than 180 days.  Change history is not touched.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from portal.audit import retention_days
from portal.models import AuditEvent


class Command(BaseCommand):
    help = "Remove access-log rows older than the retention period (never younger than 180 days)."

    def add_arguments(self, parser):
        parser.add_argument("--before", help="remove rows before this date (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="count, remove nothing")

    def handle(self, *args, before=None, dry_run=False, **options):
        keep = retention_days()
        limit = timezone.now() - datetime.timedelta(days=keep)
        if before:
            try:
                day = datetime.date.fromisoformat(before)
            except ValueError:
                raise CommandError(f"--before must be a date YYYY-MM-DD, not {before!r}.") from None
            cutoff = timezone.make_aware(datetime.datetime(day.year, day.month, day.day))
            if cutoff > limit:
                raise CommandError(
                    f"Refused: the audit log is kept {keep} days; {before} is later than "
                    f"{timezone.localtime(limit):%Y-%m-%d}."
                )
        else:
            cutoff = limit
        rows = AuditEvent.objects.filter(time__lt=cutoff)
        count = rows.count()
        if dry_run:
            self.stdout.write(f"{count} audit events before {timezone.localtime(cutoff):%Y-%m-%d} would be removed.")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL portal.audit_purge = 'on'")
            table = connection.ops.quote_name(AuditEvent._meta.db_table)
            # Raw SQL: the model and its queryset refuse deletion on purpose.
            column = connection.ops.quote_name("time")
            cursor.execute(f"DELETE FROM {table} WHERE {column} < %s", [cutoff])
            removed = cursor.rowcount
        self.stdout.write(f"{removed} audit events before {timezone.localtime(cutoff):%Y-%m-%d} removed.")
