"""Real-browser checks of the built book (Playwright + Debian's Chromium + axe-core).

Used by ``tests/test_browser.py`` and ``bench/axe_report.py``. Every page is loaded from
``file://`` with every other request aborted (and counted), so a page that needs the network fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
VIEWPORTS = {1366: 900, 390: 844}  # width: height
from analysis.pipeline.pdf import CHROMIUM_ARGS  # noqa: E402 (the same flags as the print edition)
KNOWN_CONSOLE_ERRORS = ("Identifier 'THEBE_JS_URL' has already been declared",  # sphinx-thebe
                        "Got invalid theme mode")  # pydata-sphinx-theme, first visit
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}  # no stylesheet preload over the network
SEVERE = ("serious", "critical")
CHART_TIMEOUT_MS = 10_000
SKIPPED_PAGES = ("genindex.html",)
MAX_LINES = 8  # over-wide elements listed per page

_ALL_CHARTS_DRAWN = ("() => [...document.querySelectorAll('div.vega-chart')]"
                     ".every(d => d.querySelector('svg.marks'))")

# Visible tables and charts in the article that reach past its content column (1 px allowed; a
# table inside a scrolling wrapper still has its full width), tables that scroll sideways, and
# charts whose drawing is wider than their svg (so cut off).
_OVERFLOW_JS = """() => {
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  if (!article) return {column: null, items: []};
  const box = article.getBoundingClientRect(), cs = getComputedStyle(article);
  const right = box.right - parseFloat(cs.paddingRight), left = box.left + parseFloat(cs.paddingLeft);
  const name = (el) => {
    const id = el.id || (el.closest('[id]') || {}).id;
    const cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean).slice(0, 3);
    return el.tagName.toLowerCase() + (cls.length ? '.' + cls.join('.') : '') + (id ? ` (in #${id})` : '');
  };
  const items = [], reported = new Set();
  for (const el of article.querySelectorAll('table, .vega-embed, .vega-chart svg.marks')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !el.checkVisibility() || reported.has(el.closest('.vega-embed'))) continue;
    // a table in a scrolling wrapper keeps its full width; a table that scrolls itself does not
    const scrolls = el.tagName === 'TABLE' && el.scrollWidth > el.clientWidth + 1;
    // a chart whose visible drawing reaches past its own svg is cut off
    const drawn = el.tagName !== 'svg' ? [] : [...el.querySelectorAll('text, path, rect, line, image')]
      .filter(e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}))
      .map(e => e.getBoundingClientRect()).filter(b => b.width || b.height);
    const cut = Math.max(0, ...drawn.map(b => Math.round(Math.max(b.right - r.right, r.left - b.left))));
    if (r.right > right + 1 || scrolls || cut > 1) {
      reported.add(el);
      items.push({element: name(el), width: Math.round(scrolls ? el.scrollWidth : r.width),
                  right: Math.round(r.right), scrolls, cut: cut > 1 ? cut : 0});
    }
  }
  return {column: Math.round(right - left), items};
}"""


def in_ci() -> bool:
    """True when the environment variable CI is ``true`` (missing tools then fail, not skip)."""
    return os.environ.get("CI", "").strip().lower() == "true"


def book_dir() -> Path:
    """The built book to test: ``$BOOK_HTML`` (relative to the project) or ``_build/html``."""
    return (PROJECT_DIR / os.environ.get("BOOK_HTML", "_build/html")).resolve()


from analysis.pipeline.pdf import find_chromium  # noqa: E402 (one way to find the browser: the print edition's)


def environment_problem(book: Path) -> str | None:
    """Why the browser checks cannot run here (one line), or None when they can."""
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"browser tests need playwright and axe-playwright-python ({exc.name} not importable)"
    if find_chromium() is None:
        return "browser tests need Debian's chromium (apt-get install chromium); none found"
    if not (book / "index.html").exists():
        return f"no built book at {book} (run python -m analysis build)"
    return None


def book_pages(book: Path) -> list[str]:
    """Every HTML page of the book, relative to it (no generated index, no redirect stubs)."""
    pages = []
    for path in sorted(book.rglob("*.html")):
        rel = path.relative_to(book).as_posix()
        if rel.startswith("_") or "/_" in rel or rel.rsplit("/", 1)[-1] in SKIPPED_PAGES:
            continue
        if 'http-equiv="Refresh"' in path.read_text(encoding="utf-8", errors="replace")[:300]:
            continue  # index.html: a redirect to the first page, which is tested itself
        pages.append(rel)
    return pages


@dataclass
class Visit:
    """What one page showed at one width."""

    page: str
    width: int
    charts: int = 0
    undrawn: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    column: int | None = None
    overflowing: list[dict[str, Any]] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)

    def severe(self, baseline: dict[str, int]) -> list[dict[str, Any]]:
        """Serious or critical axe violations with more nodes than the bare theme has."""
        return [v for v in self.violations
                if v["impact"] in SEVERE and len(v["nodes"]) > baseline.get(v["id"], 0)]

    def problems(self, baseline: dict[str, int]) -> list[str]:
        """One readable line per failed check (empty when the page passes)."""
        where = f"{self.page} at {self.width} px"
        out = [f"{where}: chart {c} drew no svg.marks" for c in self.undrawn]
        out += [f"{where}: console error: {e}" for e in self.console_errors]
        out += [f"{where}: external request: {u}" for u in self.external]
        wide = [f"{where}: {o['element']} " + (
            f"cuts off {o['cut']} px of its drawing" if o["cut"] else f"is {o['width']} px wide"
            + (" (scrolls sideways)" if o["scrolls"] else f", right edge at {o['right']} px")
        ) + f"; the column is {self.column} px" for o in self.overflowing]
        out += wide[:MAX_LINES] + ([f"{where}: ... and {len(wide) - MAX_LINES} more too wide"]
                                   if len(wide) > MAX_LINES else [])
        for v in self.severe(baseline):
            nodes = "; ".join(" ".join(n["target"]) + " = " + n["html"][:120].replace("\n", " ")
                              for n in v["nodes"][:3])
            out.append(f"{where}: axe {v['id']} ({v['impact']}) on {len(v['nodes'])} nodes "
                       f"(bare theme: {baseline.get(v['id'], 0)}): {nodes}")
        return out


class Tab:
    """One browser page at a fixed viewport, offline, recording errors and external requests."""

    def __init__(self, browser: Any, width: int) -> None:
        self.width = width
        self.page = browser.new_page(viewport={"width": width, "height": VIEWPORTS[width]})
        self.errors: list[str] = []
        self.external: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def load(self, book: Path, rel: str, chart_timeout_ms: int = CHART_TIMEOUT_MS) -> Visit:
        """Load ``rel``, wait for its charts to draw and measure the widths."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.errors.clear()
        self.external.clear()
        self.page.goto((book / rel).as_uri(), wait_until="load")
        visit = Visit(rel, self.width)
        visit.charts = self.page.locator("div.vega-chart").count()
        if visit.charts:
            try:
                self.page.wait_for_function(_ALL_CHARTS_DRAWN, timeout=chart_timeout_ms)
            except PlaywrightTimeout:
                visit.undrawn = self.page.eval_on_selector_all(
                    "div.vega-chart", "els => els.filter(d => !d.querySelector('svg.marks')).map(d => '#' + d.id)")
        measured = self.page.evaluate(_OVERFLOW_JS)
        visit.column, visit.overflowing = measured["column"], measured["items"]
        return visit

    def visit(self, book: Path, rel: str, axe: Any | None = None,
              chart_timeout_ms: int = CHART_TIMEOUT_MS) -> Visit:
        """Every check of one page at this tab's width; axe-core only when ``axe`` (an
        axe_playwright_python ``Axe``) is given."""
        visit = self.load(book, rel, chart_timeout_ms)
        if axe is not None:
            visit.violations = axe.run(self.page, options=AXE_OPTIONS).response["violations"]
        visit.console_errors = [e for e in self.errors if not any(k in e for k in KNOWN_CONSOLE_ERRORS)]
        visit.external = list(self.external)
        return visit

    def close(self) -> None:
        """Close the browser page."""
        self.page.close()


