"""Writes of the reports app: generating reports, the park evaluation with its publication and
objections, and the reminders."""

import datetime
import logging
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from parks.models import Park
from parks.rules import dynamic_transition, grade_for, indicator_points, rank, validate_grade_thresholds, weighted_score
from parks.services import park_set_status
from portal.periods import add_months_to_date, to_decimal
from portal.services import object_save

from . import content as report_content
from . import indicators as ind
from .annex import render_xlsx
from .docx import render_docx
from .models import EvaluationObjection, ParkEvaluation, ParkEvaluationItem, Report, SubjectType

log = logging.getLogger(__name__)
STUCK_AFTER = datetime.timedelta(minutes=15)
PERIODS = {
    Report.Kind.MONTHLY_BULLETIN: 12,
    Report.Kind.QUARTERLY: 4,
    Report.Kind.HALF_YEAR: 2,
    Report.Kind.ANNUAL: 0,
    Report.Kind.CHAIN: 4,
}


# -- reports -------------------------------------------------------------------------------------


def validate_report_key(kind, year, period, subject_type, subject_id):
    errors = {}
    if kind not in Report.Kind.values:
        errors["kind"] = _("Choose a report kind.")
    else:
        top = PERIODS[kind]
        if (top == 0 and period != 0) or (top and not 1 <= period <= top):
            errors["period"] = (
                _("This kind of report has periods 1 to %(top)s.") % {"top": top}
                if top
                else _("An annual report has no period within the year.")
            )
    if kind == Report.Kind.CHAIN and (subject_type != SubjectType.CHAIN or not subject_id):
        errors["subject_id"] = _("A chain report needs its chain.")
    if subject_type == SubjectType.REGION and subject_id is not None:
        errors["subject_id"] = _("A region-wide report has no subject.")
    if errors:
        raise ValidationError(errors)


def report_request(*, user, kind, year, period, subject_type=SubjectType.REGION, subject_id=None, schedule=""):
    """Queue a report for (kind, year, period, subject).  The row is found again by that key, so a
    rerun replaces the report instead of adding a second one; its current content stays visible
    until the new one is complete."""
    from .tasks import generate_report

    validate_report_key(kind, year, period, subject_type, subject_id)
    with transaction.atomic():
        report, _created = Report.objects.select_for_update().get_or_create(
            kind=kind, year=year, period=period, subject_type=subject_type, subject_id=subject_id
        )
        on_its_way = report.status in {Report.Status.QUEUED, Report.Status.RUNNING} and not _created
        if on_its_way and report.queued_at and timezone.now() - report.queued_at < STUCK_AFTER:
            return report  # already on its way: one job, not two
        report.status = Report.Status.QUEUED
        report.progress = 0
        report.error = ""
        report.queued_at = timezone.now()
        report.generated_by = user
        report.schedule = schedule
        report.save()
        transaction.on_commit(lambda: generate_report.delay(report.pk))
    return report


def report_set_progress(report_id, percent):
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(progress=min(99, int(percent)))


def report_generate(report_id, pause=None):
    """Build the report fully in memory, then swap it in in one transaction: a reader sees the old
    report or the new one, never half of one.  Idempotent: running it twice gives the same report."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status == Report.Status.DONE:
            return report
        report.status = Report.Status.RUNNING
        report.started_at = timezone.now()
        report.progress = 1
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "progress", "attempts"])
    data = report_content.build(
        report.kind,
        report.year,
        report.period,
        report.subject_type,
        report.subject_id,
        progress=lambda percent: report_set_progress(report_id, percent),
    )
    html = render_to_string("reports/_report_body.html", {"content": data})
    report_set_progress(report_id, 85)
    docx_bytes = render_docx(data)
    report_set_progress(report_id, 92)
    xlsx_bytes = render_xlsx(data)
    if pause:
        pause()
    stem = f"{report.kind}-{report.year}-{report.period:02d}-{report.subject_type}{report.subject_id or ''}"
    token = uuid.uuid4().hex[:8]
    old_files = []
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        old_files = [f.name for f in (report.docx, report.xlsx) if f]
        report.docx.save(f"{stem}-{token}.docx", ContentFile(docx_bytes), save=False)
        report.xlsx.save(f"{stem}-{token}.xlsx", ContentFile(xlsx_bytes), save=False)
        report.title = data["title"]
        report.content = data
        report.html = html
        report.status = Report.Status.DONE
        report.progress = 100
        report.error = ""
        report.generated_at = timezone.now()
        report.save()
        storage = report.docx.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in old_files if storage.exists(name)])
    return report


def report_fail(report_id, error):
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, error=str(error)[:5000], progress=0
    )


def reports_stuck(threshold=STUCK_AFTER, now=None):
    """Reports queued or running for longer than ``threshold``: their worker died (the embedded
    broker loses the messages a killed worker held)."""
    now = now or timezone.now()
    cutoff = now - threshold
    return Report.objects.filter(
        Q(status=Report.Status.QUEUED, queued_at__lt=cutoff)
        | Q(status=Report.Status.RUNNING, started_at__lt=cutoff)
        | Q(status=Report.Status.RUNNING, started_at__isnull=True, queued_at__lt=cutoff)
    )


def reports_resend_stuck(threshold=STUCK_AFTER):
    """Send the stuck reports' jobs again.  Returns the ids re-sent."""
    from .tasks import generate_report

    ids = []
    with transaction.atomic():
        for report in reports_stuck(threshold).select_for_update():
            report.status = Report.Status.QUEUED
            report.queued_at = timezone.now()
            report.progress = 0
            report.save(update_fields=["status", "queued_at", "progress"])
            ids.append(report.pk)
        transaction.on_commit(lambda: [generate_report.delay(pk) for pk in ids])
    return ids


