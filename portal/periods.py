"""Periods (year, month) and the arithmetic of monthly figures: year-to-date, year-on-year, shares,
time-elapsed progress (序时进度).

Pure functions: plain values in, plain values out, no database. A period is a ``(year, month)``
tuple or a :class:`Period`; money is ``Decimal`` in 万元. Rates and shares are fractions (0.25, not
25%) rounded half up (四舍五入) to four decimals, which is what the reports print as 25.00%.
"""

import datetime
import re
from calendar import monthrange
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

RATE_PLACES = Decimal("0.0001")
MONEY_PLACES = Decimal("0.01")


# -- numbers ------------------------------------------------------------------------------------


def to_decimal(value):
    """``Decimal`` from a Decimal, int, str or float; None stays None.

    A float goes through its shortest repr (0.2 → Decimal("0.2"), not 0.2000000000000000111…), so
    numbers read from JSON compare as written. Booleans, NaN and infinities are refused."""
    if value is None or (isinstance(value, Decimal) and value.is_finite()):
        return value
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    try:
        number = Decimal(str(value).strip()) if isinstance(value, (str, float)) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return number


def quantize(value, places=RATE_PLACES):
    """Round half up (四舍五入) to ``places``; None stays None."""
    if value is None:
        return None
    return to_decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def yoy(current, previous):
    """Year-on-year growth (同比增长) as a fraction: (current − previous) ÷ |previous|, 4 decimals.

    None when either figure is missing or the previous one is 0: growth from zero has no finite
    ratio (100 from 0 is not "+∞%"), so the reports print "—" there rather than a made-up figure.
    Dividing by |previous| keeps the sign meaningful for figures that can be negative (profit): a
    loss of 100 that becomes a loss of 50 is +50%, an improvement."""
    if current is None or previous is None:
        return None
    current, previous = to_decimal(current), to_decimal(previous)
    if previous == 0:
        return None
    return quantize((current - previous) / abs(previous))


def share(part, whole):
    """part ÷ whole as a fraction, 4 decimals; None when either is missing or the whole is 0."""
    if part is None or whole is None:
        return None
    part, whole = to_decimal(part), to_decimal(whole)
    if whole == 0:
        return None
    return quantize(part / whole)


# -- months -------------------------------------------------------------------------------------


def validate_month(month):
    """A month is an int from 1 to 12."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValidationError(_("Month must be between 1 and 12."), code="invalid_month")


def add_months(year, month, n):
    """The period ``n`` months after (year, month); ``n`` may be negative. (2024, 12) + 1 → (2025, 1)."""
    validate_month(month)
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def previous_month(year, month):
    """上月: (2025, 1) → (2024, 12)."""
    return add_months(year, month, -1)


def same_month_last_year(year, month):
    """上年同期: (2025, 3) → (2024, 3)."""
    validate_month(month)
    return year - 1, month


def months_between(start, end):
    """How many months from ``start`` to ``end``, both (year, month) and both counted:
    (2025, 1) → (2025, 3) is 3. An ``end`` before ``start`` is an empty range: 0."""
    (start_year, start_month), (end_year, end_month) = start, end
    validate_month(start_month)
    validate_month(end_month)
    return max(0, (end_year * 12 + end_month) - (start_year * 12 + start_month) + 1)


def ytd_months(year, month):
    """The months of 1–N月累计 (year to date): [(year, 1), …, (year, month)]."""
    validate_month(month)
    return [(year, m) for m in range(1, month + 1)]


def time_elapsed_progress(month):
    """序时进度: months elapsed ÷ 12, 4 decimals. 3 → 0.25, 1 → 0.0833, 12 → 1."""
    validate_month(month)
    return quantize(Decimal(month) / 12)


def validate_period_not_future(year, month, today):
    """Figures can be entered for the current month and earlier ones, not for months to come."""
    validate_month(month)
    if (year, month) > (today.year, today.month):
        raise ValidationError(
            _("The period %(year)s-%(month)02d has not been reached yet.") % {"year": year, "month": month},
            code="future_period",
        )


# -- dates --------------------------------------------------------------------------------------


def add_years(day, n):
    """The same day ``n`` years later (or earlier).

    29 February in a year without one becomes 28 February: the date stays in its month, as
    ``dateutil.relativedelta`` and most spreadsheet functions (EDATE) do, rather than sliding into
    March."""
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # 29 February → a common year
        return day.replace(year=day.year + n, day=28)


def add_months_to_date(day, n):
    """The same day ``n`` months later; a day the target month lacks becomes its last day
    (31 January + 1 month → 28 or 29 February). 12 months agree with :func:`add_years`."""
    year, month = add_months(day.year, day.month, n)
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


# -- the Period value ---------------------------------------------------------------------------

PERIOD_RE = re.compile(r"(\d{4})-(\d{1,2})")


@dataclass(frozen=True, order=True)
class Period:
    """A month of figures. Orders by time; ``str()`` is the machine form "2025-03" that
    :func:`parse_period` reads back; ``label`` is what people read (2025年3月)."""

    year: int
    month: int

    def __post_init__(self):
        validate_month(self.month)

    @classmethod
    def of(cls, day):
        """The period a date falls in."""
        return cls(day.year, day.month)

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self):
        return _("%(year)s/%(month)s") % {"year": self.year, "month": self.month}

    def as_tuple(self):
        return self.year, self.month

    def add(self, n):
        return Period(*add_months(self.year, self.month, n))

    def previous(self):
        return self.add(-1)

    def next(self):
        return self.add(1)

    def last_year(self):
        return Period(*same_month_last_year(self.year, self.month))

    def ytd(self):
        """The periods of 1–N月累计, January first."""
        return [Period(year, month) for year, month in ytd_months(self.year, self.month)]

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, self.month, monthrange(self.year, self.month)[1])


def parse_period(value):
    """ "2025-03" (or "2025-3") → Period(2025, 3).

    Anything else is refused with "Enter the period as YYYY-MM."; a well-formed value with a month
    outside 1–12 ("2025-13") gets the more precise month message."""
    match = PERIOD_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValidationError(_("Enter the period as YYYY-MM."), code="invalid_period")
    return Period(int(match[1]), int(match[2]))
