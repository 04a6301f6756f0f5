"""Build the demo region: ``manage.py seed_demo --scale tiny|demo|city|province [--seed N] [--once]``.

See docs/seed.md for what each scale creates and how long it takes."""

from django.core.management.base import BaseCommand

from parks.models import Park
from reports.demo.seed import SCALES, Seeder


class Command(BaseCommand):
    help = "Seed a coherent demo region (tiny, demo, city or province scale)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=2026, help="random seed; the same seed gives the same region")
        parser.add_argument("--once", action="store_true", help="do nothing if the database already has parks")

    def handle(self, *args, scale, seed, once, **options):
        if once and Park.objects.exists():
            self.stdout.write("Demo data already present (the database has parks); nothing to do.")
            return
        Seeder(scale=scale, seed=seed, stdout=self.stdout).run()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
