"""The text of a generated report, built from the data.

A report is a document, not interface: its sentences are written here in Chinese, in the register
of a government work report, and every figure in them comes from :mod:`reports.indicators` (the
one definition of each figure).  The structure follows DESIGN.md: 一、总体情况 二、主要成效
三、存在问题 四、下一步工作.  The result is plain data (``Report.content``):

    {"title", "subtitle", "sections": [{"key", "heading", "blocks": [...]}],
     "figures": [{code, subject_type, subject_id, year, month, mode, value, text}],
     "problems": [{"kind", "ids", "text"}], "tables": [...]}

Blocks are ``{"type": "paragraph", "text"}``, ``{"type": "heading", "level": 2|3, "text"}`` and
``{"type": "table", "title", "columns", "rows"}``.  Nothing here writes to the database.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from clusters.models import Chain, ChainNode, Cluster
from enterprises.models import Qualification, ServiceRequest
from enterprises.rules import qualification_expiring_within
from enterprises.selectors import OPEN_REQUEST_STATUSES
from parks.models import LandParcel, Park, ParkStatusChange
from parks.rules import (
    RECLAIM,
    grade_label,
    idle_fee,
    in_bottom,
    indicator_points,
    land_idle_state,
    rank,
    weighted_score,
)
from portal.models import Region
from portal.periods import add_months_to_date, quantize, time_elapsed_progress, yoy

from . import indicators as ind
from .indicators import CHAIN, CLUSTER, PARK, REGION, Span, Subject

SECTION_HEADINGS = {
    "overall": "一、总体情况",
    "achievements": "二、主要成效",
    "problems": "三、存在问题",
    "next_steps": "四、下一步工作",
}
ORDINALS = "一二三四五六七八九十"
KIND_TITLES = {
    "monthly_bulletin": "园区建设发展月通报",
    "quarterly": "工作进展情况报告",
    "half_year": "工作督查情况报告",
    "annual": "工作考核情况报告",
    "chain": "发展专题报告",
}
HEADLINE_CODES = ["output_value", "revenue", "tax", "profit", "rd_expense", "exports"]
QUALIFICATION_CODES = ["high_tech_count", "tech_sme_count", "srdi_count", "little_giant_count"]
BULLETIN_CODES = ["output_value", "tax", "investment_completed"]
PROBLEM_ORDER = [
    "target_behind",
    "missing_node",
    "weak_node",
    "lagging_project",
    "bottom_park",
    "overdue_request",
    "expiring_qualification",
    "idle_land",
]
LIST_LIMIT = 8


# -- periods and subjects ------------------------------------------------------------------------


def report_span(kind, year, period):
    """The months a report covers, as an indicator span (1–N月 of the year)."""
    if kind == "monthly_bulletin":
        return Span(year, period, "ytd")
    if kind in {"quarterly", "chain"}:
        return Span(year, period * 3, "ytd")
    if kind == "half_year":
        return Span(year, period * 6, "ytd")
    return Span(year, 12, "year")


def period_label(kind, year, period):
    if kind == "monthly_bulletin":
        return f"{year}年{period}月"
    if kind in {"quarterly", "chain"}:
        return f"{year}年第{ORDINALS[period - 1]}季度"
    if kind == "half_year":
        return f"{year}年{'上' if period == 1 else '下'}半年"
    return f"{year}年"


def span_label(span):
    if span.mode == "year" or span.month == 12:
        return f"{span.year}年全年"
    if span.month == 1:
        return f"{span.year}年1月"
    return f"{span.year}年1—{span.month}月"


def subject_name(subject):
    if subject.type == REGION:
        region = Region.objects.filter(code=settings.PORTAL_REGION_CODE).first()
        return region.name if region else "全市"
    model = {PARK: Park, CLUSTER: Cluster, CHAIN: Chain}.get(subject.type, Region)
    obj = model.objects.filter(pk=subject.id).first()
    return (getattr(obj, "name", None) or str(obj)) if obj else "—"


# -- formatting ----------------------------------------------------------------------------------


def fmt_number(value, places=2):
    value = quantize(Decimal(value), Decimal(1).scaleb(-places))
    return f"{value:,.{places}f}"


def fmt_money(value):
    """万元, shown as 亿元 from 1亿 up."""
    value = Decimal(value or 0)
    if abs(value) >= 10000:
        return f"{fmt_number(value / 10000)}亿元"
    return f"{fmt_number(value)}万元"


def fmt_count(value, unit):
    return f"{int(Decimal(value or 0))}{unit}"


def fmt_rate(fraction):
    return f"{fmt_number(Decimal(fraction) * 100)}%"


def fmt_yoy(current, previous):
    growth = yoy(current, previous)
    if growth is None:
        return "上年同期无可比数据"
    if growth > 0:
        return f"同比增长{fmt_rate(growth)}"
    if growth < 0:
        return f"同比下降{fmt_rate(-growth)}"
    return "与上年同期持平"


def fmt_change(current, previous, unit):
    diff = int(Decimal(current or 0) - Decimal(previous or 0))
    if diff > 0:
        return f"较上年同期增加{diff}{unit}"
    if diff < 0:
        return f"较上年同期减少{-diff}{unit}"
    return "与上年同期持平"


def names(items, limit=LIST_LIMIT):
    items = list(items)
    text = "、".join(items[:limit])
    return text + ("等" if len(items) > limit else "")


UNIT_TEXT = {
    "output_value": "money",
    "revenue": "money",
    "tax": "money",
    "profit": "money",
    "rd_expense": "money",
    "exports": "money",
    "investment_completed": "money",
    "policy_disbursed": "money",
}


def fmt_figure(code, value):
    if value is None:
        return "—"
    if UNIT_TEXT.get(code) == "money":
        return fmt_money(value)
    if code in {"chain_completeness", "rd_intensity"}:
        return f"{fmt_number(value)}%"
    if code in {"tax_per_mu", "revenue_per_mu"}:
        return f"{fmt_number(value)}万元/亩"
    return f"{int(Decimal(value))}"


# -- the builder ---------------------------------------------------------------------------------


class Builder:
    """Collects the blocks of each section, every figure used and every problem found."""

    def __init__(self, kind, year, period, subject, progress=None):
        self.kind, self.year, self.period, self.subject = kind, year, period, subject
        self.span = report_span(kind, year, period)
        self.last = self.span.last_year()
        self.end = self.span.end_date
        self.sections = {key: [] for key in SECTION_HEADINGS}
        self.figures = []
        self.problems = []
        self.progress = progress or (lambda percent: None)
        self.name = subject_name(subject)

    # figures: every value that reaches the text goes through here, with what it is
    def values(self, codes, subject=None, spans=None):
        subject = subject or self.subject
        spans = spans or [self.span, self.last]
        values = ind.compute_many(codes, subject, spans)
        return self.record(codes, subject, spans, values)

    def record(self, codes, subject, spans, values):
        for span in spans:
            for code in codes:
                self.figures.append(
                    {
                        "code": code,
                        "subject_type": subject.type,
                        "subject_id": subject.id,
                        "year": span.year,
                        "month": span.month,
                        "mode": span.mode,
                        "value": None if values[span][code] is None else str(values[span][code]),
                        "text": fmt_figure(code, values[span][code]),
                    }
                )
        return values

    def para(self, section, text):
        self.sections[section].append({"type": "paragraph", "text": text})

    def heading(self, section, text, level=2):
        self.sections[section].append({"type": "heading", "level": level, "text": text})

    def table(self, section, title, columns, rows):
        self.sections[section].append({"type": "table", "title": title, "columns": columns, "rows": rows})

    def problem(self, kind, ids, text, step):
        self.problems.append({"kind": kind, "ids": sorted(ids), "text": text, "step": step})

    def result(self):
        title = f"{self.name}{period_label(self.kind, self.year, self.period)}{KIND_TITLES[self.kind]}"
        sections = [
            {"key": key, "heading": heading, "blocks": self.sections[key]} for key, heading in SECTION_HEADINGS.items()
        ]
        tables = [dict(block, section=s["key"]) for s in sections for block in s["blocks"] if block["type"] == "table"]
        return {
            "title": title,
            "subtitle": f"（数据截至{self.end.year}年{self.end.month}月{self.end.day}日）",
            "kind": self.kind,
            "year": self.year,
            "period": self.period,
            "subject": {"type": self.subject.type, "id": self.subject.id, "name": self.name},
            "span": {"year": self.span.year, "month": self.span.month, "mode": self.span.mode},
            "sections": sections,
            "figures": self.figures,
            "problems": self.problems,
            "tables": tables,
        }


def build(kind, year, period, subject_type=REGION, subject_id=None, progress=None):
    """The whole content of one report, in memory."""
    subject = Subject(subject_type, subject_id)
    b = Builder(kind, year, period, subject, progress)
    overall(b)
    b.progress(25)
    ranking = None
    if kind == "monthly_bulletin":
        ranking = bulletin(b)
    b.progress(45)
    achievements(b)
    b.progress(65)
    find_problems(b, ranking)
    b.progress(80)
    write_problems(b)
    return b.result()


# -- 一、总体情况 ----------------------------------------------------------------------------------


def overall(b):
    codes = [*HEADLINE_CODES, "patents", "platforms", "investment_completed", "projects_started", "projects_completed"]
    codes += [*QUALIFICATION_CODES, "enterprise_count", "above_size_count"]
    v = b.values(codes)
    now, then = v[b.span], v[b.last]
    label = span_label(b.span)
    b.heading("overall", "（一）主要经济指标")
    b.para(
        "overall",
        f"{label}，{b.name}纳入监测企业{fmt_count(now['enterprise_count'], '家')}，其中规上工业企业"
        f"{fmt_count(now['above_size_count'], '家')}。累计完成工业总产值{fmt_money(now['output_value'])}，"
        f"{fmt_yoy(now['output_value'], then['output_value'])}；实现营业收入{fmt_money(now['revenue'])}，"
        f"{fmt_yoy(now['revenue'], then['revenue'])}；缴纳税收{fmt_money(now['tax'])}，"
        f"{fmt_yoy(now['tax'], then['tax'])}；实现利润{fmt_money(now['profit'])}，"
        f"{fmt_yoy(now['profit'], then['profit'])}；研发投入{fmt_money(now['rd_expense'])}，"
        f"{fmt_yoy(now['rd_expense'], then['rd_expense'])}；出口{fmt_money(now['exports'])}，"
        f"{fmt_yoy(now['exports'], then['exports'])}。",
    )
    b.para(
        "overall",
        f"创新主体方面，截至{b.end.month}月末，有效期内高新技术企业{fmt_count(now['high_tech_count'], '家')}，"
        f"{fmt_change(now['high_tech_count'], then['high_tech_count'], '家')}；科技型中小企业"
        f"{fmt_count(now['tech_sme_count'], '家')}，{fmt_change(now['tech_sme_count'], then['tech_sme_count'], '家')}；"
        f"专精特新中小企业{fmt_count(now['srdi_count'], '家')}，"
        f"{fmt_change(now['srdi_count'], then['srdi_count'], '家')}；专精特新“小巨人”企业"
        f"{fmt_count(now['little_giant_count'], '家')}，"
        f"{fmt_change(now['little_giant_count'], then['little_giant_count'], '家')}。累计获得授权专利"
        f"{fmt_count(now['patents'], '件')}，{fmt_yoy(now['patents'], then['patents'])}；建成并运营的创新平台"
        f"{fmt_count(now['platforms'], '个')}，{fmt_change(now['platforms'], then['platforms'], '个')}。",
    )
    b.para(
        "overall",
        f"项目建设方面，重点项目累计完成投资{fmt_money(now['investment_completed'])}，"
        f"{fmt_yoy(now['investment_completed'], then['investment_completed'])}；新开工项目"
        f"{fmt_count(now['projects_started'], '个')}，竣工投产项目{fmt_count(now['projects_completed'], '个')}。",
    )
    b.table(
        "overall", "主要指标完成情况", ["指标", "单位", "本期", "上年同期", "同比"], headline_rows(codes, now, then)
    )
    targets(b)


ZH_NAMES = {
    "output_value": ("工业总产值", "万元"),
    "revenue": ("营业收入", "万元"),
    "tax": ("税收", "万元"),
    "profit": ("利润", "万元"),
    "rd_expense": ("研发投入", "万元"),
    "exports": ("出口额", "万元"),
    "patents": ("授权专利", "件"),
    "platforms": ("创新平台", "个"),
    "investment_completed": ("重点项目完成投资", "万元"),
    "projects_started": ("新开工项目", "个"),
    "projects_completed": ("竣工投产项目", "个"),
    "projects_lagging": ("进度滞后项目", "个"),
    "high_tech_count": ("高新技术企业", "家"),
    "tech_sme_count": ("科技型中小企业", "家"),
    "srdi_count": ("专精特新中小企业", "家"),
    "little_giant_count": ("专精特新“小巨人”企业", "家"),
    "enterprise_count": ("监测企业", "家"),
    "above_size_count": ("规上工业企业", "家"),
    "qualifications_new": ("新认定资质", "项"),
    "leads_signed": ("签约招商项目", "个"),
    "policy_disbursed": ("兑现政策资金", "万元"),
    "tax_per_mu": ("亩均税收", "万元/亩"),
    "revenue_per_mu": ("亩均营业收入", "万元/亩"),
    "rd_intensity": ("研发投入强度", "%"),
    "overdue_requests": ("超期企业诉求", "件"),
    "chain_completeness": ("产业链完整度", "%"),
    "patents_invention": ("发明专利授权", "件"),
    "patents_utility": ("实用新型专利授权", "件"),
    "patents_design": ("外观设计专利授权", "件"),
}


def zh_name(code):
    return ZH_NAMES.get(code, (code, ""))[0]


def unit_zh(code):
    return ZH_NAMES.get(code, ("", ""))[1]


def plain(code, value):
    """A table cell: the number in the indicator's unit (万元 stays 万元 in tables)."""
    if value is None:
        return "—"
    if UNIT_TEXT.get(code) == "money" or code in {"tax_per_mu", "revenue_per_mu", "chain_completeness", "rd_intensity"}:
        return fmt_number(value)
    return f"{int(Decimal(value))}"


