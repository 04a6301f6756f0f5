"""Status graph of investment leads (招商线索), checked with
:func:`portal.workflow.check_transition`."""

from portal.workflow import check_transition

# 接洽 contacted → 洽谈 negotiating → 签约 signed → 落地 landed. Any lead not yet landed can be
# dropped (放弃). Landed is final: the lead has become an enterprise and a project. A dropped lead can
# be revived, and starts again from contacted, because talks broken off have to be reopened from the
# first contact whatever stage they had reached.
LEAD_TRANSITIONS = {
    "contacted": frozenset({"negotiating", "dropped"}),
    "negotiating": frozenset({"signed", "dropped"}),
    "signed": frozenset({"landed", "dropped"}),
    "landed": frozenset(),
    "dropped": frozenset({"contacted"}),
}


def check_lead_transition(current, target, labels=None):
    check_transition(current, target, LEAD_TRANSITIONS, labels)
