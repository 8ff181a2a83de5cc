"""Load the project's data files: sources, parameters, claims, seeds and method settings.

Everything numeric that the report uses lives under ``data/``; this module only reads and
validates it. Nothing here computes a result.

Data flow: ``data/*.yaml`` -> :func:`load` -> :class:`Registry` (plain, frozen records).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_DIR / "data"
DISTRIBUTIONS = ("lognormal", "uniform", "fixed")


class DataError(ValueError):
    """A data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Figure:
    """One number (or date) as it stands in a source."""

    name: str
    value: float | str
    unit: str
    locator: str
    paraphrase: str
    source_id: str
    low: float | None = None
    high: float | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Source:
    """A document we read, with where it is and when we read it."""

    id: str
    title: str
    url: str | None
    published: str | None
    accessed: str | None
    primary: bool
    found: bool
    publisher: str | None = None
    read_via: str | None = None
    searched: str | None = None
    notes: str | None = None
    figures: tuple[Figure, ...] = ()


COUNT_UNITS = ("GPU", "episode", "step", "example", "node")
"""Units of things that come in whole numbers; a parameter in one of them (or marked
``whole: true`` in ``parameters/*.yaml``) accepts only whole values."""


@dataclass(frozen=True)
class Parameter:
    """An input of a computation: a central value and a 90 % interval (low, high).

    ``allowed`` is the physically meaningful range used to reject bad input; ``dist`` names the
    distribution fitted to the 90 % interval (see :mod:`analysis.checking.uncertainty`).
    """

    name: str
    value: float
    unit: str
    low: float
    high: float
    dist: str
    source: str | None
    basis: str
    allowed: tuple[float, float] = (0.0, math.inf)
    allowed_closed: tuple[bool, bool] = (False, True)
    label: str = ""
    whole: bool = False
    kind: str = "documented"

    def is_allowed(self, x: float) -> bool:
        lo, hi = self.allowed
        lo_ok = x >= lo if self.allowed_closed[0] else x > lo
        hi_ok = x <= hi if self.allowed_closed[1] else x < hi
        return lo_ok and hi_ok and math.isfinite(x) and (not self.whole or x == round(x))

    def allowed_text(self) -> str:
        lo, hi = self.allowed
        left = "[" if self.allowed_closed[0] else "("
        right = "]" if self.allowed_closed[1] and math.isfinite(hi) else ")"
        hi_s = "inf" if not math.isfinite(hi) else f"{hi:g}"
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} in {left}{lo:g}, {hi_s}{right} ({self.unit})"


@dataclass(frozen=True)
class Seed:
    file: str
    title: str
    date: dt.date
    kind: str
    text: str
    authors: tuple[tuple[str, str | None], ...] = ()  # (name, affiliation) as the document gives them


@dataclass(frozen=True)
class Claim:
    """A checkable statement, its stated value and the three checks that test it."""

    id: str
    seed: str
    family: str
    quote: str
    english: str
    stated: dict[str, Any]
    relation: str
    checks: dict[str, dict[str, Any]]
    topic: str = ""
    headline: bool = False
    finding_rank: int | None = None  # landing-page findings, in this order (1 first)
    lead: dict[str, str] = field(default_factory=dict)  # verdict -> the lead sentence (a template)
    reasoning: str = ""  # why the verdict is what it is, where it needed a judgement


@dataclass(frozen=True)
class Registry:
    sources: dict[str, Source]
    parameters: dict[str, Parameter]
    dates: dict[str, Figure]
    claims: dict[str, Claim]
    seeds: dict[str, Seed]
    method: dict[str, Any]
    families: dict[str, dict[str, Any]] = field(default_factory=dict)
    local: dict[str, "Local"] = field(default_factory=dict)  # language -> its reader text


@dataclass(frozen=True)
class Local:
    """The reader text of one edition's language other than English (``data/<lang>/``), keyed
    like the English records: per claim id its topic, leads and check notes; per source id how
    it was read, what was searched, notes and per figure its locator and paraphrase; per
    parameter its label and basis; and the method's verdict definitions and family titles.
    Numbers never live here: a number a run moves is a ``{field}``, as in English."""

    claims: dict[str, dict[str, Any]]
    sources: dict[str, dict[str, Any]]
    parameters: dict[str, dict[str, Any]]
    method: dict[str, Any]


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 (safe)
    except yaml.YAMLError as exc:
        raise DataError(f"{path.name}: not valid YAML ({exc.__class__.__name__})") from None


