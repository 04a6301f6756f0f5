"""clusters.rules: node gaps, chain completeness, local matching rate."""

from decimal import Decimal

import pytest

from clusters.rules import chain_completeness, local_matching_rate, node_status

D = Decimal


@pytest.mark.parametrize(
    ("enterprises", "above_size", "threshold", "status"),
    [
        (0, 0, 3, "missing"),
        (1, 1, 3, "weak"),  # fewer than 3
        (2, 2, 3, "weak"),
        (3, 1, 3, "strong"),  # exactly the threshold, one above size
        (3, 0, 3, "weak"),  # enough enterprises, none above size
        (10, 0, 3, "weak"),
        (10, 4, 3, "strong"),
        (4, 1, 5, "weak"),  # a stricter threshold
        (5, 1, 5, "strong"),
        (1, 1, 1, "strong"),
    ],
)
def test_node_status(enterprises, above_size, threshold, status):
    assert node_status(enterprises, above_size, threshold) == status


def test_node_status_default_threshold_is_three():
    assert node_status(2, 2) == "weak"
    assert node_status(3, 1) == "strong"


@pytest.mark.parametrize(("enterprises", "above_size"), [(2, 3), (-1, 0), (2, -1)])
def test_node_status_refuses_inconsistent_counts(enterprises, above_size):
    with pytest.raises(ValueError):
        node_status(enterprises, above_size)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], None),  # a chain with no nodes
        (["strong", "strong"], D("1")),
        (["missing", "missing"], D("0")),
        (["strong", "weak", "missing", "missing"], D("0.5")),  # weak nodes are covered
        (["strong", "weak", "missing"], D("0.6667")),  # 2/3
        (["weak"] * 7 + ["missing"], D("0.875")),
    ],
)
def test_chain_completeness(statuses, expected):
    assert chain_completeness(statuses) == expected


def test_chain_completeness_takes_any_iterable_and_refuses_unknown_statuses():
    assert chain_completeness(s for s in ("strong", "missing")) == D("0.5")
    with pytest.raises(ValueError):
        chain_completeness(["strong", "gap"])


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ([], None),
        ([(D("0"), True), (D("0"), False)], None),  # nothing recorded
        ([(D("300"), True), (D("700"), False)], D("0.3")),
        ([(D("100"), True), (D("200"), True)], D("1")),
        ([(D("100"), False)], D("0")),
        ([(D("1"), True), (D("2"), False)], D("0.3333")),
        ([(D("120.5"), True), (None, True), (D("120.5"), False)], D("0.5")),  # no amount counts as 0
        ([("250", 1), (250, 0)], D("0.5")),
    ],
)
def test_local_matching_rate(links, expected):
    assert local_matching_rate(links) == expected
