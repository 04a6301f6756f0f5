"""The analysts' summary builder (汇总表): a dimension, indicators and a period in; a table with the
period's values, 1–N月 cumulative, the same period last year, year-on-year change, shares and
totals out — in the page and as an xlsx with native Excel charts.

Every figure comes from :func:`reports.indicators.compute_grouped`, the grouped form of the one
definition of each indicator."""

import dataclasses
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import excel
from portal.periods import share, yoy

from . import indicators
from .indicators import CHAIN, CLUSTER, DISTRICT, PARK, QUALIFICATION_KIND, REGISTRY, Span

DIMENSIONS = [
    (PARK, gettext_lazy("Park")),
    (DISTRICT, gettext_lazy("District")),
    (CLUSTER, gettext_lazy("Cluster")),
    (CHAIN, gettext_lazy("Chain")),
    (QUALIFICATION_KIND, gettext_lazy("Qualification kind")),
]
MODES = [
    ("month", gettext_lazy("One month")),
    ("ytd", gettext_lazy("Months 1–N (year to date)")),
    ("year", gettext_lazy("Whole year")),
]
# Ratios do not add up across members: no total and no share for them.
NON_ADDITIVE = {"tax_per_mu", "revenue_per_mu", "rd_intensity", "chain_completeness"}
DEFAULT_CODES = ["high_tech_count", "output_value", "revenue", "tax", "rd_expense", "investment_completed"]


def member_names(dimension):
    from clusters.models import Chain, Cluster
    from enterprises.models import QualificationKind
    from parks.models import Park
    from portal.models import Region

    if dimension == PARK:
        rows = Park.objects.order_by("code").values_list("pk", "name")
    elif dimension == DISTRICT:
        local = indicators.group_members(DISTRICT)  # the portal's districts
        rows = Region.objects.filter(pk__in=local).order_by("code").values_list("pk", "name")
    elif dimension == CLUSTER:
        rows = Cluster.objects.order_by("code").values_list("pk", "name")
    elif dimension == CHAIN:
        rows = Chain.objects.order_by("cluster__code", "code").values_list("pk", "name")
    else:
        rows = QualificationKind.objects.order_by("sort_order", "code").values_list("pk", "name")
    return dict(rows)


@dataclasses.dataclass
class Cell:
    value: Decimal | None
    ytd: Decimal | None
    last_year: Decimal | None
    yoy: Decimal | None
    share: Decimal | None

    @property
    def yoy_percent(self):
        return (self.yoy * 100).quantize(Decimal("0.01")) if self.yoy is not None else None

    @property
    def share_percent(self):
        return (self.share * 100).quantize(Decimal("0.01")) if self.share is not None else None


@dataclasses.dataclass
class Summary:
    dimension: str
    span: Span
    codes: list
    rows: list  # [(member id, name, {code: Cell})]
    totals: dict  # {code: Cell}

    @property
    def dimension_label(self):
        return dict(DIMENSIONS)[self.dimension]

    @property
    def show_ytd(self):
        return self.span.mode == "month"

    @property
    def display_rows(self):
        return [(name, [cells[code] for code in self.codes]) for _member, name, cells in self.rows]

    @property
    def total_cells(self):
        return [self.totals[code] for code in self.codes]

    @property
    def indicators(self):
        return [REGISTRY[code] for code in self.codes]


def add(values):
    present = [v for v in values if v is not None]
    return sum(present, Decimal("0")) if present else None


def build_summary(*, dimension, codes, span):
    """The summary table of every member of ``dimension`` for the indicators ``codes``."""
    codes = [code for code in codes if code in REGISTRY]
    last = span.last_year()
    spans = [span, last]
    ytd_span = ytd_last = None
    if span.mode == "month":
        ytd_span, ytd_last = Span(span.year, span.month, "ytd"), Span(span.year - 1, span.month, "ytd")
        spans += [ytd_span, ytd_last]
    values = indicators.compute_grouped(codes, dimension, spans)
    names = member_names(dimension)
    totals = {}
    for code in codes:
        additive = code not in NON_ADDITIVE
        total_value = add(values[m][span][code] for m in names) if additive else None
        total_last = add(values[m][last][code] for m in names) if additive else None
        total_ytd = add(values[m][ytd_span][code] for m in names) if additive and ytd_span else None
        totals[code] = Cell(total_value, total_ytd, total_last, yoy(total_value, total_last), None)
    rows = []
    for member, name in names.items():
        cells = {}
        for code in codes:
            current, previous = values[member][span][code], values[member][last][code]
            cells[code] = Cell(
                value=current,
                ytd=values[member][ytd_span][code] if ytd_span else None,
                last_year=previous,
                yoy=yoy(current, previous),
                share=share(current, totals[code].value) if code not in NON_ADDITIVE else None,
            )
        rows.append((member, name, cells))
    return Summary(dimension, span, codes, rows, totals)


