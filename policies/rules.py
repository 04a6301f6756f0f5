"""Pure rules about policy measures: amount rules (fixed, ratio with a cap, tiers), structured
eligibility, and the application workflow.

Plain values in, plain values out; no database. Money is ``Decimal`` in 万元. Rules and
eligibility are stored as JSON, so their numbers may arrive as str, int, float or Decimal.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from enterprises.rules import industry_section, industry_within
from portal.periods import MONEY_PLACES, quantize, to_decimal
from portal.workflow import check_transition

# -- amount rules -----------------------------------------------------------------------------

FIXED = "fixed"  # {"type": "fixed", "amount": "30"}
RATIO = "ratio"  # {"type": "ratio", "ratio": "0.20", "cap": "500"}; cap optional
TIERS = "tiers"  # {"type": "tiers", "tiers": [["0", "10"], ["5000", "30"], ["20000", "50"]]}
RULE_KEYS = {FIXED: {"type", "amount"}, RATIO: {"type", "ratio", "cap"}, TIERS: {"type", "tiers"}}


def _number(value):
    """The value as a Decimal, or None when it is not a finite number."""
    if value is None:
        return None
    try:
        return to_decimal(value)
    except ValueError:
        return None


def validate_amount_rule(rule):
    """Raise ``ValidationError`` listing every mistake in an amount rule."""
    if not isinstance(rule, Mapping) or "type" not in rule:
        raise ValidationError(_("The amount rule needs a type: fixed, ratio or tiers."), code="amount_rule_type")
    kind = rule["type"]
    if kind not in RULE_KEYS:
        raise ValidationError(
            _("Unknown amount rule type “%(type)s”; use fixed, ratio or tiers.") % {"type": kind},
            code="amount_rule_type",
        )
    errors = [
        ValidationError(_("The amount rule has an unknown key “%(key)s”.") % {"key": key}, code="amount_rule_key")
        for key in sorted(set(rule) - RULE_KEYS[kind], key=str)
    ]
    if kind == FIXED:
        errors += _check_amount(rule)
    elif kind == RATIO:
        errors += _check_ratio(rule)
    else:
        errors += _check_tiers(rule.get("tiers"))
    if errors:
        raise ValidationError(errors)


def _check_amount(rule):
    if rule.get("amount") is None:
        return [ValidationError(_("A fixed amount rule needs an amount."), code="amount_required")]
    amount = _number(rule["amount"])
    if amount is None:
        return [
            ValidationError(
                _("The amount must be a number, not “%(value)s”.") % {"value": rule["amount"]}, code="not_a_number"
            )
        ]
    if amount < 0:
        return [ValidationError(_("The amount cannot be negative."), code="negative")]
    return []


def _check_ratio(rule):
    errors = []
    if rule.get("ratio") is None:
        errors.append(ValidationError(_("A ratio rule needs a ratio."), code="ratio_required"))
    else:
        ratio = _number(rule["ratio"])
        if ratio is None:
            errors.append(
                ValidationError(
                    _("The ratio must be a number, not “%(value)s”.") % {"value": rule["ratio"]}, code="not_a_number"
                )
            )
        elif not 0 <= ratio <= 1:
            errors.append(
                ValidationError(
                    _("The ratio must be between 0 and 1 (0.20 for 20%%); %(ratio)s is not.") % {"ratio": ratio},
                    code="ratio_range",
                )
            )
    if rule.get("cap") is not None:
        cap = _number(rule["cap"])
        if cap is None:
            errors.append(
                ValidationError(
                    _("The cap must be a number, not “%(value)s”.") % {"value": rule["cap"]}, code="not_a_number"
                )
            )
        elif cap < 0:
            errors.append(ValidationError(_("The cap cannot be negative."), code="negative"))
    return errors


def _check_tiers(tiers):
    if not isinstance(tiers, (list, tuple)) or not tiers:
        return [ValidationError(_("A tiered rule needs at least one tier."), code="tiers_required")]
    errors = []
    previous = None
    for position, tier in enumerate(tiers, start=1):
        pair = [_number(value) for value in tier] if isinstance(tier, (list, tuple)) and len(tier) == 2 else None
        if pair is None or None in pair:
            errors.append(
                ValidationError(
                    _("Tier %(position)s must be a pair of numbers: a threshold and an amount.")
                    % {"position": position},
                    code="tier_shape",
                )
            )
            continue
        threshold, amount = pair
        if threshold < 0 or amount < 0:
            errors.append(
                ValidationError(
                    _("Tier %(position)s has a negative number; thresholds and amounts cannot be negative.")
                    % {"position": position},
                    code="negative",
                )
            )
        if previous is not None and threshold <= previous:
            errors.append(
                ValidationError(
                    _(
                        "Tier thresholds must rise from one tier to the next; tier %(position)s (%(threshold)s) "
                        "does not exceed the one before it (%(previous)s)."
                    )
                    % {"position": position, "threshold": threshold, "previous": previous},
                    code="tiers_order",
                )
            )
        previous = threshold
    return errors


def measure_amount(rule, base):
    """The amount an application gets under ``rule`` for ``base`` (万元), to 0.01 万元.

    - fixed: the amount, whatever the base (the base may be None);
    - ratio: base × ratio, no more than the cap when there is one;
    - tiers: the amount of the highest threshold the base reaches (a base equal to a threshold
      reaches it); 0 below the first threshold.

    The rule is validated first. A negative base is refused; so is a missing one for a rule that
    needs it."""
    validate_amount_rule(rule)
    if base is not None:
        base = to_decimal(base)
        if base < 0:
            raise ValidationError(_("The base amount cannot be negative."), code="negative_base")
    kind = rule["type"]
    if kind == FIXED:
        return quantize(rule["amount"], MONEY_PLACES)
    if base is None:
        raise ValidationError(
            _("This measure's amount is worked out from a base amount; enter the base amount."),
            code="base_required",
        )
    if kind == RATIO:
        amount = base * to_decimal(rule["ratio"])
        if rule.get("cap") is not None:
            amount = min(amount, to_decimal(rule["cap"]))
        return quantize(amount, MONEY_PLACES)
    amount = Decimal(0)
    for threshold, tier_amount in rule["tiers"]:
        if base >= to_decimal(threshold):
            amount = to_decimal(tier_amount)
    return quantize(amount, MONEY_PLACES)


# -- eligibility ------------------------------------------------------------------------------

ELIGIBILITY_KEYS = (
    "qualification_kinds",  # holds at least one of these qualification kinds (codes)
    "min_revenue",  # annual revenue of at least this (万元)
    "above_size_only",  # above designated size (规上) only
    "parks",  # in one of these parks (ids)
    "chains",  # on one of these chains (ids)
    "industries",  # in one of these industries: GB/T 4754 section letters or code prefixes
    "min_rd_intensity",  # R&D expenditure ÷ revenue of at least this fraction (0.03 = 3%)
)


def _is_list_of(value, kind):
    return isinstance(value, (list, tuple)) and all(
        isinstance(item, kind) and not isinstance(item, bool) for item in value
    )


def validate_eligibility(spec):
    """Raise ``ValidationError`` listing every mistake in a structured eligibility spec. Every
    condition is optional; None or ``{}`` means every enterprise is eligible."""
    if spec is None:
        return
    if not isinstance(spec, Mapping):
        raise ValidationError(_("The eligibility conditions must be a set of named conditions."), code="eligibility")
    errors = [
        ValidationError(_("Unknown eligibility condition “%(key)s”.") % {"key": key}, code="unknown_condition")
        for key in sorted(set(spec) - set(ELIGIBILITY_KEYS), key=str)
    ]

    def check(key, ok, message):
        if spec.get(key) is not None and not ok(spec[key]):
            errors.append(ValidationError(message, code=key))

    check(
        "qualification_kinds",
        lambda v: _is_list_of(v, str),
        _("The qualification kinds must be a list of qualification codes."),
    )
    check("parks", lambda v: _is_list_of(v, int), _("The parks must be a list of park ids."))
    check("chains", lambda v: _is_list_of(v, int), _("The chains must be a list of chain ids."))
    check(
        "industries",
        lambda v: _is_list_of(v, str) and all(industry_section(code) for code in v),
        _("The industries must be a list of industry codes (GB/T 4754), such as “C” or “39”."),
    )
    check("above_size_only", lambda v: isinstance(v, bool), _("“Above designated size only” must be true or false."))
    check(
        "min_revenue",
        lambda v: (n := _number(v)) is not None and n >= 0,
        _("The minimum revenue must be a number of 0 or more (10k yuan)."),
    )
    check(
        "min_rd_intensity",
        lambda v: (n := _number(v)) is not None and 0 <= n <= 1,
        _("The minimum R&D intensity must be a fraction between 0 and 1, such as 0.03."),
    )
    if errors:
        raise ValidationError(errors)


PERCENT_PLACES = Decimal("0.01")


def format_percent(fraction):
    """0.035 → "3.50%"."""
    return f"{quantize(to_decimal(fraction) * 100, PERCENT_PLACES)}%"


def eligible(spec, facts, labels=None):
    """Whether an enterprise meets a measure's eligibility, and the conditions it fails.

    ``facts``: {"qualification_kinds": set, "annual_revenue": Decimal | None, "above_size": bool,
    "park_id": int | None, "chain_ids": set, "industry_code": str | None,
    "rd_intensity": Decimal | None}; a missing fact counts as unknown, which fails any condition
    on it. A condition that is absent, None or an empty list does not restrict. List conditions
    are met by any one of their items; industries match by section letter or code prefix.
    ``labels`` may name the codes in the messages: {"qualification_kinds": {code: name},
    "parks": {id: name}, "chains": {id: name}, "industries": {code: name}}."""
    spec = spec or {}
    labels = labels or {}
    reasons = []

    def names(key):
        return get_text_list([str(labels.get(key, {}).get(item, item)) for item in spec[key]])

    if spec.get("qualification_kinds") and not set(facts.get("qualification_kinds") or ()) & set(
        spec["qualification_kinds"]
    ):
        reasons.append(
            _("The enterprise holds none of the required qualifications: %(kinds)s.")
            % {"kinds": names("qualification_kinds")}
        )
    if spec.get("min_revenue") is not None:
        minimum = to_decimal(spec["min_revenue"])
        revenue = facts.get("annual_revenue")
        if revenue is None:
            reasons.append(
                _("No annual revenue is on record; at least %(minimum)s (10k yuan) is required.") % {"minimum": minimum}
            )
        elif to_decimal(revenue) < minimum:
            reasons.append(
                _("Annual revenue of %(revenue)s is below the required %(minimum)s (10k yuan).")
                % {"revenue": revenue, "minimum": minimum}
            )
    if spec.get("above_size_only") and not facts.get("above_size"):
        reasons.append(_("Only enterprises above designated size are eligible."))
    if spec.get("parks") and facts.get("park_id") not in spec["parks"]:
        reasons.append(_("The enterprise is in none of the eligible parks: %(parks)s.") % {"parks": names("parks")})
    if spec.get("chains") and not set(facts.get("chain_ids") or ()) & set(spec["chains"]):
        reasons.append(_("The enterprise is on none of the eligible chains: %(chains)s.") % {"chains": names("chains")})
    if spec.get("industries") and not any(
        industry_within(facts.get("industry_code"), wanted) for wanted in spec["industries"]
    ):
        reasons.append(
            _("The enterprise is in none of the eligible industries: %(industries)s.")
            % {"industries": names("industries")}
        )
    if spec.get("min_rd_intensity") is not None:
        minimum = to_decimal(spec["min_rd_intensity"])
        intensity = facts.get("rd_intensity")
        if intensity is None:
            reasons.append(
                _("No R&D intensity is on record; at least %(minimum)s is required.")
                % {"minimum": format_percent(minimum)}
            )
        elif to_decimal(intensity) < minimum:
            reasons.append(
                _("R&D intensity of %(value)s is below the required %(minimum)s.")
                % {"value": format_percent(intensity), "minimum": format_percent(minimum)}
            )
    return not reasons, reasons


# -- the application workflow -----------------------------------------------------------------

# 草稿 → 已提交 → 园区初审 → 部门审核 → 已拨付; at either review the application can be returned
# for correction (退回, then submitted again) or rejected (驳回, final).
APPLICATION_TRANSITIONS = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"park_reviewed", "returned", "rejected"}),
    "park_reviewed": frozenset({"department_approved", "returned", "rejected"}),
    "department_approved": frozenset({"disbursed"}),
    "returned": frozenset({"submitted"}),
    "rejected": frozenset(),
    "disbursed": frozenset(),
}


def check_application_transition(current, target, labels=None):
    check_transition(current, target, APPLICATION_TRANSITIONS, labels)
