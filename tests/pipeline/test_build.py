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
import tarfile
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from analysis.pipeline import build as build_mod
from analysis.text import records
from analysis.pipeline import buildcache
from analysis.checking import report
from analysis.checking.data import PROJECT_DIR
from analysis.pipeline.execute import ExecutionError, KernelPool, parameterized


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


# --- what the build may replace (nothing is written by these checks) -----------------------------

def _book(folder: Path, files=("index.html", "_static/site.css")) -> Path:
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name)
    build_mod.write_marker(folder)
    return folder


def _check(out: Path, root: Path, dist: Path | None = None) -> str | None:
    try:
        build_mod.check_output(out.resolve(), str(out), root.resolve(), dist)
    except build_mod.UnsafePath as exc:
        assert "\n" not in str(exc)
        return str(exc)
    return None


def test_the_output_may_be_new_empty_or_a_book_a_build_wrote(tmp_path):
    root = tmp_path / "build"
    assert _check(tmp_path / "new" / "html", root) is None
    (tmp_path / "empty").mkdir()
    assert _check(tmp_path / "empty", root) is None
    book = _book(tmp_path / "book")
    (book / ".DS_Store").write_text("a file browser's")
    assert _check(book, root) is None


def test_an_earlier_versions_output_is_recognised_by_the_cache_record(tmp_path):
    root, old = tmp_path / "build", tmp_path / "html"
    old.mkdir(); (old / "index.html").write_text("built before the marker existed")
    assert "holds files" in _check(old, root)
    buildcache.Cache(root / "cache").set_published(old.resolve(), "key")
    assert _check(old, root) is None


@pytest.mark.parametrize("case,reason", [
    ("user", "holds files that no build of this project wrote (thesis.txt)"),
    ("book+user", "holds files that no build of this project wrote (thesis.txt)"),
    ("file", "is a file, not a folder"),
    ("under a file", "thesis.txt is a file, not a folder"),
    ("project", "is the project folder"),
    ("contains project", "contains the project folder"),
    ("root", "is the root folder /"),
    ("home", "is the home folder"),
    ("contains home", "contains the home folder"),
    ("contains build folder", "contains the build's working folders"),
    ("in build cache", "is inside the build's working folder"),
    ("in sources", "is inside analysis/, which the build reads"),
    ("holds dist", "where --archive writes"),
])
def test_any_other_output_is_refused_in_one_line(tmp_path, monkeypatch, case, reason):
    home, root = tmp_path / "home" / "me", tmp_path / "scratch" / "build"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    user = tmp_path / "mine"
    user.mkdir()
    (user / "thesis.txt").write_text("years of work")
    out = {"user": user, "book+user": _book(tmp_path / "book"), "file": user / "thesis.txt",
           "under a file": user / "thesis.txt" / "html",
           "project": PROJECT_DIR, "contains project": PROJECT_DIR.parent, "root": Path("/"),
           "home": home, "contains home": home.parent, "contains build folder": root.parent,
           "in build cache": root / "cache" / "html", "in sources": PROJECT_DIR / "analysis" / "html",
           "holds dist": tmp_path / "site"}[case]
    if case == "book+user":
        (out / "thesis.txt").write_text("added after the build")
    got = _check(out, root, tmp_path / "site" / "dist" if case == "holds dist" else None)
    assert got is not None and got.startswith(f"--output {out}") and reason in got, got
    assert got.endswith("; nothing was changed")


def test_the_build_folder_follows_the_same_rule(tmp_path, monkeypatch):
    def check(root: Path) -> str | None:
        monkeypatch.setenv("ANALYSIS_BUILD_DIR", str(root))
        try:
            build_mod.check_build_root(root.resolve())
        except build_mod.UnsafePath as exc:
            return str(exc)
        return None

    assert check(tmp_path / "new") is None
    (tmp_path / "mine").mkdir(); (tmp_path / "mine" / "work").mkdir()  # the build would delete work/
    assert "ANALYSIS_BUILD_DIR=" in check(tmp_path / "mine") and "holds files" in check(tmp_path / "mine")
    assert "is the project folder" in check(PROJECT_DIR)
    assert "is the root folder" in check(Path("/"))
    monkeypatch.setenv("HOME", str(tmp_path / "mine"))
    assert "is the home folder" in check(tmp_path / "mine")
    (tmp_path / "ours").mkdir(); (tmp_path / "ours" / build_mod.BUILD_MARKER).write_text(build_mod.BUILD_MARKER_TEXT)
    assert check(tmp_path / "ours") is None
    _book(tmp_path / "books" / "html")  # _build holding only a book, built with the build folder elsewhere
    assert check(tmp_path / "books") is None


