"""A failed build leaves the last good book alone; downloads and notebook discovery work."""

import json

from analysis import build as build_mod
from analysis import report


def test_notebooks_follow_the_toc():
    nbs = build_mod.notebooks_in_toc()
    assert nbs[0] == "book/intro.ipynb" and nbs[1] == "notebooks/00_methodology.ipynb"
    assert len(nbs) == len(set(nbs)) >= 6


def test_failed_notebook_keeps_the_previous_book(monkeypatch, tmp_path):
    out = tmp_path / "html"
    out.mkdir()
    (out / "index.html").write_text("last good book")
    monkeypatch.setattr(build_mod, "ProcessPoolExecutor", _InlinePool)
    monkeypatch.setattr(build_mod, "_execute", lambda job: (job[0], 0.0, "boom"))
    monkeypatch.setattr(build_mod, "write_vega_bundle", lambda folder: None)
    assert build_mod.build(None, None, jobs=1, output=str(out)) == 1
    assert (out / "index.html").read_text() == "last good book"
    assert not list(out.parent.glob("html.old"))


def test_swap_replaces_the_folder(tmp_path):
    new, out = tmp_path / "new", tmp_path / "html"
    new.mkdir(); out.mkdir()
    (new / "index.html").write_text("new")
    (out / "index.html").write_text("old")
    build_mod._swap_in(new, out)
    assert (out / "index.html").read_text() == "new" and not new.exists()


def test_downloads_hold_the_registry(default_run, tmp_path):
    build_mod.write_downloads(default_run, tmp_path)
    recs = json.loads((tmp_path / "claims.json").read_text())
    assert [r["id"] for r in recs] == [r.claim.id for r in default_run.results]
    csv_lines = (tmp_path / "claims.csv").read_text().splitlines()
    assert csv_lines[0].split(",")[0] == "id" and len(csv_lines) > len(recs)
    assert report.to_csv(report.records(default_run)) == (tmp_path / "claims.csv").read_text()


class _InlinePool:
    """Stands in for ProcessPoolExecutor so the monkeypatched job runs in-process."""

    def __init__(self, max_workers=1):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map(self, fn, items):
        return [fn(x) for x in items]
