"""Generic arithmetic used to recompute a document's figures from its own numbers."""

from __future__ import annotations

import numpy as np

from .formulas import Number, formula
from .units import PERCENT


@formula(unit="x")
def ratio(numerator: Number, denominator: Number) -> Number:
    """How many times larger: r = a / b."""
    return np.asarray(numerator, dtype=float) / denominator


@formula(unit="percent")
def percent_reduction(before: Number, after: Number) -> Number:
    """Saving in percent: s = (1 - after / before) * 100."""
    return (1.0 - np.asarray(after, dtype=float) / before) * PERCENT


@formula(unit="same")
def scaled(value: Number, factor: Number) -> Number:
    """A value multiplied by a factor: v * f (unit of ``value``)."""
    return np.asarray(value, dtype=float) * factor
