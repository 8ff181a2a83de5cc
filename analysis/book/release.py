"""The report's version and build date: what a citation names.

- Version: ``[project] version`` in ``pyproject.toml`` (one place; a release bumps it).
- Date: ``SOURCE_DATE_EPOCH`` if set (the reproducible-builds convention), else the date of the
  last commit, else ``undated``. Never the clock, so two builds of one commit are identical.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..checking.data import PROJECT_DIR

NAME = "factcheck-ai-compute-energy"
BASE_URL = "https://factcheck-ai.example/"
"""Where the published book is served: every stable address (claim anchors in citations and
ClaimReview ``url``) is this plus the page's path. ``.example`` is reserved for documentation:
set the real host here when the book is published (one place)."""


@dataclass(frozen=True)
class Release:
    name: str
    version: str
    date: str  # ISO 8601 day, or "undated"
    title: str  # the book's title and author, from _config.yml
    author: str
    day: str = ""  # the date as the edition's citations write it ("3. Dezember 2026"); ISO if empty

    @property
    def year(self) -> str:
        return self.date[:4] if self.date[:4].isdigit() else "n.d."


def version(root: Path = PROJECT_DIR) -> str:
    with open(root / "pyproject.toml", "rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def build_date(root: Path = PROJECT_DIR) -> str:
    """``SOURCE_DATE_EPOCH`` (UTC day), else the last commit's UTC day, else ``undated``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        try:
            epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                                   text=True, timeout=10, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            epoch = ""
    if not epoch.isdigit():
        return "undated"
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date().isoformat()


def current(root: Path = PROJECT_DIR) -> Release:
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return Release(NAME, version(root), build_date(root), str(config["title"]), str(config["author"]))
