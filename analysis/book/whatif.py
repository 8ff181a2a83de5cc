"""What-if widgets: each claim's verdict over a grid of one or two parameters, precomputed.

The page looks results up; it never recomputes. Every grid point is one
``report.run(overrides={..., name: value}, only=claims)``: the same code, and the same fixed
value, as ``python -m analysis verdicts --set name=value``, so the browser and the command line
cannot disagree. Which widgets exist, their claims, parameters and grid sizes are settings in
``data/method.yaml`` (``whatif``).

Grids: a slider spans the parameter's allowed range (or the ``span`` given for an open-ended one);
it is log-spaced when that range covers a factor of 20 or more. Grid values are rounded to three
significant figures (whole numbers for counts) so the command a reader copies is short, and the
parameter's default and 90 % interval ends are always grid points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..checking import footprint, report, store
from ..checking.data import Parameter

LOG_SPAN = 20.0  # a range covering this factor or more gets a log-spaced grid


@dataclass(frozen=True)
class Axis:
    """One slider: a parameter, its grid and its label."""

    param: Parameter
    values: tuple[float, ...]
    log: bool
    label: str

    def index(self, value: float) -> int:
        """The grid point nearest ``value`` (on the log scale for a log grid)."""
        key = (lambda v: math.log(v)) if self.log else (lambda v: v)
        return min(range(len(self.values)), key=lambda i: abs(key(self.values[i]) - key(value)))

    def text(self, i: int) -> str:
        """A grid value as ``--set`` takes it (and as the page shows it)."""
        return value_text(self.values[i], self.param.whole)


def value_text(x: float, whole: bool) -> str:
    return str(int(round(x))) if whole else f"{x:.6g}"


def _nice(x: float) -> float:
    return float(f"{x:.3g}")


def grid(p: Parameter, points: int, span: tuple[float, float] | None = None, label: str | None = None) -> Axis:
    """The slider's values: ``points`` spread over the allowed range (or ``span``), plus the
    default and the 90 % interval's ends."""
    lo, hi = span if span else p.allowed
    closed_lo, closed_hi = (True, True) if span else p.allowed_closed
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"whatif: {p.name} has an open-ended allowed range; give a span")
    if p.whole:  # the smallest and largest whole numbers the range allows
        lo = math.floor(lo) + 1 if not closed_lo and lo == math.floor(lo) else math.ceil(lo)
        hi = math.ceil(hi) - 1 if not closed_hi and hi == math.ceil(hi) else math.floor(hi)
        closed_lo = closed_hi = True
    log = lo > 0 and hi / lo >= LOG_SPAN
    raw = np.geomspace(lo, hi, points) if log else np.linspace(lo, hi, points)
    vals = {float(round(v)) if p.whole else _nice(float(v)) for v in raw} | {p.value, p.low, p.high}
    ok = [v for v in vals if (lo < v or (closed_lo and lo == v)) and (v < hi or (closed_hi and v == hi))]
    return Axis(p, tuple(sorted(ok)), log, label or p.label)


def _cell(run: report.Run, cid: str) -> dict[str, Any]:
    res = run.result(cid)
    iv = res.recomputed.interval if res.recomputed else None
    return {"verdict": res.verdict,
            "median": iv.central if iv else None, "low": iv.low if iv else None, "high": iv.high if iv else None}


def _overrides(base: dict[str, Any], axes: list[Axis], point: tuple[float | None, ...]) -> dict[str, Any]:
    out = dict(base)
    out.update({a.param.name: v for a, v in zip(axes, point) if v is not None})
    return out


def evaluate(claims: list[str], axes: list[Axis], base: dict[str, Any]) -> list[dict[str, dict[str, Any]]]:
    """One entry per grid point (first axis outer, second inner): claim id -> its cell."""
    seconds = axes[1].values if len(axes) > 1 else (None,)
    return [{cid: _cell(run, cid) for cid in claims}
            for x in axes[0].values for y in seconds
            for run in [report.run(overrides=_overrides(base, axes, (x, y)), only=claims, detail=False)]]


def breakevens(claim: str, axes: list[Axis], base: dict[str, Any]) -> list[float | None]:
    """Per value of the second slider (one entry without one): the first slider's value at which
    the claim's deciding check meets the stated figure (:func:`analysis.checking.verdicts.breakeven_of`);
    none along a documented figure, which the slider only explores."""
    from ..checking.verdicts import breakeven_of

    if axes[0].param.kind != "assumption":  # a documented figure is a fact: no break-even on it
        return [None] * (len(axes[1].values) if len(axes) > 1 else 1)
    out = []
    for y in (axes[1].values if len(axes) > 1 else (None,)):
        run = report.run(overrides=_overrides(base, axes, (None, y)), only=[claim], detail=False)
        out.append(breakeven_of(run.result(claim), axes[0].param.name, run.ctx))
    return out


