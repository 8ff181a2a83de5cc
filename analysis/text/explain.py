"""The sentences a reader sees: each check's finding, a verdict's lead and evidence, what would
change the verdict.

Every sentence is a message of the language's catalog (:mod:`analysis.text.say`) filled from a
decided result, so a build with other parameters never says what its own numbers contradict,
and a second language is a second catalog. The wording follows the rule that decided the check:

* approx: the distance the rule measures, (larger / smaller) - 1, and whether that is close
  enough to count as right ("8.3 % more than the stated 10 days, close enough to count as right
  (within 10 %)"); two percentages differ by percentage points;
* at least / at most: the stated figure as a bound ("meets the stated minimum of ...");
* stated ranges: our median against the range, or the range's geometric mean against our range,
  whichever the rule used;
* consistency: the other passage, by claim id and by where it stands in the document;
* evidence, dates, cited dates and addresses: what the source says, in words.

"Our range" (the 90 % interval) is written only where the figure is uncertain.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..checking.checks import CheckResult, approx_gaps, form, stated_midpoint, stated_range
from ..checking.data import Claim, Registry
from .catalogs import message, resolve
from .local import lead_template, note_template, parameter_text
from .say import Q, fill, say
from .wording import amount, date_span, is_point, more_than, readable, recomputed, share, span

if TYPE_CHECKING:
    from ..checking.verdicts import ClaimResult


def doc_name(reg: Registry, seed: str, lang: str = "") -> str:
    """The kind of document, as the reader's language names it ("position paper")."""
    return message(f"doc.{reg.seeds[seed].kind}", lang)


# --- the stated figure ----------------------------------------------------------------------

def stated_words(claim: Claim, lang: str = "") -> str:
    """The stated figure as a reader writes it: "10 days", "1 to 8 hours", a date, or text."""
    st = claim.stated
    if "date_low" in st:
        from ..checking.checks import date_range

        return date_span(date_range(str(st["date_low"]))[0], date_range(str(st["date_high"]))[1], lang)
    if "value" not in st and "low" not in st:
        from .local import stated_text

        return stated_text(claim, lang)
    lo, hi = stated_range(claim)
    words = span(lo, hi, str(st.get("unit", "")), lang)
    if claim.relation in ("at_least", "at_most"):
        return say(f"stated.{claim.relation}", lang, figure=words)
    return words


def _bound_words(claim: Claim, bound: float, lang: str) -> str:
    """The stated bound as a figure (our reading of the words is not printed as a quote)."""
    return amount(bound, str(claim.stated.get("unit", "")), lang)


# --- where another passage stands -------------------------------------------------------------

def _paragraph_of(text: str, quote: str) -> int | None:
    """Index of the paragraph in which ``quote`` starts (every non-empty line of the seed text is
    a paragraph or a list item: the documents were captured one paragraph per line)."""
    pos = text.find(quote)
    if pos < 0:
        return None
    return sum(1 for line in text[:pos].split("\n") if line.strip()) - 1


def _section_of(text: str, quote: str) -> str | None:
    """The numbered section ("3) KI-Rechenzentren") in which ``quote`` stands, if any."""
    pos = text.find(quote)
    heads = [m for m in re.finditer(r"^(\d)\) (.+)$", text, flags=re.M) if m.start() < pos]
    return heads[-1].group(1) if heads and pos >= 0 else None


def where_else(reg: Registry, claim: Claim, other: Claim, lang: str = "") -> str:
    """Where ``other`` stands relative to ``claim``: "in section 3", "three paragraphs later"."""
    text = reg.seeds[claim.seed].text
    if other.seed != claim.seed:
        return say("where.other_document", lang, doc=doc_name(reg, other.seed, lang))
    here, there = _section_of(text, claim.quote), _section_of(text, other.quote)
    if here and there and here != there:
        return say("where.section", lang, section=there)
    a, b = _paragraph_of(text, claim.quote), _paragraph_of(text, other.quote)
    if a is None or b is None:
        return say("where.elsewhere", lang)
    n = b - a
    if n == 0:
        return say("where.same", lang)
    if abs(n) == 1:
        return say("where.next" if n > 0 else "where.before", lang)
    if abs(n) > 10:  # "33 paragraphs later" is counting, not reading
        return say("where.far_later" if n > 0 else "where.far_earlier", lang, doc=doc_name(reg, claim.seed, lang))
    count = catalog_number(abs(n), lang)
    return say("where.later" if n > 0 else "where.earlier", lang, count=count)


def catalog_number(n: int, lang: str) -> str:
    """Small whole numbers in words ("three"), as the catalog spells them; else digits."""
    from .catalogs import catalog

    return (catalog(lang).get("number_words") or {}).get(n, str(n))


