"""The data files: provenance complete, quotes verbatim, references resolvable."""

import math
import re

import pytest

from analysis.checking.checks import CHECK_KINDS, refs_of, split_ref
from analysis.checking.data import DataError, load_claims
from analysis.models.formulas import FORMULAS

CHECK_KEYS = {"fn", "ref", "seed_count", "evidence", "date", "date_figure", "precedes_document", "url"}


def test_seeds_are_the_shared_documents(registry):
    assert set(registry.seeds) == {"000_2b73075c9a4504b6.txt", "004_56d9b50d448e8d9e.txt"}
    for seed in registry.seeds.values():
        assert len(seed.text) > 10_000


def test_every_quote_is_verbatim_in_its_seed(registry):
    missing = [c.id for c in registry.claims.values()
               if c.quote not in registry.seeds[c.seed].text]
    assert missing == []


def test_claim_ids_are_unique_and_well_formed(registry, tmp_path):
    for cid in registry.claims:
        assert re.fullmatch(r"[PA]-[A-Z]{2,3}-\d{2}", cid), cid
    # the loader refuses duplicates across files
    (tmp_path / "claims").mkdir()
    entry = "- {id: X-1, seed: s, quote: q, english: e}\n"
    (tmp_path / "claims" / "a.yaml").write_text(entry)
    (tmp_path / "claims" / "b.yaml").write_text(entry)
    with pytest.raises(DataError, match="duplicate claim id"):
        load_claims(tmp_path)


def test_claim_prefix_matches_seed(registry):
    prefix = {"000_2b73075c9a4504b6.txt": "P", "004_56d9b50d448e8d9e.txt": "A"}
    assert all(c.id[0] == prefix[c.seed] for c in registry.claims.values())


def test_every_claim_has_three_checks_with_a_reason(registry):
    for c in registry.claims.values():
        assert set(c.checks) == set(CHECK_KINDS), c.id
        for kind, spec in c.checks.items():
            assert spec.get("note") or set(spec) & CHECK_KEYS, (c.id, kind)


def test_every_reference_resolves(registry):
    for c in registry.claims.values():
        for kind, spec in c.checks.items():
            specs = [spec] + ([spec["alt"]] if "alt" in spec else [])
            for s in specs:
                if "fn" in s:
                    assert s["fn"] in FORMULAS, (c.id, s["fn"])
                for ref in refs_of(s) if ("fn" in s or "ref" in s) else []:
                    k, name = split_ref(ref)
                    if k == "param":
                        assert name in registry.parameters, (c.id, kind, ref)
                    else:
                        cid, _, field = name.partition(".")
                        assert cid in registry.claims, (c.id, kind, ref)
                        assert not field or field in registry.claims[cid].stated.get("inputs", {}), (c.id, ref)
            for sid in spec.get("sources") or []:
                assert sid in registry.sources, (c.id, kind, sid)


def test_quantitative_checks_have_the_claims_unit(default_run):
    """Every numeric check is compared with the stated value, so it must be in the same unit."""
    for r in default_run.results:
        unit = r.claim.stated.get("unit")
        for kind, chk in r.checks.items():
            if chk.interval is not None:
                assert chk.interval.unit == unit, (r.claim.id, kind, chk.interval.unit, unit)


def test_sources_have_provenance(registry):
    for src in registry.sources.values():
        if src.found:
            assert src.url or src.read_via, src.id
            assert src.accessed, src.id
            for f in src.figures:
                assert f.locator and f.paraphrase and f.unit, (src.id, f.name)
        else:
            assert src.searched, src.id


def test_parameters_have_basis_and_consistent_ranges(registry):
    for p in registry.parameters.values():
        assert p.low <= p.value <= p.high, p.name
        assert p.is_allowed(p.value), p.name
        assert p.basis, p.name
        assert p.dist in ("lognormal", "uniform", "fixed")
        assert all(math.isfinite(x) for x in (p.value, p.low, p.high))
        if p.source:
            assert p.source in registry.sources, p.name
