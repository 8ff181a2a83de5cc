"""Say a message: a template from the language's catalog with its named fields filled in.

Fields are formatted by :class:`Words`, one locale-aware formatter: a :class:`Q` (a quantity,
number and unit) reads "21,100 households" (spec ``n``: the number alone); a plain number is
rounded to three significant figures; the specs ``pct`` (a share: "8.3 %"), ``pp`` (a difference
of percentages: "2.2 percentage points") and ``times`` ("2.8 ×") say how. Strings pass as they
are. Templates use ``str.format`` fields, never f-strings, so a catalog is all a language needs.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from .catalogs import message
from .wording import amount, number, share, times


@dataclass(frozen=True)
class Q:
    """A quantity to be said with its unit (the unit as the data spell it: "household-year")."""

    value: float
    unit: str = ""


class Words(string.Formatter):
    """The formatter behind :func:`say` and :func:`fill` (see the module docstring)."""

    def __init__(self, lang: str = "") -> None:
        self.lang = lang

    def format_field(self, value: Any, spec: str) -> str:
        if isinstance(value, Q):
            return number(value.value, self.lang) if spec == "n" else amount(value.value, value.unit, self.lang)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if spec == "pct":
                return share(value, self.lang)
            if spec == "pp":  # two significant figures, as a share is said
                return say("points", self.lang, n=share(abs(value) / 100, self.lang).rstrip(" %"))
            if spec == "times":
                return times(value, self.lang)
            if spec == "int":
                return number(round(value), self.lang)
            return number(value, self.lang)
        return super().format_field(value, spec)


def say(key: str, lang: str = "", **fields: Any) -> str:
    """The message ``key`` of ``lang``'s catalog with its fields filled in."""
    return Words(lang).format(message(key, lang), **fields)


def fill(template: str, lang: str = "", **fields: Any) -> str:
    """A template written in the data (a claim's lead, a note) with its fields filled in."""
    return Words(lang).format(template, **fields)
