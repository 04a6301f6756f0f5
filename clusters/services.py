"""Writes of clusters and chains: chain nodes, enterprises on nodes, investment leads and their
landing as an enterprise and a project (补链招商)."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from portal.services import object_save

from .models import ChainNode, InvestmentLead
from .workflow import check_lead_transition

LEAD_LABELS = dict(InvestmentLead.Stage.choices)


def _save(user, obj, data=None, expected_version=None, reason=""):
    obj._change_reason = reason or None
    return object_save(user=user, obj=obj, data=data, expected_version=expected_version)


def cluster_update(*, user, cluster, data, expected_version=None):
    return _save(user, cluster, data, expected_version)


def chain_update(*, user, chain, data, expected_version=None):
    return _save(user, chain, data, expected_version)


def _next_sort_order(chain, stage, parent):
    current = ChainNode.objects.filter(chain=chain, stage=stage, parent=parent).aggregate(m=Max("sort_order"))["m"]
    return 0 if current is None else current + 1


@transaction.atomic
def node_create(*, user, chain, data):
    """Add a node to ``chain``; a child node takes its parent's stage."""
    data = dict(data)
    parent = data.get("parent")
    if parent is not None:
        data["stage"] = parent.stage
    node = ChainNode(chain=chain)
    data.setdefault("sort_order", _next_sort_order(chain, data.get("stage"), parent))
    return _save(user, node, data, reason=_("Node added"))


@transaction.atomic
def node_update(*, user, node, data, expected_version=None):
    """Rename a node or change its flags; moving it is :func:`node_move`."""
    return _save(user, node, data, expected_version, reason=_("Node edited"))


@transaction.atomic
def node_move(*, user, node, parent=None, stage=None, expected_version=None):
    """Place ``node`` under ``parent`` (None: a top node of ``stage``), at the end of its new
    siblings.  Its children follow it, taking its stage."""
    node = ChainNode.objects.select_for_update().get(pk=node.pk)
    if parent is not None:
        stage = parent.stage
    if not stage:
        raise ValidationError({"stage": _("Choose the stage the node moves to.")})
    data = {"parent": parent, "stage": stage, "sort_order": _next_sort_order(node.chain, stage, parent)}
    node = _save(user, node, data, expected_version, reason=_("Node moved"))
    _restage_descendants(user, node)
    return node


def _restage_descendants(user, node):
    for child in ChainNode.objects.filter(parent=node).exclude(stage=node.stage):
        _save(user, child, {"stage": node.stage}, reason=_("Node moved with its parent"))
    for child in ChainNode.objects.filter(parent=node):
        _restage_descendants(user, child)


@transaction.atomic
def node_reorder(*, user, node, direction):
    """Move ``node`` one place up (``direction`` = -1) or down (+1) among its siblings."""
    siblings = list(
        ChainNode.objects.select_for_update()
        .filter(chain_id=node.chain_id, stage=node.stage, parent_id=node.parent_id)
        .order_by("sort_order", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(siblings):
        return node
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for order, sibling in enumerate(siblings):
        if sibling.sort_order != order:
            _save(user, sibling, {"sort_order": order}, reason=_("Node reordered"))
    return ChainNode.objects.get(pk=node.pk)


@transaction.atomic
def node_delete(*, user, node):
    """Delete a node that carries nothing; refuse, saying why, otherwise."""
    node = ChainNode.objects.select_for_update().get(pk=node.pk)
    if node.children.exists():
        raise ValidationError(_("This node has child nodes; move or delete them first."))
    if node.enterprises.exists():
        raise ValidationError(_("Enterprises are attached to this node; detach them first."))
    if node.leads.exists():
        raise ValidationError(_("This node has investment leads; it cannot be deleted."))
    node.delete()


@transaction.atomic
def node_attach_enterprise(*, user, node, enterprise):
    node = ChainNode.objects.select_for_update().get(pk=node.pk)
    if node.enterprises.filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("This enterprise is already on this node.")})
    node.enterprises.add(enterprise)
    return _save(user, node, reason=_("Enterprise attached: %(name)s") % {"name": enterprise.name})


@transaction.atomic
def node_detach_enterprise(*, user, node, enterprise):
    node = ChainNode.objects.select_for_update().get(pk=node.pk)
    if not node.enterprises.filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("This enterprise is not on this node.")})
    node.enterprises.remove(enterprise)
    return _save(user, node, reason=_("Enterprise detached: %(name)s") % {"name": enterprise.name})


