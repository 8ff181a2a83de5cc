"""Inference prices: total and annualised decline of the price per million tokens."""

from __future__ import annotations

import numpy as np

from .formulas import Number, formula
from .units import DAYS_PER_YEAR, PERCENT


@formula(unit="percent")
def price_decline_percent(price_start: Number, price_end: Number) -> Number:
    """Decline in percent: d = (1 - p_end / p_start) * 100."""
    return (1.0 - np.asarray(price_end, dtype=float) / price_start) * PERCENT


@formula(unit="x")
def price_fold_decrease(price_start: Number, price_end: Number) -> Number:
    """Fold decrease: p_start / p_end (the AI Index reports this as "x-fold")."""
    return np.asarray(price_start, dtype=float) / price_end


@formula(unit="x")
def annual_fold_decrease(price_start: Number, price_end: Number, days: Number) -> Number:
    """Average decline factor per year: (p_start / p_end) ** (365.25 / days)."""
    return price_fold_decrease(price_start, price_end) ** (DAYS_PER_YEAR / np.asarray(days))


def price_after_decline(price_start: Number, decline_percent: Number) -> Number:
    """Price left after a decline of d percent: p_start * (1 - d / 100)."""
    return np.asarray(price_start, dtype=float) * (1.0 - np.asarray(decline_percent) / PERCENT)
