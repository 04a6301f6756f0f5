"""A small world for the dashboards: two districts, two parks, two clusters with three chains,
enterprises with two years of monthly figures, qualifications, projects, requests, targets and an
evaluation.  ``build_world(n)`` scales the rows with ``n`` (clusters and chains stay fixed), so the
query-count tests can compare N with 10N."""

import datetime
from decimal import Decimal

import pytest

from clusters.models import ChainNode
from enterprises.models import EnterpriseStat, ParkMonth, Qualification, QualificationKind, ServiceRequest
from parks.models import InnovationCarrier
from portal.models import Region
from projects.models import Project, ProjectPlan, ProjectProgress
from reports.models import EvaluationScheme, Indicator, ParkEvaluation, Target
from reports.rollups import rollups_rebuild
from reports.selectors import data_changed
from tests import factories as f

YEAR, MONTH = 2025, 6


def build_world(n=1, tag=""):
    """The world at scale ``n``; a second call with another ``tag`` adds rows beside the first."""
    city = Region.objects.get(code="610100")
    d1 = Region.objects.get(code="610112")
    d2, _ = Region.objects.get_or_create(
        code="610113", defaults={"name": "雁塔区", "level": "district", "parent": city}
    )
    p1 = f.ParkFactory(name=f"High-tech Park{tag}", region=d1, latitude=Decimal("34.30"), longitude=Decimal("108.90"))
    p2 = f.ParkFactory(name=f"Economic Zone{tag}", region=d2, latitude=Decimal("34.20"), longitude=Decimal("108.95"))
    parks = [p1, p2]

    ca = f.ClusterFactory(name=f"Electronics{tag}", sort_order=1)
    cb = f.ClusterFactory(name=f"New energy vehicles{tag}", sort_order=2)
    a1 = f.ChainFactory(cluster=ca, name=f"Semiconductors{tag}", sort_order=1)
    a2 = f.ChainFactory(cluster=ca, name=f"Displays{tag}", sort_order=2)
    b1 = f.ChainFactory(cluster=cb, name=f"Batteries{tag}", sort_order=1, weak_threshold=2)
    up = f.ChainNodeFactory(chain=a1, stage=ChainNode.Stage.UPSTREAM, name="Wafers", is_key=True)
    mid = f.ChainNodeFactory(chain=a1, stage=ChainNode.Stage.MIDSTREAM, name="Packaging", parent=up)
    f.ChainNodeFactory(chain=a1, stage=ChainNode.Stage.DOWNSTREAM, name="Modules", parent=mid)  # missing
    panels = f.ChainNodeFactory(chain=a2, stage=ChainNode.Stage.MIDSTREAM, name="Panels")
    cells = f.ChainNodeFactory(chain=b1, stage=ChainNode.Stage.UPSTREAM, name="Cells")
    packs = f.ChainNodeFactory(chain=b1, stage=ChainNode.Stage.DOWNSTREAM, name="Packs")
    filled = [up, mid, panels, cells, packs]

    kinds = {k.code: k for k in QualificationKind.objects.all()}
    enterprises = []
    for i in range(8 * n):
        e = f.EnterpriseFactory(
            name=f"Enterprise {tag}{i:04d}",
            park=parks[i % 2],
            region=parks[i % 2].region,
            above_size=i % 3 == 0,
            established_on=datetime.date(2025, 3, 1) if i % 4 == 3 else datetime.date(2015, 1, 1),
        )
        enterprises.append(e)
        filled[i % 5].enterprises.add(e)
        if i % 5 == 0:
            panels.enterprises.add(e)  # twice in one cluster: counted once
        if i % 4 in (0, 1):
            Qualification.objects.create(
                enterprise=e,
                kind=kinds["high_tech"],
                granted_on=datetime.date(2024, 3, 1),
                expires_on=datetime.date(2027, 2, 28),
            )
        if i % 3 == 0:
            Qualification.objects.create(enterprise=e, kind=kinds["tech_sme"], granted_on=datetime.date(2025, 2, 1))
        if i % 5 == 1:
            Qualification.objects.create(
                enterprise=e,
                kind=kinds["srdi_sme"],
                granted_on=datetime.date(2022, 1, 1),
                expires_on=datetime.date(2025, 4, 30),
            )
        if i % 7 == 2:
            Qualification.objects.create(
                enterprise=e,
                kind=kinds["little_giant"],
                granted_on=datetime.date(2023, 8, 1),
                expires_on=datetime.date(2026, 7, 31),
            )
    a1.chain_masters.add(enterprises[0])
    inactive = f.EnterpriseFactory(name=f"Closed Co.{tag}", park=p1, is_active=False, above_size=True)
    up.enterprises.add(inactive)
    # a supplier in another city, on a chain node: on the chain map, not among the region's enterprises
    elsewhere = Region.objects.get(code="610302")  # 宝鸡市渭滨区
    supplier = f.EnterpriseFactory(
        name=f"Supplier elsewhere{tag}", park=None, region=elsewhere, above_size=True, established_on=None
    )
    up.enterprises.add(supplier)
    Qualification.objects.create(enterprise=supplier, kind=kinds["high_tech"], granted_on=datetime.date(2020, 1, 1))

    stats = []
    for i, e in enumerate([*enterprises, inactive]):
        for year, months in ((2024, range(1, 13)), (2025, range(1, MONTH + 1))):
            for m in months:
                base = Decimal(100 + i * 7 + m * 3 + (year - 2024) * 11)
                stats.append(
                    EnterpriseStat(
                        enterprise=e,
                        year=year,
                        month=m,
                        output_value=base * 2,
                        revenue=base,
                        tax=base / 10,
                        profit=base / 5,
                        rd_expense=base / 20,
                        exports=Decimal(0),
                        land_used_mu=Decimal(10 + i),
                        patents_invention=(i + m) % 3,
                        patents_utility=(i * m) % 2 or None,
                        patents_design=1,
                    )
                )
    EnterpriseStat.objects.bulk_create(stats)
    for p in parks:
        ParkMonth.objects.create(park=p, year=YEAR, month=MONTH, status=ParkMonth.Status.APPROVED)

    InnovationCarrier.objects.create(name="Lab 1", park=p1, kind="key_lab", recognized_on=datetime.date(2023, 5, 1))
    InnovationCarrier.objects.create(name="Lab 2", park=p1, kind="incubator", recognized_on=datetime.date(2025, 1, 10))
    InnovationCarrier.objects.create(name="Lab 3", park=p2, kind="incubator", status="planning")
    InnovationCarrier.objects.create(name="Lab 4", park=p2, kind="platform", status="built", recognized_on=None)

    for j in range(2 * n):
        park = parks[j % 2]
        on_time = f.ProjectFactory(name=f"On time {tag}{j}", park=park, chain=a1)
        ProjectPlan.objects.create(project=on_time, year=YEAR, planned_investment=Decimal("1200"))
        late = f.ProjectFactory(name=f"Late {tag}{j}", park=park, chain=b1, stage=Project.Stage.NEWLY_STARTED)
        ProjectPlan.objects.create(project=late, year=YEAR, planned_investment=Decimal("1200"))
        for m in range(1, MONTH + 1):
            ProjectProgress.objects.create(project=on_time, year=YEAR, month=m, completed_investment=Decimal("100"))
            ProjectProgress.objects.create(project=late, year=YEAR, month=m, completed_investment=Decimal("20"))
            ProjectProgress.objects.create(project=on_time, year=YEAR - 1, month=m, completed_investment=Decimal("70"))
        f.ProjectFactory(name=f"Reserve {tag}{j}", park=park, stage=Project.Stage.RESERVE)

    for j, e in enumerate(enterprises[: 4 * n]):
        kind = j % 4
        if kind == 0:  # open past due
            ServiceRequest.objects.create(
                enterprise=e,
                category="land",
                title=f"R{tag}{j}",
                description="x",
                department=f.department(),
                received_on=datetime.date(2025, 4, 1),
                due_on=datetime.date(2025, 5, 1),
            )
        elif kind == 1:  # resolved late
            ServiceRequest.objects.create(
                enterprise=e,
                category="finance",
                title=f"R{tag}{j}",
                description="x",
                department=f.department(),
                received_on=datetime.date(2025, 5, 1),
                due_on=datetime.date(2025, 6, 1),
                status="resolved",
                resolved_on=datetime.date(2025, 6, 10),
            )
        elif kind == 2:  # in time
            ServiceRequest.objects.create(
                enterprise=e,
                category="talent",
                title=f"R{tag}{j}",
                description="x",
                department=f.department(),
                received_on=datetime.date(2025, 6, 1),
                due_on=datetime.date(2025, 12, 31),
            )
        else:  # after the span
            ServiceRequest.objects.create(
                enterprise=e,
                category="land",
                title=f"R{tag}{j}",
                description="x",
                department=f.department(),
                received_on=datetime.date(2025, 7, 2),
                due_on=datetime.date(2025, 7, 3),
            )

    world = {"parks": parks, "clusters": [ca, cb], "chains": [a1, a2, b1], "nodes": filled, "enterprises": enterprises}
    rollups_rebuild()  # as seeding does: the figures above were written in bulk
    if tag:
        data_changed()
        return world
    revenue, _ = Indicator.objects.get_or_create(code="revenue", defaults={"name": "Revenue", "sort_order": 1})
    high_tech, _ = Indicator.objects.get_or_create(code="high_tech_count", defaults={"name": "HT", "sort_order": 2})
    Target.objects.create(indicator=revenue, year=YEAR, value=Decimal("50000"))
    Target.objects.create(indicator=high_tech, year=YEAR, value=Decimal(6 * n))

    scheme = EvaluationScheme.objects.create(name="Half-year", items=[], thresholds={})
    for rank, (park, score, grade) in enumerate(((p2, "91.5", "excellent"), (p1, "78.0", "fair")), start=1):
        ParkEvaluation.objects.create(
            scheme=scheme,
            park=park,
            year=YEAR,
            month=MONTH,
            total_score=Decimal(score),
            grade=grade,
            rank=rank,
            park_count=2,
        )
    ParkEvaluation.objects.create(
        scheme=scheme, park=p1, year=2024, month=12, total_score=Decimal("60"), grade="poor", rank=2, park_count=2
    )
    data_changed()
    return world


@pytest.fixture
def world(db, region, department):
    from portal.models import Department

    Department.objects.get_or_create(code="fgw", defaults={"name": "发展和改革委员会", "short_name": "发改委"})
    return build_world(1)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
