"""Numbers and units as a reader says them: "6.4 M GPU-hours", "42 %", "2.8 ×", "21,100 households".

Everything here is formatting; no result is computed. The full precision stays in the downloads.
"""

from __future__ import annotations

import datetime as dt

from .format import fmt
from ..checking.uncertainty import Interval

# unit -> (singular, plural); "" means the number stands alone
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "GPU-hour": ("GPU-hour", "GPU-hours"), "hour": ("hour", "hours"), "day": ("day", "days"),
    "week": ("week", "weeks"), "year": ("year", "years"), "GPU": ("GPU", "GPUs"),
    "household-year": ("household", "households"), "token": ("token", "tokens"),
    "parameter": ("parameter", "parameters"), "episode": ("episode", "episodes"),
    "step": ("step", "steps"), "bit": ("bit", "bits"), "byte": ("byte", "bytes"),
    "count": ("", ""), "ratio": ("", ""), "kWh/yr": ("kWh a year", "kWh a year"),
    "USD/Mtok": ("US$ per million tokens", "US$ per million tokens"), "USD": ("US$", "US$"),
    "FLOP": ("FLOP", "FLOP"), "minute": ("minute", "minutes"), "second": ("second", "seconds"),
}
SYMBOL_UNITS = {"percent": "%", "x": "×"}


def unit_word(unit: str, x: float | None = None) -> str:
    """The unit as a reader writes it after the number ``x`` (plural unless x == 1)."""
    if unit in SYMBOL_UNITS:
        return SYMBOL_UNITS[unit]
    one, many = UNIT_WORDS.get(unit, (unit, unit))
    return one if x is not None and abs(x) == 1 else many


def amount(x: float, unit: str = "") -> str:
    """A number with its unit for reading: 3 significant figures, "%", "×", plural words."""
    word = unit_word(unit, x)
    return f"{fmt(x)} {word}".strip() if word else fmt(x)


def span(lo: float, hi: float, unit: str = "") -> str:
    """A stated range, "1 to 8 hours"; a point when both ends are equal."""
    if lo == hi:
        return amount(lo, unit)
    return f"{fmt(lo)} to {amount(hi, unit)}"


def is_point(iv: Interval) -> bool:
    """True when a recomputed figure has no spread (it rests on fixed figures only)."""
    return iv.low == iv.high or abs(iv.high - iv.low) <= 1e-9 * max(abs(iv.high), abs(iv.low), 1e-300)


# hours below these shares of an hour read better in minutes or seconds
SMALLER_TIME = ((1 / 60, "second", 3600.0), (1.0, "minute", 60.0))


def readable(iv: Interval) -> Interval:
    """A short time in hours restated in minutes or seconds (the same quantity, easier to read)."""
    if iv.unit != "hour" or iv.central <= 0:
        return iv
    for limit, unit, factor in SMALLER_TIME:
        if iv.central < limit:
            return Interval(iv.low * factor, iv.central * factor, iv.high * factor, unit)
    return iv


def recomputed(iv: Interval) -> str:
    """A recomputed figure: the point itself, or "40,100 MWh (our range 27,200 to 59,700)"."""
    iv = readable(iv)
    if is_point(iv):
        return amount(iv.central, iv.unit)
    return f"{amount(iv.central, iv.unit)} (our range {fmt(iv.low)} to {fmt(iv.high)})"


def share(x: float) -> str:
    """A distance or share for reading: two significant figures ("8.3 %", "20 %", "123 %")."""
    pct = 100 * x
    text = f"{float(f'{pct:.2g}'):,.10g}" if pct < 100 else f"{round(pct):,}"
    return f"{text} %"


def times(factor: float) -> str:
    """A factor for reading: "2.8 ×", "14 ×", "2,600 ×"."""
    if factor < 100:
        text = f"{float(f'{factor:.2g}'):g}"
    else:
        text = f"{float(f'{factor:.2g}'):,.0f}"
    return f"{text} ×"


def more_than(gap: float) -> str:
    """How much larger one number is than another, from the rule's gap (larger / smaller - 1)."""
    if gap < 1:
        return f"{share(gap)} more than"
    return f"{times(1 + gap)}"


def month_name(d: dt.date) -> str:
    return d.strftime("%B")


def date_span(lo: dt.date, hi: dt.date) -> str:
    """A period as a reader says it: "2025", "March 2025", "January to March 2025", a day."""
    import calendar

    if lo == hi:
        return f"{lo.day} {month_name(lo)} {lo.year}"
    whole_months = lo.day == 1 and hi.day == calendar.monthrange(hi.year, hi.month)[1]
    if whole_months and lo.year == hi.year:
        if lo.month == 1 and hi.month == 12:
            return str(lo.year)
        if lo.month == hi.month:
            return f"{month_name(lo)} {lo.year}"
        return f"{month_name(lo)} to {month_name(hi)} {lo.year}"
    return f"{date_span(lo, lo)} to {date_span(hi, hi)}"
