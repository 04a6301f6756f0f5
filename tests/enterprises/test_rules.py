"""enterprises.rules: USCC, industry codes, 规上, qualifications, per-mu figures, the monthly-figures
check and service-request due dates."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from enterprises.rules import (
    ABOVE_SIZE_REVENUE,
    DEFAULT_REQUEST_LIMITS,
    HARD_CASE_LIMIT,
    INDUSTRY_SECTIONS,
    USCC_ALPHABET,
    USCC_WEIGHTS,
    above_size_disagrees,
    add_working_days,
    default_expiry,
    industry_section,
    industry_within,
    is_above_size,
    is_overdue,
    jump_flag,
    jump_flags,
    make_uscc,
    normalize_uscc,
    per_mu,
    qualification_expiring_within,
    qualification_valid_on,
    rd_intensity,
    request_due_on,
    uscc_check_digit,
    uscc_region_code,
    validate_uscc,
)

D = Decimal
day = datetime.date


# -- USCC ---------------------------------------------------------------------------------------


def test_alphabet_and_weights():
    assert len(USCC_ALPHABET) == 31
    assert not set("IOSVZ") & set(USCC_ALPHABET)
    # The weights are 3^(i−1) mod 31: 1, 3, 9, 27, 81 mod 31 = 19, 57 mod 31 = 26, …
    assert list(USCC_WEIGHTS) == [pow(3, i, 31) for i in range(17)]


# Worked by hand for 91350100M000100Y4 (v = index in the alphabet; M = 21, Y = 30):
#   pos  1  2  3  4  5  6  7  8  9   10 11 12 13 14 15 16  17
#   char 9  1  3  5  0  1  0  0  M   0  0  0  1  0  0  Y   4
#   w    1  3  9  27 19 26 16 17 20  29 25 13 8  24 10 30  28
#   v·w  9  3  27 135 0 26 0  0  420 0  0  0  8  0  0  900 112   Σ = 1640
#   1640 mod 31 = 1640 − 52 × 31 = 28;  (31 − 28) mod 31 = 3  →  "3"
# 91110000000000000: Σ = 9·1 + 1·3 + 1·9 + 1·27 = 48; 48 mod 31 = 17; 31 − 17 = 14 → "E".
# 9111000000000000G: Σ = 48 + 16·28 = 496 = 16 × 31, so Σ mod 31 = 0 and (31 − 0) mod 31 = 0 → "0".
# 9111000000000000T: Σ = 48 + 26·28 = 776 = 25 × 31 + 1; 31 − 1 = 30 → "Y", the last symbol.
@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("91350100M000100Y4", "3"),
        ("91110000000000000", "E"),
        ("9111000000000000G", "0"),
        ("9111000000000000T", "Y"),
    ],
)
def test_check_digit_worked_by_hand(first17, expected):
    assert uscc_check_digit(first17) == expected


@pytest.mark.parametrize("first17", ["9135010", "91350100M000100Y43", "91350100M000100I4"])
def test_check_digit_needs_17_characters_of_the_alphabet(first17):
    with pytest.raises(ValueError):
        uscc_check_digit(first17)


# Codes from public business registers; their check digits agree with the computation above.
@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",
        "914403001922038216",
        "9144030071526726XG",
        "91330100799655058B",
        "91110000802100433B",
        "91110108551385082Q",
        "11100000000013127D",
        "91110000000000000E",
        "9111000000000000G0",
        "9111000000000000TY",
    ],
)
def test_valid_codes_pass(code):
    validate_uscc(code)


@pytest.mark.parametrize(
    ("code", "message", "error_code"),
    [
        ("", "A unified social credit code has 18 characters; this one has 0.", "uscc_length"),
        ("91350100M000100Y4", "A unified social credit code has 18 characters; this one has 17.", "uscc_length"),
        ("91350100M000100Y433", "A unified social credit code has 18 characters; this one has 19.", "uscc_length"),
        (
            "91350100O000100Y43",
            "Character 9 (“O”) is not allowed in a unified social credit code; I, O, S, V and Z are never used.",
            "uscc_character",
        ),
        (
            "I1350100M000100Y43",
            "Character 1 (“I”) is not allowed in a unified social credit code; I, O, S, V and Z are never used.",
            "uscc_character",
        ),
        (
            "91350100m000100y43",  # lower case: normalise before validating
            "Character 9 (“m”) is not allowed in a unified social credit code; I, O, S, V and Z are never used.",
            "uscc_character",
        ),
        (
            "91350100M000100Y4-",
            "Character 18 (“-”) is not allowed in a unified social credit code; I, O, S, V and Z are never used.",
            "uscc_character",
        ),
        ("91350100M000100Y44", "The check digit (character 18) should be “3”, not “4”.", "uscc_check_digit"),
        # Σ = 9·1 + 1·3 + 1·9 + 1·27 + 1·20 (the "1" in position 9) = 68; 68 mod 31 = 6; 31 − 6 = 25 → "R"
        ("911100001000000000", "The check digit (character 18) should be “R”, not “0”.", "uscc_check_digit"),
        ("91310000MA1FL5KR2X", "The check digit (character 18) should be “N”, not “X”.", "uscc_check_digit"),
        ("914403001922038217", "The check digit (character 18) should be “6”, not “7”.", "uscc_check_digit"),
    ],
)
def test_invalid_codes_are_explained(code, message, error_code):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        validate_uscc(code)
    assert excinfo.value.messages == [message]
    assert excinfo.value.code == error_code


def test_a_swapped_pair_of_digits_is_caught():
    # 914403001922038216 with characters 13 and 14 ("0", "3") swapped: Σ changes by
    # (0 − 3)·8 + (3 − 0)·24 = 48, and 48 mod 31 ≠ 0, so the check digit no longer fits.
    with pytest.raises(ValidationError):
        validate_uscc("914403001922308216")


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("91350100m000100y43", "91350100M000100Y43"),
        (" 9135 0100 M000 100Y 43 ", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),  # full-width
        ("９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43"),  # full-width lower case
        ("91350100M000100Y43\u3000", "91350100M000100Y43"),  # ideographic space
        ("9135\t0100M000100Y43\n", "91350100M000100Y43"),
        (None, ""),
    ],
)
def test_normalize_uscc(typed, normalized):
    assert normalize_uscc(typed) == normalized
    if normalized:
        validate_uscc(normalize_uscc(typed))


def test_region_code_is_characters_3_to_8():
    assert uscc_region_code("91350100M000100Y43") == "350100"
    assert uscc_region_code("914403001922038216") == "440300"


def test_make_uscc_appends_the_check_digit():
    assert make_uscc("9", "1", "350100", "M000100Y4") == "91350100M000100Y43"
    assert make_uscc("9", "1", "110000", "00000000G") == "9111000000000000G0"
    assert make_uscc("9", "1", "440300", "ma5abcd12") == "91440300MA5ABCD12" + uscc_check_digit("91440300MA5ABCD12")
    for body in ("000000001", "MA1FL5KR2", "123456789", "YYYYYYYYY"):
        validate_uscc(make_uscc("9", "1", "320500", body))


@pytest.mark.parametrize(
    "parts", [("91", "1", "350100", "M000100Y4"), ("9", "1", "35010", "M000100Y4"), ("9", "1", "350100", "M0001")]
)
def test_make_uscc_checks_the_parts(parts):
    with pytest.raises(ValueError):
        make_uscc(*parts)


# -- industry codes ---------------------------------------------------------------------------


def test_industry_sections_agree_with_the_reference_data():
    path = Path(__file__).resolve().parents[2] / "enterprises" / "data" / "industries.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        if row["level"] == "division":
            assert industry_section(row["code"]) == row["parent"], row
    sections = {row["code"] for row in rows if row["level"] == "section"}
    assert {letter for letter, _first, _last in INDUSTRY_SECTIONS} == sections


@pytest.mark.parametrize(
    ("code", "section"),
    [("3911", "C"), ("13", "C"), ("43", "C"), ("44", "D"), ("C", "C"), ("c", "C"), ("6510", "I"), ("99", None)],
)
def test_industry_section(code, section):
    assert industry_section(code) == section


@pytest.mark.parametrize(("code", "section"), [("", None), (None, None), ("3", None), ("Z", None), ("X1", None)])
def test_industry_section_of_nothing(code, section):
    assert industry_section(code) == section


@pytest.mark.parametrize(
    ("code", "wanted", "expected"),
    [
        ("3911", "39", True),
        ("3911", "391", True),
        ("3911", "3911", True),
        ("3921", "391", False),
        ("3911", "C", True),
        ("6510", "C", False),
        ("3911", "40", False),
        (None, "39", False),
        ("3911", "", False),
    ],
)
def test_industry_within(code, wanted, expected):
    assert industry_within(code, wanted) is expected


# -- above designated size ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [
        (D("2000"), True),  # exactly 2,000 万元 is above size
        (D("2000.00"), True),
        (D("1999.99"), False),
        (D("2500"), True),
        (D("0"), False),
        (None, False),
    ],
)
def test_is_above_size(revenue, expected):
    assert D("2000") == ABOVE_SIZE_REVENUE
    assert is_above_size(revenue) is expected


@pytest.mark.parametrize(
    ("flag", "revenue", "disagrees"),
    [
        (True, D("2500"), False),
        (True, D("1500"), True),  # flagged 规上 but the figures say otherwise
        (False, D("2000"), True),  # not flagged, yet 2,000 exactly
        (False, D("0"), False),  # zero revenue agrees with "not above size"
        (True, D("0"), True),
        (True, None, False),  # no figures: nothing to disagree with
        (False, None, False),
    ],
)
def test_above_size_disagrees(flag, revenue, disagrees):
    assert above_size_disagrees(flag, revenue) is disagrees


# -- qualifications -----------------------------------------------------------------------------

GRANTED = day(2023, 11, 15)
EXPIRES = day(2026, 11, 14)


@pytest.mark.parametrize(
    ("granted_on", "expires_on", "on", "valid"),
    [
        (GRANTED, EXPIRES, day(2023, 11, 14), False),  # the day before the grant
        (GRANTED, EXPIRES, GRANTED, True),  # the grant day counts
        (GRANTED, EXPIRES, day(2025, 6, 1), True),
        (GRANTED, EXPIRES, EXPIRES, True),  # the expiry day counts
        (GRANTED, EXPIRES, day(2026, 11, 15), False),
        (GRANTED, None, day(2040, 1, 1), True),  # no fixed term
        (GRANTED, None, day(2023, 1, 1), False),
        (None, EXPIRES, day(2025, 1, 1), False),  # never granted
    ],
)
def test_qualification_valid_on(granted_on, expires_on, on, valid):
    assert qualification_valid_on(granted_on, expires_on, on) is valid


@pytest.mark.parametrize(
    ("expires_on", "on", "months", "expiring"),
    [
        (day(2025, 7, 15), day(2025, 1, 15), 6, True),  # exactly six months ahead: warn
        (day(2025, 7, 16), day(2025, 1, 15), 6, False),  # six months and a day: not yet
        (day(2025, 1, 15), day(2025, 1, 15), 6, True),  # last valid day
        (day(2025, 1, 14), day(2025, 1, 15), 6, False),  # already expired
        (day(2025, 3, 1), day(2025, 1, 15), 1, False),
        (day(2025, 2, 15), day(2025, 1, 15), 1, True),
        (day(2025, 8, 28), day(2025, 2, 28), 6, True),  # 2025-02-28 + 6 months = 2025-08-28
        (day(2025, 8, 29), day(2025, 2, 28), 6, False),
        (day(2025, 8, 31), day(2025, 2, 28), 6, False),
        (None, day(2025, 1, 15), 6, False),  # no fixed term never expires
    ],
)
def test_qualification_expiring_within(expires_on, on, months, expiring):
    assert qualification_expiring_within(expires_on, on, months) is expiring


def test_expiring_within_defaults_to_six_months():
    assert qualification_expiring_within(day(2025, 7, 15), day(2025, 1, 15))
    assert not qualification_expiring_within(day(2025, 7, 16), day(2025, 1, 15))


@pytest.mark.parametrize(
    ("granted_on", "years", "expires_on"),
    [
        (day(2023, 11, 15), 3, day(2026, 11, 14)),  # 3-year certificate: the day before the anniversary
        (day(2024, 1, 1), 3, day(2026, 12, 31)),
        (day(2024, 3, 1), 3, day(2027, 2, 28)),  # the day before 2027-03-01
        (day(2023, 3, 1), 1, day(2024, 2, 29)),  # the day before 2024-03-01, a leap year
        (day(2024, 2, 29), 3, day(2027, 2, 28)),  # anniversary in a common year: 1 March
        (day(2024, 2, 29), 4, day(2028, 2, 28)),  # anniversary 2028-02-29
        (day(2025, 6, 30), 1, day(2026, 6, 29)),
        (day(2025, 6, 30), None, None),  # no fixed term
        (None, 3, None),
    ],
)
def test_default_expiry(granted_on, years, expires_on):
    assert default_expiry(granted_on, years) == expires_on


def test_a_default_expiry_is_valid_to_its_last_day():
    expires_on = default_expiry(GRANTED, 3)
    assert qualification_valid_on(GRANTED, expires_on, expires_on)
    assert not qualification_valid_on(GRANTED, expires_on, expires_on + datetime.timedelta(days=1))


# -- efficiency ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "land", "expected"),
    [
        (D("300"), D("20"), D("15")),
        (D("100"), D("3"), D("33.3333")),
        (D("0"), D("20"), D("0")),
        (D("300"), D("0"), None),  # no land recorded
        (D("300"), None, None),
        (None, D("20"), None),
    ],
)
def test_per_mu(value, land, expected):
    assert per_mu(value, land) == expected


@pytest.mark.parametrize(
    ("rd", "revenue", "expected"),
    [
        (D("150"), D("5000"), D("0.03")),
        (D("1"), D("3"), D("0.3333")),
        (D("0"), D("5000"), D("0")),
        (D("150"), D("0"), None),  # zero revenue
        (D("150"), None, None),
        (None, D("5000"), None),
    ],
)
def test_rd_intensity(rd, revenue, expected):
    assert rd_intensity(rd, revenue) == expected


# -- the monthly-figures check ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reference", "flag"),
    [
        (D("401"), D("100"), "jump"),  # +301%
        (D("400"), D("100"), None),  # exactly +300% is not "more than"
        (D("400.01"), D("100"), "jump"),
        (D("29.99"), D("100"), "drop"),  # −70.01%
        (D("30"), D("100"), None),  # exactly −70% is not "more than"
        (D("0"), D("100"), "drop"),
        (D("100"), D("100"), None),
        (D("250"), D("100"), None),
        (D("500"), D("0"), None),  # from zero: no ratio, no flag
        (D("0"), D("0"), None),
        (D("500"), None, None),
        (None, D("100"), None),
        (D("-50"), D("-100"), None),  # a negative reference (a loss) is not compared by ratio
        (D("-10"), D("100"), "drop"),
    ],
)
def test_jump_flag(value, reference, flag):
    assert jump_flag(value, reference) == flag


@pytest.mark.parametrize(
    ("value", "last_month", "last_year", "messages"),
    [
        (D("100"), D("90"), D("80"), []),
        (D("500"), D("100"), D("130"), ["More than 300% above last month (100)"]),  # 4 × 130 = 520 > 500
        (
            D("500"),
            D("100"),
            D("110"),
            ["More than 300% above last month (100)", "More than 300% above the same month last year (110)"],
        ),
        (D("20"), D("100"), D("25"), ["More than 70% below last month (100)"]),
        (D("20"), D("21"), D("100.50"), ["More than 70% below the same month last year (100.50)"]),
        (
            D("20"),
            D("100"),
            D("500"),
            ["More than 70% below last month (100)", "More than 70% below the same month last year (500)"],
        ),
        (D("500"), D("0"), None, []),  # a first month after nothing is not flagged
        (D("500"), None, None, []),
    ],
)
def test_jump_flags(value, last_month, last_year, messages):
    with translation.override("en"):
        assert jump_flags(value, last_month, last_year) == messages


# -- service requests ---------------------------------------------------------------------------

# As in 2025: National Day and Mid-Autumn off 1–8 October, Sunday 28 September and Saturday
# 11 October worked instead (调休); Labour Day off 1–5 May.
HOLIDAYS = frozenset({day(2025, 10, d) for d in range(1, 9)} | {day(2025, 5, d) for d in range(1, 6)})
WORKED_WEEKENDS = frozenset({day(2025, 9, 28), day(2025, 10, 11)})


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (day(2025, 3, 3), 0, day(2025, 3, 3)),
        (day(2025, 3, 3), 1, day(2025, 3, 4)),  # Monday + 1 → Tuesday
        (day(2025, 3, 7), 1, day(2025, 3, 10)),  # Friday + 1 → Monday
        (day(2025, 3, 8), 1, day(2025, 3, 10)),  # received on Saturday → Monday
        (day(2025, 3, 3), 5, day(2025, 3, 10)),
        (day(2025, 3, 3), 7, day(2025, 3, 12)),  # Tue 4, Wed 5, Thu 6, Fri 7, Mon 10, Tue 11, Wed 12
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_skips_holidays_and_counts_worked_weekends():
    # From Friday 26 September: Sun 28 (worked, 1), Mon 29 (2), Tue 30 (3), 1–8 October off,
    # Thu 9 (4), Fri 10 (5), Sat 11 (worked, 6), Mon 13 (7).
    assert add_working_days(day(2025, 9, 26), 7, HOLIDAYS, WORKED_WEEKENDS) == day(2025, 10, 13)
    # Without the calendar: Mon 29, Tue 30, Wed 1, Thu 2, Fri 3, Mon 6, Tue 7.
    assert add_working_days(day(2025, 9, 26), 7) == day(2025, 10, 7)


def test_add_working_days_refuses_negative_counts():
    with pytest.raises(ValueError):
        add_working_days(day(2025, 3, 3), -1)


def test_default_limits():
    assert set(DEFAULT_REQUEST_LIMITS) >= {"land", "finance", "approval", "other"}
    assert set(DEFAULT_REQUEST_LIMITS.values()) == {("working_days", 7)}
    assert HARD_CASE_LIMIT == ("months", 1)


@pytest.mark.parametrize("category", ["land", "finance", "approval", "other", "talent"])
def test_request_due_in_seven_working_days_by_default(category):
    assert request_due_on(day(2025, 3, 3), category) == day(2025, 3, 12)


def test_request_due_over_a_holiday():
    due = request_due_on(day(2025, 9, 26), "land", holidays=HOLIDAYS, extra_workdays=WORKED_WEEKENDS)
    assert due == day(2025, 10, 13)


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        (day(2025, 3, 3), day(2025, 4, 3)),
        (day(2025, 1, 31), day(2025, 2, 28)),  # no 31 February: end of the month (a Friday)
        (day(2025, 4, 5), day(2025, 5, 6)),  # 5 May is a holiday: the next working day
    ],
)
def test_hard_case_due_in_a_month(received_on, expected):
    assert request_due_on(received_on, "land", holidays=HOLIDAYS, hard_case=True) == expected


def test_request_due_with_configured_limits():
    limits = {"land": ("months", 2), "other": ("working_days", 3)}
    assert request_due_on(day(2025, 3, 3), "land", limits) == day(2025, 5, 5)
    assert request_due_on(day(2025, 3, 3), "finance", limits) == day(2025, 3, 6)  # falls back to "other"
    with pytest.raises(ValueError):
        request_due_on(day(2025, 3, 3), "land", {"land": ("weeks", 2)})


@pytest.mark.parametrize(
    ("due_on", "resolved_on", "today", "overdue"),
    [
        (day(2025, 3, 12), None, day(2025, 3, 12), False),  # due today, still open: in time
        (day(2025, 3, 12), None, day(2025, 3, 13), True),
        (day(2025, 3, 12), day(2025, 3, 12), day(2025, 4, 1), False),  # resolved on the due date
        (day(2025, 3, 12), day(2025, 3, 13), day(2025, 4, 1), True),  # resolved late stays overdue
        (day(2025, 3, 12), day(2025, 3, 10), day(2025, 4, 1), False),
        (None, None, day(2025, 4, 1), False),
    ],
)
def test_is_overdue(due_on, resolved_on, today, overdue):
    assert is_overdue(due_on, resolved_on, today) is overdue
