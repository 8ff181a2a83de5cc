"""The German text is complete and fills the same fields as the English: every message of the
English catalog, every claim's topic, leads and notes, every source's and parameter's text."""

from __future__ import annotations

import string

import pytest

from analysis.text.catalogs import EDITIONS, catalog

OTHERS = [lang for lang in EDITIONS if lang != "en"]


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", OTHERS)
def test_catalogs_have_the_same_messages_with_the_same_fields(lang):
    en, other = catalog("en"), catalog(lang)
    assert set(other["messages"]) == set(en["messages"])
    assert set(other["units"]) == set(en["units"]) and set(other["verdicts"]) == set(en["verdicts"])
    wrong = {k: (fields(v), fields(other["messages"][k])) for k, v in en["messages"].items()
             if fields(v) != fields(other["messages"][k])}
    assert not wrong


@pytest.mark.parametrize("lang", OTHERS)
def test_every_claim_has_its_text_with_the_same_fields(registry, lang):
    local = registry.local[lang].claims
    for cid, claim in registry.claims.items():
        rec = local.get(cid) or {}
        assert rec.get("topic"), cid
        for verdict, lead in claim.lead.items():
            assert fields(rec.get("lead", {}).get(verdict, "")) == fields(lead), (cid, verdict)
        for kind, spec in claim.checks.items():
            if str(spec.get("note", "")).strip():
                assert fields(rec.get("notes", {}).get(kind, "")) == fields(spec["note"]), (cid, kind)
                assert rec["notes"][kind].strip(), (cid, kind)


@pytest.mark.parametrize("lang", OTHERS)
def test_every_source_and_parameter_has_its_text(registry, lang):
    local = registry.local[lang]
    for sid, src in registry.sources.items():
        rec = local.sources.get(sid) or {}
        for key in ("read_via", "searched", "notes"):
            assert bool(getattr(src, key, None)) <= bool(rec.get(key)), (sid, key)
        for fig in src.figures:
            for key in ("locator", "paraphrase"):
                assert bool(getattr(fig, key, None)) <= bool((rec.get("figures", {}).get(fig.name) or {}).get(key)), (sid, fig.name, key)
    for name, p in registry.parameters.items():
        rec = local.parameters.get(name) or {}
        if p.label and name in {q for q in local.parameters} | set():
            assert rec.get("label"), name
    assert set(local.method["verdicts"]) == set(registry.method["verdicts"])
    assert set(local.method["families"]) == set(registry.families)
