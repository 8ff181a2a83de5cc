"""The three checks of a claim: arithmetic, consistency and source.

A check is described in ``data/claims/*.yaml`` and evaluated here. Its kind follows from its
keys:

* ``ref`` or ``fn`` + ``args`` - *quantitative*: a quantity is sampled (parameters from their 90 %
  intervals, the documents' own numbers uniformly over their stated range) and the claim's stated
  value is compared with its 90 % interval;
* ``date`` (a source id) or ``date_figure`` (a dated figure) - the stated date against a source's;
* ``precedes_document`` (source ids) - a cited work must not be dated after the document citing it;
* ``seed_count`` (a regular expression) - a count of matches in the document itself;
* ``url`` (the address as printed) with ``sources`` - is it well formed, and how does it differ
  from the source's real address;
* ``evidence`` - what a source says of a non-numeric statement: supports / partial / contradicts /
  none (nothing found);
* only ``note`` - the check does not apply (the note says why).

References inside ``ref``/``args``: ``param:NAME`` (a parameter), ``claim:ID`` (another claim's
stated value) or ``claim:ID.INPUT`` (a number listed under that claim's ``stated.inputs``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..models import arith, compute, data_volume, efficiency, energy, finetune, prices, robotics  # noqa: F401  (register formulas)
from .citations import repair
from .footprint import NOTE_FIELD, RUN_FIELDS
from .data import Claim, Parameter, Registry
from ..models.formulas import FORMULAS
from .uncertainty import Interval, sample, sample_range, summarize

CHECK_KINDS = ("arithmetic", "consistency", "source")
QUANTILE_NOISE = 1e-3  # gaps below 0.1 % are sampling noise in the interval's end points
EVIDENCE = ("supports", "partial", "contradicts", "none")


class CheckError(ValueError):
    """A claim's check is malformed (names the claim and the check)."""


@dataclass
class Context:
    """Parameters in force (defaults plus overrides) and the sampling settings of one run."""

    registry: Registry
    params: dict[str, Parameter]
    n_draws: int
    seed: int
    _cache: dict[str, np.ndarray] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the draws (about 25 MB): they are redrawn, identically, on demand."""
        return {**self.__dict__, "_cache": {}}

    def samples(self, ref: str) -> np.ndarray:
        kind, name = split_ref(ref)
        if kind == "param" and ref in self._cache:
            self.params[name]  # noqa: B018 (a cached draw still reads the parameter)
        if ref not in self._cache:
            if kind == "param":
                self._cache[ref] = sample(self.params[name], self.n_draws, self.seed)
            else:
                lo, hi = self._claim_range(name)
                self._cache[ref] = sample_range(ref, lo, hi, self.n_draws, self.seed)
        return self._cache[ref]

    def central(self, ref: str) -> float:
        kind, name = split_ref(ref)
        if kind == "param":
            return self.params[name].value
        lo, hi = self._claim_range(name)
        return (lo + hi) / 2

    def unit(self, ref: str) -> str:
        kind, name = split_ref(ref)
        if kind == "param":
            return self.params[name].unit
        cid, _, field_name = name.partition(".")
        stated = self.registry.claims[cid].stated
        if field_name:
            return str(stated["inputs"][field_name].get("unit", ""))
        return str(stated.get("unit", ""))

    def _claim_range(self, name: str) -> tuple[float, float]:
        """A claim's stated range, or one of its named ``inputs`` (``claim:ID.input``)."""
        cid, _, field_name = name.partition(".")
        claim = self.registry.claims[cid]
        if not field_name:
            return stated_range(claim)
        raw = claim.stated["inputs"][field_name]
        if "value" in raw:
            return float(raw["value"]), float(raw["value"])
        return float(raw["low"]), float(raw["high"])


def split_ref(ref: str) -> tuple[str, str]:
    kind, _, name = ref.partition(":")
    if kind not in ("param", "claim") or not name:
        raise CheckError(f"bad reference {ref!r}: use param:NAME or claim:ID")
    return kind, name


def stated_range(claim: Claim) -> tuple[float, float]:
    """(low, high) of a numeric stated value; a point value gives low == high."""
    st = claim.stated
    if "value" in st:
        return float(st["value"]), float(st["value"])
    if "low" in st and "high" in st:
        return float(st["low"]), float(st["high"])
    raise CheckError(f"{claim.id}: stated has no numeric value")


