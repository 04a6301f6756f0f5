"""Pure rules about major projects: investment completion against time elapsed (序时进度).

Money is ``Decimal`` in 万元; rates are fractions with 4 decimals.
"""

from decimal import Decimal

from portal.periods import quantize, time_elapsed_progress, to_decimal

LAG_TOLERANCE = Decimal("0.10")  # more than 10 percentage points behind time elapsed is lagging
POINTS_PLACES = Decimal("0.01")


def completion_rate(ytd_completed, annual_plan):
    """Year-to-date completed investment ÷ annual planned investment, 4 decimals.

    None when there is no plan (missing or 0): a rate against nothing means nothing. A project with
    a plan but no figures yet has completed nothing: rate 0."""
    if annual_plan is None:
        return None
    annual_plan = to_decimal(annual_plan)
    if annual_plan == 0:
        return None
    return quantize(to_decimal(ytd_completed or 0) / annual_plan)


def lag_points(ytd_completed, annual_plan, month):
    """How many percentage points the completion rate is behind time elapsed after ``month``
    months (negative when ahead), 2 decimals; None without a plan.

    Worked from the rounded figures the reports print (rate 39.00%, time elapsed 50.00% → 11.00
    points), so the verdict always agrees with what the reader sees."""
    rate = completion_rate(ytd_completed, annual_plan)
    if rate is None:
        return None
    return quantize((time_elapsed_progress(month) - rate) * 100, POINTS_PLACES)


def is_lagging(ytd_completed, annual_plan, month):
    """滞后: strictly more than 10 percentage points behind time elapsed. In June (50%) a project at
    39% lags and one at 40% (exactly 10 points behind) does not. No plan: not lagging."""
    points = lag_points(ytd_completed, annual_plan, month)
    return points is not None and points > LAG_TOLERANCE * 100
