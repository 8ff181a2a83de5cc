"""The tables of analysis/pages.py: the overview's claim index and its filter form, the generic
tables, the sources' figure tables, the verdict badges' contrast, and (in Chromium) the index's
layout at desktop and phone width and its filtering."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analysis.book import pages
from analysis.text import records
from analysis.checking import report
from analysis.checking.data import PROJECT_DIR
from analysis.checking.verdicts import VERDICTS

CSS = PROJECT_DIR / "book" / "_static" / "custom.css"
BOOK = (PROJECT_DIR / os.environ.get("BOOK_HTML", "_build/html")).resolve()
HEADERS = ["claim", "verdict", "topic", "stated vs recomputed", "discussion"]


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.fixture(scope="module")
def index(default_run) -> BeautifulSoup:
    return soup(pages.claim_index(default_run))


def matches(claim, query: str) -> bool:
    """The text filter's rule, written out independently of pages.search_text."""
    fields = (claim.id, claim.topic, claim.quote, records.stated_text(claim))
    return query.lower() in " ".join(" | ".join(fields).lower().split())


# --- the claim index -------------------------------------------------------------------------

def test_index_has_one_row_per_claim_with_five_labelled_columns(default_run, index):
    table = index.find("table", id=pages.INDEX_ID)
    assert table.caption and str(len(default_run.results)) in table.caption.get_text()
    assert [th.get_text() for th in table.thead.find_all("th")] == HEADERS
    rows = table.tbody.find_all("tr")
    assert [r.th.get_text() for r in rows] == [res.claim.id for res in default_run.results]
    assert len(rows) == len(default_run.registry.claims)
    for row, res in zip(rows, default_run.results):
        cells = row.find_all(["th", "td"], recursive=False)
        assert [c["data-label"] for c in cells] == HEADERS
        assert cells[0]["scope"] == "row" and cells[0]["role"] == "rowheader"
        assert {c["role"] for c in cells[1:]} == {"cell"}
        assert cells[1].find("span", class_=f"verdict-{res.verdict}")
        assert cells[2].get_text() == res.claim.topic
        assert cells[3].get_text() == pages.stated_vs_recomputed(res)


def test_index_rows_carry_valid_filter_attributes(default_run, index):
    reg = default_run.registry
    for row, res in zip(index.find("table", id=pages.INDEX_ID).tbody.find_all("tr"), default_run.results):
        c = res.claim
        assert row["data-document"] == reg.seeds[c.seed].kind
        assert row["data-family"] == c.family and c.family in reg.families
        assert row["data-verdict"] == res.verdict and res.verdict in VERDICTS
        search = row["data-search"]
        assert " ".join(c.quote.lower().split()) in search and c.id.lower() in search


def test_stated_vs_recomputed_names_both_figures(default_run):
    for res in default_run.results:
        text = pages.stated_vs_recomputed(res)
        assert records.stated_text(res.claim) in text
        if res.recomputed is not None and res.recomputed.interval is not None:
            assert " · ours " in text


def test_index_links_name_their_claim_and_reach_its_anchor(default_run, index):
    reg = default_run.registry
    links = [row.find("a") for row in index.find("table", id=pages.INDEX_ID).tbody.find_all("tr")]
    names = [a.get_text() for a in links]
    assert names == [f"Discussion of {r.claim.id}" for r in default_run.results]
    assert len(set(names)) == len(names)
    for a, res in zip(links, default_run.results):
        assert a["href"] == f"{report.page_of(reg, res.claim.family)}#{report.anchor(res.claim.id)}"
        assert (PROJECT_DIR / reg.families[res.claim.family]["notebook"]).exists()
    if (BOOK / "notebooks").is_dir():  # the built book: every target anchor exists
        texts: dict[str, str] = {}
        for a in links:
            page, frag = a["href"].split("#")
            text = texts.setdefault(page, (BOOK / "notebooks" / page).read_text(encoding="utf-8"))
            assert f'id="{frag}"' in text, a["href"]


def test_filter_form_has_labelled_controls_and_options_from_the_rows(default_run, index):
    form = index.find("form", class_="claim-filter")
    assert form.has_attr("hidden") and form["data-for"] == pages.INDEX_ID
    rows = index.find("table", id=pages.INDEX_ID).tbody.find_all("tr")
    controls = form.find_all(["select", "input"])
    assert [c["name"] for c in controls] == ["document", "family", "verdict", "text"]
    for control in controls:
        label = form.find("label", attrs={"for": control["id"]})
        assert label is not None and label.get_text().strip(), control["id"]
    for select in form.find_all("select"):
        values = [o["value"] for o in select.find_all("option")]
        assert values[0] == ""  # "all"
        assert set(values[1:]) == {r[f"data-{select['name']}"] for r in rows}
    status = form.find(attrs={"role": "status"})
    n = len(default_run.results)
    assert status["aria-live"] == "polite" and status.get_text() == f"{n} of {n} claims shown"


# --- the other tables ------------------------------------------------------------------------

def test_html_table_labels_cells_and_stacks_only_wide_tables():
    wide = soup(pages.html_table(pd.DataFrame([{"a <b>": "<b>x</b>", "n": 3, "c": "y", "d": "z"}])))
    table = wide.table
    assert "stack" in table["class"] and table["role"] == "table"
    assert table.thead.th.get_text() == "a <b>"  # headers are text, cells are HTML
    cells = table.tbody.tr.find_all(["th", "td"])
    assert [c["data-label"] for c in cells] == ["a <b>", "n", "c", "d"]
    assert cells[0].b and "num" in cells[1]["class"]
    narrow = soup(pages.html_table(pd.DataFrame([{"finding": "x", "count": 1}]))).table
    assert "stack" not in narrow["class"] and not narrow.has_attr("role")
    assert narrow.tbody.th["scope"] == "row"


