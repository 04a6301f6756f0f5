"""The monthly figures grid (月度填报) and the submission workflow of a park's month."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse

from enterprises import selectors, services
from enterprises.models import EnterpriseStat, ParkMonth
from tests.factories import EnterpriseFactory, EnterpriseStatFactory, ParkMonthFactory

pytestmark = pytest.mark.django_db

YEAR, MONTH = 2025, 3


def save(client, park, rows, year=YEAR, month=MONTH):
    payload = {"park": park.pk, "year": year, "month": month, "rows": rows}
    return client.post(reverse("enterprises:stat_grid_save"), payload, content_type="application/json")


def stat_row(enterprise_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT revenue, tax, employees, note, version FROM enterprises_enterprisestat "
            "WHERE enterprise_id = %s AND year = %s AND month = %s",
            [enterprise_id, YEAR, MONTH],
        )
        return cursor.fetchone()


def test_grid_saves_new_and_changed_rows_and_answers_versions(client_for, staff_a, park_a):
    new, old = EnterpriseFactory(park=park_a), EnterpriseFactory(park=park_a)
    existing = EnterpriseStatFactory(enterprise=old, year=YEAR, month=MONTH, revenue=Decimal("100"), version=3)
    response = save(
        client_for(staff_a),
        park_a,
        [
            {"enterprise": new.pk, "version": None, "values": {"revenue": "1,200.5", "employees": "30"}},
            {"enterprise": old.pk, "version": existing.version, "values": {"revenue": "110", "note": "ok"}},
        ],
    )
    assert response.status_code == 200, response.content
    assert response.json()["saved"] == {str(new.pk): 1, str(old.pk): 4}
    assert stat_row(new.pk)[0] == Decimal("1200.5") or float(stat_row(new.pk)[0]) == 1200.5
    assert stat_row(new.pk)[2] == 30
    assert float(stat_row(old.pk)[0]) == 110 and stat_row(old.pk)[3] == "ok" and stat_row(old.pk)[4] == 4
    assert EnterpriseStat.history.filter(enterprise_id=new.pk).count() == 1
    assert ParkMonth.objects.get(park=park_a, year=YEAR, month=MONTH).status == "draft"


def test_grid_refuses_bad_values_with_chinese_messages_and_writes_nothing_of_that_row(client_for, staff_a, park_a):
    enterprise = EnterpriseFactory(park=park_a)
    response = save(
        client_for(staff_a), park_a, [{"enterprise": enterprise.pk, "values": {"revenue": "abc", "tax": "-1"}}]
    )
    assert response.status_code == 422
    errors = response.json()["errors"][str(enterprise.pk)]
    assert errors == {"revenue": ["输入一个数字。"], "tax": ["确保该值大于或等于0。"]}
    assert stat_row(enterprise.pk) is None


def test_grid_refuses_a_row_changed_meanwhile(client_for, staff_a, park_a):
    enterprise = EnterpriseFactory(park=park_a)
    EnterpriseStatFactory(enterprise=enterprise, year=YEAR, month=MONTH, revenue=Decimal("100"), version=2)
    row = {"enterprise": enterprise.pk, "version": 1, "values": {"revenue": "5"}}
    response = save(client_for(staff_a), park_a, [row])
    assert response.status_code == 422
    assert "其他人已保存了这一行" in response.json()["errors"][str(enterprise.pk)]["__all__"][0]
    assert float(stat_row(enterprise.pk)[0]) == 100


def test_grid_refuses_a_month_not_yet_reached(client_for, staff_a, park_a):
    enterprise = EnterpriseFactory(park=park_a)
    future = datetime.date.today().year + 1
    row = {"enterprise": enterprise.pk, "values": {"revenue": "5"}}
    response = save(client_for(staff_a), park_a, [row], year=future)
    assert response.status_code == 409
    assert "尚未到来" in response.json()["error"] or "未到" in response.json()["error"]
    assert not EnterpriseStat.objects.exists()


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_grid_refuses_a_locked_month(client_for, staff_a, park_a, status):
    enterprise = EnterpriseFactory(park=park_a)
    ParkMonthFactory(park=park_a, year=YEAR, month=MONTH, status=status)
    response = save(client_for(staff_a), park_a, [{"enterprise": enterprise.pk, "values": {"revenue": "5"}}])
    assert response.status_code == 409
    assert "不能修改" in response.json()["error"]
    assert not EnterpriseStat.objects.exists()


def test_grid_page_shows_last_month_last_year_and_flags(client_for, staff_a, park_a):
    enterprise = EnterpriseFactory(park=park_a)
    EnterpriseStatFactory(enterprise=enterprise, year=YEAR, month=MONTH - 1, revenue=Decimal("100"))
    EnterpriseStatFactory(enterprise=enterprise, year=YEAR - 1, month=MONTH, revenue=Decimal("90"))
    EnterpriseStatFactory(enterprise=enterprise, year=YEAR, month=MONTH, revenue=Decimal("500"), note="")
    params = {"park": park_a.pk, "year": YEAR, "month": MONTH}
    response = client_for(staff_a).get(reverse("enterprises:stat_grid"), params)
    row = response.context["rows"][0]
    revenue = next(c for c in row["cells"] if c["name"] == "revenue")
    assert (revenue["last"], revenue["last_year"]) == (Decimal("100"), Decimal("90"))
    assert len(revenue["flags"]) == 2  # 500 > 4 × 100 and > 4 × 90
    assert "needs-note" in response.content.decode()


def flagged_month(park):
    enterprise = EnterpriseFactory(park=park, name="Jumpy Co")
    EnterpriseStatFactory(enterprise=enterprise, year=YEAR, month=MONTH - 1, revenue=Decimal("100"))
    return EnterpriseStatFactory(enterprise=enterprise, year=YEAR, month=MONTH, revenue=Decimal("401"), note="")


def test_submit_refused_while_a_flagged_figure_has_no_note(staff_a, park_a):
    flagged_month(park_a)
    with pytest.raises(ValidationError) as caught:
        services.park_month_submit(user=staff_a, park=park_a, year=YEAR, month=MONTH)
    assert caught.value.messages == ["提交前请为标记异常的数据填写说明：Jumpy Co。"]
    assert not ParkMonth.objects.filter(status="submitted").exists()


def test_full_cycle_submit_return_resubmit_approve_reopen(staff_a, officer, park_a):
    stat = flagged_month(park_a)
    EnterpriseStat.objects.filter(pk=stat.pk).update(note="New line started")
    month = services.park_month_submit(user=staff_a, park=park_a, year=YEAR, month=MONTH)
    assert month.status == "submitted" and month.submitted_by == staff_a
    with pytest.raises(ValidationError) as caught:
        services.park_month_return(user=officer, park_month=month, reason="  ")
    assert caught.value.message_dict == {"reason": ["请填写原因。"]}
    month = services.park_month_return(user=officer, park_month=month, reason="Tax looks low")
    assert month.status == "returned" and month.return_reason == "Tax looks low"
    month = services.park_month_submit(user=staff_a, park=park_a, year=YEAR, month=MONTH)
    month = services.park_month_approve(user=officer, park_month=month)
    assert month.status == "approved" and month.reviewed_by == officer
    with pytest.raises(ValidationError):
        services.stat_rows_save(user=staff_a, park=park_a, year=YEAR, month=MONTH, rows=[])
    month = services.park_month_reopen(user=officer, park_month=month, reason="Correct tax")
    assert month.status == "draft"
    reasons = list(month.history.order_by("history_id").values_list("status", "history_change_reason"))
    assert ("returned", "Tax looks low") in reasons and ("draft", "Correct tax") in reasons


def test_park_staff_cannot_approve_and_officer_cannot_approve_a_draft(staff_a, officer, park_a):
    month = ParkMonthFactory(park=park_a, year=YEAR, month=MONTH, status="submitted")
    with pytest.raises(PermissionDenied):
        services.park_month_approve(user=staff_a, park_month=month)
    draft = ParkMonthFactory(park=park_a, year=YEAR, month=MONTH - 1)
    with pytest.raises(ValidationError):
        services.park_month_approve(user=officer, park_month=draft)


def test_staff_cannot_submit_another_park(client_for, staff_a, park_b):
    response = client_for(staff_a).post(
        reverse("enterprises:park_month_submit"), {"park": park_b.pk, "year": YEAR, "month": MONTH}
    )
    assert response.status_code == 404
    assert not ParkMonth.objects.exists()


@override_settings(PORTAL_STAT_DEADLINE_DAY=10)
def test_status_board_marks_late_parks(officer, park_a, park_b):
    ParkMonthFactory(park=park_a, year=YEAR, month=MONTH, status="approved")
    on_deadline = selectors.status_board(user=officer, year=YEAR, month=MONTH, today=datetime.date(2025, 4, 10))
    after = selectors.status_board(user=officer, year=YEAR, month=MONTH, today=datetime.date(2025, 4, 11))
    assert on_deadline["deadline"] == datetime.date(2025, 4, 10)
    assert [(r["park"].code, r["status"], r["late"]) for r in on_deadline["rows"]] == [
        ("park-a", "approved", False),
        ("park-b", "draft", False),
    ]
    assert [(r["park"].code, r["late"]) for r in after["rows"]] == [("park-a", False), ("park-b", True)]


@override_settings(PORTAL_STAT_DEADLINE_DAY=5)
def test_deadline_day_is_configurable(client_for, officer, park_a):
    response = client_for(officer).get(reverse("enterprises:stat_board"), {"year": 2025, "month": 12})
    assert response.context["deadline"] == datetime.date(2026, 1, 5)
