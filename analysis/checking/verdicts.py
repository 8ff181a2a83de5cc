"""From three checks to one verdict, its sensitivity and its break-even value (the words
for them are :mod:`analysis.text.explain`'s).

The rules (thresholds live in ``data/method.yaml``; the methodology page prints them):

1. consistency check fails -> ``self-contradictory`` (two passages of the document cannot both
   be true as written); where it fails because the document cites or names work dated after its
   own date (an outside date shows it, not a second passage), the other rules decide and an
   ``accurate``, ``mostly-accurate`` or ``unverifiable`` becomes ``misleading``;
2. the source check is quantitative or a date:
   pass -> ``accurate`` (``misleading`` if the arithmetic check fails: the figure exists but the
   document's own numbers do not support it here); near -> ``misleading`` (10-30 % off; a date
   near -> ``mostly-accurate``); fail ->
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

from .checks import (CHECK_KINDS, CheckResult, Context, form, note_fields, quantity_at, refs_of, run_check, split_ref,
                     stated_midpoint, stated_range)
from .data import Claim

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
    """What would have to be true: the value of one assumption at which the claim holds.

    Only our estimates with an interval (``kind: assumption``) qualify, never a figure read from a
    source. ``value`` lies in the parameter's physical range, and fixing the parameter there
    (``--set NAME=VALUE``) makes the deciding check pass; ``None`` when no value in the physical
    range does. For a bound (at least / at most) ``side`` says which side of ``value`` keeps the
    claim true ("above" or "below"); for an approximate figure it is ``None`` (exact there).
    """

    parameter: str
    value: float | None
    unit: str
    low: float
    high: float
    allowed: tuple[float, float]
    side: str | None = None
    check: str = "source"

    @property
    def inside(self) -> bool:
        """Is the break-even value inside the parameter's documented 90 % range?"""
        return self.value is not None and self.low <= self.value <= self.high

    def as_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "value": self.value, "unit": self.unit,
                "low": self.low, "high": self.high, "inside_range": self.inside,
                "physical_range": [self.allowed[0], None if math.isinf(self.allowed[1]) else self.allowed[1]],
                "side": self.side, "check": self.check}


@dataclass
class ClaimResult:
    claim: Claim
    checks: dict[str, CheckResult]
    verdict: str
    deciding: str | None
    tornado: list[Swing] = field(default_factory=list)
    breakeven: BreakEven | None = None
    fields: dict[str, tuple[float, str]] = field(default_factory=dict)  # {NAME} of the claim's leads

    @property
    def recomputed(self) -> CheckResult | None:
        return self.checks[self.deciding] if self.deciding else None


