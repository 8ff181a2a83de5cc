"""Verdict rules, every claim's verdict, break-even values."""

import subprocess
from pathlib import Path
import sys

import pytest

from analysis.text import explain
from analysis.checking import report
from analysis.checking.checks import CheckResult
from analysis.checking.verdicts import VERDICTS, decide


def chk(kind, status, **kw):
    return CheckResult(kind=kind, status=status, note="", **kw)


@pytest.mark.parametrize("ari,con,src,extra,expected", [
    ("n/a", "n/a", "pass", {}, "accurate"),
    ("fail", "n/a", "pass", {}, "misleading"),
    ("n/a", "n/a", "near", {}, "misleading"),  # 10-30 % off
    ("n/a", "n/a", "near", {"spec": {"date": "x"}}, "mostly-accurate"),  # a date a few weeks off
    ("n/a", CheckResult(kind="consistency", status="fail", note="", spec={"precedes_document": ["x"]}), "pass", {},
     "misleading"),  # cites later work: an outside date, not a second passage
    ("n/a", "n/a", "fail", {}, "inaccurate"),
    ("n/a", "n/a", "fail", {"alt_status": "pass"}, "misleading"),
    ("n/a", "fail", "pass", {}, "self-contradictory"),
    ("fail", "n/a", "n/a", {}, "inaccurate"),
    ("pass", "pass", "n/a", {}, "unverifiable"),
    ("n/a", "n/a", "pass", {"estimate": True}, "unverifiable"),
    ("n/a", "n/a", "fail", {"estimate": True}, "inaccurate"),
    ("fail", "n/a", "n/a", {"evidence": "none"}, "inaccurate"),
    ("pass", "n/a", "n/a", {"evidence": "none"}, "unverifiable"),
])
def test_decision_rules(ari, con, src, extra, expected):
    checks = {"arithmetic": chk("arithmetic", ari),
              "consistency": con if isinstance(con, CheckResult) else chk("consistency", con),
              "source": chk("source", src, **extra)}
    assert decide(checks)[0] == expected


@pytest.mark.parametrize("evidence,expected", [("supports", "accurate"), ("partial", "misleading"),
                                               ("contradicts", "inaccurate"), ("none", "unverifiable")])
def test_evidence_rules(evidence, expected):
    checks = {"arithmetic": chk("arithmetic", "n/a"), "consistency": chk("consistency", "n/a"),
              "source": chk("source", "n/a", evidence=evidence)}
    assert decide(checks)[0] == expected


def test_every_claim_resolves_to_a_verdict_with_three_checks(default_run):
    for r in default_run.results:
        assert r.verdict in VERDICTS, r.claim.id
        assert set(r.checks) == {"arithmetic", "consistency", "source"}
        assert explain.reason(r, default_run.registry).strip(), r.claim.id


def test_counts_equal_registry(default_run, registry):
    counts = report.counts(default_run)
    assert sum(sum(c.values()) for c in counts.values()) == len(registry.claims)


def test_numeric_verdicts_record_support_and_breakeven(default_run):
    for r in default_run.results:
        if r.recomputed is not None and r.recomputed.interval is not None:
            assert 0.0 <= r.recomputed.support <= 1.0
            deciding = r.checks[r.deciding] if r.deciding else None
            assumptions = [s for s in r.tornado if default_run.params[s.parameter].kind == "assumption"
                           and default_run.params[s.parameter].low
                           < default_run.params[s.parameter].high]
            if deciding is r.recomputed and deciding.spec is r.checks["source"].spec and assumptions:
                assert r.breakeven is not None, r.claim.id  # an assumption could move it
            if not any(default_run.params[s.parameter].low < default_run.params[s.parameter].high
                       for s in r.tornado) and r.breakeven is not None:
                assert r.breakeven.check != "source", r.claim.id  # never on fixed source figures


def headline_breakevens(run):
    return [r for r in run.results if r.claim.headline and r.breakeven and r.breakeven.value is not None
            and r.verdict in ("inaccurate", "mostly-accurate") and r.claim.id.startswith(("P-", "A-"))]


def test_breakeven_values_flip_the_verdict(default_run):
    """Applying a claim's break-even value with --set makes that claim's check pass."""
    cases = headline_breakevens(default_run)
    assert cases, "expected headline claims with a break-even value"
    for r in cases:
        be = r.breakeven
        flipped = report.run(sets=[f"{be.parameter}={be.value!r}"]).by_id()[r.claim.id]
        assert flipped.verdict != r.verdict, (r.claim.id, be.parameter, be.value)
        assert flipped.checks[r.deciding].status == "pass", r.claim.id


def test_household_breakeven_through_the_cli(default_run):
    be = default_run.by_id()["A-ENE-02"].breakeven
    assert be.parameter == "household_kwh_de" and not be.inside
    out = subprocess.run([sys.executable, "-m", "analysis", "verdicts", "--format", "csv",
                          "--set", f"household_kwh_de={be.value}"], capture_output=True, text=True)
    row = next(line for line in out.stdout.splitlines() if line.startswith("A-ENE-02,"))
    assert ",accurate," in row


@pytest.mark.parametrize("scenario", sorted(p.name for p in (Path(__file__).resolve().parents[2] / "params").glob("*.yaml")))
def test_break_evens_are_solved_only_for_assumptions(scenario, registry):
    """A verdict never hinges on a documented figure (a named model size, a token count, 6ND)."""
    run = report.run(params_file=str(Path(__file__).resolve().parents[2] / "params" / scenario))
    for r in run.results:
        if r.breakeven is not None:
            assert registry.parameters[r.breakeven.parameter].kind == "assumption", (scenario, r.claim.id)


def test_every_parameter_has_a_kind_and_figures_are_documented(registry):
    figures = {f.name for s in registry.sources.values() for f in s.figures}
    for p in registry.parameters.values():
        assert p.kind in ("assumption", "documented"), p.name
        if p.name in figures:
            assert p.kind == "documented", p.name
