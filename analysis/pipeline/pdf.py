"""The print edition: each edition of the book as one PDF.

How: Sphinx writes the edition as a single HTML page (``singlehtml``, from the same work folder
and doctrees as the HTML book, so the pages are read once), then Debian's Chromium, driven by
Playwright with every request but ``file://`` aborted, draws the charts and prints the page to A4
with page numbers in the footer ("Page 3 of 40" / "Seite 3 von 40") and a title page first. The
print style sheet (``book/_static/custom.css``, ``@media print``) hides navigation, search and
buttons and keeps a claim block or a chart on one page where it fits.

Jupyter Book's own ``pdfhtml`` builder needs Playwright's downloaded browser (absent offline) and
its ``pdflatex`` route a TeX installation of 0.4-1.8 GB that loses the page styling.
"""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

from ..text.catalogs import edition
from ..text.say import say

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CHART_TIMEOUT_MS = 20_000
# The page is laid out at A4's width divided by this (about 900 px), so tables keep their columns
# (below 700 px they turn into cards) and the type prints at about 9 points.
PRINT_SCALE = 0.75
_ALL_CHARTS_DRAWN = ("() => [...document.querySelectorAll('div.vega-chart')]"
                     ".every(d => d.querySelector('svg.marks'))")


class PdfError(RuntimeError):
    """The print edition cannot be made here (one line, naming what is missing)."""


def find_chromium() -> str | None:
    """Path of a Chromium executable: ``$CHROMIUM``, ``chromium`` on the PATH, or /usr/bin/chromium."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def check() -> str:
    """The Chromium to print with; raises :class:`PdfError` before any work if there is none."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise PdfError("--pdf needs the Python package playwright (pip install -r requirements.txt)") from None
    exe = find_chromium()
    if exe is None:
        raise PdfError("--pdf needs Chromium: none found at $CHROMIUM, on the PATH or at /usr/bin/chromium "
                       "(apt-get install chromium)")
    return exe


def file_name(name: str, version: str, lang: str) -> str:
    """The PDF's file name: ``factcheck-ai-compute-energy-1.1.0-de.pdf``."""
    return f"{name}-{version}-{lang}.pdf"


def title_page(lang: str, title: str, author: str, version: str, date: str) -> str:
    """The HTML of the title page put before the book's first page."""
    import datetime as dt

    from ..text.wording import date_span

    with edition(lang):
        try:
            day = dt.date.fromisoformat(date)
            date = date_span(day, day)
        except ValueError:
            pass
        return (f'<section class="pdf-title-page"><h1>{html.escape(title)}</h1>'
                f'<p class="pdf-author">{html.escape(author)}</p>'
                f'<p class="pdf-version">{html.escape(say("pdf.version", version=version, date=date))}</p>'
                f'<p class="pdf-about">{html.escape(say("pdf.about"))}</p></section>')


def footer(lang: str) -> str:
    """Chromium's footer template: "Page X of Y" in the edition's words."""
    with edition(lang):
        words = html.escape(say("pdf.page", page="\x00", pages="\x01"))
    words = words.replace("\x00", '<span class="pageNumber"></span>').replace("\x01", '<span class="totalPages"></span>')
    return f'<div style="font-size:8px;width:100%;text-align:center;color:#555">{words}</div>'


def print_pages(jobs: list[tuple[Path, Path, str, str]], chromium: str) -> list[tuple[float, int]]:
    """Print each single-page book ``(page, target, lang, title page HTML)`` to its PDF, in one
    Chromium; returns (seconds, bytes) per job."""
    import time

    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 (Playwright's launch error)
            raise PdfError(f"Chromium ({chromium}) did not start: {str(exc).splitlines()[0]}") from None
        try:
            for page_html, target, lang, title_html in jobs:
                t0 = time.perf_counter()
                data = _print(browser, page_html, lang, title_html)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                out.append((time.perf_counter() - t0, len(data)))
        finally:
            browser.close()
    return out


def _print(browser: object, page_html: Path, lang: str, title_html: str) -> bytes:
    page = browser.new_page(viewport={"width": 1100, "height": 1400})  # type: ignore[attr-defined]
    try:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                   else route.abort())
        page.emulate_media(media="print")
        page.goto(page_html.resolve().as_uri(), wait_until="load")
        try:
            page.wait_for_function(_ALL_CHARTS_DRAWN, timeout=CHART_TIMEOUT_MS)
        except Exception:  # noqa: BLE001 (Playwright's timeout): name what did not draw
            undrawn = page.evaluate("() => [...document.querySelectorAll('div.vega-chart')]"
                                    ".filter(d => !d.querySelector('svg.marks')).map(d => d.id)")
            raise PdfError(f"{len(undrawn)} charts did not draw within {CHART_TIMEOUT_MS // 1000} s "
                           f"({', '.join(undrawn[:3])})") from None
        page.evaluate("(t) => { const m = document.querySelector('main') || document.body;"
                      " m.insertAdjacentHTML('afterbegin', t); }", title_html)
        return page.pdf(format="A4", print_background=True, display_header_footer=True,
                        header_template="<span></span>", footer_template=footer(lang),
                        margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
                        scale=PRINT_SCALE, outline=True)
    finally:
        page.close()
