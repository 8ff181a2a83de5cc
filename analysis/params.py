"""Parameter overrides from the command line (``--set``) and scenario files (``--params``).

A value set with ``--set NAME=VALUE`` fixes the parameter: its 90 % interval collapses to that
value. A scenario file is a YAML mapping ``NAME: VALUE`` or ``NAME: {value, low, high}``; the
second form keeps an interval. Every override is validated against the parameter registry
(known name, finite number, inside the parameter's allowed range, low <= value <= high) before
any work starts; a violation raises :class:`ParamError` with a one-line message.
"""

from __future__ import annotations

import dataclasses
import math
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
    except (TypeError, ValueError, OverflowError):
        raise ParamError(f"{what}: {name} must be {param.allowed_text()}, got {raw!r}") from None
    if not param.is_allowed(x):
        problem = ("is not a whole number" if param.whole and math.isfinite(x) and x != round(x)
                   else "is outside the allowed range")
        raise ParamError(f"{what}: {name}={raw} {problem}: {name} must be {param.allowed_text()}")
    return x


def _lookup(name: Any, params: dict[str, Parameter], what: str) -> Parameter:
    if not isinstance(name, str):
        raise ParamError(f"{what}: parameter names must be text, got {name!r}")
    if name not in params:
        close = sorted(p for p in params if p.split("_")[0] == name.split("_")[0])[:3]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ParamError(f"{what}: unknown parameter {name!r}{hint}; "
                         "run 'python -m analysis params' for the list")
    return params[name]


def parse_set(items: list[str] | None) -> dict[str, Any]:
    """``["a=1", "b=2"]`` -> ``{"a": "1", "b": "2"}`` (values are validated later). A name given
    twice is refused, as a duplicate key in a params file is (which value was meant?)."""
    out: dict[str, Any] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ParamError(f"--set {item!r}: expected NAME=VALUE")
        name = name.strip()
        if name in out:
            raise ParamError(f"--set: {name} is given twice ({name}={out[name]} and {name}={value.strip()}); "
                             "give each parameter once")
        out[name] = value.strip()
    return out


MAX_PARAMS_FILE_BYTES = 1_000_000


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML without anchors or aliases (no alias bombs) and without duplicate keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (&, *) are not allowed", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (dict, list)):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a name, not a mapping or list", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """The one-line gist of a YAML error, with its line number when known."""
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} (line {mark.line + 1})" if mark is not None else problem


def read_params_file(path: str | Path, where: str | None = None) -> dict[str, Any]:
    """Read a scenario file: a UTF-8 YAML mapping of NAME: VALUE or NAME: {value, low, high}.

    Anything else (missing, a directory, empty, binary, not UTF-8, anchors or aliases, a
    duplicate key, not a mapping) raises :class:`ParamError` with one line that starts with
    ``where`` (default ``--params PATH``).
    """
    where = where or f"--params {path}"
    p = Path(path)
    if p.is_dir():
        raise ParamError(f"{where}: is a directory, expected a YAML file")
    if not p.is_file():
        raise ParamError(f"{where}: no such file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ParamError(f"{where}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_PARAMS_FILE_BYTES:
        raise ParamError(f"{where}: larger than {MAX_PARAMS_FILE_BYTES:,} bytes; not a scenario file")
    if b"\x00" in data:
        raise ParamError(f"{where}: a binary file, expected YAML text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParamError(f"{where}: not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise ParamError(f"{where}: empty; expected a mapping of NAME: VALUE")
    try:
        raw = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise ParamError(f"{where}: not valid YAML: {_yaml_problem(exc)}") from None
    except RecursionError:
        raise ParamError(f"{where}: nested too deeply") from None
    if raw is None:
        raise ParamError(f"{where}: holds no parameters; expected a mapping of NAME: VALUE")
    if not isinstance(raw, dict):
        raise ParamError(f"{where}: expected a mapping of NAME: VALUE, got a {type(raw).__name__}")
    description = raw.pop("description", None)
    if description is not None and not isinstance(description, str):
        raise ParamError(f"{where}: description must be text")
    return raw


def apply_overrides(params: dict[str, Parameter], overrides: dict[str, Any],
                    what: str = "--set") -> dict[str, Parameter]:
    """A copy of ``params`` with ``overrides`` applied (see the module docstring)."""
    out = dict(dict.items(params))  # a copy that does not count as reading every parameter
    for name, raw in overrides.items():
        p = _lookup(name, params, what)
        if isinstance(raw, dict):
            unknown = sorted(str(k) for k in raw if k not in ("value", "low", "high"))
            if unknown or "value" not in raw:
                problem = f"unknown key {unknown[0]!r}" if unknown else "no 'value'"
                raise ParamError(f"{what}: {name}: {problem}; expected a number or {{value, low, high}}")
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