def headline_rows(codes, now, then):
    rows = []
    for code in codes:
        growth = yoy(now[code], then[code])
        rows.append(
            [
                zh_name(code),
                unit_zh(code),
                plain(code, now[code]),
                plain(code, then[code]),
                "—" if growth is None else fmt_rate(growth),
            ]
        )
    return rows


def subject_targets(b):
    from .models import Target

    targets = Target.objects.filter(
        year=b.year, subject_type=b.subject.type if b.subject.type != "district" else "region"
    )
    if b.subject.type == REGION:
        targets = targets.filter(subject_id__isnull=True)
    else:
        targets = targets.filter(subject_id=b.subject.id)
    return [
        t
        for t in targets.select_related("indicator").order_by("indicator__sort_order", "pk")
        if t.indicator.code in ind.REGISTRY
    ]


def targets(b):
    """Progress against the year's targets and against 序时进度."""
    rows_ = subject_targets(b)
    b.heading("overall", "（二）年度目标完成情况")
    if not rows_:
        b.para("overall", f"{b.year}年度尚未录入{b.name}的目标值，本期不作目标进度评价。")
        b.target_rows = []
        return
    codes = sorted({t.indicator.code for t in rows_})
    values = b.values(codes, spans=[b.span])[b.span]
    elapsed = time_elapsed_progress(b.span.last_month)
    table_rows, behind, ahead = [], [], []
    b.target_rows = []
    for t in rows_:
        actual = values[t.indicator.code]
        progress = quantize(Decimal(actual or 0) / t.value) if t.value else None
        is_behind = progress is not None and progress < elapsed
        b.target_rows.append((t, actual, progress, is_behind))
        (behind if is_behind else ahead).append(zh_name(t.indicator.code))
        table_rows.append(
            [
                zh_name(t.indicator.code),
                unit_zh(t.indicator.code),
                plain(t.indicator.code, t.value),
                plain(t.indicator.code, actual),
                "—" if progress is None else fmt_rate(progress),
                fmt_rate(elapsed),
                "滞后" if is_behind else "达到序时",
            ]
        )
    text = f"对照{b.year}年度目标，按序时进度{fmt_rate(elapsed)}衡量，共{len(rows_)}项指标，"
    text += f"{len(ahead)}项达到或超过序时进度" + (f"（{names(ahead)}）" if ahead else "")
    text += f"，{len(behind)}项落后于序时进度" + (f"（{names(behind)}）" if behind else "") + "。"
    b.para("overall", text)
    b.table(
        "overall",
        "年度目标完成进度",
        ["指标", "单位", "年度目标", "累计完成", "完成进度", "序时进度", "状态"],
        table_rows,
    )