# -- the park evaluation -------------------------------------------------------------------------


def scheme_thresholds(scheme):
    order = ["excellent", "good", "fair", "poor"]
    pairs = [(grade, Decimal(str(scheme.thresholds[grade]))) for grade in order if grade in scheme.thresholds]
    if not pairs or pairs[-1][0] != "poor":
        pairs.append(("poor", Decimal("0")))
    return pairs


def validate_scheme(items, thresholds):
    errors = {}
    if not isinstance(items, list) or not items:
        errors["items"] = _("List at least one indicator with its weight.")
    else:
        for item in items:
            code = item.get("indicator") if isinstance(item, dict) else None
            if code not in ind.REGISTRY:
                errors["items"] = _("Unknown indicator “%(code)s”.") % {"code": code}
                break
            try:
                weight, best, worst = (to_decimal(item.get(k)) for k in ("weight", "best", "worst"))
            except (TypeError, ValueError):
                errors["items"] = _("Weight, best and worst of “%(code)s” must be numbers.") % {"code": code}
                break
            if weight is None or weight <= 0:
                errors["items"] = _("The weight of “%(code)s” must be greater than 0.") % {"code": code}
                break
            if best is None or worst is None or best == worst:
                errors["items"] = _("Best and worst values of “%(code)s” must differ.") % {"code": code}
                break
    try:
        pairs = [(g, Decimal(str(thresholds[g]))) for g in ("excellent", "good", "fair", "poor") if g in thresholds]
        validate_grade_thresholds(pairs)
    except (ValidationError, TypeError, ValueError, ArithmeticError) as exc:
        errors["thresholds"] = exc.messages if isinstance(exc, ValidationError) else _("Thresholds must be numbers.")
    if errors:
        raise ValidationError(errors)


def scheme_save(*, user, scheme, data, expected_version=None):
    validate_scheme(data.get("items", scheme.items), data.get("thresholds", scheme.thresholds))
    return object_save(user=user, obj=scheme, data=data, expected_version=expected_version)


def evaluation_span(scheme, year, month):
    return ind.Span(year, month, "ytd")


def score_items(scheme, values):
    """[(item, value, points)] and the weighted score, for one park's input values."""
    rows = []
    for item in scheme.items:
        value = values.get(item["indicator"])
        points = indicator_points(value, item["best"], item["worst"])
        rows.append((item, value, points))
    total = weighted_score([(points, item["weight"]) for item, _v, points in rows])
    return rows, total or Decimal("0")


def evaluation_scores(scheme, year, month):
    """Reads only: (parks, {park: (items, total)}, {park id: rank}) for a period."""
    parks = list(Park.objects.filter(is_active=True).exclude(status=Park.Status.DELISTED).order_by("code"))
    span = evaluation_span(scheme, year, month)
    codes = sorted({item["indicator"] for item in scheme.items})
    values = ind.compute_parks(codes, [park.pk for park in parks], [span])
    scored = {park: score_items(scheme, values[park.pk][span]) for park in parks}
    ranks = rank({park.pk: total for park, (_rows, total) in scored.items()})
    return parks, scored, ranks


