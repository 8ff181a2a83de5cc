"""HTML blocks for the book pages: claim discussions, parameter banners, tables.

Notebooks call these and ``display`` the result; all numbers come from a :class:`report.Run`.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from .checks import CHECK_KINDS
from .data import Registry
from .format import fmt, fmt_interval, fmt_pct
from .report import Run, anchor, page_of, stated_text
from .verdicts import ClaimResult, describe

STATUS_WORDS = {"pass": "agrees", "near": "roughly agrees", "fail": "disagrees",
                "n/a": "not applicable / nothing found"}


ADDRESS_WORDS = {"pass": "well formed", "near": "well formed, differs from the address read",
                 "fail": "malformed", "n/a": "n/a"}
SUPPORT_WORDS = {"supports": "source supports the sentence",
                 "partial": "source supports only part of the sentence",
                 "contradicts": "source contradicts the sentence", "none": "source not found",
                 "pass": "source confirms the citation", "near": "source roughly confirms the citation",
                 "fail": "source disagrees with the citation", "n/a": "not checked"}
DATE_WORDS = {"pass": "predates the document", "near": "near", "fail": "postdates the document",
              "n/a": "n/a"}


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def verdict_badge(verdict: str) -> str:
    return f'<span class="verdict verdict-{_e(verdict)}">{_e(verdict)}</span>'


def source_links(reg: Registry, ids: list[str]) -> str:
    parts = []
    for sid in ids:
        src = reg.sources.get(sid)
        if src is None:
            continue
        label = _e(src.title if src.found else f"searched, not found: {src.title}")
        parts.append(f'<a href="99_sources.html#src-{_e(sid)}">{label}</a>')
    return "; ".join(parts)


def breakeven_line(res: ClaimResult) -> str:
    be = res.breakeven
    if be is None:
        return "No numeric parameter decides this claim."
    if be.value is None:
        return (f"No value of <code>{_e(be.parameter)}</code> alone makes the stated figure right "
                f"(range searched: 1/10,000 to 10,000 times its central value).")
    where = "inside" if be.inside else "outside"
    span = (f"its documented value {_e(fmt(be.low, be.unit))}" if be.low == be.high
            else f"its documented range {_e(fmt(be.low))} to {_e(fmt(be.high, be.unit))}")
    return (f"The stated figure would be exact if <code>{_e(be.parameter)}</code> were "
            f"<b>{_e(fmt(be.value, be.unit))}</b>, which is {where} {span} "
            f"(allowing the {_e(fmt_pct(be.tolerance))} tolerance).")


def claim_block(res: ClaimResult, reg: Registry) -> str:
    """The discussion of one claim: quote, English, three checks, verdict, break-even."""
    c = res.claim
    rows = []
    for kind in CHECK_KINDS:
        chk = res.checks[kind]
        detail = describe(c, chk) if chk.status != "n/a" or chk.summary else ""
        text = " ".join(x for x in (detail, chk.note) if x)
        rows.append(f"<tr><th>{kind}</th><td>{_e(STATUS_WORDS[chk.status])}</td>"
                    f"<td>{_e(text)}<br><small>{source_links(reg, chk.sources)}</small></td></tr>")
    seed = reg.seeds[c.seed]
    return (
        f'<div class="claim" id="{anchor(c.id)}">\n'
        f'<h4>{_e(c.id)}: {_e(c.topic)} {verdict_badge(res.verdict)}</h4>\n'
        f'<blockquote lang="de">{_e(c.quote)}</blockquote>\n'
        f'<p><i>{_e(c.english)}</i> <small>({_e(seed.kind)}, {_e(seed.date.isoformat())})</small></p>\n'
        f'<p><b>Stated:</b> {_e(stated_text(c))}</p>\n'
        f'<table class="checks"><thead><tr><th>check</th><th>result</th><th>detail</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>\n'
        f'<p><b>Verdict: {verdict_badge(res.verdict)}</b> {_e(res.reason)}</p>\n'
        f'<p><b>What would have to be true:</b> {breakeven_line(res)}</p>\n'
        "</div>"
    )


def family_blocks(run: Run, family: str) -> str:
    return "\n".join(claim_block(r, run.registry) for r in run.family(family))


def params_banner(run: Run) -> str:
    """Which parameters differ from the defaults in this build (and the Monte Carlo settings)."""
    changed = run.changed()
    mc = f"Monte Carlo: {run.n_draws:,} draws, seed {run.seed}."
    if not changed:
        return f'<div class="admonition note"><p>All parameters at their defaults. {mc}</p></div>'
    items = "".join(f"<li><code>{_e(c['name'])}</code> = {_e(fmt(c['value'], c['unit']))} "
                    f"(default {_e(fmt(c['default'], c['unit']))})</li>" for c in changed)
    return (f'<div class="admonition warning"><p>This build uses parameters that differ from the '
            f"defaults:</p><ul>{items}</ul><p>{mc}</p></div>")


def verdict_table(run: Run, family: str | None = None) -> pd.DataFrame:
    """One row per claim with a link to its discussion (for the overview page)."""
    rows = []
    for r in run.results:
        if family and r.claim.family != family:
            continue
        href = f"{page_of(run.registry, r.claim.family)}#{anchor(r.claim.id)}"
        quote = r.claim.quote if len(r.claim.quote) <= 80 else r.claim.quote[:77] + "..."
        rows.append({"claim": f'<a href="{href}" class="nowrap">{_e(r.claim.id)}</a>',
                     "verdict": verdict_badge(r.verdict),
                     "quote": f'<span lang="de">{_e(quote)}</span>',
                     "reason": _e(short_reason(r))})
    return pd.DataFrame(rows)


def short_reason(res: ClaimResult) -> str:
    """One line: the numbers of the deciding check, or the first sentence of its note."""
    chk = res.checks[res.deciding] if res.deciding else res.checks["source"]
    if chk.interval is not None:
        return f"{res.deciding} check: stated {stated_text(res.claim)}, recomputed {fmt_interval(chk.interval)}."
    text = (chk.note or chk.summary or "").strip()
    first = text.split(". ")[0].rstrip(".")
    return (first[:157] + "...") if len(first) > 160 else first + "."


def html_table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, escape=False, border=0, classes="claims-table")


def param_table(run: Run, names: list[str]) -> pd.DataFrame:
    """The parameters a page uses: value, 90 % interval, distribution, basis."""
    rows = []
    for n in names:
        p = run.params[n]
        rows.append({"parameter": n, "value": fmt(p.value, p.unit), "90 % interval":
                     f"{fmt(p.low)} to {fmt(p.high)}", "distribution": p.dist, "basis": p.basis})
    return pd.DataFrame(rows)


def counts_table(counts: dict[str, dict[str, int]], names: dict[str, str]) -> pd.DataFrame:
    """Verdict counts: one row per verdict, one column per document, and a total row."""
    verdicts = list(next(iter(counts.values())))
    rows = [{"verdict": verdict_badge(v), **{names.get(s, s): c[v] for s, c in counts.items()}}
            for v in verdicts]
    rows.append({"verdict": "<b>all claims</b>",
                 **{names.get(s, s): sum(c.values()) for s, c in counts.items()}})
    return pd.DataFrame(rows)


def interval_table(df: pd.DataFrame, label: str = "quantity") -> pd.DataFrame:
    """A views frame (label, low, median, high, unit) as formatted text."""
    return pd.DataFrame([{label: r["label"], "median": fmt(r["median"], r["unit"]),
                          "90 % interval": f"{fmt(r['low'])} to {fmt(r['high'])}"}
                         for _, r in df.iterrows()])


def throughput_table(df: pd.DataFrame) -> pd.DataFrame:
    out = interval_table(df, "model")
    out["implied MFU (median)"] = [fmt_pct(x) for x in df["mfu_median"]]
    return out


def price_table(run: Run) -> pd.DataFrame:
    from .views import price_summary

    return interval_table(price_summary(run))


def sources_html(reg: Registry) -> str:
    """Every source with an anchor, its figures and, for missing ones, what was searched."""
    blocks = []
    for src in sorted(reg.sources.values(), key=lambda s: (not s.found, s.id)):
        kind = ("primary source" if src.primary else "secondary source") if src.found else "searched, not found"
        head = f'<h4 id="src-{_e(src.id)}">{_e(src.title)}</h4>'
        meta = [f"<b>{kind}</b>", f"id <code>{_e(src.id)}</code>"]
        if src.publisher:
            meta.append(_e(src.publisher))
        if src.published:
            meta.append(f"published {_e(src.published)}")
        if src.accessed:
            meta.append(f"read {_e(src.accessed)}")
        lines = [head, "<p>" + " · ".join(meta) + "</p>"]
        if src.url:
            lines.append(f'<p>Address: <a href="{_e(src.url)}">{_e(src.url)}</a></p>')
        if src.read_via:
            lines.append(f"<p>Read through a copy: {_e(src.read_via)}</p>")
        if src.figures:
            rows = "".join(f"<tr><td><code>{_e(f.name)}</code></td><td>{_e(f.value)} {_e(f.unit)}</td>"
                           f"<td>{_e(f.locator)}</td><td>{_e(f.paraphrase)}</td></tr>" for f in src.figures)
            lines.append('<table class="claims-table"><thead><tr><th>figure</th><th>value</th>'
                         f"<th>where</th><th>what it says</th></tr></thead><tbody>{rows}</tbody></table>")
        if src.searched:
            lines.append(f"<p><b>Searched:</b> {_e(src.searched)}</p>")
        if src.notes:
            lines.append(f"<p><small>{_e(src.notes)}</small></p>")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def headline_tornados(run: Run, family: str, source: str) -> list[Any]:
    """Tornado charts for a family's headline claims that depend on parameters."""
    from .charts import tornado

    return [tornado(r, source) for r in run.family(family)
            if r.claim.headline and any(s.width > 0 for s in r.tornado)]


