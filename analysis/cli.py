"""Command line: ``python -m analysis {build,verdicts,diff,notebooks,params}``.

Every user error (unknown parameter, bad value, malformed file) is reported as one line on
stderr with exit status 2, before any work starts.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from .text import records
from .book import release
from .checking import report
from .checking.checks import CheckError
from .checking.data import DataError, load
from .text.format import fmt
from .checking.params import ParamError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        self.exit(EXIT_USAGE, f"error: {message} (see 'python -m analysis --help')\n")


def _add_param_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", action="append", metavar="NAME=VALUE", default=[],
                   help="fix a parameter to a value (repeatable); see 'params' for names")
    p.add_argument("--params", metavar="FILE.yaml",
                   help="a scenario file of NAME: VALUE or NAME: {value, low, high}")


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    b = sub.add_parser("build", help="execute the notebooks and build the HTML book")
    _add_param_options(b)
    b.add_argument("--jobs", type=int, default=2, help="notebooks executed in parallel (default 2)")
    b.add_argument("--output", default="_build/html", help="where the book goes (default _build/html)")
    b.add_argument("--no-cache", action="store_true",
                   help="execute every notebook and rebuild every page (ignore _build/cache and _build/work)")
    b.add_argument("--pdf", action="store_true",
                   help="also print each edition to a PDF (needs Chromium), linked from its landing page")
    b.add_argument("--archive", action="store_true",
                   help="also write dist/<name>-<version>.tar.gz: the book, its downloads and the parameters")
    v = sub.add_parser("verdicts", help="recompute every claim and print the verdicts")
    _add_param_options(v)
    v.add_argument("--format", choices=("table", "json", "csv"), default="table")
    d = sub.add_parser("diff", help="compare two runs claim by claim (verdict, interval, break-even)")
    d.add_argument("a", help="defaults, set:NAME=VALUE[,NAME=VALUE...], a params .yaml or a claims .json")
    d.add_argument("b", help="the same kinds as A")
    d.add_argument("--format", choices=("table", "json", "csv"), default="table")
    nb = sub.add_parser("notebooks", help="maintainers: re-execute the notebooks in place (nbval baseline)")
    nb.add_argument("paths", nargs="*", help="notebooks to refresh (default: all in _toc.yml)")
    pa = sub.add_parser("params", help="list every parameter with its range and source")
    pa.add_argument("--format", choices=("table", "json"), default="table")
    return ap


def cmd_params(fmt_name: str) -> str:
    reg = load()
    rows = [{"name": p.name, "label": p.label, "kind": p.kind, "value": p.value, "unit": p.unit,
             "low": p.low, "high": p.high, "source": (reg.sources[p.source].url or p.source) if p.source in reg.sources else p.basis}
            for p in reg.parameters.values()]
    if fmt_name == "json":
        return report.to_json(rows)
    return report.table([[r["name"], r["kind"], fmt(r["value"]), r["unit"], fmt(r["low"]), fmt(r["high"]),
                          (r["source"] or "")[:70]] for r in rows],
                        ["name", "kind", "value", "unit", "low", "high", "source"])


def cmd_verdicts(args: argparse.Namespace) -> str:
    r = report.run(args.set, args.params)
    recs = records.records(r, release.current())
    if args.format == "json":
        return report.to_json(recs)
    if args.format == "csv":
        return records.to_csv(recs).rstrip("\n")
    rows = []
    for rec in recs:
        rc = rec["recomputed"]
        recomputed = (f"{fmt(rc['central'])} [{fmt(rc['low'])}, {fmt(rc['high'])}] {rc['unit']}"
                      if rc else "-")
        stated = rec["stated"]["as_text"]
        rows.append([rec["id"], rec["verdict"], stated if len(stated) <= 32 else stated[:29] + "...",
                     recomputed, rec["topic"][:48]])
    changed = ", ".join(f"{c['name']}={c['value']:g}" for c in r.changed()) or "none"
    head = (f"{len(recs)} claims; Monte Carlo seed {r.seed}, {r.n_draws} draws; "
            f"parameters changed from defaults: {changed}")
    return head + "\n" + report.table(rows, ["id", "verdict", "stated", "recomputed (median [90 %])", "topic"])


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "params":
            out = cmd_params(args.format)
        elif args.command == "verdicts":
            out = cmd_verdicts(args)
        elif args.command == "diff":
            from .book import diff
            out = diff.cli(args.a, args.b, args.format)
        elif args.command == "notebooks":
            from .pipeline.notebooks import refresh
            return refresh(args.paths)
        else:
            from .pipeline.build import build  # imported late: papermill is slow to import
            return build(args.set, args.params, jobs=args.jobs, output=args.output, use_cache=not args.no_cache,
                         archive=args.archive, pdf=args.pdf)
    except (ParamError, DataError, CheckError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(out)
    return 0
