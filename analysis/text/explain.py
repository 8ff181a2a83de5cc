"""The sentences a reader sees: each check's finding, a verdict's reason, a break-even line.

Every sentence is built from a check's results, so a build with other parameters never says
what its own numbers contradict. The wording follows the rule that decided the check:

* approx: the distance the rule measures, (larger / smaller) - 1, with the tolerance named
  whenever the figures are not identical ("8.3 % more than the stated 10 days, inside our
  ±10 % tolerance");
* at least / at most: the stated figure as a bound ("above the stated minimum of ...");
* stated ranges: the recomputed median against the range, or the range's middle against the
  recomputed 90 % range, whichever the rule used;
* consistency: the other passage, by claim id and by where it stands in the document;
* evidence, dates, cited dates and addresses: what the source says, in words.

A 90 % range is written only where the figure is uncertain; the share of Monte Carlo draws
that agree is given only then, too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..checking.checks import CheckResult, approx_gaps, stated_midpoint, stated_range
from ..checking.data import Claim, Registry
from .format import fmt
from .say import Q, catalog, fill, say
from .wording import amount, date_span, is_point, more_than, readable, recomputed, share, span

if TYPE_CHECKING:
    from ..checking.verdicts import ClaimResult

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten"}
EVIDENCE_SOURCE = {"supports": "The source supports the statement.",
                   "partial": "The sources support only part of the statement.",
                   "contradicts": "The source contradicts the statement.",
                   "none": "No source for the statement was found."}
EVIDENCE_DOCUMENT = {"supports": "The rest of the {doc} agrees.",
                     "partial": "The rest of the {doc} agrees only in part.",
                     "contradicts": "Another passage of the same {doc} contradicts it.",
                     "none": "No other passage of the {doc} bears on it."}


# --- the stated figure ----------------------------------------------------------------------

def stated_words(claim: Claim) -> str:
    """The stated figure as a reader writes it: "10 days", "1 to 8 hours", a date, or text."""
    st = claim.stated
    if "date_low" in st:
        from ..checking.checks import date_range

        return date_span(date_range(str(st["date_low"]))[0], date_range(str(st["date_high"]))[1])
    if "value" not in st and "low" not in st:
        return str(st.get("text", ""))
    lo, hi = stated_range(claim)
    words = span(lo, hi, str(st.get("unit", "")))
    return {"at_least": "at least ", "at_most": "at most "}.get(claim.relation, "") + words


def _bound_words(claim: Claim, bound: float) -> str:
    text = claim.stated.get("text")
    words = amount(bound, str(claim.stated.get("unit", "")))
    return f"{words} (“{_symbols(text)}”)" if text else words


def _symbols(text: str) -> str:
    return text.replace(">=", "≥").replace("<=", "≤")


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


def where_else(reg: Registry, claim: Claim, other: Claim) -> str:
    """Where ``other`` stands relative to ``claim``: "in section 3", "three paragraphs later"."""
    text = reg.seeds[claim.seed].text
    if other.seed != claim.seed:
        return f"in the {reg.seeds[other.seed].kind}"
    here, there = _section_of(text, claim.quote), _section_of(text, other.quote)
    if here and there and here != there:
        return f"in section {there}"
    a, b = _paragraph_of(text, claim.quote), _paragraph_of(text, other.quote)
    if a is None or b is None:
        return "elsewhere"
    n = b - a
    if n == 0:
        return "in the same paragraph"
    if abs(n) == 1:
        return "in the next paragraph" if n > 0 else "in the paragraph before"
    count = NUMBER_WORDS.get(abs(n), str(abs(n)))
    return f"{count} paragraphs {'later' if n > 0 else 'earlier'}"


# --- one check, one sentence ------------------------------------------------------------------

def _other_claim(chk: CheckResult, reg: Registry) -> Claim | None:
    ref = str(chk.spec.get("ref", ""))
    if ref.startswith("claim:"):
        return reg.claims[ref[len("claim:"):].split(".")[0]]
    return None


def _band(chk: CheckResult, tol: tuple[float, float]) -> str:
    """How close the figures are, in plain words, for a check that is not an exact match."""
    if not chk.gap:
        return ""
    if chk.status == "pass":
        return f", close enough to count as right (within {share(tol[0])})"
    if chk.status == "near":
        return f", close but not within {share(tol[0])}"
    return ""


def _lead(claim: Claim, chk: CheckResult, reg: Registry) -> str:
    """Who says the comparison figure, up to the figure itself."""
    doc = reg.seeds[claim.seed].kind
    spec = chk.spec
    if "seed_count" in spec:
        return f"Counted in the {doc}: {amount(chk.interval.central, str(claim.stated.get('unit', '')))}"
    if chk.kind == "arithmetic":
        return f"The {doc}'s own numbers give {recomputed(chk.interval)}"
    if chk.kind == "consistency":
        return f"The {doc}'s own figures elsewhere give {recomputed(chk.interval)}"
    ref = str(spec.get("ref", ""))
    if ref.startswith("param:") and is_point(chk.interval):
        return f"{_source_name(reg, ref[len('param:'):])} gives {recomputed(chk.interval)}"
    return f"Recomputed from the sources: {recomputed(chk.interval)}"


def _source_name(reg: Registry, param: str) -> str:
    """Who publishes a sourced figure, when that fits in a few words; else "The source"."""
    p = reg.parameters.get(param)
    src = reg.sources.get(p.source) if p is not None and p.source else None
    name = src.publisher if src is not None else None
    if name and len(name) <= 24 and not any(ch in name for ch in "/,("):
        return name
    return "The source"


def _comparison(claim: Claim, chk: CheckResult, tol: tuple[float, float]) -> str:
    """How the stated figure relates to the recomputed one, in the words of the rule applied."""
    iv, gap, band = chk.interval, chk.gap or 0.0, _band(chk, tol)
    lo, hi = stated_range(claim)
    unit = str(claim.stated.get("unit", ""))
    st = stated_words(claim)
    if chk.relation == "at_least" and claim.relation != "at_least":  # the recomputed figure is a ceiling
        if gap == 0:
            return f", an upper limit that the stated {st} stays within"
        return f"; the stated {st} is {more_than(gap)} that upper limit{band}"
    if chk.relation == "at_most" and claim.relation != "at_most":  # ... or a floor
        if gap == 0:
            return f", a lower limit that the stated {st} stays above"
        return f"; that lower limit is {more_than(gap)} the stated {st}{band}"
    if chk.relation == "at_least":
        if gap == 0:
            return f", which meets the stated minimum of {_bound_words(claim, lo)}"
        return f"; the stated minimum of {_bound_words(claim, lo)} is {more_than(gap)} that{band}"
    if chk.relation == "at_most":
        if gap == 0:
            return f", within the stated maximum of {_bound_words(claim, hi)}"
        return f", {more_than(gap)} the stated maximum of {_bound_words(claim, hi)}{band}"
    point = is_point(iv)
    if unit == "percent" and lo == hi and gap:  # two percentages differ by points, not per cent
        side = "above" if lo > iv.central else "below"
        return f"; the stated {st} is {fmt(abs(lo - iv.central))} percentage points {side} that{band}"
    g_mid, g_med = approx_gaps(lo, hi, iv)
    if gap == 0:
        if point:
            return ", exactly as stated" if lo == hi else f", inside the stated range of {st}"
        if lo == hi:
            return f"; the stated {st} lies inside our range"
        if lo <= iv.central <= hi:
            return f"; its median lies inside the stated range of {st}"
        return (f"; the stated range's geometric mean ({amount(stated_midpoint(lo, hi), unit)}) lies "
                "inside our range")
    if point or g_med <= g_mid:
        # the recomputed median against the stated figure or range
        if iv.central > hi:
            target = f"the stated {st}" if lo == hi else f"the top of the stated range ({amount(hi, unit)})"
            return f", {more_than(gap)} {target}{band}"
        target = f"the stated {st}" if lo == hi else f"the bottom of the stated range ({amount(lo, unit)})"
        return f"; {target} is {more_than(gap)} that{band}"
    mid = stated_midpoint(lo, hi)
    said = f"the stated {st}" if lo == hi else f"the stated range's geometric mean ({amount(mid, unit)})"
    if mid > iv.high:
        return f"; {said} is {more_than(gap)} the top of our range{band}"
    return f"; the bottom of our range is {more_than(gap)} {said}{band}"


def _versus_claim(claim: Claim, other: Claim, chk: CheckResult, reg: Registry,
                  tol: tuple[float, float]) -> str:
    """A consistency check against another passage: name it and say how far apart they are."""
    doc = reg.seeds[claim.seed].kind
    head = (f"The same {doc} states {stated_words(other)} {where_else(reg, claim, other)} "
            f"({other.id})")
    gap = chk.gap or 0.0
    if gap == 0:
        return head + ", in agreement with this passage."
    bound = {"at_least": " against the minimum stated here", "at_most": " against the maximum stated here"}
    rel = bound.get(chk.relation, "")
    distance = share(gap) if gap < 1 else f"a factor of {more_than(gap).rstrip(' ×')}"
    return f"{head}; the two differ by {distance}{rel}{_band(chk, tol)}."


def _tolerances(reg: Registry) -> tuple[float, float]:
    """(accurate, mostly-accurate) tolerances from ``data/method.yaml``."""
    return float(reg.method["tolerance_accurate"]), float(reg.method["tolerance_mostly"])


ESTIMATE_CAVEAT = (" These are third-party estimates, not a primary source, so agreement does not "
                   "verify the figure.")


def quantitative_sentence(claim: Claim, chk: CheckResult, reg: Registry, brief: bool = False) -> str:
    """One or two sentences for a check that compares numbers (``brief`` is kept for callers:
    the sentence is the same)."""
    tol = _tolerances(reg)
    other = _other_claim(chk, reg) if chk.kind == "consistency" else None
    if other is not None:
        return _versus_claim(claim, other, chk, reg, tol)
    text = _lead(claim, chk, reg) + _comparison(claim, chk, tol) + "."
    if chk.estimate and chk.status in ("pass", "near"):
        text += ESTIMATE_CAVEAT
    return text


def date_sentence(claim: Claim, chk: CheckResult, reg: Registry) -> str:
    src = date_span(*chk.details["source_dates"])
    stated = date_span(*chk.details["stated_dates"])
    days = int(chk.gap or 0)
    if days == 0:
        return f"The source dates it {src}, within the stated {stated}."
    side = "before" if chk.details["source_first"] else "after"
    allowance = (f", within our {reg.method['date_near_days']}-day allowance"
                 if chk.status == "near" else "")
    return f"The source dates it {src}, {days:,} days {side} the stated {stated}{allowance}."


def precedence_sentence(claim: Claim, chk: CheckResult, reg: Registry) -> str:
    doc = reg.seeds[claim.seed].kind
    dated = date_span(chk.details["document_date"], chk.details["document_date"])
    later = chk.details["later"]
    if not later:
        return f"Every cited work predates the {doc}'s own date, {dated}."
    works = "; ".join(f"{reg.sources[sid].title} ({published})" for sid, published in later)
    return f"The {doc} is dated {dated} but cites work published later: {works}."


def check_sentence(claim: Claim, chk: CheckResult, reg: Registry) -> str:
    """What one check found, as a sentence (its note, the why, is shown next to it)."""
    doc = reg.seeds[claim.seed].kind
    spec = chk.spec
    if chk.interval is not None:
        return quantitative_sentence(claim, chk, reg)
    if "date" in spec or "date_figure" in spec:
        return date_sentence(claim, chk, reg)
    if "precedes_document" in spec:
        return precedence_sentence(claim, chk, reg)
    if chk.evidence:
        table = EVIDENCE_DOCUMENT if chk.kind == "consistency" else EVIDENCE_SOURCE
        return table[chk.evidence].format(doc=doc)
    if "url" in spec:
        return f"The printed address: {chk.summary}."
    return ""


# --- the claim block: lead, evidence, what would change the verdict ---------------------------

def parameter_label(reg: Registry, name: str) -> str:
    """A parameter as a reader names it (its label, first letter lower-cased unless an acronym)."""
    p = reg.parameters.get(name)
    label = (p.label if p is not None and p.label else name.replace("_", " "))
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _filled(template: str, result: "ClaimResult", chk: CheckResult | None, reg: Registry,
            values: dict[str, tuple[float, str]]) -> str:
    """A template from the data (a lead, a note) with its fields: ``{ours}``, ``{low}``,
    ``{high}``, ``{stated}`` from the check's result, ``{NAME}`` from the parameters in force."""
    if "{" not in template:
        return template
    fields: dict[str, object] = {name: Q(v, u) for name, (v, u) in values.items()}
    fields["stated"] = stated_words(result.claim)
    iv = readable(chk.interval) if chk is not None and chk.interval is not None else None
    if iv is not None:
        fields.update(ours=Q(iv.central, iv.unit), low=Q(iv.low, iv.unit), high=Q(iv.high, iv.unit))
    return fill(template, **fields)