def visit_all(tabs: list[Tab], book: Path, rel: str, axe: Any | None = None) -> dict[int, Visit]:
    """One page in every tab (one per width): width -> visit."""
    return {tab.width: tab.visit(book, rel, axe) for tab in tabs}


def new_axe() -> Any:
    """axe-core as bundled by axe-playwright-python."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's, driven by Playwright) for the duration of the block."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise RuntimeError("no Chromium found (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def build_bare_book(folder: Path) -> Path:
    """``jupyter-book create`` + ``build`` a bare book in ``folder``; return its HTML folder."""
    jb = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]
    src = folder / "bare"
    for args in (["create", str(src)], ["build", str(src)]):
        proc = subprocess.run([*jb, *args], capture_output=True, text=True,
                              env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        if proc.returncode != 0:
            raise RuntimeError(f"jupyter-book {args[0]} failed: {(proc.stdout + proc.stderr)[-500:]}")
    return src / "_build" / "html"


def measure_baseline(browser: Any, folder: Path) -> dict[str, int]:
    """Axe on a bare Jupyter Book (built in ``folder``) at both widths: per rule id, the most
    nodes on any one page. Book pages are judged against these counts."""
    html, axe, baseline = build_bare_book(folder), new_axe(), {}
    tabs = [Tab(browser, width) for width in VIEWPORTS]
    for rel in book_pages(html):
        for visit in visit_all(tabs, html, rel, axe).values():
            for v in visit.violations:
                if v.get("impact") == "critical":  # stricter: no critical rule is ever excused
                    continue
                baseline[v["id"]] = max(baseline.get(v["id"], 0), len(v["nodes"]))
    for tab in tabs:
        tab.close()
    return baseline


# --- what-if widgets (analysis/whatif.py, book/_static/whatif.js) -------------------------------

def widget_data(tab: Tab, widget_id: str) -> dict[str, Any]:
    """The grid a widget carries (what the page looks values up in)."""
    import json

    return json.loads(tab.page.locator(f"#{widget_id} script.wi-data").text_content())


def widget_read(tab: Tab, widget_id: str) -> dict[str, Any]:
    """What the widget shows now: per claim the median (number) and verdict, and the command."""
    section = tab.page.locator(f"#{widget_id}")
    claims = {}
    for row in section.locator(".wi-readout li[data-claim]").all():
        median = row.locator(".wi-median").get_attribute("data-median")
        claims[row.get_attribute("data-claim")] = {
            "median": float(median) if median else None,
            # the badge's class carries the verdict code; its text is the label of the edition
            "verdict": (row.locator(".wi-verdict .verdict").get_attribute("class") or "").split("verdict-")[-1]}
    return {"claims": claims, "command": section.locator(f"#{widget_id}-command").inner_text().strip()}


def widget_set(tab: Tab, widget_id: str, name: str, index: int) -> None:
    """Move a slider to grid index ``index`` with the keyboard (Home, then ArrowRight), as a
    reader without a mouse would."""
    slider = tab.page.locator(f"#{widget_id} input[type=range][name='{name}']")
    slider.focus()
    slider.press("Home")
    for _ in range(index):
        slider.press("ArrowRight")
    assert slider.input_value() == str(index)


def cli_verdicts(command: str) -> dict[str, dict[str, Any]]:
    """Run the widget's command (with ``--format json``): claim id -> median and verdict."""
    import json
    import shlex

    args = shlex.split(command)
    assert args[:4] == ["python", "-m", "analysis", "verdicts"], command
    proc = subprocess.run([sys.executable, *args[1:], "--format", "json"], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parent.parent)
    return {r["id"]: {"median": (r["recomputed"] or {}).get("central"), "verdict": r["verdict"]}
            for r in json.loads(proc.stdout)}


