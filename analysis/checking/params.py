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

    def _render_traceback_(self) -> list[str]:
        """In a notebook (IPython), show the one line, not a traceback into this package:
        papermill then reports ``ParamError: <the message>`` under the cell that raised it."""
        return [f"{type(self).__name__}: {self}"]


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
    for key in [k for k in raw if k == "description" or str(k).startswith("description_")]:
        description = raw.pop(key)  # what the scenario assumes, in English and other languages
        if description is not None and not isinstance(description, str):
            raise ParamError(f"{where}: {key} must be text")
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



# --- a notebook page's own parameters (papermill -p) ------------------------------------------

PAGE_HEADER = "# This page's parameters:"
"""First line of a page's generated parameters cell (:func:`analysis.notebooks.parameters_source`)."""
INJECTED_HEADER = "# Parameters"
"""First line of the cell papermill injects after the parameters cell (its ``codify``)."""
OVERRIDES = "overrides"
PAPERMILL_NAMES = ("PAPERMILL_INPUT_PATH", "PAPERMILL_OUTPUT_PATH")  # papermill --inject-paths


def assigned_names(source: str) -> list[str]:
    """The names a cell assigns at its top level, in order (``a = 1``, ``a: float = 1``)."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return list(dict.fromkeys(names))


def injected_names(history: list[str]) -> list[str]:
    """The names papermill injected for this run of the page: those of the latest injected cell
    in the kernel's input history that comes after the page's parameters cell ([] if none).

    Papermill writes its cell right after the parameters cell, so the comparison is by what
    was executed, not by value: ``-p NAME VALUE`` counts even when VALUE is the default."""
    for source in reversed(history):
        if source.startswith(PAGE_HEADER):
            return []
        if source.split("\n", 1)[0].strip() == INJECTED_HEADER:
            return assigned_names(source)
    return []


def kernel_history() -> list[str]:
    """The cells this IPython kernel executed, oldest first ([] outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover (IPython ships with the stack)
        return []
    shell = get_ipython()
    return list(shell.history_manager.input_hist_raw) if shell is not None else []


def page_overrides(namespace: dict[str, Any], params: dict[str, Parameter],
                   history: list[str] | None = None) -> dict[str, Any]:
    """The overrides a notebook page runs with, from its namespace after the parameters cell
    (and papermill's injected cell, if any): ``-p NAME VALUE`` as ``--set NAME=VALUE`` (the same
    validation, the value as a float), a value edited in the parameters cell likewise, and the
    ``overrides`` mapping (intervals) as given.

    The page declares its parameters with annotations (``name: float = default``). Raises
    :class:`ParamError` (one line) for an injected name that is not a parameter, or not one
    this page reads, for a bad value, and for a parameter given both ways.
    """
    history = kernel_history() if history is None else history
    declared = [n for n in namespace.get("__annotations__", {}) if n != OVERRIDES]
    injected = [n for n in injected_names(history) if n != OVERRIDES and n not in PAPERMILL_NAMES]
    for name in injected:
        if name not in declared:
            _lookup(name, params, "-p")  # an unknown name: the same line as --set gives
            raise ParamError(f"-p: this page does not read {name}, so setting it would change "
                             "nothing here; 'papermill --help-notebook NOTEBOOK' lists the parameters it reads")
    named: dict[str, float] = {}
    how: dict[str, str] = {}
    for name in declared:
        if name not in params or name not in namespace:
            continue
        raw = namespace[name]
        if name in injected:
            how[name] = "-p"
        elif isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw != params[name].value:
            how[name] = "parameters cell"  # edited by hand in the notebook
        else:
            continue
        named[name] = _number(name, raw, how[name], params[name])
    given = namespace.get(OVERRIDES) or {}
    if not isinstance(given, dict):
        raise ParamError(f"overrides must be a mapping of NAME: VALUE or NAME: {{value, low, high}}, "
                         f"got {given!r}")
    for name in named:
        if name in given:
            where = f"-p {name}" if how[name] == "-p" else "the parameters cell"
            raise ParamError(f"{how[name]}: {name} is given twice, as {where} and in overrides; "
                             "give each parameter once")
    return {**given, **named}