# --- one check, one sentence ------------------------------------------------------------------

def _other_claim(chk: CheckResult, reg: Registry) -> Claim | None:
    ref = str(chk.spec.get("ref", ""))
    if ref.startswith("claim:"):
        return reg.claims[ref[len("claim:"):].split(".")[0]]
    return None


def _tolerances(reg: Registry) -> tuple[float, float]:
    """(accurate, mostly-accurate) tolerances from ``data/method.yaml``."""
    return float(reg.method["tolerance_accurate"]), float(reg.method["tolerance_mostly"])


def _band(chk: CheckResult, tol: tuple[float, float], lang: str) -> str:
    """How close the figures are, in plain words, for a check that is not an exact match."""
    if not chk.gap or chk.status not in ("pass", "near"):
        return ""
    return say(f"band.{chk.status}", lang, tol=tol[0])


def source_name(reg: Registry, param: str) -> str | None:
    """Who publishes a sourced figure, when that fits in a few words."""
    p = reg.parameters.get(param)
    src = reg.sources.get(p.source) if p is not None and p.source else None
    name = src.publisher if src is not None else None
    if name and len(name) <= 24 and not any(ch in name for ch in "/,("):
        return name
    return None


def _opening(claim: Claim, chk: CheckResult, reg: Registry, lang: str) -> str:
    """Who says the comparison figure, up to the figure itself."""
    doc = doc_name(reg, claim.seed, lang)
    spec = chk.spec
    if "seed_count" in spec:
        return say("check.counted", lang, doc=doc,
                   figure=amount(chk.interval.central, str(claim.stated.get("unit", "")), lang))
    figure = recomputed(chk.interval, lang)
    if chk.kind == "arithmetic":
        return say("check.own_numbers", lang, doc=doc, figure=figure)
    if chk.kind == "consistency":
        return say("check.own_figures", lang, doc=doc, figure=figure)
    ref = str(spec.get("ref", ""))
    who = source_name(reg, ref[len("param:"):]) if ref.startswith("param:") and is_point(chk.interval) else None
    if who:
        return say("check.publisher", lang, who=who, figure=figure)
    return say("check.recomputed", lang, figure=figure)


def _comparison(claim: Claim, chk: CheckResult, tol: tuple[float, float], lang: str) -> str:
    """How the stated figure relates to the recomputed one, in the words of the rule applied."""
    iv, gap = chk.interval, chk.gap or 0.0
    f: dict[str, Any] = dict(band=_band(chk, tol, lang), stated=stated_words(claim, lang),
                             more=more_than(gap, lang) if gap else "")
    lo, hi = stated_range(claim)
    unit = str(claim.stated.get("unit", ""))
    if chk.relation in ("at_least", "at_most") and claim.relation != chk.relation:
        limit = "ceiling" if chk.relation == "at_least" else "floor"  # the recomputed figure is a limit
        return say(f"cmp.{limit}.{'ok' if gap == 0 else 'off'}", lang, **f)
    if chk.relation in ("at_least", "at_most"):
        f["bound"] = _bound_words(claim, lo if chk.relation == "at_least" else hi, lang)
        return say(f"cmp.{chk.relation}.{'ok' if gap == 0 else 'off'}", lang, **f)
    point = is_point(iv)
    if unit == "percent" and lo == hi and gap:  # two percentages differ by points, not per cent
        return say("cmp.points_above" if lo > iv.central else "cmp.points_below", lang,
                   points=abs(lo - iv.central), **f)
    g_mid, g_med = approx_gaps(lo, hi, iv)
    mid = stated_midpoint(lo, hi)
    f.update(top=amount(hi, unit, lang), bottom=amount(lo, unit, lang), mid=amount(mid, unit, lang))
    if gap == 0:
        if point:
            return say("cmp.exact" if lo == hi else "cmp.in_stated_range", lang, **f)
        if lo == hi:
            return say("cmp.stated_in_ours", lang, **f)
        if lo <= iv.central <= hi:
            return say("cmp.median_in_stated", lang, **f)
        return say("cmp.mid_in_ours", lang, **f)
    if point or g_med <= g_mid:  # our median against the stated figure or range
        if iv.central > hi:
            return say("cmp.ours_above" if lo == hi else "cmp.ours_above_top", lang, **f)
        return say("cmp.stated_above" if lo == hi else "cmp.bottom_above", lang, **f)
    if mid > iv.high:
        return say("cmp.stated_above_range" if lo == hi else "cmp.mid_above_range", lang, **f)
    return say("cmp.range_above_stated" if lo == hi else "cmp.range_above_mid", lang, **f)


