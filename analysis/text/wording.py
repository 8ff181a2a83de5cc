"""Numbers, units and dates as a reader says them, in a language: "6.4 M GPU-hours", "42 %",
"2.8 ×", "21,100 households", "7 February 2025".

Everything here is formatting; no result is computed. Digit grouping and the decimal sign come
from Babel's locale data, month names from Babel, the unit and scale words from the language's
catalog (:mod:`analysis.text.catalogs`). The full precision stays in the downloads.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

from ..checking.uncertainty import Interval
from .catalogs import LOCALES, catalog, message, resolve
from .format import fmt


def _symbols(lang: str) -> tuple[str, str]:
    return _babel_symbols(resolve(lang))


@lru_cache(maxsize=None)
def _babel_symbols(lang: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(LOCALES[lang]), get_group_symbol(LOCALES[lang])


def localise(text: str, lang: str = "") -> str:
    """English digits ("21,100.5") in the language's grouping and decimal signs."""
    dec, group = _symbols(lang)
    return text.translate(str.maketrans({",": group, ".": dec}))


def number(x: float, lang: str = "") -> str:
    """Three significant figures; millions and more with the catalog's scale words."""
    text = localise(fmt(x), lang)
    for short, word in (catalog(lang).get("scales") or {}).items():
        if text.endswith(f" {short}"):
            if isinstance(word, list):  # [singular, plural]: "1 Million", "1,3 Millionen"
                word = word[0] if text[: -len(short) - 1] in ("1", "-1") else word[1]
            text = text[: -len(short)] + word
            break
    return text


def unit_word(unit: str, x: float | None = None, lang: str = "") -> str:
    """The unit as a reader writes it after ``x`` (plural unless x == 1)."""
    words = catalog(lang)["units"].get(unit, unit)
    if isinstance(words, str):
        return words
    one, many = words
    return one if x is not None and abs(x) == 1 else many


def amount(x: float, unit: str = "", lang: str = "") -> str:
    """A number with its unit for reading: 3 significant figures, "%", "×", plural words."""
    word = unit_word(unit, x, lang)
    return f"{number(x, lang)} {word}" if word else number(x, lang)


def span(lo: float, hi: float, unit: str = "", lang: str = "") -> str:
    """A stated range, "1 to 8 hours"; a point when both ends are equal."""
    if lo == hi:
        return amount(lo, unit, lang)
    return message("span", lang).format(lo=number(lo, lang), hi=amount(hi, unit, lang))


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


def recomputed(iv: Interval, lang: str = "") -> str:
    """A recomputed figure: the point itself, or "40,100 MWh (our range 27,200 to 59,700)"."""
    iv = readable(iv)
    if is_point(iv):
        return amount(iv.central, iv.unit, lang)
    return message("recomputed", lang).format(ours=amount(iv.central, iv.unit, lang), low=number(iv.low, lang),
                                              high=number(iv.high, lang))


def share(x: float, lang: str = "") -> str:
    """A distance or share for reading: two significant figures ("8.3 %", "20 %", "123 %")."""
    pct = 100 * x
    text = f"{float(f'{pct:.2g}'):,.10g}" if pct < 100 else f"{round(pct):,}"
    return f"{localise(text, lang)} %"


def times(factor: float, lang: str = "") -> str:
    """A factor for reading: "2.8 ×", "14 ×", "2,600 ×"."""
    text = f"{float(f'{factor:.2g}'):g}" if factor < 100 else f"{float(f'{factor:.2g}'):,.0f}"
    return f"{localise(text, lang)} ×"


def more_than(gap: float, lang: str = "") -> str:
    """How much larger one number is than another, from the rule's gap (larger / smaller - 1)."""
    if gap < 1:
        return message("more_than", lang).format(share=share(gap, lang))
    return times(1 + gap, lang)


def _month(d: dt.date, lang: str) -> str:
    from babel.dates import get_month_names

    return get_month_names("wide", locale=LOCALES[resolve(lang)])[d.month]


def _day(d: dt.date, lang: str) -> str:
    return message("date.day", lang).format(day=d.day, month=_month(d, lang), year=d.year)


def date_span(lo: dt.date, hi: dt.date, lang: str = "") -> str:
    """A period as a reader says it: "2025", "March 2025", "January to March 2025", a day."""
    if lo == hi:
        return _day(lo, lang)
    whole_months = lo.day == 1 and hi.day == calendar.monthrange(hi.year, hi.month)[1]
    if whole_months and lo.year == hi.year:
        if lo.month == 1 and hi.month == 12:
            return str(lo.year)
        if lo.month == hi.month:
            return message("date.month", lang).format(month=_month(lo, lang), year=lo.year)
        return message("date.months", lang).format(a=_month(lo, lang), b=_month(hi, lang), year=lo.year)
    return message("date.between", lang).format(a=_day(lo, lang), b=_day(hi, lang))


def tabled(x: float | None, unit: str = "", lang: str = "") -> str:
    """A number for a table: three significant figures with the short scale marks ("1.3 M",
    German "1,3 Mio.") and the unit as the data spell it; English keeps :func:`fmt` exactly."""
    if resolve(lang) == "en" or x is None:
        return fmt(x, unit)
    text = localise(fmt(x), lang)  # the digits first: a scale mark may hold a full stop ("Mio.")
    for short, mark in (catalog(lang).get("table_scales") or {}).items():
        if text.endswith(f" {short}"):
            text = text[: -len(short)] + mark
            break
    word = unit_word(unit, x, lang) if unit else ""
    return f"{text} {word}".strip()


def tabled_pct(x: float | None, lang: str = "") -> str:
    """A share for a table ("25 %"), with the language's decimal sign."""
    from .format import fmt_pct

    return localise(fmt_pct(x), lang) if x is not None else message("wi.na", lang)
