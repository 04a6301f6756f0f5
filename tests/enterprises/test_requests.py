"""Service requests (企业诉求): due dates, every allowed and refused step, who may take it, the
overdue list, the officer's own queue first, and the rates per department and park."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from enterprises import selectors_requests as selectors
from enterprises import services_requests as services
from enterprises.models import ServiceRequest
from portal.models import Department
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    """The messages are checked in Chinese, whatever an earlier test left active."""
    with translation.override("zh-hans"):
        yield


S = ServiceRequest.Status


@pytest.fixture
def enterprise(park_a):
    return f.EnterpriseFactory(park=park_a)


def test_create_sets_due_date_from_category(staff_a, enterprise):
    # Monday 2025-03-03 + 7 working days → Wednesday 2025-03-12
    request = services.service_request_create(
        user=staff_a,
        data={
            "enterprise": enterprise,
            "category": "land",
            "title": "Warehouse land",
            "description": "Needs 20 mu",
            "received_on": datetime.date(2025, 3, 3),
        },
    )
    assert request.due_on == datetime.date(2025, 3, 12) and request.status == S.RECEIVED
    hard = services.service_request_create(
        user=staff_a,
        data={
            "enterprise": enterprise,
            "category": "land",
            "title": "Hard",
            "description": "x",
            "received_on": datetime.date(2025, 1, 31),
            "hard_case": True,
        },
    )
    assert hard.due_on == datetime.date(2025, 2, 28)


def test_create_limits_from_settings(staff_a, enterprise, settings):
    settings.SERVICE_REQUEST_LIMITS = {"finance": ("working_days", 3), "other": ("working_days", 7)}
    request = services.service_request_create(
        user=staff_a,
        data={
            "enterprise": enterprise,
            "category": "finance",
            "title": "Loan",
            "description": "x",
            "received_on": datetime.date(2025, 3, 7),  # Friday
        },
    )
    assert request.due_on == datetime.date(2025, 3, 12)


def test_park_staff_cannot_create_for_another_park(staff_b, enterprise):
    with pytest.raises(ValidationError) as exc:
        services.service_request_create(
            user=staff_b, data={"enterprise": enterprise, "category": "land", "title": "x", "description": "x"}
        )
    assert exc.value.messages == ["只能为本园区企业登记诉求。"]
    assert not ServiceRequest.objects.exists()


def test_visit_must_be_the_enterprises(staff_a, enterprise, park_a):
    visit = f.VisitFactory(enterprise=f.EnterpriseFactory(park=park_a))
    with pytest.raises(ValidationError) as exc:
        services.service_request_create(
            user=staff_a,
            data={"enterprise": enterprise, "visit": visit, "category": "land", "title": "x", "description": "x"},
        )
    assert exc.value.message_dict["visit"] == ["该走访记录属于其他企业。"]


def test_whole_flow_with_history(staff_a, officer, department, enterprise):
    request = f.ServiceRequestFactory(enterprise=enterprise, department=None)
    services.service_request_assign(user=staff_a, service_request=request, department=department, officer=officer)
    services.service_request_start(user=officer, service_request=request)
    services.service_request_resolve(
        user=officer, service_request=request, resolution="Land found", resolved_on=datetime.date(2025, 3, 10)
    )
    services.service_request_close(user=staff_a, service_request=request, satisfaction="satisfied")
    request.refresh_from_db()
    assert request.status == S.CLOSED and request.satisfaction == "satisfied"
    reasons = [h.history_change_reason for h in request.history.order_by("history_date", "history_id")][1:]
    assert reasons == [
        "交办至 工信局 · officer",
        "已受理 → 办理中",
        "办理中 → 已办结",
        "已办结 → 已评价: 满意",
    ]


def test_resolve_straight_from_received(officer, enterprise):
    request = f.ServiceRequestFactory(enterprise=enterprise)
    services.service_request_resolve(
        user=officer, service_request=request, resolution="On the spot", resolved_on=datetime.date(2025, 3, 3)
    )
    assert ServiceRequest.objects.get(pk=request.pk).status == S.RESOLVED


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.IN_PROGRESS, "start"),
        (S.RESOLVED, "start"),
        (S.RESOLVED, "resolve"),
        (S.RECEIVED, "close"),
        (S.IN_PROGRESS, "close"),
        (S.CLOSED, "resolve"),
        (S.CLOSED, "close"),
    ],
)
def test_refused_transitions(admin_user, enterprise, status, action):
    request = f.ServiceRequestFactory(enterprise=enterprise, status=status)
    calls = {
        "start": lambda: services.service_request_start(user=admin_user, service_request=request),
        "resolve": lambda: services.service_request_resolve(
            user=admin_user, service_request=request, resolution="x", resolved_on=datetime.date(2025, 3, 5)
        ),
        "close": lambda: services.service_request_close(
            user=admin_user, service_request=request, satisfaction="satisfied"
        ),
    }
    with pytest.raises(ValidationError) as exc:
        calls[action]()
    assert "不能变更为" in exc.value.messages[0]
    assert ServiceRequest.objects.get(pk=request.pk).status == status


def test_assign_refused_once_resolved(officer, department, enterprise):
    request = f.ServiceRequestFactory(enterprise=enterprise, status=S.RESOLVED)
    with pytest.raises(ValidationError) as exc:
        services.service_request_assign(user=officer, service_request=request, department=department, officer=None)
    assert exc.value.messages == ["只有未办结的诉求可以交办。"]


def test_officer_must_belong_to_department(officer, enterprise):
    other = Department.objects.exclude(pk=officer.department_id).first()
    request = f.ServiceRequestFactory(enterprise=enterprise)
    with pytest.raises(ValidationError) as exc:
        services.service_request_assign(user=officer, service_request=request, department=other, officer=officer)
    assert exc.value.message_dict["officer"] == ["该人员不属于所选部门。"]


@pytest.mark.parametrize(
    ("persona", "action", "message"),
    [
        ("staff_a", "start", "该诉求由承办部门人员办理。"),
        ("leader", "resolve", "该诉求由承办部门人员办理。"),
        ("staff_b", "assign", "您无权交办此诉求。"),
    ],
)
def test_who_may_take_a_step(request, enterprise, department, persona, action, message):
    user = request.getfixturevalue(persona)
    service_request = f.ServiceRequestFactory(enterprise=enterprise)
    calls = {
        "start": lambda: services.service_request_start(user=user, service_request=service_request),
        "resolve": lambda: services.service_request_resolve(user=user, service_request=service_request, resolution="x"),
        "assign": lambda: services.service_request_assign(
            user=user, service_request=service_request, department=department, officer=None
        ),
    }
    with pytest.raises(ValidationError) as exc:
        calls[action]()
    assert exc.value.messages == [message]


def test_officer_cannot_rate_satisfaction_of_park_enterprise(officer, enterprise):
    request = f.ServiceRequestFactory(enterprise=enterprise, status=S.RESOLVED, resolved_on=datetime.date(2025, 3, 5))
    with pytest.raises(ValidationError) as exc:
        services.service_request_close(user=officer, service_request=request, satisfaction="satisfied")
    assert exc.value.messages == ["企业满意度由所在园区人员登记。"]


def test_resolution_checks(officer, enterprise):
    request = f.ServiceRequestFactory(enterprise=enterprise)
    with pytest.raises(ValidationError) as exc:
        services.service_request_resolve(user=officer, service_request=request, resolution=" ")
    assert exc.value.message_dict["resolution"] == ["请填写办理结果。"]
    with pytest.raises(ValidationError) as exc:
        services.service_request_resolve(
            user=officer, service_request=request, resolution="x", resolved_on=datetime.date(2025, 3, 1)
        )
    assert exc.value.message_dict["resolved_on"] == ["办结日期不能早于受理日期。"]
    assert ServiceRequest.objects.get(pk=request.pk).status == S.RECEIVED


def test_late_resolution_is_overdue(officer, enterprise):
    request = f.ServiceRequestFactory(enterprise=enterprise)  # due 2025-03-12
    services.service_request_resolve(
        user=officer, service_request=request, resolution="x", resolved_on=datetime.date(2025, 3, 13)
    )
    on_time = f.ServiceRequestFactory(enterprise=enterprise)
    services.service_request_resolve(
        user=officer, service_request=on_time, resolution="x", resolved_on=datetime.date(2025, 3, 12)
    )
    overdue = [r.pk for r in selectors.overdue_rows(user=officer, today=datetime.date(2025, 3, 20))]
    assert overdue == [request.pk]


def test_my_queue_first(officer, department, django_user_model, enterprise):
    colleague = django_user_model.objects.create_user("colleague", role="officer", department=department)
    elsewhere = Department.objects.exclude(pk=department.pk).first()
    other_dept = f.ServiceRequestFactory(enterprise=enterprise, department=elsewhere, due_on=datetime.date(2025, 3, 4))
    dept = f.ServiceRequestFactory(enterprise=enterprise, officer=colleague, due_on=datetime.date(2025, 3, 5))
    mine_late = f.ServiceRequestFactory(enterprise=enterprise, officer=officer, due_on=datetime.date(2025, 3, 20))
    mine_soon = f.ServiceRequestFactory(enterprise=enterprise, officer=officer, due_on=datetime.date(2025, 3, 6))
    order = [r.pk for r in selectors.request_rows(user=officer)]
    assert order == [mine_soon.pk, mine_late.pk, dept.pk, other_dept.pk]


def test_rates_by_hand(officer, department, park_a, park_b):
    a, b = f.EnterpriseFactory(park=park_a), f.EnterpriseFactory(park=park_b)
    due = datetime.date(2025, 3, 12)
    f.ServiceRequestFactory(enterprise=a, status=S.CLOSED, resolved_on=due, satisfaction="satisfied")
    f.ServiceRequestFactory(enterprise=a, status=S.CLOSED, resolved_on=due, satisfaction="unsatisfied")
    f.ServiceRequestFactory(enterprise=a, status=S.RESOLVED, resolved_on=datetime.date(2025, 3, 14))
    f.ServiceRequestFactory(enterprise=b, status=S.RECEIVED)
    rates = selectors.request_rates(user=officer, year=2025, today=datetime.date(2025, 4, 1))
    parks = {row["label"]: row for row in rates["parks"]}
    assert (parks["Park A"]["total"], parks["Park A"]["resolved"], parks["Park A"]["on_time"]) == (3, 3, 2)
    assert parks["Park A"]["resolution_rate"] == Decimal("1")
    assert parks["Park A"]["on_time_rate"] == Decimal("0.6667")
    assert parks["Park A"]["satisfaction_rate"] == Decimal("0.5")
    assert parks["Park B"]["resolution_rate"] == Decimal("0") and parks["Park B"]["overdue"] == 1
    total = rates["total"][0]
    assert (total["total"], total["overdue"], total["resolution_rate"]) == (4, 2, Decimal("0.75"))


def test_create_page_from_enterprise_and_visit(client_for, staff_a, staff_b, enterprise):
    visit = f.VisitFactory(enterprise=enterprise)
    client = client_for(staff_a)
    response = client.post(
        f"/enterprises/requests/new/?visit={visit.pk}",
        {"category": "finance", "title": "Loan", "description": "Needs a bridge loan", "received_on": "2025-03-10"},
    )
    assert response.status_code == 302
    created = ServiceRequest.objects.get(title="Loan")
    assert created.visit == visit and created.enterprise == enterprise
    assert created.due_on == datetime.date(2025, 3, 19)
    assert client_for(staff_b).get(f"/enterprises/requests/new/?enterprise={enterprise.pk}").status_code == 404
