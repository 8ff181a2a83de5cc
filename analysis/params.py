"""Parameter overrides from the command line (``--set``) and scenario files (``--params``).

A value set with ``--set NAME=VALUE`` fixes the parameter: its 90 % interval collapses to that
value. A scenario file is a YAML mapping ``NAME: VALUE`` or ``NAME: {value, low, high}``; the
second form keeps an interval. Every override is validated against the parameter registry
(known name, finite number, inside the parameter's allowed range, low <= value <= high) before
any work starts; a violation raises :class:`ParamError` with a one-line message.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from .data import Parameter


class ParamError(ValueError):
    """Bad user input for a parameter; the message is one line and names the parameter."""


def _number(name: str, raw: Any, what: str, param: Parameter) -> float:
    if isinstance(raw, bool):
        raise ParamError(f"{what}: {name} must be {param.allowed_text()}, got {raw!r}")
    try:
        x = float(raw)
    except (TypeError, ValueError):
        raise ParamError(f"{what}: {name} must be {param.allowed_text()}, got {raw!r}") from None
    if not param.is_allowed(x):
        raise ParamError(f"{what}: {name}={raw} is outside the allowed range: "
                         f"{name} must be {param.allowed_text()}")
    return x


def _lookup(name: str, params: dict[str, Parameter], what: str) -> Parameter:
    if name not in params:
        close = sorted(p for p in params if p.split("_")[0] == name.split("_")[0])[:3]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ParamError(f"{what}: unknown parameter {name!r}{hint}; "
                         "run 'python -m analysis params' for the list")
    return params[name]


def parse_set(items: list[str] | None) -> dict[str, Any]:
    """``["a=1", "b=2"]`` -> ``{"a": "1", "b": "2"}`` (values are validated later)."""
    out: dict[str, Any] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ParamError(f"--set {item!r}: expected NAME=VALUE")
        out[name.strip()] = value.strip()
    return out


def read_params_file(path: str | Path) -> dict[str, Any]:
    """Read a scenario file; malformed files give a one-line error."""
    p = Path(path)
    if not p.is_file():
        raise ParamError(f"--params {path}: no such file")
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise ParamError(f"--params {path}: not valid YAML") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ParamError(f"--params {path}: expected a mapping of NAME: VALUE")
    raw.pop("description", None)
    return raw


def apply_overrides(params: dict[str, Parameter], overrides: dict[str, Any],
                    what: str = "--set") -> dict[str, Parameter]:
    """A copy of ``params`` with ``overrides`` applied (see the module docstring)."""
    out = dict(params)
    for name, raw in overrides.items():
        p = _lookup(name, params, what)
        if isinstance(raw, dict):
            value = _number(name, raw.get("value"), what, p)
            low = _number(name, raw.get("low", value), what, p)
            high = _number(name, raw.get("high", value), what, p)
            if not low <= value <= high:
                raise ParamError(f"{what}: {name} needs low <= value <= high, "
                                 f"got {low:g}, {value:g}, {high:g}")
        else:
            value = low = high = _number(name, raw, what, p)
        dist = p.dist if low < high else "fixed"
        if dist == "lognormal" and low <= 0:
            dist = "uniform"
        out[name] = dataclasses.replace(p, value=value, low=low, high=high, dist=dist)
    return out


def resolve(params: dict[str, Parameter], sets: list[str] | None = None,
            params_file: str | None = None) -> tuple[dict[str, Parameter], dict[str, Any]]:
    """Validate and apply a scenario file, then ``--set`` items (which win).

    Returns the parameters in force and the overrides as given (for provenance).
    """
    overrides: dict[str, Any] = {}
    if params_file:
        file_over = read_params_file(params_file)
        params = apply_overrides(params, file_over, f"--params {params_file}")
        overrides.update(file_over)
    set_over = parse_set(sets)
    params = apply_overrides(params, set_over, "--set")
    overrides.update({k: float(v) for k, v in set_over.items()})
    return params, overrides


def changed(defaults: dict[str, Parameter], current: dict[str, Parameter]) -> list[dict[str, Any]]:
    """Parameters whose value or interval differ from the defaults."""
    rows = []
    for name, p in current.items():
        d = defaults[name]
        if (p.value, p.low, p.high) != (d.value, d.low, d.high):
            rows.append({"name": name, "unit": p.unit, "default": d.value, "value": p.value,
                         "low": p.low, "high": p.high})
    return rows