def value_kind(code):
    d = REGISTRY[code]
    return excel.PERCENT if str(d.unit) == "%" else excel.MONEY


def summary_columns(summary):
    columns = [excel.Column("name", str(summary.dimension_label), width=28)]
    for d in summary.indicators:
        head = f"{d.name}（{d.unit}）"
        columns.append(excel.Column(f"{d.code}", f"{head}{_('this period')}", excel.MONEY))
        if summary.show_ytd:
            columns.append(excel.Column(f"{d.code}_ytd", f"{head}{_('months 1–N')}", excel.MONEY))
        columns.append(excel.Column(f"{d.code}_last", f"{head}{_('same period last year')}", excel.MONEY))
        columns.append(excel.Column(f"{d.code}_yoy", f"{d.name}{_('YoY growth')}", excel.PERCENT))
        columns.append(excel.Column(f"{d.code}_share", f"{d.name}{_('Share')}", excel.PERCENT))
    return columns


def row_values(summary, name, cells):
    values = [name]
    for code in summary.codes:
        cell = cells[code]
        values.append(cell.value)
        if summary.show_ytd:
            values.append(cell.ytd)
        values += [cell.last_year, cell.yoy, cell.share]
    return values


def summary_xlsx(summary, *, user, title):
    """The summary as xlsx bytes: the table with a totals row, a chart per indicator (this period
    against the same period last year) and an information sheet."""
    buffer = io.BytesIO()
    columns = summary_columns(summary)
    with excel.WorkbookWriter(buffer, constant_memory=False, user=user) as book:
        sheet = book.add_sheet(_("Summary"), columns)
        for code in summary.codes:  # ratio indicators in %: the cells carry percent points
            if str(REGISTRY[code].unit) == "%":
                index = [c.key for c in columns].index(code)
                sheet.writers[index] = sheet._writer_for(excel.Column(code, "", excel.DECIMAL))
                if summary.show_ytd:
                    sheet.writers[index + 1] = sheet.writers[index]
                    sheet.writers[index + 2] = sheet.writers[index]
                else:
                    sheet.writers[index + 1] = sheet.writers[index]
        for _member, name, cells in summary.rows:
            sheet.write_row(row_values(summary, name, cells))
        total_row = sheet.row
        sheet.write_row(row_values(summary, _("Total"), summary.totals))
        sheet.ws.set_row(total_row, None, book.formats["label"])
        n = len(summary.rows)
        charts = book.book.add_worksheet(excel.sheet_title(_("Charts")))
        keys = [c.key for c in columns]
        for i, d in enumerate(summary.indicators):
            col, col_last = keys.index(d.code), keys.index(f"{d.code}_last")
            chart = book.book.add_chart({"type": "column"})
            sheet_name = sheet.ws.get_name()
            for label, c in ((_("this period"), col), (_("same period last year"), col_last)):
                chart.add_series(
                    {
                        "name": str(label),
                        "categories": [sheet_name, 1, 0, n, 0],
                        "values": [sheet_name, 1, c, n, c],
                    }
                )
            chart.set_title({"name": f"{d.name}（{d.unit}）"})
            chart.set_legend({"position": "bottom"})
            chart.set_size({"width": 720, "height": 320})
            charts.insert_chart(i * 17, 0, chart)
        pairs = [
            (_("Summary"), title),
            (_("Dimension"), summary.dimension_label),
            (_("Period"), summary.span.label),
            (_("Indicators"), "、".join(str(d.name) for d in summary.indicators)),
            (_("Generated at"), timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")),
            (_("Generated by"), (user.get_full_name() or user.username) if user else "—"),
        ]
        book.add_info_sheet(_("About this summary"), title, pairs)
    return buffer.getvalue()


def summary_definition_save(*, user, name, dimension, codes, mode):
    """Save (or replace) a user's summary definition under a name."""
    from .models import SummaryDefinition

    definition, _created = SummaryDefinition.objects.update_or_create(
        owner=user, name=name, defaults={"dimension": dimension, "indicators": list(codes), "mode": mode}
    )
    definition.full_clean()
    return definition