# -- the monthly ranking of the bulletin ---------------------------------------------------------


def park_scores(b, year, month, record):
    """{park: (score, values)} on the bulletin's monthly indicators, one month at a time."""
    parks = list(Park.objects.filter(is_active=True).exclude(status=Park.Status.DELISTED).order_by("code"))
    span = Span(year, month, "month")
    grouped = ind.compute_parks(BULLETIN_CODES, [park.pk for park in parks], [span])
    values = {park: grouped[park.pk][span] for park in parks}
    if record:
        for park in parks:
            b.record(BULLETIN_CODES, Subject(PARK, park.pk), [span], {span: values[park]})
    best = {code: max((v[code] for v in values.values()), default=Decimal(0)) for code in BULLETIN_CODES}
    scores = {}
    for park, v in values.items():
        points = [
            (indicator_points(v[c], best[c] if best[c] > 0 else Decimal(1), Decimal(0)), 1) for c in BULLETIN_CODES
        ]
        scores[park] = weighted_score(points)
    return scores, values


def bulletin(b):
    from portal.periods import previous_month

    month = b.span.month
    scores, values = park_scores(b, b.year, month, record=True)
    ranks = rank({p.pk: s for p, s in scores.items()})
    py, pm = previous_month(b.year, month)
    before, _values = park_scores(b, py, pm, record=False)
    before_ranks = rank({p.pk: s for p, s in before.items()})
    b.heading("overall", "（三）园区月度排名")
    ordered = sorted(scores, key=lambda p: (ranks[p.pk], p.code))
    rows = []
    for park in ordered:
        previous = before_ranks.get(park.pk)
        change = (
            "—"
            if previous is None
            else (
                "持平"
                if previous == ranks[park.pk]
                else (
                    f"上升{previous - ranks[park.pk]}位"
                    if previous > ranks[park.pk]
                    else f"下降{ranks[park.pk] - previous}位"
                )
            )
        )
        v = values[park]
        rows.append(
            [str(ranks[park.pk]), park.name, fmt_number(scores[park]), change]
            + [plain(code, v[code]) for code in BULLETIN_CODES]
        )
    if ordered:
        top = [p.name for p in ordered[:3]]
        up = [p.name for p in ordered if before_ranks.get(p.pk) and before_ranks[p.pk] - ranks[p.pk] >= 3]
        down = [p.name for p in ordered if before_ranks.get(p.pk) and ranks[p.pk] - before_ranks[p.pk] >= 3]
        text = (
            f"按{b.year}年{month}月当月工业总产值、税收和项目完成投资三项指标等权计分，{len(ordered)}个园区中"
            f"{names(top)}位列前三。"
        )
        if up:
            text += f"较上月排名上升3位及以上的有{names(up)}。"
        if down:
            text += f"较上月排名下降3位及以上的有{names(down)}。"
        if not up and not down:
            text += "各园区排名较上月变动均在2位以内。"
        b.para("overall", text)
        b.table(
            "overall",
            "园区月度综合排名",
            ["排名", "园区", "综合得分", "较上月", "当月产值（万元）", "当月税收（万元）", "当月完成投资（万元）"],
            rows,
        )
    else:
        b.para("overall", "本月无参加排名的园区。")
    evaluation_summary(b)
    return {"ranks": ranks, "count": len(ordered), "parks": {p.pk: p for p in ordered}}