def _figure(raw: dict[str, Any], source_id: str) -> Figure:
    return Figure(
        name=raw["name"],
        value=raw["value"],
        unit=raw["unit"],
        locator=raw.get("locator", ""),
        paraphrase=raw.get("paraphrase", ""),
        source_id=source_id,
        low=raw.get("low"),
        high=raw.get("high"),
        quote=raw.get("quote"),
    )


def _source(raw: dict[str, Any]) -> Source:
    figs = tuple(_figure(f, raw["id"]) for f in raw.get("figures") or [])
    published = raw.get("published")
    return Source(
        id=raw["id"],
        title=raw["title"],
        url=raw.get("url"),
        published=str(published) if published else None,
        accessed=str(raw.get("accessed")) if raw.get("accessed") else None,
        primary=bool(raw.get("primary", False)),
        found=bool(raw.get("found", True)),
        publisher=raw.get("publisher"),
        read_via=raw.get("read_via"),
        searched=raw.get("searched"),
        notes=raw.get("notes"),
        figures=figs,
    )


def load_sources(data_dir: Path = DATA_DIR) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for path in sorted((data_dir / "sources").glob("*.yaml")):
        for raw in _read_yaml(path) or []:
            src = _source(raw)
            if src.id in sources:
                raise DataError(f"{path.name}: duplicate source id {src.id!r}")
            sources[src.id] = src
    return sources


def _resolve_number(value: Any, figures: dict[str, Figure], where: str) -> float:
    """A parameter field is either a number or the name of a source figure."""
    if isinstance(value, str):
        if value not in figures:
            raise DataError(f"{where}: refers to unknown figure {value!r}")
        return float(figures[value].value)
    return float(value)


PARAMETER_KINDS = ("assumption", "documented")


def _figure_parameter(fig: Figure) -> Parameter:
    value = float(fig.value)
    low = float(fig.low) if fig.low is not None else value
    high = float(fig.high) if fig.high is not None else value
    dist = "fixed" if low == high else "uniform"
    return Parameter(
        name=fig.name, value=value, unit=fig.unit, low=low, high=high, dist=dist,
        source=fig.source_id, basis=f"as stated in the source ({fig.locator})",
        allowed=(0.0, math.inf), label=fig.paraphrase, whole=fig.unit in COUNT_UNITS,
    )


def load_parameters(sources: dict[str, Source], data_dir: Path = DATA_DIR
                    ) -> tuple[dict[str, Parameter], dict[str, Figure]]:
    """Figures from sources become fixed parameters; ``parameters/*.yaml`` add the assumptions."""
    figures: dict[str, Figure] = {}
    for src in sources.values():
        for fig in src.figures:
            if fig.name in figures:
                raise DataError(f"sources: figure name {fig.name!r} used twice")
            figures[fig.name] = fig
    params: dict[str, Parameter] = {}
    dates: dict[str, Figure] = {}
    for name, fig in figures.items():
        if fig.unit == "date":
            dates[name] = fig
        else:
            params[name] = _figure_parameter(fig)
    raws = [(path.name, raw) for path in sorted((data_dir / "parameters").glob("*.yaml"))
            for raw in _read_yaml(path) or []]
    for file_name, raw in raws:
        name = raw["name"]
        where = f"parameters/{file_name}: {name}"
        if name in params:
            raise DataError(f"{where}: name already used by a source figure")
        value = _resolve_number(raw["value"], figures, where)
        low = _resolve_number(raw.get("low", raw["value"]), figures, where)
        high = _resolve_number(raw.get("high", raw["value"]), figures, where)
        allowed = tuple(float(x) for x in raw.get("allowed", [0, math.inf]))
        closed = tuple(bool(x) for x in raw.get("allowed_closed", [False, True]))
        dist = raw.get("dist", "fixed" if low == high else "lognormal")
        if dist not in DISTRIBUTIONS:
            raise DataError(f"{where}: dist must be one of {DISTRIBUTIONS}")
        if not low <= value <= high:
            raise DataError(f"{where}: needs low <= value <= high")
        if raw.get("source") and raw["source"] not in sources:
            raise DataError(f"{where}: unknown source {raw['source']!r}")
        whole = bool(raw.get("whole", raw["unit"] in COUNT_UNITS))
        if whole and any(x != round(x) for x in (value, low, high)):
            raise DataError(f"{where}: a count ({raw['unit']}) needs whole value, low and high")
        kind = raw.get("kind")
        if kind not in PARAMETER_KINDS:
            raise DataError(f"{where}: kind must be one of {PARAMETER_KINDS}")
        params[name] = Parameter(
            name=name, value=value, unit=raw["unit"], low=low, high=high, dist=dist,
            source=raw.get("source"), basis=raw.get("basis", ""), allowed=allowed,  # type: ignore[arg-type]
            allowed_closed=closed, label=raw.get("label", ""), whole=whole, kind=kind,  # type: ignore[arg-type]
        )
    return params, dates


