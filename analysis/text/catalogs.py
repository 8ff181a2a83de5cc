"""The message catalogs, one per language (``catalog/<lang>.yaml``), and the Babel locale of each.

A catalog holds the reader sentences as templates keyed by an id (``messages``), the unit words
(``units``: singular and plural), the scale words for millions and more (``scales``) and the
verdict labels. German is a second catalog with the same keys.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
LOCALES = {"en": "en_GB", "de": "de_DE"}
EDITIONS = tuple(LOCALES)  # the book's editions: English where it always was, German in de/

# The edition being written. Every function that says something takes ``lang``; left empty
# (the default), it is the edition being written, which :func:`edition` sets for a block of
# code, as a locale is set for gettext. Outside any ``edition`` block it is English.
_EDITION: ContextVar[str] = ContextVar("edition", default="en")


def resolve(lang: str = "") -> str:
    """``lang``, or the edition being written when it is empty."""
    return lang or _EDITION.get()


@contextlib.contextmanager
def edition(lang: str) -> Iterator[str]:
    """Write in ``lang`` inside this block (``with edition("de"): ...``)."""
    if lang not in LOCALES:
        raise KeyError(f"no edition {lang!r}; the editions are {', '.join(EDITIONS)}")
    token = _EDITION.set(lang)
    try:
        yield lang
    finally:
        _EDITION.reset(token)


def catalog(lang: str = "") -> dict[str, Any]:
    return _catalog(resolve(lang))


@lru_cache(maxsize=None)
def _catalog(lang: str) -> dict[str, Any]:
    """``catalog/<lang>.yaml`` with the messages of its parts (``catalog/<lang>.<part>.yaml``,
    one per room of the book: pages, charts, widgets) merged in; a key defined twice is a bug."""
    path = CATALOG_DIR / f"{lang}.yaml"
    if not path.is_file():
        raise KeyError(f"no catalog for language {lang!r}")
    cat = yaml.safe_load(path.read_text(encoding="utf-8"))
    for part in sorted(CATALOG_DIR.glob(f"{lang}.*.yaml")):
        extra = yaml.safe_load(part.read_text(encoding="utf-8")) or {}
        twice = set(extra) & set(cat["messages"])
        if twice:
            raise KeyError(f"{part.name}: messages also in {path.name}: {', '.join(sorted(twice))}")
        cat["messages"].update(extra)
    return cat


def message(key: str, lang: str = "") -> str:
    """The template ``key`` of ``lang`` (a missing key is a bug: it raises)."""
    lang = resolve(lang)
    try:
        return catalog(lang)["messages"][key]
    except KeyError:
        raise KeyError(f"catalog {lang!r} has no message {key!r}") from None