@dataclass(frozen=True)
class Widget:
    id: str
    family: str
    claims: tuple[str, ...]
    axes: tuple[Axis, ...]
    base: dict[str, Any]  # the build's own overrides (scalars and {value, low, high})
    cells: tuple[dict[str, dict[str, Any]], ...]
    breakeven: tuple[float | None, ...]  # of the first claim, along the first axis, per second-axis value

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a.values) for a in self.axes)

    def flat(self, indices: tuple[int, ...]) -> int:
        """The position in ``cells`` of a grid point (first axis outer, second inner)."""
        return indices[0] * (self.shape[1] if len(self.shape) > 1 else 1) + (indices[1] if len(indices) > 1 else 0)

    def cell(self, indices: tuple[int, ...]) -> dict[str, dict[str, Any]]:
        return self.cells[self.flat(indices)]

    def base_sets(self) -> list[str]:
        """``--set`` arguments for the build's own scalar overrides of parameters not on a slider."""
        sliders = {a.param.name for a in self.axes}
        return [f"{n}={value_text(v, False)}" for n, v in sorted(self.base.items())
                if n not in sliders and not isinstance(v, dict)]

    def sets(self, indices: tuple[int, ...]) -> list[str]:
        """The ``--set`` arguments that reproduce one grid point on the command line."""
        return self.base_sets() + [f"{a.param.name}={a.text(i)}" for a, i in zip(self.axes, indices)]


def claim_overrides(run: report.Run, claims: list[str]) -> dict[str, Any]:
    """The build's overrides of the parameters these claims use (their results depend on no
    other), noted as read so the page is rebuilt when one of them changes."""
    names = set().union(*(footprint.claim_parameters(run.registry.claims[c]) for c in claims))
    footprint.note(names)
    return {n: v for n, v in sorted(run.given.items()) if n in names}


def _compute(spec: dict[str, Any], run: report.Run, base: dict[str, Any]) -> Widget:
    spans = {k: tuple(v) for k, v in (spec.get("span") or {}).items()}
    labels = spec.get("labels") or {}
    axes = [grid(run.params[name], int(n), spans.get(name), labels.get(name))
            for name, n in zip(spec["parameters"], spec["points"])]
    claims = list(spec["claims"])
    return Widget(spec["id"], spec["family"], tuple(claims), tuple(axes), base,
                  tuple(evaluate(claims, axes, base)), tuple(breakevens(claims[0], axes, base)))


def widgets(run: report.Run, family: str | None = None) -> list[Widget]:
    """The widgets of one family page (all with ``family=None``), computed under the run's
    own overrides."""
    out = []
    for spec in run.registry.method.get("whatif", []):
        if family is None or spec["family"] == family:
            base = claim_overrides(run, spec["claims"])
            out.append(store.cached(["whatif", spec, base], lambda spec=spec, base=base: _compute(spec, run, base)))
    return out


def significant(x: float | None, digits: int = 4) -> float | None:
    """``x`` to ``digits`` significant figures (page data need no more), ``None`` kept."""
    return None if x is None else float(f"{x:.{digits}g}")


def chart_rows(w: Widget) -> list[dict[str, Any]]:
    """The charted claim's median and interval at every grid point (``i``, ``j``: slider indices)."""
    first, nj = w.claims[0], (w.shape[1] if len(w.shape) > 1 else 1)
    return [{"i": k // nj, "j": k % nj, "x": w.axes[0].values[k // nj], "m": significant(c[first]["median"]),
             "l": significant(c[first]["low"]), "h": significant(c[first]["high"])}
            for k, c in enumerate(w.cells) if c[first]["median"] is not None]


def default_indices(w: Widget) -> tuple[int, ...]:
    return tuple(a.index(a.param.value) for a in w.axes)


def params_yaml(w: Widget, indices: tuple[int, ...]) -> str:
    """The selection as a params file (``--params``): the build's overrides of these claims'
    parameters and the sliders' values."""
    import yaml

    doc = dict(w.base)
    doc.update({a.param.name: (int(a.values[i]) if a.param.whole else a.values[i]) for a, i in zip(w.axes, indices)})
    return yaml.safe_dump(doc, sort_keys=True)
