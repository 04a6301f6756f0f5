"""Status graphs of the enterprise app, checked with :func:`portal.workflow.check_transition`.

Data only: who may make which move (an officer reopening an approved month, say) is decided by the
service that makes it.
"""

from portal.workflow import check_transition

# 企业诉求: 受理 received → 办理中 in progress → 已办结 resolved → 已评价 closed (satisfaction
# recorded). A request answered on the spot goes straight from received to resolved.
SERVICE_REQUEST_TRANSITIONS = {
    "received": frozenset({"in_progress", "resolved"}),
    "in_progress": frozenset({"resolved"}),
    "resolved": frozenset({"closed"}),
    "closed": frozenset(),
}

# A park's monthly submission of enterprise figures: the park fills it in (draft) and submits it;
# the statistics officer approves it or returns it with remarks; a returned month is corrected and
# submitted again. An approved month is reopened to draft (by an officer only) when a figure has to
# change after approval.
STAT_MONTH_TRANSITIONS = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"approved", "returned"}),
    "returned": frozenset({"submitted"}),
    "approved": frozenset({"draft"}),
}


def check_service_request_transition(current, target, labels=None):
    check_transition(current, target, SERVICE_REQUEST_TRANSITIONS, labels)


def check_stat_month_transition(current, target, labels=None):
    check_transition(current, target, STAT_MONTH_TRANSITIONS, labels)
