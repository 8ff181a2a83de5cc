"""From three checks to one verdict, its reason, its sensitivity and its break-even value.

The rules (thresholds live in ``data/method.yaml``; the methodology page prints them):

1. consistency check fails -> ``self-contradictory`` (the document contradicts itself or cites
   work dated after its own date);
2. the source check is quantitative or a date:
   pass -> ``accurate`` (``misleading`` if the arithmetic check fails: the figure exists but the
   document's own numbers do not support it here); near -> ``mostly-accurate``; fail ->
   ``misleading`` if an alternative reading of the source (``alt``) passes, else ``inaccurate``;
3. the source check is evidence: supports / partial / contradicts -> ``accurate`` /
   ``misleading`` / ``inaccurate``;
4. no source check possible (or nothing found): arithmetic fail -> ``inaccurate`` (wrong by the document's own
   numbers), otherwise ``unverifiable``.

Where no primary source exists and the source check rests on third-party estimates (marked
``estimate: true``), agreement proves nothing: pass or near -> ``unverifiable`` (consistent with
the estimates); fail -> ``inaccurate`` as usual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .checks import (CHECK_KINDS, CheckResult, Context, quantity_at, refs_of, run_check, split_ref,
                     stated_midpoint, stated_range)
from .data import Claim
from .format import fmt, fmt_interval, fmt_pct

VERDICTS = ("accurate", "mostly-accurate", "misleading", "inaccurate", "self-contradictory",
            "unverifiable")


@dataclass
class Swing:
    """One bar of a tornado chart: the quantity at a parameter's low and high end."""

    parameter: str
    low_value: float
    high_value: float
    at_low: float
    at_high: float

    @property
    def width(self) -> float:
        return abs(self.at_high - self.at_low)


@dataclass
class BreakEven:
    """The dominant parameter's value at which the stated figure would be exact.

    ``inside`` allows the accuracy tolerance around the documented range, so that a fixed figure
    (low == high) counts as matched when the stated value is within tolerance of it.
    """

    parameter: str
    value: float | None
    unit: str
    low: float
    high: float
    tolerance: float = 0.0

    @property
    def inside(self) -> bool:
        return (self.value is not None
                and self.low * (1 - self.tolerance) <= self.value <= self.high * (1 + self.tolerance))

    def as_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "value": self.value, "unit": self.unit,
                "low": self.low, "high": self.high, "inside_range": self.inside}


@dataclass
class ClaimResult:
    claim: Claim
    checks: dict[str, CheckResult]
    verdict: str
    reason: str
    deciding: str | None
    tornado: list[Swing] = field(default_factory=list)
    breakeven: BreakEven | None = None

    @property
    def recomputed(self) -> CheckResult | None:
        return self.checks[self.deciding] if self.deciding else None


def decide(checks: dict[str, CheckResult]) -> tuple[str, str | None]:
    """Apply the rules of the module docstring; return (verdict, deciding check)."""
    ari, con, src = checks["arithmetic"], checks["consistency"], checks["source"]
    if con.status == "fail":
        return "self-contradictory", "consistency"
    if src.evidence and src.evidence != "none":
        return {"supports": "accurate", "partial": "misleading",
                "contradicts": "inaccurate"}[src.evidence], "source"
    if src.estimate and src.status in ("pass", "near"):
        return "unverifiable", "source"
    if src.status == "pass":
        return ("misleading" if ari.status == "fail" else "accurate"), "source"
    if src.status == "near":
        return ("misleading" if src.alt_status == "pass" else "mostly-accurate"), "source"
    if src.status == "fail":
        return ("misleading" if src.alt_status == "pass" else "inaccurate"), "source"
    if ari.status == "fail":
        return "inaccurate", "arithmetic"
    return "unverifiable", ("arithmetic" if ari.quantitative else "source")


