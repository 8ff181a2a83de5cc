"""Maintainers' upkeep of the notebooks: re-execute them in place, and write each page's
``parameters`` cell from the data.

The stored outputs are what ``pytest --nbval`` compares a fresh run against, so they must be
refreshed after a change to data or code: ``python -m analysis notebooks``. The same command
rewrites every page's parameters cell: one line per parameter the page read while it ran
(recorded by :mod:`analysis.checking.footprint`), with its default, label, unit and allowed range from
``data/``, so that ``papermill --help-notebook`` documents the page and ``papermill -p NAME
VALUE`` sets exactly what ``--set NAME=VALUE`` sets (:func:`analysis.checking.params.page_overrides`).
"""

from __future__ import annotations

import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..checking import report
from .build import notebooks_in_toc
from ..checking.data import PROJECT_DIR, Parameter, Registry, load
from ..checking.footprint import ALL
from ..checking.params import OVERRIDES, PAGE_HEADER, assigned_names

PARAMETERS_INTRO = (
    f"{PAGE_HEADER} each one it reads, with its default; the comment gives its label and the\n"
    "# allowed range and unit. Generated from data/ by `python -m analysis notebooks` (a test fails if\n"
    "# this cell differs). `papermill PAGE.ipynb OUT.ipynb -p NAME VALUE` sets one exactly as\n"
    "# `python -m analysis build --set NAME=VALUE` does; overrides keeps an interval:\n"
    "# overrides: {NAME: {value: V, low: L, high: H}} (papermill -y), as in a params file.\n")
OVERRIDES_LINE = (f"{OVERRIDES}: dict = {{}}  # NAME: VALUE or NAME: {{value, low, high}} (an interval), "
                  "as in a params file")


def parameter_line(p: Parameter) -> str:
    """``name: float = default  # label; a number in (lo, hi) (unit)``: papermill reads the
    type, the default and, from the comment, the help it prints (a line with a second ``=`` it
    cannot read, so one in a label is written as a full-width equals sign)."""
    kind, default = ("int", repr(int(p.value))) if p.whole else ("float", repr(float(p.value)))
    label = " ".join((p.label or p.name).split()).rstrip(".").replace("=", "\uff1d")
    return f"{p.name}: {kind} = {default}  # {label}; {p.allowed_text()}"


def page_parameters(registry: Registry, reads: list[str]) -> list[Parameter]:
    """The parameters a page declares: those it read (every one if it read the whole set), in
    the order of ``data/``."""
    names = set(registry.parameters) if ALL in reads else set(reads)
    return [p for p in registry.parameters.values() if p.name in names]


def parameters_source(registry: Registry, reads: list[str]) -> str:
    """The parameters cell of a page that read ``reads`` (a footprint: names, or ``["*"]``)."""
    lines = [parameter_line(p) for p in page_parameters(registry, reads)]
    return PARAMETERS_INTRO + "\n".join([*lines, OVERRIDES_LINE])


def parameters_cell(nb: Any) -> Any:
    """The cell tagged ``parameters`` (papermill injects its values after the first one)."""
    return next(c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))


def declared_parameters(source: str) -> list[str]:
    """The parameter names a parameters cell declares (``overrides`` aside)."""
    return [n for n in assigned_names(source) if n != OVERRIDES]


def _page(arg: str) -> str:
    """A notebook argument as the page path in ``_toc.yml``; anything else is refused."""
    path = Path(arg).resolve()
    rel = path.relative_to(PROJECT_DIR).as_posix() if path.is_relative_to(PROJECT_DIR) else None
    if rel is None:  # a path relative to the project, typed from elsewhere
        rel = Path(arg).as_posix()
    if rel not in notebooks_in_toc():
        raise ValueError(f"notebooks: {arg} is not a page of this book (the pages are the notebooks "
                         "in _toc.yml); nothing was written")
    return rel


def refresh(paths: list[str] | None = None) -> int:
    """Re-execute the pages (default: all in ``_toc.yml``) with the default parameters in the
    build's kernels, record what each read, and write each back with its parameters cell
    generated from that record. Returns a process exit status."""
    import nbformat

    from .execute import ExecutionError, KernelPool, Executed

    try:
        pages = [_page(p) for p in paths] if paths else notebooks_in_toc()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    registry = load()
    jobs = []
    for rel in pages:
        nb = nbformat.read(PROJECT_DIR / rel, as_version=4)
        nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
        parameters_cell(nb).source = parameters_source(registry, [])  # defaults, whatever it held
        jobs.append((rel, nb))
    t0 = time.perf_counter()

    def done(ex: Executed) -> None:
        parameters_cell(ex.notebook).source = parameters_source(registry, ex.footprint)
        ex.notebook.metadata.pop("widgets", None)
        nbformat.write(ex.notebook, PROJECT_DIR / ex.path)
        print(f"  {ex.path}  {ex.seconds:.1f} s", flush=True)

    with tempfile.TemporaryDirectory(prefix="notebooks-") as tmp:
        pool = KernelPool(min(2, len(jobs)), PROJECT_DIR, Path(tmp) / "logs")
        try:
            pool.start()
            # the default run, computed once here as the build does: a page's record is then what
            # the page itself read, not every parameter the Monte Carlo reads
            runs = Path(tmp) / "runs.pickle"
            runs.write_bytes(pickle.dumps([report.run()], protocol=pickle.HIGHEST_PROTOCOL))
            pool.execute(jobs, f"import analysis.checking.report\nanalysis.checking.report.preload({str(runs)!r})\n", done)
        except ExecutionError as exc:
            print(f"error: {exc}; the notebooks not yet written are left as they were", file=sys.stderr)
            return 1
        finally:
            pool.shutdown()
    print(f"{len(jobs)} notebooks refreshed in {time.perf_counter() - t0:.1f} s")
    return 0


from .editions import claim_heading, claims_intro  # noqa: E402 (the generated cells, in every edition)


def claim_cells(registry: Any, family: str) -> list[Any]:
    """The cells of a family page's claims section, in registry order: a heading per claim and
    a cell that shows its discussion (input removed from the page)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell

    from ..checking.report import ordered_claims

    cells = [new_markdown_cell(claims_intro("en"))]
    for claim in ordered_claims(registry):
        if claim.family != family:
            continue
        cells.append(new_markdown_cell(claim_heading(claim.id, claim.topic)))
        code = new_code_cell(f'show(lambda: pages.claim_html(run, "{claim.id}"))')
        code.metadata["tags"] = ["remove-input"]
        cells.append(code)
    return cells
