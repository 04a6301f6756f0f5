"""Build the demo region.  (The domain-model issue grows this into the full generator.)"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from parks.models import Park
from portal.demo import DEMO_PASSWORD, DEMO_USERS
from portal.models import Department, Region


class Command(BaseCommand):
    help = "Seed a coherent demo region (demo, city or province scale)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["tiny", "demo", "city", "province"], default="demo")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--once", action="store_true", help="do nothing if the database already has parks")

    @transaction.atomic
    def handle(self, *args, scale, seed, once, **options):
        if once and Park.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        district = Region.objects.get(code="610112")
        park, _ = Park.objects.get_or_create(
            code="wy-xcl", defaults={"name": "西安未央新材料产业园", "short_name": "未央新材料园", "region": district}
        )
        User = get_user_model()
        gxj = Department.objects.get(code="gxj")
        for username, role, _description in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"role": role})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.department = gxj if role == "officer" else None
                user.is_staff = user.is_superuser = role == "admin"
                user.save()
            if role == "park_staff":
                park.staff.add(user)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
