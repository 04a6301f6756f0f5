"""Reads of clusters and chains shared by pages, exports, the API and reports: the chain map
(node tree with gap statuses), completeness, local matching rate and the gap list."""

from collections import defaultdict

from django.db.models import Count, DecimalField, F, Max, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from enterprises.selectors import local_q

from . import rules
from .models import ChainNode, InvestmentLead, SupplyLink

OPEN_LEAD_STAGES = (
    InvestmentLead.Stage.CONTACTED,
    InvestmentLead.Stage.NEGOTIATING,
    InvestmentLead.Stage.SIGNED,
)
ENTERPRISES_SHOWN = 12  # per node on the map; the node's count links to all of them
ZERO = Value(0, output_field=DecimalField(max_digits=20, decimal_places=2))


def node_counts(nodes):
    """{node id: (active enterprises, active above-size enterprises)} for the queryset ``nodes``,
    grouped by the node's id alone: grouping by every column of the node, or COUNT(DISTINCT),
    sorts every link (100k+ at province scale).  A node's links are unique pairs, so plain counts
    are exact."""
    active = Q(enterprises__is_active=True)
    rows = (
        nodes.order_by()
        .values_list("pk")
        .annotate(
            n=Count("enterprises", filter=active),
            n_above=Count("enterprises", filter=active & Q(enterprises__above_size=True)),
        )
    )
    return {pk: (n, n_above) for pk, n, n_above in rows}


def node_statuses(nodes):
    """[(node, "missing"|"weak"|"strong")] for the queryset ``nodes``, each node given
    ``n_enterprises`` and ``n_above`` and ``status``: two queries whatever the number of links."""
    counts = node_counts(nodes)
    nodes = list(nodes.select_related("chain"))
    result = []
    for node in nodes:
        node.n_enterprises, node.n_above = counts.get(node.pk, (0, 0))
        node.status = rules.node_status(node.n_enterprises, node.n_above, node.chain.weak_threshold)
        result.append((node, node.status))
    return result


def chain_local_matching(chain, year=None):
    """(year, rate) of 本地配套率 for the enterprises on ``chain``'s nodes: supply amounts to them
    from suppliers inside the region ÷ all recorded supply amounts to them, for ``year`` (the latest
    year with links when None)."""
    through = ChainNode.enterprises.through
    customers = through.objects.filter(chainnode__chain=chain).values("enterprise_id")
    links = SupplyLink.objects.filter(customer_id__in=customers)
    if year is None:
        year = links.aggregate(latest=Max("year"))["latest"]
        if year is None:
            return None, None
    sums = links.filter(year=year).aggregate(
        total=Coalesce(Sum("annual_amount"), ZERO),
        local=Coalesce(Sum("annual_amount", filter=local_q("supplier__")), ZERO),
    )
    pairs = [(sums["local"], True), (sums["total"] - sums["local"], False)]
    return year, rules.local_matching_rate(pairs)


def chain_map(*, user, chain):
    """Everything the chain page shows, in a fixed number of queries whatever the chain's size."""
    ordered = ChainNode.objects.filter(chain=chain).order_by("stage", "parent_id", "sort_order", "pk")
    nodes = [node for node, _status in node_statuses(ordered)]
    by_id = {node.pk: node for node in nodes}
    children = defaultdict(list)
    for node in nodes:
        node.enterprise_list = []
        node.open_leads = []
        children[node.parent_id if node.parent_id in by_id else None].append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.sort_order, n.pk))

    through = ChainNode.enterprises.through
    # Only the first ENTERPRISES_SHOWN of each node leave the database (a large chain has 30k+ links).
    first_by_name = Window(
        RowNumber(), partition_by=[F("chainnode_id")], order_by=[F("enterprise__name").asc(), F("enterprise_id").asc()]
    )
    links = (
        through.objects.filter(chainnode__chain=chain, enterprise__is_active=True)
        .annotate(rank=first_by_name)
        .filter(rank__lte=ENTERPRISES_SHOWN)
        .order_by("enterprise__name", "enterprise_id")
        .values_list("chainnode_id", "enterprise_id", "enterprise__name", "enterprise__above_size")
    )
    masters = list(chain.chain_masters.filter(is_active=True).order_by("name"))
    master_ids = {e.pk for e in masters}
    for node_id, enterprise_id, name, above_size in links:
        shown = by_id[node_id].enterprise_list
        if len(shown) < ENTERPRISES_SHOWN:
            shown.append(
                {"pk": enterprise_id, "name": name, "above_size": above_size, "master": enterprise_id in master_ids}
            )

    leads = (
        InvestmentLead.objects.for_user(user)
        .filter(node__chain=chain, stage__in=OPEN_LEAD_STAGES)
        .select_related("target_park", "officer")
        .order_by("next_step_on", "pk")
    )
    for lead in leads:
        by_id[lead.node_id].open_leads.append(lead)

    def walk(node, depth, rows):
        node.depth = depth
        rows.append(node)
        for child in children.get(node.pk, ()):
            walk(child, depth + 1, rows)

    columns = []
    for stage, label in ChainNode.Stage.choices:
        rows = []
        for root in children.get(None, ()):
            if root.stage == stage:
                walk(root, 0, rows)
        columns.append({"stage": stage, "label": label, "nodes": rows})

    statuses = [node.status for node in nodes]
    year, matching = chain_local_matching(chain)
    return {
        "columns": columns,
        "nodes": nodes,
        "completeness": rules.chain_completeness(statuses),
        "counts": {status: statuses.count(status) for status in rules.NODE_STATUSES},
        "gaps": [node for column in columns for node in column["nodes"] if node.status != rules.STRONG],
        "matching_year": year,
        "local_matching_rate": matching,
        "masters": masters,
    }


def lead_board(*, user, queryset=None):
    """Leads grouped by stage, in the order of the pipeline."""
    queryset = queryset if queryset is not None else InvestmentLead.objects.for_user(user)
    leads = queryset.select_related("node__chain", "target_park", "officer").order_by("next_step_on", "pk")
    board = {stage: [] for stage, _label in InvestmentLead.Stage.choices}
    for lead in leads:
        board[lead.stage].append(lead)
    return [{"stage": stage, "label": label, "leads": board[stage]} for stage, label in InvestmentLead.Stage.choices]