def date_range(text: str) -> tuple[dt.date, dt.date]:
    """'2025', '2025-03' or '2025-03-14' as the first and last day it covers."""
    parts = [int(p) for p in str(text).split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
    day = dt.date(*parts)
    return day, day


@dataclass
class CheckResult:
    """Outcome of one check. ``gap`` is the relative distance between stated and recomputed
    values (0 when they agree, 0.2 when the stated value is 20 % beyond the interval)."""

    kind: str
    status: str
    note: str
    interval: Interval | None = None
    gap: float | None = None
    support: float | None = None
    alt_status: str | None = None
    alt_interval: Interval | None = None
    evidence: str | None = None
    estimate: bool = False
    relation: str = "approx"
    details: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    spec: dict[str, Any] = field(default_factory=dict)
    samples: np.ndarray | None = None

    @property
    def quantitative(self) -> bool:
        return self.interval is not None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status}
        if self.interval is not None:
            out["recomputed"] = self.interval.as_dict()
            out["gap"] = _round(self.gap)
            out["support"] = _round(self.support)
        if self.evidence:
            out["evidence"] = self.evidence
        if self.sources:
            out["sources"] = self.sources
        return out


def _round(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(float(x), digits)


def stated_midpoint(lo: float, hi: float) -> float:
    """Centre of a stated range on a log scale (geometric mean); arithmetic mean if not positive."""
    return math.sqrt(lo * hi) if lo > 0 and hi > 0 else (lo + hi) / 2


def _beyond(big: float, small: float) -> float:
    """(big / small) - 1 when big exceeds small, else 0 (inf when small is not positive)."""
    if small <= 0:
        return math.inf if big > small else 0.0
    return max(big / small - 1.0, 0.0)


def _outside(x_lo: float, x_hi: float, r_lo: float, r_hi: float) -> float:
    return max(_beyond(x_lo, r_hi), _beyond(r_lo, x_hi))


def approx_gaps(lo: float, hi: float, ref: Interval) -> tuple[float, float]:
    """The two distances of the approx rule: (stated midpoint against the recomputed interval,
    recomputed median against the stated range); each is 0 when it holds."""
    mid = stated_midpoint(lo, hi)
    return (_outside(mid, mid, ref.low, ref.high), _outside(ref.central, ref.central, lo, hi))


def relative_gap(lo: float, hi: float, ref: Interval, relation: str) -> float:
    """Multiplicative distance between the stated range [lo, hi] and the 90 % interval of ``ref``.

    approx: the smaller of the two :func:`approx_gaps`: the stated range's midpoint (geometric
    mean of its ends, ranges being read on a log scale) against the interval, and the recomputed
    median against the stated range. Outside, the distance is (larger / smaller) - 1;
    at_least (the claim says the true value is at least ``lo``): 0 if the median >= lo;
    at_most (the claim says the true value is at most ``hi``): 0 if the median <= hi.
    Distances below ``QUANTILE_NOISE`` count as 0.
    """
    if relation == "at_least":
        gap = _beyond(lo, ref.central)
    elif relation == "at_most":
        gap = _beyond(ref.central, hi)
    else:
        gap = min(approx_gaps(lo, hi, ref))
    return 0.0 if gap < QUANTILE_NOISE else gap


def support_fraction(samples: np.ndarray, lo: float, hi: float, relation: str,
                     tolerance: float) -> float:
    """Share of sampled values that agree with the claim within ``tolerance``."""
    lo_ok = samples >= lo * (1 - tolerance)
    hi_ok = samples <= hi * (1 + tolerance)
    if relation == "at_least":
        ok = lo_ok
    elif relation == "at_most":
        ok = hi_ok
    else:
        ok = lo_ok & hi_ok
    return float(np.mean(ok))


def status_for_gap(gap: float, method: dict[str, Any]) -> str:
    if gap <= method["tolerance_accurate"]:
        return "pass"
    if gap <= method["tolerance_mostly"]:
        return "near"
    return "fail"


def quantity(spec: dict[str, Any], ctx: Context, where: str) -> tuple[np.ndarray, str]:
    """Sample the quantity a check describes: ``ref`` or ``fn`` applied to ``args``."""
    if "ref" in spec:
        return ctx.samples(spec["ref"]), ctx.unit(spec["ref"])
    if "seed_count" in spec:
        seed_text = ctx.registry.seeds[spec["seed"]].text
        count = len(re.findall(spec["seed_count"], seed_text))
        return np.full(ctx.n_draws, float(count)), "count"
    name = spec.get("fn")
    if name not in FORMULAS:
        raise CheckError(f"{where}: unknown formula {name!r}")
    f = FORMULAS[name]
    kwargs = {k: ctx.samples(v) for k, v in (spec.get("args") or {}).items()}
    try:
        out = f.fn(**kwargs)
    except TypeError as exc:
        raise CheckError(f"{where}: {name} arguments: {exc}") from None
    args = list((spec.get("args") or {}).values())
    unit = ctx.unit(args[0]) if f.unit == "same" and args else f.unit
    return np.broadcast_to(np.asarray(out, dtype=float), (ctx.n_draws,)), unit


def quantity_at(spec: dict[str, Any], ctx: Context, values: dict[str, float]) -> float:
    """Evaluate a check's quantity at single values (central unless given in ``values``)."""
    def at(ref: str) -> float:
        return values.get(ref, ctx.central(ref))

    if "ref" in spec:
        return at(spec["ref"])
    f = FORMULAS[spec["fn"]]
    return float(f.fn(**{k: at(v) for k, v in (spec.get("args") or {}).items()}))


def refs_of(spec: dict[str, Any]) -> list[str]:
    if "ref" in spec:
        return [spec["ref"]]
    return list((spec.get("args") or {}).values())


def _check_quantitative(claim: Claim, kind: str, spec: dict[str, Any], ctx: Context) -> CheckResult:
    method = ctx.registry.method
    where = f"{claim.id} {kind}"
    samples, unit = quantity(spec, ctx, where)
    interval = summarize(samples, unit)
    lo, hi = stated_range(claim)
    relation = spec.get("relation", claim.relation)
    gap = relative_gap(lo, hi, interval, relation)
    res = CheckResult(kind=kind, status=status_for_gap(gap, method), note=spec.get("note", ""),
                      interval=interval, gap=gap, sources=list(spec.get("sources") or []),
                      support=support_fraction(samples, lo, hi, relation,
                                               method["tolerance_accurate"]),
                      spec=spec, samples=samples, estimate=bool(spec.get("estimate", False)),
                      relation=relation)
    if "alt" in spec:
        alt_samples, alt_unit = quantity(spec["alt"], ctx, where + " alt")
        res.alt_interval = summarize(alt_samples, alt_unit)
        res.alt_status = status_for_gap(relative_gap(lo, hi, res.alt_interval, relation), method)
    return res


def _check_date(claim: Claim, kind: str, spec: dict[str, Any], ctx: Context) -> CheckResult:
    reg = ctx.registry
    if "date_figure" in spec:
        fig = reg.dates[spec["date_figure"]]
        ref_text, src_id = str(fig.value), fig.source_id
    else:
        src_id = spec["date"]
        ref_text = reg.sources[src_id].published or ""
    ref_lo, ref_hi = date_range(ref_text)
    st_lo, st_hi = date_range(claim.stated["date_low"])[0], date_range(claim.stated["date_high"])[1]
    if ref_hi < st_lo:
        days = (st_lo - ref_hi).days
    elif ref_lo > st_hi:
        days = (ref_lo - st_hi).days
    else:
        days = 0
    status = "pass" if days == 0 else ("near" if days <= reg.method["date_near_days"] else "fail")
    details = {"source_dates": (ref_lo, ref_hi), "stated_dates": (st_lo, st_hi),
               "source_first": ref_hi < st_lo}
    return CheckResult(kind=kind, status=status, note=spec.get("note", ""), details=details,
                       gap=float(days), sources=list(spec.get("sources") or [src_id]), spec=spec)


def _check_precedence(claim: Claim, kind: str, spec: dict[str, Any], ctx: Context) -> CheckResult:
    reg = ctx.registry
    doc_date = reg.seeds[claim.seed].date
    later = [(sid, reg.sources[sid].published) for sid in spec["precedes_document"]
             if reg.sources[sid].published and date_range(reg.sources[sid].published)[0] > doc_date]
    status = "fail" if later else "pass"
    return CheckResult(kind=kind, status=status, note=spec.get("note", ""),
                       sources=list(spec["precedes_document"]), spec=spec,
                       details={"document_date": doc_date, "later": later})


def _check_evidence(claim: Claim, kind: str, spec: dict[str, Any], ctx: Context) -> CheckResult:
    ev = spec["evidence"]
    if ev not in EVIDENCE:
        raise CheckError(f"{claim.id} {kind}: evidence must be one of {EVIDENCE}")
    status = {"supports": "pass", "partial": "near", "contradicts": "fail", "none": "n/a"}[ev]
    return CheckResult(kind=kind, status=status, note=spec.get("note", ""), evidence=ev,
                       sources=list(spec.get("sources") or []), spec=spec)


def _check_url(claim: Claim, kind: str, spec: dict[str, Any], ctx: Context) -> CheckResult:
    """Does each printed address point to the work cited, once the damage of our copy's text
    extraction is undone (:func:`analysis.checking.citations.repair`)? pass: it does, or (with no
    stored copy to compare) it is well formed; fail: it points elsewhere or is not an address."""
    printed = spec["url"] if isinstance(spec["url"], list) else [spec["url"]]
    actual = [ctx.registry.sources[sid].url or "" for sid in spec["sources"]]
    addresses = []
    for shown, real in zip(printed, actual):
        artefacts, repaired, points = repair(shown, real or None)
        addresses.append({"printed": shown, "repaired": repaired, "real": real or None,
                          "artefacts": list(artefacts), "points": points})
    status = "fail" if any(a["points"] is False for a in addresses) else "pass"
    return CheckResult(kind=kind, status=status, note=spec.get("note", ""), sources=list(spec["sources"]),
                       spec=spec, details={"addresses": addresses})


def note_fields(note: str, ctx: Context) -> dict[str, tuple[float, str]]:
    """The parameters a note names as ``{NAME}`` fields, with their values in force and units
    (the words fill them in: a number that depends on a parameter is never typed in a note)."""
    out = {}
    for name in NOTE_FIELD.findall(note):
        if name in RUN_FIELDS:
            continue
        if name not in ctx.params:
            raise CheckError(f"note field {{{name}}} names no parameter")
        out[name] = (float(ctx.params[name].value), ctx.params[name].unit)
    return out


def run_check(claim: Claim, kind: str, ctx: Context) -> CheckResult:
    """Evaluate one of a claim's three checks."""
    res = _run_check(claim, kind, ctx)
    res.details["note_fields"] = note_fields(res.note, ctx)
    return res


def form(spec: dict[str, Any]) -> str:
    """What a check does, from its keys (module docstring): ``quantitative``, ``address``,
    ``date``, ``precedence``, ``evidence`` or ``reading`` (only a note)."""
    if "ref" in spec or "fn" in spec or "seed_count" in spec:
        return "quantitative"
    if "url" in spec:
        return "address"
    if "date" in spec or "date_figure" in spec:
        return "date"
    if "precedes_document" in spec:
        return "precedence"
    if "evidence" in spec:
        return "evidence"
    return "reading"


def _run_check(claim: Claim, kind: str, ctx: Context) -> CheckResult:
    spec = claim.checks.get(kind)
    if spec is None:
        raise CheckError(f"{claim.id}: the {kind} check is missing")
    if "seed_count" in spec:
        spec = {**spec, "seed": spec.get("seed", claim.seed)}
    evaluate = {"quantitative": _check_quantitative, "address": _check_url, "date": _check_date,
                "precedence": _check_precedence, "evidence": _check_evidence}.get(form(spec))
    if evaluate is not None:
        return evaluate(claim, kind, spec, ctx)
    if not spec.get("note"):
        raise CheckError(f"{claim.id}: the {kind} check needs a note saying why it does not apply")
    return CheckResult(kind=kind, status="n/a", note=spec["note"],
                       sources=list(spec.get("sources") or []), spec=spec)