def test_the_archive_replaces_only_an_archive_this_project_wrote(tmp_path):
    from analysis.book import archive, release

    rel, dist = release.current(), tmp_path / "dist"
    assert build_mod.check_archive(dist, rel) == archive.archive_path(dist, rel)  # nothing there yet
    html = _book(tmp_path / "html")
    target, _size, _count = archive.write_archive(html, rel, dist)
    assert build_mod.check_archive(dist, rel) == target
    with tarfile.open(target) as tar:
        assert not any(n.endswith(build_mod.MARKER) for n in tar.getnames())  # not content
    target.write_text("my own tarball that happens to have this name")
    with pytest.raises(build_mod.UnsafePath, match=r"^--archive .+\.tar\.gz: exists and is not an archive "
                                                   r"this project wrote; nothing was changed$"):
        build_mod.check_archive(dist, rel)
    (tmp_path / "file").write_text("x")
    with pytest.raises(build_mod.UnsafePath, match="is a file, not a folder"):
        build_mod.check_archive(tmp_path / "file", rel)


def test_downloads_hold_the_registry(default_run, tmp_path):
    build_mod.write_downloads(default_run, tmp_path)
    recs = json.loads((tmp_path / "claims.json").read_text())
    assert [r["id"] for r in recs] == [r.claim.id for r in default_run.results]
    csv_lines = (tmp_path / "claims.csv").read_text().splitlines()
    assert csv_lines[0].split(",")[0] == "id" and len(csv_lines) > len(recs)
    from analysis.book import release

    assert records.to_csv(records.records(default_run, release.current())) == (tmp_path / "claims.csv").read_text()
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
    from analysis.checking import footprint
    from analysis.book import pages

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
    from analysis.checking import footprint
    from analysis.checking.checks import Context
    from analysis.checking.verdicts import evaluate_claim

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
    from analysis.pipeline import notebooks

    cache = buildcache.Cache(Path(BUILD_ENV["ANALYSIS_BUILD_DIR"]) / "cache")
    inputs, defaults = buildcache.inputs_digest(PROJECT_DIR), report.validate()[0]
    for nb in build_mod.notebooks_in_toc():
        _data, reads = cache.notebook(buildcache.notebook_key(PROJECT_DIR / nb, inputs), defaults)
        cell = notebooks.parameters_cell(nbformat.read(PROJECT_DIR / nb, as_version=4))
        assert notebooks.declared_parameters(cell.source) == [
            p.name for p in notebooks.page_parameters(registry, reads)], f"{nb}: run python -m analysis notebooks"


def test_a_parameter_change_reexecutes_only_the_pages_that_read_it(built):
    changed = _build("--set", "robot_steps_per_episode=1500", out=built)  # into its own earlier output
    assert changed.returncode == 0, changed.stderr
    executed = [ln.split()[0] for ln in changed.stdout.splitlines() if ln.startswith("  ") and ln.strip().endswith(" s")
                and ".ipynb" in ln]
    assert "notebooks/07_robotics.ipynb" in executed and "notebooks/04_energy.ipynb" not in executed
    assert "robot_steps_per_episode" in (built / "notebooks" / "07_robotics.html").read_text()
    # a page that did not read the parameter records no override for it, so its source is unchanged
    energy_src = (built / "_sources" / "notebooks" / "04_energy.ipynb").read_text()
    robot_src = (built / "_sources" / "notebooks" / "07_robotics.ipynb").read_text()
    assert "robot_steps_per_episode" not in energy_src and "robot_steps_per_episode" in robot_src
    assert (built / build_mod.MARKER).read_text().startswith(build_mod.MARKER_HEAD)


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
    from analysis.book.editions import for_edition

    # papermill's notebook holds every edition's outputs; the English book shows the English ones
    mine = nbformat.from_dict(for_edition(nbformat.read(page, as_version=4), "en"))
    theirs = nbformat.read(built / "_sources" / "notebooks" / "04_energy.ipynb", as_version=4)
    assert _outputs(mine) == _outputs(theirs)
    shown = "".join(o.get("data", {}).get("text/html", "") for _src, outs in _outputs(mine) for o in outs)
    assert 'verdict-inaccurate">inaccurate</span> with the defaults, <span class="verdict verdict-accurate">' \
           'accurate</span> here' in shown  # A-ENE-02 moves, as the verdicts command says it does


