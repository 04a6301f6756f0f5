"""Scenarios of the generated reports and the park evaluation.  They build everything in memory
and write nothing, so they can run against a seeded database read-only."""

from bench.harness import scenario
from enterprises.models import EnterpriseStat
from reports import content
from reports.annex import render_xlsx
from reports.docx import render_docx
from reports.models import EvaluationScheme

DEFAULT_SCHEME = [
    {"indicator": "tax_per_mu", "weight": 30, "best": 50, "worst": 0},
    {"indicator": "revenue_per_mu", "weight": 20, "best": 800, "worst": 0},
    {"indicator": "rd_intensity", "weight": 20, "best": 5, "worst": 0},
    {"indicator": "investment_completed", "weight": 20, "best": 100000, "worst": 0},
    {"indicator": "high_tech_count", "weight": 10, "best": 50, "worst": 0},
]


def latest_period(ctx):
    def find():
        row = EnterpriseStat.objects.order_by("-year", "-month").values_list("year", "month").first()
        return row or (2025, 3)

    return ctx.once("latest period", find)


@scenario("quarterly report, region, with DOCX and XLSX", target="≤ 60 s", repeats=1, warmup=0)
def quarterly_report(ctx):
    year, month = latest_period(ctx)
    quarter = max(1, month // 3)
    data = content.build("quarterly", year, quarter)
    render_docx(data)
    render_xlsx(data)


@scenario("monthly bulletin with the evaluation of all parks", target="≤ 30 s", repeats=1, warmup=0)
def monthly_bulletin(ctx):
    from reports import services

    year, month = latest_period(ctx)
    scheme = EvaluationScheme.objects.filter(is_active=True).first() or EvaluationScheme(
        name="bench", items=DEFAULT_SCHEME, thresholds={"excellent": 90, "good": 80, "fair": 60}
    )
    services.evaluation_scores(scheme, year, month)
    data = content.build("monthly_bulletin", year, month)
    render_docx(data)
    render_xlsx(data)
