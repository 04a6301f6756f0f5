"""Pure rules about parks: idle land (闲置土地), evaluation scores and grades, dynamic management
(动态管理: formal → preparatory → delisted), and the split of the award fund.

Plain values in, plain values out; no database. Money is ``Decimal`` in 万元.
"""

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import groupby

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.periods import MONEY_PLACES, add_months_to_date, add_years, quantize, to_decimal

# -- idle land (闲置土地) ---------------------------------------------------------------------

IDLE_FEE_RATE = Decimal("0.20")
SUPPLIED_NOT_USED = "supplied_not_used"  # LandParcel.Status.SUPPLIED_NOT_USED
IDLE_FEE = "idle_fee"
RECLAIM = "reclaim"


def idle_fee_due_on(agreed_start):
    """One year after the agreed construction start, an idle fee is owed."""
    return add_years(agreed_start, 1)


def reclaim_due_on(agreed_start):
    """Two years after the agreed construction start, the land is to be reclaimed."""
    return add_years(agreed_start, 2)


def idle_fee(land_price):
    """闲置费: 20% of the land price, to 0.01 万元; None without a price."""
    if land_price is None:
        return None
    return quantize(to_decimal(land_price) * IDLE_FEE_RATE, MONEY_PLACES)


def land_idle_state(status, agreed_start, construction_started, today):
    """None, "idle_fee" or "reclaim" for a parcel on ``today``.

    Only land supplied but not used (``supplied_not_used``) with an agreed start date and no
    construction started by ``today`` can be idle. ``construction_started`` is the start date (or
    a plain flag); a start date after ``today`` has not happened yet. "reclaim" from the second
    anniversary of the agreed start on, "idle_fee" from the first."""
    if status != SUPPLIED_NOT_USED or agreed_start is None:
        return None
    if isinstance(construction_started, datetime.date):
        if construction_started <= today:
            return None
    elif construction_started:
        return None
    if today >= reclaim_due_on(agreed_start):
        return RECLAIM
    if today >= idle_fee_due_on(agreed_start):
        return IDLE_FEE
    return None


# -- grades and scores ------------------------------------------------------------------------

EXCELLENT = "excellent"  # 优秀
GOOD = "good"  # 良好
FAIR = "fair"  # 一般
POOR = "poor"  # 较差
GRADE_ORDER = [EXCELLENT, GOOD, FAIR, POOR]
GRADE_LABELS = {
    EXCELLENT: gettext_lazy("Excellent"),
    GOOD: gettext_lazy("Good"),
    FAIR: gettext_lazy("Fair"),
    POOR: gettext_lazy("Poor"),
}
DEFAULT_GRADE_THRESHOLDS = [
    (EXCELLENT, Decimal("90")),
    (GOOD, Decimal("80")),
    (FAIR, Decimal("60")),
    (POOR, Decimal("0")),
]
SCORE_PLACES = Decimal("0.01")


def grade_label(grade):
    return str(GRADE_LABELS.get(grade, grade))


def validate_grade_thresholds(thresholds):
    """Configured thresholds: known grades, best first, each minimum strictly below the one before."""
    if not thresholds:
        raise ValidationError(_("Give at least one grade with its minimum score."), code="no_grades")
    errors = []
    previous = None
    for grade, minimum in thresholds:
        if grade not in GRADE_ORDER:
            errors.append(ValidationError(_("Unknown grade “%(grade)s”.") % {"grade": grade}, code="unknown_grade"))
            continue
        minimum = to_decimal(minimum)
        if previous is not None and (
            GRADE_ORDER.index(grade) <= GRADE_ORDER.index(previous[0]) or minimum >= previous[1]
        ):
            errors.append(
                ValidationError(
                    _(
                        "List the grades from best to worst, each with a lower minimum: "
                        "%(grade)s (%(minimum)s) follows %(previous)s (%(previous_minimum)s)."
                    )
                    % {
                        "grade": grade_label(grade),
                        "minimum": minimum,
                        "previous": grade_label(previous[0]),
                        "previous_minimum": previous[1],
                    },
                    code="grade_order",
                )
            )
        previous = grade, minimum
    if errors:
        raise ValidationError(errors)


