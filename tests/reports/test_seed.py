"""The demo seeder (reports/demo/seed.py, ``manage.py seed_demo``).

The invariants are checked independently of the generator: raw SQL and plain Python over the rows,
with a credit-code check of our own, not the rules or indicators the seeder uses."""

import datetime
import hashlib
import io
import time
from calendar import monthrange

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from clusters.models import Chain, ChainNode
from enterprises.models import Enterprise, EnterpriseStat, ParkMonth, Qualification
from parks.models import LandParcel, Park
from portal.demo import DEMO_PASSWORD, DEMO_USERS
from portal.models import Region
from projects.models import Project, ProjectPlan, ProjectProgress

pytestmark = pytest.mark.django_db

# -- an independent credit-code check (GB 32100-2015) ----------------------------------------------

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols, without I O S V Z


def uscc_ok(code):
    if len(code) != 18 or any(c not in ALPHABET for c in code):
        return False
    weights = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, …
    total = sum(ALPHABET.index(c) * w for c, w in zip(code[:17], weights, strict=True))
    return code[17] == ALPHABET[(31 - total % 31) % 31]


def test_the_own_check_agrees_with_a_published_example():
    assert uscc_ok("91350100M000100Y43")
    assert not uscc_ok("91350100M000100Y44")


# -- helpers ----------------------------------------------------------------------------------------


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def last_month(today):
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def previous_months(year, month, n):
    """The n months ending with (year, month), oldest first."""
    index = year * 12 + month - 1
    return [((index - k) // 12, (index - k) % 12 + 1) for k in range(n - 1, -1, -1)]


def six_months_on(day):
    year, month = (day.year + (day.month + 5) // 12, (day.month + 5) % 12 + 1)
    return datetime.date(year, month, min(day.day, monthrange(year, month)[1]))


def region_digest():
    names = rows(f"SELECT uscc, name FROM {table(Enterprise)} ORDER BY uscc")
    return hashlib.sha256(repr(names).encode()).hexdigest(), len(names)


def check_invariants(months):
    """What every scale guarantees, checked from the rows themselves."""
    today = timezone.localdate()
    year, month = last_month(today)

    # Credit codes: valid check character; characters 3–8 are the enterprise's region code.
    codes = rows(f"SELECT e.uscc, r.code FROM {table(Enterprise)} e JOIN {table(Region)} r ON r.id = e.region_id")
    assert codes
    bad = [(uscc, region) for uscc, region in codes if not uscc_ok(uscc) or uscc[2:8] != region]
    assert bad == []
    assert len({uscc for uscc, _r in codes}) == len(codes)

    # Monthly figures: tax and R&D never exceed revenue; the window ends with last month.
    stats = table(EnterpriseStat)
    assert rows(f"SELECT COUNT(*) FROM {stats} WHERE revenue < tax OR revenue < rd_expense")[0][0] == 0
    first, last = rows(f"SELECT MIN(year * 100 + month), MAX(year * 100 + month) FROM {stats}")[0]
    window = previous_months(year, month, months)
    assert (first, last) == (window[0][0] * 100 + window[0][1], year * 100 + month)

    # Chains: nodes in all three stages; at least one node without any enterprise (missing) and one
    # with one or two (weak).
    nodes, links = table(ChainNode), connection.ops.quote_name(ChainNode.enterprises.through._meta.db_table)
    stages = rows(f"SELECT chain_id, COUNT(DISTINCT stage) FROM {nodes} GROUP BY chain_id")
    assert stages and all(n == 3 for _chain, n in stages)
    assert rows(f"SELECT COUNT(*) FROM {table(Chain)}")[0][0] == len(stages)
    per_node = rows(
        f"SELECT n.id, COUNT(l.enterprise_id) FROM {nodes} n LEFT JOIN {links} l ON l.chainnode_id = n.id GROUP BY n.id"
    )
    assert any(count == 0 for _node, count in per_node)
    assert any(count in (1, 2) for _node, count in per_node)

    # An enterprise on a chain works in the industry of one of its nodes.
    node_industry = dict(rows(f"SELECT id, industry_id FROM {nodes}"))
    industry = dict(rows(f"SELECT id, industry_id FROM {table(Enterprise)}"))
    nodes_of = {}
    for node, enterprise in rows(f"SELECT chainnode_id, enterprise_id FROM {links}"):
        nodes_of.setdefault(enterprise, []).append(node)
    assert all(industry[e] in {node_industry[n] for n in ns} for e, ns in nodes_of.items())

    # At least one project under way lags: year-to-date completion more than 10 points behind month/12.
    # (In January's figures nothing can: 1/12 is less than 10 points.)
    plans = dict(
        rows(
            f"SELECT pp.project_id, pp.planned_investment FROM {table(ProjectPlan)} pp "
            f"JOIN {table(Project)} p ON p.id = pp.project_id "
            f"WHERE pp.year = %s AND p.stage IN ('newly_started', 'under_construction')",
            [year],
        )
    )
    done = dict(
        rows(
            f"SELECT project_id, SUM(completed_investment) FROM {table(ProjectProgress)} "
            f"WHERE year = %s AND month <= %s GROUP BY project_id",
            [year, month],
        )
    )
    lagging = [pk for pk, plan in plans.items() if plan and month / 12 - float(done.get(pk, 0)) / float(plan) > 0.10]
    if month > 1:
        assert lagging

    # Qualifications: some already expired, some expiring within six months of today.
    quals = table(Qualification)
    soon = rows(
        f"SELECT COUNT(*) FROM {quals} WHERE expires_on >= %s AND expires_on <= %s", [today, six_months_on(today)]
    )
    assert soon[0][0] >= 1
    assert rows(f"SELECT COUNT(*) FROM {quals} WHERE expires_on < %s", [today])[0][0] >= 1
    assert rows(f"SELECT COUNT(*) FROM {quals} WHERE expires_on < granted_on")[0][0] == 0

    # 规上: every flagged enterprise had at least 2,000 万元 of revenue in the last twelve months; at
    # most 1% grew past it without the flag yet.
    last12 = previous_months(year, month, 12)
    revenue = dict(
        rows(
            f"SELECT enterprise_id, SUM(revenue) FROM {stats} WHERE year * 100 + month >= %s GROUP BY enterprise_id",
            [last12[0][0] * 100 + last12[0][1]],
        )
    )
    flags = dict(rows(f"SELECT id, above_size FROM {table(Enterprise)}"))
    assert any(flags.values())
    assert [pk for pk, flag in flags.items() if flag and float(revenue.get(pk, 0)) < 2000] == []
    unflagged = [pk for pk, flag in flags.items() if not flag and float(revenue.get(pk, 0)) >= 2000]
    assert len(unflagged) <= len(flags) // 100

    # Idle land: supplied, agreed start 13–30 months ago, nothing built.
    idle = rows(
        f"SELECT COUNT(*) FROM {table(LandParcel)} WHERE status = 'supplied_not_used' "
        f"AND construction_started_on IS NULL AND agreed_start_on <= %s AND agreed_start_on >= %s",
        [today - datetime.timedelta(days=365), today - datetime.timedelta(days=31 * 31)],
    )
    assert idle[0][0] >= 1

    # Park submissions: every earlier month approved for every park; last month a mix.
    parks = rows(f"SELECT COUNT(*) FROM {table(Park)}")[0][0]
    submissions = table(ParkMonth)
    earlier = rows(
        f"SELECT status, COUNT(*) FROM {submissions} WHERE year * 100 + month < %s GROUP BY status",
        [year * 100 + month],
    )
    assert dict(earlier) == {"approved": parks * (months - 1)}
    latest = dict(
        rows(
            f"SELECT status, COUNT(*) FROM {submissions} WHERE year = %s AND month = %s GROUP BY status", [year, month]
        )
    )
    assert len(latest) >= 2 and sum(latest.values()) <= parks

    # Demo logins.
    User = get_user_model()
    for username, role, _description in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.role == role and user.last_name and user.first_name
    officer = User.objects.get(username="officer")
    assert officer.department.code == "gxj" and officer.check_password(DEMO_PASSWORD)
    first_park = Park.objects.order_by("pk").first()
    assert list(first_park.staff.values_list("username", flat=True)) == ["staff_a"]
    assert all(p.staff.count() == 1 for p in Park.objects.all())


# -- tests ------------------------------------------------------------------------------------------


def test_tiny_region_keeps_the_invariants():
    out = seed("--scale", "tiny")
    assert "monthly figures" in out and "Demo data ready." in out
    assert 2 <= Park.objects.count() <= 3
    assert 1 <= Chain.objects.count() <= 2
    assert 35 <= Enterprise.objects.filter(region__parent__code="610100").count() <= 45
    check_invariants(months=13)


def test_the_same_seed_gives_the_same_region():
    def run(seed_value):
        with transaction.atomic():
            seed("--scale", "tiny", "--seed", str(seed_value))
            digest = region_digest()
            transaction.set_rollback(True)
        assert Enterprise.objects.count() == 0
        return digest

    first, second, other = run(7), run(7), run(8)
    assert first == second
    assert first[0] != other[0]


def test_once_does_nothing_the_second_time():
    seed("--scale", "tiny", "--once")
    counts = (Park.objects.count(), Enterprise.objects.count(), EnterpriseStat.objects.count())
    out = seed("--scale", "tiny", "--once")
    assert "nothing to do" in out
    assert (Park.objects.count(), Enterprise.objects.count(), EnterpriseStat.objects.count()) == counts


def test_demo_region_keeps_the_invariants_and_takes_under_a_minute():
    started = time.perf_counter()
    seed("--scale", "demo")
    assert time.perf_counter() - started < 60
    check_invariants(months=24)
    local = Enterprise.objects.filter(region__parent__code="610100")
    n = local.count()
    assert 550 <= n <= 650
    assert 0.75 <= local.filter(park__isnull=False).count() / n <= 0.95
    assert Enterprise.objects.exclude(region__parent__code="610100").filter(park__isnull=False).count() == 0
    today = timezone.localdate()
    high_tech = (
        Qualification.objects.filter(kind__code="high_tech", granted_on__lte=today, expires_on__gte=today)
        .values("enterprise")
        .distinct()
        .count()
    )
    assert 0.08 <= high_tech / n <= 0.16
    assert Chain.objects.count() >= 9 and Park.objects.count() >= 10
    stages = set(Project.objects.values_list("stage", flat=True))
    assert stages == {"conceiving", "reserve", "newly_started", "under_construction", "in_production", "terminated"}
