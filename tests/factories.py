"""factory-boy factories for every business model (the demo seeder builds scale; these build
the few rows a test needs)."""

import datetime
import itertools
from decimal import Decimal

import factory

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
from enterprises.rules import make_uscc
from parks.models import InnovationCarrier, LandParcel, Park, ParkFactor, StandardFactory
from policies.models import Application, Measure, Policy
from portal.models import Department, Region
from projects.models import Project, ProjectPlan, ProjectProgress
from reports.models import EvaluationScheme, Indicator, Target

_uscc_counter = itertools.count(1)


def next_uscc(region_code="610112"):
    """A valid, unique USCC whose region digits are ``region_code``."""
    return make_uscc("9", "1", region_code, f"MA{next(_uscc_counter):07d}")


def region(code="610112"):
    return Region.objects.get(code=code)


def department(code="gxj"):
    return Department.objects.get(code=code)


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    name = factory.Sequence(lambda n: f"Park {n}")
    code = factory.Sequence(lambda n: f"park-{n}")
    region = factory.LazyFunction(region)
    planned_area_mu = Decimal("1000")
    built_area_mu = Decimal("600")


class LandParcelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LandParcel

    park = factory.SubFactory(ParkFactory)
    code = factory.Sequence(lambda n: f"DK-{n:04d}")
    area_mu = Decimal("50")
    price = Decimal("1500")
    status = LandParcel.Status.IN_USE
    holder = factory.SubFactory("tests.factories.EnterpriseFactory", park=factory.SelfAttribute("..park"))


class StandardFactoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardFactory

    park = factory.SubFactory(ParkFactory)
    name = factory.Sequence(lambda n: f"Factory building {n}")
    floor_area_m2 = Decimal("12000")
    leased_area_m2 = Decimal("9000")


class InnovationCarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InnovationCarrier

    name = factory.Sequence(lambda n: f"Innovation center {n}")
    kind = InnovationCarrier.Kind.PLATFORM
    park = factory.SubFactory(ParkFactory)
    recognized_on = datetime.date(2024, 6, 1)


class ParkFactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkFactor

    park = factory.SubFactory(ParkFactory)
    factor = ParkFactor.Factor.LAND_RESERVE
    status = ParkFactor.Status.IN_PLACE
    quantity = Decimal("300")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.LazyFunction(next_uscc)
    name = factory.Sequence(lambda n: f"Enterprise {n} Co., Ltd.")
    region = factory.LazyFunction(region)
    park = factory.SubFactory(ParkFactory)
    industry = factory.LazyFunction(lambda: Industry.objects.get(code="39"))
    scale = Enterprise.Scale.MEDIUM
    contact_person = "Zhang San"
    contact_phone = "13812341234"


def qualification_kind(code="high_tech"):
    return QualificationKind.objects.get(code=code)


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = factory.LazyFunction(qualification_kind)
    granted_on = datetime.date(2024, 11, 15)
    expires_on = datetime.date(2027, 11, 14)
    certificate_no = factory.Sequence(lambda n: f"GR2024610{n:05d}")


class EnterpriseStatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseStat

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2025
    month = 3
    output_value = Decimal("1200")
    revenue = Decimal("1000")
    tax = Decimal("50")
    profit = Decimal("80")
    rd_expense = Decimal("40")
    exports = Decimal("0")
    employees = 120
    rd_staff = 15
    land_used_mu = Decimal("20")


class ParkMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkMonth

    park = factory.SubFactory(ParkFactory)
    year = 2025
    month = 3


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    enterprise = factory.SubFactory(EnterpriseFactory)
    visited_on = datetime.date(2025, 3, 10)
    notes = "Discussed the second production line."


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    enterprise = factory.SubFactory(EnterpriseFactory)
    category = ServiceRequest.Category.LAND
    title = factory.Sequence(lambda n: f"Request {n}")
    description = "Needs 20 mu more for a warehouse."
    received_on = datetime.date(2025, 3, 3)
    due_on = datetime.date(2025, 3, 12)
    department = factory.LazyFunction(department)


class CooperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperation

    enterprise = factory.SubFactory(EnterpriseFactory)
    partner = "Xi'an Jiaotong University"
    kind = Cooperation.Kind.JOINT_RESEARCH
    signed_on = datetime.date(2024, 9, 1)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    code = factory.Sequence(lambda n: f"cluster-{n}")
    name = factory.Sequence(lambda n: f"Cluster {n}")
    category = Cluster.Category.ADVANTAGE
    lead_department = factory.LazyFunction(department)


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chain

    cluster = factory.SubFactory(ClusterFactory)
    code = factory.Sequence(lambda n: f"chain-{n}")
    name = factory.Sequence(lambda n: f"Chain {n}")
    leader = "Vice mayor Li"
    lead_department = factory.LazyFunction(department)


class ChainNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainNode

    chain = factory.SubFactory(ChainFactory)
    stage = ChainNode.Stage.MIDSTREAM
    name = factory.Sequence(lambda n: f"Node {n}")


class InvestmentLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentLead

    node = factory.SubFactory(ChainNodeFactory)
    company_name = factory.Sequence(lambda n: f"Outside Company {n}")
    location = "Shenzhen"
    target_park = factory.SubFactory(ParkFactory)
    expected_investment = Decimal("50000")


class SupplyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplyLink

    supplier = factory.SubFactory(EnterpriseFactory)
    customer = factory.SubFactory(EnterpriseFactory)
    product = "battery cells"
    annual_amount = Decimal("3000")
    year = 2025


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"XM-2025-{n:04d}")
    name = factory.Sequence(lambda n: f"Project {n}")
    park = factory.SubFactory(ParkFactory)
    total_investment = Decimal("100000")
    stage = Project.Stage.UNDER_CONSTRUCTION
    planned_start_on = datetime.date(2025, 1, 1)
    planned_finish_on = datetime.date(2026, 12, 31)
    started_on = datetime.date(2025, 2, 1)
    department = factory.LazyFunction(lambda: department("fgw"))


class ProjectPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPlan

    project = factory.SubFactory(ProjectFactory)
    year = 2025
    planned_investment = Decimal("12000")


class ProjectProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectProgress

    project = factory.SubFactory(ProjectFactory)
    year = 2025
    month = 3
    completed_investment = Decimal("1000")


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"Policy {n}")
    doc_number = factory.Sequence(lambda n: f"No. {n}")
    issuer = "City government office"
    issued_on = datetime.date(2025, 1, 10)
    department = factory.LazyFunction(department)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    policy = factory.SubFactory(PolicyFactory)
    title = factory.Sequence(lambda n: f"Measure {n}")
    kind = Measure.Kind.AWARD
    department = factory.LazyFunction(department)
    amount_rule = factory.LazyFunction(lambda: {"type": "fixed", "amount": "30"})
    budget = Decimal("100")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    enterprise = factory.SubFactory(EnterpriseFactory)
    measure = factory.SubFactory(MeasureFactory)
    year = 2025
    computed_amount = Decimal("30")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ["code"]

    code = "high_tech_count"
    name = "High-tech enterprises"
    unit = "enterprises"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    value = Decimal("100")


class EvaluationSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationScheme

    name = "Half-year evaluation"
    items = factory.LazyFunction(lambda: [{"indicator": "tax_per_mu", "weight": 100, "best": 50, "worst": 0}])
    thresholds = factory.LazyFunction(lambda: {"excellent": 90, "good": 80, "fair": 60})
