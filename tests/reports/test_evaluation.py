"""The park evaluation: explainable scores, publication, objections, finalisation with dynamic
management."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from parks.models import Park, ParkStatusChange
from reports import services
from reports.models import EvaluationObjection, EvaluationScheme, ParkEvaluation
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 7, 3)


@pytest.fixture
def scheme(db):
    return EvaluationScheme.objects.create(
        name="半年考评",
        items=[
            {"indicator": "tax", "weight": 60, "best": 100, "worst": 0},
            {"indicator": "output_value", "weight": 40, "best": 2000, "worst": 0},
        ],
        thresholds={"excellent": 90, "good": 80, "fair": 60},
        publication_days=7,
    )


@pytest.fixture
def five_parks(reference_rows, park_a, park_b):
    parks = [park_a, park_b] + [f.ParkFactory(name=f"Park {c}", code=f"park-{c}") for c in "cde"]
    for i, park in enumerate(parks):
        enterprise = f.EnterpriseFactory(park=park)
        f.EnterpriseStatFactory(
            enterprise=enterprise, year=2025, month=6, tax=Decimal(20 * (i + 1)), output_value=Decimal(400 * (i + 1))
        )
    return parks


def test_every_park_is_scored_explainably_and_ranked(scheme, five_parks):
    results = services.evaluation_run(user=None, scheme=scheme, year=2025, month=6, today=TODAY)
    assert len(results) == 5
    best = ParkEvaluation.objects.get(park=five_parks[4])
    # tax 100 of 100 → 100 points × 60, output 2000 of 2000 → 100 × 40
    assert best.total_score == Decimal("100.00") and best.rank == 1 and best.grade == "excellent"
    worst = ParkEvaluation.objects.get(park=five_parks[0])
    items = {i.indicator_code: i for i in worst.items.all()}
    assert items["tax"].input_value == Decimal("20") and items["tax"].points == Decimal("20.00")
    assert items["output_value"].weight == Decimal("40")
    assert worst.total_score == Decimal("20.00") and worst.rank == 5 and worst.grade == "poor"
    assert worst.status == "publicized" and worst.publication_ends_on == TODAY + datetime.timedelta(days=7)


def test_an_accepted_objection_corrects_the_input_and_rescores(scheme, five_parks, staff_a, officer):
    services.evaluation_run(user=None, scheme=scheme, year=2025, month=6, today=TODAY)
    evaluation = ParkEvaluation.objects.get(park=five_parks[0])
    item = evaluation.items.get(indicator_code="tax")
    objection = services.objection_create(
        user=staff_a,
        evaluation=evaluation,
        item=item,
        reason="税收漏报一家企业",
        claimed_value=Decimal("90"),
        today=TODAY,
    )
    services.objection_accept(user=officer, objection=objection, corrected_value=Decimal("90"), reply="核实无误")
    evaluation.refresh_from_db()
    # tax 90 → 90 points × 60 + output 400 → 20 points × 40 = 62
    assert evaluation.total_score == Decimal("62.00") and evaluation.grade == "fair"
    assert evaluation.rank == 3  # scores now 100, 80, 62, 60, 40
    objection.refresh_from_db()
    assert objection.status == "accepted" and "20" in objection.reply and "90" in objection.reply
    assert evaluation.history.count() >= 2  # the re-score is in the history


def test_objections_need_a_reason_and_the_publication(scheme, five_parks, staff_a):
    services.evaluation_run(user=None, scheme=scheme, year=2025, month=6, today=TODAY)
    evaluation = ParkEvaluation.objects.get(park=five_parks[0])
    with pytest.raises(ValidationError) as exc:
        services.objection_create(user=staff_a, evaluation=evaluation, item=None, reason=" ", today=TODAY)
    assert exc.value.message_dict["reason"] == [_("Give the reason for the objection.")]
    with pytest.raises(ValidationError):
        services.objection_create(
            user=staff_a, evaluation=evaluation, item=None, reason="late", today=TODAY + datetime.timedelta(days=30)
        )
    assert EvaluationObjection.objects.count() == 0


def test_a_rejection_needs_a_reply(scheme, five_parks, staff_a, officer):
    services.evaluation_run(user=None, scheme=scheme, year=2025, month=6, today=TODAY)
    evaluation = ParkEvaluation.objects.get(park=five_parks[0])
    objection = services.objection_create(user=staff_a, evaluation=evaluation, item=None, reason="不认可", today=TODAY)
    with pytest.raises(ValidationError):
        services.objection_reject(user=officer, objection=objection, reply="")
    services.objection_reject(user=officer, objection=objection, reply="数据以统计部门为准")
    objection.refresh_from_db()
    assert objection.status == "rejected" and objection.reply == "数据以统计部门为准"


def test_finalisation_waits_for_objections_then_moves_failing_parks(scheme, five_parks, staff_a, officer):
    # an earlier final evaluation in which park A was already poor and last
    earlier = services.evaluation_run(user=None, scheme=scheme, year=2024, month=12, today=TODAY)
    ParkEvaluation.objects.filter(pk__in=[e.pk for e in earlier]).update(status="final")
    ParkEvaluation.objects.filter(park=five_parks[0], year=2024).update(grade="poor", rank=5)
    services.evaluation_run(user=None, scheme=scheme, year=2025, month=6, today=TODAY)
    evaluation = ParkEvaluation.objects.get(park=five_parks[0], year=2025)
    objection = services.objection_create(user=staff_a, evaluation=evaluation, item=None, reason="异议", today=TODAY)
    later = TODAY + datetime.timedelta(days=8)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_finalize(user=officer, scheme=scheme, year=2025, month=6, today=TODAY)
    assert exc.value.messages == [
        _("The publication runs until %(day)s; finalize it afterwards.") % {"day": "2025-07-10"}
    ]
    with pytest.raises(ValidationError) as exc:
        services.evaluation_finalize(user=officer, scheme=scheme, year=2025, month=6, today=later)
    assert exc.value.messages == [_("Handle every open objection before finalizing.")]
    assert Park.objects.get(pk=five_parks[0].pk).status == "formal"
    services.objection_reject(user=officer, objection=objection, reply="维持原评分")
    transitions = services.evaluation_finalize(user=officer, scheme=scheme, year=2025, month=6, today=later)
    assert [park.pk for park, _t in transitions] == [five_parks[0].pk]
    park = Park.objects.get(pk=five_parks[0].pk)
    assert park.status == "preparatory" and park.observation_ends_on == datetime.date(2026, 7, 11)
    change = ParkStatusChange.objects.get(park=park)
    assert change.from_status == "formal" and change.to_status == "preparatory" and change.reason


def test_the_scheme_is_edited_in_the_browser_with_clear_errors(client_for, officer, scheme):
    client = client_for(officer)
    url = reverse("reports:scheme_edit", args=[scheme.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "半年考评",
            "period_months": 6,
            "publication_days": 5,
            "bottom_n": 3,
            "award_fund": "0",
            "is_active": "on",
            "items_json": '[{"indicator": "nope", "weight": 10, "best": 1, "worst": 0}]',
            "thresholds_json": '{"excellent": 90, "good": 80, "fair": 60}',
            "version": scheme.version,
        },
    )
    assert response.status_code == 200
    assert _("Unknown indicator “%(code)s”.") % {"code": "nope"} in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.publication_days == 7
    response = client.post(
        url,
        {
            "name": "半年考评",
            "period_months": 6,
            "publication_days": 5,
            "bottom_n": 3,
            "award_fund": "0",
            "is_active": "on",
            "items_json": '[{"indicator": "tax", "weight": 10, "best": 100, "worst": 0}]',
            "thresholds_json": '{"excellent": 90, "good": 80, "fair": 60}',
            "version": scheme.version,
        },
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.publication_days == 5 and scheme.items[0]["indicator"] == "tax"


def test_park_staff_see_their_evaluation_and_not_another_parks(client_for, scheme, five_parks, staff_a):
    services.evaluation_run(user=None, scheme=scheme, year=2025, month=6, today=TODAY)
    own = ParkEvaluation.objects.get(park=five_parks[0])
    other = ParkEvaluation.objects.get(park=five_parks[1])
    client = client_for(staff_a)
    assert client.get(reverse("reports:evaluation_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("reports:evaluation_detail", args=[other.pk])).status_code == 404
