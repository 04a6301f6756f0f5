import time

from django.core.management.base import BaseCommand

from reports.rollups import rollups_rebuild


class Command(BaseCommand):
    help = "Rebuild the dashboards' monthly rollups from the raw rows (reports/rollups.py)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rollups_rebuild()
        self.stdout.write(f"Rollups rebuilt: {rows:,} rows in {time.perf_counter() - started:.1f} s.")
