"""Workflows as data: a transition graph maps each status to the set of statuses it may move to.

The graphs live beside their apps (``policies.rules.APPLICATION_TRANSITIONS``,
``enterprises.workflow``, ``clusters.workflow``); services call :func:`check_transition` before
they change a status, so the browser, the API and the Excel import refuse the same moves. Who may
make a move (a park clerk or an officer) is a question for the service, not for the graph.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def allowed_targets(current, transitions):
    """The statuses ``current`` may move to (empty for a final status or an unknown one)."""
    return frozenset(transitions.get(current, ()))


def can_transition(current, target, transitions):
    return target in allowed_targets(current, transitions)


def final_statuses(transitions):
    """Statuses with no way out (disbursed, rejected, closed …)."""
    return frozenset(status for status, targets in transitions.items() if not targets)


def check_transition(current, target, transitions, labels=None):
    """Raise ``ValidationError`` unless ``transitions`` allows ``current`` → ``target``.

    ``labels`` maps status codes to what users read (``dict(Model.Status.choices)``); a code with no
    label is shown as it is. Staying in the same status is a move like any other: refused unless
    the graph lists it."""
    if can_transition(current, target, transitions):
        return
    labels = labels or {}
    raise ValidationError(
        _("Cannot move from %(current)s to %(target)s.")
        % {"current": labels.get(current, current), "target": labels.get(target, target)},
        code="invalid_transition",
    )


def graph_problems(transitions):
    """Mistakes in a graph, as plain strings for tests: a target that is not itself a status of the
    graph (a typo, or a status with no entry) and statuses no move leads to, besides the first."""
    problems = []
    statuses = list(transitions)
    for status, targets in transitions.items():
        problems.extend(
            f"{status} → {target}: unknown status" for target in sorted(targets) if target not in transitions
        )
    reached = {target for targets in transitions.values() for target in targets}
    problems.extend(f"{status}: unreachable" for status in statuses[1:] if status not in reached)
    return problems
