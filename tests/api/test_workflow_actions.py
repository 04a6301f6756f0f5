"""Workflow actions of the API: statuses move only through the services the browser uses.

For each action: the happy path (the status and what goes with it, in the database), the scope
(another park's row is a 404, a leader's action a 403 before anything is looked at, a role the
service refuses a 403 with its message), a move the workflow does not allow (409) and invalid
input (400 naming the field) — and on every refusal nothing is written."""

import datetime
from decimal import Decimal

import pytest

from clusters.models import InvestmentLead
from enterprises.models import ParkMonth, ServiceRequest
from policies.models import Application
from tests import factories as f

pytestmark = pytest.mark.django_db


def status_of(obj):
    return type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True).get()


# -- park months (月度填报) ------------------------------------------------------------------------


def test_park_staff_submit_a_month_and_an_officer_approves_it(api, staff_a, officer, park_a):
    f.EnterpriseStatFactory(enterprise=f.EnterpriseFactory(park=park_a), year=2025, month=3)
    response = api(staff_a).post(
        "/api/park-months/submit/", {"park": park_a.pk, "year": 2025, "month": 3}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted"
    month = ParkMonth.objects.get(park=park_a, year=2025, month=3)
    assert month.submitted_by == staff_a

    response = api(officer).post(f"/api/park-months/{month.pk}/approve/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    month.refresh_from_db()
    assert (month.status, month.reviewed_by) == ("approved", officer)


def test_a_returned_month_carries_its_reason(api, officer, park_a):
    month = f.ParkMonthFactory(park=park_a, status="submitted")
    response = api(officer).post(f"/api/park-months/{month.pk}/return/", {"reason": "三月营收缺两家"}, format="json")
    assert response.status_code == 200
    month.refresh_from_db()
    assert (month.status, month.return_reason) == ("returned", "三月营收缺两家")


def test_a_return_without_reason_is_refused_and_nothing_moves(api, officer, park_a):
    month = f.ParkMonthFactory(park=park_a, status="submitted")
    response = api(officer).post(f"/api/park-months/{month.pk}/return/", {"reason": "  "}, format="json")
    assert response.status_code == 400
    assert response.json() == {"reason": ["请填写原因。"]}
    assert status_of(month) == "submitted"


def test_park_staff_cannot_approve_their_own_month(api, staff_a, park_a):
    month = f.ParkMonthFactory(park=park_a, status="submitted")
    assert api(staff_a).post(f"/api/park-months/{month.pk}/approve/", {}, format="json").status_code == 403
    assert status_of(month) == "submitted"


def test_another_parks_month_is_a_404_for_park_staff(api, staff_a, park_b):
    month = f.ParkMonthFactory(park=park_b, status="submitted")
    assert api(staff_a).post(f"/api/park-months/{month.pk}/reopen/", {"reason": "x"}, format="json").status_code == 404
    assert status_of(month) == "submitted"


def test_submitting_for_another_park_names_the_park_field(api, staff_a, park_b):
    response = api(staff_a).post(
        "/api/park-months/submit/", {"park": park_b.pk, "year": 2025, "month": 3}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["park"]
    assert not ParkMonth.objects.exists()


def test_a_leaders_action_is_a_403(api, leader, park_a):
    month = f.ParkMonthFactory(park=park_a, status="submitted")
    assert api(leader).post(f"/api/park-months/{month.pk}/approve/", {}, format="json").status_code == 403
    assert status_of(month) == "submitted"


def test_approving_a_draft_is_a_409(api, officer, park_a):
    month = f.ParkMonthFactory(park=park_a, status="draft")
    response = api(officer).post(f"/api/park-months/{month.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    assert response.json() == {"status": ["当前状态“草稿”不能变更为“已审核”。"]}
    assert status_of(month) == "draft"


def test_a_month_not_yet_reached_is_refused(api, staff_a, park_a):
    response = api(staff_a).post(
        "/api/park-months/submit/", {"park": park_a.pk, "year": 2099, "month": 1}, format="json"
    )
    assert response.status_code == 400
    assert not ParkMonth.objects.exists()


# -- applications ---------------------------------------------------------------------------------


@pytest.fixture
def measure(department):
    return f.MeasureFactory(department=department, budget=Decimal("100"), amount_rule={"type": "fixed", "amount": "60"})


def application(park, measure, status):
    return f.ApplicationFactory(
        enterprise=f.EnterpriseFactory(park=park), measure=measure, status=status, computed_amount=Decimal("60")
    )


def test_an_application_goes_from_draft_to_paid(api, staff_a, officer, park_a, measure):
    app = application(park_a, measure, "draft")
    assert api(staff_a).post(f"/api/applications/{app.pk}/submit/", {}, format="json").json()["status"] == "submitted"
    response = api(staff_a).post(f"/api/applications/{app.pk}/park-review/", {}, format="json")
    assert response.json()["status"] == "park_reviewed"
    response = api(officer).post(f"/api/applications/{app.pk}/approve/", {"approved_amount": "45"}, format="json")
    assert response.status_code == 200
    assert response.json()["approved_amount"] == "45.00"
    day = datetime.date.today().isoformat()
    response = api(officer).post(f"/api/applications/{app.pk}/disburse/", {"disbursed_on": day}, format="json")
    assert response.json()["status"] == "disbursed"
    app.refresh_from_db()
    assert (app.status, app.approved_amount, app.disbursed_on.isoformat()) == ("disbursed", Decimal("45"), day)


def test_the_second_approval_over_budget_is_refused(api, officer, park_a, measure):
    first, second = application(park_a, measure, "park_reviewed"), application(park_a, measure, "park_reviewed")
    assert api(officer).post(f"/api/applications/{first.pk}/approve/", {"approved_amount": "60"}).status_code == 200
    response = api(officer).post(f"/api/applications/{second.pk}/approve/", {"approved_amount": "60"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"approved_amount": ["核定 60.00 将超出该事项预算：剩余仅 40.00 万元。"]}
    assert status_of(second) == "park_reviewed"


def test_park_staff_cannot_approve_an_application(api, staff_a, park_a, measure):
    app = application(park_a, measure, "park_reviewed")
    response = api(staff_a).post(f"/api/applications/{app.pk}/approve/", {"approved_amount": "10"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "部门审核由该事项主管部门人员办理。"}
    assert status_of(app) == "park_reviewed"


def test_reject_needs_a_reason(api, officer, park_a, measure):
    app = application(park_a, measure, "park_reviewed")
    response = api(officer).post(f"/api/applications/{app.pk}/reject/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert response.json() == {"reason": ["请填写原因，便于企业知晓如何处理。"]}
    assert status_of(app) == "park_reviewed"


def test_an_amount_that_is_not_a_number_names_the_field(api, officer, park_a, measure):
    app = application(park_a, measure, "park_reviewed")
    response = api(officer).post(f"/api/applications/{app.pk}/approve/", {"approved_amount": "abc"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["approved_amount"]
    assert status_of(app) == "park_reviewed"


def test_another_parks_application_is_a_404(api, staff_a, park_b, measure):
    app = application(park_b, measure, "draft")
    assert api(staff_a).post(f"/api/applications/{app.pk}/submit/", {}, format="json").status_code == 404
    assert status_of(app) == "draft"


def test_paying_a_draft_is_a_409(api, officer, park_a, measure):
    app = application(park_a, measure, "draft")
    day = datetime.date.today().isoformat()
    response = api(officer).post(f"/api/applications/{app.pk}/disburse/", {"disbursed_on": day}, format="json")
    assert response.status_code == 409
    assert status_of(app) == "draft"
    assert Application.objects.get(pk=app.pk).disbursed_on is None


# -- service requests -----------------------------------------------------------------------------


def test_a_request_is_assigned_handled_resolved_and_rated(api, staff_a, officer, park_a, department):
    request = f.ServiceRequestFactory(enterprise=f.EnterpriseFactory(park=park_a), department=department)
    response = api(officer).post(
        f"/api/service-requests/{request.pk}/assign/", {"department": department.pk, "officer": officer.pk}
    )
    assert response.status_code == 200, response.content
    assert api(officer).post(f"/api/service-requests/{request.pk}/start/").json()["status"] == "in_progress"
    response = api(officer).post(
        f"/api/service-requests/{request.pk}/resolve/",
        {"resolution": "协调国土部门调整用地指标", "resolved_on": "2025-03-20"},
        format="json",
    )
    assert response.json()["status"] == "resolved"
    response = api(staff_a).post(f"/api/service-requests/{request.pk}/close/", {"satisfaction": "satisfied"})
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert (request.status, request.officer, request.resolved_on, request.satisfaction) == (
        "closed",
        officer,
        datetime.date(2025, 3, 20),
        "satisfied",
    )


def test_resolving_before_the_request_was_received_is_refused(api, officer, park_a, department):
    request = f.ServiceRequestFactory(
        enterprise=f.EnterpriseFactory(park=park_a), department=department, officer=officer, status="in_progress"
    )
    response = api(officer).post(
        f"/api/service-requests/{request.pk}/resolve/", {"resolution": "done", "resolved_on": "2025-03-01"}
    )
    assert response.status_code == 400
    assert response.json() == {"resolved_on": ["办结日期不能早于受理日期。"]}
    assert ServiceRequest.objects.get(pk=request.pk).resolved_on is None


def test_park_staff_cannot_resolve_a_request(api, staff_a, park_a, department):
    request = f.ServiceRequestFactory(enterprise=f.EnterpriseFactory(park=park_a), department=department)
    response = api(staff_a).post(f"/api/service-requests/{request.pk}/resolve/", {"resolution": "done"})
    assert response.status_code == 403
    assert status_of(request) == "received"


def test_another_parks_request_is_a_404(api, staff_a, park_b):
    request = f.ServiceRequestFactory(enterprise=f.EnterpriseFactory(park=park_b), status="resolved")
    assert (
        api(staff_a).post(f"/api/service-requests/{request.pk}/close/", {"satisfaction": "satisfied"}).status_code
        == 404
    )
    assert status_of(request) == "resolved"


# -- investment leads -----------------------------------------------------------------------------


def test_an_officer_moves_a_lead_along_the_pipeline(api, officer, department):
    lead = f.InvestmentLeadFactory(node=f.ChainNodeFactory(chain=f.ChainFactory(lead_department=department)))
    response = api(officer).post(f"/api/investment-leads/{lead.pk}/move/", {"stage": "negotiating"}, format="json")
    assert response.status_code == 200, response.content
    assert InvestmentLead.objects.get(pk=lead.pk).stage == "negotiating"


def test_landing_through_move_is_refused_with_the_way_to_do_it(api, officer, department):
    lead = f.InvestmentLeadFactory(
        node=f.ChainNodeFactory(chain=f.ChainFactory(lead_department=department)), stage="signed"
    )
    response = api(officer).post(f"/api/investment-leads/{lead.pk}/move/", {"stage": "landed"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["stage"]
    assert InvestmentLead.objects.get(pk=lead.pk).stage == "signed"


def test_a_leader_cannot_move_a_lead(api, leader, department):
    lead = f.InvestmentLeadFactory(node=f.ChainNodeFactory(chain=f.ChainFactory(lead_department=department)))
    assert api(leader).post(f"/api/investment-leads/{lead.pk}/move/", {"stage": "negotiating"}).status_code == 403
    assert InvestmentLead.objects.get(pk=lead.pk).stage == "contacted"
