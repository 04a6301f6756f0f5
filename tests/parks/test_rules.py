"""parks.rules: idle land, grades and scores, dynamic management, the award fund."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parks.rules import (
    DEFAULT_GRADE_THRESHOLDS,
    GRADE_ORDER,
    IDLE_FEE_RATE,
    Transition,
    dynamic_transition,
    grade_for,
    idle_fee,
    idle_fee_due_on,
    in_bottom,
    indicator_points,
    is_below_good,
    land_idle_state,
    rank,
    reclaim_due_on,
    split_award,
    validate_grade_thresholds,
    weighted_score,
)

D = Decimal
day = datetime.date


# -- idle land ----------------------------------------------------------------------------------


def test_idle_dates():
    assert idle_fee_due_on(day(2023, 3, 15)) == day(2024, 3, 15)
    assert reclaim_due_on(day(2023, 3, 15)) == day(2025, 3, 15)
    # Agreed to start on 29 February: the anniversaries fall on 28 February.
    assert idle_fee_due_on(day(2024, 2, 29)) == day(2025, 2, 28)
    assert reclaim_due_on(day(2024, 2, 29)) == day(2026, 2, 28)


@pytest.mark.parametrize(
    ("price", "fee"),
    [
        (D("1000"), D("200.00")),
        (D("1234.56"), D("246.91")),  # 246.912
        (D("100.025"), D("20.01")),  # 20.005 rounds half up
        (D("0"), D("0.00")),
        (None, None),
    ],
)
def test_idle_fee_is_20_percent_of_the_land_price(price, fee):
    assert D("0.20") == IDLE_FEE_RATE
    assert idle_fee(price) == fee


AGREED = day(2023, 3, 15)


@pytest.mark.parametrize(
    ("status", "started", "today", "state"),
    [
        ("supplied_not_used", None, day(2024, 3, 14), None),  # a day short of a year
        ("supplied_not_used", None, day(2024, 3, 15), "idle_fee"),  # one year after the agreed start
        ("supplied_not_used", None, day(2025, 3, 14), "idle_fee"),
        ("supplied_not_used", None, day(2025, 3, 15), "reclaim"),  # two years after
        ("supplied_not_used", None, day(2030, 1, 1), "reclaim"),
        ("supplied_not_used", day(2024, 1, 10), day(2025, 6, 1), None),  # construction started
        ("supplied_not_used", day(2025, 4, 1), day(2025, 3, 20), "reclaim"),  # start recorded for later
        ("supplied_not_used", True, day(2025, 6, 1), None),
        ("supplied_not_used", False, day(2025, 6, 1), "reclaim"),
        ("in_use", None, day(2030, 1, 1), None),  # only supplied-but-unused land
        ("approved_not_acquired", None, day(2030, 1, 1), None),
        ("reclaimed", None, day(2030, 1, 1), None),
    ],
)
def test_land_idle_state(status, started, today, state):
    assert land_idle_state(status, AGREED, started, today) == state


def test_land_without_an_agreed_start_is_not_idle():
    assert land_idle_state("supplied_not_used", None, None, day(2030, 1, 1)) is None


# -- grades and scores --------------------------------------------------------------------------


def test_grade_order():
    assert GRADE_ORDER == ["excellent", "good", "fair", "poor"]
    assert [is_below_good(grade) for grade in GRADE_ORDER] == [False, False, True, True]


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (D("100"), "excellent"),
        (D("90"), "excellent"),  # the minimum itself is reached
        (D("89.99"), "good"),
        (D("80"), "good"),
        (D("79.99"), "fair"),
        (D("60"), "fair"),
        (D("59.99"), "poor"),
        (D("0"), "poor"),
        (D("-5"), "poor"),
        (85, "good"),
    ],
)
def test_grade_for_default_thresholds(score, grade):
    assert grade_for(score, DEFAULT_GRADE_THRESHOLDS) == grade
    assert grade_for(score) == grade


def test_grade_for_configured_thresholds():
    thresholds = [("excellent", "85"), ("good", 75), ("fair", D("60"))]
    assert grade_for(D("85"), thresholds) == "excellent"
    assert grade_for(D("74.99"), thresholds) == "fair"
    assert grade_for(D("30"), thresholds) == "fair"  # below every minimum: the last grade


def test_validate_grade_thresholds_accepts_the_defaults():
    validate_grade_thresholds(DEFAULT_GRADE_THRESHOLDS)
    validate_grade_thresholds([("excellent", "85"), ("good", "70")])


@pytest.mark.parametrize(
    ("thresholds", "messages"),
    [
        ([], ["Give at least one grade with its minimum score."]),
        ([("excellent", 90), ("average", 70)], ["Unknown grade “average”."]),
        (
            [("good", 90), ("excellent", 80)],
            ["List the grades from best to worst, each with a lower minimum: Excellent (80) follows Good (90)."],
        ),
        (
            [("excellent", 90), ("good", 90)],
            ["List the grades from best to worst, each with a lower minimum: Good (90) follows Excellent (90)."],
        ),
    ],
)
def test_validate_grade_thresholds_refuses(thresholds, messages):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        validate_grade_thresholds(thresholds)
    assert excinfo.value.messages == messages


@pytest.mark.parametrize(
    ("items", "score"),
    [
        ([(D("80"), D("0.4")), (D("90"), D("0.6"))], D("86.00")),  # 32 + 54
        ([(D("100"), 3), (D("50"), 1)], D("87.50")),  # (300 + 50) / 4
        ([(D("100"), 1), (D("0"), 2)], D("33.33")),  # 100 / 3
        ([(D("85.555"), 1)], D("85.56")),  # half up
        ([(D("70"), 1), (None, 1)], D("35.00")),  # an unreported indicator scores 0
        ([(D("70"), 20), (D("90"), 30), (D("60"), 50)], D("71.00")),  # (1400 + 2700 + 3000) / 100
        ([], None),
        ([(D("70"), 0)], None),
    ],
)
def test_weighted_score(items, score):
    assert weighted_score(items) == score


def test_weighted_score_refuses_negative_weights():
    with pytest.raises(ValueError):
        weighted_score([(D("70"), -1)])


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ({"a": D("90"), "b": D("85"), "c": D("85"), "d": D("70")}, {"a": 1, "b": 2, "c": 2, "d": 4}),
        ({"a": D("70"), "b": D("90.00"), "c": D("90")}, {"a": 3, "b": 1, "c": 1}),  # 90.00 == 90
        ({"a": D("60"), "b": None, "c": D("75"), "d": None}, {"a": 2, "b": 3, "c": 1, "d": 3}),
        ({"a": D("60")}, {"a": 1}),
        ({}, {}),
    ],
)
def test_rank_is_competition_ranking(scores, ranks):
    assert rank(scores) == ranks


@pytest.mark.parametrize(
    ("value", "best", "worst", "points"),
    [
        (D("15"), D("20"), D("0"), D("75.00")),
        (D("20"), D("20"), D("0"), D("100.00")),
        (D("25"), D("20"), D("0"), D("100.00")),  # beyond the best: clamped
        (D("-3"), D("20"), D("0"), D("0.00")),
        (D("1"), D("3"), D("0"), D("33.33")),
        # Lower is better (energy per unit of output): (0.8 − 1.5) / (0.5 − 1.5) × 100 = 70.
        (D("0.8"), D("0.5"), D("1.5"), D("70.00")),
        (D("0.3"), D("0.5"), D("1.5"), D("100.00")),
        (D("2"), D("0.5"), D("1.5"), D("0.00")),
        (None, D("20"), D("0"), D("0.00")),
    ],
)
def test_indicator_points(value, best, worst, points):
    assert indicator_points(value, best, worst) == points


def test_indicator_points_needs_a_range():
    with pytest.raises(ValueError):
        indicator_points(D("1"), D("5"), D("5"))


@pytest.mark.parametrize(
    ("rank_", "count", "bottom"),
    [(8, 10, True), (7, 10, False), (10, 10, True), (1, 3, True), (1, 2, True), (4, 10, False)],
)
def test_in_bottom_three(rank_, count, bottom):
    assert in_bottom(rank_, count) is bottom


# -- dynamic management -------------------------------------------------------------------------

TODAY = day(2025, 7, 15)


def test_a_formal_park_failing_twice_becomes_preparatory():
    evaluations = [("fair", 9, 10), ("poor", 10, 10), ("excellent", 1, 10)]  # newest first
    with translation.override("en"):
        transition = dynamic_transition("formal", evaluations, None, TODAY)
    assert transition == Transition(
        "preparatory",
        day(2026, 7, 15),
        "Graded Poor (ranked 10 of 10) and then Fair (ranked 9 of 10): below Good and in the bottom 3 in two "
        "consecutive evaluations. Downgraded to preparatory; the observation period runs until 2026-07-15.",
    )


@pytest.mark.parametrize(
    "evaluations",
    [
        [("fair", 9, 10), ("good", 10, 10)],  # the earlier one was good
        [("good", 10, 10), ("poor", 10, 10)],  # the latest one was good
        [("fair", 9, 10), ("poor", 7, 10)],  # 7th of 10 is not in the bottom three
        [("poor", 7, 10), ("poor", 10, 10)],
        [("fair", 9, 10), ("excellent", 1, 10), ("poor", 10, 10)],  # not consecutive
        [("poor", 10, 10)],  # only one evaluation
        [],
    ],
)
def test_a_formal_park_stays_formal(evaluations):
    assert dynamic_transition("formal", evaluations, None, TODAY) is None


def test_bottom_three_is_judged_against_each_evaluations_park_count():
    # 12th of 12 (12 > 9) and 9th of 11 (9 > 8): both in the bottom three.
    transition = dynamic_transition("formal", [("poor", 12, 12), ("fair", 9, 11)], None, TODAY)
    assert transition.new_status == "preparatory"
    # 9th of 12 (9 > 9 is false): not in the bottom three.
    assert dynamic_transition("formal", [("poor", 9, 12), ("fair", 9, 11)], None, TODAY) is None


def test_with_three_parks_or_fewer_every_park_is_in_the_bottom_three():
    transition = dynamic_transition("formal", [("fair", 1, 3), ("fair", 1, 3)], None, TODAY)
    assert transition.new_status == "preparatory"


def test_observation_from_29_february_ends_on_28_february():
    transition = dynamic_transition("formal", [("poor", 10, 10), ("poor", 10, 10)], None, day(2024, 2, 29))
    assert transition.observation_ends_on == day(2025, 2, 28)


def test_bottom_n_and_observation_months_are_configurable():
    evaluations = [("fair", 6, 10), ("fair", 7, 10)]
    assert dynamic_transition("formal", evaluations, None, TODAY) is None
    transition = dynamic_transition("formal", evaluations, None, TODAY, bottom_n=5, observation_months=6)
    assert transition.new_status == "preparatory"
    assert transition.observation_ends_on == day(2026, 1, 15)


ENDS_ON = day(2026, 7, 15)


def test_a_preparatory_park_still_failing_when_observation_ends_is_delisted():
    with translation.override("en"):
        transition = dynamic_transition("preparatory", [("fair", 9, 10), ("poor", 10, 10)], ENDS_ON, ENDS_ON)
    assert transition == Transition(
        "delisted",
        None,
        "The observation period ran until 2026-07-15 and the latest evaluation still graded the park Fair "
        "(ranked 9 of 10), below Good. Delisted.",
    )


def test_a_preparatory_park_that_recovered_returns_to_formal():
    with translation.override("en"):
        transition = dynamic_transition(
            "preparatory", [("good", 3, 10), ("poor", 10, 10)], ENDS_ON, ENDS_ON + datetime.timedelta(days=20)
        )
    assert transition == Transition(
        "formal",
        None,
        "The observation period ran until 2026-07-15 and the latest evaluation graded the park Good "
        "(ranked 3 of 10). Restored to formal status.",
    )


@pytest.mark.parametrize(
    ("status", "evaluations", "ends_on", "today"),
    [
        ("preparatory", [("poor", 10, 10)], ENDS_ON, day(2026, 7, 14)),  # observation still running
        ("preparatory", [("excellent", 1, 10)], ENDS_ON, day(2026, 7, 14)),
        ("preparatory", [("poor", 10, 10)], None, day(2030, 1, 1)),  # no end date on record
        ("preparatory", [], ENDS_ON, day(2030, 1, 1)),  # no evaluation to judge by
        ("cultivating", [("poor", 10, 10), ("poor", 10, 10)], None, TODAY),
        ("delisted", [("poor", 10, 10), ("poor", 10, 10)], None, TODAY),
    ],
)
def test_no_transition(status, evaluations, ends_on, today):
    assert dynamic_transition(status, evaluations, ends_on, today) is None


# -- the award fund -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "ranks", "expected"),
    [
        # 5 : 3 : 2 of 100; the fourth park gets nothing.
        (D("100"), {"a": 1, "b": 2, "c": 3, "d": 4}, {"a": D("50.00"), "b": D("30.00"), "c": D("20.00")}),
        # 500.005, 300.003, 200.002 round down to 500.00, 300.00, 200.00; the 0.01 left goes to the first.
        (D("1000.01"), {"a": 1, "b": 2, "c": 3}, {"a": D("500.01"), "b": D("300.00"), "c": D("200.00")}),
        # Tied second: (3 + 2) / 2 = 2.5 each of 10 → 25 each.
        (D("100"), {"a": 1, "b": 2, "c": 2, "d": 4}, {"a": D("50.00"), "b": D("25.00"), "c": D("25.00")}),
        # Three tied first: 10/3 each → 33.33 each, and the 0.01 left to the first.
        (D("100"), {"a": 1, "b": 1, "c": 1}, {"a": D("33.34"), "b": D("33.33"), "c": D("33.33")}),
        # Tied across the last place: they share its weight (2 / 2 = 1 each) → 5 : 3 : 1 : 1.
        (
            D("100"),
            {"a": 1, "b": 2, "c": 3, "d": 3},
            {"a": D("50.00"), "b": D("30.00"), "c": D("10.00"), "d": D("10.00")},
        ),
        # Tied first: (5 + 3) / 2 = 4 each, then 2 → 40 : 40 : 20.
        (D("100"), {"a": 1, "b": 1, "c": 3, "d": 4}, {"a": D("40.00"), "b": D("40.00"), "c": D("20.00")}),
        # Two parks only: 5 : 3 of 80.
        (D("80"), {"b": 2, "a": 1}, {"a": D("50.00"), "b": D("30.00")}),
        (D("0.01"), {"a": 1, "b": 2, "c": 3}, {"a": D("0.01"), "b": D("0.00"), "c": D("0.00")}),
        (D("0"), {"a": 1, "b": 2, "c": 3}, {"a": D("0.00"), "b": D("0.00"), "c": D("0.00")}),
        (D("100"), {}, {}),
    ],
)
def test_split_award(total, ranks, expected):
    shares = split_award(total, ranks)
    assert shares == expected
    assert list(shares) == list(expected)  # best first
    assert sum(shares.values()) == (total if shares else 0)


@pytest.mark.parametrize("total", ["0.02", "0.07", "99.99", "12345.67", "1000000", "333.33"])
@pytest.mark.parametrize(
    "ranks", [{"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 1, "c": 1}, {"a": 1, "b": 2, "c": 2}, {"a": 1, "b": 1, "c": 3}]
)
def test_split_award_adds_up_exactly(total, ranks):
    shares = split_award(D(total), ranks)
    assert sum(shares.values()) == D(total)
    assert all(share >= 0 for share in shares.values())


def test_split_award_with_configured_weights():
    assert split_award(D("100"), {"a": 1, "b": 2, "c": 3}, top_n=2, weights=[6, 4]) == {
        "a": D("60.00"),
        "b": D("40.00"),
    }
    equal = split_award(D("100"), {f"p{i}": i for i in range(1, 8)}, top_n=5)
    assert equal == {f"p{i}": D("20.00") for i in range(1, 6)}


def test_split_award_takes_pairs_and_keeps_their_order_among_ties():
    shares = split_award(D("100"), [("b", 2), ("c", 1), ("a", 1)])
    assert list(shares) == ["c", "a", "b"]
    assert shares == {"c": D("40.00"), "a": D("40.00"), "b": D("20.00")}


def test_split_award_refuses_bad_input():
    with pytest.raises(ValueError):
        split_award(D("-1"), {"a": 1})
    with pytest.raises(ValueError):
        split_award(D("100"), {"a": 1}, top_n=3, weights=[5, 3])
    with pytest.raises(ValueError):
        split_award(D("100"), {"a": 1}, weights=[5, -3, 2])