@transaction.atomic
def evaluation_run(*, user, scheme, year, month, today=None):
    """Score, grade and rank every active park for the period ending ``year``-``month`` and put
    the results under publication (公示).  Rerunning replaces results still under publication;
    final ones are never touched."""
    today = today or timezone.localdate()
    if ParkEvaluation.objects.filter(
        scheme=scheme, year=year, month=month, status=ParkEvaluation.Status.FINAL
    ).exists():
        raise ValidationError(_("This evaluation period is final and cannot be scored again."))
    parks, scored, ranks = evaluation_scores(scheme, year, month)
    thresholds = scheme_thresholds(scheme)
    ends_on = today + datetime.timedelta(days=scheme.publication_days)
    ParkEvaluation.objects.filter(scheme=scheme, year=year, month=month).exclude(park__in=parks).delete()
    results = []
    for park, (rows, total) in scored.items():
        evaluation, _created = ParkEvaluation.objects.update_or_create(
            scheme=scheme,
            park=park,
            year=year,
            month=month,
            defaults={
                "total_score": total,
                "grade": grade_for(total, thresholds),
                "rank": ranks[park.pk],
                "park_count": len(parks),
                "status": ParkEvaluation.Status.PUBLICIZED,
                "publication_ends_on": ends_on,
                "updated_by": user,
            },
        )
        evaluation.items.all().delete()
        ParkEvaluationItem.objects.bulk_create(
            ParkEvaluationItem(
                evaluation=evaluation,
                indicator_code=item["indicator"],
                indicator_name=str(ind.REGISTRY[item["indicator"]].name)[:60],
                input_value=None if value is None else Decimal(value).quantize(Decimal("0.0001")),
                weight=to_decimal(item["weight"]),
                points=points,
            )
            for item, value, points in rows
        )
        results.append(evaluation)
    return results


def rescore_period(*, user, scheme, year, month):
    """Recompute totals, grades and ranks of a period from the items' (possibly corrected) inputs."""
    evaluations = list(
        ParkEvaluation.objects.select_for_update().filter(scheme=scheme, year=year, month=month).order_by("pk")
    )
    items = {item["indicator"]: item for item in scheme.items}
    thresholds = scheme_thresholds(scheme)
    totals = {}
    for evaluation in evaluations:
        pairs = []
        for row in evaluation.items.all():
            item = items.get(row.indicator_code)
            if item:
                row.points = indicator_points(row.input_value, item["best"], item["worst"])
                row.save(update_fields=["points"])
            pairs.append((row.points, row.weight))
        totals[evaluation.pk] = weighted_score(pairs) or Decimal("0")
    ranks = rank(totals)
    for evaluation in evaluations:
        data = {"total_score": totals[evaluation.pk], "grade": grade_for(totals[evaluation.pk], thresholds)}
        data["rank"] = ranks[evaluation.pk]
        if any(getattr(evaluation, k) != v for k, v in data.items()):
            object_save(user=user, obj=evaluation, data=data)


def objection_create(*, user, evaluation, item, reason, claimed_value=None, today=None):
    today = today or timezone.localdate()
    errors = {}
    if evaluation.status != ParkEvaluation.Status.PUBLICIZED or (
        evaluation.publication_ends_on and today > evaluation.publication_ends_on
    ):
        raise ValidationError(_("Objections can only be lodged while the result is under publication."))
    if item is not None and item.evaluation_id != evaluation.pk:
        errors["item"] = _("Choose an indicator of this evaluation.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the objection.")
    if errors:
        raise ValidationError(errors)
    objection = EvaluationObjection(evaluation=evaluation, item=item, claimed_value=claimed_value)
    return object_save(user=user, obj=objection, data={"reason": reason.strip()})


@transaction.atomic
def objection_accept(*, user, objection, corrected_value, reply=""):
    """The input was wrong: correct it, re-score the period, keep the history."""
    objection = EvaluationObjection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != EvaluationObjection.Status.OPEN:
        raise ValidationError(_("This objection has already been handled."))
    if objection.item is None:
        raise ValidationError(
            {"item": _("An objection without an indicator cannot change a score; reject it with a reply.")}
        )
    if corrected_value is None:
        raise ValidationError({"corrected_value": _("Enter the corrected value.")})
    item = objection.item
    old = item.input_value
    item.input_value = to_decimal(corrected_value)
    item.save(update_fields=["input_value"])
    evaluation = objection.evaluation
    rescore_period(user=user, scheme=evaluation.scheme, year=evaluation.year, month=evaluation.month)
    note = _("%(indicator)s corrected from %(old)s to %(new)s.") % {
        "indicator": item.indicator_name,
        "old": "—" if old is None else format(old.normalize(), "f"),
        "new": format(item.input_value.normalize(), "f"),
    }
    data = {
        "status": EvaluationObjection.Status.ACCEPTED,
        "reply": f"{reply.strip()} {note}".strip(),
        "handled_at": timezone.now(),
        "handled_by": user,
    }
    return object_save(user=user, obj=objection, data=data)