def note(result: "ClaimResult", kind: str, reg: Registry) -> str:
    """A check's note with its fields filled in from the run."""
    chk = result.checks[kind]
    return _filled(chk.note.strip(), result, chk, reg, chk.details.get("note_fields", {}))


def _by(claim: Claim, chk: CheckResult, reg: Registry) -> str:
    iv = readable(chk.interval)
    ours = Q(iv.central, iv.unit)
    ref = str(chk.spec.get("ref", ""))
    if chk.estimate:
        return say("by.estimates", ours=ours)
    if ref.startswith("param:") and is_point(chk.interval):
        who = _source_name(reg, ref[len("param:"):])
        if who != "The source":
            return say("by.publisher", who=who, ours=ours)
    return say("by.recomputed", ours=ours)


def _off(claim: Claim, chk: CheckResult) -> str:
    """How far the stated figure is from ours, in the reader's words ("20 % more")."""
    lo, hi = stated_range(claim)
    stated = stated_midpoint(lo, hi)
    ours = chk.interval.central
    if str(claim.stated.get("unit")) == "percent":
        key = "off.points_more" if stated > ours else "off.points_less"
        return say(key, points=abs(stated - ours))
    if stated > ours:
        ratio = stated / ours if ours > 0 else float("inf")
        return say("off.more", gap=ratio - 1) if ratio < 2 else say("off.times_more", factor=ratio)
    ratio = ours / stated if stated > 0 else float("inf")
    return say("off.less", gap=1 - 1 / ratio) if ratio < 2 else say("off.times_less", factor=ratio)


