"""Scenario files validate against the parameter registry; runs are reproducible."""

import numpy as np
import pytest
import yaml

from analysis.text import records
from analysis.checking import report, scenarios
from analysis.checking.params import ParamError, apply_overrides, read_params_file


def test_expected_scenarios_exist():
    assert {"defaults", "documents", "optimistic", "pessimistic"} <= set(scenarios.scenario_files())


@pytest.mark.parametrize("name", sorted(scenarios.scenario_files()))
def test_scenario_files_validate(registry, name):
    path = scenarios.scenario_files()[name]
    overrides = read_params_file(str(path))
    apply_overrides(registry.parameters, overrides, f"--params {path.name}")
    assert scenarios.description(path), name


def test_unknown_or_out_of_range_names_in_a_scenario_are_errors(registry, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"no_such_parameter": 1}))
    with pytest.raises(ParamError, match="unknown parameter"):
        report.run(params_file=str(bad))
    bad.write_text(yaml.safe_dump({"lora_mfu": 2.0}))
    with pytest.raises(ParamError, match="lora_mfu"):
        report.run(params_file=str(bad))


def test_same_inputs_same_outputs():
    a, b = report.run(), report.run()
    assert report.to_json(records.records(a)) == report.to_json(records.records(b))
    for ra, rb in zip(a.results, b.results):
        for kind in ra.checks:
            sa, sb = ra.checks[kind].samples, rb.checks[kind].samples
            assert (sa is None and sb is None) or np.array_equal(sa, sb)


def test_documents_scenario_reproduces_the_household_claim():
    path = scenarios.scenario_files()["documents"]
    run = report.run(params_file=str(path))
    assert run.by_id()["A-ENE-02"].verdict == "accurate"


def test_the_overview_counts_are_the_diff_of_each_scenario_against_independent_runs():
    from analysis.book import diff

    changes = diff.scenario_changes()
    defaults = {r.claim.id: r.verdict for r in report.run().results}
    assert set(changes) == set(scenarios.scenario_files()) - {"defaults"}
    for name, (summary, rows) in changes.items():
        theirs = {r.claim.id: r.verdict for r in report.run(params_file=str(scenarios.scenario_files()[name])).results}
        moved = {cid for cid in defaults if theirs[cid] != defaults[cid]}
        assert {r["claim_id"] for r in rows if r["field"] == "verdict"} == moved
        assert summary["verdicts"] == len(moved)


def test_the_overview_says_how_many_claims_some_scenario_moves(default_run):
    from analysis.book import diff, pages

    changes = diff.scenario_changes()
    moved = {r["claim_id"] for _s, rows in changes.values() for r in rows if r["field"] == "verdict"}
    html = pages.scenario_comparison(changes, default_run)
    assert moved and f"<p>{len(moved)} of the {len(default_run.registry.claims)} claims have" in html
    assert all(f"#claim-{cid.lower()}" in html for cid in moved)


def test_the_overview_says_so_when_no_scenario_moves_a_verdict(default_run):
    from analysis.book import diff, pages

    documents = diff.scenario_changes()["documents"]
    unmoved = {"documents": (documents[0], [r for r in documents[1] if r["field"] != "verdict"])}
    html = pages.scenario_comparison(unmoved, default_run)
    assert f"No scenario changes the verdict of any of the {len(default_run.registry.claims)} claims" in html
    assert "verdict-" not in html
