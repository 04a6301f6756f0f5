"""portal.workflow: transition graphs as data and the one check every service calls."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.workflow import allowed_targets, can_transition, check_transition, final_statuses, graph_problems

GRAPH = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"approved", "returned"}),
    "returned": frozenset({"submitted"}),
    "approved": frozenset(),
}
LABELS = {"draft": "Draft", "submitted": "Submitted", "approved": "Approved", "returned": "Returned"}


@pytest.mark.parametrize(
    ("current", "target"),
    [("draft", "submitted"), ("submitted", "approved"), ("submitted", "returned"), ("returned", "submitted")],
)
def test_allowed_moves_pass(current, target):
    check_transition(current, target, GRAPH, LABELS)
    assert can_transition(current, target, GRAPH)


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        ("draft", "approved", "Cannot move from Draft to Approved."),  # skipping a step
        ("approved", "draft", "Cannot move from Approved to Draft."),  # out of a final status
        ("draft", "draft", "Cannot move from Draft to Draft."),  # staying put is not listed
        ("returned", "approved", "Cannot move from Returned to Approved."),
    ],
)
def test_other_moves_are_refused_with_labels(current, target, message):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        check_transition(current, target, GRAPH, LABELS)
    assert excinfo.value.messages == [message]
    assert excinfo.value.code == "invalid_transition"
    assert not can_transition(current, target, GRAPH)


def test_codes_without_labels_are_shown_as_they_are():
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        check_transition("draft", "archived", GRAPH)
    assert excinfo.value.messages == ["Cannot move from draft to archived."]


def test_an_unknown_current_status_allows_nothing():
    assert allowed_targets("lost", GRAPH) == frozenset()
    with pytest.raises(ValidationError):
        check_transition("lost", "draft", GRAPH)


def test_final_statuses():
    assert final_statuses(GRAPH) == {"approved"}


def test_graph_problems():
    assert graph_problems(GRAPH) == []
    broken = {"draft": {"submited"}, "submitted": {"approved"}, "approved": set(), "orphan": set()}
    assert graph_problems(broken) == [
        "draft → submited: unknown status",
        "submitted: unreachable",
        "orphan: unreachable",
    ]
