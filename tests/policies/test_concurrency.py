"""Two officers approve at the same moment: the measure's budget still holds (PostgreSQL, two
real transactions in two threads)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from policies import services
from policies.models import Application
from tests import factories as f
from tests.officers.shots import load_reference_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    load_reference_data()


def test_concurrent_approvals_never_exceed_the_budget(officer, park_a, department):
    measure = f.MeasureFactory(
        department=department, budget=Decimal("100"), amount_rule={"type": "fixed", "amount": "60"}
    )
    applications = [
        f.ApplicationFactory(
            enterprise=f.EnterpriseFactory(park=park_a),
            measure=measure,
            status=Application.Status.PARK_REVIEWED,
            computed_amount=Decimal("60"),
        )
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(application):
        try:
            barrier.wait(timeout=10)
            services.application_approve(user=officer, application=application, amount=Decimal("60"))
            outcomes.append("approved")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["approved_amount"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == sorted(["approved", "核定 60 将超出该事项预算：剩余仅 40.00 万元。"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(approved_amount), 0), COUNT(*) FROM policies_application "
            "WHERE measure_id = %s AND status = 'department_approved'",
            [measure.pk],
        )
        total, approved = cursor.fetchone()
    assert (total, approved) == (Decimal("60.00"), 1)