def lead(result: "ClaimResult", reg: Registry) -> str:
    """The verdict's one lead sentence: the claim's own, written for this verdict in the data,
    else one generated from the check that decided it."""
    chk = result.checks[result.deciding] if result.deciding else result.checks["source"]
    typed = result.claim.lead.get(result.verdict)
    if typed:
        return _filled(typed.strip(), result, chk if chk.interval is not None else None, reg, result.fields)
    if chk.interval is None or chk.kind == "consistency":
        return (note(result, chk.kind, reg) if chk.note.strip()
                else check_sentence(result.claim, chk, reg))
    claim, iv = result.claim, readable(chk.interval)
    tol = _tolerances(reg)
    fields = dict(by=_by(claim, chk, reg), stated=stated_words(claim), tol=tol[0],
                  doc=reg.seeds[claim.seed].kind,
                  range=("" if is_point(iv) or chk.estimate
                         else say("range", low=Q(iv.low, iv.unit), high=Q(iv.high, iv.unit))))
    bound = chk.relation in ("at_least", "at_most")
    v = result.verdict
    if v == "accurate":
        key = "lead.accurate.bound" if bound else ("lead.accurate.exact" if not chk.gap else "lead.accurate.close")
    elif v == "mostly-accurate":
        key = "lead.mostly-accurate"
    elif v == "misleading" and result.checks["arithmetic"].status == "fail" and chk.status == "pass":
        key = "lead.misleading.arithmetic"
        fields["arith"] = quantitative_sentence(claim, result.checks["arithmetic"], reg).rstrip(".")
    elif v == "misleading" and chk.alt_interval is not None and chk.alt_status == "pass":
        key = "lead.misleading.alt"
        fields["alt"] = "another reading of the sources, " + recomputed(chk.alt_interval)
    elif v == "misleading":
        key = "lead.misleading.near"
    elif v == "inaccurate":
        key = "lead.inaccurate.bound" if bound else "lead.inaccurate"
    elif v == "unverifiable" and chk.estimate:
        key = "lead.unverifiable.estimate"
    else:
        key = "lead.unverifiable"
    if "{off}" in catalog()["messages"][key]:
        fields["off"] = _off(claim, chk)
    return say(key, **fields)


