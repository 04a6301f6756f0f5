"""Pure rules about enterprises: the unified social credit code, the above-size flag, qualification
validity, per-mu efficiency, the monthly-figures check, and service-request due dates.

Plain values in, plain values out; no database. Money is ``Decimal`` in 万元, land in 亩.
"""

import datetime
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.periods import add_months_to_date, quantize, to_decimal

# -- unified social credit code (统一社会信用代码, GB 32100-2015) ---------------------------------

USCC_LENGTH = 18
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3^(i-1) mod 31


def normalize_uscc(value):
    """What people type → what the validator checks: full-width letters and digits become
    half-width (ＡＢ１２ → AB12, NFKC), spaces of any width are dropped, letters are upper-cased.
    None becomes ""."""
    if value is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(value)).split()).upper()


def uscc_check_digit(first17):
    """The 18th character for the first 17: the symbol of index (31 − Σ v·w mod 31) mod 31, where v
    is a character's index in :data:`USCC_ALPHABET` and w its position's weight."""
    if len(first17) != USCC_LENGTH - 1:
        raise ValueError(f"expected 17 characters, got {len(first17)}: {first17!r}")
    try:
        total = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True))
    except ValueError:
        raise ValueError(f"character outside the USCC alphabet in {first17!r}") from None
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value):
    """Django field validator for a code already passed through :func:`normalize_uscc`.

    One error at a time, the first that applies: length, then the first character outside the
    alphabet (lower-case letters included: normalise first), then the check digit."""
    value = "" if value is None else str(value)
    if len(value) != USCC_LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(length)s.") % {"length": len(value)},
            code="uscc_length",
        )
    for position, char in enumerate(value, start=1):
        if char not in USCC_ALPHABET:
            raise ValidationError(
                _(
                    "Character %(position)s (“%(char)s”) is not allowed in a unified social credit code; "
                    "I, O, S, V and Z are never used."
                )
                % {"position": position, "char": char},
                code="uscc_character",
            )
    expected, actual = uscc_check_digit(value[:17]), value[17]
    if expected != actual:
        raise ValidationError(
            _("The check digit (character 18) should be “%(expected)s”, not “%(actual)s”.")
            % {"expected": expected, "actual": actual},
            code="uscc_check_digit",
        )


def uscc_region_code(uscc):
    """Characters 3–8: the administrative division code (GB/T 2260) of the registering authority."""
    return uscc[2:8]


def make_uscc(registration_dept, org_type, region_code, body9):
    """A valid code from its parts: registration authority (1 character, e.g. "9" for market
    regulation), organisation type ("1" for an enterprise), 6-digit region code, and the 9-character
    organisation body; the check digit is appended."""
    parts = ((registration_dept, 1), (org_type, 1), (region_code, 6), (body9, 9))
    for part, length in parts:
        if len(part) != length:
            raise ValueError(f"{part!r} should have {length} characters")
    first17 = f"{registration_dept}{org_type}{region_code}{body9}".upper()
    return first17 + uscc_check_digit(first17)


# -- industry codes (GB/T 4754-2017) ----------------------------------------------------------

# Each section (门类, a letter) and the range of its divisions (大类, the first two digits of a code).
INDUSTRY_SECTIONS = (
    ("A", 1, 5),
    ("B", 6, 12),
    ("C", 13, 43),
    ("D", 44, 46),
    ("E", 47, 50),
    ("F", 51, 52),
    ("G", 53, 60),
    ("H", 61, 62),
    ("I", 63, 65),
    ("J", 66, 69),
    ("K", 70, 70),
    ("L", 71, 72),
    ("M", 73, 75),
    ("N", 76, 79),
    ("O", 80, 82),
    ("P", 83, 83),
    ("Q", 84, 85),
    ("R", 86, 90),
    ("S", 91, 96),
    ("T", 97, 97),
)


def industry_section(code):
    """The section letter of an industry code: "3911" → "C", "C" → "C"; None when unknown."""
    if not code:
        return None
    code = str(code).strip().upper()
    if code[:1].isalpha():
        return code[:1] if any(code[:1] == letter for letter, _first, _last in INDUSTRY_SECTIONS) else None
    if len(code) < 2 or not code[:2].isdigit():
        return None
    division = int(code[:2])
    return next((letter for letter, first, last in INDUSTRY_SECTIONS if first <= division <= last), None)


