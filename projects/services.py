"""Writes of major projects: the project itself (stage changes recorded in its history), its
yearly plans and the monthly scheduling grid (月调度)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.periods import validate_period_not_future
from portal.services import object_save

from .models import Project, ProjectPlan, ProjectProgress

STAGE_LABELS = dict(Project.Stage.choices)


@transaction.atomic
def project_save(*, user, project, data, expected_version=None):
    """Create or edit a project; a stage change is written into its history with both stages."""
    old_stage = None
    if project.pk:
        old_stage = Project.objects.filter(pk=project.pk).values_list("stage", flat=True).first()
    new_stage = data.get("stage", project.stage)
    project._change_reason = None
    if old_stage and new_stage != old_stage:
        project._change_reason = _("Stage: %(old)s → %(new)s") % {
            "old": STAGE_LABELS[old_stage],
            "new": STAGE_LABELS[new_stage],
        }
    return object_save(user=user, obj=project, data=data, expected_version=expected_version)


@transaction.atomic
def project_plan_save(*, user, project, year, planned_investment):
    """Set a project's planned investment for ``year`` (年度计划投资)."""
    plan = ProjectPlan.objects.select_for_update().filter(project=project, year=year).first() or ProjectPlan(
        project=project, year=year
    )
    plan._change_reason = None
    return object_save(user=user, obj=plan, data={"planned_investment": planned_investment})


@transaction.atomic
def progress_save_month(*, user, year, month, rows, today=None):
    """Save one month of the scheduling grid.  ``rows``: {project: {"completed_investment",
    "progress_note", "problems"}}; a row with nothing in it is skipped.  Every row is validated
    first: on any error nothing is saved and the errors come back keyed by project id."""
    today = today or timezone.localdate()
    try:
        validate_period_not_future(year, month, today)
    except ValidationError as exc:
        raise ValidationError({"__all__": exc.messages}) from None
    errors = {}
    pending = []
    existing = {
        p.project_id: p
        for p in ProjectProgress.objects.select_for_update().filter(
            project__in=[project.pk for project in rows], year=year, month=month
        )
    }
    for project, values in rows.items():
        amount = values.get("completed_investment")
        note = (values.get("progress_note") or "").strip()
        problems = (values.get("problems") or "").strip()
        current = existing.get(project.pk)
        if amount is None and not note and not problems and current is None:
            continue
        if amount is not None and Decimal(amount) < 0:
            errors[project.pk] = [_("The completed investment cannot be negative.")]
            continue
        row = current or ProjectProgress(project=project, year=year, month=month)
        data = {
            "completed_investment": Decimal(0) if amount is None else amount,
            "progress_note": note,
            "problems": problems,
        }
        if current is not None and all(getattr(current, k) == v for k, v in data.items()):
            continue
        pending.append((row, data))
    if errors:
        raise ValidationError(errors)
    saved = []
    for row, data in pending:
        row._change_reason = None
        saved.append(object_save(user=user, obj=row, data=data))
    return saved
