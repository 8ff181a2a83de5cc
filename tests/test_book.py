"""The pages: every claim discussed under its anchor, counts shown equal the registry's,
each notebook parameterised and charted with a source line."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from analysis.book import pages
from analysis.checking import report
from analysis.pipeline.build import notebooks_in_toc
from analysis.checking.data import PROJECT_DIR

HTML_DIR = PROJECT_DIR / "_build" / "html"


def outputs_html(nb_path: Path) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    return "\n".join(out.get("data", {}).get("text/html", "") for cell in nb.cells
                     if cell.cell_type == "code" for out in cell.get("outputs", []))


def test_every_family_has_a_notebook_in_the_toc(registry):
    toc = set(notebooks_in_toc())
    for fam in registry.families.values():
        assert fam["notebook"] in toc


@pytest.mark.parametrize("nb", notebooks_in_toc())
def test_notebooks_have_a_parameters_cell(nb):
    cells = nbformat.read(PROJECT_DIR / nb, as_version=4).cells
    assert any("parameters" in c.metadata.get("tags", []) for c in cells)


@pytest.mark.parametrize("family", ["compute", "data_volume", "energy", "prices", "finetuning",
                                    "robotics", "infrastructure", "efficiency", "attributed"])
def test_family_pages_have_a_chart_with_a_source_line(registry, family):
    html = outputs_html(PROJECT_DIR / registry.families[family]["notebook"])
    assert "vegaEmbed" in html
    specs = re.findall(r"var s=(\{.*?\});var o=", html)
    assert specs and all('"Source: ' in s for s in specs)


def test_every_claim_has_a_heading_and_a_discussion_on_its_page(registry):
    """Each family page lists its claims, in registry order, as a labelled h3 (the in-page
    contents and the search index pick them up), each followed by the claim's discussion."""
    from analysis.pipeline.notebooks import claim_heading

    for family, meta in registry.families.items():
        cells = nbformat.read(PROJECT_DIR / meta["notebook"], as_version=4).cells
        expected = [c.id for c in report.ordered_claims(registry) if c.family == family]
        found = []
        for i, cell in enumerate(cells):
            m = (re.match(r"\(claim-[a-z0-9-]+\)=\n### ([A-Z]+-[A-Z]+-\d+): ", cell.source)
                 if cell.cell_type == "markdown" else None)
            if m:
                cid = m.group(1)
                assert cell.source == claim_heading(cid, registry.claims[cid].topic), cid
                assert f'pages.claim_html(run, "{cid}")' in cells[i + 1].source, cid
                found.append(cid)
        assert found == expected, family


VERDICT_WORDS = re.compile(r"\b(accurate|inaccurate|misleading|self-contradictory|unverifiable|"
                           r"mostly[- ]accurate)\b", re.I)


@pytest.mark.parametrize("nb", notebooks_in_toc())
def test_no_markdown_cell_states_a_verdict(nb):
    """Verdicts are generated; prose cells on the claim pages never name one (the methodology and
    the introduction name the vocabulary itself)."""
    if nb in ("book/intro.ipynb", "notebooks/00_methodology.ipynb"):
        return
    for cell in nbformat.read(PROJECT_DIR / nb, as_version=4).cells:
        if cell.cell_type == "markdown":
            assert not VERDICT_WORDS.search(cell.source), (nb, cell.source[:120])


@pytest.mark.parametrize("nb", notebooks_in_toc())
def test_reader_pages_show_no_code(nb):
    for cell in nbformat.read(PROJECT_DIR / nb, as_version=4).cells:
        if cell.cell_type == "code":
            tags = cell.metadata.get("tags", [])
            assert "remove-input" in tags or "remove-cell" in tags, (nb, cell.source[:80])


def test_overview_counts_equal_the_registry(default_run):
    names = {s.file: s.kind for s in default_run.registry.seeds.values()}
    expected = pages.html_table(pages.counts_table(report.counts(default_run), names), stack=True)
    html = outputs_html(PROJECT_DIR / default_run.registry.families["overview"]["notebook"])
    assert expected in html
    total = sum(sum(c.values()) for c in report.counts(default_run).values())
    assert total == len(default_run.registry.claims)


@pytest.mark.skipif(not (HTML_DIR / "index.html").exists(), reason="book not built (run python -m analysis build)")
def test_built_book_has_every_anchor_and_the_downloads(registry):
    for cid, claim in registry.claims.items():
        page = HTML_DIR / "notebooks" / report.page_of(registry, claim.family)
        assert f'id="{report.anchor(cid)}"' in page.read_text(encoding="utf-8"), cid
    downloads = list((HTML_DIR / "_downloads").rglob("claims.json"))
    assert downloads
    assert len(json.loads(downloads[0].read_text(encoding="utf-8"))) == len(registry.claims)
    assert (HTML_DIR / "_static" / "vega-bundle.js").exists()
    assert "cdn.jsdelivr" not in (HTML_DIR / "notebooks" / "04_energy.html").read_text(encoding="utf-8")