def industry_within(code, wanted):
    """Whether industry ``code`` falls under ``wanted``: a section letter ("C" covers 13–43) or a
    code prefix ("39" covers "391" and "3911")."""
    if not code or not wanted:
        return False
    code, wanted = str(code).strip().upper(), str(wanted).strip().upper()
    if wanted.isalpha():
        return industry_section(code) == wanted
    return code.startswith(wanted)


# -- above designated size (规上) -------------------------------------------------------------

ABOVE_SIZE_REVENUE = Decimal("2000")  # 万元 of annual main-business revenue


def is_above_size(annual_revenue):
    """At least 2,000 万元 of annual main-business revenue (2,000 exactly counts). No figure → False."""
    if annual_revenue is None:
        return False
    return to_decimal(annual_revenue) >= ABOVE_SIZE_REVENUE


def above_size_disagrees(flag, annual_revenue):
    """Whether the stored 规上 flag (decided yearly by the statistics bureau) contradicts the
    figures. With no revenue on record there is nothing to contradict: False."""
    if annual_revenue is None:
        return False
    return bool(flag) != is_above_size(annual_revenue)


# -- qualifications (资质/称号) ----------------------------------------------------------------

EXPIRY_WARNING_MONTHS = 6


def qualification_valid_on(granted_on, expires_on, day):
    """Held on ``day``: granted_on ≤ day ≤ expires_on, both ends counted. No expiry date means no
    fixed term (valid from the grant on); no grant date means not held."""
    if granted_on is None or day < granted_on:
        return False
    return expires_on is None or day <= expires_on


def qualification_expiring_within(expires_on, day, months=EXPIRY_WARNING_MONTHS):
    """Still valid on ``day`` and expiring no later than the same day ``months`` months on (both
    ends counted): on 2025-01-15 a certificate expiring 2025-07-15 warns, one expiring 2025-07-16
    does not yet, and one that expired 2025-01-14 is no longer "expiring" but expired."""
    if expires_on is None:
        return False
    return day <= expires_on <= add_months_to_date(day, months)


def default_expiry(granted_on, validity_years):
    """The last valid day of a certificate valid for ``validity_years`` years: the day before its
    anniversary. A 3-year certificate granted 2023-11-15 expires 2026-11-14, so it covers exactly
    three years of days.

    A certificate granted on 29 February has its anniversary in a common year on 1 March (the day
    29 February would have been), so it expires on 28 February: granted 2024-02-29 for 3 years →
    2027-02-28, and for 4 years → 2028-02-28. None when the kind has no fixed term."""
    if granted_on is None or validity_years is None:
        return None
    try:
        anniversary = granted_on.replace(year=granted_on.year + validity_years)
    except ValueError:  # 29 February → a common year
        anniversary = datetime.date(granted_on.year + validity_years, 3, 1)
    return anniversary - datetime.timedelta(days=1)


# -- efficiency (亩均效益, 研发强度) -------------------------------------------------------------


def per_mu(value, land_mu):
    """亩均: a figure (tax, revenue, 万元) per 亩 of land used, 4 decimals (0.0001 万元 = 1 元).
    None when the figure is missing or no land is recorded."""
    if value is None or land_mu is None:
        return None
    land_mu = to_decimal(land_mu)
    if land_mu == 0:
        return None
    return quantize(to_decimal(value) / land_mu)


def rd_intensity(rd, revenue):
    """研发投入强度: R&D expenditure ÷ revenue, a fraction with 4 decimals; None without revenue."""
    if rd is None or revenue is None:
        return None
    revenue = to_decimal(revenue)
    if revenue == 0:
        return None
    return quantize(to_decimal(rd) / revenue)


# -- the monthly-figures check ----------------------------------------------------------------

JUMP = "jump"
DROP = "drop"
JUMP_FACTOR = Decimal("4")  # more than +300%
DROP_FACTOR = Decimal("0.3")  # a fall of more than 70%


def jump_flag(value, reference):
    """ "jump" when ``value`` is more than 4 × ``reference`` (over +300%), "drop" when it is less
    than 0.3 × ``reference`` (down more than 70%), None otherwise; the bounds themselves pass.

    Only a positive reference is compared. A zero reference gives no flag: a figure appearing from
    nothing (a new plant's first month of output) has no ratio to judge. Nor does a negative one
    (a loss): ratios across a sign change mean nothing. A missing value or reference: no flag."""
    if value is None or reference is None:
        return None
    value, reference = to_decimal(value), to_decimal(reference)
    if reference <= 0:
        return None
    if value > reference * JUMP_FACTOR:
        return JUMP
    if value < reference * DROP_FACTOR:
        return DROP
    return None