def widget_test_points(data: dict[str, Any]) -> dict[str, list[int]]:
    """Three positions of the widget's first slider (the others at their defaults): the default,
    one on the far side of the break-even (or, without one, where the first claim's verdict
    differs from the default's, else the midpoint), and the last grid point."""
    axis = data["axes"][0]
    n, default = len(axis["values"]), [int(i) for i in data["default"]]
    nj = data["shape"][1] if len(data["shape"]) > 1 else 1
    j = default[1] if len(default) > 1 else 0
    v0 = data["cells"][data["claims"][0]]["v"]
    flips = [i for i in range(n) if v0[i * nj + j] != v0[default[0] * nj + j]]
    other = min(flips, key=lambda i: abs(i - default[0])) if flips else n // 2
    return {"default": default, "break-even side": [other, *default[1:]], "extreme": [n - 1, *default[1:]]}


def grid_step_tolerance(data: dict[str, Any], claim: str, point: list[int]) -> float:
    """How much the claim's median moves over one grid step around ``point`` (first slider)."""
    nj = data["shape"][1] if len(data["shape"]) > 1 else 1
    j = point[1] if len(point) > 1 else 0
    m = data["cells"][claim]["m"]
    here = m[point[0] * nj + j]
    near = [m[i * nj + j] for i in (point[0] - 1, point[0] + 1) if 0 <= i < data["shape"][0]]
    steps = [abs(x - here) for x in near if x is not None and here is not None]
    return max(steps, default=0.0) + (abs(here) * 1e-3 if here else 0.0)  # + the 4-figure rounding
