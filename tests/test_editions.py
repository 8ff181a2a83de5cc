"""The German edition as readers get it: the same claims and verdicts as the English one, every
sentence German, German numbers, its own ClaimReview and downloads, a switch between the two."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.checking import report
from analysis.checking.data import PROJECT_DIR
from analysis.text.catalogs import catalog

HTML_DIR = PROJECT_DIR / "_build" / "html"
DE_DIR = HTML_DIR / "de"
built = pytest.mark.skipif(not (DE_DIR / "book" / "intro.html").exists(),
                           reason="book not built (run python -m analysis build)")

# The commonest function words of each language: a text block whose English ones outnumber its
# German ones (and that has at least three) is an English sentence.
ENGLISH = set("the of and to in is that for it as with was on by are this be from or which an not "
              "its at have has but our we were their they than would been these more".split())
GERMAN = set("der die das und zu den von mit ist im für auf nicht des ein eine dem sich als auch es "
             "an wird bei aus nach einer einem sind oder wie wir unsere über zum zur vom".split())
BLOCKS = ("p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "caption", "summary", "label", "figcaption")


class Blocks(HTMLParser):
    """The text of each block element of a page's article, leaving out code, the German quotes
    and what is in a source's own language (titles, bibliography entries, quoted fragments)."""

    SKIP = {"code", "pre", "script", "style", "blockquote", "cite"}

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._stack: list[str] = []
        self._skip = 0
        self._text: list[str] = []
        self._in_article = False
        self._bib = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article":
            self._in_article = True
        cls = a.get("class") or ""
        if tag in self.SKIP or "bibliography" in cls or "citation" in cls or (a.get("id") or "").startswith("src-"):
            self._skip += 1
            self._stack.append("skip:" + tag)
            return
        self._stack.append(tag)
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            top = self._stack.pop()
            if top.startswith("skip:"):
                self._skip -= 1
            if top.split(":")[-1] == tag:
                break
        if tag in BLOCKS:
            self._flush()
        if tag == "article":
            self._in_article = False

    def handle_data(self, data: str) -> None:
        if self._in_article and not self._skip:
            self._text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(text)
        self._text = []


def english_blocks(html: str, allowed: set[str]) -> list[str]:
    parser = Blocks()
    parser.feed(html)
    parser._flush()
    out = []
    for text in parser.blocks:
        if text in allowed or any(text in a for a in allowed):
            continue
        rest = re.sub(r"„[^“]*“|https?://\S+", " ", text)  # quoted fragments and addresses
        for name in allowed:
            rest = rest.replace(name, " ")
        words = [w.lower() for w in re.findall(r"[A-Za-zÄÖÜäöüß]+", rest)]
        en, de = sum(w in ENGLISH for w in words), sum(w in GERMAN for w in words)
        if en >= 3 and en > de:
            out.append(text)
    return out


def _pages(folder: Path) -> list[Path]:
    return sorted(p for sub in ("book", "notebooks") for p in (folder / sub).glob("*.html"))


def _claims(page: Path) -> dict[str, str]:
    """claim id -> verdict code, from each claim block's first badge."""
    html = page.read_text(encoding="utf-8")
    return {cid: verdict for cid, verdict in re.findall(
        r'<div class="claim" data-claim="([A-Z0-9-]+)">.*?class="verdict verdict-([a-z-]+)"', html, re.S)}


@built
def test_both_editions_have_the_same_pages_claims_and_verdicts(registry):
    en, de = _pages(HTML_DIR), _pages(DE_DIR)
    assert [p.relative_to(HTML_DIR) for p in en] == [p.relative_to(DE_DIR) for p in de]
    claims_en = {k: v for p in en for k, v in _claims(p).items()}
    claims_de = {k: v for p in de for k, v in _claims(p).items()}
    assert set(claims_en) == set(registry.claims)
    assert claims_de == claims_en


def test_every_verdict_is_the_same_in_both_editions_under_other_parameters():
    """The verdicts are computed once: rendering a block in German never decides anything."""
    from analysis.book import editions, pages

    run = report.run(sets=["household_kwh_de=10500", "pue=1.9"])
    for res in run.results:
        both = editions.render(lambda: pages.claim_html(run, res.claim.id))._repr_mimebundle_()
        de = both[editions.MIME]["de"]["text/html"]
        assert f'verdict-{res.verdict}"' in both["text/html"] and f'verdict-{res.verdict}"' in de, res.claim.id