def doc_dates(run: Run) -> pd.DataFrame:
    return pd.DataFrame([{"document": s.kind, "date": s.date.isoformat()} for s in run.registry.seeds.values()])


def citation_cards(run: Run) -> str:
    """The citation audit: one card per footnote or credit, with the three findings and the verdict."""
    from .views import citation_rows

    cards = []
    for r in citation_rows(run):
        claim = run.registry.claims[r["claim"]]
        href = f"{page_of(run.registry, claim.family)}#{anchor(r['claim'])}"
        cards.append(
            f'<div class="claim"><h4><a href="{href}">{_e(r["claim"])}</a>: {_e(claim.topic)} '
            f'{verdict_badge(r["verdict"])}</h4>'
            f'<p><code class="citation">{_e(r["citation"])}</code></p><dl class="audit">'
            f"<dt>What it is</dt><dd>{_e(r['attached to'])}</dd>"
            f"<dt>Address</dt><dd><b>{_e(ADDRESS_WORDS[r['address'][0]])}</b>: {_e(r['address'][1])}</dd>"
            f"<dt>Date</dt><dd><b>{_e(DATE_WORDS[r['dates'][0]])}</b>: {_e(r['dates'][1])}</dd>"
            f"<dt>Supports the sentence?</dt><dd><b>{_e(SUPPORT_WORDS[r['support']])}</b>: "
            f"{_e(r['support_note'])}</dd>"
            "</dl></div>")
    return "\n".join(cards)


