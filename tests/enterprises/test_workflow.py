"""enterprises.workflow: the service-request and monthly-submission graphs."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from enterprises.workflow import (
    SERVICE_REQUEST_TRANSITIONS,
    STAT_MONTH_TRANSITIONS,
    check_service_request_transition,
    check_stat_month_transition,
)
from portal.workflow import final_statuses, graph_problems


@pytest.mark.parametrize("graph", [SERVICE_REQUEST_TRANSITIONS, STAT_MONTH_TRANSITIONS])
def test_graphs_are_well_formed(graph):
    assert graph_problems(graph) == []


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("received", "in_progress"),
        ("received", "resolved"),  # answered on the spot
        ("in_progress", "resolved"),
        ("resolved", "closed"),
    ],
)
def test_service_request_moves(current, target):
    check_service_request_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [("received", "closed"), ("in_progress", "received"), ("closed", "in_progress"), ("resolved", "received")],
)
def test_service_request_refused_moves(current, target):
    with pytest.raises(ValidationError):
        check_service_request_transition(current, target)


def test_a_closed_request_is_final():
    assert final_statuses(SERVICE_REQUEST_TRANSITIONS) == {"closed"}


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("approved", "draft"),  # reopened by an officer
    ],
)
def test_stat_month_moves(current, target):
    check_stat_month_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [("draft", "approved"), ("returned", "approved"), ("approved", "submitted"), ("submitted", "draft")],
)
def test_stat_month_refused_moves(current, target):
    with pytest.raises(ValidationError):
        check_stat_month_transition(current, target)


def test_refusal_names_the_statuses_by_label():
    labels = {"draft": "Draft", "approved": "Approved"}
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        check_stat_month_transition("draft", "approved", labels)
    assert excinfo.value.messages == ["Cannot move from Draft to Approved."]
