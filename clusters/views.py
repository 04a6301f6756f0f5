"""Pages of clusters, chains (the chain map), nodes, investment leads and supply links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.forms import run_edit, run_service
from portal.list_pages import list_context
from portal.scoping import CHANGE, can_change, get_for_user_or_404

from . import rules, selectors, services
from .filtersets import ChainFilterSet, ClusterFilterSet, InvestmentLeadFilterSet, SupplyLinkFilterSet
from .forms import (
    AttachForm,
    ChainForm,
    ClusterForm,
    LandForm,
    LeadForm,
    LeadMoveForm,
    NodeForm,
    NodeMoveForm,
    SupplyLinkForm,
)
from .models import Chain, ChainNode, Cluster, InvestmentLead, SupplyLink
from .workflow import LEAD_TRANSITIONS


def _history(obj):
    return obj.history.select_related("history_user").order_by("-history_date")[:50]


def _form_page(request, form, title, cancel_url):
    """An edit form; below it the record's change history when it exists already."""
    instance = getattr(form, "instance", None)
    history = _history(instance) if instance is not None and instance.pk and hasattr(instance, "history") else None
    context = {"form": form, "title": title, "cancel_url": cancel_url, "history": history}
    return render(request, "clusters/form.html", context)


def _errors_to_messages(request, exc):
    for message in exc.messages:
        messages.error(request, message)


# -- clusters ---------------------------------------------------------------------------------


@login_required
def cluster_list(request):
    queryset = (
        Cluster.objects.for_user(request.user).select_related("lead_department").annotate(n_chains=Count("chains"))
    )
    columns = [
        ("name", _("name")),
        ("category", _("category")),
        ("", _("scale tier target")),
        ("", _("lead department")),
        ("", _("chains")),
    ]
    context = list_context(request, queryset, ClusterFilterSet, columns)
    return render(request, "clusters/cluster_list.html", context)


@login_required
def cluster_detail(request, pk):
    cluster = get_for_user_or_404(Cluster, request.user, pk=pk)
    chains = list(cluster.chains.select_related("lead_department").order_by("sort_order", "code"))
    statuses = {}
    for node, status in selectors.node_statuses(ChainNode.objects.filter(chain__cluster=cluster)):
        statuses.setdefault(node.chain_id, []).append(status)
    for chain in chains:
        chain.completeness = rules.chain_completeness(statuses.get(chain.pk, []))
        chain.n_nodes = len(statuses.get(chain.pk, []))
    return render(
        request,
        "clusters/cluster_detail.html",
        {
            "cluster": cluster,
            "chains": chains,
            "can_change": can_change(request.user, cluster),
            "history": _history(cluster),
        },
    )


@login_required
def cluster_edit(request, pk):
    cluster = get_for_user_or_404(Cluster, request.user, CHANGE, pk=pk)
    form = ClusterForm(request.POST or None, instance=cluster)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_edit(form, services.cluster_update, user=request.user, cluster=cluster)
    ):
        return redirect("clusters:cluster_detail", pk=cluster.pk)
    return _form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": cluster.name},
        reverse("clusters:cluster_detail", args=[cluster.pk]),
    )


# -- chains -----------------------------------------------------------------------------------


@login_required
def chain_list(request):
    queryset = Chain.objects.for_user(request.user).select_related("cluster", "lead_department")
    columns = [("name", _("name")), ("", _("cluster")), ("", _("chain leader")), ("", _("lead department"))]
    context = list_context(request, queryset, ChainFilterSet, columns)
    return render(request, "clusters/chain_list.html", context)


@login_required
def chain_detail(request, pk):
    chain = get_for_user_or_404(Chain.objects.select_related("cluster", "lead_department"), request.user, pk=pk)
    context = selectors.chain_map(user=request.user, chain=chain)
    context.update(
        {
            "chain": chain,
            "host_parks": list(chain.host_parks.all()),
            "can_change": can_change(request.user, chain),
            "can_add_lead": request.user.effective_role in {"officer", "park_staff", "admin"},
            "node_form": NodeForm(chain=chain),
            "history": _history(chain),
        }
    )
    return render(request, "clusters/chain_detail.html", context)


@login_required
def chain_edit(request, pk):
    chain = get_for_user_or_404(Chain, request.user, CHANGE, pk=pk)
    form = ChainForm(request.POST or None, instance=chain)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_edit(form, services.chain_update, user=request.user, chain=chain)
    ):
        return redirect("clusters:chain_detail", pk=chain.pk)
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": chain.name}, reverse("clusters:chain_detail", args=[chain.pk])
    )