def _versus_claim(claim: Claim, other: Claim, chk: CheckResult, reg: Registry,
                  tol: tuple[float, float], lang: str) -> str:
    """A consistency check against another passage: name it and say how far apart they are."""
    f = dict(doc=doc_name(reg, claim.seed, lang), other=stated_words(other, lang),
             where=where_else(reg, claim, other, lang), id=other.id, band=_band(chk, tol, lang))
    gap = chk.gap or 0.0
    if gap == 0:
        return say("versus.agrees", lang, **f)
    distance = share(gap, lang) if gap < 1 else say("factor", lang, n=more_than(gap, lang).rstrip(" ×"))
    key = {"at_least": "versus.differs_min", "at_most": "versus.differs_max"}.get(chk.relation, "versus.differs")
    return say(key, lang, distance=distance, **f)


def quantitative_sentence(claim: Claim, chk: CheckResult, reg: Registry, lang: str = "") -> str:
    """One or two sentences for a check that compares numbers."""
    tol = _tolerances(reg)
    other = _other_claim(chk, reg) if chk.kind == "consistency" else None
    if other is not None:
        return _versus_claim(claim, other, chk, reg, tol, lang)
    text = say("sentence", lang, opening=_opening(claim, chk, reg, lang),
               comparison=_comparison(claim, chk, tol, lang))
    if chk.estimate and chk.status in ("pass", "near"):
        text += " " + say("estimate_caveat", lang)
    return text


def date_sentence(claim: Claim, chk: CheckResult, reg: Registry, lang: str = "") -> str:
    st_lo, st_hi = chk.details["stated_dates"]
    days = int(chk.gap or 0)
    f = dict(source=date_span(*chk.details["source_dates"], lang), stated=date_span(st_lo, st_hi, lang))
    if not days:
        return say("date.within", lang, **f)
    months = round(days / 30.44)
    if st_lo == st_hi or months < 1:  # a stated day: count days; a stated month or year: months
        f["gap"] = say("gap.days", lang, n=days)
    else:
        f["gap"] = say("gap.month", lang) if months == 1 else say("gap.months", lang, n=months)
    f["allowance"] = (say("date.allowance", lang, days=int(reg.method["date_near_days"]))
                      if chk.status == "near" else "")
    return say("date.before" if chk.details["source_first"] else "date.after", lang, **f)


def precedence_sentence(claim: Claim, chk: CheckResult, reg: Registry, lang: str = "") -> str:
    """Whether the cited works predate the document, in words: "It cites work from March 2025,
    six weeks after the paper's date (7 February 2025)"."""
    from ..checking.checks import date_range

    doc_date = chk.details["document_date"]
    f: dict[str, Any] = dict(doc=doc_name(reg, claim.seed, lang), dated=date_span(doc_date, doc_date, lang))
    later = chk.details["later"]
    if not later:
        return say("precedence.ok", lang, **f)
    works = [_later_work(sid, published, doc_date, reg, lang) for sid, published in later]
    return say("precedence.later", lang, works=say("list_sep", lang).join(works), **f)


def _later_work(sid: str, published: str, doc_date: Any, reg: Registry, lang: str, titled: bool = True) -> str:
    from ..checking.checks import date_range

    lo, hi = date_range(str(published))
    weeks = catalog_number(max(1, round((lo - doc_date).days / 7)), lang)
    key = "precedence.work" + ("" if lo == hi else ".month") + ("" if titled else ".short")
    return say(key, lang, when=date_span(lo, hi, lang), title=reg.sources[sid].title, weeks=weeks)


def precedence_lead(claim: Claim, chk: CheckResult, reg: Registry, lang: str = "") -> str:
    """The lead for a citation dated after the document: its earliest such work, in one sentence."""
    from ..checking.checks import date_range

    doc_date = chk.details["document_date"]
    sid, published = min(chk.details["later"], key=lambda w: date_range(str(w[1]))[0])
    return say("precedence.lead", lang, doc=doc_name(reg, claim.seed, lang), dated=date_span(doc_date, doc_date, lang),
               work=_later_work(sid, published, doc_date, reg, lang, titled=False))


def address_sentence(claim: Claim, chk: CheckResult, reg: Registry, lang: str = "") -> str:
    """Where a printed address points, judged after undoing the damage of our copy's text
    extraction (which is ours, not the document's), named in words."""
    parts = []
    for a in chk.details.get("addresses", []):
        damage = say("list_sep", lang).join(say(f"artefact.{k}", lang) for k in a["artefacts"])
        if a["points"] is True:
            key = "address.points_repaired" if damage else "address.points"
        elif a["points"] is None:
            key = "address.well_formed_repaired" if damage else "address.well_formed"
        else:
            key = "address.elsewhere"
        parts.append(say(key, lang, damage=damage, real=a.get("real") or ""))
    return " ".join(dict.fromkeys(parts))  # several addresses that point right: said once


