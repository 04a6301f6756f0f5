"""Projects: monthly scheduling, year-to-date against plan and 序时进度, the lagging flag."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from projects import selectors, services
from projects.models import Project, ProjectProgress
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    """The messages are checked in Chinese, whatever an earlier test left active."""
    with translation.override("zh-hans"):
        yield


TODAY = datetime.date(2025, 12, 15)


@pytest.fixture
def project(park_a, department):
    project = f.ProjectFactory(park=park_a, responsible_leader="Wang", department=department)
    f.ProjectPlanFactory(project=project, year=2025, planned_investment=Decimal("1200"))
    return project


def test_month_entry_turns_project_lagging(project, officer):
    for month in range(1, 10):
        f.ProjectProgressFactory(project=project, year=2025, month=month, completed_investment=Decimal("800") / 9)
    # 1–9月: 800 of 1200 = 66.67%, time elapsed 75%: 8.33 points behind, not lagging
    assert selectors.lagging_projects(user=officer, year=2025, month=9) == []
    services.progress_save_month(
        user=officer,
        year=2025,
        month=10,
        rows={project: {"completed_investment": Decimal("50"), "progress_note": "steel frame", "problems": ""}},
        today=TODAY,
    )
    # 1–10月: 850 of 1200 = 70.83%, time elapsed 83.33%: 12.5 points behind → lagging
    lagging = selectors.lagging_projects(user=officer, year=2025, month=10)
    assert [p.pk for p in lagging] == [project.pk]
    assert lagging[0].lag == Decimal("12.50")
    assert selectors.schedule_period(user=officer) == (2025, 10)


def test_grid_refuses_negative_and_writes_nothing(project, park_a, officer):
    other = f.ProjectFactory(park=park_a)
    with pytest.raises(ValidationError) as exc:
        services.progress_save_month(
            user=officer,
            year=2025,
            month=4,
            rows={
                other: {"completed_investment": Decimal("10")},
                project: {"completed_investment": Decimal("-1")},
            },
            today=TODAY,
        )
    assert exc.value.message_dict[project.pk] == ["完成投资不能为负数。"]
    assert not ProjectProgress.objects.exists()


def test_grid_refuses_future_month(project, officer):
    with pytest.raises(ValidationError) as exc:
        services.progress_save_month(
            user=officer, year=2026, month=1, rows={project: {"completed_investment": 1}}, today=TODAY
        )
    assert len(exc.value.message_dict["__all__"]) == 1
    assert not ProjectProgress.objects.exists()


def test_grid_updates_a_month_in_place(project, officer):
    for amount in ("10", "25"):
        services.progress_save_month(
            user=officer, year=2025, month=5, rows={project: {"completed_investment": Decimal(amount)}}, today=TODAY
        )
    row = ProjectProgress.objects.get(project=project, year=2025, month=5)
    assert row.completed_investment == Decimal("25") and row.version == 2


def test_stage_change_is_recorded(project, officer):
    services.project_save(user=officer, project=project, data={"stage": Project.Stage.IN_PRODUCTION})
    assert project.history.first().history_change_reason == "阶段：在建 → 竣工投产"


def test_ytd_rate_elapsed_by_hand(project, officer):
    f.ProjectProgressFactory(project=project, year=2025, month=1, completed_investment=Decimal("100"))
    f.ProjectProgressFactory(project=project, year=2025, month=2, completed_investment=Decimal("200"))
    f.ProjectProgressFactory(project=project, year=2025, month=4, completed_investment=Decimal("999"))
    f.ProjectProgressFactory(project=project, year=2024, month=1, completed_investment=Decimal("999"))
    row = selectors.decorate(list(selectors.project_rows(Project.objects.filter(pk=project.pk), 2025, 3)), 3)[0]
    assert (row.ytd, row.annual_plan, row.rate, row.elapsed) == (
        Decimal("300"),
        Decimal("1200"),
        Decimal("0.2500"),
        Decimal("0.2500"),
    )
    assert row.lagging is False


def list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/projects/?year=2025&month=6")
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["rows"])


def build(n, park):
    for _ in range(n):
        project = f.ProjectFactory(park=park)
        f.ProjectPlanFactory(project=project)
        f.ProjectProgressFactory(project=project, month=2)


def test_project_list_queries_do_not_grow(client_for, officer, park_a):
    client = client_for(officer)
    build(3, park_a)
    small, rows_small = list_queries(client)
    build(27, park_a)
    large, rows_large = list_queries(client)
    assert (rows_small, rows_large) == (3, 30)
    assert small == large


def test_grid_page_saves_and_flags(client_for, officer, project):
    client = client_for(officer)
    response = client.post("/projects/schedule/?year=2025&month=6", {f"c_{project.pk}": "abc", f"n_{project.pk}": "x"})
    assert response.status_code == 200
    assert "请输入以万元为单位的数字。" in response.content.decode()
    assert not ProjectProgress.objects.exists()
    response = client.post("/projects/schedule/?year=2025&month=6", {f"c_{project.pk}": "120.5"})
    assert response.status_code == 302
    assert ProjectProgress.objects.get().completed_investment == Decimal("120.50")