def latest_evaluations(b):
    from .models import ParkEvaluation

    evaluations = ParkEvaluation.objects.filter(scheme__is_active=True).filter(
        Q(year__lt=b.year) | Q(year=b.year, month__lte=b.span.last_month)
    )
    latest = evaluations.order_by("-year", "-month").values_list("year", "month").first()
    if latest is None:
        return []
    return list(
        evaluations.filter(year=latest[0], month=latest[1])
        .select_related("park", "scheme")
        .order_by("rank", "park__code")
    )


def evaluation_summary(b):
    b.heading("overall", "（四）园区考评和动态管理")
    evaluations = latest_evaluations(b)
    if not evaluations:
        b.para("overall", "截至本月尚未开展园区考评。")
    else:
        first = evaluations[0]
        state = {"final": "已公布", "publicized": "公示中", "draft": "初评"}[first.status]
        grades = {}
        for e in evaluations:
            grades.setdefault(grade_label(e.grade), []).append(e.park.name)
        b.para(
            "overall",
            f"最近一次园区考评（{first.year}年{first.month}月，{state}）共{len(evaluations)}个园区参评，"
            + "；".join(f"{grade}{len(parks)}个" for grade, parks in grades.items())
            + "。",
        )
        b.table(
            "overall",
            "最近一次园区考评结果",
            ["排名", "园区", "总分", "等次", "园区状态"],
            [
                [str(e.rank), e.park.name, fmt_number(e.total_score), grade_label(e.grade), e.park.get_status_display()]
                for e in evaluations
            ],
        )
    start = datetime.date(b.year, b.span.last_month, 1)
    changes = list(
        ParkStatusChange.objects.filter(effective_on__gte=start, effective_on__lte=b.end).select_related("park")
    )
    if not changes:
        b.para("overall", "本月无园区动态管理状态调整。")
    else:
        for c in changes:
            b.para(
                "overall",
                f"{c.park.name}由{c.get_from_status_display()}调整为{c.get_to_status_display()}，"
                f"自{c.effective_on.isoformat()}起执行。调整依据：{c.reason}",
            )