def check_sentence(claim: Claim, chk: CheckResult, reg: Registry, lang: str = "") -> str:
    """What one check found, as a sentence (its note, the why, is shown next to it)."""
    kind = form(chk.spec)
    if chk.interval is not None:
        return quantitative_sentence(claim, chk, reg, lang)
    if kind == "date":
        return date_sentence(claim, chk, reg, lang)
    if kind == "precedence":
        return precedence_sentence(claim, chk, reg, lang)
    if chk.evidence:
        side = "document" if chk.kind == "consistency" else "source"
        return say(f"evidence.{side}.{chk.evidence}", lang, doc=doc_name(reg, claim.seed, lang))
    if kind == "address":
        return address_sentence(claim, chk, reg, lang)
    return ""


# --- the claim block: lead, evidence, what would change the verdict ---------------------------

def parameter_label(reg: Registry, name: str, lang: str = "") -> str:
    """A parameter as a reader names it (its label, first letter lower-cased unless an acronym)."""
    label = parameter_text(reg, name, "label", lang) or name.replace("_", " ")
    if resolve(lang) != "en":  # German nouns keep their capitals; the label is written as it is said
        return label
    return label if label[:2].isupper() or label[:1].islower() else label[:1].lower() + label[1:]


def _filled(template: str, result: "ClaimResult", chk: CheckResult | None,
            values: dict[str, tuple[float, str]], lang: str) -> str:
    """A template from the data (a lead, a note) with its fields: ``{ours}``, ``{low}``,
    ``{high}``, ``{stated}`` from the check's result, ``{NAME}`` from the parameters in force."""
    if "{" not in template:
        return template
    fields: dict[str, object] = {name: Q(v, u) for name, (v, u) in values.items()}
    fields["stated"] = stated_words(result.claim, lang)
    iv = readable(chk.interval) if chk is not None and chk.interval is not None else None
    if iv is not None:
        fields.update(ours=Q(iv.central, iv.unit), low=Q(iv.low, iv.unit), high=Q(iv.high, iv.unit))
    return fill(template, lang, **fields)


def note(result: "ClaimResult", kind: str, reg: Registry, lang: str = "") -> str:
    """A check's note with its fields filled in from the run."""
    chk = result.checks[kind]
    template = note_template(reg, result.claim, kind, chk.note, lang)
    return _filled(template.strip(), result, chk, chk.details.get("note_fields", {}), lang)


def _by(claim: Claim, chk: CheckResult, reg: Registry, lang: str) -> str:
    iv = readable(chk.interval)
    ours = Q(iv.central, iv.unit)
    ref = str(chk.spec.get("ref", ""))
    if chk.estimate:
        return say("by.estimates", lang, ours=ours)
    who = source_name(reg, ref[len("param:"):]) if ref.startswith("param:") and is_point(chk.interval) else None
    return say("by.publisher", lang, who=who, ours=ours) if who else say("by.recomputed", lang, ours=ours)


def _off(claim: Claim, chk: CheckResult, lang: str) -> str:
    """How far the stated figure is from ours, in the reader's words ("20 % more")."""
    lo, hi = stated_range(claim)
    stated, ours = stated_midpoint(lo, hi), chk.interval.central
    if str(claim.stated.get("unit")) == "percent":
        return say("off.points_more" if stated > ours else "off.points_less", lang, points=abs(stated - ours))
    if stated > ours:
        ratio = stated / ours if ours > 0 else float("inf")
        return say("off.more", lang, gap=ratio - 1) if ratio < 2 else say("off.times_more", lang, factor=ratio)
    ratio = ours / stated if stated > 0 else float("inf")
    return say("off.less", lang, gap=1 - 1 / ratio) if ratio < 2 else say("off.times_less", lang, factor=ratio)


def _lead_key(result: "ClaimResult", chk: CheckResult) -> str:
    v, bound = result.verdict, chk.relation in ("at_least", "at_most")
    if v == "accurate":
        return "lead.accurate.bound" if bound else ("lead.accurate.exact" if not chk.gap else "lead.accurate.close")
    if v == "misleading" and result.checks["arithmetic"].status == "fail" and chk.status == "pass":
        return "lead.misleading.arithmetic"
    if v == "misleading" and chk.alt_interval is not None and chk.alt_status == "pass":
        return "lead.misleading.alt"
    if v in ("mostly-accurate", "misleading"):
        return "lead.mostly-accurate" if v == "mostly-accurate" else "lead.misleading.near"
    if v == "inaccurate":
        return "lead.inaccurate.bound" if bound else "lead.inaccurate"
    return "lead.unverifiable.estimate" if v == "unverifiable" and chk.estimate else "lead.unverifiable"