@transaction.atomic
def lead_save(*, user, lead, data, expected_version=None):
    """Create or edit a lead's details; its stage moves only through :func:`lead_move` and
    :func:`lead_land`."""
    data = {key: value for key, value in data.items() if key not in {"stage", "landed_enterprise"}}
    return _save(user, lead, data, expected_version, reason="" if lead.pk else _("Lead added"))


@transaction.atomic
def lead_move(*, user, lead, stage, note=""):
    """Move a lead along the pipeline (接洽 → 洽谈 → 签约; 放弃 and back to 接洽).  Landing goes
    through :func:`lead_land`, which creates the enterprise and the project."""
    lead = InvestmentLead.objects.select_for_update().get(pk=lead.pk)
    if stage == InvestmentLead.Stage.LANDED:
        raise ValidationError(
            {"stage": _("A lead is marked as landed together with its enterprise and project; use “Mark as landed”.")}
        )
    check_lead_transition(lead.stage, stage, LEAD_LABELS)
    reason = _("Stage: %(old)s → %(new)s") % {"old": LEAD_LABELS[lead.stage], "new": LEAD_LABELS[stage]}
    if note:
        reason += f" ({note})"
    return _save(user, lead, {"stage": stage}, reason=reason[:100])


def _prefixed(exc, prefix):
    if hasattr(exc, "error_dict"):
        return ValidationError({f"{prefix}{field}": errors for field, errors in exc.error_dict.items()})
    return exc


@transaction.atomic
def lead_land(*, user, lead, enterprise=None, enterprise_data=None, project_data):
    """落地: in one transaction, the lead becomes landed, linked to an existing ``enterprise`` or to
    one created from ``enterprise_data``, which is attached to the lead's node; a project is
    created from ``project_data`` for it.  Field errors come back prefixed ``enterprise_`` and
    ``project_``; on any error nothing is written."""
    # Project lives in an app to the right of this one (STYLE.md "Apps in layers"): it is reached
    # through the app registry, not imported, so no import cycle can form.
    project_model = apps.get_model("projects", "Project")
    lead = InvestmentLead.objects.select_for_update().select_related("node__chain").get(pk=lead.pk)
    check_lead_transition(lead.stage, InvestmentLead.Stage.LANDED, LEAD_LABELS)
    if enterprise is None and not enterprise_data:
        raise ValidationError(_("Choose an existing enterprise or enter the new enterprise's details."))
    if enterprise is None:
        try:
            enterprise = _save(user, Enterprise(), enterprise_data, reason=_("Landed from an investment lead"))
        except ValidationError as exc:
            raise _prefixed(exc, "enterprise_") from None
    project_data = dict(project_data)
    project_data.setdefault("park", lead.target_park or enterprise.park)
    project_data.setdefault("chain", lead.node.chain)
    project_data["investor"] = enterprise
    project_data["lead"] = lead
    try:
        project = _save(user, project_model(), project_data, reason=_("Created from a landed investment lead"))
    except ValidationError as exc:
        raise _prefixed(exc, "project_") from None
    lead.node.enterprises.add(enterprise)
    _save(
        user,
        lead,
        {"stage": InvestmentLead.Stage.LANDED, "landed_enterprise": enterprise},
        reason=_("Stage: %(old)s → %(new)s") % {"old": LEAD_LABELS[lead.stage], "new": LEAD_LABELS["landed"]},
    )
    return lead, enterprise, project


@transaction.atomic
def chain_master_toggle(*, user, chain, enterprise):
    """Make ``enterprise`` a chain master (链主) of ``chain``, or stop it being one."""
    chain = type(chain).objects.select_for_update().get(pk=chain.pk)
    if chain.chain_masters.filter(pk=enterprise.pk).exists():
        chain.chain_masters.remove(enterprise)
        reason = _("Chain master removed: %(name)s") % {"name": enterprise.name}
    else:
        chain.chain_masters.add(enterprise)
        reason = _("Chain master added: %(name)s") % {"name": enterprise.name}
    return _save(user, chain, reason=reason[:100])


@transaction.atomic
def supplylink_save(*, user, link, data, expected_version=None):
    """Create or edit a supply link; park staff record only links touching their own parks."""
    if getattr(user, "effective_role", None) == "park_staff":
        parks = set(user.park_ids)
        if data["supplier"].park_id not in parks and data["customer"].park_id not in parks:
            raise ValidationError(
                {"supplier": _("Park staff record only links where the supplier or the customer is in their park.")}
            )
    return _save(user, link, data, expected_version)
