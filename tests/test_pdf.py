"""The print edition: ``build --pdf`` writes one PDF per edition, linked from its landing page,
with every claim and its verdict in that edition's words; without Chromium it stops at once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.book import release
from analysis.checking.data import PROJECT_DIR
from analysis.pipeline import build as build_module
from analysis.pipeline import pdf
from analysis.text.catalogs import catalog

pytestmark = pytest.mark.skipif(pdf.find_chromium() is None and "CI" not in __import__("os").environ,
                                reason="no Chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    """A book built with --pdf into a folder of its own (its pages come from the build cache)."""
    out = tmp_path_factory.mktemp("pdf") / "book"
    done = subprocess.run([sys.executable, "-m", "analysis", "build", "--pdf", "--output", str(out)],
                          cwd=PROJECT_DIR, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out


def _text(path: Path) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_each_edition_prints_every_claim_with_its_verdict(printed, registry, lang):
    rel = release.current()
    folder = printed if lang == "en" else printed / "de"
    name = pdf.file_name(rel.name, rel.version, lang)
    path = folder / name
    assert path.is_file()
    text, pages = _text(path)
    flat = " ".join(text.split())
    assert 40 <= pages <= 400, pages
    assert "Error loading script" not in flat
    words = catalog(lang)["verdicts"]
    missing = [cid for cid in registry.claims if cid not in flat]
    assert not missing, missing[:10]
    for label in set(words.values()):
        assert label in flat, label
    page_words = "Seite 1 von" if lang == "de" else "Page 1 of"
    assert page_words in flat
    assert rel.version in flat.split(page_words)[0][:3000], "the title page names the version"
    landing = (folder / "book" / "intro.html").read_text(encoding="utf-8")
    assert re.search(rf'<a href="\.\./{re.escape(name)}" download>', landing)


def test_pdf_without_chromium_stops_before_any_work(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    out = tmp_path / "book"
    status = build_module.build(None, None, output=str(out), pdf=True)
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and "Chromium" in err[0] and "nothing was done" in err[0]
    assert not out.exists()
