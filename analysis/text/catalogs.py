"""The message catalogs, one per language (``catalog/<lang>.yaml``), and the Babel locale of each.

A catalog holds the reader sentences as templates keyed by an id (``messages``), the unit words
(``units``: singular and plural), the scale words for millions and more (``scales``) and the
verdict labels. German is a second catalog with the same keys.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
LOCALES = {"en": "en_GB", "de": "de_DE"}


@lru_cache(maxsize=None)
def catalog(lang: str = "en") -> dict[str, Any]:
    path = CATALOG_DIR / f"{lang}.yaml"
    if not path.is_file():
        raise KeyError(f"no catalog for language {lang!r}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def message(key: str, lang: str = "en") -> str:
    """The template ``key`` of ``lang`` (a missing key is a bug: it raises)."""
    try:
        return catalog(lang)["messages"][key]
    except KeyError:
        raise KeyError(f"catalog {lang!r} has no message {key!r}") from None
