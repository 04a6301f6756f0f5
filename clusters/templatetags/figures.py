"""Display filters for rates and money shared by the officers' pages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def percent(value, places=1):
    """0.6667 → "66.7%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) * 100:.{int(places)}f}%"


@register.filter
def money(value):
    """万元 with two decimals and thousands separators; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"