def test_injected_overrides_are_those_the_page_read():
    from analysis.pipeline.build import read_by

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


def _refused(proc, needle: str) -> None:
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 2 and proc.stdout == "", proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], proc.stderr
    assert lines[0].endswith("; nothing was changed")


def _disk(*folders: Path) -> dict[str, Any]:
    return {str(f): (_tree(f) if f.is_dir() else f.read_bytes() if f.exists() else None) for f in folders}


def test_an_output_holding_a_users_files_is_refused_and_kept(built, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    root = Path(BUILD_ENV["ANALYSIS_BUILD_DIR"])
    before = _disk(mine, root, built)
    _refused(_build(out=mine), f"--output {mine}: holds files that no build of this project wrote (thesis.txt)")
    (built / "thesis.txt").write_text("saved into the book folder")  # a book the build wrote, and more
    before_book = _disk(built)
    _refused(_build("--set", "pue=1.4", out=built), "holds files that no build of this project wrote (thesis.txt)")
    assert _disk(built) == before_book
    (built / "thesis.txt").unlink()
    assert _disk(mine, root, built) == before


@pytest.mark.parametrize("output,needle", [
    (".", f"--output . ({PROJECT_DIR}): is the project folder"),
    ("..", f"--output .. ({PROJECT_DIR.parent}): contains the project folder"),
    ("/", "--output /: is the root folder /"),
])
def test_the_project_a_folder_holding_it_and_root_are_refused(built, output, needle):
    root = Path(BUILD_ENV["ANALYSIS_BUILD_DIR"])
    before = _disk(root, built)
    _refused(_build(out=output), needle)
    assert _disk(root, built) == before and not (PROJECT_DIR.parent / f".{PROJECT_DIR.name}.replaced").exists()


def test_the_home_folder_and_the_build_folder_are_refused(built, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("mine")
    root = Path(BUILD_ENV["ANALYSIS_BUILD_DIR"])
    before = _disk(home, root, built)
    _refused(_build(out=home, env={"HOME": str(home)}), f"--output {home}: is the home folder")
    _refused(_build(out=root), f"--output {root}: contains the build's working folders")
    _refused(_build(out=root / "work"), "is inside the build's working folder")
    _refused(_build(out=tmp_path / "new", env={"ANALYSIS_BUILD_DIR": str(home)}),
             f"ANALYSIS_BUILD_DIR={home}: holds files that no build of this project wrote (.bashrc)")
    assert _disk(home, root, built) == before and not (tmp_path / "new").exists()


def test_archive_refuses_a_file_it_did_not_write(built, tmp_path, monkeypatch, capsys):
    """--archive's dist/ follows the same rule (in this process, with dist/ moved to tmp_path)."""
    from analysis.book import archive, release

    dist = tmp_path / "dist"
    dist.mkdir()
    mine = archive.archive_path(dist, release.current())
    mine.write_text("not the project's archive")
    monkeypatch.setattr(build_mod, "DIST_DIR", dist)
    for name, value in BUILD_ENV.items():
        monkeypatch.setenv(name, value)
    before = _disk(dist, built, Path(BUILD_ENV["ANALYSIS_BUILD_DIR"]))
    assert build_mod.build(None, None, output=str(built), archive=True) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: --archive {mine}: exists and is not an archive this project wrote; nothing was changed"
    assert _disk(dist, built, Path(BUILD_ENV["ANALYSIS_BUILD_DIR"])) == before


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


# Where a signal lands, at the start and end of each phase: as the build starts, while the
# kernels run (Ctrl-C), just after the last notebook's line, while the kernels are being stopped
# (it waits until they are), while Sphinx writes pages and as it ends, and between moving the new
# book in and deleting the old one. A build re-executes a few pages (a value no other build used)
# or, from Sphinx on, takes them from the cache (the value an earlier point executed).
SIGNAL_POINTS = [("locked", "SIGTERM", 1200), ("executing", "SIGINT", 1201), ("executed", "SIGTERM", 1202),
                 ("kernels-stopping", "SIGTERM", 1203), ("sphinx-writing", "SIGTERM", 1202),
                 ("sphinx-done", "SIGTERM", 1202), ("published", "SIGTERM", 1202)]


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