def jump_flags(value, last_month, same_month_last_year):
    """The monthly-figures check of one figure against last month (环比) and the same month last
    year (同比), as messages for the person entering it; empty when nothing looks wrong."""
    messages = {
        ("last_month", JUMP): _("More than 300%% above last month (%(reference)s)"),
        ("last_month", DROP): _("More than 70%% below last month (%(reference)s)"),
        ("last_year", JUMP): _("More than 300%% above the same month last year (%(reference)s)"),
        ("last_year", DROP): _("More than 70%% below the same month last year (%(reference)s)"),
    }
    found = []
    for which, reference in (("last_month", last_month), ("last_year", same_month_last_year)):
        flag = jump_flag(value, reference)
        if flag:
            found.append(messages[which, flag] % {"reference": reference})
    return found


# -- service requests (企业诉求): due dates --------------------------------------------------

WORKING_DAYS = "working_days"
MONTHS = "months"

# After the common "13710" practice: acknowledge within 1 working day, answer within 3, resolve
# within 7 working days; a hard case (疑难诉求) may take up to a month. Every category defaults to 7
# working days; a deployment can give a category its own limit.
ACKNOWLEDGE_LIMIT = (WORKING_DAYS, 1)
ANSWER_LIMIT = (WORKING_DAYS, 3)
RESOLVE_LIMIT = (WORKING_DAYS, 7)
HARD_CASE_LIMIT = (MONTHS, 1)
REQUEST_CATEGORIES = ("land", "finance", "talent", "approval", "market", "policy", "infrastructure", "other")
DEFAULT_REQUEST_LIMITS = dict.fromkeys(REQUEST_CATEGORIES, RESOLVE_LIMIT)


def is_working_day(day, holidays=frozenset(), extra_workdays=frozenset()):
    """Monday to Friday unless a public holiday; ``extra_workdays`` are the weekend days worked in
    exchange for a holiday bridge (调休上班)."""
    if day in extra_workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(day, n, holidays=frozenset(), extra_workdays=frozenset()):
    """The ``n``-th working day after ``day`` (``day`` itself is not counted, as a time limit starts
    the day after receipt): Friday + 1 → Monday; a request received on Saturday + 1 → Monday.
    ``n`` = 0 gives ``day`` back."""
    if n < 0:
        raise ValueError("n must not be negative")
    while n:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays, extra_workdays):
            n -= 1
    return day


def next_working_day(day, holidays=frozenset(), extra_workdays=frozenset()):
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, holidays, extra_workdays):
        day += datetime.timedelta(days=1)
    return day


def request_due_on(
    received_on,
    category,
    limits=None,
    holidays=frozenset(),
    extra_workdays=frozenset(),
    hard_case=False,
):
    """When a request must be resolved. ``limits`` maps category → ("working_days", n) or
    ("months", n) (:data:`DEFAULT_REQUEST_LIMITS` when None); a category with no limit of its own
    takes the limit of "other". A hard case takes :data:`HARD_CASE_LIMIT` whatever its category.

    A limit in months ends on the same day of the later month (31 January + 1 month → the end of
    February) and, when that is not a working day, on the next working day, as a legal time limit
    ending on a holiday does."""
    limits = DEFAULT_REQUEST_LIMITS if limits is None else limits
    kind, n = HARD_CASE_LIMIT if hard_case else limits.get(category, limits.get("other", RESOLVE_LIMIT))
    if kind == WORKING_DAYS:
        return add_working_days(received_on, n, holidays, extra_workdays)
    if kind == MONTHS:
        return next_working_day(add_months_to_date(received_on, n), holidays, extra_workdays)
    raise ValueError(f"unknown kind of time limit: {kind!r}")


def is_overdue(due_on, resolved_on, today):
    """Resolved after its due date, or still open after it; the due date itself is in time.
    No due date: never overdue."""
    if due_on is None:
        return False
    return (resolved_on if resolved_on is not None else today) > due_on


# -- personal data ----------------------------------------------------------------------------


def mask_phone(phone):
    """A contact phone for those who may not change the enterprise: the first three and last four
    digits stay, the middle is hidden (13812341234 → 138****1234). Shorter numbers keep only their
    last two digits; an empty value stays empty."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 1) + phone[-2:]
