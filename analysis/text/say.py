"""One wording layer: reader sentences are message templates, keyed by an id, with named fields,
in one catalog per language (``catalog/en.yaml``); :func:`say` fills them.

Fields are formatted by :class:`Words`, one locale-aware formatter: a :class:`Q` (a quantity,
number and unit) reads "21,100 households"; a plain number is rounded to three significant
figures; the format specs ``pct`` (a share: "8.3 %"), ``pp`` (a difference of percentages:
"2.2 percentage points") and ``times`` ("2.8 ×") say how. Digit grouping and the decimal sign
come from Babel's locale data, the unit words and scale words ("million") from the catalog, so
a second language is a second catalog.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CATALOGS = Path(__file__).resolve().parent / "catalog"
LOCALES = {"en": "en_GB", "de": "de_DE"}


@dataclass(frozen=True)
class Q:
    """A quantity to be said with its unit (the unit as the data spell it: "household-year")."""

    value: float
    unit: str = ""


@lru_cache(maxsize=None)
def catalog(lang: str = "en") -> dict[str, Any]:
    """The catalog of ``lang``: ``messages`` (id -> template), ``units`` (unit -> [one, many])."""
    path = CATALOGS / f"{lang}.yaml"
    if not path.is_file():
        raise KeyError(f"no catalog for language {lang!r}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _symbols(lang: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = LOCALES[lang]
    return get_decimal_symbol(loc), get_group_symbol(loc)


def number(x: float, lang: str = "en") -> str:
    """Three significant figures; millions and more in words ("6.4 million")."""
    from .format import fmt

    text = fmt(x)
    scales = catalog(lang).get("scales", {})
    for short, word in scales.items():
        if text.endswith(f" {short}"):
            text = text[: -len(short)] + word
            break
    dec, group = _symbols(lang)
    return text.translate(str.maketrans({",": group, ".": dec}))


def unit_word(unit: str, x: float | None = None, lang: str = "en") -> str:
    """The unit as a reader writes it after ``x`` (plural unless x == 1)."""
    words = catalog(lang)["units"].get(unit)
    if words is None:
        return unit
    if isinstance(words, str):
        return words
    one, many = words
    return one if x is not None and abs(x) == 1 else many


def amount(x: float, unit: str = "", lang: str = "en") -> str:
    word = unit_word(unit, x, lang)
    n = number(x, lang)
    if not word:
        return n
    return f"{n} {word}"


class Words(string.Formatter):
    """The formatter behind :func:`say` (see the module docstring for the specs)."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang

    def format_field(self, value: Any, spec: str) -> str:
        if isinstance(value, Q):
            if spec == "n":
                return number(value.value, self.lang)
            return amount(value.value, value.unit, self.lang)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if spec == "pct":
                return share(value, self.lang)
            if spec == "pp":
                return say("points", self.lang, n=number(abs(value), self.lang))
            if spec == "times":
                return say("times", self.lang, n=number(value, self.lang))
            return number(value, self.lang)
        return super().format_field(value, spec)


def share(x: float, lang: str = "en") -> str:
    """A share or distance, two significant figures: "8.3 %", "20 %", "123 %"."""
    pct = 100 * x
    text = f"{float(f'{pct:.2g}'):,.10g}" if pct < 100 else f"{round(pct):,}"
    dec, group = _symbols(lang)
    return text.translate(str.maketrans({",": group, ".": dec})) + catalog(lang)["percent"]


def say(key: str, lang: str = "en", **fields: Any) -> str:
    """The message ``key`` of ``lang``'s catalog with its fields filled in."""
    template = catalog(lang)["messages"][key]
    return Words(lang).format(template, **fields)


def fill(template: str, lang: str = "en", **fields: Any) -> str:
    """A template written in the data (a claim's lead, a note) with its fields filled in."""
    return Words(lang).format(template, **fields)
