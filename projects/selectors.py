"""Reads of major projects shared by pages, exports, the API and reports: year-to-date completion
against the annual plan and 序时进度, the lagging flag, and the monthly scheduling period."""

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal.periods import previous_month, time_elapsed_progress

from . import rules
from .models import Project, ProjectPlan, ProjectProgress

MONEY = DecimalField(max_digits=20, decimal_places=2)
ZERO = Value(0, output_field=MONEY)
UNDER_WAY = (Project.Stage.NEWLY_STARTED, Project.Stage.UNDER_CONSTRUCTION)


def schedule_period(*, user, year=None, month=None):
    """The (year, month) the figures are shown for: the one asked for, else the latest month with
    progress entered that this user can see, else last month."""
    if year and month:
        return int(year), int(month)
    latest = ProjectProgress.objects.for_user(user).order_by("-year", "-month").values_list("year", "month").first()
    if latest:
        return latest
    today = timezone.localdate()
    return previous_month(today.year, today.month)


def _progress_sum(year, month, lookup):
    rows = (
        ProjectProgress.objects.filter(project=OuterRef("pk"), year=year, **{lookup: month})
        .order_by()
        .values("project")
        .annotate(total=Sum("completed_investment"))
        .values("total")
    )
    return Subquery(rows, output_field=MONEY)


def with_progress(queryset, year, month):
    """Annotate ``ytd`` (1–``month`` completed investment of ``year``), ``month_completed`` and
    ``annual_plan``.  Correlated subqueries, not joins: the database works them out only for the
    rows of the page, and counting the list does not aggregate the progress of every project."""
    plans = ProjectPlan.objects.filter(project=OuterRef("pk"), year=year).order_by().values("planned_investment")[:1]
    return queryset.annotate(
        ytd=Coalesce(_progress_sum(year, month, "month__lte"), ZERO),
        month_completed=_progress_sum(year, month, "month"),
        annual_plan=Subquery(plans, output_field=MONEY),
    )


def decorate(projects, month):
    """Set ``rate``, ``elapsed``, ``lag`` (points behind) and ``lagging`` on annotated projects."""
    elapsed = time_elapsed_progress(month)
    for project in projects:
        project.elapsed = elapsed
        project.rate = rules.completion_rate(project.ytd, project.annual_plan)
        project.lag = rules.lag_points(project.ytd, project.annual_plan, month)
        project.lagging = (
            project.stage in UNDER_WAY
            and project.is_active
            and rules.is_lagging(project.ytd, project.annual_plan, month)
        )
    return projects


def project_rows(queryset, year, month):
    """The list page's query: related rows and the progress annotations."""
    return with_progress(queryset.select_related("park", "investor", "chain", "department"), year, month)


def lagging_projects(*, user, year, month, queryset=None):
    """Projects under way, visible to ``user``, more than 10 points behind 序时进度 after
    ``month`` of ``year``, ordered by park and responsible leader.  Reports call this too."""
    queryset = queryset if queryset is not None else Project.objects.for_user(user)
    candidates = project_rows(queryset.filter(is_active=True, stage__in=UNDER_WAY), year, month).order_by(
        "park__name", "responsible_leader", "code"
    )
    return [project for project in decorate(list(candidates), month) if project.lagging]


def lagging_by_park_and_leader(projects):
    """[(park, [(leader, [projects])])] from an ordered list of lagging projects."""
    groups = []
    for project in projects:
        if not groups or groups[-1][0] != project.park:
            groups.append((project.park, []))
        leaders = groups[-1][1]
        if not leaders or leaders[-1][0] != project.responsible_leader:
            leaders.append((project.responsible_leader, []))
        leaders[-1][1].append(project)
    return groups
