"""The build: what it caches and re-executes, what faults leave behind, downloads, the toc.

The end-to-end tests build into a temporary output next to the published book and share
``_build/work`` and ``_build/cache`` with it (both are caches; the lock keeps builds apart).
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from analysis import build as build_mod
from analysis import buildcache, report
from analysis.data import PROJECT_DIR
from analysis.execute import ExecutionError, KernelPool, parameterized


def test_notebooks_follow_the_toc():
    nbs = build_mod.notebooks_in_toc()
    assert nbs[0] == "book/intro.ipynb" and nbs[1] == "notebooks/00_methodology.ipynb"
    assert len(nbs) == len(set(nbs)) >= 6


def _folders(tmp_path):
    new, out, root = tmp_path / "new", tmp_path / "html", tmp_path / "build"
    for folder, text in ((new, "new"), (out, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    root.mkdir()
    return new, out, root


def test_publish_replaces_the_folder(tmp_path):
    new, out, root = _folders(tmp_path)
    build_mod._publish([(new, out)], root)
    assert (out / "index.html").read_text() == "new" and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "html"]  # nothing aside, no journal
    assert list(root.iterdir()) == []


@pytest.mark.parametrize("at", ["publish", "published"])
def test_a_signal_while_publishing_puts_everything_back(tmp_path, monkeypatch, at):
    new, out, root = _folders(tmp_path)
    old_archive, new_archive = tmp_path / "a.tar.gz", tmp_path / ".tmp-a.tar.gz"
    old_archive.write_text("old archive"); new_archive.write_text("new archive")
    monkeypatch.setenv(build_mod.SIGNAL_HOOK, f"{at}:SIGTERM")
    with build_mod.SIGNALS.raising(), pytest.raises(build_mod.Interrupted) as exc:
        build_mod._publish([(new, out), (new_archive, old_archive)], root)
    assert exc.value.status == 143 and not build_mod.SIGNALS.committed
    assert (out / "index.html").read_text() == "old" and old_archive.read_text() == "old archive"
    assert (new / "index.html").read_text() == "new" and new_archive.read_text() == "new archive"
    assert not list(root.iterdir())


def test_a_build_killed_between_the_renames_gets_its_previous_book_back(tmp_path):
    new, out, root = _folders(tmp_path)
    (root / build_mod.JOURNAL).write_text(json.dumps([[str(out), str(build_mod._aside(out))]]))
    os.replace(out, build_mod._aside(out))  # killed here: the book is aside, the new one not in yet
    assert build_mod.remove_debris(root, out) == [".html.replaced"]
    assert (out / "index.html").read_text() == "old" and not (root / build_mod.JOURNAL).exists()


def test_downloads_hold_the_registry(default_run, tmp_path):
    build_mod.write_downloads(default_run, tmp_path)
    recs = json.loads((tmp_path / "claims.json").read_text())
    assert [r["id"] for r in recs] == [r.claim.id for r in default_run.results]
    csv_lines = (tmp_path / "claims.csv").read_text().splitlines()
    assert csv_lines[0].split(",")[0] == "id" and len(csv_lines) > len(recs)
    from analysis import release

    assert report.to_csv(report.records(default_run, release.current())) == (tmp_path / "claims.csv").read_text()
    assert {r["report_version"] for r in recs} == {release.current().version}


# --- what the cache keys on ------------------------------------------------------------------

def _project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in (*buildcache.INPUT_TREES, *buildcache.INPUT_FILES):
        src = PROJECT_DIR / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    return root


@pytest.mark.parametrize("edit", ["data/parameters/core.yaml", "analysis/energy.py", "requirements.txt"])
def test_any_change_to_code_data_or_requirements_changes_every_notebook_key(tmp_path, edit):
    root = _project_copy(tmp_path)
    before = buildcache.inputs_digest(root)
    assert buildcache.inputs_digest(root) == before  # no change, same key
    with open(root / edit, "a") as fh:
        fh.write("\n# edited\n")
    assert buildcache.inputs_digest(root) != before


class _Executed:
    def __init__(self, reads):
        self.footprint = reads


def test_a_cached_notebook_is_reused_only_if_the_parameters_it_read_are_unchanged(tmp_path):
    cache = buildcache.Cache(tmp_path)
    defaults, _ = report.validate()
    household, _ = report.validate(["household_kwh_de=4000"])
    robot, _ = report.validate(["robot_steps_per_episode=1500"])
    cache.store_notebook("k", ["household_kwh_de", "pue"], b"energy page", defaults)
    assert cache.notebook("k", defaults)[0] == b"energy page"
    assert cache.notebook("k", robot)[0] == b"energy page"  # a parameter it did not read
    assert cache.notebook("k", household) is None  # one it read
    cache.store_notebook("all", ["*"], b"overview", defaults)
    assert cache.notebook("all", defaults) == (b"overview", ["*"])
    assert cache.notebook("all", robot) is None


def test_pages_record_only_the_parameters_their_claims_use(default_run):
    from analysis import footprint, pages

    footprint.start()
    pages.params_banner(default_run, "robotics")
    for r in default_run.family("robotics"):
        pages.claim_html(default_run, r.claim.id)
    reads = footprint.stop()
    assert "household_kwh_de" not in reads and "robot_steps_per_episode" in reads
    footprint.start()
    pages.params_banner(default_run)
    assert footprint.stop() == [footprint.ALL]


def test_a_claim_reads_only_the_parameters_its_checks_name(registry):
    from analysis import footprint
    from analysis.checks import Context
    from analysis.verdicts import evaluate_claim

    params = footprint.TrackedParams(registry.parameters)
    for claim in registry.claims.values():
        ctx = Context(registry=registry, params=params, n_draws=64, seed=1)
        footprint.start()
        evaluate_claim(claim, ctx)
        assert set(footprint.stop()) <= footprint.claim_parameters(claim), claim.id


# --- the executor ----------------------------------------------------------------------------

def _notebook(tmp_path: Path, name: str, code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    param = nbformat.v4.new_code_cell("overrides = {}")
    param.metadata["tags"] = ["parameters"]
    nb.cells = [param, nbformat.v4.new_code_cell(code)]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_a_failing_notebook_stops_the_build_and_is_named(tmp_path):
    good = _notebook(tmp_path, "good.ipynb", "x = 1")
    bad = _notebook(tmp_path, "bad.ipynb", "1 / 0")
    pool = KernelPool(1, tmp_path, tmp_path / "logs")
    pool.start()
    done = []
    try:
        with pytest.raises(ExecutionError, match=r"bad.ipynb failed: ZeroDivisionError"):
            pool.execute([("bad.ipynb", parameterized(bad, {"overrides": {}})),
                          ("good.ipynb", parameterized(good, {"overrides": {}}))], "", done.append)
    finally:
        pool.shutdown()
    assert done == []  # the remaining work was not started


def test_papermill_injects_the_parameters_under_a_fixed_cell_id(tmp_path):
    nb = parameterized(_notebook(tmp_path, "p.ipynb", "y = overrides"), {"overrides": {"pue": 1.3}})
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and injected[0].id == "injected-parameters"
    assert "pue" in injected[0].source and "remove-cell" in injected[0].metadata["tags"]


def test_a_kernel_that_cannot_start_fails_at_once_in_one_line(tmp_path):
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-c", "import sys; sys.exit('cannot bind 127.0.0.1: no loopback')",
                 "{connection_file}"], "display_name": "broken", "language": "python"}))
    out = tmp_path / "html"
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "analysis", "build", "--no-cache", "--output", str(out)],
                          cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "JUPYTER_PATH": str(tmp_path / "jupyter"),
                               "ANALYSIS_BUILD_DIR": str(tmp_path / "build")})
    assert proc.returncode == 1 and time.monotonic() - t0 < 30
    errors = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(errors) == 1 and "could not start" in errors[0] and "no loopback" in errors[0]
    assert not out.exists() and not list((tmp_path / "build").glob("stage-*"))


# --- end to end, in a build folder of their own (cache, work folder, stages) --------------------

BUILD_ENV: dict[str, str] = {}


def _build(*args, out, env=None):
    return subprocess.run([sys.executable, "-m", "analysis", "build", *args, "--output", str(out)],
                          cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **BUILD_ENV, **(env or {})})


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    BUILD_ENV["ANALYSIS_BUILD_DIR"] = str(tmp_path_factory.mktemp("build"))
    out = tmp_path_factory.mktemp("book") / "html"
    first = _build(out=out)
    assert first.returncode == 0, first.stderr
    return out


def test_no_change_executes_nothing(built):
    again = _build(out=built)
    assert again.returncode == 0 and "Nothing changed" in again.stdout


def test_each_page_declares_exactly_the_parameters_it_read(built, registry):
    """The names in each page's parameters cell are those the build recorded the page reading
    (with the defaults); tests/test_notebooks.py checks the rest of each line against data/."""
    from analysis import notebooks

    cache = buildcache.Cache(Path(BUILD_ENV["ANALYSIS_BUILD_DIR"]) / "cache")
    inputs, defaults = buildcache.inputs_digest(PROJECT_DIR), report.validate()[0]
    for nb in build_mod.notebooks_in_toc():
        _data, reads = cache.notebook(buildcache.notebook_key(PROJECT_DIR / nb, inputs), defaults)
        cell = notebooks.parameters_cell(nbformat.read(PROJECT_DIR / nb, as_version=4))
        assert notebooks.declared_parameters(cell.source) == [
            p.name for p in notebooks.page_parameters(registry, reads)], f"{nb}: run python -m analysis notebooks"


def test_a_parameter_change_reexecutes_only_the_pages_that_read_it(built):
    changed = _build("--set", "robot_steps_per_episode=1500", out=built)
    assert changed.returncode == 0, changed.stderr
    executed = [ln.split()[0] for ln in changed.stdout.splitlines() if ln.startswith("  ") and ln.strip().endswith(" s")
                and ".ipynb" in ln]
    assert "notebooks/07_robotics.ipynb" in executed and "notebooks/04_energy.ipynb" not in executed
    assert "robot_steps_per_episode" in (built / "notebooks" / "07_robotics.html").read_text()
    # a page that did not read the parameter records no override for it, so its source is unchanged
    energy_src = (built / "_sources" / "notebooks" / "04_energy.ipynb").read_text()
    robot_src = (built / "_sources" / "notebooks" / "07_robotics.ipynb").read_text()
    assert "robot_steps_per_episode" not in energy_src and "robot_steps_per_episode" in robot_src


def _outputs(nb: Any) -> list[tuple[str, Any]]:
    """What a page shows: each code cell's outputs (the injected-parameters cell aside)."""
    cells = [c for c in nb.cells if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])]
    return [(c.source, [{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs]) for c in cells]


def test_papermill_p_changes_the_page_exactly_as_set_changes_the_book(built, tmp_path):
    book = _build("--set", "household_kwh_de=10500", out=built)
    assert book.returncode == 0, book.stderr
    page = tmp_path / "energy.ipynb"
    run = subprocess.run([sys.executable, "-m", "papermill", "notebooks/04_energy.ipynb", str(page),
                          "-p", "household_kwh_de", "10500", "--cwd", "notebooks"],
                         cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "Passed unknown parameter" not in run.stderr
    mine = nbformat.read(page, as_version=4)
    theirs = nbformat.read(built / "_sources" / "notebooks" / "04_energy.ipynb", as_version=4)
    assert _outputs(mine) == _outputs(theirs)
    shown = "".join(o.get("data", {}).get("text/html", "") for _src, outs in _outputs(mine) for o in outs)
    assert 'verdict-inaccurate">inaccurate</span> with the defaults, <span class="verdict verdict-accurate">' \
           'accurate</span> here' in shown  # A-ENE-02 moves, as the verdicts command says it does


def test_injected_overrides_are_those_the_page_read():
    from analysis.build import read_by

    given = {"pue": 1.3, "household_kwh_de": 4000}
    assert read_by(given, ["pue", "gpt4_gpus"]) == {"pue": 1.3}
    assert read_by(given, ["*"]) == given
    assert read_by(given, []) == {}


def test_cached_and_uncached_builds_are_byte_identical(built, tmp_path):
    cached = _build("--set", "pue=1.3", out=built)
    assert cached.returncode == 0, cached.stderr
    fresh = tmp_path / "fresh"
    fresh.mkdir()  # an empty folder may be the output
    uncached = _build("--set", "pue=1.3", "--no-cache", out=fresh)
    assert uncached.returncode == 0, uncached.stderr
    a, b = _tree(built), _tree(fresh)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert any(name.startswith("_sources/") for name in a)


def _kernel_processes() -> list[str]:
    """Command lines of running ipykernel processes that these builds started (their environment
    names this module's build folder), read from /proc (no procps needed)."""
    mine = f"ANALYSIS_BUILD_DIR={BUILD_ENV['ANALYSIS_BUILD_DIR']}".encode()
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            text = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if "ipykernel_launcher" in text and mine in (proc / "environ").read_bytes().split(b"\0"):
                found.append(text)
        except OSError:
            continue
    return found


# Where a signal lands: while the kernels run (Ctrl-C), just after the last notebook's line, while
# the kernels are being stopped (it waits until they are), while Sphinx writes pages, and between
# moving the new book in and deleting the old one. Each build re-executes a few pages (a value no other build used) or, for the Sphinx
# and publishing points, takes them from the cache (the value an earlier point executed).
SIGNAL_POINTS = [("executing", "SIGINT", 1201), ("executed", "SIGTERM", 1202),
                 ("kernels-stopping", "SIGTERM", 1203), ("sphinx-writing", "SIGTERM", 1202),
                 ("published", "SIGTERM", 1202)]


@pytest.mark.parametrize("at,signame,steps", SIGNAL_POINTS)
def test_a_signal_anywhere_stops_the_build_and_leaves_the_last_good_book(built, at, signame, steps):
    root = Path(BUILD_ENV["ANALYSIS_BUILD_DIR"])
    before = _tree(built)
    proc = _build("--set", f"robot_steps_per_episode={steps}", out=built,
                  env={build_mod.SIGNAL_HOOK: f"{at}:{signame}"})
    assert proc.returncode == 128 + getattr(signal, signame), proc.stdout + proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip() and "WARNING" not in ln]
    assert lines == [f"interrupted by {signame}: kernels stopped, stage removed; the previous book is left as it was"]
    assert "Book built" not in proc.stdout
    assert _tree(built) == before
    assert not list(root.glob("stage-*")) and not (root / build_mod.JOURNAL).exists()
    assert sorted(p.name for p in built.parent.iterdir()) == [built.name]  # nothing aside
    assert _kernel_processes() == []


def test_the_next_build_removes_what_a_killed_build_left(built):
    debris = Path(BUILD_ENV["ANALYSIS_BUILD_DIR"]) / "stage-killed"
    (debris / "html").mkdir(parents=True)
    rerun = _build(out=built)
    assert rerun.returncode == 0 and not debris.exists()
