"""Benchmark the build against a naive Jupyter Book build of the same notebooks, side by side.

Run: python bench/build_bench.py [--set NAME=VALUE]. Prints one JSON object; nothing here
runs in the tests. Each figure is one wall-clock run of a fresh process, as a user would type it:

- naive_jb_force_s: Jupyter Book 1.x with ``execute_notebooks: force`` on a copy of the book
  (the same 14 notebooks, executed sequentially, default parameters);
- jb_cached_noop_s: Jupyter Book's own ``execute_notebooks: cache``, rebuilt with no change;
- clean_s: ``python -m analysis build`` with the build folder's ``cache`` and ``work`` removed;
- noop_s: the same command again, nothing changed;
- set_s: one parameter changed with ``--set`` (default household_kwh_de=4000);
- back_s: back to the defaults (everything from the cache);
- pdf_s: ``--pdf`` after that (pages from the cache): the build's own time of each edition's
  print step (its single-page build and printing), read from what the build prints.

A build writes both editions (English, and German in ``de/``), so clean_s is both together.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


PHASES: dict[str, float] = {}


OUTPUT: list[str] = []


def timed(cmd: list[str], cwd: Path, phases: bool = False) -> float:
    """Wall-clock seconds of one run; with ``phases``, also each build phase's time since the
    build started (``ANALYSIS_BUILD_TIMES``), kept in :data:`PHASES`."""
    import os

    env = {**os.environ, "ANALYSIS_BUILD_TIMES": "1"} if phases else None
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:4])} failed: {(proc.stdout + proc.stderr).strip().splitlines()[-1:]}")
    OUTPUT[:] = proc.stdout.splitlines()
    if phases:
        for line in proc.stderr.splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[0] == "phase" and parts[1] != "sphinx-writing":
                PHASES[parts[1]] = float(parts[2])
    return round(time.perf_counter() - t0, 2)


def jupyter_book_copy(tmp: Path, mode: str) -> Path:
    """The book as Jupyter Book alone would build it: same config, toc, pages and notebooks."""
    import yaml

    from analysis.pipeline.build import STATIC_BUNDLE, build_dir, vega_bundle

    book = tmp / f"jb-{mode}"
    book.mkdir()
    for name in ("_toc.yml", "book", "notebooks"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, book / name)
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["execute"] = {"execute_notebooks": mode, "timeout": 600}
    (book / "_config.yml").write_text(yaml.safe_dump(config))
    (book / "_static").mkdir()
    (book / "_static" / STATIC_BUNDLE).write_bytes(vega_bundle(build_dir() / "cache"))
    return book


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="household_kwh_de=4000")
    args = ap.parse_args()
    jb = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", "."]
    ours = [sys.executable, "-m", "analysis", "build"]
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        out = ["--output", str(tmp / "html")]
        naive = timed(jb, jupyter_book_copy(tmp, "force"))
        cached_book = jupyter_book_copy(tmp, "cache")
        timed(jb, cached_book)
        jb_noop = timed(jb, cached_book)
        from analysis.pipeline.build import UnsafePath, build_dir, check_build_root

        try:
            check_build_root(build_dir())  # delete only what a build made ($ANALYSIS_BUILD_DIR included)
        except UnsafePath as exc:
            sys.exit(f"bench: {exc}")
        for name in ("cache", "work", "work-de"):
            shutil.rmtree(build_dir() / name, ignore_errors=True)
        clean = timed(ours + out, ROOT, phases=True)
        noop = timed(ours + out, ROOT)
        changed = timed(ours + ["--set", args.set] + out, ROOT)
        back = timed(ours + out, ROOT)
        timed(ours + ["--pdf"] + out, ROOT)
        pdf = {line.split()[1].strip("()"): float(line.split()[2]) for line in OUTPUT
               if line.strip().startswith("PDF (")}
    print(json.dumps({
        "naive_jb_force_s": naive, "jb_cached_noop_s": jb_noop, "clean_s": clean, "noop_s": noop,
        "set_s": changed, "set": args.set, "back_s": back,
        "clean_over_naive": round(clean / naive, 3), "noop_over_clean": round(noop / clean, 3),
        "set_over_clean": round(changed / clean, 3), "noop_vs_jb_noop": round(noop / jb_noop, 3),
        "pdf_s": pdf, "clean_phases_s": PHASES,
        "targets": {"clean_over_naive": 0.5, "noop_s": 1.0, "set_over_clean": 0.5, "noop_vs_jb_noop": 1.0,
                    "pdf_s_per_edition": 10.0},
    }, indent=2))


if __name__ == "__main__":
    main()