# -- 二、主要成效 ----------------------------------------------------------------------------------


def achievements(b):
    codes = ["qualifications_new", "projects_started", "projects_completed", "leads_signed", "policy_disbursed"]
    v = b.values(codes)
    now, then = v[b.span], v[b.last]
    b.heading("achievements", "（一）重点工作推进")
    if all(not now[c] for c in codes):
        b.para("achievements", f"{span_label(b.span)}未新增资质认定、项目开竣工、招商签约和政策资金兑现。")
    else:
        b.para(
            "achievements",
            f"{span_label(b.span)}，新认定各类企业资质{fmt_count(now['qualifications_new'], '项')}，"
            f"{fmt_change(now['qualifications_new'], then['qualifications_new'], '项')}；新开工项目"
            f"{fmt_count(now['projects_started'], '个')}、竣工投产项目{fmt_count(now['projects_completed'], '个')}；"
            f"招商引资签约项目{fmt_count(now['leads_signed'], '个')}；兑现惠企政策资金"
            f"{fmt_money(now['policy_disbursed'])}，{fmt_yoy(now['policy_disbursed'], then['policy_disbursed'])}。",
        )
    if b.kind == "monthly_bulletin":
        return  # the monthly ranking above already covers every park
    if b.subject.type in {REGION, "district"}:
        by_park(b)
        by_cluster(b)
    elif b.subject.type == CLUSTER:
        by_chain(b, Chain.objects.filter(cluster_id=b.subject.id))
    elif b.subject.type == CHAIN:
        by_chain(b, Chain.objects.filter(pk=b.subject.id))


