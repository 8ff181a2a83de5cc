"""The release archive: reproducible, complete, and a book that opens from it with no network."""

import re
import tarfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from analysis.book import archive
from analysis.checking import params
from analysis.checking.data import PROJECT_DIR, load
from analysis.book.release import Release

HTML_DIR = PROJECT_DIR / "_build" / "html"
REL = Release("book", "1.2.3", "2026-01-02", "A title", "A team")


def _tiny_book(root: Path) -> Path:
    html = root / "html"
    (html / "_downloads" / "abc").mkdir(parents=True)
    (html / "index.html").write_text('<a href="_downloads/abc/claims.csv">x</a>')
    (html / "_downloads" / "abc" / "claims.csv").write_text("id\nP-1\n")
    return html


def test_the_archive_is_byte_for_byte_reproducible(tmp_path):
    html = _tiny_book(tmp_path)
    a, size, count = archive.write_archive(html, REL, tmp_path / "d1")
    b, _, _ = archive.write_archive(html, REL, tmp_path / "d2")
    assert a.name == "book-1.2.3.tar.gz" and a.read_bytes() == b.read_bytes() and size == a.stat().st_size
    with tarfile.open(a) as tar:
        names = tar.getnames()
        assert all(m.mtime == 1767312000 and m.uname == "" for m in tar.getmembers())
    assert count == len(names) and "book-1.2.3/downloads/claims.csv" in names and "book-1.2.3/README.txt" in names


def test_the_parameters_in_force_become_a_params_file_the_cli_accepts(tmp_path, registry):
    import json

    rows = [{"name": p.name, "value": p.value, "low": p.low, "high": p.high} for p in registry.parameters.values()]
    path = tmp_path / "parameters.yaml"
    path.write_bytes(archive.parameters_yaml(json.dumps(rows).encode()))
    current, _given = params.resolve(registry.parameters, None, str(path))
    assert {n: p.value for n, p in current.items()} == {n: p.value for n, p in registry.parameters.items()}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("href", "src") and not (tag == "a" and name == "href" and value.startswith("http")):
                self.links.append(value)


def _local_targets(page: Path, top: Path) -> list[tuple[str, Path]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    refresh = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', page.read_text(encoding="utf-8"))
    out = []
    for link in parser.links + ([refresh.group(1)] if refresh else []):
        parts = urlsplit(link)
        if parts.scheme in ("mailto", "javascript", "data") or (not parts.path and parts.fragment is not None and not parts.scheme):
            continue
        assert not parts.scheme and not parts.netloc, f"{page.relative_to(top)} loads {link} from the network"
        out.append((link, (page.parent / unquote(parts.path)).resolve()))
    return out


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    if not (HTML_DIR / "index.html").exists():
        pytest.skip("book not built (run python -m analysis build)")
    from analysis.book import release

    root = tmp_path_factory.mktemp("archive")
    path, _size, _count = archive.write_archive(HTML_DIR, release.current(), root / "dist")
    with tarfile.open(path) as tar:
        tar.extractall(root / "x", filter="data")
    (top,) = (root / "x").iterdir()
    return top


def test_every_link_inside_the_archive_resolves_inside_it(unpacked):
    pages = [p for p in sorted(unpacked.rglob("*.html")) if "_static" not in p.parts]  # not theme templates
    assert len(pages) > 10
    for page in pages:
        for link, target in _local_targets(page, unpacked):
            assert target.is_relative_to(unpacked.resolve()), f"{page.name}: {link} leaves the archive"
            assert target.exists(), f"{page.relative_to(unpacked)}: {link} is missing"


def test_the_archive_holds_the_downloads_and_the_parameters(unpacked):
    names = {p.name for p in (unpacked / "downloads").iterdir()}
    assert {"claims.csv", "claims.json", "claims.jsonld", "parameters.json"} <= names
    assert any(n.endswith(".bib") for n in names)
    assert yaml.safe_load((unpacked / "parameters.yaml").read_text(encoding="utf-8"))
    import json

    assert len(json.loads((unpacked / "downloads" / "claims.json").read_text(encoding="utf-8"))) == len(load().claims)


def test_index_html_opens_from_the_archive_with_no_network(unpacked, chromium_browser):
    import browser

    tab = browser.Tab(chromium_browser, 1366)
    try:
        tab.page.goto((unpacked / "index.html").as_uri(), wait_until="load")
        tab.page.wait_for_url(re.compile(r".*/book/intro\.html$"), timeout=10_000)
        assert tab.page.locator("h1").first.inner_text().strip()
        errors = [e for e in tab.errors if not any(k in e for k in browser.KNOWN_CONSOLE_ERRORS)]
        assert tab.external == [] and errors == []
    finally:
        tab.close()
