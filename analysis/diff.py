"""Compare two runs claim by claim: ``python -m analysis diff A B``.

A side is one of:

- ``defaults``: the shipped parameters;
- ``set:NAME=VALUE[,NAME=VALUE...]``: ``--set`` values (comma-separated);
- a params file (``.yaml``/``.yml``), as ``--params`` takes it;
- a ``claims.json`` (``.json``) from ``verdicts --format json`` or a build's downloads, of this
  or an earlier version.

A claim is listed when its verdict, its recomputed interval (low, median, high) or its break-even
(parameter and value) differs, or when it exists on one side only. Figures are compared as the
book prints them (three significant figures, :func:`analysis.format.fmt`), so float noise is not a
change. Output is sorted by claim id and field and holds no time stamps or temporary paths:
the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from . import report, store
from .format import fmt
from .params import ParamError

FIELDS = ("verdict", "interval", "breakeven")


def _records(recs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in recs}


def load_side(arg: str) -> dict[str, dict[str, Any]]:
    """The claim records of one side (see the module docstring); ``ParamError`` (one line) for
    anything that is not a valid side."""
    if arg == "defaults":
        return _records(report.records(report.run()))
    if arg.startswith("set:"):
        sets = [s.strip() for s in arg[4:].split(",") if s.strip()]
        if not sets:
            raise ParamError(f"diff: {arg!r}: give NAME=VALUE after 'set:'")
        return _records(report.records(report.run(sets=sets)))
    path = Path(arg)
    if path.suffix in (".yaml", ".yml"):
        return _records(report.records(report.run(params_file=arg)))
    if path.suffix == ".json":
        return _claims_json(path)
    raise ParamError(f"diff: {arg!r} is not a side: use defaults, set:NAME=VALUE[,...], a .yaml params "
                     "file or a claims .json")


def _claims_json(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParamError(f"diff: {path}: no such file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ParamError(f"diff: {path}: not a readable JSON file ({type(exc).__name__})") from None
    if not isinstance(data, list) or not all(isinstance(r, dict) and "id" in r and "verdict" in r for r in data):
        raise ParamError(f"diff: {path}: expected a list of claim records with 'id' and 'verdict' "
                         "(verdicts --format json)")
    return _records(data)


def interval_text(rec: dict[str, Any]) -> str:
    iv = rec.get("recomputed")
    if not iv:
        return "none"
    return f"{fmt(iv.get('low'))} / {fmt(iv.get('central'))} / {fmt(iv.get('high'))} {iv.get('unit') or ''}".strip()


def breakeven_text(rec: dict[str, Any]) -> str:
    be = rec.get("breakeven")
    if not be:
        return "none"
    value = "none in range" if be.get("value") is None else fmt(be["value"], be.get("unit") or "")
    return f"{be['parameter']} = {value}"


def _field(rec: dict[str, Any] | None, field: str) -> str:
    if rec is None:
        return "(absent)"
    return {"verdict": lambda r: str(r["verdict"]), "interval": interval_text,
            "breakeven": breakeven_text}[field](rec)


def compare(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """Every changed field of every claim: claim, field, before (A) and after (B)."""
    rows = []
    for cid in sorted(set(a) | set(b)):
        for field in FIELDS:
            before, after = _field(a.get(cid), field), _field(b.get(cid), field)
            if before != after:
                rows.append({"claim": cid, "field": field, "before": before, "after": after})
    return rows


def summary(a: dict[str, Any], b: dict[str, Any], rows: list[dict[str, str]]) -> dict[str, int]:
    return {"claims": len(set(a) | set(b)), "differ": len({r["claim"] for r in rows}),
            **{f"{f}s" if f != "breakeven" else "breakevens": sum(r["field"] == f for r in rows) for f in FIELDS}}


def summary_line(s: dict[str, int]) -> str:
    return (f"{s['differ']} of {s['claims']} claims differ: {s['verdicts']} verdicts, "
            f"{s['intervals']} intervals, {s['breakevens']} break-evens")


def render(label_a: str, label_b: str, a: dict[str, Any], b: dict[str, Any], fmt_name: str = "table") -> str:
    """The comparison as ``table`` (plain text), ``json`` or ``csv``."""
    rows, s = compare(a, b), None
    s = summary(a, b, rows)
    if fmt_name == "json":
        return json.dumps({"a": label_a, "b": label_b, "summary": s, "changes": rows}, ensure_ascii=False,
                          indent=2, sort_keys=True)
    if fmt_name == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["claim", "field", "before", "after"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue().rstrip("\n")
    head = f"A: {label_a}\nB: {label_b}\n{summary_line(s)}"
    if not rows:
        return head
    return head + "\n\n" + report.table([[r["claim"], r["field"], r["before"], r["after"]] for r in rows],
                                        ["claim", "field", "before (A)", "after (B)"])


def scenario_changes(base: str = "defaults") -> dict[str, tuple[dict[str, int], list[dict[str, str]]]]:
    """Each shipped scenario (``params/*.yaml``) against ``base``: name -> (summary, changes).
    Independent of the build's own parameters, so the build keeps it (:mod:`analysis.store`)."""
    from .scenarios import scenario_files

    files = {name: path.read_text(encoding="utf-8") for name, path in scenario_files().items()}
    return store.cached(["scenario_changes", base, files], lambda: _scenario_changes(base))


def _scenario_changes(base: str) -> dict[str, tuple[dict[str, int], list[dict[str, str]]]]:
    from .scenarios import scenario_files

    a = load_side(base)
    out = {}
    for name, path in scenario_files().items():
        if name == base:
            continue
        b = load_side(str(path))
        rows = compare(a, b)
        out[name] = (summary(a, b, rows), rows)
    return out