@login_required
@require_POST
def chain_master_toggle(request, pk):
    chain = get_for_user_or_404(Chain, request.user, CHANGE, pk=pk)
    form = AttachForm(request.POST)
    if form.is_valid():
        try:
            services.chain_master_toggle(user=request.user, chain=chain, enterprise=form.cleaned_data["enterprise"])
        except ValidationError as exc:
            _errors_to_messages(request, exc)
    else:
        messages.error(request, form.errors["enterprise"][0])
    return redirect("clusters:chain_detail", pk=chain.pk)


# -- nodes ------------------------------------------------------------------------------------


@login_required
def node_add(request, chain_pk):
    chain = get_for_user_or_404(Chain, request.user, CHANGE, pk=chain_pk)
    form = NodeForm(
        request.POST or None,
        chain=chain,
        initial={"stage": request.GET.get("stage"), "parent": request.GET.get("parent")},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data.get(k) for k in ("name", "stage", "parent", "is_key")}
        if run_service(form, services.node_create, user=request.user, chain=chain, data=data):
            messages.success(request, _("Node added."))
            return redirect("clusters:chain_detail", pk=chain.pk)
    return _form_page(
        request,
        form,
        _("Add a node to %(chain)s") % {"chain": chain.name},
        reverse("clusters:chain_detail", args=[chain.pk]),
    )


def _node(request, pk, action=CHANGE):
    return get_for_user_or_404(ChainNode.objects.select_related("chain"), request.user, action, pk=pk)


@login_required
def node_edit(request, pk):
    node = _node(request, pk)
    form = NodeForm(request.POST or None, instance=node, chain=node.chain)
    if request.method == "POST" and form.is_valid():
        data = {"name": form.cleaned_data["name"], "is_key": form.cleaned_data["is_key"]}
        if run_service(
            form,
            services.node_update,
            user=request.user,
            node=node,
            data=data,
            expected_version=form.cleaned_data["version"],
        ):
            return redirect("clusters:chain_detail", pk=node.chain_id)
    return _form_page(
        request,
        form,
        _("Edit node %(name)s") % {"name": node.name},
        reverse("clusters:chain_detail", args=[node.chain_id]),
    )


@login_required
def node_move(request, pk):
    node = _node(request, pk)
    form = NodeMoveForm(request.POST or None, node=node, initial={"parent": node.parent_id, "stage": node.stage})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.node_move,
            user=request.user,
            node=node,
            parent=form.cleaned_data["parent"],
            stage=form.cleaned_data["stage"],
            expected_version=form.cleaned_data["version"],
        )
    ):
        return redirect("clusters:chain_detail", pk=node.chain_id)
    return _form_page(
        request,
        form,
        _("Move node %(name)s") % {"name": node.name},
        reverse("clusters:chain_detail", args=[node.chain_id]),
    )


@login_required
@require_POST
def node_reorder(request, pk):
    node = _node(request, pk)
    services.node_reorder(user=request.user, node=node, direction=1 if request.POST.get("direction") == "down" else -1)
    return redirect(reverse("clusters:chain_detail", args=[node.chain_id]) + f"#node-{node.pk}")


@login_required
def node_delete(request, pk):
    node = _node(request, pk)
    if request.method == "POST":
        try:
            services.node_delete(user=request.user, node=node)
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("Node “%(name)s” deleted.") % {"name": node.name})
        return redirect("clusters:chain_detail", pk=node.chain_id)
    return render(request, "clusters/node_confirm_delete.html", {"node": node})


@login_required
@require_POST
def node_attach(request, pk):
    node = _node(request, pk)
    form = AttachForm(request.POST)
    if form.is_valid():
        try:
            services.node_attach_enterprise(user=request.user, node=node, enterprise=form.cleaned_data["enterprise"])
        except ValidationError as exc:
            _errors_to_messages(request, exc)
    else:
        messages.error(request, form.errors["enterprise"][0])
    return redirect(reverse("clusters:chain_detail", args=[node.chain_id]) + f"#node-{node.pk}")


@login_required
@require_POST
def node_detach(request, pk, enterprise_pk):
    node = _node(request, pk)
    enterprise = node.enterprises.filter(pk=enterprise_pk).first()
    if enterprise is None:
        messages.error(request, _("This enterprise is not on this node."))
    else:
        services.node_detach_enterprise(user=request.user, node=node, enterprise=enterprise)
    return redirect(reverse("clusters:chain_detail", args=[node.chain_id]) + f"#node-{node.pk}")


# -- investment leads -------------------------------------------------------------------------


@login_required
def lead_list(request):
    queryset = InvestmentLead.objects.for_user(request.user).select_related("node__chain", "target_park", "officer")
    columns = [
        ("company_name", _("company")),
        ("", _("chain node")),
        ("", _("target park")),
        ("expected_investment", _("expected investment (10k yuan)")),
        ("stage", _("stage")),
        ("", _("responsible officer")),
        ("next_step_on", _("next step date")),
    ]
    context = list_context(request, queryset, InvestmentLeadFilterSet, columns)
    return render(request, "clusters/lead_list.html", context)


