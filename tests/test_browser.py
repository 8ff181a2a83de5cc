"""Every page of the built book in a real browser, offline, at desktop and phone width: charts
draw, no console errors, no network requests, nothing wider than its column, and no serious or
critical axe-core violation beyond what a bare Jupyter Book page has.

Runs against ``_build/html`` (``$BOOK_HTML`` to test another build). Without Chromium, Playwright
or a built book the module is skipped with one reason; with CI=true that is a failure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import browser

BOOK = browser.book_dir()
PROBLEM = browser.environment_problem(BOOK)
if PROBLEM and not browser.in_ci():
    pytest.skip(PROBLEM, allow_module_level=True)
PAGES = browser.book_pages(BOOK) if (BOOK / "index.html").exists() else ["(no book)"]


@pytest.fixture(scope="module")
def tabs(chromium_browser) -> Iterator[dict[int, browser.Tab]]:
    """One browser page per viewport width, reused for every book page."""
    opened = {width: browser.Tab(chromium_browser, width) for width in browser.VIEWPORTS}
    yield opened
    for tab in opened.values():
        tab.close()


@pytest.fixture(scope="module")
def axe():
    """axe-core (axe_playwright_python's Axe), injected into each page it checks."""
    return browser.new_axe()


@pytest.mark.parametrize("width", list(browser.VIEWPORTS))
@pytest.mark.parametrize("page", PAGES)
def test_page_in_browser(page: str, width: int, tabs, axe, axe_baseline) -> None:
    problems = tabs[width].visit(BOOK, page, axe).problems(axe_baseline)
    if problems:
        pytest.fail(f"{len(problems)} problem(s):\n" + "\n".join(problems), pytrace=False)


def test_index_redirects_to_a_tested_page() -> None:
    """index.html is only a redirect (so not visited itself): its target must be a tested page."""
    if PROBLEM:
        pytest.fail(PROBLEM)  # only reached with CI=true
    target = re.search(r'url=([^"\s]+)', (BOOK / "index.html").read_text(encoding="utf-8"))
    assert target and target.group(1) in PAGES


def test_the_checks_catch_a_bad_page(tmp_path: Path, tabs, axe) -> None:
    """A page with an undrawn chart, a console error, a remote image, two over-wide tables (one
    scrolling sideways), an over-wide chart, a cut-off chart and an unlabelled image fails every check."""
    wide = "<td style='white-space:nowrap'>" + "wide " * 80 + "</td>"
    (tmp_path / "bad.html").write_text(
        "<html lang='en'><head><title>bad</title></head><body><main><article class='bd-article' "
        "style='width:300px'><div class='vega-chart' id='vega-x'></div>"
        f"<table id='t1'><tr>{wide}</tr></table>"
        f"<table id='t2' style='display:block;overflow-x:auto'><tr>{wide}</tr></table>"
        "<div class='vega-embed' id='v1' style='width:600px;height:10px'></div>"
        "<div class='vega-chart' id='v2'><svg class='marks' width='100' height='20'><text y='15'>"
        + "cut " * 40 + "</text></svg></div>"
        "<img src='https://example.org/a.png'></article></main>"
        "<script>console.error('boom')</script></body></html>", encoding="utf-8")
    visit = tabs[390].visit(tmp_path, "bad.html", axe, chart_timeout_ms=200)
    assert visit.undrawn == ["#vega-x"]
    assert any("boom" in e for e in visit.console_errors)
    assert visit.external == ["https://example.org/a.png"]
    assert [(o["element"], o["scrolls"]) for o in visit.overflowing] == [
        ("table (in #t1)", False), ("table (in #t2)", True), ("div.vega-embed (in #v1)", False),
        ("svg.marks (in #v2)", False)]
    assert "image-alt" in {v["id"] for v in visit.severe({})}
    text = "\n".join(visit.problems({}))
    for line in ("chart #vega-x drew no svg.marks", "console error: boom", "external request: https",
                 "(scrolls sideways)", "right edge at", "px of its drawing", "axe image-alt (critical)"):
        assert line in text
