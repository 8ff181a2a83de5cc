"""What a reader reads, under every scenario and random parameter sets: the claim blocks,
findings and page summaries as the book renders them.

Fails on the defect classes of the editorial review: a parameter identifier in reader text, a
sentence said twice in one claim block, method jargon ("Monte Carlo", "draws") in a lead,
evidence, finding or summary, a status that contradicts its detail, and a number typed into a
note that a scenario's own figure contradicts.
"""

import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.book import pages
from analysis.checking import report
from analysis.checking.scenarios import scenario_files
from analysis.text import explain

SCENARIOS = sorted(scenario_files())
RUNS = {name: report.run(params_file=str(scenario_files()[name])) for name in SCENARIOS}
JARGON = re.compile(r"Monte Carlo|\bdraws?\b|tolerance|deciding check", re.I)


def _text(fragment: str) -> str:
    """The prose of an HTML fragment as a reader sees it (the small print, source links and the
    citation line, is left out: a source may rightly be linked twice)."""
    fragment = re.sub(r"<small>.*?</small>", " ", fragment, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _reader_parts(run, res):
    reg = run.registry
    return {"lead": explain.lead(res, reg), "evidence": explain.evidence(res, reg),
            "change": explain.breakeven_sentence(res, reg), "finding": explain.finding(res, reg)}


def _identifiers(run):
    return [n for n in run.registry.parameters if "_" in n]


def _check_run(name, run):
    ids = _identifiers(run)
    for res in run.results:
        block = _text(pages.claim_block(res, run.registry))
        for ident in ids:
            assert ident not in block, (name, res.claim.id, ident)
        sentences = [s for s in pages._sentences(block) if len(s) > 25]
        repeated = {s for s in sentences if sentences.count(s) > 1}
        assert not repeated, (name, res.claim.id, repeated)
        for part, text in _reader_parts(run, res).items():
            assert not JARGON.search(text), (name, res.claim.id, part, text)
        for kind, chk in res.checks.items():
            if chk.status == "n/a" and not chk.evidence:
                # "not applicable" stands next to the note only, never next to a finding
                assert explain.check_sentence(res.claim, chk, run.registry) == "" or "url" in chk.spec, (
                    name, res.claim.id, kind)
    for family in sorted({c.family for c in run.registry.claims.values()}):
        summary = _text(pages.family_summary(run, family))
        assert not JARGON.search(summary), (name, family)
        assert not any(ident in summary for ident in ids), (name, family)


@pytest.mark.parametrize("name", SCENARIOS)
def test_reader_text_under_every_scenario(name):
    _check_run(name, RUNS[name])


def _settable(reg):
    return sorted(n for n, p in reg.parameters.items() if p.kind == "assumption" and p.low < p.high)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_reader_text_under_random_parameter_sets(data):
    reg = RUNS["defaults"].registry
    names = data.draw(st.lists(st.sampled_from(_settable(reg)), min_size=1, max_size=3, unique=True))
    sets = []
    for n in names:
        p = reg.parameters[n]
        x = data.draw(st.floats(min_value=p.low, max_value=p.high))
        sets.append(f"{n}={round(x) if p.whole else x}")
    _check_run(" ".join(sets), report.run(sets=sets))


NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(M|bn|T|k)?\b")
SCALE = {None: 1, "k": 1e3, "M": 1e6, "bn": 1e9, "T": 1e12}


def _typed_numbers(note: str) -> list[float]:
    return [float(m.group(1).replace(",", "")) * SCALE[m.group(2)] for m in NUMBER.finditer(note)]


def _same(a: float, b: float) -> bool:
    return a > 0 and b > 0 and abs(a - b) <= 0.02 * max(a, b)


def test_no_note_types_a_figure_that_a_scenario_moves():
    """A number typed into a note equal to a default recomputed figure must not be one that a
    scenario changes (it would then contradict that scenario's own figure): it is a field."""
    base = {r.claim.id: r for r in RUNS["defaults"].results}
    for name, run in RUNS.items():
        for res in run.results:
            b = base[res.claim.id]
            for kind, chk in res.checks.items():
                d = b.checks[kind]
                if chk.interval is None or d.interval is None or _same(chk.interval.central, d.interval.central):
                    continue
                # the document's own figures may be quoted: they are what is checked
                quoted = set(_typed_numbers(res.claim.quote.replace(".", "").replace(",", "."))) | {
                    float(v) for k3, v in res.claim.stated.items() if k3 in ("value", "low", "high")}
                for k2 in res.checks:
                    for x in _typed_numbers(res.claim.checks[k2].get("note", "")):
                        assert any(_same(x, q) for q in quoted) or not _same(x, d.interval.central), (
                            name, res.claim.id, k2, x)
                    for lead in res.claim.lead.values():
                        for x in _typed_numbers(lead):
                            assert any(_same(x, q) for q in quoted) or not _same(x, d.interval.central), (
                                name, res.claim.id, "lead", x)


def test_leads_are_written_for_verdicts_that_exist():
    from analysis.checking.verdicts import VERDICTS

    for c in RUNS["defaults"].registry.claims.values():
        assert set(c.lead) <= set(VERDICTS), c.id
        for text in c.lead.values():
            assert len(text.split()) <= 40, (c.id, text)
