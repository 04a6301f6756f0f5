"""The demo-region generator behind ``manage.py seed_demo`` (docs/seed.md).

It builds one coherent, fictional region -- 西安市 and its districts -- from the content catalogue
(``reports/demo/catalog.py``): parks with their land, factories, carriers and six factors; clusters,
chains and node trees; enterprises with valid credit codes, qualifications and monthly figures;
park submissions; major projects with plans and monthly scheduling; investment leads; supply links;
policies, measures and applications; service requests, visits and cooperations; indicator targets
and an evaluation scheme.

Everything is drawn from one ``random.Random(seed)`` and placed relative to "today" (the local date
when the seeder starts): monthly figures cover the N months ending with last month. Two runs with
the same seed on fresh databases on the same day give the same rows.

Large tables are written in batches (``bulk_create``); the monthly figures, the biggest table by
far, are streamed: ``COPY … FROM STDIN`` in chunks on PostgreSQL, ``executemany`` in chunks on
SQLite. Nothing of a table is held in memory but the rows of one batch, plus a small record per
enterprise. ``bulk_create`` and raw inserts bypass django-simple-history: seeded rows have no
"created" history entry, which is fine for demo data.
"""

import bisect
import contextlib
import dataclasses
import datetime
import heapq
import io
import itertools
import math
import queue
import random
import re
import threading
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from clusters.models import Chain, ChainNode, Cluster, InvestmentLead, SupplyLink
from enterprises.models import (
    Cooperation,
    Enterprise,
    EnterpriseStat,
    Industry,
    ParkMonth,
    Qualification,
    QualificationKind,
    ServiceRequest,
    Visit,
)
from enterprises.reference import DATA_DIR as ENTERPRISE_DATA_DIR
from enterprises.reference import load_industries, load_qualification_kinds
from enterprises.rules import ABOVE_SIZE_REVENUE, USCC_ALPHABET, default_expiry, make_uscc, request_due_on
from parks.models import InnovationCarrier, LandParcel, Park, ParkFactor, StandardFactory
from policies.models import Application, Measure, Policy
from policies.rules import measure_amount
from portal.demo import DEMO_PASSWORD, DEMO_USERS
from portal.models import Department, Region
from portal.periods import Period, add_months_to_date, add_years
from portal.reference import load_departments, load_regions, read_json
from portal.roles import Role
from projects.models import Project, ProjectPlan, ProjectProgress
from reports.models import EvaluationScheme, Target

from . import catalog as cat

CITY_CODE = "610100"
BATCH = 2000  # rows per bulk_create batch
STAT_CHUNK = 200_000  # monthly-figure rows per COPY / executemany chunk


@dataclasses.dataclass(frozen=True)
class Scale:
    parks: int
    enterprises: int  # inside the region, landed leads included
    months: int  # of monthly figures, ending with last month
    projects: int
    leads: int
    outside_suppliers: int
    supply_links: int
    requests: int
    visits: int
    cooperations: int
    applications: int  # at most, per measure and year
    parcels: int  # per park
    factories: int  # per park, at most
    carriers: int  # per park, at most
    park_codes: tuple = ()  # parks taken from the catalogue (default: the first ones)
    chain_codes: tuple = ()  # chains taken from the catalogue (default: all)


SCALES = {
    "tiny": Scale(
        parks=3,
        enterprises=40,
        months=13,
        projects=14,
        leads=8,
        outside_suppliers=4,
        supply_links=40,
        requests=30,
        visits=30,
        cooperations=8,
        applications=4,
        parcels=6,
        factories=2,
        carriers=3,
        park_codes=("P61011301", "P61011201", "P61011701"),
        chain_codes=("semiconductor", "nev"),
    ),
    "demo": Scale(
        parks=13,
        enterprises=600,
        months=24,
        projects=150,
        leads=70,
        outside_suppliers=30,
        supply_links=700,
        requests=450,
        visits=600,
        cooperations=120,
        applications=20,
        parcels=10,
        factories=5,
        carriers=7,
    ),
    "city": Scale(
        parks=24,
        enterprises=6000,
        months=36,
        projects=800,
        leads=300,
        outside_suppliers=200,
        supply_links=6000,
        requests=3500,
        visits=5000,
        cooperations=900,
        applications=120,
        parcels=14,
        factories=7,
        carriers=9,
    ),
    "province": Scale(
        parks=60,
        enterprises=100_000,
        months=60,
        projects=5000,
        leads=1200,
        outside_suppliers=2000,
        supply_links=60_000,
        requests=40_000,
        visits=50_000,
        cooperations=9000,
        applications=1000,
        parcels=20,
        factories=8,
        carriers=12,
    ),
}

# Seasonality of monthly revenue (Spring Festival in February, year-end push in December), mean 1.
_SEASON = [0.93, 0.70, 0.99, 0.99, 1.00, 1.06, 0.96, 0.97, 1.04, 0.99, 1.06, 1.31]
SEASON = [value * 12 / sum(_SEASON) for value in _SEASON]
# Construction is slow in winter and around the Spring Festival.
INVEST_SEASON = [0.45, 0.35, 0.95, 1.0, 1.05, 1.1, 1.0, 1.0, 1.1, 1.05, 1.1, 1.25]

CHAIN_TIER_WEIGHT = {"千亿级": 3.0, "百亿级": 2.0, "": 1.2}
TECH_DIVISIONS = ("39", "40", "65", "64", "27", "37", "73")
SERVICE_DIVISIONS = ("51", "56", "64", "65", "73", "81")

# Themes of the extra parks generated beyond the catalogue at city and province scale.
EXTRA_PARK_THEMES = [
    ("电子信息", ("semiconductor", "photonics")),
    ("智能装备", ("smart_equipment",)),
    ("汽车零部件", ("nev",)),
    ("航空配套", ("aviation",)),
    ("新材料", ("titanium_materials",)),
    ("生物医药", ("biopharma",)),
    ("光电", ("photonics",)),
    ("数字经济", ("ai",)),
    ("先进制造", ("smart_equipment", "additive")),
    ("新能源", ("photovoltaic",)),
    ("空天信息", ("commercial_space",)),
    ("智能终端", ("semiconductor", "ai")),
    ("增材制造", ("additive",)),
    ("储能", ("photovoltaic", "nev")),
]

ROAD_WORDS = [
    "创新路",
    "科技一路",
    "科技三路",
    "产业大道",
    "智造路",
    "兴业路",
    "创业路",
    "信息大道",
    "工业园路",
    "发展大道",
    "云汇路",
    "锦程路",
    "天元路",
    "长兴路",
    "纬二路",
    "经五路",
]

FACTOR_NOTES = {
    "none": ["暂未建设", "尚无规划"],
    "planned": ["已列入园区建设计划", "正在开展前期论证", "已完成方案设计"],
    "in_place": ["已建成并投入使用", "运行情况良好", "已与专业机构签约运营"],
}

LEAD_NEXT_STEPS = [
    "安排企业高层来园区实地考察",
    "报送项目投资协议草案",
    "对接项目用地和厂房需求",
    "组织市级部门联合会商",
    "赴企业总部开展专题招商",
    "提交项目可行性研究报告",
    "协调落实首期厂房租赁方案",
    "商谈产业基金参投方案",
]

RESOLUTIONS = [
    "已会同相关部门现场研究，形成处理意见并答复企业。",
    "经协调，相关手续已办理完毕，企业确认问题解决。",
    "已将企业需求纳入部门年度工作清单，并明确了办理时限。",
    "已组织专题对接会，企业与合作方达成初步意向。",
    "已向企业书面解释政策口径，并指导其补充材料。",
    "问题已转交属地园区跟进，办理结果已电话回访企业。",
]

RETURN_NOTES = ["申报材料不完整，请补充相关证明材料后重新提交。", "基数金额与财务报表不一致，请核实后重新提交。"]
REJECT_NOTES = ["不符合该事项的申报条件。", "同一项目已享受同类市级支持，不予重复支持。"]

QUAL_LEVEL_PREFIX = {
    "high_tech": "GR",
    "tech_sme": "KJ",
    "innovative_sme": "CX",
    "srdi_sme": "ZJTX",
    "little_giant": "XJR",
    "single_champion": "DXGJ",
    "gazelle": "DL",
    "unicorn": "DJS",
    "green_factory": "LSGC",
    "smart_factory": "ZNGC",
    "digital_workshop": "SZCJ",
}

# code, share of enterprises holding a valid one today, share holding only an expired one
QUALIFICATION_SHARES = [
    ("high_tech", 0.12, 0.025),
    ("tech_sme", 0.20, 0.04),
    ("innovative_sme", 0.08, 0.01),
    ("srdi_sme", 0.06, 0.01),
    ("little_giant", 0.008, 0.0),
    ("single_champion", 0.0015, 0.0),
    ("gazelle", 0.015, 0.0),
    ("unicorn", 0.0004, 0.0),
    ("green_factory", 0.02, 0.0),
    ("smart_factory", 0.008, 0.0),
    ("digital_workshop", 0.025, 0.0),
]

PROJECT_STAGE_SHARES = [
    ("conceiving", 0.10),
    ("reserve", 0.14),
    ("newly_started", 0.16),
    ("under_construction", 0.36),
    ("in_production", 0.19),
    ("terminated", 0.05),
]

LEAD_STAGE_SHARES = [("contacted", 0.32), ("negotiating", 0.28), ("signed", 0.16), ("landed", 0.12), ("dropped", 0.12)]

APPLICATION_STATUS_SHARES = [
    ("draft", 0.08),
    ("submitted", 0.14),
    ("park_reviewed", 0.12),
    ("department_approved", 0.18),
    ("disbursed", 0.32),
    ("returned", 0.08),
    ("rejected", 0.08),
]

MEASURE_BASE_RANGES = {  # 万元, for bases not taken from the monthly figures
    "equipment_investment": (150, 12000),
    "fixed_asset_investment": (5000, 150000),
    "loan_interest": (8, 400),
    "rent": (10, 240),
    "local_procurement": (2000, 120000),
    "exhibition_fee": (2, 60),
    "insurance_premium": (2, 150),
    "equity_investment": (2000, 40000),
}


def money(value):
    """A float → Decimal with 2 places (万元)."""
    return Decimal(f"{value:.2f}")


def aware(day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def months_before(day, n):
    return add_months_to_date(day, -n)


def weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


class Picker:
    """Draws items with probability proportional to their weights, in O(log n) a draw (random.choices
    would add up all the weights at every call)."""

    def __init__(self, items, weights):
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng):
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]


