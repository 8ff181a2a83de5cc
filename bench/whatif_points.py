"""Each what-if widget's size and its three test points, browser against command line.

Run: python bench/whatif_points.py (after python -m analysis build). Prints one JSON object per
widget: parameters, grid size, the bytes its section adds to the built page, and for the
default, the break-even side and the extreme position, what the page shows and what
``python -m analysis verdicts --set`` prints. Uses the browser tests' helpers (tests/browser.py).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import browser  # noqa: E402
from analysis import report  # noqa: E402
from analysis.checking.data import load  # noqa: E402


def section_bytes(page: Path, widget_id: str) -> int:
    html = page.read_text(encoding="utf-8")
    match = re.search(rf'<section class="whatif" id="{widget_id}".*?</section>', html, re.S)
    return len(match.group(0).encode("utf-8")) if match else 0


def main() -> None:
    reg, book = load(), browser.book_dir()
    with browser.chromium() as chromium:
        tab = browser.Tab(chromium, 1366)
        for spec in reg.method["whatif"]:
            page = "notebooks/" + report.page_of(reg, spec["family"])
            tab.load(book, page)
            data = browser.widget_data(tab, spec["id"])
            points = {}
            for label, point in browser.widget_test_points(data).items():
                browser.widget_set(tab, spec["id"], data["axes"][0]["name"], point[0])
                shown = browser.widget_read(tab, spec["id"])
                cli = browser.cli_verdicts(shown["command"])
                points[label] = {"command": shown["command"],
                                 **{cid: {"browser": seen, "cli": cli[cid]} for cid, seen in shown["claims"].items()}}
            print(json.dumps({"widget": spec["id"], "page": page, "parameters": spec["parameters"],
                              "grid": data["shape"], "bytes": section_bytes(book / page, spec["id"]),
                              "points": points}, indent=1))
        tab.close()


if __name__ == "__main__":
    main()
