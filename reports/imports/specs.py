"""The imports of the portal: enterprises, qualifications, monthly figures (pre-filled for one
park and one month), project monthly progress, investment leads and land parcels."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import InvestmentLead
from enterprises.models import Enterprise, EnterpriseStat, Qualification
from enterprises.rules import default_expiry, jump_flag, jump_flags, normalize_uscc
from parks.models import LandParcel, Park
from portal import excel
from portal.periods import Period, previous_month, validate_period_not_future
from portal.roles import Role
from portal.scoping import VIEW, user_role
from projects.models import ProjectProgress

from .base import ImportColumn, ImportSpec, Problem, field_column, fk_label, uscc_aliases


class EnterpriseImport(ImportSpec):
    name = "enterprise"
    model = Enterprise
    key = ("uscc",)
    active_only = True

    def get_columns(self):
        m = Enterprise
        return [
            field_column(m, "uscc"),
            field_column(m, "name"),
            field_column(m, "short_name"),
            field_column(m, "legal_representative"),
            field_column(m, "established_on"),
            field_column(m, "registered_capital"),
            field_column(m, "region", lookup="region"),
            field_column(m, "park", lookup="park"),
            field_column(m, "industry", lookup="industry"),
            field_column(m, "scale"),
            field_column(m, "above_size"),
            field_column(m, "listing_status"),
            field_column(m, "is_leading"),
            field_column(m, "address"),
            field_column(m, "contact_person"),
            field_column(m, "contact_phone"),
        ]

    def build(self, ctx, values, row, problems):
        fields = super().build(ctx, values, row, problems)
        if "uscc" in fields:
            fields["uscc"] = normalize_uscc(fields["uscc"])
        if user_role(ctx.user) == Role.PARK_STAFF and "park" in fields and fields["park"] in (None, ""):
            problems.append(Problem(row, self.label_of("park"), _("Choose one of your parks.")))
        return fields


class QualificationImport(ImportSpec):
    name = "qualification"
    model = Qualification
    key = ("enterprise", "kind", "granted_on")
    derived = {"expires_on"}

    def get_columns(self):
        m = Qualification
        return [
            field_column(
                m, "enterprise", lookup="enterprise", label=fk_label(m, "enterprise", "uscc"), aliases=uscc_aliases()
            ),
            ImportColumn("enterprise__name", fk_label(m, "enterprise", "name")),
            field_column(m, "kind", lookup="kind"),
            field_column(m, "level"),
            field_column(m, "certificate_no"),
            field_column(m, "granted_on"),
            field_column(
                m,
                "expires_on",
                help=gettext_lazy(
                    "A date, e.g. 2025-03-01; left empty, the grant date plus the kind's term of validity "
                    "(3 years for high-tech enterprises), if the kind has one"
                ),
            ),
        ]

    def build(self, ctx, values, row, problems):
        fields = super().build(ctx, values, row, problems)
        kind, granted = fields.get("kind"), fields.get("granted_on")
        if not fields.get("expires_on") and kind is not None and granted and kind.validity_years:
            fields["expires_on"] = default_expiry(granted, kind.validity_years)
        return fields


STAT_FIELDS = [
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
]
JUMP_CHECKED = ["output_value", "revenue", "tax", "rd_expense", "exports"]
SIGNED_FIELDS = {"profit"}  # a month's profit may be a loss: its cumulative may fall
# Flows, which statistical forms also report as 1–N月 cumulative (累计); not the stocks (employees,
# land used) nor the digitalization level.
CUMULATIVE_FIELDS = [
    "output_value",
    "revenue",
    "tax",
    "profit",
    "rd_expense",
    "exports",
    "energy_tce",
    "patents_invention",
    "patents_utility",
    "patents_design",
]


class PeriodMixin:
    """A period column (2025-03, 2025年3月 …) or the year and month columns of an export."""

    def period_columns(self):
        return [
            ImportColumn(
                "period",
                gettext_lazy("Period (year-month)"),
                excel.PERIOD,
                help=gettext_lazy(
                    "A month, e.g. 2025-03 (2025/3 also works); or leave it empty and fill in year and month"
                ),
                row_required=True,
            ),
            field_column(self.model, "year", required=False, help=gettext_lazy("Only where the period is left empty")),
            field_column(self.model, "month", required=False, help=gettext_lazy("Only where the period is left empty")),
        ]

    def period_of(self, values, row, problems):
        if values.get("period"):
            return values["period"]
        if values.get("year") and values.get("month"):
            return values["year"], values["month"]
        problems.append(Problem(row, _("Period (year-month)"), _("This column is required.")))
        return None

    def build(self, ctx, values, row, problems):
        fields = super().build(ctx, values, row, problems)
        period = self.period_of(values, row, problems)
        if period:
            fields["year"], fields["month"] = period
            message = self.period_problem(ctx, period)
            if message:
                problems.append(Problem(row, _("Period (year-month)"), message))
        return fields

    def period_problem(self, ctx, period):
        """The message for a period that cannot take figures ("" if it can), worked out once per
        period of the file."""
        checked = ctx.cache.setdefault("periods", {})
        if period not in checked:
            if "today" not in ctx.cache:
                ctx.cache["today"] = timezone.localdate()
            try:
                validate_period_not_future(*period, ctx.cache["today"])
                checked[period] = ""
            except ValidationError as error:
                checked[period] = error.messages[0]
        return checked[period]

    def label_of(self, field_name):
        if field_name in ("year", "month"):
            return _("Period (year-month)")
        return super().label_of(field_name)


class StatImport(PeriodMixin, ImportSpec):
    name = "enterprisestat"
    model = EnterpriseStat
    key = ("enterprise", "year", "month")
    prefilled = True
    cumulative_fields = CUMULATIVE_FIELDS

    # -- 1–N月 cumulative figures (the whole file, or columns whose header says 累计) --

    def convert(self, ctx, parsed, errors):
        """Cumulative figures become monthly ones: this month's cumulative minus last month's,
        last month's taken from the same file or, failing that, added up from the stored months
        1 … N−1 of the year.  A month with no figure leaves last month's cumulative unknown: a
        row error naming the months, not a guess."""
        marked = ctx.options.get("cumulative_columns") or set()
        names = [n for n in CUMULATIVE_FIELDS if ctx.options.get("cumulative") or n in marked]
        names = [n for n in names if any(n in fields for _row, fields in parsed)]
        if not names:
            return parsed
        in_file = {(f["enterprise"].pk, f["year"], f["month"]): f for _row, f in parsed}
        stored = self.stored_months(in_file, names)
        kept = []
        for row, fields in parsed:
            enterprise_id, year, month = fields["enterprise"].pk, fields["year"], fields["month"]
            monthly, problems = {}, []
            for name in names:
                if fields.get(name) is None:
                    continue  # absent or blank: nothing to convert
                before, missing = cumulative_before(in_file, stored, enterprise_id, year, month, name)
                if missing:
                    problems.append(
                        Problem(
                            row,
                            self.label_of(name),
                            _(
                                "Last month's cumulative figure is missing: %(year)s has no figure for month "
                                "%(months)s. Import those months first, or put them in this file."
                            )
                            % {"year": year, "months": "、".join(str(m) for m in sorted(missing))},
                        )
                    )
                    continue
                if fields[name] < before and name not in SIGNED_FIELDS:
                    problems.append(
                        Problem(
                            row,
                            self.label_of(name),
                            _("The cumulative figure %(value)s is below last month's cumulative %(before)s.")
                            % {"value": fields[name], "before": before},
                        )
                    )
                    continue
                monthly[name] = fields[name] - before
            if problems:
                errors += problems
                continue
            kept.append((row, {**fields, **monthly}))
        ctx.cache["converted"] = [self.label_of(name) for name in names]
        return kept

    def stored_months(self, in_file, names):
        """{(enterprise id, year, month): {field: value}} of the stored months before the file's
        months, in one query."""
        wanted = {(e, y) for e, y, m in in_file if m > 1}
        if not wanted:
            return {}
        rows = EnterpriseStat.objects.filter(
            enterprise_id__in={e for e, _y in wanted},
            year__in={y for _e, y in wanted},
            month__lt=max(m for _e, _y, m in in_file),
        ).values_list("enterprise_id", "year", "month", *names)
        return {(e, y, m): dict(zip(names, values, strict=True)) for e, y, m, *values in rows if (e, y) in wanted}

    def get_columns(self):
        m = EnterpriseStat
        return [
            field_column(
                m, "enterprise", lookup="enterprise", label=fk_label(m, "enterprise", "uscc"), aliases=uscc_aliases()
            ),
            ImportColumn("enterprise__name", fk_label(m, "enterprise", "name")),
            *self.period_columns(),
            *[field_column(m, name) for name in STAT_FIELDS],
        ]

    def template_params(self, user, params):
        park_id = params.get("park")
        parks = Park.objects.for_user(user, VIEW).filter(is_active=True)
        if user_role(user) == Role.PARK_STAFF:
            parks = parks.filter(pk__in=user.park_ids)
        park = parks.filter(pk=park_id).first() if str(park_id or "").isdigit() else None
        if park is None:
            raise ValidationError(_("Choose a park."))
        try:
            period = excel.to_period(params.get("period") or "")
        except excel.CellError as error:
            raise ValidationError(str(error)) from None
        if period is None:
            raise ValidationError(_("Choose a month."))
        return {"park": park, "period": Period(*period)}

    def template_rows(self, user, params):
        park, period = params["park"], params["period"]
        enterprises = Enterprise.objects.for_user(user).filter(park=park, is_active=True).order_by("name")
        last = previous_month(period.year, period.month)
        previous = {
            s.enterprise_id: s
            for s in EnterpriseStat.objects.filter(enterprise__park=park, year=last[0], month=last[1]).only(
                "enterprise_id", *STAT_FIELDS
            )
        }
        for enterprise in enterprises.only("uscc", "name"):
            stat = previous.get(enterprise.pk)
            figures = [getattr(stat, name) if stat and name != "note" else None for name in STAT_FIELDS]
            yield [enterprise.uscc, enterprise.name, str(period), None, None, *figures]

    def warnings(self, ctx, plan):
        """The monthly jump flags: against last month and the same month last year."""
        if not plan:
            return []
        enterprise_ids = {obj.enterprise_id for _r, obj, _n, _c in plan}
        periods = set()
        for _r, obj, _n, _c in plan:
            periods.add(previous_month(obj.year, obj.month))
            periods.add((obj.year - 1, obj.month))
        references = {}
        in_periods = Q()
        for year, month in periods:
            in_periods |= Q(year=year, month=month)
        rows = (
            EnterpriseStat.objects.filter(enterprise_id__in=enterprise_ids)
            .filter(in_periods)
            .values_list("enterprise_id", "year", "month", *JUMP_CHECKED)
        )
        for enterprise_id, year, month, *figures in rows:
            references[enterprise_id, year, month] = dict(zip(JUMP_CHECKED, figures, strict=True))
        found = []
        for r, obj, _new, changed in plan:
            if not changed and not _new:
                continue
            last = references.get((obj.enterprise_id, *previous_month(obj.year, obj.month)), {})
            last_year = references.get((obj.enterprise_id, obj.year - 1, obj.month), {})
            for name in JUMP_CHECKED:
                value, month_ref, year_ref = getattr(obj, name), last.get(name), last_year.get(name)
                if not (jump_flag(value, month_ref) or jump_flag(value, year_ref)):
                    continue  # the cheap check first: messages only where something looks wrong
                for message in jump_flags(value, month_ref, year_ref):
                    found.append(Problem(r, self.label_of(name), message))
        return found


def cumulative_before(in_file, stored, enterprise_id, year, month, name):
    """(the cumulative figure of months 1 … month−1, [months whose figure is unknown]): last
    month's cumulative from the file if it is there, else the stored month added to the month
    before, and so on back to January."""
    total, missing = 0, []
    for k in range(month - 1, 0, -1):
        row = in_file.get((enterprise_id, year, k))
        if row is not None:  # the file's own (cumulative) figure for that month ends the walk
            if row.get(name) is None:
                missing.append(k)
                continue
            return total + row[name], missing
        value = (stored.get((enterprise_id, year, k)) or {}).get(name)
        if value is None:
            missing.append(k)
        else:
            total += value
    return total, missing


class ProgressImport(PeriodMixin, ImportSpec):
    name = "projectprogress"
    model = ProjectProgress
    key = ("project", "year", "month")

    def get_columns(self):
        m = ProjectProgress
        return [
            field_column(m, "project", lookup="project", label=fk_label(m, "project", "code")),
            ImportColumn("project__name", fk_label(m, "project", "name")),
            *self.period_columns(),
            field_column(m, "completed_investment"),
            field_column(m, "progress_note"),
            field_column(m, "problems"),
        ]


class LeadImport(ImportSpec):
    name = "investmentlead"
    model = InvestmentLead
    key = ("company_name", "node")

    def get_columns(self):
        m = InvestmentLead
        return [
            field_column(m, "company_name"),
            field_column(m, "location"),
            field_column(m, "node", lookup="node", help=gettext_lazy("chain name/node name")),
            field_column(m, "target_park", lookup="park"),
            field_column(m, "expected_investment"),
            field_column(m, "stage"),
            field_column(m, "next_step"),
            field_column(m, "next_step_on"),
            field_column(m, "contact"),
            field_column(m, "signed_on"),
        ]


class LandImport(ImportSpec):
    name = "landparcel"
    model = LandParcel
    key = ("park", "code")

    def get_columns(self):
        m = LandParcel
        return [
            field_column(m, "park", lookup="park"),
            field_column(m, "code"),
            field_column(m, "area_mu"),
            field_column(m, "price"),
            field_column(m, "status"),
            field_column(m, "holder", lookup="enterprise", label=fk_label(m, "holder", "uscc")),
            field_column(m, "supplied_on"),
            field_column(m, "agreed_start_on"),
            field_column(m, "construction_started_on"),
        ]


SPECS = {
    spec.name: spec
    for spec in (EnterpriseImport(), QualificationImport(), StatImport(), ProgressImport(), LeadImport(), LandImport())
}


def get_spec(name):
    return SPECS.get(name)


def default_period(today=None):
    today = today or datetime.date.today()
    return Period(*previous_month(today.year, today.month))
