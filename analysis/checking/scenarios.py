"""Named parameter sets in ``params/`` (how verdicts change between them: :mod:`analysis.book.diff`)."""

from __future__ import annotations

from pathlib import Path

import yaml

from .data import PROJECT_DIR

SCENARIO_DIR = PROJECT_DIR / "params"


def scenario_files(folder: Path = SCENARIO_DIR) -> dict[str, Path]:
    """Scenario name (file stem) -> path, defaults first."""
    files = {p.stem: p for p in sorted(folder.glob("*.yaml"))}
    return dict(sorted(files.items(), key=lambda kv: (kv[0] != "defaults", kv[0])))


def description(path: Path, lang: str = "en") -> str:
    """What a scenario assumes, in ``lang`` (``description_<lang>`` in the file, else English)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return str(data.get(f"description_{lang}") or data.get("description", ""))