def test_source_figure_tables_are_labelled_by_their_heading(registry):
    doc = soup(pages.sources_html(registry) + pages.sources_html(registry, found=False))
    tables = doc.find_all("table", class_="source-figures")
    assert len(tables) == sum(1 for s in registry.sources.values() if s.figures)
    for table in tables:
        assert doc.find(id=table["aria-labelledby"]).name == "h3"  # under the page's h2 sections
        assert [th.get_text() for th in table.thead.find_all("th")] == ["figure", "value", "where", "what it says"]
        for row in table.tbody.find_all("tr"):
            assert [c["data-label"] for c in row.find_all(["th", "td"])] == ["figure", "value", "where", "what it says"]


def test_param_table_escapes_its_text(default_run):
    name = next(iter(default_run.params))
    df = pages.param_table(default_run, [name])
    assert df.loc[0, "parameter"] == f"<code>{name}</code>"
    assert "<" not in df.loc[0, "basis"].replace("&lt;", "")


# --- colour contrast -------------------------------------------------------------------------

def luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rgb`` or ``#rrggbb``."""
    h = hex_colour.lstrip("#")
    h = "".join(ch * 2 for ch in h) if len(h) == 3 else h
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def css_rules(text: str) -> dict[str, dict[str, str]]:
    """Top-level ``selector { prop: value; ... }`` rules (comments removed)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        decls = dict((k.strip(), v.strip()) for k, v in
                     (d.split(":", 1) for d in body.split(";") if ":" in d))
        for s in sel.split(","):
            rules.setdefault(s.strip(), {}).update(decls)
    return rules


def test_contrast_formula_matches_known_values():
    assert contrast("#000", "#fff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_verdict_badges_pass_wcag_aa_contrast():
    rules = css_rules(CSS.read_text(encoding="utf-8"))
    text = rules[".verdict"]["color"]
    for verdict in VERDICTS:
        background = rules[f".verdict-{verdict}"]["background"]
        assert re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", background), background
        ratio = contrast(text, background)
        assert ratio >= 4.5, f"{verdict}: {text} on {background} is {ratio:.2f}:1"


# --- in a real browser -----------------------------------------------------------------------

def _unavailable(reason: str) -> None:
    (pytest.fail if os.environ.get("CI", "").lower() == "true" else pytest.skip)(reason)


def test_index_fits_becomes_cards_and_filters_in_chromium(default_run, chromium_browser):
    """Uses the session's Chromium (tests/conftest.py): it skips, or fails under CI=true, without one."""
    overview = BOOK / "notebooks" / report.page_of(default_run.registry, "overview")
    if not overview.exists():
        _unavailable(f"no built book at {BOOK} (run python -m analysis build): browser check of the claim index not run")
    total = len(default_run.results)
    inaccurate = sum(r.verdict == "inaccurate" for r in default_run.results)
    haushalte = sum(matches(r.claim, "Haushalte") for r in default_run.results)
    assert 0 < haushalte < total and 0 < inaccurate < total
    shown = "() => [...document.querySelectorAll('#claim-index tbody tr')].filter(r => r.checkVisibility())"
    browser = chromium_browser
    for width, height in ((1366, 900), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(overview.as_uri())
        assert page.locator("#claim-index").count() == 1, "built overview has no claim index: rebuild"
        page.wait_for_selector("form.claim-filter:not([hidden])")
        geo = page.evaluate("""() => {
          const art = document.querySelector('article.bd-article'), cs = getComputedStyle(art);
          const t = document.getElementById('claim-index'), r = t.getBoundingClientRect();
          const row = t.tBodies[0].rows[0], rr = row.getBoundingClientRect();
          return {column: art.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight),
                  left: art.getBoundingClientRect().left + parseFloat(cs.paddingLeft),
                  width: r.width, scroll: t.scrollWidth, client: t.clientWidth, right: r.right,
                  rowDisplay: getComputedStyle(row).display, rowRight: rr.right,
                  headHeight: t.tHead.getBoundingClientRect().height};
        }""")
        limit = geo["left"] + geo["column"] + 1
        assert geo["right"] <= limit and geo["scroll"] <= geo["client"] + 1, (width, geo)
        if width == 390:
            assert geo["rowDisplay"] == "block" and geo["rowRight"] <= limit, geo
            assert geo["headHeight"] <= 1, "column headers should be visually hidden on phones"
        else:
            assert geo["rowDisplay"] == "table-row", geo
        assert len(page.evaluate(shown)) == total

        page.select_option("#cf-verdict", "inaccurate")
        verdicts = page.evaluate(f"() => ({shown})().map(r => r.dataset.verdict)")
        assert verdicts == ["inaccurate"] * inaccurate
        assert page.inner_text(".cf-count") == f"{inaccurate} of {total} claims shown"

        page.select_option("#cf-verdict", "")
        page.fill("#cf-text", "Haushalte")
        ids = page.evaluate(f"() => ({shown})().map(r => r.querySelector('th').textContent)")
        assert ids == [r.claim.id for r in default_run.results if matches(r.claim, "Haushalte")]
        assert page.inner_text(".cf-count") == f"{haushalte} of {total} claims shown"
        page.close()


def test_charts_use_the_badge_colours():
    """A verdict has one colour in the book: the chart palette equals the badges' CSS."""
    from analysis.book.charts import VERDICT_COLOURS

    rules = css_rules((PROJECT_DIR / "book" / "_static" / "custom.css").read_text(encoding="utf-8"))
    for verdict, colour in VERDICT_COLOURS.items():
        assert rules[f".verdict-{verdict}"]["background"].lower() == colour.lower(), verdict