def grade_for(score, thresholds=DEFAULT_GRADE_THRESHOLDS):
    """The first grade, in the order given (best first), whose minimum ``score`` reaches (a minimum
    is reached by the score equal to it: 90 is excellent). A score below every minimum gets the
    last grade."""
    score = to_decimal(score)
    for grade, minimum in thresholds:
        if score >= to_decimal(minimum):
            return grade
    return thresholds[-1][0]


def is_below_good(grade):
    """一般 or 较差."""
    return GRADE_ORDER.index(grade) > GRADE_ORDER.index(GOOD)


def indicator_points(value, best, worst):
    """An indicator's value scaled linearly to 0–100 points: ``best`` (or beyond) scores 100,
    ``worst`` (or beyond) 0; 2 decimals. ``best`` < ``worst`` scores lower-is-better indicators
    (energy per unit of output). No value: 0 points."""
    best, worst = to_decimal(best), to_decimal(worst)
    if best == worst:
        raise ValueError("best and worst must differ")
    if value is None:
        return Decimal("0.00")
    points = (to_decimal(value) - worst) / (best - worst) * 100
    return quantize(min(max(points, Decimal(0)), Decimal(100)), SCORE_PLACES)


def weighted_score(items):
    """Σ points × weight ÷ Σ weight over ``(points, weight)`` pairs, 2 decimals; weights need not
    add up to 1 or 100. None when there is no weight at all. An indicator with no points (None)
    scores 0 but keeps its weight."""
    total_weight = Decimal(0)
    total = Decimal(0)
    for points, weight in items:
        weight = to_decimal(weight)
        if weight < 0:
            raise ValueError("weights must not be negative")
        total_weight += weight
        total += to_decimal(points or 0) * weight
    if total_weight == 0:
        return None
    return quantize(total / total_weight, SCORE_PLACES)


def rank(scores):
    """Competition ranking (1, 2, 2, 4) of ``{key: score}``, highest score first; equal scores
    share a rank. A key without a score (None) ranks after every scored key, tied with the others
    that have none."""
    ordered = sorted((score for score in scores.values() if score is not None), reverse=True)
    first_rank = {}
    for position, score in enumerate(ordered, start=1):
        first_rank.setdefault(score, position)
    unscored_rank = len(ordered) + 1
    return {key: unscored_rank if score is None else first_rank[score] for key, score in scores.items()}


def in_bottom(rank_, park_count, bottom_n=3):
    """Ranked among the last ``bottom_n`` of ``park_count`` parks (rank > park_count − bottom_n)."""
    return rank_ > park_count - bottom_n


# -- dynamic management (动态管理) -----------------------------------------------------------

FORMAL = "formal"
PREPARATORY = "preparatory"
DELISTED = "delisted"


@dataclass(frozen=True)
class Transition:
    new_status: str
    observation_ends_on: datetime.date | None
    reason: str


