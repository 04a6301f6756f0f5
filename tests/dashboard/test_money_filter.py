"""The money filter of the dashboards: 万元 below 10,000, 亿元 from there, in Chinese."""

from decimal import Decimal

import pytest
from django.utils import translation

from reports.templatetags.dashboard import money


@pytest.mark.parametrize(
    "value, shown",
    [
        (Decimal("5432.4"), "5432 万元"),  # under 10,000: no separator in Chinese (groups of four)
        (Decimal("9999.49"), "9999 万元"),
        (Decimal("10000"), "1.00 亿元"),
        (Decimal("473973500.4"), "47,397.35 亿元"),  # the cockpit's output card at province scale
        (Decimal("-12345"), "-1.23 亿元"),
        (None, "—"),
    ],
)
def test_money_in_chinese(value, shown):
    with translation.override("zh-hans"):
        assert money(value) == shown
