"""Named parameter sets in ``params/`` and how the verdicts change between them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from . import report
from .data import PROJECT_DIR

SCENARIO_DIR = PROJECT_DIR / "params"


def scenario_files(folder: Path = SCENARIO_DIR) -> dict[str, Path]:
    """Scenario name (file stem) -> path, defaults first."""
    files = {p.stem: p for p in sorted(folder.glob("*.yaml"))}
    return dict(sorted(files.items(), key=lambda kv: (kv[0] != "defaults", kv[0])))


def description(path: Path) -> str:
    return str((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("description", ""))


def verdict_matrix(folder: Path = SCENARIO_DIR) -> pd.DataFrame:
    """One row per claim, one column per scenario, the verdict in each cell."""
    cols = {}
    for name, path in scenario_files(folder).items():
        run = report.run(params_file=str(path))
        cols[name] = {r.claim.id: r.verdict for r in run.results}
    return pd.DataFrame(cols)


def changes(matrix: pd.DataFrame, base: str = "defaults") -> pd.DataFrame:
    """Claims whose verdict differs from ``base`` in at least one scenario."""
    others = [c for c in matrix.columns if c != base]
    mask = matrix[others].ne(matrix[base], axis=0).any(axis=1)
    return matrix[mask]


def change_counts(matrix: pd.DataFrame, base: str = "defaults") -> pd.DataFrame:
    """Number of verdicts that differ from ``base``, per scenario."""
    return pd.DataFrame([{"scenario": c, "verdicts changed": int(matrix[c].ne(matrix[base]).sum()),
                          "claims": len(matrix)} for c in matrix.columns if c != base])