def dynamic_transition(status, evaluations, observation_ends_on, today, bottom_n=3, observation_months=12):
    """The status change dynamic management calls for, or None.

    ``evaluations`` is the park's evaluation history, newest first, as ``(grade, rank, park_count)``;
    the service calls this when an evaluation is recorded (only evaluations move a park's status).

    - A formal park graded below good (fair or poor) in each of its two latest evaluations, and
      ranked in the bottom ``bottom_n`` both times, becomes preparatory; its observation period
      ends ``observation_months`` months from ``today`` (the same day a year later by default).
    - A preparatory park whose observation period has ended (``today`` ≥ its end) is delisted if
      its latest evaluation is still below good. If that evaluation is good or excellent the park
      has recovered and returns to formal: the observation period exists to give it that chance,
      and nothing else would ever end a preparatory status.
    - Anything else (a cultivating or delisted park, too few evaluations, an observation period
      still running or with no end date): None.
    """
    if status == FORMAL and len(evaluations) >= 2:
        (latest_grade, latest_rank, latest_count), (earlier_grade, earlier_rank, earlier_count) = evaluations[:2]
        failing = all(
            is_below_good(grade) and in_bottom(rank_, count, bottom_n) for grade, rank_, count in evaluations[:2]
        )
        if failing:
            ends_on = add_months_to_date(today, observation_months)
            reason = _(
                "Graded %(earlier_grade)s (ranked %(earlier_rank)s of %(earlier_count)s) and then "
                "%(latest_grade)s (ranked %(latest_rank)s of %(latest_count)s): below Good and in the bottom "
                "%(bottom_n)s in two consecutive evaluations. Downgraded to preparatory; the observation "
                "period runs until %(ends_on)s."
            ) % {
                "earlier_grade": grade_label(earlier_grade),
                "earlier_rank": earlier_rank,
                "earlier_count": earlier_count,
                "latest_grade": grade_label(latest_grade),
                "latest_rank": latest_rank,
                "latest_count": latest_count,
                "bottom_n": bottom_n,
                "ends_on": ends_on.isoformat(),
            }
            return Transition(PREPARATORY, ends_on, reason)
        return None
    if status == PREPARATORY and evaluations and observation_ends_on is not None and today >= observation_ends_on:
        grade, rank_, count = evaluations[0]
        params = {
            "ends_on": observation_ends_on.isoformat(),
            "grade": grade_label(grade),
            "rank": rank_,
            "count": count,
        }
        if is_below_good(grade):
            reason = _(
                "The observation period ran until %(ends_on)s and the latest evaluation still graded the park "
                "%(grade)s (ranked %(rank)s of %(count)s), below Good. Delisted."
            )
            return Transition(DELISTED, None, reason % params)
        reason = _(
            "The observation period ran until %(ends_on)s and the latest evaluation graded the park "
            "%(grade)s (ranked %(rank)s of %(count)s). Restored to formal status."
        )
        return Transition(FORMAL, None, reason % params)
    return None


# -- the award fund ---------------------------------------------------------------------------

DEFAULT_AWARD_WEIGHTS = (Decimal(5), Decimal(3), Decimal(2))


def split_award(total, ranked_parks, top_n=3, weights=None):
    """Split an award fund among the top ``top_n`` parks by the weights of their places
    (5 : 3 : 2 for the top three by default; equal shares when another ``top_n`` is asked for
    without weights).

    ``ranked_parks`` is ``{park: rank}`` (as :func:`rank` returns) or ``(park, rank)`` pairs. Parks
    sharing a rank pool the weights of the places they occupy and share them equally: ranks
    1, 2, 2 get 5 and (3 + 2) ÷ 2 = 2.5 each; a tie across the last place (1, 2, 3, 3) shares only
    that place's weight (2 ÷ 2 = 1 each). With fewer parks than places, the fund is split among
    those there are (two parks: 5 : 3).

    Returns ``{park: amount}``, best first. Each share is worked out exactly and rounded down to
    0.01 万元; the remainder goes to the first park, so the shares add up to ``total`` exactly."""
    total = to_decimal(total)
    if total < 0:
        raise ValueError("the award fund cannot be negative")
    if weights is None:
        weights = DEFAULT_AWARD_WEIGHTS if top_n == 3 else (Decimal(1),) * top_n
    weights = [to_decimal(weight) for weight in weights]
    if len(weights) < top_n or any(weight < 0 for weight in weights):
        raise ValueError(f"need {top_n} non-negative weights, got {weights}")
    pairs = list(ranked_parks.items() if isinstance(ranked_parks, Mapping) else ranked_parks)
    ordered = sorted(pairs, key=lambda pair: pair[1])  # stable: input order among ties

    # Exact fractions: a tie of three pools weights into thirds, which no Decimal holds exactly.
    park_weights = {}
    position = 0
    for _rank, group in groupby(ordered, key=lambda pair: pair[1]):
        members = [pair[0] for pair in group]
        if position >= top_n:
            break
        places = range(position, min(position + len(members), top_n))
        pooled = sum((Fraction(weights[place]) for place in places), Fraction(0))
        for park in members:
            park_weights[park] = pooled / len(members)
        position += len(members)
    if not park_weights:
        return {}
    weight_sum = sum(park_weights.values())
    if weight_sum == 0:
        raise ValueError("the awarded places have no weight")
    shares = {
        park: Decimal(math.floor(Fraction(total) * weight / weight_sum * 100)).scaleb(-2)
        for park, weight in park_weights.items()
    }
    first = next(iter(shares))
    shares[first] += total - sum(shares.values())
    return shares