def test_a_page_built_with_other_parameters_says_what_its_numbers_say(tmp_path):
    """Papermill injects a US-sized German household: the energy page's banner, summary, prose
    and claim block all follow the verdict it now shows (A-ENE-02 accurate)."""
    import papermill as pm

    src = PROJECT_DIR / "notebooks" / "04_energy.ipynb"
    out = tmp_path / "energy.ipynb"
    pm.execute_notebook(str(src), str(out), parameters={"overrides": {"household_kwh_de": 10500}},
                        cwd=str(src.parent), progress_bar=False, kernel_name="python3")
    html = outputs_html(out)
    expected = report.run(sets=["household_kwh_de=10500"]).by_id()["A-ENE-02"].verdict
    assert expected == "accurate"
    banner = html.split("</div>", 1)[0]
    assert "electricity a German household uses" in banner and "A-ENE-02" in banner and "verdict-accurate" in banner
    summary = html[html.rindex("This page checks"):]
    items = [i for i in re.findall(r'<li class="finding">(.*?)</li>', summary, re.S) if "A-ENE-02)" in i]
    assert len(items) == 1 and "verdict-accurate" in items[0]
    assert "nearest the Germany figure" in html and "United States figure" not in html
    block = html[html.index('data-claim="A-ENE-02"'):]
    assert 'verdict-accurate' in block.split("</p>", 1)[0]


def _built_download(name: str) -> Path:
    found = sorted((HTML_DIR / "_downloads").rglob(name))
    assert len(found) == 1, name
    return found[0]


def _cli_verdicts_for_the_built_book(tmp_path: Path) -> dict[str, dict]:
    """``verdicts --format json`` under the parameters the published book was built with."""
    import subprocess
    import sys

    from analysis.book.archive import parameters_yaml

    scenario = tmp_path / "built.yaml"
    scenario.write_bytes(parameters_yaml(_built_download("parameters.json").read_bytes()))
    out = subprocess.run([sys.executable, "-m", "analysis", "verdicts", "--format", "json", "--params",
                          str(scenario)], cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    return {r["id"]: r for r in json.loads(out.stdout)}


@pytest.mark.skipif(not (HTML_DIR / "index.html").exists(), reason="book not built (run python -m analysis build)")
def test_every_claim_has_one_claim_review_that_agrees_with_the_cli(registry, tmp_path):
    """extruct (a structured-data client from PyPI) reads the pages as a search engine would."""
    import extruct

    from analysis.book import release

    reviews = []
    for page in sorted((HTML_DIR / "notebooks").glob("*.html")):
        data = extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=True)
        reviews += [(page.name, r) for r in data["json-ld"] if r.get("@type") == "ClaimReview"]
    cli = _cli_verdicts_for_the_built_book(tmp_path)
    assert sorted(r["url"].rsplit("/", 1)[1] for _, r in reviews) == sorted(rec["page"] for rec in cli.values())
    rel = release.current()
    for page, r in reviews:
        rec = next(rec for rec in cli.values() if r["url"].endswith("/notebooks/" + rec["page"]))
        assert rec["page"].split("#")[0] == page
        rating = r["reviewRating"]
        assert rating["alternateName"] == rec["verdict"] and rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert r["claimReviewed"] == rec["english"]
        assert (r["datePublished"], r["version"]) == (rec["report_date"], rec["report_version"]) == (rel.date, rel.version)
        assert r["author"]["name"]
        claim = r["itemReviewed"]
        seed = registry.seeds[rec["seed"]]
        assert claim["@type"] == "Claim" and claim["datePublished"] == seed.date.isoformat()
        assert claim["author"] and claim["appearance"]["name"] == seed.title


@pytest.mark.skipif(not (HTML_DIR / "index.html").exists(), reason="book not built (run python -m analysis build)")
def test_every_page_shows_the_version_and_date_and_no_unfilled_mark():
    from analysis.book import release

    rel = release.current()
    pages = [HTML_DIR / "search.html", HTML_DIR / "genindex.html", *sorted((HTML_DIR / "book").glob("*.html")),
             *sorted((HTML_DIR / "notebooks").glob("*.html"))]
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "%%REPORT-" not in html and f"version {rel.version} ({rel.date})" in html, page