@login_required
def lead_board(request):
    filterset = InvestmentLeadFilterSet(request.GET or None, queryset=InvestmentLead.objects.for_user(request.user))
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    return render(
        request,
        "clusters/lead_board.html",
        {"board": selectors.lead_board(user=request.user, queryset=queryset), "filter": filterset},
    )


@login_required
def lead_detail(request, pk):
    lead = get_for_user_or_404(
        InvestmentLead.objects.select_related("node__chain", "target_park", "officer", "landed_enterprise"),
        request.user,
        pk=pk,
    )
    moves = [
        (stage, label)
        for stage, label in InvestmentLead.Stage.choices
        if stage in LEAD_TRANSITIONS[lead.stage] and stage != InvestmentLead.Stage.LANDED
    ]
    return render(
        request,
        "clusters/lead_detail.html",
        {
            "lead": lead,
            "project": getattr(lead, "project", None),
            "can_change": can_change(request.user, lead),
            "moves": moves,
            "can_land": InvestmentLead.Stage.LANDED in LEAD_TRANSITIONS[lead.stage],
            "history": _history(lead),
        },
    )


@login_required
def lead_create(request):
    if request.user.effective_role not in {"officer", "park_staff", "admin"}:
        raise PermissionDenied  # leaders and analysts read the pipeline, never add to it
    initial = {"node": request.GET.get("node"), "officer": request.user.pk if request.user.role == "officer" else None}
    form = LeadForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        lead = InvestmentLead()
        if not _may_create_lead(request.user, data):
            form.add_error("target_park", _("You may add leads only for your own parks."))
        elif run_service(form, services.lead_save, user=request.user, lead=lead, data=data):
            return redirect("clusters:lead_detail", pk=lead.pk)
    return _form_page(request, form, _("New investment lead"), reverse("clusters:lead_list"))


def _may_create_lead(user, data):
    role = user.effective_role
    if role == "admin" or role == "officer":
        return True
    if role == "park_staff":
        return data.get("target_park") is not None and data["target_park"].pk in user.park_ids
    return False


@login_required
def lead_edit(request, pk):
    lead = get_for_user_or_404(InvestmentLead, request.user, CHANGE, pk=pk)
    form = LeadForm(request.POST or None, instance=lead, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_edit(form, services.lead_save, user=request.user, lead=lead)
    ):
        return redirect("clusters:lead_detail", pk=lead.pk)
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": lead.company_name}, reverse("clusters:lead_detail", args=[lead.pk])
    )


@login_required
@require_POST
def lead_move(request, pk):
    lead = get_for_user_or_404(InvestmentLead, request.user, CHANGE, pk=pk)
    form = LeadMoveForm(request.POST)
    if form.is_valid():
        try:
            services.lead_move(
                user=request.user, lead=lead, stage=form.cleaned_data["stage"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _errors_to_messages(request, exc)
    return redirect(request.POST.get("next") or reverse("clusters:lead_detail", args=[lead.pk]))


@login_required
def lead_land(request, pk):
    lead = get_for_user_or_404(InvestmentLead.objects.select_related("node__chain"), request.user, CHANGE, pk=pk)
    form = LandForm(request.POST or None, user=request.user, lead=lead)
    if request.method == "POST" and form.is_valid():
        result = run_service(form, services.lead_land, user=request.user, lead=lead, **form.service_kwargs())
        if result:
            messages.success(request, _("The lead has landed: enterprise and project created."))
            return redirect("clusters:lead_detail", pk=lead.pk)
    return render(request, "clusters/lead_land.html", {"form": form, "lead": lead})


# -- supply links -----------------------------------------------------------------------------


@login_required
def supplylink_list(request):
    queryset = SupplyLink.objects.for_user(request.user).select_related("supplier", "customer")
    columns = [
        ("supplier_name", _("supplier")),
        ("customer_name", _("customer")),
        ("", _("product")),
        ("annual_amount", _("annual amount (10k yuan)")),
        ("year", _("year")),
    ]
    context = list_context(request, queryset, SupplyLinkFilterSet, columns)
    return render(request, "clusters/supplylink_list.html", context)


@login_required
def supplylink_edit(request, pk=None):
    if pk is None:
        if request.user.effective_role not in {"officer", "park_staff", "admin"}:
            raise PermissionDenied
        link = SupplyLink()
    else:
        link = get_for_user_or_404(SupplyLink, request.user, CHANGE, pk=pk)
    form = SupplyLinkForm(request.POST or None, instance=link)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_edit(form, services.supplylink_save, user=request.user, link=link)
    ):
        return redirect("clusters:supplylink_list")
    return _form_page(request, form, _("Supply link"), reverse("clusters:supplylink_list"))