def weighted_sample(rng, items, weights, k):
    """k distinct items, each drawn with probability proportional to its weight
    (Efraimidis–Spirakis); items with weight 0 are never drawn."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0]
    return [items[i] for _key, i in heapq.nlargest(k, keyed)]


def org_code(rng, new):
    """A 9-character organisation code (GB 11714) for characters 9–17 of a credit code: eight
    characters and their check character. Codes issued since 2015 start with "MA"."""
    if new:
        body = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    check = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


class Ent:
    """What the generator keeps about one enterprise between phases (a small record: province
    scale has 100,000 of them)."""

    __slots__ = (
        "above",
        "address",
        "annual",
        "capital",
        "chain",
        "contact",
        "digital",
        "digital_up",
        "district",
        "division",
        "employees",
        "energy",
        "established",
        "exp12",
        "export_share",
        "growth",
        "high_tech",
        "i",
        "kind",
        "land",
        "leading",
        "legal",
        "listing",
        "months",
        "name",
        "nodes",
        "out_ratio",
        "p_design",
        "p_inv",
        "p_util",
        "park",
        "phone",
        "pk",
        "prev12",
        "profit_rate",
        "quals",
        "rd12",
        "rd_rate",
        "rd_share",
        "region",
        "scale",
        "short",
        "start",
        "sum12",
        "supply_node",
        "tax_rate",
        "uscc",
    )

    def __init__(self, i, kind):
        self.i = i
        self.kind = kind  # "local", "landed" (from an investment lead) or "outside" (a supplier elsewhere)
        self.pk = None
        self.park = None
        self.nodes = []
        self.chain = None
        self.quals = []
        self.high_tech = False
        self.leading = False
        self.listing = Enterprise.Listing.NONE
        self.sum12 = self.prev12 = self.rd12 = self.exp12 = 0.0
        self.months = 0
        self.above = False
        self.export_share = 0.0
        self.digital_up = None


class Seeder:
    def __init__(self, scale="demo", seed=2026, stdout=None, today=None):
        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
        self.scale_name = scale
        self.scale = SCALES[scale]
        self.seed = seed
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.last = Period.of(self.today).previous()
        self.periods = [self.last.add(-n) for n in range(self.scale.months - 1, -1, -1)]
        self.period_index = {p.as_tuple(): t for t, p in enumerate(self.periods)}
        self.counts = {}
        self.names = set()
        self.usccs = set()

    # -- driver ----------------------------------------------------------------------------------

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def run(self):
        started = time.perf_counter()
        self.log(
            f"Seeding scale {self.scale_name} (seed {self.seed}) on {connection.vendor}; today {self.today}, "
            f"figures {self.periods[0]} … {self.last}"
        )
        phases = [
            ("reference data", self.load_reference),
            ("parks", self.make_parks),
            ("users", self.make_users),
            ("clusters and chains", self.make_chains),
            ("enterprises", self.make_enterprises),
            ("qualifications", self.make_qualifications),
            ("land, factories, carriers", self.make_park_assets),
            ("monthly figures", self.make_stats),
            ("park submissions", self.make_park_months),
            ("investment leads", self.make_leads),
            ("projects", self.make_projects),
            ("supply links", self.make_supply_links),
            ("policies and applications", self.make_policies),
            ("visits, requests, cooperations", self.make_services),
            ("targets and evaluation scheme", self.make_targets),
            ("dashboard rollups", self.make_rollups),
        ]
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Check foreign keys as rows arrive, not all at COMMIT: Django declares them
                # deferrable, and millions of deferred checks queue up in the server's memory.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, func in phases:
                phase_started = time.perf_counter()
                rows = func() or {}
                self.counts.update(rows)
                detail = ", ".join(f"{key} {value:,}" for key, value in rows.items())
                self.log(f"  {name}: {detail or '-'} ({time.perf_counter() - phase_started:.1f} s)")
            commit_started = time.perf_counter()
        self.log(f"  commit: ({time.perf_counter() - commit_started:.1f} s)")
        if connection.vendor == "postgresql":
            analyze_started = time.perf_counter()
            with connection.cursor() as cursor:
                # VACUUM also sets the visibility map for index-only scans; it cannot run inside a
                # transaction (a test's), where ANALYZE alone does.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            self.log(f"  vacuum and analyze: ({time.perf_counter() - analyze_started:.1f} s)")
        self.log(f"Done in {time.perf_counter() - started:.1f} s.")
        return self.counts

    def make_rollups(self):
        from reports.rollups import rollups_rebuild

        return {"rollup rows": rollups_rebuild()}

    def bulk(self, model, objs):
        """bulk_create ``objs`` (any iterable; only one batch of model instances exists at a time);
        returns the new pks in order (both PostgreSQL and SQLite ≥ 3.35 return them)."""
        pks = []
        objs = iter(objs)
        while batch := list(itertools.islice(objs, BATCH)):
            pks.extend(obj.pk for obj in model.objects.bulk_create(batch, batch_size=BATCH))
        return pks

    def date_between(self, start, end):
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def person(self):
        rng = self.rng
        given = rng.choice(cat.PERSON_GIVEN_CHARS)
        if rng.random() < 0.7:
            given += rng.choice(cat.PERSON_GIVEN_CHARS)
        return rng.choice(cat.PERSON_SURNAMES), given

    def person_name(self):
        surname, given = self.person()
        return surname + given

    def mobile(self):
        rng = self.rng
        return "1" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(9))

    # -- reference data --------------------------------------------------------------------------

    def load_reference(self):
        """Regions, departments, industries and qualification kinds come with the migrations; a
        test database flushed by an earlier test gets them back here."""
        if not Region.objects.filter(code=CITY_CODE).exists():
            load_regions(Region)
        if not Department.objects.exists():
            load_departments(Department)
        if not Industry.objects.exists():
            load_industries(Industry)
        if not QualificationKind.objects.exists():
            load_qualification_kinds(QualificationKind)
        regions = list(Region.objects.values_list("pk", "code", "name", "parent__code"))
        self.region_pk = {code: pk for pk, code, _name, _parent in regions}
        self.region_name = {code: name for _pk, code, name, _parent in regions}
        self.districts = [code for _pk, code, _name, parent in regions if parent == CITY_CODE]
        other_cities = [code for _pk, code, _name, parent in regions if parent == "610000" and code != CITY_CODE]
        self.outside_districts = [
            (code, parent) for _pk, code, _name, parent in regions if parent in other_cities and code != parent
        ]
        self.district_geo = {d["code"]: (d["lat"], d["lng"]) for d in cat.DISTRICTS}
        self.dept_pk = dict(Department.objects.values_list("code", "pk"))
        self.industry_pk = dict(Industry.objects.values_list("code", "pk"))
        self.qual_kinds = {
            code: (pk, years)
            for code, pk, years in QualificationKind.objects.values_list("code", "pk", "validity_years")
        }
        self.qual_levels = {
            row["code"]: row.get("levels") or ["national"]
            for row in read_json(ENTERPRISE_DATA_DIR / "qualification_kinds.json")
        }
        return {"regions": len(regions), "departments": len(self.dept_pk), "industries": len(self.industry_pk)}

    def district_short(self, code):
        name = self.region_name[code]
        return name[:-1] if len(name) > 2 and name[-1] in "区县市" else name

    # -- parks -----------------------------------------------------------------------------------

    def make_parks(self):
        rng = self.rng
        scale = self.scale
        chosen_chains = scale.chain_codes or tuple(ch["code"] for ch in cat.CHAINS)
        self.chain_codes = [ch["code"] for ch in cat.CHAINS if ch["code"] in chosen_chains]
        if scale.park_codes:
            rows = [p for p in cat.PARKS if p["code"] in scale.park_codes]
        else:
            rows = cat.PARKS[: scale.parks]
        district_code = {d["name"]: d["code"] for d in cat.DISTRICTS}
        parks = []
        for row in rows:
            parks.append(
                {
                    "code": row["code"],
                    "name": row["name"],
                    "short": row["short_name"],
                    "district": district_code[row["district"]],
                    "level": row["level"],
                    "kind": row["kind"],
                    "status": row["status"],
                    "lat": row["lat"],
                    "lng": row["lng"],
                    "planned": row["planned_area_mu"],
                    "built": row["built_area_mu"],
                    "chains": [c for c in row["leading_chains"] if c in self.chain_codes],
                }
            )
        parks.extend(self.extra_parks(scale.parks - len(parks), parks))
        objs = []
        for p in parks:
            status = p["status"]
            objs.append(
                Park(
                    name=p["name"],
                    short_name=p["short"],
                    code=p["code"],
                    region_id=self.region_pk[p["district"]],
                    level=p["level"],
                    kind=p["kind"],
                    status=status,
                    observation_ends_on=(
                        add_months_to_date(self.today, rng.randint(3, 10)) if status == "preparatory" else None
                    ),
                    planned_area_mu=Decimal(p["planned"]),
                    built_area_mu=Decimal(p["built"]),
                    latitude=Decimal(f"{p['lat']:.6f}"),
                    longitude=Decimal(f"{p['lng']:.6f}"),
                    committee_contact=self.person_name(),
                    committee_phone=f"029-8{rng.randint(1000000, 9999999)}",
                    created_at=aware(self.today - datetime.timedelta(days=rng.randint(700, 1500))),
                )
            )
        for p, pk in zip(parks, self.bulk(Park, objs), strict=True):
            p["pk"] = pk
            p["ents"] = []
        self.parks = parks
        factors = []
        for p in parks:
            strength = {"national": 0.85, "provincial": 0.7, "municipal": 0.55, "county": 0.4}[p["level"]]
            if p["status"] == "cultivating":
                strength -= 0.2
            for factor in ParkFactor.Factor.values:
                r = rng.random()
                status = "in_place" if r < strength else "planned" if r < strength + 0.25 else "none"
                quantity = None
                if status != "none":
                    if factor == "land_reserve":
                        quantity = (p["planned"] - p["built"]) * rng.uniform(0.1, 0.5)
                    elif factor == "standard_factory":
                        quantity = p["built"] * rng.uniform(8, 30)  # m² of factory floor
                    elif factor == "industry_fund":
                        quantity = rng.choice([5000, 10000, 20000, 30000, 50000, 100000])
                    else:
                        quantity = rng.randint(1, 6)
                factors.append(
                    ParkFactor(
                        park_id=p["pk"],
                        factor=factor,
                        status=status,
                        quantity=None if quantity is None else money(quantity),
                        note=rng.choice(FACTOR_NOTES[status]),
                    )
                )
        self.bulk(ParkFactor, factors)
        return {"parks": len(parks), "park factors": len(factors)}

    def extra_parks(self, n, existing):
        """Parks beyond the catalogue (city and province scale), named after a theme and district."""
        rng = self.rng
        names = {p["name"] for p in existing}
        shorts = {p["short"] for p in existing}
        codes = {p["code"] for p in existing} | {p["code"] for p in cat.PARKS}
        extra = []
        attempts = 0
        while len(extra) < n:
            attempts += 1
            district = rng.choice(self.districts)
            theme, chains = rng.choice(EXTRA_PARK_THEMES)
            micro = rng.random() < 0.25
            dshort = self.district_short(district)
            name = f"西安{dshort}{theme}{'小微企业园' if micro else '产业园'}"
            short = f"{dshort}{theme}{'小微园' if micro else '园'}"
            if attempts > 200:
                name, short = f"{name[:-1]}基地{len(extra)}", f"{short}{len(extra)}"
            if name in names or short in shorts:
                continue
            number = next(k for k in range(1, 100) if f"P{district}{k:02d}" not in codes)
            code = f"P{district}{number:02d}"
            lat, lng = self.district_geo.get(district, (34.26, 108.94))
            planned = rng.randint(200, 1200) if micro else rng.randint(1500, 12000)
            names.add(name)
            shorts.add(short)
            codes.add(code)
            extra.append(
                {
                    "code": code,
                    "name": name,
                    "short": short,
                    "district": district,
                    "level": weighted(rng, ["provincial", "municipal", "county"], [2, 5, 3]),
                    "kind": "micro_enterprise" if micro else "specialized",
                    "status": weighted(rng, ["formal", "cultivating", "preparatory"], [55, 30, 15]),
                    "lat": lat + rng.uniform(-0.06, 0.06),
                    "lng": lng + rng.uniform(-0.06, 0.06),
                    "planned": planned,
                    "built": int(planned * rng.uniform(0.3, 0.85)),
                    "chains": [c for c in chains if c in self.chain_codes] or [rng.choice(self.chain_codes)],
                }
            )
        return extra

    # -- users -----------------------------------------------------------------------------------

    def make_users(self):
        rng = self.rng
        User = get_user_model()
        password = make_password(DEMO_PASSWORD)  # one hash for all demo logins: hashing is slow on purpose
        chains = [cat.chain_by_code(code) for code in self.chain_codes]
        clusters = [c for c in cat.CLUSTERS if any(ch["cluster"] == c["code"] for ch in chains)]
        owning = {c["lead_department"] for c in clusters} | {ch["lead_department"] for ch in chains}
        owning |= {m["department"] for policy in cat.POLICIES for m in policy["measures"]}
        owning |= set(cat.SERVICE_CATEGORY_DEPARTMENTS.values()) | {"fgw"}
        self.officer_depts = sorted(code for code in owning if code in self.dept_pk)
        users = []

        def user(username, role, department=None, **extra):
            surname, given = self.person()
            users.append(
                User(
                    username=username,
                    password=password,
                    role=role,
                    department_id=self.dept_pk[department] if department else None,
                    first_name=given,
                    last_name=surname,
                    phone=self.mobile(),
                    date_joined=aware(self.today - datetime.timedelta(days=rng.randint(30, 400))),
                    **extra,
                )
            )

        for username, role, _description in DEMO_USERS:
            if role == Role.ADMIN:
                user(username, role, is_staff=True, is_superuser=True)
            elif role == Role.OFFICER:
                user(username, role, "gxj")
            else:
                user(username, role)
        for p in self.parks[1:]:
            user(f"staff_{p['code']}", Role.PARK_STAFF)
        for code in self.officer_depts:
            user(f"officer_{code}", Role.OFFICER, code)
        by_name = dict(zip([u.username for u in users], self.bulk(User, users), strict=True))
        self.user_pk = by_name
        staff_username = next(name for name, role, _d in DEMO_USERS if role == Role.PARK_STAFF)
        links = []
        for index, p in enumerate(self.parks):
            p["staff"] = by_name[staff_username] if index == 0 else by_name[f"staff_{p['code']}"]
            links.append(Park.staff.through(park_id=p["pk"], user_id=p["staff"]))
        self.bulk(Park.staff.through, links)
        self.officer_pk = {code: by_name[f"officer_{code}"] for code in self.officer_depts}
        self.officers = [by_name["officer"], *self.officer_pk.values()]
        return {"users": len(users)}

    # -- clusters, chains, nodes -----------------------------------------------------------------

    def make_chains(self):
        rng = self.rng
        chains_cat = [cat.chain_by_code(code) for code in self.chain_codes]
        clusters_cat = [c for c in cat.CLUSTERS if any(ch["cluster"] == c["code"] for ch in chains_cat)]
        cluster_objs = []
        for order, c in enumerate(clusters_cat):
            cluster_objs.append(
                Cluster(
                    code=c["code"],
                    name=c["name"],
                    category=c["category"],
                    scale_tier=c["scale_tier"],
                    designations="、".join(c["designations"]),
                    group_leader=f"{self.person_name()}（{c['leader_title']}）",
                    lead_department_id=self.dept_pk[c["lead_department"]],
                    sort_order=order + 1,
                )
            )
        cluster_pk = dict(zip([c.code for c in cluster_objs], self.bulk(Cluster, cluster_objs), strict=True))
        self.cluster_tier = {c["code"]: c["scale_tier"] for c in clusters_cat}
        chain_objs = []
        for order, ch in enumerate(chains_cat):
            chain_objs.append(
                Chain(
                    cluster_id=cluster_pk[ch["cluster"]],
                    code=ch["code"],
                    name=ch["name"],
                    leader=f"{self.person_name()}（{ch['leader_title']}）",
                    lead_department_id=self.dept_pk[ch["lead_department"]],
                    sort_order=order + 1,
                )
            )
        self.chains = []
        host_links = []
        for ch, chain_pk in zip(chains_cat, self.bulk(Chain, chain_objs), strict=True):
            hosts = [p for p in self.parks if ch["code"] in p["chains"]]
            for p in hosts:
                host_links.append(Chain.host_parks.through(chain_id=chain_pk, park_id=p["pk"]))
            self.chains.append(
                {
                    "pk": chain_pk,
                    "code": ch["code"],
                    "name": ch["name"],
                    "short": ch["name"].removesuffix("产业链"),
                    "cluster": ch["cluster"],
                    "cluster_pk": cluster_pk[ch["cluster"]],
                    "dept": ch["lead_department"],
                    "hosts": hosts,
                    "weight": CHAIN_TIER_WEIGHT[self.cluster_tier[ch["cluster"]]],
                    "nodes": [],
                }
            )
        self.bulk(Chain.host_parks.through, host_links)
        # Nodes, one depth at a time so that parents have their pks.
        by_depth = {}
        for chain in self.chains:
            tree = cat.chain_by_code(chain["code"])["nodes"]
            for order, (node, parent, depth) in enumerate(cat.iter_nodes(tree), start=1):
                record = {
                    "chain": chain,
                    "name": node["name"],
                    "stage": node["stage"],
                    "key": node["key"],
                    "division": node["industry"],
                    "products": node["products"],
                    "leaf": not node["children"],
                    "parent_name": parent["name"] if parent else None,
                    "order": order,
                    "ents": [],
                    "role": "normal",
                }
                chain["nodes"].append(record)
                by_depth.setdefault(depth, []).append(record)
        node_by_name = {}
        for depth in sorted(by_depth):
            records = by_depth[depth]
            objs = [
                ChainNode(
                    chain_id=r["chain"]["pk"],
                    parent_id=node_by_name[r["chain"]["code"], r["parent_name"]]["pk"] if r["parent_name"] else None,
                    stage=r["stage"],
                    name=r["name"],
                    is_key=r["key"],
                    industry_id=self.industry_pk.get(r["division"]),
                    sort_order=r["order"],
                )
                for r in records
            ]
            for r, pk in zip(records, self.bulk(ChainNode, objs), strict=True):
                r["pk"] = pk
                node_by_name[r["chain"]["code"], r["name"]] = r
        # Gaps: some leaf nodes get no enterprise at all (missing), some only one or two (weak).
        for index, chain in enumerate(self.chains):
            leaves = [n for n in chain["nodes"] if n["leaf"]]
            n_missing = 1 if index == 0 else rng.choice([0, 1, 1, 2])
            missing = weighted_sample(rng, leaves, [2.0 if n["key"] else 1.0 for n in leaves], n_missing)
            for node in missing:
                node["role"] = "missing"
            rest = [n for n in leaves if n["role"] == "normal"]
            for node in rng.sample(rest, min(len(rest), rng.randint(1, 3))):
                node["role"] = "weak"
                node["weak_size"] = rng.randint(1, 2)
        n_nodes = sum(len(c["nodes"]) for c in self.chains)
        return {"clusters": len(cluster_objs), "chains": len(self.chains), "chain nodes": n_nodes}

    # -- enterprises -----------------------------------------------------------------------------

    def company_name(self, division, products, marks, size):
        """A unique, plausible company name (and its short name) from the catalogue's parts."""
        rng = self.rng
        parts = cat.COMPANY_NAME_PARTS
        prefixes = parts["prefixes"]
        middles = parts["middles"].get(division) or ["科技"]
        generic = parts["suffixes"] if size >= 40000 else [s for s in parts["suffixes"] if "集团" not in s]
        for attempt in range(60):
            if attempt < 12:
                prefix = rng.choice(prefixes)
            else:
                first, second = rng.choice(prefixes), rng.choice(prefixes)
                prefix = first[0] + second[1]
                if prefix[0] == prefix[1]:
                    continue
            middle = rng.choice(products) if products and rng.random() < 0.35 else rng.choice(middles)
            suffix = rng.choice(generic)
            specific = parts["industry_suffixes"].get(division)
            if specific and rng.random() < 0.45:
                candidate = rng.choice(specific)
                if not any(middle[k : k + 2] in candidate for k in range(len(middle) - 1)):
                    suffix = candidate
            name = f"{rng.choice(marks)}{prefix}{middle}{suffix}"
            if name not in self.names:
                self.names.add(name)
                return name, f"{prefix}{middle}"[:30]
        name = f"{marks[0]}{prefix}{middle}{len(self.names)}号{suffix}"
        self.names.add(name)
        return name, f"{prefix}{middle}"[:30]

    def new_uscc(self, district, established):
        while True:
            code = make_uscc("9", "1", district, org_code(self.rng, established.year >= 2015))
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def draw_annual(self):
        """Annual revenue (万元): log-normal, median 1,200 万元; a few reach tens of 亿元."""
        return min(3_000_000.0, max(30.0, math.exp(self.rng.gauss(math.log(1200), 1.7))))

    def fill_enterprise(self, e, division, products, district, established, annual):
        """The common attributes and the parameters of the monthly figures."""
        rng = self.rng
        e.division = division
        e.district = district
        e.region = self.region_pk[district]
        e.established = established
        e.annual = annual
        e.legal = self.person_name()
        e.contact = self.person_name()
        e.phone = self.mobile()
        e.capital = round(max(50, annual * rng.uniform(0.05, 0.6)) / 10) * 10
        road = rng.choice(ROAD_WORDS)
        park_part = e.park["short"] if e.park else ""
        e.address = f"陕西省{self.region_name[CITY_CODE] if district in self.districts else ''}"
        e.address += f"{self.region_name[district]}{park_part}{road}{rng.randint(1, 299)}号"
        e.growth = rng.uniform(0.03, 0.12) if rng.random() < 0.88 else rng.uniform(-0.08, 0.03)
        e.tax_rate = rng.uniform(0.02, 0.08)
        e.profit_rate = rng.uniform(0.03, 0.12) if rng.random() < 0.94 else rng.uniform(-0.10, -0.01)
        e.rd_rate = rng.uniform(0.01, 0.05)
        e.out_ratio = 1.0 if division in SERVICE_DIVISIONS else rng.uniform(1.05, 1.2)
        if rng.random() < 0.22:
            e.export_share = rng.uniform(0.03, 0.4)
        per_capita = rng.uniform(40, 140)  # 万元 of revenue per employee and year
        e.employees = max(3, int(annual / per_capita))
        e.rd_share = rng.uniform(0.04, 0.25)
        e.energy = rng.uniform(0.002, 0.02) if division in SERVICE_DIVISIONS else rng.uniform(0.02, 0.3)
        per_mu = rng.uniform(1500, 6000) if division in SERVICE_DIVISIONS else rng.uniform(200, 1200)
        e.land = max(1.0, round(annual / per_mu * 2) / 2)
        e.digital = weighted(rng, [1, 2, 3, 4, 5], [12, 30, 33, 18, 7])
        if e.digital < 5 and rng.random() < 0.2:
            e.digital_up = rng.randrange(self.scale.months)
        e.p_inv, e.p_util, e.p_design = 0.015, 0.04, 0.015
        start = self.period_index.get((established.year, established.month))
        if start is not None:
            e.start = start + 1
        else:
            e.start = 0 if established < self.periods[0].first_day else self.scale.months
        e.scale = self.scale_for(annual)
        e.kind = e.kind or "local"

    @staticmethod
    def scale_for(annual):
        if annual >= 40000:
            return Enterprise.Scale.LARGE
        if annual >= 2000:
            return Enterprise.Scale.MEDIUM
        if annual >= 300:
            return Enterprise.Scale.SMALL
        return Enterprise.Scale.MICRO

    def established_date(self):
        days = int(365 * (0.2 + 28 * self.rng.random() ** 1.3))
        return self.today - datetime.timedelta(days=days)

    def pick_park(self, chain, annual):
        rng = self.rng
        hosts = chain["hosts"] if chain else []
        if hosts and rng.random() < 0.75:
            candidates = hosts
        else:
            candidates = self.parks
        if annual > 20000:
            candidates = [p for p in candidates if p["kind"] != "micro_enterprise"] or self.parks
        return weighted(rng, candidates, [math.sqrt(p["planned"]) for p in candidates])

    def make_enterprises(self):
        rng = self.rng
        scale = self.scale
        self.ents = []
        self.plan_lead_records()
        landed = [lead for lead in self.leads if lead["stage"] == "landed"]
        n_local = scale.enterprises - len(landed)
        marks = cat.COMPANY_NAME_PARTS["locations"]
        normal_nodes = {c["code"]: [n for n in c["nodes"] if n["role"] == "normal"] for c in self.chains}
        node_weights = {
            code: [(3.0 if n["leaf"] else 1.5) * (1.3 if n["key"] else 1.0) for n in nodes]
            for code, nodes in normal_nodes.items()
        }
        chain_weights = [c["weight"] for c in self.chains]
        for i in range(n_local):
            e = Ent(i, "local")
            annual = self.draw_annual()
            chain = weighted(rng, self.chains, chain_weights) if rng.random() < 0.9 else None
            if chain is not None and normal_nodes[chain["code"]]:
                node = weighted(rng, normal_nodes[chain["code"]], node_weights[chain["code"]])
                e.chain = chain
                e.nodes.append(node)
                if rng.random() < 0.4:
                    second = weighted(rng, normal_nodes[chain["code"]], node_weights[chain["code"]])
                    if second is not node:
                        e.nodes.append(second)
                elif rng.random() < 0.06:
                    other = rng.choice(self.chains)
                    if other is not chain and normal_nodes[other["code"]]:
                        e.nodes.append(rng.choice(normal_nodes[other["code"]]))
                division, products = node["division"], node["products"]
            else:
                division, products = rng.choice(cat.MANUFACTURING_DIVISIONS), []
            if rng.random() < 0.85:
                e.park = self.pick_park(e.chain, annual)
                district = e.park["district"]
            else:
                district = rng.choice(self.districts)
            established = self.established_date()
            e.name, e.short = self.company_name(division, products, marks, annual)
            self.fill_enterprise(e, division, products, district, established, annual)
            e.uscc = self.new_uscc(district, established)
            self.ents.append(e)
        # Weak nodes: one or two enterprises of the chain attached as an extra node.
        for chain in self.chains:
            members = [e for e in self.ents if e.chain is chain and len(e.nodes) == 1]
            for node in chain["nodes"]:
                if node["role"] != "weak":
                    continue
                wanted = node["weak_size"] - sum(1 for lead in landed if lead["node"] is node)
                for e in rng.sample(members, min(len(members), max(0, wanted))):
                    e.nodes.append(node)
                    members.remove(e)
        # Enterprises set up by investment leads that landed: recent, in the target park.
        for lead in landed:
            e = Ent(len(self.ents), "landed")
            node = lead["node"]
            e.chain = node["chain"]
            e.nodes.append(node)
            e.park = lead["park"] or self.pick_park(e.chain, 0)
            established = min(
                self.today - datetime.timedelta(days=20),
                lead["signed_on"] + datetime.timedelta(days=rng.randint(20, 90)),
            )
            name = f"{lead['brand']}（西安）{rng.choice(['有限公司', '科技有限公司'])}"
            if name in self.names:
                name = f"{lead['brand']}（西安）技术有限公司"
            self.names.add(name)
            e.name, e.short = name, lead["brand"][:30]
            self.fill_enterprise(e, node["division"], node["products"], e.park["district"], established, 0)
            e.annual = rng.uniform(800, 20000)
            e.employees = max(10, int(e.annual / rng.uniform(50, 120)))
            e.land = max(5.0, round(e.annual / rng.uniform(200, 800) * 2) / 2)
            e.scale = self.scale_for(e.annual)
            e.uscc = self.new_uscc(e.district, established)
            lead["ent"] = e
            self.ents.append(e)
        # Suppliers located in other cities of the province: no park, no figures, no node.
        self.outside = []
        for _ in range(scale.outside_suppliers):
            e = Ent(len(self.ents) + len(self.outside), "outside")
            district, city = rng.choice(self.outside_districts)
            chain = rng.choice(self.chains)
            node = rng.choice([n for n in chain["nodes"] if n["stage"] != "downstream"])
            e.chain = chain
            city_mark = self.region_name[city].removesuffix("市")
            annual = self.draw_annual() * 2
            e.name, e.short = self.company_name(node["division"], node["products"], [city_mark, "陕西"], annual)
            established = self.established_date()
            self.fill_enterprise(e, node["division"], node["products"], district, established, annual)
            e.address = f"陕西省{self.region_name[city]}{self.region_name[district]}{rng.choice(ROAD_WORDS)}"
            e.address += f"{rng.randint(1, 299)}号"
            e.start = scale.months  # no figures: outside the region
            e.supply_node = node
            e.uscc = self.new_uscc(district, established)
            self.outside.append(e)
        self.mark_leaders()
        everyone = [*self.ents, *self.outside]
        for e, pk in zip(everyone, self.bulk(Enterprise, (self.enterprise_obj(e) for e in everyone)), strict=True):
            e.pk = pk
            if e.park is not None:
                e.park["ents"].append(e)
            for node in e.nodes:
                node["ents"].append(e)
        links = [
            ChainNode.enterprises.through(chainnode_id=node["pk"], enterprise_id=e.pk)
            for e in self.ents
            for node in e.nodes
        ]
        self.bulk(ChainNode.enterprises.through, links)
        masters = [
            Chain.chain_masters.through(chain_id=chain["pk"], enterprise_id=e.pk)
            for chain in self.chains
            for e in chain["masters"]
        ]
        self.bulk(Chain.chain_masters.through, masters)
        return {
            "enterprises": len(self.ents),
            "outside suppliers": len(self.outside),
            "node links": len(links),
            "chain masters": len(masters),
        }

    def mark_leaders(self):
        """龙头 and listing flags from the planned revenue: the top few percent lead; the largest list."""
        rng = self.rng
        ranked = sorted(self.ents, key=lambda e: -e.annual)
        top = max(1, len(ranked) * 3 // 100)
        for position, e in enumerate(ranked):
            if position < top:
                e.leading = True
            if (e.annual >= 150000 and rng.random() < 0.5) or position < max(1, len(ranked) // 200):
                e.listing = Enterprise.Listing.LISTED
            elif e.annual >= 5000 and rng.random() < 0.05:
                e.listing = Enterprise.Listing.RESERVE
        # Chain masters (链主): the largest one or two enterprises on a chain's nodes.
        members = {chain["code"]: {} for chain in self.chains}
        for e in self.ents:
            if e.kind == "local":
                for node in e.nodes:
                    members[node["chain"]["code"]][e.i] = e
        for chain in self.chains:
            chain["masters"] = sorted(members[chain["code"]].values(), key=lambda e: -e.annual)[: rng.choice([1, 2])]
            for e in chain["masters"]:
                e.leading = True

    def enterprise_obj(self, e):
        return Enterprise(
            uscc=e.uscc,
            name=e.name,
            short_name=e.short,
            legal_representative=e.legal,
            established_on=e.established,
            registered_capital=Decimal(e.capital),
            region_id=e.region,
            park_id=e.park["pk"] if e.park else None,
            industry_id=self.industry_pk.get(e.division),
            scale=e.scale,
            above_size=False,  # set from the figures once they are written
            listing_status=e.listing,
            is_leading=e.leading,
            address=e.address,
            contact_person=e.contact,
            contact_phone=e.phone,
            created_at=aware(max(e.established, self.today - datetime.timedelta(days=900))),
        )

    # -- qualifications --------------------------------------------------------------------------

    def make_qualifications(self):
        rng = self.rng
        today = self.today
        window_start = add_years(today, -4)
        ents = self.ents
        n = len(ents)

        def tech(e):
            return 1.6 if e.division in TECH_DIVISIONS else 1.0

        held = {}
        for code, share, lapsed_share in QUALIFICATION_SHARES:
            if code not in self.qual_kinds:
                continue
            if code == "high_tech":
                weights = [tech(e) * (1 + math.log10(e.annual + 10)) for e in ents]
            elif code in ("tech_sme", "innovative_sme"):
                weights = [tech(e) if e.annual < 40000 else 0 for e in ents]
            elif code == "srdi_sme":
                weights = [
                    tech(e) * (2 if "high_tech" in held.get(e.i, ()) else 1) if 800 < e.annual < 100000 else 0
                    for e in ents
                ]
            elif code == "little_giant":
                weights = [10 if "srdi_sme" in held.get(e.i, ()) and e.annual > 3000 else 0.2 for e in ents]
            elif code in ("single_champion", "unicorn"):
                weights = [1 if e.annual > 30000 else 0 for e in ents]
            elif code == "gazelle":
                weights = [max(0.0, e.growth) * tech(e) if 1000 < e.annual < 100000 else 0 for e in ents]
            else:  # green, smart and digital factories: manufacturers of some size
                weights = [1 if e.annual > 2000 and e.division not in SERVICE_DIVISIONS else 0 for e in ents]
            weights = [w if e.established < add_years(today, -1) else 0 for w, e in zip(weights, ents, strict=True)]
            k_valid = round(share * n)
            k_lapsed = round(lapsed_share * n)
            chosen = weighted_sample(rng, list(range(n)), weights, k_valid + k_lapsed)
            for position, i in enumerate(chosen):
                e = ents[i]
                grants = self.grant_dates(code, e, position >= k_valid, window_start)
                if not grants:
                    continue
                held.setdefault(i, set()).add(code)
                for granted in grants:
                    e.quals.append([code, granted])
                if code == "high_tech":
                    e.high_tech = True
        # A few percent of the certificates expire within the next six months (the warning list).
        soon_end = add_months_to_date(today, 6)
        rows = [(e, q) for e in ents for q in e.quals]
        expiring = [
            1
            for e, q in rows
            if self.qual_kinds[q[0]][1] and today <= default_expiry(q[1], self.qual_kinds[q[0]][1]) <= soon_end
        ]
        wanted = max(1, len(rows) * 3 // 100)
        if len(expiring) < wanted:
            candidates = [
                q
                for e, q in rows
                if q[0] in ("high_tech", "srdi_sme")
                and default_expiry(q[1], 3) > soon_end
                and sum(1 for other in e.quals if other[0] == q[0]) == 1
            ]
            for q in rng.sample(candidates, min(len(candidates), wanted - len(expiring))):
                expiry = today + datetime.timedelta(days=rng.randint(14, 170))
                q[1] = add_years(expiry + datetime.timedelta(days=1), -3)
        objs = []
        sequence = {}
        for e in ents:
            seen = set()
            for code, granted in sorted(e.quals, key=lambda q: (q[0], q[1])):
                if (code, granted) in seen or granted < e.established:
                    continue
                seen.add((code, granted))
                pk, years = self.qual_kinds[code]
                sequence[code] = sequence.get(code, 0) + 1
                prefix = QUAL_LEVEL_PREFIX.get(code, "ZZ")
                if code == "high_tech":
                    number = f"GR{granted.year}61{sequence[code]:06d}"
                else:
                    number = f"{prefix}{granted.year}{e.district[2:]}{sequence[code]:05d}"
                objs.append(
                    Qualification(
                        enterprise_id=e.pk,
                        kind_id=pk,
                        level=rng.choice(self.qual_levels.get(code, ["national"])),
                        certificate_no=number,
                        granted_on=granted,
                        expires_on=default_expiry(granted, years),
                        created_at=aware(granted + datetime.timedelta(days=rng.randint(3, 40))),
                    )
                )
            e.high_tech = e.high_tech or any(code == "high_tech" for code, _g in e.quals)
            if e.high_tech:
                e.rd_rate = rng.uniform(0.035, 0.07)
                e.p_inv, e.p_util, e.p_design = 0.08, 0.12, 0.03
            elif any(code in ("srdi_sme", "tech_sme", "little_giant") for code, _g in e.quals):
                e.rd_rate = max(e.rd_rate, rng.uniform(0.025, 0.06))
                e.p_inv, e.p_util = 0.04, 0.08
        self.bulk(Qualification, objs)
        self.qual_today = {}
        for e in ents:
            valid = set()
            for code, granted in e.quals:
                expiry = default_expiry(granted, self.qual_kinds[code][1])
                if granted <= today and (expiry is None or expiry >= today):
                    valid.add(code)
            self.qual_today[e.i] = valid
        return {"qualifications": len(objs)}

    def grant_dates(self, code, e, lapsed, window_start):
        """Grant dates of one holder: the current certificate (and an earlier one it renewed), or,
        for a lapsed holder, only one that has expired."""
        rng = self.rng
        today = self.today
        years = self.qual_kinds[code][1]
        earliest = max(window_start, add_years(e.established, 1))
        if earliest >= today - datetime.timedelta(days=10):
            return []
        if years == 1:  # registered again every year, in a spring-to-autumn round
            latest_year = today.year if datetime.date(today.year, 4, 15) < today else today.year - 1
            if lapsed:
                latest_year -= rng.randint(1, 2)
            count = rng.randint(1, 4)
            dates = []
            for year in range(latest_year - count + 1, latest_year + 1):
                start, end = (
                    datetime.date(year, 4, 15),
                    min(datetime.date(year, 9, 30), today - datetime.timedelta(days=3)),
                )
                day = self.date_between(start, end)
                if day >= earliest:
                    dates.append(day)
            return dates
        if years is None:
            return [self.date_between(earliest, today - datetime.timedelta(days=5))]
        if lapsed:
            start, end = earliest, add_years(today, -years) - datetime.timedelta(days=1)
            return [self.date_between(start, end)] if end > start else []
        start = max(earliest, add_years(today, -years) + datetime.timedelta(days=1))
        end = today - datetime.timedelta(days=5)
        if code == "high_tech" and rng.random() < 0.8:  # certificates come in autumn batches
            year = rng.randint(start.year, end.year)
            day = self.date_between(max(start, datetime.date(year, 10, 1)), min(end, datetime.date(year, 12, 31)))
            if not start <= day <= end:
                day = self.date_between(start, end)
        else:
            day = self.date_between(start, end)
        dates = [day]
        renewed = add_years(day, -years)
        if renewed >= earliest and rng.random() < 0.6:
            dates.append(renewed)
        return dates

    # -- land, factories, innovation carriers ----------------------------------------------------

    def make_park_assets(self):
        rng = self.rng
        today = self.today
        scale = self.scale
        parcels, factories, carriers = [], [], []
        carrier_names = set()
        idle_done = False
        for park_index, p in enumerate(self.parks):
            ents = [e for e in p["ents"] if e.kind != "outside"]
            big = sorted(ents, key=lambda e: -e.annual)[: max(3, len(ents) // 3)]
            chains = [c for c in self.chains if c["code"] in p["chains"]] or self.chains
            district_name = self.region_name[p["district"]]
            for k in range(scale.parcels):
                status = weighted(
                    rng,
                    ["approved_not_acquired", "acquired_not_supplied", "supplied_not_used", "in_use", "reclaimed"],
                    [10, 15, 25, 45, 5],
                )
                if (not ents) and status in ("supplied_not_used", "in_use"):
                    status = "acquired_not_supplied"
                if k == 0 and ents and (park_index % 2 == 0 or not idle_done):
                    status = "idle"
                area = rng.uniform(20, 300) if p["kind"] != "micro_enterprise" else rng.uniform(5, 40)
                price = area * rng.uniform(18, 60)
                holder = supplied = agreed = started = None
                if status == "idle":  # supplied, agreed start 13–30 months ago, nothing built
                    status = "supplied_not_used"
                    agreed = months_before(today, rng.randint(13, 30))
                    supplied = agreed - datetime.timedelta(days=rng.randint(60, 240))
                    holder = rng.choice(ents)
                    idle_done = True
                elif status == "supplied_not_used":
                    supplied = today - datetime.timedelta(days=rng.randint(20, 500))
                    agreed = supplied + datetime.timedelta(days=rng.randint(60, 240))
                    holder = rng.choice(ents)
                    if agreed < today - datetime.timedelta(days=365):
                        started = agreed + datetime.timedelta(days=rng.randint(0, 200))
                        started = min(started, today)
                elif status == "in_use":
                    supplied = today - datetime.timedelta(days=rng.randint(500, 4000))
                    agreed = supplied + datetime.timedelta(days=rng.randint(60, 240))
                    started = agreed + datetime.timedelta(days=rng.randint(-20, 120))
                    holder = rng.choice(big)
                elif status == "reclaimed":
                    supplied = today - datetime.timedelta(days=rng.randint(1200, 2400))
                    agreed = supplied + datetime.timedelta(days=rng.randint(60, 200))
                year = supplied.year if supplied else today.year - rng.randint(0, 2)
                code = f"{p['district']}-{year}-{k + 1:03d}"  # the sequence number makes it unique
                parcels.append(
                    LandParcel(
                        park_id=p["pk"],
                        code=code,
                        area_mu=money(area),
                        price=money(price),
                        status=status,
                        holder_id=holder.pk if holder else None,
                        supplied_on=supplied,
                        agreed_start_on=agreed,
                        construction_started_on=started,
                    )
                )
            names = set()
            for k in range(rng.randint(1, scale.factories)):
                pattern = rng.choice(cat.STANDARD_FACTORY_PATTERNS)
                name = pattern.format(
                    park=p["short"],
                    district=district_name,
                    chain=rng.choice(chains)["short"],
                    n=k + 1,
                    phase="一二三"[min(k, 2)],
                )
                if name in names:
                    continue
                names.add(name)
                status = weighted(rng, StandardFactory.Status.values, [10, 15, 25, 50])
                floor = rng.uniform(5000, 60000) if p["kind"] != "micro_enterprise" else rng.uniform(2000, 15000)
                leased = floor * (
                    rng.uniform(0.6, 1.0) if status == "in_use" else rng.uniform(0, 0.5) if status == "completed" else 0
                )
                factories.append(
                    StandardFactory(
                        park_id=p["pk"],
                        name=name,
                        floor_area_m2=money(floor),
                        leased_area_m2=money(min(leased, floor)),
                        status=status,
                    )
                )
            for _k in range(rng.randint(2, scale.carriers)):
                spec = rng.choice(cat.INNOVATION_CARRIER_PATTERNS)
                chain = rng.choice(chains)
                node = rng.choice(chain["nodes"])
                universities = [u for u in cat.UNIVERSITIES if chain["code"] in u["chains"]] or cat.UNIVERSITIES
                university = rng.choice(universities)
                host = rng.choice(big) if big else None
                if spec["host"] == "company" and host is None:
                    continue
                name = spec["pattern"].format(
                    park=p["short"],
                    company=host.short if host else "",
                    university=university["short_name"],
                    product=rng.choice(node["products"]),
                    chain=chain["short"],
                    district=district_name,
                )
                if name in carrier_names:
                    continue
                carrier_names.add(name)
                status = weighted(rng, InnovationCarrier.Status.values, [5, 10, 25, 60])
                carriers.append(
                    InnovationCarrier(
                        name=name[:120],
                        kind=spec["kind"],
                        level=weighted(rng, ["national", "provincial", "municipal"], [10, 35, 55]),
                        park_id=p["pk"],
                        host_enterprise_id=host.pk if spec["host"] == "company" else None,
                        host_institution=university["name"] if spec["host"] == "university" else "",
                        status=status,
                        recognized_on=self.date_between(add_years(today, -3), today - datetime.timedelta(days=7)),
                    )
                )
        self.bulk(LandParcel, parcels)
        self.bulk(StandardFactory, factories)
        self.bulk(InnovationCarrier, carriers)
        return {
            "land parcels": len(parcels),
            "standard factories": len(factories),
            "innovation carriers": len(carriers),
        }

    # -- monthly figures -------------------------------------------------------------------------

    STAT_COLUMNS = [
        "enterprise",
        "year",
        "month",
        "output_value",
        "revenue",
        "tax",
        "profit",
        "rd_expense",
        "exports",
        "employees",
        "rd_staff",
        "energy_tce",
        "land_used_mu",
        "patents_invention",
        "patents_utility",
        "patents_design",
        "digital_level",
        "note",
        "created_at",
        "updated_at",
        "version",
    ]

    def stat_rows(self, skip_last):
        """Yield one tuple per enterprise and month (the columns of STAT_COLUMNS but the note).

        Money comes as floats; the writer rounds them to 0.01 万元 (revenue is rounded here, since
        the 规上 flags are worked out from the sums of what is written). The inner loop is plain
        arithmetic on locals: at province scale it runs five million times."""
        rand = self.rng.random
        periods = self.periods
        n = len(periods)
        years = [p.year for p in periods]
        months_of = [p.month for p in periods]
        seasons = [SEASON[p.month - 1] for p in periods]
        stamps = []
        for period in periods:
            entered = period.next().first_day + datetime.timedelta(days=7)
            stamps.append(connection.ops.adapt_datetimefield_value(aware(min(entered, self.today), 10)))
        recent = n - 12
        previous = n - 24
        for e in self.ents:
            start = e.start
            if start >= n:
                continue
            last_t = n - 1 if e.park is None or e.park["pk"] not in skip_last else n - 2
            pk = e.pk
            base = e.annual / 12
            monthly_growth = (1 + e.growth) ** (1 / 12)
            trend = (1 + e.growth) ** ((start - n + 6.5) / 12)
            staff_growth = monthly_growth**0.4
            staff = e.employees * trend**0.4
            tax_rate, profit_rate, rd_rate, out_ratio = e.tax_rate, e.profit_rate, e.rd_rate, e.out_ratio
            export_share, energy, rd_share = e.export_share, e.energy, e.rd_share
            p_inv, p_util, p_design = e.p_inv, e.p_util, e.p_design
            land = e.land
            digital, digital_up = e.digital, e.digital_up
            sum12 = prev12 = rd12 = exp12 = 0.0
            for t in range(start, last_t + 1):
                age = t - start
                ramp = 1.0 if age >= 6 or start == 0 else 0.35 + 0.11 * age
                revenue = round(max(0.5, base * trend * seasons[t] * ramp * (0.92 + 0.16 * rand())), 2)
                rd = revenue * rd_rate * (0.7 + 0.6 * rand())
                exports = revenue * export_share * (0.8 + 0.4 * rand()) if export_share else 0.0
                employees = int(staff * ramp) + (rand() < 0.1) or 1
                if digital_up is not None and t == digital_up:
                    digital += 1
                if t >= recent:
                    sum12 += revenue
                    rd12 += rd
                    exp12 += exports
                elif t >= previous:
                    prev12 += revenue
                yield (
                    pk,
                    years[t],
                    months_of[t],
                    revenue * out_ratio * (0.98 + 0.04 * rand()),
                    revenue,
                    revenue * tax_rate * (0.85 + 0.3 * rand()),
                    revenue * (profit_rate + 0.04 * (rand() - 0.5)),
                    rd,
                    exports,
                    employees,
                    int(employees * rd_share),
                    revenue * energy,
                    land,
                    rand() < p_inv,
                    (1 + (rand() < 0.3)) if rand() < p_util else 0,
                    rand() < p_design,
                    digital,
                    stamps[t],
                    stamps[t],
                    1,
                )
                trend *= monthly_growth
                staff *= staff_growth
            e.sum12, e.prev12, e.rd12, e.exp12 = sum12, prev12, rd12, exp12
            e.months = last_t - start + 1

    def make_stats(self):
        rng = self.rng
        # Last month: a few parks have not submitted at all (no figures), the others are a mix.
        statuses = ["approved", "submitted", "draft", "approved", "missing", "returned", "approved", "submitted"]
        rng.shuffle(statuses)
        if "missing" not in statuses[: len(self.parks)] and len(self.parks) > 3:
            statuses[len(self.parks) - 1] = "missing"
        self.last_status = {p["pk"]: statuses[k % len(statuses)] for k, p in enumerate(self.parks)}
        if len(self.parks) <= 3:  # tiny: every status shows, nobody is missing
            for p, status in zip(self.parks, ["approved", "submitted", "draft"], strict=False):
                self.last_status[p["pk"]] = status
        skip_last = {pk for pk, status in self.last_status.items() if status == "missing"}
        rows = self.stat_rows(skip_last)
        table = EnterpriseStat._meta.db_table
        columns = [EnterpriseStat._meta.get_field(name).column for name in self.STAT_COLUMNS]
        qn = connection.ops.quote_name
        written = 0
        if connection.vendor == "postgresql":
            written = self.copy_stats(rows, table, columns)
        else:
            values = [c for c in columns if c != "note"]
            sql = f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in values)}, {qn('note')}) VALUES "
            sql += f"({', '.join(['%s'] * len(values))}, '')"
            rounded = (tuple(round(v, 2) if type(v) is float else v for v in row) for row in rows)
            with connection.cursor() as cursor:
                while chunk := list(itertools.islice(rounded, STAT_CHUNK // 4)):
                    cursor.executemany(sql, chunk)
                    written += len(chunk)
        flags = self.update_flags()
        return {"monthly figures": written, **flags}

    def copy_stats(self, rows, table, columns):
        """Stream the rows into PostgreSQL with COPY, STAT_CHUNK rows at a time.

        A thread formats the next chunk while the server takes the current one (psycopg releases
        the GIL while it sends), so the two cores work at the same time. Only that thread touches
        the generator, so the random draws keep their order."""
        qn = connection.ops.quote_name
        values = [c for c in columns if c != "note"]
        sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in values)}, {qn('note')}) FROM STDIN"
        line = "%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%.2f\t%.2f\t%d\t%d\t%d\t%d\t%s\t%s\t%d\t\n"
        chunks = queue.Queue(maxsize=2)
        stop = threading.Event()

        def produce():
            try:
                while not stop.is_set():
                    text = "".join([line % row for row in itertools.islice(rows, STAT_CHUNK)])
                    if not text:
                        break
                    chunks.put(text)
                chunks.put(None)
            except BaseException as exc:  # handed to the main thread, which raises it
                chunks.put(exc)

        producer = threading.Thread(target=produce, name="seed-stats", daemon=True)
        producer.start()
        written = 0
        try:
            with self.indexes_built_afterwards(table), connection.cursor() as cursor:
                raw = cursor.cursor
                while (text := chunks.get()) is not None:
                    if isinstance(text, BaseException):
                        raise text
                    if hasattr(raw, "copy_expert"):  # psycopg2
                        raw.copy_expert(sql, io.StringIO(text))
                    else:  # psycopg 3
                        with raw.copy(sql) as copy:
                            copy.write(text)
                    written += text.count("\n")
        finally:
            stop.set()
            while producer.is_alive():  # let a producer blocked on a full queue finish
                with contextlib.suppress(queue.Empty):
                    chunks.get(timeout=0.1)
        return written

    @contextlib.contextmanager
    def indexes_built_afterwards(self, table):
        """Into an empty table, load first and index afterwards: drop the table's secondary indexes,
        unique and foreign-key constraints (not the primary key) and re-create them, same names and
        definitions, when the load is done. Building an index once over sorted rows, and checking a
        foreign key with one join, is several times faster than maintaining them row by row. The
        table is locked until the seeding transaction commits; a failure rolls the DDL back too."""
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {qn(table)})")
            if cursor.fetchone()[0]:
                yield
                return
            cursor.execute(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
                [table],
            )
            constraints = cursor.fetchall()  # unique ones first: re-created in this order
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
                [table],
            )
            indexes = cursor.fetchall()
            for name, _kind, _definition in constraints:
                cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, _kind, definition in constraints:
                cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")

    def update_flags(self):
        """规上 from the last twelve months of figures; a few enterprises that just grew past
        2,000 万元 are not flagged yet (the statistics bureau decides once a year). The scale follows
        the revenue too."""
        rng = self.rng
        threshold = float(ABOVE_SIZE_REVENUE) + 0.005
        grown = [e for e in self.ents if e.sum12 >= threshold and 0 < e.prev12 < float(ABOVE_SIZE_REVENUE)]
        unflagged = {e.i for e in rng.sample(grown, min(len(grown), len(self.ents) // 200))}
        above = []
        by_scale = {}
        for e in self.ents:
            e.above = e.sum12 >= threshold and e.i not in unflagged
            if e.above:
                above.append(e.pk)
            if e.months:
                annual = e.sum12 * 12 / min(12, e.months)
                scale = self.scale_for(annual)
                if scale != e.scale:
                    e.scale = scale
                    by_scale.setdefault(scale, []).append(e.pk)
        for start in range(0, len(above), 900):
            Enterprise.objects.filter(pk__in=above[start : start + 900]).update(above_size=True)
        for scale, pks in by_scale.items():
            for start in range(0, len(pks), 900):
                Enterprise.objects.filter(pk__in=pks[start : start + 900]).update(scale=scale)
        return {"above size": len(above), "grown past 2,000 without the flag": len(unflagged)}

    # -- park submissions ------------------------------------------------------------------------

    def make_park_months(self):
        rng = self.rng
        objs = []
        officer = self.user_pk["officer"]
        for p in self.parks:
            for period in self.periods:
                status = "approved" if period != self.last else self.last_status[p["pk"]]
                if status == "missing":
                    continue
                due = period.next().first_day
                submitted = reviewed = None
                if status in ("submitted", "approved", "returned"):
                    submitted = aware(min(self.today, due + datetime.timedelta(days=rng.randint(3, 9))), 16)
                if status in ("approved", "returned"):
                    reviewed = min(timezone.now(), submitted + datetime.timedelta(days=rng.randint(1, 4)))
                objs.append(
                    ParkMonth(
                        park_id=p["pk"],
                        year=period.year,
                        month=period.month,
                        status=status,
                        submitted_at=submitted,
                        submitted_by_id=p["staff"] if submitted else None,
                        reviewed_at=reviewed,
                        reviewed_by_id=officer if reviewed else None,
                        return_reason="部分企业研发投入与上年同期相比波动较大，请核实后重新报送。"
                        if status == "returned"
                        else "",
                        created_at=aware(min(self.today, due + datetime.timedelta(days=1))),
                    )
                )
        self.bulk(ParkMonth, objs)
        return {"park submissions": len(objs)}

    # -- investment leads ------------------------------------------------------------------------

    def plan_lead_records(self):
        """Plan the leads before the enterprises: a landed lead becomes an enterprise."""
        rng = self.rng
        today = self.today
        gaps = [n for c in self.chains for n in c["nodes"] if n["role"] in ("missing", "weak")]
        self.leads = []
        if not gaps:
            return
        landed_budget = {id(n): 1 for n in gaps if n["role"] == "weak"}
        stages = [s for s, _w in LEAD_STAGE_SHARES]
        weights = [w for _s, w in LEAD_STAGE_SHARES]
        for k in range(self.scale.leads):
            node = gaps[k % len(gaps)] if k < len(gaps) else rng.choice(gaps)
            stage = weighted(rng, stages, weights)
            if k < len(stages):
                stage = stages[k]  # every stage shows even at the smallest scale
            if stage == "landed":
                if landed_budget.get(id(node), 0) > 0:
                    landed_budget[id(node)] -= 1
                else:
                    weak = [n for n in gaps if landed_budget.get(id(n), 0) > 0]
                    if weak:
                        node = rng.choice(weak)
                        landed_budget[id(node)] -= 1
                    else:
                        stage = "signed"
            city = rng.choice(cat.LEAD_COMPANY_CITIES)
            parts = cat.COMPANY_NAME_PARTS
            prefix = rng.choice(parts["prefixes"])
            middle = (
                rng.choice(node["products"]) if rng.random() < 0.4 else rng.choice(parts["middles"][node["division"]])
            )
            suffix = rng.choice(["科技股份有限公司", "科技有限公司", "股份有限公司", "集团有限公司"])
            name = f"{city}{prefix}{middle}{suffix}"
            while name in self.names:
                name = name.replace("有限公司", "控股有限公司", 1)
            self.names.add(name)
            chain = node["chain"]
            park = rng.choice(chain["hosts"]) if chain["hosts"] and rng.random() < 0.9 else None
            signed_on = None
            if stage in ("signed", "landed"):
                signed_on = today - datetime.timedelta(
                    days=rng.randint(60, 420) if stage == "landed" else rng.randint(5, 200)
                )
            self.leads.append(
                {
                    "node": node,
                    "stage": stage,
                    "company": name,
                    "brand": f"{prefix}{middle}",
                    "city": city,
                    "park": park,
                    "signed_on": signed_on,
                    "investment": round(rng.uniform(3000, 300000), -2),
                }
            )

    def make_leads(self):
        rng = self.rng
        today = self.today
        objs = []
        for lead in self.leads:
            stage = lead["stage"]
            node = lead["node"]
            officer = self.officer_pk.get(node["chain"]["dept"]) or self.user_pk["officer"]
            open_stage = stage in ("contacted", "negotiating", "signed")
            surname, _given = self.person()
            objs.append(
                InvestmentLead(
                    node_id=node["pk"],
                    company_name=lead["company"],
                    location=f"{lead['city']}市",
                    target_park_id=lead["park"]["pk"] if lead["park"] else None,
                    expected_investment=money(lead["investment"]),
                    stage=stage,
                    officer_id=officer,
                    next_step=rng.choice(LEAD_NEXT_STEPS) if open_stage else "",
                    next_step_on=today + datetime.timedelta(days=rng.randint(-15, 45)) if open_stage else None,
                    contact=f"{surname}{rng.choice(['总', '经理', '董事长'])} {self.mobile()}",
                    signed_on=lead["signed_on"],
                    landed_enterprise_id=lead["ent"].pk if stage == "landed" else None,
                    created_at=aware(today - datetime.timedelta(days=rng.randint(30, 500))),
                )
            )
        for lead, pk in zip(self.leads, self.bulk(InvestmentLead, objs), strict=True):
            lead["pk"] = pk
        return {"investment leads": len(objs)}

    # -- projects --------------------------------------------------------------------------------

    def project_name(self, pattern, company, product, park, district):
        rng = self.rng
        n = ""
        if "{n}条" in pattern:
            n = rng.randint(2, 6)
        elif "{n}万吨" in pattern:
            n = rng.choice([1, 2, 3, 5, 10, 20])
        elif "{n}万套" in pattern:
            n = rng.choice([10, 20, 30, 50, 100, 200])
        elif "{n}台" in pattern:
            n = rng.choice([100, 200, 500, 1000, 2000])
        return pattern.format(company=company, product=product, park=park, district=district, n=n)

    def make_projects(self):
        rng = self.rng
        today = self.today
        last = self.last
        year = last.year
        company_patterns = [p for p in cat.PROJECT_NAME_PATTERNS if "{company}" in p]
        park_patterns = [p for p in cat.PROJECT_NAME_PATTERNS if "{company}" not in p]
        stages = [s for s, _w in PROJECT_STAGE_SHARES]
        stage_weights = [w for _s, w in PROJECT_STAGE_SHARES]
        dept_codes = [c for c in ("fgw", "gxj", "kjj", "swj") if c in self.dept_pk]
        plans = []  # (project index, year, amount)
        specs = []
        names = set()
        landed = [lead for lead in self.leads if lead["stage"] == "landed"]
        park_weights = [math.sqrt(p["planned"]) for p in self.parks]
        for k in range(self.scale.projects):
            lead = landed[k] if k < len(landed) else None
            if lead:
                e = lead["ent"]
                park, chain, investor = e.park, e.chain, e
                begins = lead["signed_on"] + datetime.timedelta(days=rng.randint(30, 90))
                stage = "newly_started" if begins.year >= year else "under_construction"
            else:
                park = weighted(rng, self.parks, park_weights)
                chains = [c for c in self.chains if c["code"] in park["chains"]]
                chain = rng.choice(chains) if chains and rng.random() < 0.85 else None
                members = [e for e in park["ents"] if chain is None or e.chain is chain]
                investor = rng.choice(members) if members and rng.random() < 0.75 else None
                stage = weighted(rng, stages, stage_weights)
            if investor is not None and investor.nodes:
                node = rng.choice(investor.nodes)
            else:
                node = rng.choice((chain or rng.choice(self.chains))["nodes"])
            product = rng.choice(node["products"])
            pattern = rng.choice(company_patterns if investor else park_patterns)
            name = self.project_name(
                pattern, investor.short if investor else "", product, park["short"], self.region_name[park["district"]]
            )
            for suffix in ("（二期）", "（三期）", "（四期）"):
                if name not in names:
                    break
                name = name.removesuffix("项目").removesuffix("工程") + suffix
            if name in names:
                name = f"{name}{k}"
            names.add(name)
            total = min(2_000_000.0, max(2000.0, math.exp(rng.gauss(math.log(30000), 1.0))))
            if lead:
                total = lead["investment"]
            if total >= 200000:
                key_level = weighted(rng, ["provincial", "municipal"], [6, 4])
            elif total >= 50000:
                key_level = weighted(rng, ["provincial", "municipal", "district"], [1, 6, 3])
            else:
                key_level = weighted(rng, ["municipal", "district"], [2, 8])
            duration = rng.randint(12, 36)  # months of construction
            started = finished = None
            if stage in ("conceiving", "reserve"):
                planned_start = add_months_to_date(
                    today, rng.randint(1, 18) if stage == "conceiving" else rng.randint(0, 8)
                )
            elif stage == "newly_started":
                started = self.date_between(datetime.date(year, 1, 1), last.last_day)
                if lead:
                    started = min(max(begins, datetime.date(year, 1, 1)), last.last_day)
                planned_start = started + datetime.timedelta(days=rng.randint(-45, 20))
            elif stage == "under_construction":
                started = self.date_between(
                    months_before(datetime.date(year, 1, 1), 30), datetime.date(year - 1, 12, 31)
                )
                if lead:
                    started = min(begins, datetime.date(year - 1, 12, 31))
                planned_start = started + datetime.timedelta(days=rng.randint(-45, 20))
                planned_finish = add_months_to_date(today, rng.randint(1, 24))
                duration = max(
                    6, (planned_finish.year - planned_start.year) * 12 + planned_finish.month - planned_start.month
                )
            elif stage == "in_production":
                finished = self.date_between(months_before(last.last_day, 22), last.last_day)
                started = months_before(finished, rng.randint(10, 30))
                planned_start = started + datetime.timedelta(days=rng.randint(-30, 20))
                duration = max(6, round((finished - started).days / 30))
            else:  # terminated
                started = (
                    self.date_between(months_before(today, 30), months_before(today, 8)) if rng.random() < 0.5 else None
                )
                planned_start = started or months_before(today, rng.randint(6, 20))
            if stage != "under_construction":
                planned_finish = add_months_to_date(planned_start, duration)
            specs.append(
                {
                    "k": k,
                    "lead": lead,
                    "park": park,
                    "chain": chain,
                    "investor": investor,
                    "stage": stage,
                    "name": name,
                    "total": total,
                    "key_level": key_level,
                    "planned_start": planned_start,
                    "planned_finish": planned_finish,
                    "started": started,
                    "finished": finished,
                    "duration": duration,
                }
            )
        # Which of the projects under way lag behind time elapsed this year (15–25%).
        under_way = [s for s in specs if s["stage"] in ("newly_started", "under_construction")]
        n_lag = max(1, round(len(under_way) * rng.uniform(0.15, 0.25))) if under_way else 0
        for s in rng.sample(under_way, n_lag):
            s["lagging"] = True
        objs = []
        for s in specs:
            reg_year = (s["started"] or s["planned_start"]).year
            objs.append(
                Project(
                    code=f"XM-{min(reg_year, today.year)}-{s['k'] + 1:05d}",
                    name=s["name"][:150],
                    investor_id=s["investor"].pk if s["investor"] else None,
                    park_id=s["park"]["pk"],
                    chain_id=s["chain"]["pk"] if s["chain"] else None,
                    lead_id=s["lead"]["pk"] if s["lead"] else None,
                    total_investment=money(s["total"]),
                    stage=s["stage"],
                    key_level=s["key_level"],
                    planned_start_on=s["planned_start"],
                    planned_finish_on=s["planned_finish"],
                    started_on=s["started"],
                    finished_on=s["finished"],
                    responsible_leader=f"{self.person_name()}（{rng.choice(cat.LEADER_TITLES)}）",
                    department_id=self.dept_pk[weighted(rng, dept_codes, [65, 20, 8, 7][: len(dept_codes)])],
                    created_at=aware(min(today, months_before(s["planned_start"], rng.randint(2, 8)))),
                )
            )
        progress = []
        for s, pk in zip(specs, self.bulk(Project, objs), strict=True):
            s["pk"] = pk
            plans.extend(self.project_plans(s))
            progress.extend(self.project_progress(s))
        self.projects = specs
        self.bulk(
            ProjectPlan, [ProjectPlan(project_id=s["pk"], year=y, planned_investment=money(a)) for s, y, a in plans]
        )
        self.bulk(ProjectProgress, progress)
        lagging = sum(1 for s in specs if s.get("lagging"))
        return {
            "projects": len(specs),
            "annual plans": len(plans),
            "monthly progress": len(progress),
            "lagging": lagging,
        }

    def project_plans(self, s):
        """(spec, year, planned investment) for the previous, current (and, in January, next) year."""
        rng = self.rng
        years = range(self.last.year - 1, self.today.year + 1)
        s["plans"] = {}
        if s["stage"] in ("conceiving", "terminated") and not s["started"]:
            return []
        start = s["started"] or s["planned_start"]
        end = s["finished"] or s["planned_finish"]
        months_total = max(1, (end.year - start.year) * 12 + end.month - start.month + 1)
        rows = []
        for year in years:
            first = max(start, datetime.date(year, 1, 1))
            final = min(end, datetime.date(year, 12, 31))
            if final < first:
                continue
            if s["stage"] == "terminated" and year > self.last.year - 1:
                continue
            months = (final.year - first.year) * 12 + final.month - first.month + 1
            amount = s["total"] * months / months_total * rng.uniform(0.9, 1.1)
            s["plans"][year] = amount
            rows.append((s, year, amount))
        return rows

    def project_progress(self, s):
        """Monthly investment completed, from January last year (or the start) to last month."""
        rng = self.rng
        last = self.last
        if not s["started"] or s["stage"] in ("conceiving", "reserve"):
            return []
        rows = []
        end = s["finished"] or last.last_day
        if s["stage"] == "terminated":
            end = min(end, add_months_to_date(s["started"], rng.randint(2, 8)), datetime.date(last.year - 1, 12, 31))
        for year, plan in sorted(s["plans"].items()):
            if year > last.year:
                continue
            first = Period.of(max(s["started"], datetime.date(year, 1, 1)))
            final = Period.of(min(end, datetime.date(year, 12, 31), last.last_day))
            if final < first:
                continue
            months = [first.add(i) for i in range((final.year - first.year) * 12 + final.month - first.month + 1)]
            if year == last.year and s["stage"] in ("newly_started", "under_construction"):
                elapsed = last.month / 12
                if s.get("lagging"):
                    rate = max(0.0, elapsed - rng.uniform(0.13, 0.35))
                else:
                    rate = min(1.3, elapsed * rng.uniform(0.96, 1.25))
            elif year == last.year and s["stage"] == "in_production":
                rate = rng.uniform(0.9, 1.1)
            else:
                rate = rng.uniform(0.85, 1.08)
            target = plan * rate
            weights = [INVEST_SEASON[p.month - 1] * rng.uniform(0.7, 1.3) for p in months]
            total_weight = sum(weights)
            late = s.get("lagging") and year == last.year
            for period, weight in zip(months, weights, strict=True):
                amount = target * weight / total_weight
                recent = period >= last.add(-2)
                rows.append(
                    ProjectProgress(
                        project_id=s["pk"],
                        year=period.year,
                        month=period.month,
                        completed_investment=money(amount),
                        progress_note=self.progress_note(s, period),
                        problems=rng.choice(cat.PROBLEM_SAMPLES) if (late and recent) or rng.random() < 0.06 else "",
                        created_at=aware(min(self.today, period.next().first_day + datetime.timedelta(days=4))),
                    )
                )
        return rows

    def progress_note(self, s, period):
        samples = cat.PROGRESS_NOTE_SAMPLES
        start = Period.of(s["started"])
        elapsed = (period.year - start.year) * 12 + period.month - start.month
        share = min(1.0, max(0.0, elapsed / max(1, s["duration"])))
        index = min(len(samples) - 1, int(share * (len(samples) - 1)) + self.rng.randint(-1, 1))
        return samples[max(0, index)]

    # -- supply links ----------------------------------------------------------------------------

    def make_supply_links(self):
        rng = self.rng
        year = self.today.year - 1
        stage_rank = {"upstream": 0, "midstream": 1, "downstream": 2}
        keys = set()
        objs = []
        by_chain = {}
        for e in self.ents:
            if e.chain is not None and e.nodes:
                by_chain.setdefault(e.chain["code"], []).append(e)
        outside_by_chain = {}
        for e in self.outside:
            outside_by_chain.setdefault(e.chain["code"], []).append(e)
        chains = [c for c in self.chains if len(by_chain.get(c["code"], [])) > 1]
        if not chains:
            return {"supply links": 0}
        weights = [len(by_chain[c["code"]]) for c in chains]
        attempts = 0
        while len(objs) < self.scale.supply_links and attempts < self.scale.supply_links * 5:
            attempts += 1
            chain = weighted(rng, chains, weights)
            members = by_chain[chain["code"]]
            customer = rng.choice(members)
            rank = stage_rank[customer.nodes[0]["stage"]]
            if rank == 0 and rng.random() < 0.7:
                continue
            if rng.random() < 0.3 and (self.outside):
                supplier = rng.choice(outside_by_chain.get(chain["code"]) or self.outside)
                node = supplier.supply_node
            else:
                supplier = rng.choice(members)
                node = supplier.nodes[0]
                if supplier is customer or stage_rank[node["stage"]] > rank:
                    continue
            product = rng.choice(node["products"])
            link_year = year if rng.random() < 0.75 else self.today.year
            key = (supplier.i, customer.i, product, link_year)
            if key in keys:
                continue
            keys.add(key)
            amount = max(10.0, customer.annual * rng.uniform(0.004, 0.06))
            objs.append(
                SupplyLink(
                    supplier_id=supplier.pk,
                    customer_id=customer.pk,
                    product=product,
                    annual_amount=money(amount),
                    year=link_year,
                )
            )
        self.bulk(SupplyLink, objs)
        return {"supply links": len(objs)}

    # -- policies, measures, applications -------------------------------------------------------

    def make_policies(self):
        rng = self.rng
        today = self.today
        issued = [datetime.date.fromisoformat(p["issue_date"]) for p in cat.POLICIES]
        shift = 0  # whole years, so that the newest policy is a few months old today
        while add_years(max(issued), shift + 1) <= today - datetime.timedelta(days=90):
            shift += 1
        while add_years(max(issued), shift) > today - datetime.timedelta(days=90):
            shift -= 1
        cluster_pk = {c["cluster"]: c["cluster_pk"] for c in self.chains}
        chain_pk = {c["code"]: c["pk"] for c in self.chains}
        park_pk = {p["code"]: p["pk"] for p in self.parks}
        specialized = [p["pk"] for p in self.parks if p["kind"] in ("specialized", "micro_enterprise")]
        chain_of = {}
        for e in self.ents:
            chain_of[e.i] = {node["chain"]["pk"] for node in e.nodes}
        project_investment = {}
        for s in self.projects:
            if s["investor"] is not None:
                project_investment[s["investor"].i] = max(project_investment.get(s["investor"].i, 0), s["total"])
        statuses = [s for s, _w in APPLICATION_STATUS_SHARES]
        status_weights = [w for _s, w in APPLICATION_STATUS_SHARES]
        n_policies = n_measures = 0
        applications = []
        for policy_row, issued_on in zip(cat.POLICIES, issued, strict=True):
            issued_on = add_years(issued_on, shift)
            departments = [m["department"] for m in policy_row["measures"]]
            policy = Policy.objects.create(
                title=policy_row["title"],
                doc_number=re.sub(r"〔(\d{4})〕", lambda m: f"〔{int(m[1]) + shift}〕", policy_row["doc_number"]),
                issuer=policy_row["issuer"],
                issued_on=issued_on,
                valid_from=issued_on,
                valid_until=add_years(issued_on, policy_row["valid_years"]) - datetime.timedelta(days=1),
                text=f"{policy_row['title']}（{policy_row['doc_number']}）全文见附件。",
                department_id=self.dept_pk[max(departments, key=departments.count)],
                created_at=aware(issued_on + datetime.timedelta(days=2)),
            )
            n_policies += 1
            policy.clusters.set([cluster_pk[c] for c in policy_row["clusters"] if c in cluster_pk])
            policy.chains.set([chain_pk[c] for c in policy_row["chains"] if c in chain_pk])
            for m in policy_row["measures"]:
                elig = m["eligibility"]
                spec = {}
                if elig["qualification_kinds"]:
                    spec["qualification_kinds"] = list(elig["qualification_kinds"])
                if elig["min_revenue"] is not None:
                    spec["min_revenue"] = elig["min_revenue"]
                if elig["above_size_only"]:
                    spec["above_size_only"] = True
                if elig["chains"]:
                    spec["chains"] = [chain_pk[c] for c in elig["chains"] if c in chain_pk]
                    if not spec["chains"]:
                        continue  # none of its chains at this scale
                if elig["parks"]:
                    spec["parks"] = sorted({park_pk[c] for c in elig["parks"] if c in park_pk} | set(specialized))
                    if not spec["parks"]:
                        continue
                rule = {key: value for key, value in m["amount_rule"].items() if key != "base"}
                base_kind = m["amount_rule"].get("base")
                opens = datetime.date(today.year, rng.randint(2, 8), 1)
                opens = max(opens, issued_on + datetime.timedelta(days=14))
                closes = add_months_to_date(opens, rng.randint(2, 4)) - datetime.timedelta(days=1)
                measure = Measure.objects.create(
                    policy=policy,
                    title=m["title"],
                    kind=m["kind"],
                    department_id=self.dept_pk[m["department"]],
                    eligibility=spec,
                    amount_rule=rule,
                    base_label=f"{cat.MEASURE_BASES[base_kind]}（万元）" if base_kind else "",
                    budget=Decimal(m["budget"]),
                    opens_on=opens,
                    closes_on=closes,
                    auto_grant=m["auto_grant"],
                    created_at=aware(issued_on + datetime.timedelta(days=3)),
                )
                n_measures += 1
                eligible = [e for e in self.ents if e.months and self.meets(e, spec, chain_of)]
                remaining = float(m["budget"])
                # Last year's round too, when the policy was already in force for it.
                app_years = [today.year - 1, today.year] if add_years(opens, -1) >= issued_on else [today.year]
                for year in app_years:
                    if year == today.year and today < opens:
                        continue  # this year's window has not opened yet
                    count = min(len(eligible), self.scale.applications)
                    if rule["type"] == "fixed":
                        count = min(count, int(float(m["budget"]) / float(rule["amount"]) * 0.5 / len(app_years)))
                    for e in rng.sample(eligible, count):
                        base = self.base_amount(base_kind, e, project_investment) if base_kind else None
                        amount = float(measure_amount(rule, None if base is None else money(base)))
                        if amount <= 0:
                            continue
                        window_open = year == today.year and today <= closes
                        if m["auto_grant"]:
                            status = "disbursed" if year < today.year or rng.random() < 0.6 else "department_approved"
                        elif year < today.year:
                            status = weighted(rng, ["disbursed", "rejected", "department_approved"], [80, 12, 8])
                        elif window_open:
                            status = weighted(rng, [*statuses[:3], "returned"], [20, 40, 30, 10])
                        else:
                            status = weighted(rng, statuses, status_weights)
                        approved = None
                        if status in ("department_approved", "disbursed"):
                            cut = 1.0 if m["auto_grant"] or rng.random() < 0.7 else rng.uniform(0.7, 1.0)
                            approved = round(amount * cut, 2)
                            approved = min(approved, round(remaining, 2))
                            if approved <= 0:
                                status, approved = "park_reviewed", None
                            else:
                                remaining -= approved
                        applications.append(
                            self.application_obj(measure, e, year, base, amount, approved, status, opens, closes)
                        )
        self.bulk(Application, applications)
        return {"policies": n_policies, "measures": n_measures, "applications": len(applications)}

    def meets(self, e, spec, chain_of):
        if spec.get("qualification_kinds") and not self.qual_today[e.i] & set(spec["qualification_kinds"]):
            return False
        if spec.get("min_revenue") is not None and e.sum12 < spec["min_revenue"]:
            return False
        if spec.get("above_size_only") and not e.above:
            return False
        if spec.get("parks") and (e.park is None or e.park["pk"] not in spec["parks"]):
            return False
        return not (spec.get("chains") and not chain_of[e.i] & set(spec["chains"]))

    def base_amount(self, kind, e, project_investment):
        rng = self.rng
        if kind == "revenue":
            return e.sum12
        if kind == "rd_expenditure":
            return e.rd12
        if kind == "exports":
            return e.exp12 or rng.uniform(100, 3000)
        if kind == "fixed_asset_investment" and e.i in project_investment:
            return project_investment[e.i]
        low, high = MEASURE_BASE_RANGES[kind]
        return min(high, max(low, rng.uniform(low, high) * (0.3 + min(1.0, e.annual / 50000))))

    def application_obj(self, measure, e, year, base, amount, approved, status, opens, closes):
        rng = self.rng
        today = self.today
        if year < today.year:
            opens, closes = add_years(opens, -1), add_years(closes, -1)
        submitted = park_reviewed = approved_at = disbursed = None
        if status != "draft" and not measure.auto_grant:
            submitted = aware(self.date_between(opens, min(closes, today)), 10)
        reviewed = ("park_reviewed", "department_approved", "disbursed", "returned", "rejected")
        if status in reviewed and not measure.auto_grant:
            anchor = submitted or aware(min(closes, today), 10)
            park_reviewed = min(timezone.now(), anchor + datetime.timedelta(days=rng.randint(2, 10)))
        if status in ("department_approved", "disbursed"):
            anchor = park_reviewed or aware(min(closes, today), 10)
            approved_at = min(timezone.now(), anchor + datetime.timedelta(days=rng.randint(5, 30)))
        if status == "disbursed":
            disbursed = min(today, approved_at.date() + datetime.timedelta(days=rng.randint(10, 60)))
        note = ""
        if status == "returned":
            note = rng.choice(RETURN_NOTES)
        elif status == "rejected":
            note = rng.choice(REJECT_NOTES)
        return Application(
            enterprise_id=e.pk,
            measure=measure,
            year=year,
            base_amount=None if base is None else money(base),
            computed_amount=money(amount),
            approved_amount=None if approved is None else money(approved),
            status=status,
            submitted_at=submitted,
            park_reviewed_at=park_reviewed if e.park else None,
            park_reviewed_by_id=e.park["staff"] if e.park and park_reviewed else None,
            approved_at=approved_at,
            approved_by_id=self.officer_pk.get(measure.department.code) if approved_at else None,
            disbursed_on=disbursed,
            review_note=note,
            is_auto=measure.auto_grant,
            created_at=submitted or aware(min(today, opens + datetime.timedelta(days=5))),
        )

    # -- visits, service requests, cooperations --------------------------------------------------

    def make_services(self):
        rng = self.rng
        today = self.today
        ents = [e for e in self.ents if e.established < today - datetime.timedelta(days=30)]
        pick = Picker(ents, [1 + math.log10(e.annual + 10) for e in ents])
        categories = list(cat.SERVICE_REQUEST_SAMPLES)
        category_weights = [18, 16, 14, 12, 10, 14, 10, 6][: len(categories)]
        visits = []
        visit_specs = []
        for _ in range(self.scale.visits):
            e = pick(rng)
            visited = today - datetime.timedelta(days=int(365 * rng.random() ** 1.2))
            visited = max(visited, e.established)
            people = [*self.officers, e.park["staff"]] if e.park else self.officers
            visits.append(
                Visit(
                    enterprise_id=e.pk,
                    officer_id=rng.choice(people),
                    visited_on=visited,
                    notes=rng.choice(cat.VISIT_NOTE_SAMPLES),
                    created_at=aware(visited, 17),
                )
            )
            visit_specs.append((e, visited))
        visit_pks = self.bulk(Visit, visits)
        requests = []
        overdue = 0
        for k in range(self.scale.requests):
            from_visit = k < len(visit_pks) and rng.random() < 0.3
            if from_visit:
                index = rng.randrange(len(visit_pks))
                e, received = visit_specs[index]
                visit_pk = visit_pks[index]
            else:
                e = pick(rng)
                received = max(e.established, today - datetime.timedelta(days=int(365 * rng.random() ** 1.3)))
                visit_pk = None
            category = weighted(rng, categories, category_weights)
            description = rng.choice(cat.SERVICE_REQUEST_SAMPLES[category])
            title = re.split(r"[，。；]", description)[0][:40]
            dept = cat.SERVICE_CATEGORY_DEPARTMENTS[category]
            hard = rng.random() < 0.1
            due = request_due_on(received, category, hard_case=hard)
            status, resolved, satisfaction = "received", None, ""
            if due >= today:
                status = weighted(rng, ["received", "in_progress", "resolved"], [35, 50, 15])
            elif rng.random() < 0.08:
                status = rng.choice(["received", "in_progress"])  # open past its due date
            else:
                status = "resolved"
            if status == "resolved":
                if rng.random() < 0.85:
                    resolved = self.date_between(received, min(due, today))
                else:
                    resolved = min(today, due + datetime.timedelta(days=rng.randint(1, 25)))
                if resolved < today - datetime.timedelta(days=7) and rng.random() < 0.75:
                    status = "closed"
                    late = resolved > due
                    satisfaction = weighted(
                        rng, ["satisfied", "basically", "unsatisfied"], [55, 30, 15] if late else [82, 15, 3]
                    )
            if (status in ("received", "in_progress") and due < today) or (resolved and resolved > due):
                overdue += 1
            requests.append(
                ServiceRequest(
                    enterprise_id=e.pk,
                    visit_id=visit_pk,
                    category=category,
                    title=title,
                    description=description,
                    received_on=received,
                    department_id=self.dept_pk.get(dept),
                    officer_id=self.officer_pk.get(dept) if status != "received" or rng.random() < 0.5 else None,
                    due_on=due,
                    status=status,
                    resolved_on=resolved,
                    resolution=rng.choice(RESOLUTIONS) if resolved else "",
                    satisfaction=satisfaction,
                    created_at=aware(received, 11),
                )
            )
        self.bulk(ServiceRequest, requests)
        coops = []
        candidates = [e for e in ents if e.chain is not None]
        pick_partner = Picker(
            candidates, [(3 if e.high_tech else 1) * (1 + math.log10(e.annual + 10)) for e in candidates]
        )
        kinds = Cooperation.Kind.values
        for _ in range(min(self.scale.cooperations, len(candidates))):
            e = pick_partner(rng)
            universities = [u for u in cat.UNIVERSITIES if e.chain["code"] in u["chains"]] or cat.UNIVERSITIES
            university = rng.choice(universities)
            kind = rng.choice(kinds)
            signed = self.date_between(max(e.established, add_years(today, -5)), today - datetime.timedelta(days=3))
            product = rng.choice(e.nodes[0]["products"]) if e.nodes else ""
            coops.append(
                Cooperation(
                    enterprise_id=e.pk,
                    partner=university["name"],
                    kind=kind,
                    signed_on=signed,
                    note=f"围绕{product}开展{cat.COOPERATION_KINDS.get(kind, '')}" if product else "",
                    created_at=aware(signed, 15),
                )
            )
        self.bulk(Cooperation, coops)
        return {
            "visits": len(visit_pks),
            "service requests": len(requests),
            "overdue": overdue,
            "cooperations": len(coops),
        }

    # -- targets and the evaluation scheme -------------------------------------------------------

    TARGET_CODES = [
        "high_tech_count",
        "tech_sme_count",
        "srdi_count",
        "little_giant_count",
        "above_size_count",
        "enterprise_count",
        "output_value",
        "revenue",
        "tax",
        "rd_expense",
        "exports",
        "investment_completed",
        "patents",
        "platforms",
    ]

    def make_targets(self):
        from reports.indicators import REGISTRY, Span, Subject, compute_many, sync_indicator_rows
        from reports.models import Indicator

        rng = self.rng
        sync_indicator_rows()
        indicator_pk = dict(Indicator.objects.values_list("code", "pk"))
        codes = [code for code in self.TARGET_CODES if code in REGISTRY and code in indicator_pk]
        span = Span(self.today.year - 1, 12, "year")
        actual = compute_many(codes, Subject(), [span])[span]
        targets = []
        money_growth = rng.uniform(1.07, 1.16)  # one pace for output, revenue, tax …: they move together
        for code in codes:
            value = float(actual[code] or 0)
            if REGISTRY[code].source == "stat":
                growth = money_growth + rng.uniform(-0.015, 0.015)
            else:
                growth = rng.uniform(1.05, 1.20)
            target = max(1, math.ceil(value * growth))
            targets.append(
                Target(
                    indicator_id=indicator_pk[code],
                    subject_type="region",
                    subject_id=None,
                    year=self.today.year,
                    value=Decimal(target),
                    note=f"按上年实际值增长约{round((growth - 1) * 100)}%确定",
                )
            )
        self.bulk(Target, targets)
        # Best values of the scheme from the data: the best parks reach them.
        investment = {}
        for s in self.projects:
            for year, plan in s["plans"].items():
                if year == self.last.year:
                    investment[s["park"]["pk"]] = investment.get(s["park"]["pk"], 0) + plan / 2
        high_tech, revenue, tax, land = {}, {}, {}, {}
        for e in self.ents:
            if e.park is None:
                continue
            pk = e.park["pk"]
            if "high_tech" in self.qual_today[e.i]:
                high_tech[pk] = high_tech.get(pk, 0) + 1
            revenue[pk] = revenue.get(pk, 0) + e.sum12 / 2
            tax[pk] = tax.get(pk, 0) + e.sum12 / 2 * e.tax_rate
            land[pk] = land.get(pk, 0) + e.land

        def best(values, floor):
            ordered = sorted(values)
            if not ordered:
                return floor
            return max(floor, round(ordered[int(len(ordered) * 0.8)] * 1.1))

        per_mu = [pk for pk in land if land[pk]]
        items = [  # half-year figures: 万元 per 亩, %, 万元, enterprises
            {
                "indicator": "tax_per_mu",
                "weight": 25,
                "best": best([tax[pk] / land[pk] for pk in per_mu], 5),
                "worst": 0,
            },
            {
                "indicator": "revenue_per_mu",
                "weight": 20,
                "best": best([revenue[pk] / land[pk] for pk in per_mu], 100),
                "worst": 0,
            },
            {"indicator": "rd_intensity", "weight": 20, "best": 5, "worst": 1},
            {"indicator": "investment_completed", "weight": 20, "best": best(investment.values(), 1000), "worst": 0},
            {"indicator": "high_tech_count", "weight": 15, "best": best(high_tech.values(), 3), "worst": 0},
        ]
        EvaluationScheme.objects.create(
            name="园区半年度考评方案",
            period_months=6,
            items=items,
            thresholds={"excellent": 90, "good": 80, "fair": 60},
            publication_days=7,
            bottom_n=3,
            award_fund=Decimal("500"),
            is_active=True,
        )
        return {"indicators": len(indicator_pk), "targets": len(targets), "evaluation schemes": 1}


def seed(scale="demo", seed=2026, stdout=None, today=None):
    """Build the demo region; returns the row counts by table."""
    return Seeder(scale, seed, stdout, today).run()
