"""HTML blocks for the book pages: claim discussions, parameter banners, tables.

Notebooks call these and ``display`` the result; all numbers come from a :class:`report.Run`.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..checking.checks import CHECK_KINDS, form
from ..checking.data import Registry
from ..checking.report import Run, claim_href, family_parameters
from ..checking.verdicts import VERDICTS, ClaimResult
from ..text.catalogs import catalog, message, resolve
from ..text.explain import (breakeven_sentence, check_sentence, doc_name, evidence, finding, lead, note,
                            parameter_label, stated_words)
from ..text.explain import stated_vs_recomputed as explain_stated_vs_recomputed
from ..text.local import family_title, figure_text, parameter_text, source_text, topic
from ..text.records import stated_text
from ..text.say import Q, say
from ..text.wording import amount, date_span, localise, readable, tabled, tabled_pct, unit_word
from . import bibliography, publication

if TYPE_CHECKING:
    from .diff import ScenarioChanges



def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def verdict_badge(verdict: str, lang: str = "") -> str:
    """The verdict as a coloured badge, labelled in the reader's language (the class keeps the code)."""
    return f'<span class="verdict verdict-{_e(verdict)}">{_e(catalog(lang)["verdicts"][verdict])}</span>'


def source_links(reg: Registry, ids: list[str]) -> str:
    """A check's sources, cited by author and year and linked to their bibliography entry on the
    sources page; a source that was not found links to what was searched."""
    parts = []
    for sid in ids:
        src = reg.sources.get(sid)
        if src is None:
            continue
        if src.found:
            parts.append(f'<a href="99_sources.html#{bibliography.anchor(src)}" title="{_e(src.title)}">'
                         f'{_e(bibliography.label(src, reg))}</a>')
        else:
            parts.append(f'<a href="99_sources.html#src-{_e(sid)}">{_e(say("source.not_found"))}</a>')
    return "; ".join(parts)


def breakeven_line(res: ClaimResult, reg: Registry) -> str:
    """What would change the verdict, in the parameter's reader label (empty when nothing could)."""
    return _e(breakeven_sentence(res, reg))


def _dated(kind: str) -> bool:
    return kind in ("date", "precedence")


def check_label(chk: Any) -> str:
    """What the check did: an address or a date check is named so, not by its slot."""
    kind = form(chk.spec)
    if kind == "address":
        return say("check.address")
    return say("check.date") if _dated(kind) else say(f"check.{chk.kind}")


def status_words(kind: str, status: str, evidence: str | None = None, estimate: bool = False) -> str:
    """A check's result in words that agree with its detail, for a check of this form."""
    if evidence:
        return say(f"status.{evidence}")
    if status in ("pass", "near", "fail") and kind == "address":
        return say(f"status.address.{status}")
    if status != "n/a" and _dated(kind):
        return say(f"status.date.{status}")
    if estimate and status in ("pass", "near"):
        return say(f"status.estimate.{status}")
    return say(f"status.{status}")


def check_status(chk: Any) -> str:
    """The check's result in words that agree with its detail."""
    return status_words(form(chk.spec), chk.status, chk.evidence, chk.estimate)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])", text.strip()) if s]


def _new_sentences(text: str, said: set[str]) -> str:
    """The sentences of ``text`` not yet said in this block (each thing is said once)."""
    out = [s for s in _sentences(text) if s not in said]
    said.update(out)
    return " ".join(out)


def _says_the_lead(chk: Any, lead_text: str) -> bool:
    """Does the lead already give what this check found (its figure, or the source's date)?"""
    if chk.interval is not None:
        iv = readable(chk.interval)
        return amount(iv.central, iv.unit) in lead_text
    if "source_dates" in chk.details:
        return date_span(*chk.details["source_dates"]) in lead_text
    return False


def claim_block(res: ClaimResult, reg: Registry, scenario: str = "") -> str:
    """One claim as a fact-check reads, top to bottom: the German quote and our rendering, the
    verdict with its lead sentence, the evidence, what would change the verdict (only where an
    assumption could), and the checks table; no sentence twice."""
    c = res.claim
    said: set[str] = set()
    top = _new_sentences(lead(res, reg), said)
    ev = _new_sentences(evidence(res, reg), said)
    change = _new_sentences(breakeven_sentence(res, reg), said)
    rows = []
    shown: set[Any] = set()  # the intervals already given by an earlier check
    for kind in CHECK_KINDS:
        chk = res.checks[kind]
        found = check_sentence(c, chk, reg)
        if chk.evidence and chk.note.strip():  # the result column says it; the note says why
            found = ""
        if found and _says_the_lead(chk, top):  # the lead already gives this check's figure or date
            found = ""
        if chk.interval is not None and chk.interval in shown:  # another check's figures: not said twice
            found = ""
        elif chk.interval is not None:
            shown.add(chk.interval)
        text = _new_sentences(" ".join(x for x in (found, note(res, kind, reg)) if x), said)
        rows.append(f"<tr><th scope=\"row\">{_e(check_label(chk))}</th><td>{_e(check_status(chk))}</td>"
                    f"<td>{_e(text)}<br><small>{source_links(reg, chk.sources)}</small></td></tr>")
    seed = reg.seeds[c.seed]
    where = f'<small>{_e(say("block.where", doc=doc_name(reg, c.seed), date=date_span(seed.date, seed.date)))}</small>'
    label = say("block.claim")
    quote = (f'<p class="claim-claim"><b>{_e(label)}</b> {where}</p>\n<blockquote lang="de">{_e(c.quote)}</blockquote>\n'
             if label else  # the English edition renders the German quote in English
             f'<blockquote lang="de">{_e(c.quote)}</blockquote>\n<p><i>{_e(c.english)}</i> {where}</p>\n')
    return (
        f'<div class="claim" data-claim="{_e(c.id)}">\n'
        + quote +
        f'<p class="claim-verdict"><b>{_e(say("block.verdict"))}</b> {verdict_badge(res.verdict)} {_e(top)}</p>\n'
        + (f'<p class="claim-evidence"><b>{_e(say("block.evidence"))}</b> {_e(ev)}</p>\n' if ev else "")
        + (f'<p class="claim-change"><b>{_e(say("block.change"))}</b> {_e(change)}</p>\n' if change else "")
        + (f'<p class="claim-scenario">{scenario}</p>\n' if scenario else "")
        + f'<details class="checks-detail"><summary>{_e(say("block.how", id=c.id))}</summary>'
        f'<table class="checks"><caption class="visually-hidden">{_e(say("block.checks_caption", id=c.id))}</caption>'
        f'<thead><tr><th scope="col">{_e(say("block.col_check"))}</th><th scope="col">{_e(say("block.col_result"))}</th>'
        f'<th scope="col">{_e(say("block.col_detail"))}</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></details>\n'
        f'<p class="cite-as"><small><b>{_e(say("block.cite"))}</b> '
        f'{_e(publication.citation(c.id, topic(reg, c), claim_href(reg, c.id)))}</small></p>\n'
        "</div>"
    )