@transaction.atomic
def objection_reject(*, user, objection, reply):
    objection = EvaluationObjection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != EvaluationObjection.Status.OPEN:
        raise ValidationError(_("This objection has already been handled."))
    if not (reply or "").strip():
        raise ValidationError({"reply": _("Give the reply that explains the rejection.")})
    data = {
        "status": EvaluationObjection.Status.REJECTED,
        "reply": reply.strip(),
        "handled_at": timezone.now(),
        "handled_by": user,
    }
    return object_save(user=user, obj=objection, data=data)


@transaction.atomic
def evaluation_finalize(*, user, scheme, year, month, today=None):
    """End the publication: results become final and dynamic management takes effect, each
    transition recorded with its reason.  Refused while the publication runs or objections are open."""
    today = today or timezone.localdate()
    evaluations = list(
        ParkEvaluation.objects.select_for_update()
        .filter(scheme=scheme, year=year, month=month, status=ParkEvaluation.Status.PUBLICIZED)
        .select_related("park")
    )
    if not evaluations:
        raise ValidationError(_("There is no evaluation under publication for this period."))
    if any(e.publication_ends_on and today <= e.publication_ends_on for e in evaluations):
        raise ValidationError(
            _("The publication runs until %(day)s; finalize it afterwards.")
            % {"day": evaluations[0].publication_ends_on.isoformat()}
        )
    if EvaluationObjection.objects.filter(evaluation__in=evaluations, status=EvaluationObjection.Status.OPEN).exists():
        raise ValidationError(_("Handle every open objection before finalizing."))
    transitions = []
    for evaluation in evaluations:
        object_save(
            user=user,
            obj=evaluation,
            data={"status": ParkEvaluation.Status.FINAL, "finalized_at": timezone.now()},
        )
    for evaluation in evaluations:
        park = evaluation.park
        history = [
            (e.grade, e.rank, e.park_count)
            for e in ParkEvaluation.objects.filter(
                scheme=scheme, park=park, status=ParkEvaluation.Status.FINAL
            ).order_by("-year", "-month")
        ]
        transition = dynamic_transition(park.status, history, park.observation_ends_on, today, bottom_n=scheme.bottom_n)
        if transition:
            park_set_status(
                user=user,
                park=park,
                status=transition.new_status,
                reason=transition.reason,
                effective_on=today,
                observation_ends_on=transition.observation_ends_on,
                source=f"{scheme.name} {year}-{month:02d}",
            )
            transitions.append((park, transition))
    return transitions


def evaluation_due(scheme, today):
    """The (year, month) an evaluation period of ``scheme`` ended in, when the month just passed
    closes one (June and December for a half-yearly scheme)."""
    year, month = today.year, today.month - 1
    if month == 0:
        year, month = year - 1, 12
    return (year, month) if month % scheme.period_months == 0 else None


# -- reminders -----------------------------------------------------------------------------------