def by_park(b):
    b.heading("achievements", "（二）各园区发展情况")
    parks = list(Park.objects.filter(is_active=True).filter(ind.park_q(b.subject)).order_by("code"))
    if not parks:
        b.para("achievements", "本期无纳入统计的园区。")
        return
    rows, growth = [], []
    for park in parks:
        v = b.values(["output_value", "tax"], subject=Subject(PARK, park.pk))
        now, then = v[b.span], v[b.last]
        g = yoy(now["output_value"], then["output_value"])
        if g is not None:
            growth.append((g, park.name))
        rows.append(
            [
                park.name,
                plain("output_value", now["output_value"]),
                "—" if g is None else fmt_rate(g),
                plain("tax", now["tax"]),
                "—" if yoy(now["tax"], then["tax"]) is None else fmt_rate(yoy(now["tax"], then["tax"])),
            ]
        )
    growth.sort(reverse=True)
    if growth:
        fast = [f"{n}（{fmt_rate(g)}）" for g, n in growth[:3] if g > 0]
        text = f"{len(parks)}个园区中，{sum(1 for g, _n in growth if g > 0)}个园区工业总产值同比增长"
        text += f"，增速居前的是{names(fast)}。" if fast else "。"
        b.para("achievements", text)
    else:
        b.para("achievements", "各园区上年同期无可比产值数据，本期不作增速比较。")
    b.table("achievements", "各园区主要指标", ["园区", "工业总产值（万元）", "同比", "税收（万元）", "同比"], rows)


def by_cluster(b):
    clusters = list(Cluster.objects.order_by("sort_order", "code"))
    b.heading("achievements", "（三）产业集群发展情况")
    if not clusters:
        b.para("achievements", "尚未建立产业集群档案。")
        return
    rows, sentences = [], []
    for cluster in clusters:
        v = b.values(["output_value", "leads_signed"], subject=Subject(CLUSTER, cluster.pk))
        now, then = v[b.span], v[b.last]
        g = yoy(now["output_value"], then["output_value"])
        rows.append(
            [
                cluster.name,
                plain("output_value", now["output_value"]),
                "—" if g is None else fmt_rate(g),
                plain("leads_signed", now["leads_signed"]),
            ]
        )
        sentences.append(
            f"{cluster.name}完成工业总产值{fmt_money(now['output_value'])}，"
            f"{fmt_yoy(now['output_value'], then['output_value'])}"
        )
    b.para("achievements", "各产业集群中，" + "；".join(sentences) + "。")
    b.table(
        "achievements", "各产业集群主要指标", ["产业集群", "工业总产值（万元）", "同比", "签约招商项目（个）"], rows
    )


def by_chain(b, chains):
    b.heading("achievements", "（二）产业链发展情况")
    rows = []
    for chain in chains.order_by("sort_order", "code"):
        v = b.values(
            ["output_value", "leads_signed", "chain_completeness"], subject=Subject(CHAIN, chain.pk), spans=[b.span]
        )
        now = v[b.span]
        rows.append(
            [
                chain.name,
                plain("output_value", now["output_value"]),
                plain("chain_completeness", now["chain_completeness"]),
                plain("leads_signed", now["leads_signed"]),
            ]
        )
    if not rows:
        b.para("achievements", "尚未建立产业链档案。")
        return
    b.para(
        "achievements",
        "；".join(
            f"{r[0]}完成工业总产值{r[1]}万元，产业链完整度{r[2]}{'%' if r[2] != '—' else ''}，签约招商项目{r[3]}个"
            for r in rows
        )
        + "。",
    )
    b.table(
        "achievements",
        "产业链主要指标",
        ["产业链", "工业总产值（万元）", "产业链完整度（%）", "签约招商项目（个）"],
        rows,
    )


# -- 三、存在问题 ----------------------------------------------------------------------------------


def subject_nodes(subject):
    nodes = ChainNode.objects.all()
    if subject.type == CHAIN:
        return nodes.filter(chain_id=subject.id)
    if subject.type == CLUSTER:
        return nodes.filter(chain__cluster_id=subject.id)
    if subject.type == PARK:
        return nodes.filter(chain__host_parks=subject.id)
    return nodes


