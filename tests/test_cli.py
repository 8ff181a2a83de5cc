"""The command line as a user meets it: outputs, and one-line errors with exit status 2."""

import json
import subprocess
import sys

import pytest

from analysis.pipeline import build as build_mod
from analysis.cli import main

VERDICT_KEYS = {"id", "seed", "quote", "stated", "recomputed", "verdict", "reason", "sources", "breakeven"}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True)


def test_params_json_has_exactly_the_documented_keys():
    out = cli("params", "--format", "json")
    assert out.returncode == 0
    rows = json.loads(out.stdout)
    assert rows and all(set(r) == {"name", "label", "kind", "value", "unit", "low", "high", "source"} for r in rows)
    assert {r["kind"] for r in rows} == {"assumption", "documented"}


def test_params_table_lists_every_parameter(registry):
    out = cli("params")
    assert all(name in out.stdout for name in registry.parameters)


def test_verdicts_json_records(registry):
    out = cli("verdicts", "--format", "json")
    assert out.returncode == 0, out.stderr
    recs = json.loads(out.stdout)
    assert len(recs) == len(registry.claims)
    for r in recs:
        assert VERDICT_KEYS <= set(r), r["id"]
        assert r["seed"] in registry.seeds
        if r["recomputed"]:
            assert set(r["recomputed"]) == {"low", "central", "high", "unit"}


def test_verdicts_is_deterministic():
    assert cli("verdicts", "--format", "json").stdout == cli("verdicts", "--format", "json").stdout


def test_us_household_changes_the_households_verdict_and_reason():
    base = {r["id"]: r for r in json.loads(cli("verdicts", "--format", "json").stdout)}
    us = {r["id"]: r for r in json.loads(
        cli("verdicts", "--format", "json", "--set", "household_kwh_de=10500").stdout)}
    assert base["A-ENE-02"]["verdict"] == "inaccurate"
    assert us["A-ENE-02"]["verdict"] == "accurate"
    assert us["A-ENE-02"]["reason"] != base["A-ENE-02"]["reason"]


def test_table_says_which_parameters_changed():
    out = cli("verdicts", "--set", "pue=1.5")
    assert "changed from defaults: pue=1.5" in out.stdout


@pytest.mark.parametrize("args,needle", [
    (["verdicts", "--set", "no_such_param=3"], "unknown parameter 'no_such_param'"),
    (["verdicts", "--set", "pue=lots"], "pue must be a number"),
    (["verdicts", "--set", "cluster_gpus_doc=-100"], "cluster_gpus_doc"),
    (["verdicts", "--set", "llama3_mfu=1.2"], "llama3_mfu"),
    (["build", "--set", "llama3_mfu=1.2"], "llama3_mfu"),
    (["verdicts", "--set", "household_kwh_de=3000", "--set", "household_kwh_de=4000"],
     "--set: household_kwh_de is given twice (household_kwh_de=3000 and household_kwh_de=4000)"),
    (["build", "--set", "household_kwh_de=3000", "--set", "household_kwh_de=4000"],
     "household_kwh_de is given twice"),
    (["verdicts", "--params", "/nonexistent.yaml"], "no such file"),
    (["verdicts", "--format", "xml"], "invalid choice"),
])
def test_bad_input_is_one_line_exit_2(args, needle):
    out = cli(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_malformed_params_file(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("pue: [1.2,\n")
    out = cli("verdicts", "--params", str(f))
    assert out.returncode == 2 and "not valid YAML" in out.stderr


def test_bad_build_input_stops_before_any_notebook(monkeypatch, capsys):
    called = []
    monkeypatch.setattr(build_mod, "_build_locked", lambda *a: called.append(a))
    assert main(["build", "--set", "pue=0.5"]) == 2
    assert called == []
    assert "pue" in capsys.readouterr().err


def test_a_legal_value_that_makes_a_figure_infinite_still_gives_valid_json():
    """A price that did not fall (Oct 2024 = Nov 2022) makes the fall factor infinite: JSON null."""
    out = cli("verdicts", "--set", "ai_index_gpt35_price_oct2024=20", "--format", "json")
    assert out.returncode == 0, out.stderr
    recs = {r["id"]: r for r in json.loads(out.stdout)}
    assert recs["P-PRC-01"]["verdict"] == "inaccurate"