def send_reminders(today=None):
    """In-app notifications (and e-mails) for deadlines and risks; one per user and subject, so a
    daily run does not repeat them.  Returns the number of new notifications."""
    from django.contrib.auth import get_user_model

    from enterprises.models import ParkMonth, Qualification, ServiceRequest
    from enterprises.rules import qualification_expiring_within
    from enterprises.selectors import OPEN_REQUEST_STATUSES
    from parks.models import LandParcel
    from parks.rules import land_idle_state
    from portal.notifications import notify
    from portal.periods import previous_month
    from portal.roles import Role

    today = today or timezone.localdate()
    users = get_user_model().objects.filter(is_active=True)
    officers = list(users.filter(role__in=[Role.OFFICER, Role.ADMIN]))
    created = 0

    def send(user, kind, key, title, body, url=""):
        nonlocal created
        created += notify(user, kind, key, title, body, url)[1]

    # monthly figures not submitted: park staff of each park whose last month is open
    year, month = previous_month(today.year, today.month)
    submitted = set(
        ParkMonth.objects.filter(year=year, month=month, status__in=["submitted", "approved"]).values_list(
            "park_id", flat=True
        )
    )
    for park in Park.objects.filter(is_active=True).exclude(pk__in=submitted).prefetch_related("staff"):
        for user in park.staff.all():
            send(
                user,
                "submission",
                f"submission:{park.pk}:{year}-{month}",
                f"{park}：{year}年{month}月数据尚未报送",
                f"请在截止日前完成{park}{year}年{month}月企业运行数据的填报和报送。",
            )
    # qualifications expiring within six months: the park's staff
    horizon = add_months_to_date(today, 6)
    quals = Qualification.objects.filter(
        enterprise__is_active=True, expires_on__gte=today, expires_on__lte=horizon, enterprise__park__isnull=False
    ).select_related("enterprise__park", "kind")
    for q in quals:
        if not qualification_expiring_within(q.expires_on, today):
            continue
        for user in q.enterprise.park.staff.all():
            send(
                user,
                "qualification",
                f"qualification:{q.pk}:{q.expires_on}",
                f"{q.enterprise.name}的{q.kind.name}将于{q.expires_on.isoformat()}到期",
                "请提醒企业提前准备复审或重新认定材料。",
            )
    # overdue service requests: the officer in charge, or the department's officers
    for request in ServiceRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES, due_on__lt=today).select_related(
        "enterprise"
    ):
        targets = (
            [request.officer]
            if request.officer_id
            else [u for u in officers if u.department_id == request.department_id]
        )
        for user in targets:
            send(
                user,
                "overdue_request",
                f"overdue_request:{request.pk}",
                f"企业诉求超期：{request.enterprise.name}“{request.title}”",
                f"该诉求应于{request.due_on.isoformat()}前办结，目前仍未办结。",
            )
    # lagging projects: park staff of the project's park and the officers
    span = ind.Span(*previous_month(today.year, today.month), "ytd")
    for project in ind.lagging_projects(ind.Subject(), span):
        for user in list(project.park.staff.all()) + officers:
            send(
                user,
                "lagging_project",
                f"lagging_project:{project.pk}:{span.year}-{span.month}",
                f"项目进度滞后：{project.name}",
                f"截至{span.year}年{span.month}月，累计完成投资低于序时进度10个百分点以上。",
            )
    # idle land passing one or two years
    for parcel in LandParcel.objects.filter(
        status=LandParcel.Status.SUPPLIED_NOT_USED, agreed_start_on__isnull=False
    ).select_related("park"):
        state = land_idle_state(parcel.status, parcel.agreed_start_on, parcel.construction_started_on, today)
        if not state:
            continue
        label = "满两年，应启动收回" if state == "reclaim" else "满一年，应征收闲置费"
        for user in list(parcel.park.staff.all()) + officers:
            send(
                user,
                "idle_land",
                f"idle_land:{parcel.pk}:{state}",
                f"土地闲置提醒：{parcel.park}{parcel.code}",
                f"该地块超过约定动工日期{label}。",
            )
    return created


# -- targets -------------------------------------------------------------------------------------


def target_save(*, user, target, data, expected_version=None):
    return object_save(user=user, obj=target, data=data, expected_version=expected_version)


def target_progress(targets, today=None):
    """[{target, actual, progress, elapsed, behind}] for the target list: progress against the
    target and against 序时进度, each actual from the indicator's one definition."""
    from portal.periods import quantize, time_elapsed_progress

    today = today or timezone.localdate()
    rows = []
    for target in targets:
        code = target.indicator.code
        month = 12 if target.year < today.year else max(1, today.month - 1)
        if target.year > today.year or code not in ind.REGISTRY:
            rows.append({"target": target, "actual": None, "progress": None, "elapsed": None, "behind": False})
            continue
        subject = ind.Subject(target.subject_type, target.subject_id)
        actual = ind.compute(code, subject, ind.Span(target.year, month, "ytd"))
        progress = quantize(Decimal(actual or 0) / target.value) if target.value else None
        elapsed = time_elapsed_progress(month)
        rows.append(
            {
                "target": target,
                "actual": actual,
                "progress": progress,
                "elapsed": elapsed,
                "behind": progress is not None and progress < elapsed,
            }
        )
    return rows
