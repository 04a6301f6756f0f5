"""Number formats of the dashboards: shares as percentages, money in 万元 or 亿元."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

register = template.Library()

DASH = "—"


def _dec(value):
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


@register.filter
def pct(value, places=1):
    """A fraction as a percentage: 0.1234 → "12.3%"; None → "—"."""
    value = _dec(value)
    if value is None:
        return DASH
    q = Decimal(1).scaleb(-int(places))
    return f"{(value * 100).quantize(q, rounding=ROUND_HALF_UP)}%"


@register.filter
def signed_pct(value):
    """Year-on-year change with its sign: "+12.3%", "-4.0%", "—"."""
    value = _dec(value)
    if value is None:
        return DASH
    text = pct(value)
    return text if value < 0 else f"+{text}"


@register.filter
def trend(value):
    """ "up", "down" or "flat": the CSS class of a year-on-year change."""
    value = _dec(value)
    if value is None or value == 0:
        return "flat"
    return "up" if value > 0 else "down"


@register.filter
def num(value, places=0):
    """A number with thousands separators; None → "—"."""
    value = _dec(value)
    if value is None:
        return DASH
    q = Decimal(1).scaleb(-int(places))
    return intcomma(str(value.quantize(q, rounding=ROUND_HALF_UP)))


YI = 10000  # 万元 in one 亿元: money from this much on reads in 亿元 (cards and chart axes alike)


@register.filter
def money(value):
    """万元 shown as 亿元 from 10,000 万元 on: "1.23 亿元" / "5,432 万元"."""
    value = _dec(value)
    if value is None:
        return DASH
    if abs(value) >= YI:
        unit = _("100M yuan")  # outside the f-string, where makemessages finds it
        return f"{num(value / YI, 2)} {unit}"
    unit = _("10k yuan")
    return f"{num(value, 0)} {unit}"


@register.filter
def is_money(unit):
    return str(unit) == str(_("10k yuan"))


@register.filter
def bar_width(value):
    """A fraction as a CSS width in percent, capped at 100."""
    value = _dec(value)
    if value is None:
        return "0"
    return str(max(Decimal(0), min(Decimal(100), value * 100)).quantize(Decimal("0.1")))
