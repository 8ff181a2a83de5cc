"""Accessibility and width report of the built book, for an issue's closing note.

Run: python bench/axe_report.py [--book _build/html] [--baseline] [--screenshots DIR]

Prints, per page and width (1366 and 390 px), every axe-core violation (rule, impact, nodes) and
the widest elements of the article against its column; ``--baseline`` also measures a bare
Jupyter Book for comparison; ``--screenshots DIR`` saves a full-page and a first-screen PNG of
every page at both widths. Needs Debian's chromium. Nothing here runs in the tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import browser  # noqa: E402  (tests/browser.py)

# The elements of the article reaching furthest right: by their box, or by content spilling out
# of (or scrolling inside) their box. Nested elements of an already listed one are left out.
WIDEST_JS = """(n) => {
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  if (!article) return [];
  const box = article.getBoundingClientRect(), right = box.right - parseFloat(getComputedStyle(article).paddingRight);
  const found = [];
  for (const el of article.querySelectorAll('*')) {
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const r = el.getBoundingClientRect(), ox = getComputedStyle(el).overflowX;
    const extent = el instanceof SVGElement ? r.right : Math.max(r.right, r.left + el.scrollWidth);
    if (extent <= right + 1 || found.some(f => f.el.contains(el))) continue;
    const scrolls = (ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1;
    const cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean).slice(0, 2).join('.');
    const id = (el.closest('[id]') || {}).id;
    found.push({el, extent, text: el.tagName.toLowerCase() + (cls ? '.' + cls : '') + (id ? ' in #' + id : ''),
                how: scrolls ? 'scrolls' : (r.right > right + 1 ? 'box' : 'spills'),
                past: Math.round(extent - right)});
  }
  found.sort((a, b) => b.extent - a.extent);
  return found.slice(0, n).map(({el, extent, ...rest}) => rest);
}"""


def slug(page: str) -> str:
    """A file-name stem for a page path."""
    return page.removesuffix(".html").replace("/", "_")


def report(book: Path, baseline: dict[str, int] | None, shots: Path | None, widest: int) -> None:
    """Visit every page at both widths and print the violations and widest elements."""
    axe = browser.new_axe()
    with browser.chromium() as chromium:
        if baseline is not None:
            with tempfile.TemporaryDirectory() as tmp:
                baseline.update(browser.measure_baseline(chromium, Path(tmp)))
            print("bare-theme baseline (rule: most nodes on a page): "
                  + (", ".join(f"{k}: {v}" for k, v in sorted(baseline.items())) or "none"))
        tabs = [browser.Tab(chromium, width) for width in browser.VIEWPORTS]
        rows: list[tuple[str, ...]] = []
        wide_lines: list[str] = []
        for page in browser.book_pages(book):
            for tab, visit in zip(tabs, browser.visit_all(tabs, book, page, axe).values()):
                for v in visit.violations:
                    excess = "" if baseline is None else (
                        "above bare" if len(v["nodes"]) > baseline.get(v["id"], 0) else "bare")
                    example = " ".join(v["nodes"][0]["target"])[:70]
                    rows.append((page, str(visit.width), v["id"], v["impact"], str(len(v["nodes"])),
                                 excess, example))
                for item in tab.page.evaluate(WIDEST_JS, widest):
                    wide_lines.append(f"{page:34} {visit.width:>4}  column {visit.column} px  "
                                      f"{item['text']}: {item['past']} px past ({item['how']})")
                for problem in visit.problems(baseline or {}):
                    if "axe" not in problem:
                        wide_lines.append(f"  check failed: {problem}")
                if shots is not None:
                    shots.mkdir(parents=True, exist_ok=True)
                    tab.page.screenshot(path=str(shots / f"{slug(page)}-{visit.width}-full.png"), full_page=True)
                    tab.page.screenshot(path=str(shots / f"{slug(page)}-{visit.width}-first.png"))
        print_table(("page", "width", "rule", "impact", "nodes", "vs bare", "first node"), rows)
        print("\nWidest elements (beyond the article's content column; 'scrolls' = scrolls sideways, "
              "'spills' = content wider than its box):")
        print("\n".join(wide_lines) or "none: everything fits its column at both widths")


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A plain fixed-width table."""
    if not rows:
        print("axe-core: no violations on any page at either width")
        return
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--book", type=Path, default=browser.book_dir(), help="built book (default: _build/html)")
    ap.add_argument("--baseline", action="store_true", help="also measure a bare Jupyter Book (~10 s)")
    ap.add_argument("--screenshots", type=Path, metavar="DIR", help="save screenshots of every page here")
    ap.add_argument("--widest", type=int, default=3, help="widest elements listed per page and width")
    args = ap.parse_args(argv)
    problem = browser.environment_problem(args.book.resolve())
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    report(args.book.resolve(), {} if args.baseline else None, args.screenshots, args.widest)
    print(f"\n{time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
