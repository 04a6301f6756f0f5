"""policies.rules: amount rules, structured eligibility, the application workflow."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from policies.rules import (
    APPLICATION_TRANSITIONS,
    check_application_transition,
    eligible,
    format_percent,
    measure_amount,
    validate_amount_rule,
    validate_eligibility,
)
from portal.workflow import final_statuses, graph_problems

D = Decimal

FIXED = {"type": "fixed", "amount": "30"}
RATIO = {"type": "ratio", "ratio": "0.20", "cap": "500"}
TIERS = {"type": "tiers", "tiers": [["0", "10"], ["5000", "30"], ["20000", "50"]]}


def messages_of(call, *args):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        call(*args)
    return excinfo.value.messages


# -- amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "base", "amount"),
    [
        (FIXED, None, D("30.00")),  # a fixed amount needs no base
        (FIXED, D("999999"), D("30.00")),
        ({"type": "fixed", "amount": 30}, D("0"), D("30.00")),
        ({"type": "fixed", "amount": D("12.345")}, None, D("12.35")),
        (RATIO, D("1000"), D("200.00")),
        (RATIO, D("2500"), D("500.00")),  # 20% is exactly the cap
        (RATIO, D("3000"), D("500.00")),  # 600 capped at 500
        (RATIO, D("0"), D("0.00")),
        (RATIO, D("1234.567"), D("246.91")),  # 246.9134
        (RATIO, D("1234.575"), D("246.92")),  # 246.915 rounds half up
        ({"type": "ratio", "ratio": "0.2"}, D("1000000"), D("200000.00")),  # no cap
        ({"type": "ratio", "ratio": 0.2, "cap": 500}, D("1000"), D("200.00")),  # numbers from JSON
        ({"type": "ratio", "ratio": "0.2", "cap": None}, D("5000"), D("1000.00")),
        (TIERS, D("0"), D("10.00")),
        (TIERS, D("4999.99"), D("10.00")),
        (TIERS, D("5000"), D("30.00")),  # at the threshold: that tier
        (TIERS, D("19999.99"), D("30.00")),
        (TIERS, D("20000"), D("50.00")),
        (TIERS, D("1000000000"), D("50.00")),
        ({"type": "tiers", "tiers": [[1000, 10], [5000, 30]]}, D("999.99"), D("0.00")),  # below the first
        ({"type": "tiers", "tiers": [[1000, 10], [5000, 30]]}, D("1000"), D("10.00")),
    ],
)
def test_measure_amount(rule, base, amount):
    assert measure_amount(rule, base) == amount


def test_a_negative_base_is_refused():
    for rule in (FIXED, RATIO, TIERS):
        assert messages_of(measure_amount, rule, D("-1")) == ["The base amount cannot be negative."]


@pytest.mark.parametrize("rule", [RATIO, TIERS])
def test_a_missing_base_is_refused_where_it_counts(rule):
    assert messages_of(measure_amount, rule, None) == [
        "This measure's amount is worked out from a base amount; enter the base amount."
    ]


def test_measure_amount_validates_the_rule():
    assert messages_of(measure_amount, {"type": "ratio", "ratio": "2"}, D("10")) == [
        "The ratio must be between 0 and 1 (0.20 for 20%); 2 is not."
    ]


@pytest.mark.parametrize(
    "rule",
    [
        FIXED,
        RATIO,
        TIERS,
        {"type": "fixed", "amount": 0},
        {"type": "ratio", "ratio": "1"},
        {"type": "ratio", "ratio": 0},
        {"type": "tiers", "tiers": [["0", "10"]]},
        {"type": "tiers", "tiers": [(0, 10), (D("5000"), D("30"))]},
    ],
)
def test_valid_amount_rules(rule):
    validate_amount_rule(rule)


@pytest.mark.parametrize(
    ("rule", "messages"),
    [
        (None, ["The amount rule needs a type: fixed, ratio or tiers."]),
        ({"amount": "30"}, ["The amount rule needs a type: fixed, ratio or tiers."]),
        ({"type": "percent"}, ["Unknown amount rule type “percent”; use fixed, ratio or tiers."]),
        ({"type": "fixed"}, ["A fixed amount rule needs an amount."]),
        ({"type": "fixed", "amount": "abc"}, ["The amount must be a number, not “abc”."]),
        ({"type": "fixed", "amount": True}, ["The amount must be a number, not “True”."]),
        ({"type": "fixed", "amount": "-5"}, ["The amount cannot be negative."]),
        ({"type": "fixed", "amount": "30", "cap": "5"}, ["The amount rule has an unknown key “cap”."]),
        ({"type": "ratio"}, ["A ratio rule needs a ratio."]),
        ({"type": "ratio", "ratio": "20%"}, ["The ratio must be a number, not “20%”."]),
        ({"type": "ratio", "ratio": "20"}, ["The ratio must be between 0 and 1 (0.20 for 20%); 20 is not."]),
        ({"type": "ratio", "ratio": "-0.1"}, ["The ratio must be between 0 and 1 (0.20 for 20%); -0.1 is not."]),
        ({"type": "ratio", "ratio": "0.2", "cap": "lots"}, ["The cap must be a number, not “lots”."]),
        ({"type": "ratio", "ratio": "0.2", "cap": "-1"}, ["The cap cannot be negative."]),
        (
            {"type": "ratio", "ratio": "2", "cap": "-1", "note": "x"},
            [
                "The amount rule has an unknown key “note”.",
                "The ratio must be between 0 and 1 (0.20 for 20%); 2 is not.",
                "The cap cannot be negative.",
            ],
        ),
        ({"type": "tiers"}, ["A tiered rule needs at least one tier."]),
        ({"type": "tiers", "tiers": []}, ["A tiered rule needs at least one tier."]),
        ({"type": "tiers", "tiers": "0:10"}, ["A tiered rule needs at least one tier."]),
        (
            {"type": "tiers", "tiers": [["0", "10"], ["5000"]]},
            ["Tier 2 must be a pair of numbers: a threshold and an amount."],
        ),
        (
            {"type": "tiers", "tiers": [["0", "10"], ["5000", "x"], 7]},
            [
                "Tier 2 must be a pair of numbers: a threshold and an amount.",
                "Tier 3 must be a pair of numbers: a threshold and an amount.",
            ],
        ),
        (
            {"type": "tiers", "tiers": [["0", "10"], ["20000", "50"], ["5000", "30"]]},
            [
                "Tier thresholds must rise from one tier to the next; "
                "tier 3 (5000) does not exceed the one before it (20000)."
            ],
        ),
        (
            {"type": "tiers", "tiers": [["0", "10"], ["0", "20"]]},
            ["Tier thresholds must rise from one tier to the next; tier 2 (0) does not exceed the one before it (0)."],
        ),
        (
            {"type": "tiers", "tiers": [["-1", "10"], ["100", "-5"]]},
            [
                "Tier 1 has a negative number; thresholds and amounts cannot be negative.",
                "Tier 2 has a negative number; thresholds and amounts cannot be negative.",
            ],
        ),
    ],
)
def test_invalid_amount_rules(rule, messages):
    assert messages_of(validate_amount_rule, rule) == messages


# -- eligibility --------------------------------------------------------------------------------

SPEC = {
    "qualification_kinds": ["high_tech", "srdi_sme"],
    "min_revenue": "2000",
    "above_size_only": True,
    "parks": [1, 2],
    "chains": [7, 8],
    "industries": ["C"],
    "min_rd_intensity": "0.03",
}
FACTS = {
    "qualification_kinds": {"high_tech", "tech_sme"},
    "annual_revenue": D("2500"),
    "above_size": True,
    "park_id": 1,
    "chain_ids": {7, 9},
    "industry_code": "3911",
    "rd_intensity": D("0.035"),
}


@pytest.mark.parametrize("spec", [None, {}, SPEC, {"min_revenue": 0, "industries": ["39", "C", "2710"]}])
def test_valid_eligibility(spec):
    validate_eligibility(spec)


@pytest.mark.parametrize(
    ("spec", "messages"),
    [
        ([1, 2], ["The eligibility conditions must be a set of named conditions."]),
        (
            {"min_revenue": "2000", "colour": "red", "size": 1},
            ["Unknown eligibility condition “colour”.", "Unknown eligibility condition “size”."],
        ),
        ({"qualification_kinds": "high_tech"}, ["The qualification kinds must be a list of qualification codes."]),
        ({"qualification_kinds": [1]}, ["The qualification kinds must be a list of qualification codes."]),
        ({"parks": ["1"]}, ["The parks must be a list of park ids."]),
        ({"parks": [True]}, ["The parks must be a list of park ids."]),
        ({"chains": 7}, ["The chains must be a list of chain ids."]),
        (
            {"industries": ["C", "Z9"]},
            ["The industries must be a list of industry codes (GB/T 4754), such as “C” or “39”."],
        ),
        ({"above_size_only": "yes"}, ["“Above designated size only” must be true or false."]),
        ({"min_revenue": "-1"}, ["The minimum revenue must be a number of 0 or more (10k yuan)."]),
        ({"min_revenue": "a lot"}, ["The minimum revenue must be a number of 0 or more (10k yuan)."]),
        ({"min_rd_intensity": "3"}, ["The minimum R&D intensity must be a fraction between 0 and 1, such as 0.03."]),
    ],
)
def test_invalid_eligibility(spec, messages):
    assert messages_of(validate_eligibility, spec) == messages


def test_everyone_is_eligible_without_conditions():
    assert eligible({}, FACTS) == (True, [])
    assert eligible(None, {}) == (True, [])
    # Absent, None and empty conditions do not restrict.
    assert eligible({"parks": [], "min_revenue": None, "above_size_only": False}, {}) == (True, [])


def test_meeting_every_condition():
    assert eligible(SPEC, FACTS) == (True, [])


@pytest.mark.parametrize(
    ("condition", "facts", "reason"),
    [
        (
            {"qualification_kinds": ["high_tech", "srdi_sme"]},
            {"qualification_kinds": {"tech_sme"}},
            "The enterprise holds none of the required qualifications: high_tech or srdi_sme.",
        ),
        (
            {"min_revenue": "3000"},
            {"annual_revenue": D("2500")},
            "Annual revenue of 2500 is below the required 3000 (10k yuan).",
        ),
        (
            {"min_revenue": "3000"},
            {"annual_revenue": None},
            "No annual revenue is on record; at least 3000 (10k yuan) is required.",
        ),
        ({"above_size_only": True}, {"above_size": False}, "Only enterprises above designated size are eligible."),
        ({"parks": [2, 3, 4]}, {"park_id": 1}, "The enterprise is in none of the eligible parks: 2, 3 or 4."),
        ({"parks": [2]}, {"park_id": None}, "The enterprise is in none of the eligible parks: 2."),
        ({"chains": [8]}, {"chain_ids": {7, 9}}, "The enterprise is on none of the eligible chains: 8."),
        ({"chains": [8]}, {"chain_ids": set()}, "The enterprise is on none of the eligible chains: 8."),
        (
            {"industries": ["C"]},
            {"industry_code": "6510"},
            "The enterprise is in none of the eligible industries: C.",
        ),
        (
            {"industries": ["39", "40"]},
            {"industry_code": None},
            "The enterprise is in none of the eligible industries: 39 or 40.",
        ),
        (
            {"min_rd_intensity": "0.03"},
            {"rd_intensity": D("0.0299")},
            "R&D intensity of 2.99% is below the required 3.00%.",
        ),
        (
            {"min_rd_intensity": "0.03"},
            {"rd_intensity": None},
            "No R&D intensity is on record; at least 3.00% is required.",
        ),
    ],
)
def test_each_failing_condition_is_explained(condition, facts, reason):
    with translation.override("en"):
        assert eligible(condition, facts) == (False, [reason])


@pytest.mark.parametrize(
    ("condition", "facts"),
    [
        ({"min_revenue": "2500"}, {"annual_revenue": D("2500")}),  # exactly the minimum
        ({"min_rd_intensity": "0.03"}, {"rd_intensity": D("0.03")}),
        ({"qualification_kinds": ["high_tech", "srdi_sme"]}, {"qualification_kinds": {"srdi_sme"}}),  # any one
        ({"chains": [8, 9]}, {"chain_ids": {9}}),
        ({"industries": ["39"]}, {"industry_code": "3911"}),  # by prefix
        ({"industries": ["C"]}, {"industry_code": "1310"}),  # by section
    ],
)
def test_boundaries_and_any_of(condition, facts):
    assert eligible(condition, facts) == (True, [])


def test_all_failing_conditions_are_listed_with_names():
    labels = {
        "qualification_kinds": {"high_tech": "High-tech enterprise", "srdi_sme": "SRDI SME"},
        "parks": {1: "Park A", 2: "Park B"},
        "chains": {7: "EV chain", 8: "Battery chain"},
    }
    facts = {"qualification_kinds": set(), "annual_revenue": D("1500"), "park_id": 3, "chain_ids": set()}
    with translation.override("en"):
        ok, reasons = eligible(SPEC, facts, labels)
    assert not ok
    assert reasons == [
        "The enterprise holds none of the required qualifications: High-tech enterprise or SRDI SME.",
        "Annual revenue of 1500 is below the required 2000 (10k yuan).",
        "Only enterprises above designated size are eligible.",
        "The enterprise is in none of the eligible parks: Park A or Park B.",
        "The enterprise is on none of the eligible chains: EV chain or Battery chain.",
        "The enterprise is in none of the eligible industries: C.",
        "No R&D intensity is on record; at least 3.00% is required.",
    ]


def test_format_percent():
    assert format_percent(D("0.035")) == "3.50%"
    assert format_percent(D("0.12345")) == "12.35%"
    assert format_percent(1) == "100.00%"


# -- the application workflow -------------------------------------------------------------------


def test_application_graph():
    assert graph_problems(APPLICATION_TRANSITIONS) == []
    assert final_statuses(APPLICATION_TRANSITIONS) == {"rejected", "disbursed"}


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "submitted"),
        ("submitted", "park_reviewed"),
        ("submitted", "returned"),
        ("submitted", "rejected"),
        ("park_reviewed", "department_approved"),
        ("park_reviewed", "returned"),
        ("park_reviewed", "rejected"),
        ("department_approved", "disbursed"),
        ("returned", "submitted"),
    ],
)
def test_application_moves(current, target):
    check_application_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "park_reviewed"),
        ("submitted", "department_approved"),  # the park review comes first
        ("submitted", "disbursed"),
        ("department_approved", "rejected"),
        ("rejected", "submitted"),
        ("disbursed", "returned"),
        ("returned", "park_reviewed"),
    ],
)
def test_application_refused_moves(current, target):
    with pytest.raises(ValidationError):
        check_application_transition(current, target)


def test_application_refusal_message():
    labels = {"submitted": "Submitted", "disbursed": "Disbursed"}
    assert messages_of(check_application_transition, "submitted", "disbursed", labels) == [
        "Cannot move from Submitted to Disbursed."
    ]
