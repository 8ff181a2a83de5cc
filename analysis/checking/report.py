"""Run every registered claim under one set of parameters (the run), and the plain JSON and
table writers its records use. The reader's words for a result are in :mod:`analysis.text`."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from collections.abc import Callable, Iterable
from typing import Any

from . import footprint
from . import params as params_mod
from .checks import Context
from .data import Parameter, Registry, load
from .verdicts import VERDICTS, ClaimResult, evaluate_claim


@dataclass
class Run:
    """One evaluation of all claims under one set of parameters.

    ``params`` and ``results`` note what a page reads (:mod:`analysis.checking.footprint`), so that the
    build can tell which pages a parameter change affects; ask for one claim with ``result``
    and one family with ``family`` rather than scanning ``results``.
    """

    registry: Registry
    params: footprint.TrackedParams
    given: dict[str, Any]
    results: footprint.TrackedResults
    ctx: Context

    @property
    def seed(self) -> int:
        return self.ctx.seed

    @property
    def n_draws(self) -> int:
        return self.ctx.n_draws

    @property
    def overrides(self) -> dict[str, Any]:
        """The overrides as given (``--set`` values and scenario entries)."""
        footprint.note_all()
        return self.given

    def by_id(self) -> dict[str, ClaimResult]:
        return {r.claim.id: r for r in self.results}

    def result(self, claim_id: str) -> ClaimResult:
        for r in self.results.quietly():
            if r.claim.id == claim_id:
                footprint.note_claims([r.claim])
                return r
        raise KeyError(claim_id)

    def where(self, keep: Callable[[ClaimResult], bool]) -> list[ClaimResult]:
        """The results ``keep`` accepts (``keep`` must look only at the claim and its check
        specifications, which parameters cannot change)."""
        found = [r for r in self.results.quietly() if keep(r)]
        footprint.note_claims(r.claim for r in found)
        return found

    def family(self, name: str) -> list[ClaimResult]:
        return self.where(lambda r: r.claim.family == name)

    def changed(self, names: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Parameters that differ from the defaults (among ``names``, or all)."""
        if names is None:
            return params_mod.changed(self.registry.parameters, self.params)
        footprint.note(names)
        subset = {n: dict.__getitem__(self.params, n) for n in sorted(names)}
        return params_mod.changed(self.registry.parameters, subset)

    def verdict_changes(self, family: str | None = None) -> dict[str, tuple[str, str]]:
        """Claims (of ``family``, or all) whose verdict differs from the defaults' run:
        id -> (default, this run)."""
        mine = self.results if family is None else self.family(family)
        names = None if family is None else family_parameters(self.registry, family)
        if not self.changed(names):
            return {}
        base = {r.claim.id: r.verdict for r in run(registry=self.registry).results.quietly()}
        return {r.claim.id: (base[r.claim.id], r.verdict) for r in mine if base[r.claim.id] != r.verdict}

    def findings(self) -> list[ClaimResult]:
        """The landing page's findings: claims with a ``finding_rank``, in rank order."""
        ranked = [r for r in self.results if r.claim.finding_rank is not None]
        return sorted(ranked, key=lambda r: r.claim.finding_rank)


def family_parameters(reg: Registry, family: str) -> frozenset[str]:
    """Every parameter the checks of a family's claims refer to."""
    return frozenset().union(*(footprint.claim_parameters(c) for c in reg.claims.values()
                               if c.family == family))


_PRELOADED: dict[str, Run] = {}


def _memo_key(overrides: dict[str, Any] | None) -> str:
    return json.dumps(overrides or {}, sort_keys=True)


def preload(path: str) -> None:
    """Let ``run(...)`` return runs the build computed once (a pickled list of runs), instead of
    every notebook recomputing the same Monte Carlo. A run is found by what was given, however
    it was given (``overrides``, ``--set`` strings or a params file)."""
    import pickle

    with open(path, "rb") as fh:
        for r in pickle.load(fh):
            _PRELOADED[_memo_key(r.given)] = r


def validate(sets: list[str] | None = None, params_file: str | None = None
             ) -> tuple[dict[str, Parameter], dict[str, Any]]:
    """The parameters in force and the overrides as given, without running anything; raises
    :class:`analysis.checking.params.ParamError` (one line) for bad input."""
    return params_mod.resolve(load().parameters, sets, params_file)


def run(sets: list[str] | None = None, params_file: str | None = None,
        overrides: dict[str, Any] | None = None, registry: Registry | None = None,
        only: list[str] | None = None, detail: bool = True) -> Run:
    """Validate overrides, then evaluate every claim, or the claims in ``only`` (Monte Carlo
    with the recorded seed)."""
    reg = registry or load()
    current, given = params_mod.resolve(reg.parameters, sets, params_file)
    if overrides:
        current = params_mod.apply_overrides(current, overrides, "overrides")
        given.update(overrides)
    if only is None and _PRELOADED:
        hit = _PRELOADED.get(_memo_key(given))
        if hit is not None and (registry is None or registry is hit.registry):
            return hit
    current = footprint.TrackedParams(current)
    mc = reg.method["monte_carlo"]
    ctx = Context(registry=reg, params=current, n_draws=int(mc["n_draws"]), seed=int(mc["seed"]))
    results = [evaluate_claim(c, ctx, detail) for c in ordered_claims(reg) if only is None or c.id in only]
    return Run(reg, current, given, footprint.TrackedResults(results), ctx)


def page_run(namespace: dict[str, Any]) -> Run:
    """The run a notebook page shows, from its own namespace (``globals()`` in the cell after
    the parameters cell): papermill's ``-p NAME VALUE`` and the ``overrides`` mapping, validated
    as ``--set`` and a params file are (:func:`analysis.params.page_overrides`)."""
    return run(overrides=params_mod.page_overrides(namespace, load().parameters))


def ordered_claims(reg: Registry) -> list:
    """Claims in reading order: by document, then by family (book order), then as registered."""
    seeds, families = list(reg.seeds), list(reg.families)
    order = {cid: i for i, cid in enumerate(reg.claims)}
    return sorted(reg.claims.values(),
                  key=lambda c: (seeds.index(c.seed), families.index(c.family), order[c.id]))


def anchor(claim_id: str) -> str:
    """HTML id of a claim's discussion on its family page."""
    return "claim-" + claim_id.lower()


def page_of(reg: Registry, family: str) -> str:
    """The built HTML page that discusses a family's claims."""
    nb = reg.families[family]["notebook"]
    return nb.rsplit("/", 1)[-1].replace(".ipynb", ".html")


def claim_href(reg: Registry, claim_id: str) -> str:
    """A claim's discussion, relative to the notebooks' folder: "04_energy.html#claim-a-ene-02"."""
    return f"{page_of(reg, reg.claims[claim_id].family)}#{anchor(claim_id)}"


def counts(r: Run) -> dict[str, dict[str, int]]:
    """Verdict counts per seed file (every verdict listed, zeros included)."""
    out: dict[str, dict[str, int]] = {}
    for seed in r.registry.seeds:
        c = Counter(res.verdict for res in r.results if res.claim.seed == seed)
        out[seed] = {v: c.get(v, 0) for v in VERDICTS}
    return out


def _finite(obj: Any) -> Any:
    """JSON has no infinity or NaN: a figure that is not finite (a price that did not fall gives
    an infinite fall factor) is written as null."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def to_json(obj: Any) -> str:
    return json.dumps(_finite(obj), ensure_ascii=False, indent=2, sort_keys=False, allow_nan=False,
                      default=float)


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain fixed-width text table."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])