@built
def test_every_german_page_is_german(registry):
    """No English sentence is left in the German edition (source titles and quotes aside)."""
    allowed = ({s.title for s in registry.sources.values()} | {s.title for s in registry.seeds.values()}
               | {s.publisher for s in registry.sources.values() if s.publisher})
    problems = {}
    for page in _pages(DE_DIR):
        found = english_blocks(page.read_text(encoding="utf-8"), allowed)
        if found:
            problems[page.name] = found[:5]
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_the_language_test_catches_an_english_sentence():
    html = ("<article><p>Wir haben nachgerechnet: Die Zahl stimmt nicht.</p>"
            "<p>The article's figure fits US households, which use three times as much.</p></article>")
    assert english_blocks(html, set()) == ["The article's figure fits US households, which use three times as much."]


@built
def test_german_pages_declare_german_and_link_the_english_page():
    for page in _pages(DE_DIR):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="de"' in html, page
        rel = page.relative_to(DE_DIR).as_posix()
        hrefs = re.findall(r'<a class="edition-link" href="([^"]+)" hreflang="en"', html)
        assert hrefs and (page.parent / hrefs[0]).resolve() == (HTML_DIR / rel).resolve(), page
        assert 'hreflang="de"' in html and 'rel="alternate"' in html
    for page in _pages(HTML_DIR):
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(HTML_DIR).as_posix()
        hrefs = re.findall(r'<a class="edition-link" href="([^"]+)" hreflang="de"', html)
        assert hrefs and (page.parent / hrefs[0]).resolve() == (DE_DIR / rel).resolve(), page


@built
def test_german_numbers_dates_and_labels():
    html = (DE_DIR / "notebooks" / "04_energy.html").read_text(encoding="utf-8")
    block = html[html.index('<div class="claim" data-claim="A-ENE-02"'):]
    block = block[:block.index('<p class="cite-as">')]
    assert "21.100" in block and "6.500" in block and "26. November 2025" in block
    assert catalog("de")["verdicts"]["inaccurate"] in block
    for english in ("21,100", "6,500", "65,000", "3,084 kWh", "26 November 2025"):
        assert english not in block, english


@built
def test_each_edition_has_its_own_claim_reviews(registry):
    import extruct

    for folder, lang in ((HTML_DIR, "en"), (DE_DIR, "de")):
        reviews = []
        for page in sorted((folder / "notebooks").glob("*.html")):
            data = extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=True)
            reviews += [r for r in data["json-ld"] if r.get("@type") == "ClaimReview"]
        assert len(reviews) == len(registry.claims)
        assert {r["inLanguage"] for r in reviews} == {lang}
        if lang == "de":
            labels = set(catalog("de")["verdicts"].values())
            assert all(r["reviewRating"]["alternateName"] in labels for r in reviews)
            assert all("/de/notebooks/" in r["url"] for r in reviews)
        jsonld = sorted((folder / "_downloads").rglob("claims.jsonld"))
        assert len(jsonld) == 1
        graph = json.loads(jsonld[0].read_text(encoding="utf-8"))["@graph"]
        assert {r["inLanguage"] for r in graph} == {lang}


@built
def test_german_search_finds_a_german_word_and_a_claim_id():
    index = (DE_DIR / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1:index.rindex(")")])
    terms = data["terms"]
    assert any(t.startswith("haushalt") for t in terms), "German stemming"
    assert "a-ene-02" in {t.lower() for t in data.get("indexentries", {})} or "A-ENE-02" in index


@built
def test_the_switch_keeps_the_claim_the_reader_is_at(chromium_browser):
    """Following the switch from a claim's anchor lands on the same claim in the other edition."""
    page = chromium_browser.new_page()
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto((DE_DIR / "notebooks" / "04_energy.html").as_uri() + "#claim-a-ene-02")
        page.click("a.edition-link")
        page.wait_for_load_state("load")
        assert page.url == (HTML_DIR / "notebooks" / "04_energy.html").as_uri() + "#claim-a-ene-02"
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        page.close()
