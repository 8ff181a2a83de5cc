"""The public record of each claim: the run's numbers with the sentences a reader sees.

What ``verdicts --format json|csv`` prints and the book offers as downloads; built from a
decided result (:mod:`analysis.checking.verdicts`) and worded by :mod:`analysis.text.explain`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from . import explain
from .local import topic
from ..checking.data import Registry
from ..checking.report import Run, claim_href
from ..checking.verdicts import ClaimResult


def stated_text(claim) -> str:
    """The stated figure as a reader writes it (see :func:`explain.stated_words`)."""
    return explain.stated_words(claim)


def record(res: ClaimResult, reg: Registry) -> dict[str, Any]:
    """The public JSON record of one claim."""
    c = res.claim
    urls = []
    for chk in res.checks.values():
        for sid in chk.sources:
            url = reg.sources[sid].url if sid in reg.sources else None
            if url and url not in urls:
                urls.append(url)
    rec: dict[str, Any] = {
        "id": c.id, "seed": c.seed, "family": c.family, "topic": topic(reg, c), "quote": c.quote,
        "english": c.english,
        "stated": {**{k: v for k, v in c.stated.items()}, "as_text": stated_text(c)},
        "relation": c.relation,
        "recomputed": res.recomputed.interval.as_dict() if res.recomputed and res.recomputed.interval else None,
        "verdict": res.verdict, "reason": explain.reason(res, reg),
        "support": (round(res.recomputed.support, 4)
                    if res.recomputed and res.recomputed.support is not None else None),
        "deciding_check": res.deciding,
        "checks": {k: {"status": v.status, "summary": explain.check_sentence(c, v, reg),
                       "note": explain.note(res, k, reg), **v.as_dict()} for k, v in res.checks.items()},
        "breakeven": res.breakeven.as_dict() if res.breakeven else None,
        "what_would_change_the_verdict": explain.breakeven_sentence(res, reg),
        "sources": urls,
        "source_ids": sorted({sid for chk in res.checks.values() for sid in chk.sources}),
        "page": claim_href(reg, c.id),
        "monte_carlo": {"seed": int(reg.method["monte_carlo"]["seed"]),
                        "draws": int(reg.method["monte_carlo"]["n_draws"])},
    }
    return rec


def records(r: Run, rel: Any = None) -> list[dict[str, Any]]:
    """Every claim's public record; with a release, stamped with its version and date (what
    the downloads and ``verdicts`` print; the notebooks use unstamped records)."""
    stamp = {"report_version": rel.version, "report_date": rel.date} if rel else {}
    return [{**record(res, r.registry), **stamp} for res in r.results]


CSV_FIELDS = ("id", "seed", "family", "verdict", "stated", "recomputed_low", "recomputed_central",
              "recomputed_high", "unit", "support", "breakeven_parameter", "breakeven_value",
              "breakeven_inside_range", "quote", "reason", "sources", "report_version", "report_date")


def to_csv(recs: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for rec in recs:
        rc, be = rec["recomputed"] or {}, rec["breakeven"] or {}
        w.writerow({
            "id": rec["id"], "seed": rec["seed"], "family": rec["family"], "verdict": rec["verdict"],
            "stated": rec["stated"]["as_text"], "recomputed_low": rc.get("low"),
            "recomputed_central": rc.get("central"), "recomputed_high": rc.get("high"),
            "unit": rc.get("unit"), "support": rec["support"],
            "breakeven_parameter": be.get("parameter"), "breakeven_value": be.get("value"),
            "breakeven_inside_range": be.get("inside_range"), "quote": rec["quote"],
            "reason": rec["reason"], "sources": " ".join(rec["sources"]),
            "report_version": rec.get("report_version"), "report_date": rec.get("report_date"),
        })
    return buf.getvalue()