def scenario_line(run: Run, res: ClaimResult) -> str:
    """Under parameters other than the defaults: which of this claim's inputs the build sets, and
    the verdict the defaults give (so a verdict that a scenario moved says why)."""
    from ..checking.footprint import claim_parameters

    changed = run.changed(claim_parameters(res.claim) & set(run.registry.parameters))
    if not changed:
        return ""
    items = say("list_sep").join(say("block.scenario_item", label=parameter_label(run.registry, c["name"]),
                                     value=Q(c["value"], c["unit"]), default=Q(c["default"], c["unit"]))
                                 for c in changed)
    base = run.verdict_changes(res.claim.family).get(res.claim.id)
    if base is None:
        return say("block.scenario_same", items=_e(items))
    return say("block.scenario", items=_e(items), badge=verdict_badge(base[0]))


def claim_html(run: Run, claim_id: str) -> str:
    """One claim's discussion, for a family page (one notebook cell per claim)."""
    res = run.result(claim_id)
    return claim_block(res, run.registry, scenario_line(run, res))


def _claim_link(run: Run, cid: str) -> str:
    return f'<a href="{claim_href(run.registry, cid)}">{_e(cid)}</a>'


def params_banner(run: Run, family: str | None = None) -> str:
    """Which parameters differ from the defaults in this build and which verdicts changed.

    On a family page only the parameters its claims' checks use count (so that the page, and
    the build's cache of it, depend on nothing else); on other pages, all of them.
    """
    names = None if family is None else family_parameters(run.registry, family)
    changed = run.changed(names)
    if not changed:
        key = "banner.defaults.book" if family is None else "banner.defaults.page"
        return f'<div class="admonition note"><p>{_e(say(key))}</p></div>'
    items = "".join(f"<li>{_e(say('banner.item', label=parameter_label(run.registry, c['name']), value=Q(c['value'], c['unit']), default=Q(c['default'], c['unit'])))}</li>"
                    for c in changed)
    moves = run.verdict_changes(family)
    scope = "page" if family else "book"
    if moves:
        lis = "".join(f"<li>{say('banner.move', claim=_claim_link(run, cid), a=verdict_badge(a), b=verdict_badge(b))}</li>"
                      for cid, (a, b) in moves.items())
        verdicts = f"<p>{_e(say('banner.moves.' + scope))}</p><ul>{lis}</ul>"
    else:
        verdicts = f"<p>{_e(say('banner.no_moves.' + scope))}</p>"
    return (f'<div class="admonition warning"><p>{_e(say("banner.changed." + scope))}</p><ul>{items}</ul>{verdicts}</div>')


SERIOUSNESS = ("inaccurate", "self-contradictory", "misleading", "unverifiable", "mostly-accurate",
               "accurate")


def _count_words(results: list[ClaimResult]) -> str:
    from collections import Counter

    counts = Counter(r.verdict for r in results)
    parts = [say("count.verdict", n=counts[v], verdict=catalog()["verdicts"][v]) for v in VERDICTS if counts[v]]
    return say("list.and", head=say("list_comma").join(parts[:-1]), last=parts[-1]) if len(parts) > 1 else parts[0]


def finding_item(run: Run, res: ClaimResult, base: str = "") -> str:
    """One finding: badge, document, topic (linked to its discussion) and one sentence.
    ``base`` is the path from the page to the notebooks' folder ("../notebooks/" from the intro)."""
    doc = doc_name(run.registry, res.claim.seed)
    href = base + claim_href(run.registry, res.claim.id)
    return (f'<li class="finding">{verdict_badge(res.verdict)} <a href="{href}"><b>{_e(topic(run.registry, res.claim))}</b></a> '
            f'<small>({_e(doc)}, {_e(res.claim.id)})</small><br>{_e(finding(res, run.registry))}</li>')


