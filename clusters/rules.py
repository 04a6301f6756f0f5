"""Pure rules about chains and clusters: node gaps (缺失/薄弱), chain completeness, local matching.

Rates are fractions with 4 decimals; money is ``Decimal`` in 万元.
"""

from decimal import Decimal

from portal.periods import quantize, to_decimal

MISSING = "missing"  # 缺失: no enterprise at all
WEAK = "weak"  # 薄弱: too few enterprises, or none above designated size
STRONG = "strong"
NODE_STATUSES = (MISSING, WEAK, STRONG)
COVERED = frozenset({WEAK, STRONG})
DEFAULT_WEAK_THRESHOLD = 3


def node_status(enterprise_count, above_size_count, weak_threshold=DEFAULT_WEAK_THRESHOLD):
    """Missing with no enterprise; weak with fewer than ``weak_threshold`` enterprises or no
    above-size one among them; strong otherwise."""
    if enterprise_count < 0 or above_size_count < 0 or above_size_count > enterprise_count:
        raise ValueError(f"inconsistent counts: {enterprise_count} enterprises, {above_size_count} above size")
    if enterprise_count == 0:
        return MISSING
    if enterprise_count < weak_threshold or above_size_count == 0:
        return WEAK
    return STRONG


def chain_completeness(statuses):
    """Covered nodes (weak or strong) ÷ all nodes, 4 decimals; None for a chain with no nodes yet
    (nothing to be complete about, which is not the same as 0%)."""
    statuses = list(statuses)
    unknown = set(statuses) - set(NODE_STATUSES)
    if unknown:
        raise ValueError(f"unknown node statuses: {sorted(unknown)}")
    if not statuses:
        return None
    covered = sum(status in COVERED for status in statuses)
    return quantize(Decimal(covered) / len(statuses))


def local_matching_rate(links):
    """本地配套率: supply amounts from suppliers inside the region ÷ all supply amounts.

    ``links`` are ``(amount, supplier_is_local)`` pairs; a link with no amount counts as 0. None
    when the total is 0 (no recorded supply, no rate)."""
    local = total = Decimal(0)
    for amount, supplier_is_local in links:
        amount = to_decimal(amount or 0)
        total += amount
        if supplier_is_local:
            local += amount
    if total == 0:
        return None
    return quantize(local / total)
