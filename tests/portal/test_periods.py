"""portal.periods: month arithmetic, year-to-date, year-on-year, time elapsed, dates, Period."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.periods import (
    Period,
    add_months,
    add_months_to_date,
    add_years,
    months_between,
    parse_period,
    previous_month,
    quantize,
    same_month_last_year,
    share,
    time_elapsed_progress,
    to_decimal,
    validate_month,
    validate_period_not_future,
    yoy,
    ytd_months,
)

D = Decimal
day = datetime.date


def messages(excinfo):
    return excinfo.value.messages


# -- months -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "n", "expected"),
    [
        (2025, 3, 0, (2025, 3)),
        (2025, 3, 1, (2025, 4)),
        (2024, 12, 1, (2025, 1)),  # December + 1 → January of the next year
        (2025, 1, -1, (2024, 12)),
        (2025, 3, 12, (2026, 3)),
        (2025, 3, -15, (2023, 12)),  # 2025-03 − 12 = 2024-03, − 3 more = 2023-12
        (2025, 11, 14, (2027, 1)),
        (2025, 12, -12, (2024, 12)),
    ],
)
def test_add_months(year, month, n, expected):
    assert add_months(year, month, n) == expected


def test_previous_month_and_same_month_last_year():
    assert previous_month(2025, 1) == (2024, 12)
    assert previous_month(2025, 7) == (2025, 6)
    assert same_month_last_year(2025, 3) == (2024, 3)
    assert same_month_last_year(2025, 12) == (2024, 12)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2025, 1), (2025, 1), 1),
        ((2025, 1), (2025, 3), 3),
        ((2024, 11), (2025, 2), 4),  # Nov, Dec, Jan, Feb
        ((2024, 1), (2025, 12), 24),
        ((2025, 3), (2025, 2), 0),  # end before start: no months
    ],
)
def test_months_between(start, end, expected):
    assert months_between(start, end) == expected


def test_ytd_months():
    assert ytd_months(2025, 3) == [(2025, 1), (2025, 2), (2025, 3)]
    assert ytd_months(2025, 1) == [(2025, 1)]
    assert len(ytd_months(2025, 12)) == 12


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (1, D("0.0833")),  # 1/12 = 0.08333…
        (2, D("0.1667")),  # 0.16666… rounds half up
        (3, D("0.25")),
        (6, D("0.5")),
        (8, D("0.6667")),
        (12, D("1")),
    ],
)
def test_time_elapsed_progress(month, expected):
    result = time_elapsed_progress(month)
    assert result == expected
    assert result.as_tuple().exponent == -4


@pytest.mark.parametrize("month", [0, 13, -1, "3", 3.0, None, True])
def test_validate_month_refuses(month):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        validate_month(month)
    assert messages(excinfo) == ["Month must be between 1 and 12."]
    assert excinfo.value.code == "invalid_month"


def test_month_functions_validate_the_month():
    with pytest.raises(ValidationError):
        add_months(2025, 13, 1)
    with pytest.raises(ValidationError):
        time_elapsed_progress(0)
    with pytest.raises(ValidationError):
        ytd_months(2025, 13)


@pytest.mark.parametrize(("year", "month"), [(2025, 3), (2025, 2), (2024, 12), (2000, 1)])
def test_period_not_future_accepts_the_current_and_past_months(year, month):
    validate_period_not_future(year, month, day(2025, 3, 1))


@pytest.mark.parametrize(
    ("year", "month", "message"),
    [
        (2025, 4, "The period 2025-04 has not been reached yet."),
        (2026, 1, "The period 2026-01 has not been reached yet."),
        (2025, 12, "The period 2025-12 has not been reached yet."),
    ],
)
def test_period_not_future_refuses_months_to_come(year, month, message):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        validate_period_not_future(year, month, day(2025, 3, 31))
    assert messages(excinfo) == [message]
    assert excinfo.value.code == "future_period"


# -- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (D("120"), D("100"), D("0.2")),
        (D("80"), D("100"), D("-0.2")),
        (D("100"), D("100"), D("0")),
        (D("100"), D("300"), D("-0.6667")),  # −200/300 = −0.66666…
        (D("1"), D("3"), D("-0.6667")),
        (D("-50"), D("-100"), D("0.5")),  # a loss halved: (−50 + 100)/|−100| = +50%
        (D("50"), D("-100"), D("1.5")),  # from a loss of 100 to a profit of 50: 150/100
        (D("0"), D("100"), D("-1")),
        (120, 100, D("0.2")),  # ints are fine
        (D("100"), D("0"), None),  # growth from zero is undefined
        (D("0"), D("0"), None),
        (None, D("100"), None),
        (D("100"), None, None),
        (None, None, None),
    ],
)
def test_yoy(current, previous, expected):
    assert yoy(current, previous) == expected


def test_yoy_has_four_decimals():
    assert str(yoy(D("1234.5"), D("1000"))) == "0.2345"
    assert str(yoy(D("100.005"), D("100"))) == "0.0001"  # 0.00005 rounds half up


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (D("25"), D("100"), D("0.25")),
        (D("1"), D("3"), D("0.3333")),
        (D("2"), D("3"), D("0.6667")),
        (D("0"), D("100"), D("0")),
        (D("5"), D("0"), None),
        (None, D("100"), None),
        (D("5"), None, None),
    ],
)
def test_share(part, whole, expected):
    assert share(part, whole) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12.50", D("12.50")), (3, D("3")), (0.2, D("0.2")), (D("7"), D("7")), (" 8 ", D("8")), (None, None)],
)
def test_to_decimal(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize("value", ["abc", "", True, "NaN", "Infinity", D("NaN"), [1]])
def test_to_decimal_refuses(value):
    with pytest.raises(ValueError):
        to_decimal(value)


def test_quantize_rounds_half_up():
    assert quantize(D("0.00005")) == D("0.0001")
    assert quantize(D("2.345"), D("0.01")) == D("2.35")
    assert quantize(D("-2.345"), D("0.01")) == D("-2.35")
    assert quantize(None) is None


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (day(2023, 11, 15), 1, day(2024, 11, 15)),
        (day(2023, 11, 15), 3, day(2026, 11, 15)),
        (day(2024, 2, 29), 1, day(2025, 2, 28)),  # no 29 February in 2025: stays in February
        (day(2024, 2, 29), 4, day(2028, 2, 29)),  # 2028 is a leap year
        (day(2024, 2, 29), -1, day(2023, 2, 28)),
        (day(2023, 2, 28), 1, day(2024, 2, 28)),
        (day(2023, 3, 1), 1, day(2024, 3, 1)),
        (day(2024, 12, 31), 1, day(2025, 12, 31)),
    ],
)
def test_add_years(start, n, expected):
    assert add_years(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (day(2025, 1, 15), 6, day(2025, 7, 15)),
        (day(2025, 1, 31), 1, day(2025, 2, 28)),
        (day(2024, 1, 31), 1, day(2024, 2, 29)),  # leap year
        (day(2025, 8, 31), 1, day(2025, 9, 30)),
        (day(2025, 12, 10), 1, day(2026, 1, 10)),
        (day(2025, 3, 31), -1, day(2025, 2, 28)),
        (day(2024, 2, 29), 12, day(2025, 2, 28)),  # twelve months agree with add_years
    ],
)
def test_add_months_to_date(start, n, expected):
    assert add_months_to_date(start, n) == expected


# -- Period -------------------------------------------------------------------------------------


def test_period_navigation():
    march = Period(2025, 3)
    assert march.previous() == Period(2025, 2)
    assert Period(2025, 1).previous() == Period(2024, 12)
    assert Period(2024, 12).next() == Period(2025, 1)
    assert march.last_year() == Period(2024, 3)
    assert march.ytd() == [Period(2025, 1), Period(2025, 2), Period(2025, 3)]
    assert march.add(-3) == Period(2024, 12)
    assert march.as_tuple() == (2025, 3)
    assert Period.of(day(2025, 3, 17)) == march
    assert march.first_day == day(2025, 3, 1)
    assert march.last_day == day(2025, 3, 31)
    assert Period(2024, 2).last_day == day(2024, 2, 29)
    assert Period(2025, 2).last_day == day(2025, 2, 28)


def test_periods_order_by_time():
    periods = [Period(2025, 1), Period(2024, 12), Period(2025, 10), Period(2024, 2)]
    assert sorted(periods) == [Period(2024, 2), Period(2024, 12), Period(2025, 1), Period(2025, 10)]
    assert Period(2024, 12) < Period(2025, 1)
    assert max(periods) == Period(2025, 10)


def test_period_is_hashable_and_frozen():
    assert {Period(2025, 3), Period(2025, 3)} == {Period(2025, 3)}
    with pytest.raises(AttributeError):
        Period(2025, 3).month = 4


def test_period_refuses_a_bad_month():
    with pytest.raises(ValidationError):
        Period(2025, 13)


def test_period_label_and_str():
    with translation.override("en"):
        assert Period(2025, 3).label == "2025/3"
        assert Period(2024, 12).label == "2024/12"
    assert str(Period(2025, 3)) == "2025-03"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-03", Period(2025, 3)), ("2025-3", Period(2025, 3)), (" 2024-12 ", Period(2024, 12))],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected
    assert parse_period(str(expected)) == expected


@pytest.mark.parametrize("text", ["2025/03", "202503", "25-03", "2025-003", "March 2025", "", None, 202503])
def test_parse_period_refuses_other_forms(text):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        parse_period(text)
    assert messages(excinfo) == ["Enter the period as YYYY-MM."]
    assert excinfo.value.code == "invalid_period"


@pytest.mark.parametrize("text", ["2025-13", "2025-00"])
def test_parse_period_names_a_bad_month(text):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        parse_period(text)
    assert messages(excinfo) == ["Month must be between 1 and 12."]