def findings_html(run: Run, base: str = "../notebooks/") -> str:
    """The landing page's findings, generated from the registry's ``finding_rank`` and this run."""
    items = "".join(finding_item(run, r, base) for r in run.findings())
    return f'<ol class="findings">{items}</ol>'


def family_summary(run: Run, family: str) -> str:
    """A page's summary, generated from its verdicts: counts, headline findings, and the claims
    whose verdict hinges on an assumption inside its documented range."""
    results = run.family(family)
    head = f"<p>{_e(say('summary.head', n=len(results), counts=_count_words(results)))}</p>"
    key = sorted((r for r in results if r.claim.headline or r.claim.finding_rank is not None),
                 key=lambda r: SERIOUSNESS.index(r.verdict))  # the most serious verdicts first
    items = "".join(finding_item(run, r) for r in key)
    main = f"<p>{_e(say('summary.main'))}</p><ul class=\"findings\">{items}</ul>" if key else ""
    hinge = [r for r in results if r.breakeven is not None and r.breakeven.inside]
    if hinge:
        lis = "".join(f"<li>{_claim_link(run, r.claim.id)}: {breakeven_line(r, run.registry)}</li>" for r in hinge)
        hinges = f"<p>{_e(say('summary.hinges'))}</p><ul>{lis}</ul>"
    else:
        hinges = ""
    return head + main + hinges


def stated_vs_recomputed(res: ClaimResult) -> str:
    """Plain text for the claim index: the document's figure against ours (see :mod:`explain`)."""
    return explain_stated_vs_recomputed(res) or say("short.none")


def search_text(res: ClaimResult) -> str:
    """What the claim index's text filter matches: id, topic, German quote and stated figure,
    lower-cased with runs of white space collapsed."""
    c = res.claim
    return " ".join(" | ".join((c.id, c.topic, c.quote, stated_text(c))).lower().split())


def _search_text(res: ClaimResult, reg: Registry) -> str:
    """:func:`search_text`, with the topic in the edition's language too."""
    local = topic(reg, res.claim)
    text = search_text(res)
    return text if local == res.claim.topic else " ".join(f"{local.lower()} | {text}".split())


INDEX_ID = "claim-index"
INDEX_COLUMNS = (("claim", "ci-id"), ("verdict", "ci-verdict"), ("topic", "ci-topic"),
                 ("stated", "ci-stated"), ("discussion", "ci-link"))
FILTER_FIELDS = ("document", "family", "verdict")


def _filter_options(run: Run) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs for each filter select: exactly the values the index rows carry."""
    reg = run.registry
    seeds = list(dict.fromkeys(reg.seeds[r.claim.seed].kind for r in run.results))
    families = {r.claim.family for r in run.results}
    verdicts = {r.verdict for r in run.results}
    return {
        "document": [(k, k if resolve() == "en" else say(f"doc.{k}")) for k in seeds],
        "family": [(f, family_title(reg, f)) for f in reg.families if f in families],
        "verdict": [(v, v if resolve() == "en" else catalog()["verdicts"][v]) for v in VERDICTS if v in verdicts],
    }


def claim_filter_form(run: Run) -> str:
    """The index's filter controls (hidden until claims-filter.js wires them up)."""
    options = _filter_options(run)
    fields = []
    for key in FILTER_FIELDS:
        opts = "".join(f'<option value="{_e(v)}">{_e(label)}</option>' for v, label in options[key])
        fields.append(f'<div class="cf-field"><label for="cf-{key}">{_e(say("filter." + key))}</label>'
                      f'<select id="cf-{key}" name="{key}"><option value="">{_e(say("filter.all"))}</option>{opts}</select></div>')
    fields.append(f'<div class="cf-field cf-text"><label for="cf-text">{_e(say("filter.text"))}</label>'
                  '<input type="search" id="cf-text" name="text" autocomplete="off" spellcheck="false"></div>')
    n = len(run.results)
    count = say("filter.count", shown=n, all=n)
    return (f'<form class="claim-filter" data-for="{INDEX_ID}" aria-label="{_e(say("filter.label"))}" '
            f'data-count="{_e(message("filter.count"))}" hidden>'
            f'{"".join(fields)}<p class="cf-count" role="status" aria-live="polite">{_e(count)}</p>'
            f'<button type="reset">{_e(say("filter.reset"))}</button></form>')


def claim_index(run: Run) -> str:
    """The overview's index of every claim: filter form, then a table that becomes cards on phones.

    Columns: id, verdict, topic, stated vs recomputed, link to the discussion. Each row carries
    ``data-document`` (seed kind), ``data-family`` (family key), ``data-verdict`` and
    ``data-search`` (see :func:`search_text`) for ``claims-filter.js``.
    """
    reg = run.registry
    rows = []
    for r in run.results:
        c = r.claim
        href = claim_href(reg, c.id)
        cells = [_e(c.id), verdict_badge(r.verdict), _e(topic(reg, c)), _e(stated_vs_recomputed(r)),
                 f'<a href="{_e(href)}">{_e(say("index.discussion"))} <span class="nowrap">{_e(c.id)}</span></a> '
                 f'<small class="ci-family">{_e(family_title(reg, c.family))}</small>']
        attrs = {"data-document": reg.seeds[c.seed].kind, "data-family": c.family,
                 "data-verdict": r.verdict, "data-search": _search_text(r, reg)}
        rows.append((cells, attrs))
    n = len(rows)
    caption = say("index.caption", n=n)
    table = _table(_columns(INDEX_COLUMNS, "index.col."), rows, cls="dataframe claims-table claim-index stack", caption=caption,
                   table_id=INDEX_ID, fixed=True)
    return claim_filter_form(run) + "\n" + table