def citation_summary(run: Run) -> pd.DataFrame:
    """Counts over the audited citations: malformed addresses, late dates, support, verdicts."""
    from collections import Counter

    from .views import citation_rows

    rows = citation_rows(run)
    support = Counter(r["support"] for r in rows)
    return pd.DataFrame([
        {"finding": "citations audited", "count": len(rows)},
        {"finding": "address malformed", "count": sum(r["address"][0] == "fail" for r in rows)},
        {"finding": "cited work dated after the document", "count": sum(r["dates"][0] == "fail" for r in rows)},
        *({"finding": SUPPORT_WORDS[k], "count": v} for k, v in sorted(support.items())),
    ])


def scenario_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Scenario name, its description and how many verdicts differ from the defaults."""
    from .scenarios import description, scenario_files

    files = scenario_files()
    out = counts.copy()
    out.insert(1, "assumes", [_e(description(files[n])) for n in out["scenario"]])
    out["scenario"] = [f"<code>params/{_e(n)}.yaml</code>" for n in out["scenario"]]
    return out


def changed_verdicts(changes: pd.DataFrame, run: Run) -> pd.DataFrame:
    """The claims whose verdict depends on the scenario, each verdict as a badge."""
    rows = []
    for cid, row in changes.iterrows():
        family = run.registry.claims[str(cid)].family
        rec = {"claim": f'<a href="{page_of(run.registry, family)}#{anchor(str(cid))}">{_e(cid)}</a>',
               "topic": _e(run.registry.claims[str(cid)].topic)}
        rec.update({name: verdict_badge(v) for name, v in row.items()})
        rows.append(rec)
    return pd.DataFrame(rows)