def load_seeds(data_dir: Path = DATA_DIR) -> dict[str, Seed]:
    seeds = {}
    for raw in _read_yaml(data_dir / "seeds.yaml"):
        text = (data_dir / "seeds" / raw["file"]).read_text(encoding="utf-8")
        seeds[raw["file"]] = Seed(file=raw["file"], title=raw["title"],
                                  date=dt.date.fromisoformat(str(raw["date"])),
                                  kind=raw["kind"], text=text,
                                  authors=tuple((a["name"], a.get("affiliation"))
                                                for a in raw.get("authors") or ()))
    return seeds


def load_claims(data_dir: Path = DATA_DIR) -> dict[str, Claim]:
    claims: dict[str, Claim] = {}
    for path in sorted((data_dir / "claims").glob("*.yaml")):
        for raw in _read_yaml(path) or []:
            cid = raw["id"]
            if cid in claims:
                raise DataError(f"{path.name}: duplicate claim id {cid!r}")
            claims[cid] = Claim(
                id=cid, seed=raw["seed"], family=raw.get("family", path.stem),
                quote=raw["quote"], english=raw["english"], stated=raw.get("stated") or {},
                relation=raw.get("relation", "approx"), checks=raw.get("checks") or {},
                topic=raw.get("topic", ""), headline=bool(raw.get("headline", False)),
                finding_rank=_rank(raw.get("finding_rank"), f"{path.name} {cid}"),
                lead=dict(raw.get("lead") or {}), reasoning=str(raw.get("reasoning", "")),
            )
    return claims


def _rank(raw: Any, where: str) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise DataError(f"{where}: finding_rank must be a whole number >= 1, got {raw!r}")
    return raw


@lru_cache(maxsize=4)
def load(data_dir: Path = DATA_DIR) -> Registry:
    """Read and cross-check every data file (cached: the files do not change during a run)."""
    sources = load_sources(data_dir)
    params, dates = load_parameters(sources, data_dir)
    method = _read_yaml(data_dir / "method.yaml")
    claims, seeds = load_claims(data_dir), load_seeds(data_dir)
    families = method.get("families", {})
    ranks = [c.finding_rank for c in claims.values() if c.finding_rank is not None]
    if len(ranks) != len(set(ranks)):
        raise DataError("claims: two claims share a finding_rank")
    for c in claims.values():
        if c.family not in families:
            raise DataError(f"claim {c.id}: family {c.family!r} is not listed in method.yaml")
        if c.seed not in seeds:
            raise DataError(f"claim {c.id}: unknown seed {c.seed!r}")
    local = {lang: load_local(data_dir / lang) for lang in sorted(
        d.name for d in data_dir.iterdir() if d.is_dir() and len(d.name) == 2 and d.name.islower())}
    for lang, loc in local.items():
        for kind, ours, theirs in (("claim", loc.claims, claims), ("source", loc.sources, sources),
                                   ("parameter", loc.parameters, params)):
            unknown = sorted(set(ours) - set(theirs))
            if unknown:
                raise DataError(f"data/{lang}: text for unknown {kind} ids: {', '.join(unknown[:5])}")
    return Registry(sources=sources, parameters=params, dates=dates, claims=claims, seeds=seeds,
                    method=method, families=families, local=local)


def load_local(folder: Path) -> Local:
    """One language's reader text (see :class:`Local`): the files of ``claims/``, ``sources/``
    and ``parameters/`` each map ids to text, and ``method.yaml`` holds verdicts and families."""
    def merged(sub: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for path in sorted((folder / sub).glob("*.yaml")):
            for key, value in (_read_yaml(path) or {}).items():
                if key in out:
                    raise DataError(f"{folder.name}/{sub}/{path.name}: duplicate id {key!r}")
                out[key] = value
        return out

    method = _read_yaml(folder / "method.yaml") if (folder / "method.yaml").is_file() else {}
    return Local(claims=merged("claims"), sources=merged("sources"), parameters=merged("parameters"),
                 method=method or {})
