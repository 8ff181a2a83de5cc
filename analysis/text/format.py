"""Fixed, locale-free number formatting so that pages and notebook outputs are stable."""

from __future__ import annotations

import math

from ..checking.uncertainty import Interval

_SUFFIXES = ((1e12, "T"), (1e9, "bn"), (1e6, "M"))


def fmt(x: float | None, unit: str = "", digits: int = 3) -> str:
    """``x`` to ``digits`` significant figures, with M/bn/T for large numbers and the unit."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if math.isinf(x):
        return "inf"
    text = _number(float(x), digits)
    return f"{text} {unit}".strip() if unit else text


def _number(x: float, digits: int) -> str:
    ax = abs(x)
    if ax >= 1e15:
        mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
        return f"{_sig(float(mantissa), digits)}e{int(exponent)}"
    for scale, suffix in _SUFFIXES:
        if ax >= scale:
            return f"{_sig(x / scale, digits)} {suffix}"
    if ax >= 1000:
        return f"{round(float(f'{x:.{digits}g}')):,}"
    return _sig(x, digits)


def _sig(x: float, digits: int) -> str:
    text = f"{float(f'{x:.{digits}g}'):f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_pct(share: float | None) -> str:
    """A share (0.25) as a percentage ("25 %")."""
    return "n/a" if share is None else f"{_sig(100 * share, 3)} %"


def fmt_interval(iv: Interval) -> str:
    """Median and 90 % interval: "154 TFLOP/s (90 %: 140 to 170)"."""
    if iv.low == iv.high:
        return fmt(iv.central, iv.unit)
    return f"{fmt(iv.central, iv.unit)} (90 %: {fmt(iv.low)} to {fmt(iv.high)})"
