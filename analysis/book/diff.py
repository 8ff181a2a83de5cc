"""Compare two runs claim by claim: ``python -m analysis diff A B [--format table|json|csv]``.

A side (A or B) is written as one of:

- ``defaults``: the shipped parameters, no overrides;
- ``set:NAME=VALUE[,NAME=VALUE...]``: what ``--set NAME=VALUE`` gives, as one argument; items are
  separated by commas (so decimals take a point: ``set:pue=1.3,household_kwh_de=4000``) and a
  name may appear once;
- a params file ending in ``.yaml`` or ``.yml``, as ``--params`` takes it;
- a file ending in ``.json`` holding the list of claim records that ``verdicts --format json``
  prints and the build offers as ``claims.json`` (of this or an earlier version; keys other than
  those compared, such as ``report_version``, are ignored).

Anything else, and any side that ``--set`` or ``--params`` would refuse, raises
:class:`~analysis.checking.params.ParamError` with one line naming the side (``diff B 'set:pue=9'``).

A claim is listed when its verdict, its recomputed interval (low, median, high and unit) or its
break-even (parameter and value) differs, or when it is on one side only (field ``claim``).
Figures are compared as the book prints them, to three significant figures
(:func:`analysis.text.format.fmt`), so float noise is not a change. A run side is compared as its
``claims.json`` would be (the same JSON round trip). Rows are sorted by claim id, then field;
the output holds the sides as given and no time stamps, so the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..text import records
from ..checking import report, store
from ..checking.data import load
from ..text.format import fmt
from ..checking.params import ParamError, apply_overrides, read_params_file
from ..checking.scenarios import scenario_files

Records = dict[str, dict[str, Any]]
Row = dict[str, str]
ScenarioChanges = dict[str, tuple[dict[str, int], list[Row]]]

FIELDS = ("verdict", "interval", "breakeven")
ABSENT = "(absent)"
SIDES = "defaults, set:NAME=VALUE[,NAME=VALUE...], a params .yaml file or a claims .json file"


def side(arg: str, which: str = "A") -> Callable[[], Records]:
    """Check one side (module docstring) now; the function returned gives its records by claim id."""
    where = f"diff {which} {arg!r}"
    suffix = Path(arg).suffix.lower()
    if arg == "defaults":
        overrides: dict[str, Any] = {}
    elif arg.startswith("set:"):
        overrides = parse_set_list(arg[len("set:"):], where)
    elif suffix in (".yaml", ".yml"):
        overrides = read_params_file(arg, where)
    elif suffix == ".json":
        recs = _claims_json(Path(arg), where)
        return lambda: recs
    else:
        raise ParamError(f"{where}: not a side; use {SIDES}")
    apply_overrides(load().parameters, overrides, where)
    return lambda: _run_records(overrides, where)


def load_side(arg: str, which: str = "A") -> Records:
    """The claim records of one side, by claim id."""
    return side(arg, which)()


def parse_set_list(text: str, where: str) -> dict[str, str]:
    """``NAME=VALUE[,NAME=VALUE...]`` -> overrides (values are validated with the parameters)."""
    out: dict[str, str] = {}
    for item in text.split(","):
        name, sep, value = (part.strip() for part in item.partition("="))
        if not sep or not name:
            raise ParamError(f"{where}: {item.strip()!r} is not NAME=VALUE (items are separated by "
                             "commas, so decimals take a point: set:pue=1.3,household_kwh_de=4000)")
        if name in out:
            raise ParamError(f"{where}: {name} is given twice")
        out[name] = value
    return out


def _run_records(overrides: dict[str, Any], where: str) -> Records:
    recs = records.records(report.run(overrides=overrides))
    return _index(json.loads(report.to_json(recs)), where)


def _claims_json(path: Path, where: str) -> Records:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParamError(f"{where}: no such file") from None
    except OSError as exc:
        raise ParamError(f"{where}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ParamError(f"{where}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ParamError(f"{where}: not valid JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(data, list) or not data:
        raise ParamError(f"{where}: expected a non-empty list of claim records "
                         "(what 'python -m analysis verdicts --format json' prints)")
    return _index(data, where)


def _number(x: Any) -> bool:
    return x is None or (isinstance(x, (int, float)) and not isinstance(x, bool))


def _text(x: Any) -> bool:
    return x is None or isinstance(x, str)


def _problem(rec: Any) -> str | None:
    """What keeps ``rec`` from being a claim record this module can compare, if anything."""
    if not isinstance(rec, dict) or not isinstance(rec.get("id"), str) or not isinstance(rec.get("verdict"), str):
        return "has no text 'id' and 'verdict'"
    iv, be = rec.get("recomputed"), rec.get("breakeven")
    if iv is not None and not (isinstance(iv, dict) and _text(iv.get("unit"))
                               and all(_number(iv.get(k)) for k in ("low", "central", "high"))):
        return "has a 'recomputed' that is not {low, central, high, unit}"
    if be is not None and not (isinstance(be, dict) and isinstance(be.get("parameter"), str)
                               and _number(be.get("value")) and _text(be.get("unit"))):
        return "has a 'breakeven' that is not {parameter, value, unit}"
    return None


def _index(recs: list[Any], where: str) -> Records:
    out: Records = {}
    for i, rec in enumerate(recs):
        problem = _problem(rec)
        if problem is None and rec["id"] in out:
            problem = "repeats its id"
        if problem:
            name = rec["id"] if isinstance(rec, dict) and isinstance(rec.get("id"), str) else f"#{i + 1}"
            raise ParamError(f"{where}: record {name} {problem}; expected the records that "
                             "'python -m analysis verdicts --format json' prints")
        out[rec["id"]] = rec
    return out


def interval_text(rec: dict[str, Any]) -> str:
    """``low / median / high unit`` to three significant figures, or ``none``."""
    iv = rec.get("recomputed")
    if not iv:
        return "none"
    return f"{fmt(iv['low'])} / {fmt(iv['central'])} / {fmt(iv['high'])} {iv.get('unit') or ''}".strip()


def breakeven_text(rec: dict[str, Any]) -> str:
    """``parameter = value unit`` to three significant figures, or ``none``."""
    be = rec.get("breakeven")
    if not be:
        return "none"
    value = "none in range" if be["value"] is None else fmt(be["value"], be.get("unit") or "")
    return f"{be['parameter']} = {value}"


TEXT: dict[str, Callable[[dict[str, Any]], str]] = {
    "verdict": lambda rec: rec["verdict"], "interval": interval_text, "breakeven": breakeven_text}


def _presence(rec: dict[str, Any] | None) -> str:
    return ABSENT if rec is None else f"present ({rec['verdict']})"


def compare(a: Records, b: Records) -> list[Row]:
    """Every difference, one row per claim and field: ``claim_id``, ``field``, ``before`` (A) and
    ``after`` (B). A claim on one side only is one row with field ``claim``."""
    rows = []
    for cid in sorted(set(a) | set(b)):
        if cid not in a or cid not in b:
            rows.append({"claim_id": cid, "field": "claim", "before": _presence(a.get(cid)),
                         "after": _presence(b.get(cid))})
            continue
        for field in FIELDS:
            before, after = TEXT[field](a[cid]), TEXT[field](b[cid])
            if before != after:
                rows.append({"claim_id": cid, "field": field, "before": before, "after": after})
    return rows


def summary(a: Records, b: Records, rows: list[Row]) -> dict[str, int]:
    """Counts: claims on either side, claims that differ, changed fields, claims on one side only."""
    n = Counter(r["field"] for r in rows)
    return {"claims": len(set(a) | set(b)), "differ": len({r["claim_id"] for r in rows}),
            "verdicts": n["verdict"], "intervals": n["interval"], "breakevens": n["breakeven"],
            "only_a": len(set(a) - set(b)), "only_b": len(set(b) - set(a))}


def summary_line(s: dict[str, int]) -> str:
    """``N of M claims differ: V verdicts, I intervals, B break-evens`` (and the one-sided claims)."""
    line = (f"{s['differ']} of {s['claims']} claims differ: {s['verdicts']} verdicts, "
            f"{s['intervals']} intervals, {s['breakevens']} break-evens")
    if s["only_a"] or s["only_b"]:
        line += f"; {s['only_a']} only in A, {s['only_b']} only in B"
    return line


def render(label_a: str, label_b: str, a: Records, b: Records, fmt_name: str = "table") -> str:
    """The comparison as ``table`` (plain text), ``json`` or ``csv``."""
    rows = compare(a, b)
    if fmt_name == "json":
        return json.dumps({"a": label_a, "b": label_b, "summary": summary(a, b, rows), "changes": rows},
                          ensure_ascii=False, indent=2, sort_keys=True)
    if fmt_name == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=["claim_id", "field", "before", "after"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    head = f"A: {label_a}\nB: {label_b}\n{summary_line(summary(a, b, rows))}"
    if not rows:
        return head
    return head + "\n\n" + report.table([[r["claim_id"], r["field"], r["before"], r["after"]] for r in rows],
                                        ["claim", "field", "before (A)", "after (B)"])


def cli(arg_a: str, arg_b: str, fmt_name: str = "table") -> str:
    """What ``python -m analysis diff A B --format FMT`` prints."""
    get_a, get_b = side(arg_a, "A"), side(arg_b, "B")  # both checked before either is run
    return render(arg_a, arg_b, get_a(), get_b(), fmt_name)


def scenario_changes(base: str = "defaults") -> ScenarioChanges:
    """Each shipped scenario (``params/*.yaml``) against ``base``: name -> (summary, rows).
    Independent of the build's own parameters, so the build keeps it (:mod:`analysis.checking.store`)."""
    files = {name: path.read_text(encoding="utf-8") for name, path in scenario_files().items()}
    return store.cached(["scenario_changes", base, files], lambda: _scenario_changes(base))


def _scenario_changes(base: str) -> ScenarioChanges:
    a = load_side(base)
    out = {}
    for name, path in scenario_files().items():
        if name != base:
            b = load_side(str(path), "B")
            rows = compare(a, b)
            out[name] = (summary(a, b, rows), rows)
    return out