def lead(result: "ClaimResult", reg: Registry, lang: str = "") -> str:
    """The verdict's one lead sentence: the claim's own, written for this verdict in the data,
    else one generated from the check that decided it."""
    chk = result.checks[result.deciding] if result.deciding else result.checks["source"]
    typed = lead_template(reg, result.claim, result.verdict, lang)
    if typed:
        return _filled(typed.strip(), result, chk if chk.interval is not None else None, result.fields, lang)
    con = result.checks["consistency"]
    if con.status == "fail" and form(con.spec) == "precedence":  # the false frame is the finding
        return precedence_lead(result.claim, con, reg, lang)
    if chk.interval is None or chk.kind == "consistency":
        return note(result, chk.kind, reg, lang) if chk.note.strip() else check_sentence(result.claim, chk, reg, lang)
    claim, iv = result.claim, readable(chk.interval)
    key = _lead_key(result, chk)
    fields: dict[str, Any] = dict(by=_by(claim, chk, reg, lang), stated=stated_words(claim, lang),
                                  tol=_tolerances(reg)[0], doc=doc_name(reg, claim.seed, lang),
                                  range=("" if is_point(iv) or chk.estimate else
                                         say("range", lang, low=Q(iv.low, iv.unit), high=Q(iv.high, iv.unit))))
    template = message(key, lang)
    if "{off}" in template:
        fields["off"] = _off(claim, chk, lang)
    if "{arith}" in template:
        fields["arith"] = quantitative_sentence(claim, result.checks["arithmetic"], reg, lang).rstrip(".")
    if "{alt}" in template:
        fields["alt"] = recomputed(chk.alt_interval, lang)
    return say(key, lang, **fields)


def evidence(result: "ClaimResult", reg: Registry, lang: str = "") -> str:
    """The evidence: the source check's note, unless the lead already is that note."""
    text = note(result, "source", reg, lang)
    return "" if not text or text == lead(result, reg, lang) else text


def reason(result: "ClaimResult", reg: Registry, lang: str = "") -> str:
    """The verdict's lead sentence and its evidence (what records and ClaimReview carry)."""
    return " ".join(p for p in (lead(result, reg, lang), evidence(result, reg, lang)) if p)


def breakeven_sentence(result: "ClaimResult", reg: Registry | None = None, lang: str = "") -> str:
    """What would change the verdict: the one assumption it hinges on, in its label and unit;
    empty where no assumption could move it (a documented figure never does)."""
    be = result.breakeven
    if be is None or be.value is None:
        return ""
    label = parameter_label(reg, be.parameter, lang) if reg is not None else be.parameter.replace("_", " ")
    english = reg.parameters[be.parameter].label if reg is not None and be.parameter in reg.parameters else label
    q = _as_said(english or label, be.unit)  # the English label says what the figure is
    fields = dict(label=label, value=q(be.value), low=q(be.low), high=q(be.high))
    holds = result.verdict in ("accurate", "mostly-accurate")
    if be.side is None:
        text = say("change.exact.good" if holds and be.inside else "change.exact", lang, **fields)
    else:
        text = say("change.holds" if holds else "change.would", lang, side=say(f"side.{be.side}", lang), **fields)
    return text + (" " + say("change.inside", lang) if be.inside and not holds else "")


def _as_said(label: str, unit: str):
    """How a parameter's values are said: a share given as a ratio reads as a percentage."""
    if unit == "ratio" and "share" in label:
        return lambda x: Q(100 * x, "percent")
    return lambda x: Q(x, unit)


def finding(result: "ClaimResult", reg: Registry, lang: str = "") -> str:
    """A finding for the landing page and the page summaries: the verdict's lead sentence."""
    return lead(result, reg, lang)


def stated_vs_recomputed(result: "ClaimResult", lang: str = "") -> str:
    """Short: "stated 10 days · ours 10.8 days" (our part only if numeric)."""
    stated = stated_words(result.claim, lang)
    st = result.claim.stated
    if "value" not in st and "low" not in st and "date_low" not in st:
        return say("quoted", lang, text=stated) if stated else ""
    chk = result.recomputed
    if chk is None or chk.interval is None:
        return say("short.stated", lang, stated=stated)
    return say("short.both", lang, stated=stated, ours=recomputed(chk.interval, lang))