def decide(checks: dict[str, CheckResult]) -> tuple[str, str | None]:
    """Apply the rules of the module docstring; return (verdict, deciding check)."""
    ari, con, src = checks["arithmetic"], checks["consistency"], checks["source"]
    if con.status == "fail" and form(con.spec) == "precedence":
        # work dated after the document's own date: an outside date shows it, not a second
        # passage, so it is no self-contradiction; a supported figure stands in a false frame
        verdict, deciding = decide({**checks, "consistency": CheckResult(kind="consistency", status="n/a", note="")})
        return ("misleading" if verdict in ("accurate", "mostly-accurate", "unverifiable") else verdict), deciding
    if con.status == "fail":
        return "self-contradictory", "consistency"
    if src.evidence and src.evidence != "none":
        return {"supports": "accurate", "partial": "misleading",
                "contradicts": "inaccurate"}[src.evidence], "source"
    if src.estimate and src.status in ("pass", "near"):
        return "unverifiable", "source"
    if src.status == "pass":
        return ("misleading" if ari.status == "fail" else "accurate"), "source"
    if src.status == "near":  # 10-30 % off is misleading; a date a few weeks off is a detail
        dated = form(src.spec) == "date"
        return ("mostly-accurate" if dated and src.alt_status != "pass" else "misleading"), "source"
    if src.status == "fail":
        return ("misleading" if src.alt_status == "pass" else "inaccurate"), "source"
    if ari.status == "fail":
        return "inaccurate", "arithmetic"
    return "unverifiable", ("arithmetic" if ari.quantitative else "source")


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

    Bisection in log space over the parameter's physical range, narrowed to [value / 1e6,
    value * 1e6]; ``None`` when the quantity does not cross the target there.
    """
    p = ctx.params[name]
    ref = f"param:{name}"
    lo = max(p.value / 1e6, p.allowed[0])
    hi = min(p.value * 1e6, p.allowed[1])
    if lo <= 0:
        lo = min(p.value, p.low) / 1e6 if min(p.value, p.low) > 0 else 0.0
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
    x = math.exp((a + b) / 2)
    if p.whole:  # --set accepts only whole numbers here
        return float(max(round(x), 1))
    if p.unit == "count" and x >= 0.5:  # a count the data does not mark whole: still read as one
        return float(round(x))
    return float(f"{x:.4g}")


def _passes_with(claim: Claim, kind: str, ctx: Context, name: str, value: float) -> bool:
    """Does the check pass when the parameter is fixed at ``value``, exactly as ``--set`` does?"""
    from .params import ParamError, apply_overrides

    try:
        params = apply_overrides(ctx.params, {name: value}, "break-even")
    except ParamError:  # outside the allowed range, or a fraction of a count
        return False
    fixed = Context(registry=ctx.registry, params=params, n_draws=ctx.n_draws, seed=ctx.seed)
    return run_check(claim, kind, fixed).status == "pass"


def _side(spec: dict[str, Any], ctx: Context, name: str, value: float, relation: str) -> str | None:
    """For a bound: whether the claim holds above or below the break-even value."""
    if relation == "approx":
        return None
    ref = f"param:{name}"
    rising = quantity_at(spec, ctx, {ref: value * 1.01}) > quantity_at(spec, ctx, {ref: value})
    return "above" if rising == (relation == "at_least") else "below"


def assumptions(swings: list[Swing], ctx: Context) -> list[str]:
    """The swung parameters that are our estimates (``kind: assumption``) with an interval,
    largest one-at-a-time swing first. A documented figure (a model's named size, a published
    token count, the 6 of 6ND) is never solved for: a verdict cannot hinge on a fact."""
    return [s.parameter for s in swings
            if ctx.params[s.parameter].kind == "assumption" and ctx.params[s.parameter].low < ctx.params[s.parameter].high]


def _target(claim: Claim, spec: dict[str, Any]) -> float:
    """The stated figure a break-even solves for: the bound of a bound, else the midpoint."""
    lo, hi = stated_range(claim)
    return {"at_least": lo, "at_most": hi}.get(spec.get("relation", claim.relation), stated_midpoint(lo, hi))


def breakeven_of(result: ClaimResult, name: str, ctx: Context) -> float | None:
    """The value of parameter ``name`` at which the deciding check's quantity meets the stated
    figure, the other parameters central (as :func:`breakeven` solves it); ``None`` when the
    claim has no numeric deciding check, does not use ``name``, or never meets the figure."""
    decider = result.checks.get(result.deciding) if result.deciding else None
    if decider is None or not decider.quantitative or f"param:{name}" not in refs_of(decider.spec):
        return None
    value = solve_breakeven(decider.spec, ctx, name, _target(result.claim, decider.spec))
    return value if value is not None and ctx.params[name].is_allowed(value) else None


def breakeven(claim: Claim, kind: str, spec: dict[str, Any], swings: list[Swing], ctx: Context
              ) -> BreakEven | None:
    """The first assumption, by swing, whose value in its physical range makes the deciding
    check pass; ``value=None`` (for the largest) when none does; ``None`` with no assumption."""
    names = assumptions(swings, ctx)
    if not names:
        return None
    relation = spec.get("relation", claim.relation)
    target = _target(claim, spec)
    for name in names:
        p = ctx.params[name]
        value = solve_breakeven(spec, ctx, name, target)
        if value is not None and p.is_allowed(value) and _passes_with(claim, kind, ctx, name, value):
            return BreakEven(name, value, p.unit, p.low, p.high, p.allowed,
                             _side(spec, ctx, name, value, relation), kind)
    p = ctx.params[names[0]]
    return BreakEven(names[0], None, p.unit, p.low, p.high, p.allowed, None, kind)


def evaluate_claim(claim: Claim, ctx: Context, detail: bool = True) -> ClaimResult:
    """The three checks and the verdict; with ``detail``, also the tornado and the
    break-even (without: the same verdict and interval, for the what-if grids)."""
    checks = {kind: run_check(claim, kind, ctx) for kind in CHECK_KINDS}
    verdict, deciding = decide(checks)
    result = ClaimResult(claim=claim, checks=checks, verdict=verdict, deciding=deciding)
    if not detail:
        return result
    result.fields = note_fields(" ".join(claim.lead.values()), ctx)
    numeric = next((checks[k] for k in ("source", "arithmetic") if checks[k].quantitative), None)
    if numeric is not None:
        result.tornado = one_at_a_time(numeric.spec, ctx)
    if deciding and checks[deciding].quantitative:
        decider = checks[deciding]
        swings = result.tornado if decider is numeric else one_at_a_time(decider.spec, ctx)
        result.breakeven = breakeven(claim, deciding, decider.spec, swings, ctx)
    return result