def subject_land(subject):
    land = LandParcel.objects.filter(status=LandParcel.Status.SUPPLIED_NOT_USED, agreed_start_on__isnull=False)
    return land.filter(ind.park_q(subject, "park__")).distinct()


def find_problems(b, ranking):
    # targets behind time
    behind = [(t, progress) for t, _actual, progress, is_behind in getattr(b, "target_rows", []) if is_behind]
    if behind:
        elapsed = time_elapsed_progress(b.span.last_month)
        b.problem(
            "target_behind",
            [t.pk for t, _p in behind],
            f"部分年度目标进度滞后。{names(f'{zh_name(t.indicator.code)}完成{fmt_rate(p)}' for t, p in behind)}，"
            f"低于{fmt_rate(elapsed)}的序时进度。",
            f"对{names(zh_name(t.indicator.code) for t, _p in behind)}等进度滞后指标逐项分析原因，"
            "明确责任单位和完成时限，按月调度，确保全年目标任务完成。",
        )
    # chain nodes
    statuses = ind.node_statuses(
        subject_nodes(b.subject).order_by("chain__sort_order", "chain__code", "sort_order", "pk")
    )
    missing = [n for n, s in statuses if s == "missing"]
    weak = [n for n, s in statuses if s == "weak"]
    if missing:
        b.problem(
            "missing_node",
            [n.pk for n in missing],
            f"产业链存在缺失环节{len(missing)}个，{names(f'{n.chain.name}“{n.name}”' for n in missing)}尚无本地企业布局。",  # noqa: E501
            f"围绕{names(f'{n.chain.name}“{n.name}”' for n in missing)}等缺失环节编制招商图谱和目标企业名录，"
            "开展精准补链招商。",
        )
    if weak:
        b.problem(
            "weak_node",
            [n.pk for n in weak],
            f"产业链薄弱环节{len(weak)}个，{names(f'{n.chain.name}“{n.name}”' for n in weak)}企业数量少或无规上企业支撑。",  # noqa: E501
            f"对{names(f'{n.chain.name}“{n.name}”' for n in weak)}等薄弱环节，支持现有企业扩能升规，"
            "引进配套企业，提升本地配套能力。",
        )
    # lagging projects
    lagging = ind.lagging_projects(b.subject, b.span)
    if lagging:
        b.figures.append(
            {
                "code": "projects_lagging",
                "subject_type": b.subject.type,
                "subject_id": b.subject.id,
                "year": b.span.year,
                "month": b.span.month,
                "mode": b.span.mode,
                "value": str(len(lagging)),
                "text": str(len(lagging)),
            }
        )
        b.problem(
            "lagging_project",
            [p.pk for p in lagging],
            f"{len(lagging)}个项目投资进度滞后于序时进度10个百分点以上，"
            + names(f"{p.name}（年度计划完成{fmt_rate(p.ytd / p.annual_plan)}）" for p in lagging)
            + "。",
            f"对{names(p.name for p in lagging)}等滞后项目实行包抓领导专项调度，协调解决要素保障问题，加快投资进度。",
        )
    # bottom parks
    bottom = bottom_parks(b, ranking)
    if bottom:
        b.problem(
            "bottom_park",
            [p.pk for p, _r, _n in bottom],
            f"{names(f'{p.name}（第{r}名/共{n}个）' for p, r, n in bottom)}排名靠后。",
            f"对{names(p.name for p, _r, _n in bottom)}开展专题约谈，帮助分析短板，制定整改提升措施并跟踪落实。",
        )
    # overdue service requests
    overdue = list(
        ServiceRequest.objects.filter(ind.enterprise_q(b.subject, "enterprise__"))
        .filter(status__in=OPEN_REQUEST_STATUSES, due_on__lt=b.end, received_on__lte=b.end)
        .select_related("enterprise", "department")
        .order_by("due_on", "pk")
    )
    if overdue:
        departments = sorted({str(r.department) for r in overdue if r.department_id})
        b.problem(
            "overdue_request",
            [r.pk for r in overdue],
            f"企业诉求办理超期{len(overdue)}件，涉及{names(departments) or '相关部门'}，"
            f"其中{names(f'{r.enterprise.name}“{r.title}”' for r in overdue[:3])}超期时间较长。",
            f"督促{names(departments) or '相关部门'}限期办结超期诉求，对超期{len(overdue)}件逐件明确包抓干部和办结时限。",  # noqa: E501
        )
    # expiring qualifications
    horizon = add_months_to_date(b.end, 6)
    quals = [
        q
        for q in Qualification.objects.filter(enterprise__is_active=True)
        .filter(ind.enterprise_q(b.subject, "enterprise__"), expires_on__gte=b.end, expires_on__lte=horizon)
        .select_related("enterprise", "kind")
        .order_by("expires_on", "pk")
        if qualification_expiring_within(q.expires_on, b.end)
    ]
    if quals:
        by_kind = {}
        for q in quals:
            by_kind[q.kind.name] = by_kind.get(q.kind.name, 0) + 1
        b.problem(
            "expiring_qualification",
            [q.pk for q in quals],
            f"{len(quals)}项企业资质将在6个月内到期，其中"
            + "、".join(f"{k}{n}项" for k, n in by_kind.items())
            + "，存在到期失效风险。",
            f"提前对接{len(quals)}项即将到期资质的企业，指导做好复审和重新认定申报，防止资质失效。",
        )
    # idle land
    idle = []
    for parcel in subject_land(b.subject).select_related("park").order_by("park__code", "code"):
        state = land_idle_state(parcel.status, parcel.agreed_start_on, parcel.construction_started_on, b.end)
        if state:
            idle.append((parcel, state))
    if idle:
        reclaim = [p for p, s in idle if s == RECLAIM]
        fee = [p for p, s in idle if s != RECLAIM]
        area = sum((p.area_mu for p, _s in idle), Decimal(0))
        fees = sum((idle_fee(p.price) or Decimal(0) for p in fee), Decimal(0))
        b.problem(
            "idle_land",
            [p.pk for p, _s in idle],
            f"闲置土地{len(idle)}宗、{fmt_number(area)}亩，其中超过约定动工日期满一年的{len(fee)}宗"
            f"（应征收闲置费{fmt_money(fees)}），满两年应依法收回的{len(reclaim)}宗"
            + (f"（{names(f'{p.park.name}{p.code}号地块' for p in reclaim)}）" if reclaim else "")
            + "。",
            "依法对闲置满一年的土地征收闲置费，对满两年的"
            + (f"{names(f'{p.park.name}{p.code}号' for p in reclaim)}等地块" if reclaim else "地块")
            + "启动收回程序，盘活存量用地。",
        )


