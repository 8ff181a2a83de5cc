"""Build the book: validate parameters, execute every notebook with papermill, run Jupyter Book.

Everything happens in a staging folder under ``_build/``; only a complete, successful build
replaces the published folder (``_build/html`` by default), so a failure part-way leaves the
last good book untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from . import report
from .data import PROJECT_DIR

STATIC_BUNDLE = "vega-bundle.js"
BOOK_FILES = ("_config.yml", "_toc.yml", "book")


def notebooks_in_toc(root: Path = PROJECT_DIR) -> list[str]:
    """Notebook paths (relative to the project) in the order of ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for f in (node.get("root"), node.get("file")):
                if f and (root / f"{f}.ipynb").exists():
                    found.append(f"{f}.ipynb")
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(toc)
    return found


def write_vega_bundle(static_dir: Path) -> None:
    """One self-contained script defining ``vegaEmbed`` (from vl-convert; no network needed).

    Wrapped in a function scope: at top level its ``const _`` clashes with Sphinx's scripts.
    """
    import vl_convert

    static_dir.mkdir(parents=True, exist_ok=True)
    bundle = vl_convert.javascript_bundle()
    (static_dir / STATIC_BUNDLE).write_text("(function(){\n" + bundle + "\n})();\n", encoding="utf-8")


def write_downloads(run: report.Run, folder: Path) -> None:
    """The full claim registry and the parameters in force, as CSV and JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    recs = report.records(run)
    (folder / "claims.json").write_text(report.to_json(recs) + "\n", encoding="utf-8")
    (folder / "claims.csv").write_text(report.to_csv(recs), encoding="utf-8")
    params = [{"name": p.name, "value": p.value, "unit": p.unit, "low": p.low, "high": p.high,
               "dist": p.dist, "source": p.source, "basis": p.basis} for p in run.params.values()]
    (folder / "parameters.json").write_text(report.to_json(params) + "\n", encoding="utf-8")


def _execute(job: tuple[str, str, dict[str, Any]]) -> tuple[str, float, str | None]:
    """Run one notebook with papermill (in a worker process); return (path, seconds, error)."""
    import papermill as pm

    src, dst, parameters = job
    start = time.perf_counter()
    try:
        pm.execute_notebook(src, dst, parameters=parameters, cwd=str(Path(src).parent),
                            progress_bar=False, log_output=False, kernel_name="python3")
    except Exception as exc:  # papermill wraps cell errors; report one line
        first = str(exc).strip().splitlines()
        return src, time.perf_counter() - start, (first[-1] if first else exc.__class__.__name__)
    hide_injected_parameters(Path(dst))
    return src, time.perf_counter() - start, None


def hide_injected_parameters(path: Path) -> None:
    """Tag papermill's injected cell ``remove-cell``: the page's banner states the parameters."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    nbformat.write(nb, path)


def _swap_in(new_html: Path, output: Path) -> None:
    """Replace ``output`` by ``new_html`` with two renames (old copy removed afterwards)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    old = output.with_name(output.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if output.exists():
        os.replace(output, old)
    os.replace(new_html, output)
    if old.exists():
        shutil.rmtree(old)


def build(sets: list[str] | None, params_file: str | None, jobs: int = 2,
          output: str = "_build/html") -> int:
    """Validate, execute, build, swap. Returns a process exit status."""
    t0 = time.perf_counter()
    run = report.run(sets, params_file)  # validates every override before any notebook runs
    out = (PROJECT_DIR / output).resolve()
    build_root = PROJECT_DIR / "_build"
    build_root.mkdir(exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix="stage-", dir=build_root))
    try:
        for name in BOOK_FILES:
            src = PROJECT_DIR / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, stage / name)
        write_vega_bundle(stage / "_static")
        write_downloads(run, stage / "book" / "downloads")
        parameters = {"overrides": run.overrides}
        notebooks = notebooks_in_toc()
        (stage / "notebooks").mkdir()
        print(f"Executing {len(notebooks)} notebooks with papermill ({jobs} at a time); "
              f"parameters changed: {json.dumps(run.overrides) if run.overrides else 'none'}",
              flush=True)
        work = [(str(PROJECT_DIR / nb), str(stage / nb), parameters) for nb in notebooks]
        failed = []
        with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
            for i, (src, secs, err) in enumerate(pool.map(_execute, work), 1):
                rel = Path(src).relative_to(PROJECT_DIR)
                print(f"  [{i}/{len(work)}] {rel}  {secs:.1f} s" + (f"  FAILED: {err}" if err else ""),
                      flush=True)
                if err:
                    failed.append(str(rel))
        if failed:
            print(f"error: {len(failed)} notebook(s) failed; the previous book is left as it was",
                  file=sys.stderr)
            return 1
        print("Building HTML with Jupyter Book ...", flush=True)
        t1 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(stage),
             "--path-output", str(stage), "--keep-going"],
            capture_output=True, text=True, env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        html = stage / "_build" / "html"
        if proc.returncode != 0 or not (html / "index.html").exists():
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
            print("\n".join(tail), file=sys.stderr)
            print("error: jupyter-book failed; the previous book is left as it was", file=sys.stderr)
            return 1
        log = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr).splitlines()
        summary = [ln for ln in log if "build succeeded" in ln]
        warnings = [ln for ln in log if "WARNING" in ln]
        print(f"  jupyter-book {time.perf_counter() - t1:.1f} s"
              + (f" ({summary[-1].strip().rstrip('.')})" if summary else ""), flush=True)
        for line in warnings[:10]:
            print(f"  {line.strip()}", flush=True)
        _swap_in(html, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    print(f"Book built in {time.perf_counter() - t0:.1f} s: {out / 'index.html'}")
    return 0
