"""projects.rules: completion rate against time elapsed (序时进度) and the lagging rule."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects.rules import LAG_TOLERANCE, completion_rate, is_lagging, lag_points

D = Decimal


@pytest.mark.parametrize(
    ("ytd", "plan", "expected"),
    [
        (D("39"), D("100"), D("0.39")),
        (D("1"), D("3"), D("0.3333")),
        (D("2"), D("3"), D("0.6667")),
        (D("0"), D("5000"), D("0")),
        (None, D("5000"), D("0")),  # nothing reported yet: nothing completed
        (D("6000"), D("5000"), D("1.2")),  # ahead of plan
        (D("100"), D("0"), None),  # no plan
        (D("100"), None, None),
    ],
)
def test_completion_rate(ytd, plan, expected):
    assert completion_rate(ytd, plan) == expected


@pytest.mark.parametrize(
    ("ytd", "plan", "month", "points", "lagging"),
    [
        # June: time elapsed 6/12 = 50%.
        (D("39"), D("100"), 6, D("11.00"), True),  # 50 − 39 = 11 points behind
        (D("40"), D("100"), 6, D("10.00"), False),  # exactly 10 points behind is not "more than"
        (D("39.99"), D("100"), 6, D("10.01"), True),
        (D("1950"), D("5000"), 6, D("11.00"), True),  # 1950/5000 = 39%
        (D("2000"), D("5000"), 6, D("10.00"), False),
        (D("3000"), D("5000"), 6, D("-10.00"), False),  # ahead
        # January: 1/12 = 8.33%, less than 10 points; nothing can lag yet.
        (D("0"), D("100"), 1, D("8.33"), False),
        # February: 2/12 = 16.67%; 6.66% is 10.01 points behind, 6.67% exactly 10.
        (D("6.66"), D("100"), 2, D("10.01"), True),
        (D("6.67"), D("100"), 2, D("10.00"), False),
        # December: 100%; 89.99% lags, 90% does not.
        (D("89.99"), D("100"), 12, D("10.01"), True),
        (D("90"), D("100"), 12, D("10.00"), False),
        (D("0"), D("100"), 12, D("100.00"), True),
        # No plan: never lagging.
        (D("0"), D("0"), 12, None, False),
        (D("0"), None, 12, None, False),
    ],
)
def test_lag_points_and_is_lagging(ytd, plan, month, points, lagging):
    assert lag_points(ytd, plan, month) == points
    assert is_lagging(ytd, plan, month) is lagging


def test_tolerance_is_ten_points():
    assert D("0.10") == LAG_TOLERANCE


def test_month_is_validated():
    with pytest.raises(ValidationError):
        is_lagging(D("1"), D("100"), 13)