def evidence(result: "ClaimResult", reg: Registry) -> str:
    """The evidence: the source check's note, unless the lead already is that note."""
    text = note(result, "source", reg)
    return "" if not text or text == lead(result, reg) else text


def reason(result: "ClaimResult", reg: Registry) -> str:
    """The verdict's lead sentence and its evidence (what records and ClaimReview carry)."""
    return " ".join(p for p in (lead(result, reg), evidence(result, reg)) if p)


# --- what would change the verdict ------------------------------------------------------------

def breakeven_sentence(result: "ClaimResult", reg: Registry | None = None) -> str:
    """What would change the verdict: the one assumption it hinges on, in its label and unit;
    empty where no assumption could move it (a documented figure never does)."""
    be = result.breakeven
    if be is None or be.value is None:
        return ""
    label = parameter_label(reg, be.parameter) if reg is not None else be.parameter.replace("_", " ")
    fields = dict(label=label, value=Q(be.value, be.unit), low=Q(be.low, be.unit), high=Q(be.high, be.unit))
    if be.side is None:
        text = say("change.exact", **fields)
    else:
        text = say("change.holds", side=say(f"side.{be.side}"), **fields)
    return text + (say("change.inside") if be.inside else "")


# --- a finding in one sentence ----------------------------------------------------------------

def finding(result: "ClaimResult", reg: Registry) -> str:
    """A finding for the landing page and the page summaries: the verdict's lead sentence."""
    return lead(result, reg)


def stated_vs_recomputed(result: "ClaimResult") -> str:
    """Short: "stated 10 days · recomputed 10.8 days" (the recomputed part only if numeric)."""
    stated = stated_words(result.claim)
    st = result.claim.stated
    if "value" not in st and "low" not in st and "date_low" not in st:
        return f"“{stated}”" if stated else ""
    chk = result.recomputed
    if chk is None or chk.interval is None:
        return f"stated {stated}"
    return f"stated {stated} · recomputed {recomputed(chk.interval)}"
