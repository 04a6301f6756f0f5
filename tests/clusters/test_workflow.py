"""clusters.workflow: the investment-lead pipeline."""

import pytest
from django.core.exceptions import ValidationError

from clusters.workflow import LEAD_TRANSITIONS, check_lead_transition
from portal.workflow import final_statuses, graph_problems


def test_graph_is_well_formed():
    assert graph_problems(LEAD_TRANSITIONS) == []
    assert final_statuses(LEAD_TRANSITIONS) == {"landed"}


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("contacted", "negotiating"),
        ("negotiating", "signed"),
        ("signed", "landed"),
        ("contacted", "dropped"),
        ("negotiating", "dropped"),
        ("signed", "dropped"),  # any lead not yet landed can be dropped
        ("dropped", "contacted"),  # revived: starts again from the first contact
    ],
)
def test_allowed_moves(current, target):
    check_lead_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("contacted", "signed"),
        ("contacted", "landed"),
        ("landed", "dropped"),  # landed is final
        ("dropped", "negotiating"),
        ("dropped", "signed"),
        ("signed", "negotiating"),
    ],
)
def test_refused_moves(current, target):
    with pytest.raises(ValidationError):
        check_lead_transition(current, target)
