"""The reader text of the records in the reader's language: a claim's topic, leads and notes, a
source's paraphrases, a parameter's label, the method's verdict definitions and family titles.

English is what the records themselves hold (``data/claims``, ``data/sources``, ...); another
language's text lives in ``data/<lang>/``, keyed by the same ids (:class:`analysis.checking.data.Local`).
A text that a language lacks falls back to English here, and the language test of the German
edition fails on it, so a missing translation is visible, never silent.
"""

from __future__ import annotations

from typing import Any

from ..checking.data import Claim, Registry
from .catalogs import resolve


def _local(reg: Registry, lang: str) -> Any:
    lang = resolve(lang)
    return reg.local.get(lang) if lang != "en" else None


def topic(reg: Registry, claim: Claim, lang: str = "") -> str:
    loc = _local(reg, lang)
    return str((loc.claims.get(claim.id) or {}).get("topic") or claim.topic) if loc else claim.topic


def lead_template(reg: Registry, claim: Claim, verdict: str, lang: str = "") -> str | None:
    """The claim's own lead for ``verdict``, if its data give one."""
    loc = _local(reg, lang)
    if loc is not None:
        typed = ((loc.claims.get(claim.id) or {}).get("lead") or {}).get(verdict)
        if typed:
            return str(typed)
    return claim.lead.get(verdict)


def note_template(reg: Registry, claim: Claim, kind: str, english: str, lang: str = "") -> str:
    """A check's note (``english`` is the record's own)."""
    loc = _local(reg, lang)
    if loc is not None and english.strip():
        return str(((loc.claims.get(claim.id) or {}).get("notes") or {}).get(kind) or english)
    return english


def parameter_text(reg: Registry, name: str, field: str, lang: str = "") -> str:
    """A parameter's ``label`` or ``basis``."""
    p = reg.parameters.get(name)
    english = str(getattr(p, field, "") or "") if p is not None else ""
    loc = _local(reg, lang)
    if not loc:
        return english
    if name not in loc.parameters and p is not None and p.source in reg.sources:
        return _figure_parameter_text(reg, loc, p, field) or english
    return str((loc.parameters.get(name) or {}).get(field) or english)


def _figure_parameter_text(reg: Registry, loc: Any, p: Any, field: str) -> str:
    """A figure read from a source, used as a parameter: its label is the figure's paraphrase,
    its basis says where the source states it (as :func:`analysis.checking.data._figure_parameter`)."""
    fig = (((loc.sources.get(p.source) or {}).get("figures") or {}).get(p.name)) or {}
    if field == "label":
        return str(fig.get("paraphrase") or "")
    if field == "basis" and fig.get("locator"):
        return str(loc.method.get("figure_basis", "{locator}")).format(locator=fig["locator"])
    return ""


def source_text(reg: Registry, src: Any, field: str, lang: str = "") -> str:
    """A source's ``read_via``, ``searched`` or ``notes``."""
    english = str(getattr(src, field, "") or "")
    loc = _local(reg, lang)
    return str((loc.sources.get(src.id) or {}).get(field) or english) if loc and english else english


def figure_text(reg: Registry, src: Any, fig: Any, field: str, lang: str = "") -> str:
    """A figure's ``locator`` or ``paraphrase``."""
    english = str(getattr(fig, field, "") or "")
    loc = _local(reg, lang)
    if not loc or not english:
        return english
    return str((((loc.sources.get(src.id) or {}).get("figures") or {}).get(fig.name) or {}).get(field) or english)


def family_title(reg: Registry, family: str, lang: str = "") -> str:
    loc = _local(reg, lang)
    english = str(reg.families[family]["title"])
    return str(((loc.method.get("families") or {}).get(family)) or english) if loc else english


def verdict_definition(reg: Registry, verdict: str, lang: str = "") -> str:
    loc = _local(reg, lang)
    english = str(reg.method["verdicts"][verdict])
    return str(((loc.method.get("verdicts") or {}).get(verdict)) or english) if loc else english


def stated_text(claim: Claim, lang: str = "") -> str:
    """A statement without a figure, as the document states it, in the reader's words."""
    from ..checking.data import load

    english = str(claim.stated.get("text", ""))
    loc = _local(load(), lang)
    return str((loc.claims.get(claim.id) or {}).get("stated_text") or english) if loc and english else english