def _columns(columns: tuple[tuple[str, str], ...], prefix: str) -> list[tuple[str, str]]:
    """Column (key, class) pairs as (header in the edition's words, class)."""
    return [(say(prefix + key), cls) for key, cls in columns]


def _cls(name: str) -> str:
    """A ``class`` attribute, or nothing for an empty name."""
    return f' class="{_e(name)}"' if name else ""


def _table(columns: tuple[tuple[str, str], ...] | list[tuple[str, str]],
           rows: list[tuple[list[str], dict[str, str]]], *, cls: str, caption: str | None = None,
           table_id: str | None = None, labelledby: str | None = None, fixed: bool = False) -> str:
    """A table whose first cell in each row is its row header.

    ``columns`` are (header text, col class) pairs; ``rows`` are (cells as trusted HTML, row
    attributes). Tables with class ``stack`` become one card per row on narrow screens: each
    cell carries its header in ``data-label`` for the CSS, and explicit ARIA roles keep the
    table semantics that some browsers drop once the rows are ``display: block``.
    """
    stack = "stack" in cls.split()

    def role(name: str) -> str:
        return f' role="{name}"' if stack else ""

    attrs = [f'class="{_e(cls + (" fixed" if fixed else ""))}"']
    if table_id:
        attrs.append(f'id="{_e(table_id)}"')
    if labelledby:
        attrs.append(f'aria-labelledby="{_e(labelledby)}"')
    out = [f"<table {' '.join(attrs)}{role('table')}>"]
    if caption:
        out.append(f"<caption>{_e(caption)}</caption>")
    if fixed:
        out.append("<colgroup>" + "".join(f'<col class="{_e(c)}">' for _, c in columns) + "</colgroup>")
    out.append(f"<thead{role('rowgroup')}><tr{role('row')}>"
               + "".join(f'<th scope="col"{_cls(c)}{role("columnheader")}>{_e(h)}</th>' for h, c in columns)
               + f"</tr></thead><tbody{role('rowgroup')}>")
    for cells, row_attrs in rows:
        extra = "".join(f' {k}="{_e(v)}"' for k, v in row_attrs.items())
        tds = []
        for i, ((head, col), cell) in enumerate(zip(columns, cells)):
            label = f' data-label="{_e(head)}"' if stack else ""
            css = _cls(col)
            if i == 0:
                tds.append(f'<th scope="row"{css}{role("rowheader")}{label}>{cell}</th>')
            else:
                tds.append(f"<td{css}{role('cell')}{label}>{cell}</td>")
        out.append(f"<tr{role('row')}{extra}>{''.join(tds)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def html_table(df: pd.DataFrame, caption: str | None = None, stack: bool | None = None) -> str:
    """A DataFrame as a table that fits its column: cell values are trusted HTML, headers are text.

    The first column is the row header; numeric columns are right-aligned. Tables of four or
    more columns (or ``stack=True``) turn into labelled cards on narrow screens.
    """
    stack = len(df.columns) >= 4 if stack is None else stack
    columns = [(str(c), "num" if pd.api.types.is_numeric_dtype(df[c]) else "") for c in df.columns]
    rows = [(["" if pd.isna(v) else str(v) for v in rec], {})
            for rec in df.itertuples(index=False, name=None)]
    return _table(columns, rows, cls="dataframe claims-table" + (" stack" if stack else ""), caption=caption)


def param_table(run: Run, names: list[str]) -> pd.DataFrame:
    """The parameters a page uses: value, 90 % interval, distribution, basis."""
    rows = []
    for n in names:
        p = run.params[n]
        rows.append({say("params.col.parameter"): f"<code>{_e(n)}</code>",
                     say("params.col.value"): _e(tabled(p.value, p.unit)),
                     say("params.col.interval"): _e(say("table.interval", low=tabled(p.low), high=tabled(p.high))),
                     say("params.col.distribution"): _e(say(f"dist.{p.dist}")),
                     say("params.col.basis"): _e(parameter_text(run.registry, n, "basis"))})
    return pd.DataFrame(rows)


def counts_table(counts: dict[str, dict[str, int]], names: dict[str, str]) -> pd.DataFrame:
    """Verdict counts: one row per verdict, one column per document, and a total row."""
    verdicts = list(next(iter(counts.values())))
    head = say("counts.col.verdict")
    rows = [{head: verdict_badge(v), **{names.get(s, s): c[v] for s, c in counts.items()}}
            for v in verdicts]
    rows.append({head: f"<b>{_e(say('counts.all'))}</b>",
                 **{names.get(s, s): sum(c.values()) for s, c in counts.items()}})
    return pd.DataFrame(rows)


def interval_table(df: pd.DataFrame, label: str = "quantity") -> pd.DataFrame:
    """A views frame (label, low, median, high, unit) as formatted, escaped text."""
    return pd.DataFrame([{say(f"intervals.col.{label}"): _e(r["label"]),
                          say("intervals.col.median"): _e(tabled(r["median"], r["unit"])),
                          say("intervals.col.interval"): _e(say("table.interval", low=tabled(r["low"]), high=tabled(r["high"])))}
                         for _, r in df.iterrows()])


def throughput_table(df: pd.DataFrame) -> pd.DataFrame:
    out = interval_table(df, "model")
    out[say("throughput.mfu")] = [tabled_pct(x) for x in df["mfu_median"]]
    return out


def price_table(run: Run) -> pd.DataFrame:
    from .views import price_summary

    return interval_table(price_summary(run))


SOURCE_COLUMNS = (("figure", "sf-name"), ("value", "sf-value"), ("where", "sf-where"),
                  ("what", "sf-what"))


def _source_block(src: Any, reg: Registry) -> str:
    """One source's details: how to cite it, what it is, and every figure taken from it."""
    kind = say("src.primary" if src.primary else "src.secondary") if src.found else say("src.not_found")
    head = f'<h3 id="src-{_e(src.id)}">{_e(bibliography.label(src, reg) if src.found else source_text(reg, src, "title"))}</h3>'
    meta = [f"<b>{_e(kind)}</b>", f"{_e(say('src.key'))} <code>{_e(src.id)}</code>"]
    if src.found:
        meta.append(f'<a href="#{bibliography.anchor(src)}">{_e(say("src.bib"))}</a>')
    if src.published:
        meta.append(_e(say("src.published", date=_iso_words(str(src.published)))))
    if src.accessed:
        meta.append(_e(say("src.read", date=_iso_words(str(src.accessed)))))
    lines = [head, "<p>" + " · ".join(meta) + "</p>"]
    if src.found:
        lines.append(f"<p>{_e(src.title)}</p>")
    if src.read_via:
        lines.append(f"<p>{_e(say('src.read_via'))} {_e(source_text(reg, src, 'read_via'))}</p>")
    if src.figures:
        rows = [([f"<code>{_e(f.name)}</code>", _e(_figure_value(f)), _e(figure_text(reg, src, f, "locator")),
                  _e(figure_text(reg, src, f, "paraphrase"))], {}) for f in src.figures]
        lines.append(_table(_columns(SOURCE_COLUMNS, "src.col."), rows, cls="claims-table source-figures stack",
                            labelledby=f"src-{src.id}", fixed=True))
    if src.searched:
        lines.append(f"<p><b>{_e(say('src.searched'))}</b> {_e(source_text(reg, src, 'searched'))}</p>")
    if src.notes:
        lines.append(f"<p><small>{_e(source_text(reg, src, 'notes'))}</small></p>")
    return "\n".join(lines)


def _figure_value(f: Any) -> str:
    """A source's figure as recorded (English: exactly as the data give it)."""
    if resolve() == "en" or isinstance(f.value, bool) or not isinstance(f.value, (int, float)):
        return f"{f.value} {f.unit}".strip()
    from ..text.wording import localise

    text = f"{f.value:,}" if isinstance(f.value, int) else f"{f.value:,.10g}"
    return f"{localise(text)} {f.unit}".strip()


def _iso_words(iso: str) -> str:
    """A recorded date ("2021-04", "2024-04-18") as the edition writes it; English keeps ISO."""
    if resolve() == "en":
        return iso
    from ..checking.checks import date_range

    try:
        return date_span(*date_range(iso))
    except (ValueError, TypeError, KeyError):
        return iso


def sources_html(reg: Registry, found: bool = True) -> str:
    """The sources that were found, each with the figures taken from it (``found=True``), or
    those searched for and not found, each with what was searched (``found=False``)."""
    return "\n".join(_source_block(src, reg) for src in sorted(reg.sources.values(), key=lambda s: s.id)
                     if src.found == found)


def headline_tornados(run: Run, family: str, source: str = "tornado") -> list[Any]:
    """Tornado charts for a family's headline claims that depend on parameters (``source``: the
    key of their source line, ``chart.src.<source>``)."""
    from .charts import tornado

    return [tornado(r, source) for r in run.family(family)
            if r.claim.headline and any(s.width > 0 for s in r.tornado)]


def doc_dates(run: Run) -> pd.DataFrame:
    en = resolve() == "en"
    return pd.DataFrame([{say("dates.col.document"): s.kind if en else say(f"doc.{s.kind}"),
                          say("dates.col.date"): s.date.isoformat() if en else date_span(s.date, s.date)}
                         for s in run.registry.seeds.values()])


def citation_cards(run: Run) -> str:
    """The citation audit: one card per footnote or credit, with the three findings and the verdict."""
    from .views import citation_rows

    cards = []
    for r in citation_rows(run):
        claim = run.registry.claims[r["claim"]]
        href = claim_href(run.registry, r["claim"])
        cards.append(
            f'<div class="claim"><h3><a href="{href}">{_e(r["claim"])}</a>: {_e(topic(run.registry, claim))} '
            f'{verdict_badge(r["verdict"])}</h3>'
            f'<p><code class="citation">{_e(r["citation"])}</code></p><dl class="audit">'
            f"<dt>{_e(say('audit.what'))}</dt><dd>{_e(r['attached to'])}</dd>"
            f"<dt>{_e(say('audit.address'))}</dt><dd><b>{_e(say('audit.address.' + r['address'][0]))}</b>: {_e(r['address'][1])}</dd>"
            f"<dt>{_e(say('audit.date'))}</dt><dd><b>{_e(say('audit.date.' + r['dates'][0]))}</b>: {_e(r['dates'][1])}</dd>"
            f"<dt>{_e(say('audit.support'))}</dt><dd><b>{_e(say('audit.support.' + r['support']))}</b>: "
            f"{_e(r['support_note'])}</dd>"
            "</dl></div>")
    return "\n".join(cards)


def citation_summary(run: Run) -> pd.DataFrame:
    """Counts over the audited citations: malformed addresses, late dates, support, verdicts."""
    from collections import Counter

    from .views import citation_rows

    rows = citation_rows(run)
    support = Counter(r["support"] for r in rows)
    f, n = say("audit.col.finding"), say("audit.col.count")
    return pd.DataFrame([
        {f: _e(say("audit.count.audited")), n: len(rows)},
        {f: _e(say("audit.count.elsewhere")), n: sum(r["address"][0] == "fail" for r in rows)},
        {f: _e(say("audit.count.later")), n: sum(r["dates"][0] == "fail" for r in rows)},
        *({f: _e(say("audit.support." + k)), n: v} for k, v in sorted(support.items())),
    ])



def scenario_table(changes: ScenarioChanges) -> pd.DataFrame:
    """Per shipped scenario (``diff.scenario_changes``): what it assumes and how many verdicts,
    intervals and break-evens differ from the defaults."""
    from ..checking.scenarios import description, scenario_files

    files = scenario_files()
    return pd.DataFrame([{say("scen.col.scenario"): f"<code>params/{_e(name)}.yaml</code>",
                          say("scen.col.assumes"): _e(description(files[name], resolve())),
                          say("scen.col.verdicts"): s["verdicts"], say("scen.col.intervals"): s["intervals"],
                          say("scen.col.breakevens"): s["breakevens"], say("scen.col.claims"): s["claims"]}
                         for name, (s, _rows) in changes.items()])


def changed_verdicts(changes: ScenarioChanges, run: Run) -> pd.DataFrame:
    """The claims whose verdict depends on the scenario: the defaults' verdict and each
    scenario's, as badges."""
    moved = {name: {r["claim_id"]: r for r in rows if r["field"] == "verdict"}
             for name, (_s, rows) in changes.items()}
    default = {cid: r["before"] for rows in moved.values() for cid, r in rows.items()}
    out = []
    for cid in sorted(default):
        rec = {say("changed.col.claim"): _claim_link(run, cid),
               say("changed.col.topic"): _e(topic(run.registry, run.registry.claims[cid])),
               say("changed.col.defaults"): verdict_badge(default[cid])}
        rec.update({say(f"scen.name.{name}"): verdict_badge(rows[cid]["after"] if cid in rows else default[cid])
                    for name, rows in moved.items()})
        out.append(rec)
    return pd.DataFrame(out)


def scenario_comparison(changes: ScenarioChanges, run: Run) -> str:
    """The overview's scenario section: the counts per scenario, then a sentence and a table on
    the claims whose verdict some scenario changes (or a sentence that none does)."""
    moved = changed_verdicts(changes, run)
    total = len(run.registry.claims)
    counts = html_table(scenario_table(changes))
    if moved.empty:
        return counts + f"<p>{_e(say('scen.none', total=total))}</p>"
    lead = f"<p>{_e(say('scen.lead', n=len(moved), total=total))}</p>"
    return counts + lead + html_table(moved)


def implied_household_text(run: Run) -> str:
    """What consumption the article's two numbers imply, and whose households use that much."""
    from .views import implied_household_kwh, nearest_household

    kwh = implied_household_kwh(run)
    region, ref = nearest_household(run, kwh)
    return "<p>" + say("household.implied", kwh=f"<b>{_e(amount(kwh, 'kWh/yr'))}</b>",
                       region=_e(say(f"region.{region}")), ref=_e(amount(ref, "kWh/yr"))) + "</p>"


def rating_scale_table(reg: Registry) -> str:
    """The 1-5 ClaimReview scale of ``data/method.yaml``, best first, as the methodology shows it."""
    scale = reg.method["rating_scale"]
    rows = sorted(scale["values"].items(), key=lambda kv: (-kv[1], VERDICTS.index(kv[0])))
    df = pd.DataFrame([{say("rating.col.verdict"): verdict_badge(v), "ratingValue": str(n)} for v, n in rows])
    return html_table(df, caption=say("rating.caption", worst=str(scale["worst"]), best=str(scale["best"])))


def report_citation() -> str:
    """How to cite the whole report, as MyST markdown (release marks filled in when the page is
    written; the BibTeX files are the build's downloads)."""
    return (f"{say('cite.suggested')} {publication.report_citation()}\n\n"
            + say("cite.bibtex", report="{download}`report.bib <downloads/report.bib>`",
                  references="{download}`references.bib <downloads/references.bib>`"))


def _wi_unit(run: Run, cid: str) -> str:
    res = run.result(cid)
    return res.recomputed.interval.unit if res.recomputed and res.recomputed.interval else ""


def _wi_median_text(cell: dict[str, Any], unit: str) -> str:
    return say("wi.na") if cell["median"] is None else amount(cell["median"], unit)


def _wi_interval_text(cell: dict[str, Any]) -> str:
    """"our range a to b", or a note that fixing the sliders left no spread."""
    if cell["low"] is None:
        return say("wi.no_interval")
    lo, hi = tabled(cell["low"]), tabled(cell["high"])
    return say("wi.no_spread") if lo == hi else say("wi.range", lo=lo, hi=hi)


def _wi_claim_line(w: Any, run: Run, cid: str, k: int) -> str:
    """One claim's read-out at grid point ``k`` (the script rewrites the spans' contents)."""
    res, cell, unit = run.result(cid), w.cells[k][cid], _wi_unit(run, cid)
    med, iv = _wi_median_text(cell, unit), _wi_interval_text(cell)
    stated = stated_text(res.claim) if resolve() == "en" else stated_words(res.claim)
    return (f'<li data-claim="{_e(cid)}">' + say(
        "wi.claim_line", claim=f'<a href="{claim_href(run.registry, cid)}">{_e(cid)}</a>',
        topic=_e(topic(run.registry, res.claim)),
        median=f'<b class="wi-median" data-median="{cell["median"] or ""}">{_e(med)}</b>',
        interval=f'<span class="wi-interval">{_e(iv)}</span>', stated=_e(stated),
        verdict=f'<span class="wi-verdict">{verdict_badge(cell["verdict"])}</span>') + "</li>")


def _wi_documented(p: Any) -> str:
    """The slider's marks in the exact values the slider shows (not rounded: the default must
    read the same as the slider's own read-out and the command)."""
    from .whatif import value_text

    def exact(x: float) -> str:
        return f"{_exact(value_text(x, p.whole))} {unit_word(p.unit, x)}".strip()

    if p.low == p.high:
        return say("wi.documented_tick", value=exact(p.value))
    return say("wi.range_ticks", low=exact(p.low), high=exact(p.high), default=exact(p.value))


def _exact(text: str) -> str:
    """A slider value exactly as the slider holds it, grouped and signed as the edition writes
    numbers ("3.084" in German; English keeps the value as the command takes it)."""
    if resolve() == "en":
        return text
    try:
        value = float(text)
    except ValueError:
        return text
    return localise(format(value, ",.10g")) if abs(value) >= 1000 else localise(text)


def _axis_label(w: Any, axis: Any) -> str:
    """A slider's label in the edition's words (a label the widget's data give, in
    ``whatif_labels`` of the language's method text, else the parameter's label)."""
    from ..checking.data import load

    if resolve() == "en":
        return axis.label
    reg = load()
    loc = reg.local.get(resolve())
    override = ((loc.method.get("whatif_labels") or {}).get(axis.param.name)) if loc else None
    return override or parameter_label(reg, axis.param.name)


def _wi_slider(w: Any, axis: Any, i: int) -> str:
    p, wid = axis.param, f"{w.id}-{axis.param.name}"
    now = f"{_exact(axis.text(i))} {unit_word(p.unit, axis.values[i])}".strip()
    marks = {axis.index(p.low): "5 %", axis.index(p.value): say("wi.mark.default"), axis.index(p.high): "95 %"}
    options = "".join(f'<option value="{k}" label="{_e(v)}"></option>' for k, v in sorted(marks.items()))
    return (f'<div class="wi-slider"><label for="{wid}">{_e(_capital(_axis_label(w, axis)))}</label>'
            f'<input type="range" id="{wid}" name="{_e(p.name)}" min="0" max="{len(axis.values) - 1}" step="1" '
            f'value="{i}" list="{wid}-marks" aria-describedby="{wid}-scale" aria-valuetext="{_e(now)}">'
            f'<output id="{wid}-value" for="{wid}">{_e(now)}</output>'
            f'<datalist id="{wid}-marks">{options}</datalist>'
            f'<small id="{wid}-scale" class="wi-scale">'
            + _e(say("wi.scale", first=amount(axis.values[0], p.unit), last=amount(axis.values[-1], p.unit),
                     n=len(axis.values), spacing=say("wi.spacing." + ("log" if axis.log else "even")),
                     documented=_wi_documented(p))) + '</small></div>')


def _axis_title(label: str, unit: str) -> str:
    """A chart axis: the reader label and the unit in words ("households", "kWh a year")."""
    word = unit_word(unit, 2.0)
    return f"{_capital(label)} ({word})" if word else _capital(label)


def whatif_html(w: Any, run: Run) -> str:
    """A what-if widget (:mod:`analysis.book.whatif`): sliders, chart, read-out, the command and the
    params file, drawn for the defaults; ``book/_static/whatif.js`` looks up the other points."""
    import json
    import urllib.parse

    from . import charts, whatif

    idx = whatif.default_indices(w)
    k = w.flat(idx)
    first = run.result(w.claims[0])
    p0 = w.axes[0].param
    unit = _wi_unit(run, first.claim.id)
    be = [{"j": j, "b": b} for j, b in enumerate(w.breakeven) if b is not None]
    units = {cid: _wi_unit(run, cid) for cid in w.claims}
    spec = charts.whatif(whatif.chart_rows(w), be,
                         {"stated": float(first.claim.stated.get("value", 0) or 0), "p_low": p0.low,
                          "p_high": p0.high, "p_default": p0.value},
                         (idx[0], idx[1] if len(idx) > 1 else 0), (w.axes[0].values[0], w.axes[0].values[-1]),
                         _axis_title(parameter_label(run.registry, p0.name), p0.unit),
                         _axis_title(say("wi.axis_ours", claim=first.claim.id), unit), w.axes[0].log,
                         say("wi.chart_title", claim=first.claim.id, label=parameter_label(run.registry, p0.name)),
                         say("wi.chart_source")).to_dict()
    spec["description"] = charts.description_of(spec)
    data = {"shape": list(w.shape), "claims": list(w.claims), "default": list(idx),
            "axes": [{"name": a.param.name, "values": [a.text(i) for i in range(len(a.values))],
                      "labels": [f"{_exact(a.text(i))} {unit_word(a.param.unit, a.values[i])}".strip()
                                 for i in range(len(a.values))]} for a in w.axes],
            "cells": {cid: {"m": [whatif.significant(c[cid]["median"]) for c in w.cells],
                            "t": [_wi_median_text(c[cid], units[cid]) for c in w.cells],
                            "iv": [_wi_interval_text(c[cid]) for c in w.cells],
                            "v": [VERDICTS.index(c[cid]["verdict"]) for c in w.cells]} for cid in w.claims},
            "no_value": say("wi.no_value"), "verdicts": list(VERDICTS), "verdict_labels": [catalog()["verdicts"][v] for v in VERDICTS],
            "copied": say("wi.copied"), "actions": say("chart.actions"), "lang": resolve(),
            "breakeven": [amount(b, p0.unit) if b is not None else None for b in w.breakeven],
            "base": w.base_sets(), "base_yaml": dict(w.base),
            "spec": charts._rounded(spec)}
    be_now = w.breakeven[idx[1] if len(idx) > 1 else 0]
    label0 = _e(_axis_label(w, w.axes[0]) if resolve() != "en" else parameter_label(run.registry, p0.name))
    if p0.kind != "assumption":
        be_text = _e(say("wi.documented", label=label0))
    elif be_now is not None:
        be_text = say("wi.breakeven", claim=first.claim.id, label=label0,
                      value=f'<b class="wi-be">{_e(amount(be_now, p0.unit))}</b>')
    else:
        be_text = say("wi.no_breakeven", claim=first.claim.id, label=label0, none=f'<b class="wi-be">{_e(say("wi.no_value"))}</b>')
    command = "python -m analysis verdicts " + " ".join(f"--set {s}" for s in w.sets(idx))
    yaml_href = "data:text/yaml;charset=utf-8," + urllib.parse.quote(whatif.params_yaml(w, idx))
    labels = [_e(_axis_label(w, a) if resolve() != "en" else parameter_label(run.registry, a.param.name)) for a in w.axes]
    names = labels[0] if len(labels) == 1 else say("list.and", head=say("list_comma").join(labels[:-1]), last=labels[-1])
    payload = json.dumps(data, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<section class="whatif" id="{w.id}" aria-label="{_e(say("wi.aria", labels=", ".join(parameter_label(run.registry, a.param.name) for a in w.axes)))}">\n'
        f'<p class="wi-intro">{say("wi.intro", names=names)}</p>\n'
        f'<div class="wi-controls">{"".join(_wi_slider(w, a, i) for a, i in zip(w.axes, idx))}</div>\n'
        f'<div id="{w.id}-chart" class="vega-chart wi-chart" style="display:block;width:100%"></div>\n'
        f'<p class="wi-key"><small>{say("wi.key", claim=_e(first.claim.id), label=label0)}</small></p>\n'
        f'<div class="wi-readout" role="status" aria-live="polite"><ul>'
        f'{"".join(_wi_claim_line(w, run, cid, k) for cid in w.claims)}</ul>'
        f'<p class="wi-breakeven">{_capital(be_text)}.</p></div>\n'
        f'<p class="wi-cli">{_e(say("wi.cli"))}</p><pre><code id="{w.id}-command">{_e(command)}</code></pre>\n'
        f'<p class="wi-actions"><button type="button" class="wi-copy" data-target="{w.id}-command">{_e(say("wi.copy"))}</button> '
        f'<a class="wi-yaml" id="{w.id}-yaml" href="{_e(yaml_href)}" download="{w.id}.yaml">{_e(say("wi.yaml"))}</a></p>\n'
        f'<script type="application/json" class="wi-data">{payload}</script>\n'
        "</section>"
    )


def doc_names(run: Run) -> dict[str, str]:
    """Each document's file, named as the edition names its kind ("position paper")."""
    return {s.file: s.kind if resolve() == "en" else say(f"doc.{s.kind}") for s in run.registry.seeds.values()}


def method_note(topic_name: str) -> str:
    """The methodology page's account of a part of the method, as Markdown: in English the
    docstring of the module that implements it (one text for the code and the page), in another
    language its catalog's ``method.<part>``."""
    if resolve() == "en":
        from ..checking import uncertainty, verdicts

        doc = {"uncertainty": uncertainty.__doc__, "verdicts": verdicts.__doc__.split("\n\n", 1)[1]}
        return str(doc[topic_name])
    return message(f"method.{topic_name}")


def method_draws(run: Run) -> str:
    """How many draws per parameter and the seed, as Markdown."""
    mc = run.registry.method["monte_carlo"]
    return say("method.draws", n=int(mc["n_draws"]), seed=str(mc["seed"]))


def method_thresholds(run: Run) -> str:
    """The thresholds of the three results of a check, as Markdown."""
    m = run.registry.method
    return say("method.thresholds", accurate=float(m["tolerance_accurate"]), mostly=float(m["tolerance_mostly"]),
               days=int(m["date_near_days"]))


def verdict_definitions(run: Run) -> str:
    """The six verdicts with their badge and definition, as the methodology page defines them."""
    from ..text.local import verdict_definition

    df = pd.DataFrame([{say("counts.col.verdict"): verdict_badge(k), say("method.meaning"): _e(verdict_definition(run.registry, k))}
                       for k in run.registry.method["verdicts"]])
    return html_table(df)