def bottom_parks(b, ranking):
    """[(park, rank, count)] in the bottom three: of the bulletin's ranking in a bulletin, of the
    latest evaluation otherwise."""
    if b.subject.type in {CHAIN, CLUSTER}:
        return []
    if ranking is not None:
        found = [
            (ranking["parks"][pk], r, ranking["count"])
            for pk, r in ranking["ranks"].items()
            if ranking["count"] > 3 and in_bottom(r, ranking["count"], 3)
        ]
    else:
        found = [
            (e.park, e.rank, e.park_count)
            for e in latest_evaluations(b)
            if e.park_count > e.scheme.bottom_n and in_bottom(e.rank, e.park_count, e.scheme.bottom_n)
        ]
    if b.subject.type == PARK:
        found = [f for f in found if f[0].pk == b.subject.id]
    return sorted(found, key=lambda f: (f[1], f[0].code))


def write_problems(b):
    found = sorted(b.problems, key=lambda p: PROBLEM_ORDER.index(p["kind"]))
    b.problems = found
    if not found:
        b.para(
            "problems",
            "经对本期数据逐项核查，未发现目标滞后、产业链缺失或薄弱环节、项目滞后、诉求超期、资质到期和土地闲置等问题。",
        )
        b.para("next_steps", "本期数据未反映需专项推进的问题，下一步按既定计划做好月度调度和数据核查。")
        return
    for p in found:
        p["title"] = PROBLEM_TITLES[p["kind"]]
    for i, p in enumerate(found):
        b.heading("problems", f"（{ORDINALS[i]}）{PROBLEM_TITLES[p['kind']]}")
        b.para("problems", p["text"])
    for i, p in enumerate(found):
        b.heading("next_steps", f"（{ORDINALS[i]}）{STEP_TITLES[p['kind']]}")
        b.para("next_steps", p["step"])


PROBLEM_TITLES = {
    "target_behind": "部分目标进度滞后",
    "missing_node": "产业链关键环节缺失",
    "weak_node": "产业链部分环节薄弱",
    "lagging_project": "部分项目建设进度滞后",
    "bottom_park": "个别园区排名靠后",
    "overdue_request": "企业诉求办理超期",
    "expiring_qualification": "企业资质面临到期",
    "idle_land": "存量土地闲置",
}
STEP_TITLES = {
    "target_behind": "紧盯年度目标补差距",
    "missing_node": "精准招商补齐缺失环节",
    "weak_node": "培育配套做强薄弱环节",
    "lagging_project": "专项调度加快项目进度",
    "bottom_park": "约谈督导推动园区提升",
    "overdue_request": "限时办结企业诉求",
    "expiring_qualification": "做好资质复审服务",
    "idle_land": "依法处置闲置土地",
}
