"""Measure pages: structured eligibility and amount rules entered as fields, with field errors."""

import pytest
from django.utils import translation

from policies.models import Measure
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    """The messages are checked in Chinese, whatever an earlier test left active."""
    with translation.override("zh-hans"):
        yield


def post_measure(client, policy, **extra):
    data = {
        "policy": policy.pk,
        "title": "研发投入奖励",
        "kind": "award",
        "department": policy.department_id,
        "budget": "500",
        "rule_type": "tiers",
        "rule_tiers": "0, 10\n5000, 30",
        "min_revenue": "2000",
        "industries": "C, 39",
        "above_size_only": "on",
    }
    data.update(extra)
    return client.post(f"/policies/{policy.pk}/measures/new/", data)


def test_measure_created_from_fields(client_for, officer, department):
    policy = f.PolicyFactory(department=department)
    response = post_measure(client_for(officer), policy)
    assert response.status_code == 302
    measure = Measure.objects.get(title="研发投入奖励")
    assert measure.amount_rule == {"type": "tiers", "tiers": [["0", "10"], ["5000", "30"]]}
    assert measure.eligibility == {"min_revenue": "2000", "above_size_only": True, "industries": ["C", "39"]}


def test_measure_field_errors_and_nothing_written(client_for, officer, department):
    policy = f.PolicyFactory(department=department)
    client = client_for(officer)
    response = post_measure(client, policy, rule_tiers="5000, 30\n0, 10")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "第2档（0）未高于上一档（5000）" in errors["rule_tiers"][0]
    response = post_measure(client, policy, rule_type="fixed", rule_tiers="")
    assert response.context["form"].errors["rule_amount"] == ["固定金额规则须填写金额。"]
    response = post_measure(client, policy, industries="ZZ")
    assert "industries" in response.context["form"].errors
    assert not Measure.objects.exists()


def test_park_staff_cannot_create_measures(client_for, staff_a, department):
    policy = f.PolicyFactory(department=department)
    assert post_measure(client_for(staff_a), policy).status_code == 403
    assert not Measure.objects.exists()