def describe(claim: Claim, res: CheckResult) -> str:
    """One sentence with the numbers of a check."""
    if res.interval is not None:
        iv = res.interval
        lo, hi = stated_range(claim)
        stated = fmt(lo, iv.unit) if lo == hi else f"{fmt(lo)} to {fmt(hi, iv.unit)}"
        where = "inside" if res.gap == 0 else f"{fmt_pct(res.gap)} beyond"
        text = (f"recomputed {fmt_interval(iv)}; the stated {stated} lies {where} that range"
                f" ({fmt_pct(res.support)} of draws agree within tolerance)")
        if res.alt_interval is not None and res.alt_status == "pass":
            text += f"; it does match {fmt_interval(res.alt_interval)}"
        return text
    return res.summary or res.note


def reason_text(result: ClaimResult) -> str:
    c = result.checks
    first = result.deciding or "source"
    parts = [f"{first.capitalize()} check: {describe(result.claim, c[first])}."]
    note = c[first].note
    if note:
        parts.append(note.strip())
    if first != "source" and c["source"].status != "n/a" and c["source"].interval is not None:
        parts.append(f"Source check: {describe(result.claim, c['source'])}.")
    if result.verdict == "misleading" and first == "source" and c["arithmetic"].status == "fail":
        parts.append(f"Arithmetic check: {describe(result.claim, c['arithmetic'])}.")
    return " ".join(parts)


def one_at_a_time(spec: dict[str, Any], ctx: Context) -> list[Swing]:
    """One-at-a-time swings of each parameter across its 90 % interval, largest first."""
    swings = []
    for ref in refs_of(spec):
        kind, name = split_ref(ref)
        if kind != "param":
            continue
        p = ctx.params[name]
        swings.append(Swing(name, p.low, p.high, quantity_at(spec, ctx, {ref: p.low}),
                            quantity_at(spec, ctx, {ref: p.high})))
    return sorted(swings, key=lambda s: s.width, reverse=True)


def solve_breakeven(spec: dict[str, Any], ctx: Context, name: str, target: float) -> float | None:
    """Value of parameter ``name`` at which the quantity equals ``target`` (others central).

    Bisection in log space over [value / 1e4, value * 1e4] clipped to the allowed range;
    ``None`` when the quantity does not cross the target there.
    """
    p = ctx.params[name]
    ref = f"param:{name}"
    lo = max(p.value / 1e4, p.allowed[0])
    hi = min(p.value * 1e4, p.allowed[1])
    if not (lo > 0 and hi > lo):
        return None

    def f(x: float) -> float:
        return quantity_at(spec, ctx, {ref: x}) - target

    f_lo, f_hi = f(lo), f(hi)
    if f_lo == 0:
        return lo
    if math.copysign(1, f_lo) == math.copysign(1, f_hi):
        return None
    a, b = math.log(lo), math.log(hi)
    for _ in range(200):
        mid = (a + b) / 2
        f_mid = f(math.exp(mid))
        if math.copysign(1, f_mid) == math.copysign(1, f_lo):
            a, f_lo = mid, f_mid
        else:
            b = mid
    return float(f"{math.exp((a + b) / 2):.6g}")


def breakeven(claim: Claim, spec: dict[str, Any], swings: list[Swing], ctx: Context
              ) -> BreakEven | None:
    """What would have to be true: the dominant parameter's value that makes the claim exact."""
    params = [s for s in swings if s.width > 0] or swings
    if not params:
        return None
    name = params[0].parameter
    lo, hi = stated_range(claim)
    target = stated_midpoint(lo, hi)
    p = ctx.params[name]
    return BreakEven(name, solve_breakeven(spec, ctx, name, target), p.unit, p.low, p.high,
                     tolerance=float(ctx.registry.method["tolerance_accurate"]))


def evaluate_claim(claim: Claim, ctx: Context) -> ClaimResult:
    checks = {kind: run_check(claim, kind, ctx) for kind in CHECK_KINDS}
    verdict, deciding = decide(checks)
    result = ClaimResult(claim=claim, checks=checks, verdict=verdict, reason="", deciding=deciding)
    result.reason = reason_text(result)
    numeric = next((checks[k] for k in ("source", "arithmetic") if checks[k].quantitative), None)
    if numeric is not None:
        result.tornado = one_at_a_time(numeric.spec, ctx)
        result.breakeven = breakeven(claim, numeric.spec, result.tornado, ctx)
    return result
