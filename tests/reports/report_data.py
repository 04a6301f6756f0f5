"""A small region with a known problem of every kind, for the report tests."""

import datetime
from decimal import Decimal

import pytest

from tests import factories as f

Q1_END = datetime.date(2025, 3, 31)


@pytest.fixture
def reference_rows(db):
    """Reference rows come from data migrations; a transactional test earlier in the run may have
    flushed them."""
    from enterprises.models import Industry, QualificationKind
    from enterprises.reference import load_industries, load_qualification_kinds

    if not Industry.objects.exists():
        load_industries(Industry)
    if not QualificationKind.objects.exists():
        load_qualification_kinds(QualificationKind)


@pytest.fixture
def report_data(reference_rows, region, department, park_a, park_b):
    from portal.models import Department

    Department.objects.get_or_create(code="fgw", defaults={"name": "发展和改革委员会", "short_name": "发改委"})
    parks = [park_a, park_b, f.ParkFactory(name="Park C", code="park-c"), f.ParkFactory(name="Park D", code="park-d")]
    enterprises = []
    for i, park in enumerate(parks):
        for j in range(2):
            enterprise = f.EnterpriseFactory(park=park, above_size=(j == 0))
            enterprises.append(enterprise)
            for year, factor in ((2024, 1), (2025, 2 + i)):
                for month in (1, 2, 3):
                    f.EnterpriseStatFactory(
                        enterprise=enterprise,
                        year=year,
                        month=month,
                        output_value=Decimal(100 * factor + 10 * i + month),
                        revenue=Decimal(90 * factor + month),
                        tax=Decimal(5 * factor + i),
                        profit=Decimal(7 * factor),
                        rd_expense=Decimal(3 * factor),
                        exports=Decimal(i),
                        patents_invention=i + month,
                        patents_utility=1,
                        patents_design=0,
                        land_used_mu=Decimal("20"),
                    )
    # qualifications: one valid, one expiring within six months of the quarter's end, one later
    f.QualificationFactory(
        enterprise=enterprises[0], granted_on=datetime.date(2023, 1, 10), expires_on=datetime.date(2026, 1, 9)
    )
    expiring = f.QualificationFactory(
        enterprise=enterprises[2], granted_on=datetime.date(2022, 8, 2), expires_on=datetime.date(2025, 8, 1)
    )
    f.QualificationFactory(
        enterprise=enterprises[3],
        kind=f.qualification_kind("srdi_sme"),
        granted_on=datetime.date(2025, 2, 1),
        expires_on=datetime.date(2028, 1, 31),
    )
    # a cluster and a chain: one missing node, one weak, one strong
    chain = f.ChainFactory(name="新能源汽车产业链", weak_threshold=2)
    chain.host_parks.add(park_a)
    missing = f.ChainNodeFactory(chain=chain, name="动力电池")
    weak = f.ChainNodeFactory(chain=chain, name="电机电控")
    weak.enterprises.add(enterprises[1])
    strong = f.ChainNodeFactory(chain=chain, name="整车制造")
    strong.enterprises.add(enterprises[0], enterprises[2], enterprises[4])
    # projects: one lagging, one on time
    lagging = f.ProjectFactory(park=park_a, chain=chain, name="Lagging project")
    f.ProjectPlanFactory(project=lagging, planned_investment=Decimal("12000"))
    f.ProjectProgressFactory(project=lagging, month=2, completed_investment=Decimal("100"))
    on_time = f.ProjectFactory(park=park_b, name="On-time project", started_on=datetime.date(2025, 1, 15))
    f.ProjectPlanFactory(project=on_time, planned_investment=Decimal("1200"))
    f.ProjectProgressFactory(project=on_time, month=3, completed_investment=Decimal("600"))
    f.ProjectProgressFactory(project=on_time, year=2024, month=3, completed_investment=Decimal("200"))
    # requests: one open and overdue, one resolved on time
    overdue = f.ServiceRequestFactory(enterprise=enterprises[5], due_on=datetime.date(2025, 3, 12))
    f.ServiceRequestFactory(
        enterprise=enterprises[6],
        due_on=datetime.date(2025, 3, 20),
        status="resolved",
        resolved_on=datetime.date(2025, 3, 18),
    )
    # land: reclaim due, idle fee due, not yet idle
    reclaim = f.LandParcelFactory(
        park=park_b,
        code="L-1",
        status="supplied_not_used",
        holder=enterprises[2],
        supplied_on=datetime.date(2022, 6, 1),
        agreed_start_on=datetime.date(2023, 1, 1),
        price=Decimal("500"),
        area_mu=Decimal("30"),
    )
    fee = f.LandParcelFactory(
        park=park_a,
        code="L-2",
        status="supplied_not_used",
        holder=enterprises[0],
        supplied_on=datetime.date(2023, 6, 1),
        agreed_start_on=datetime.date(2024, 2, 1),
        price=Decimal("300"),
        area_mu=Decimal("12"),
    )
    f.LandParcelFactory(
        park=park_a,
        code="L-3",
        status="supplied_not_used",
        holder=enterprises[1],
        supplied_on=datetime.date(2024, 6, 1),
        agreed_start_on=datetime.date(2024, 12, 1),
        price=Decimal("200"),
        area_mu=Decimal("8"),
    )
    # a region target far behind time
    target = f.TargetFactory(indicator=f.IndicatorFactory(code="high_tech_count"), year=2025, value=Decimal("100"))
    return {
        "parks": parks,
        "enterprises": enterprises,
        "chain": chain,
        "nodes": {"missing": missing, "weak": weak, "strong": strong},
        "lagging": lagging,
        "expiring": expiring,
        "overdue": overdue,
        "land": {"reclaim": reclaim, "fee": fee},
        "target": target,
    }
