"""python -m analysis diff: every changed verdict, interval and break-even, byte-stable."""

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import diff, report
from analysis.data import PROJECT_DIR


def cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", "diff", *args], cwd=PROJECT_DIR,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def defaults():
    return diff.load_side("defaults")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_same_inputs_give_the_same_bytes(fmt):
    first = cli("params/defaults.yaml", "params/documents.yaml", "--format", fmt)
    again = cli("params/defaults.yaml", "params/documents.yaml", "--format", fmt)
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout and first.stdout.strip()


def test_a_scenario_against_the_defaults_finds_exactly_the_changed_verdicts(defaults):
    theirs = {r.claim.id: r for r in report.run(params_file="params/documents.yaml").results}
    rows = diff.compare(defaults, diff.load_side("params/documents.yaml"))
    verdicts = {r["claim"]: (r["before"], r["after"]) for r in rows if r["field"] == "verdict"}
    assert verdicts == {cid: (rec["verdict"], theirs[cid].verdict) for cid, rec in defaults.items()
                        if rec["verdict"] != theirs[cid].verdict}
    assert verdicts  # the documents' own assumptions do move some verdicts


def test_a_claims_json_round_trip_has_no_changes(tmp_path):
    out = subprocess.run([sys.executable, "-m", "analysis", "verdicts", "--format", "json"], cwd=PROJECT_DIR,
                         capture_output=True, text=True, check=True)
    saved = tmp_path / "claims.json"
    saved.write_text(out.stdout, encoding="utf-8")
    result = json.loads(cli(str(saved), "defaults", "--format", "json").stdout)
    assert result["changes"] == [] and result["summary"]["differ"] == 0


def test_a_claim_on_one_side_only_is_listed(tmp_path, defaults):
    recs = list(defaults.values())[1:]
    saved = tmp_path / "older.json"
    saved.write_text(json.dumps(recs), encoding="utf-8")
    rows = diff.compare(diff.load_side(str(saved)), defaults)
    gone = list(defaults)[0]
    assert {r["field"] for r in rows if r["claim"] == gone} == set(diff.FIELDS)
    assert all(r["before"] == "(absent)" for r in rows)


@pytest.mark.parametrize("args, needle", [
    (["nope.json", "defaults"], "no such file"),
    (["defaults", "whatever"], "is not a side"),
    (["set:household_kwh_de=-3", "defaults"], "household_kwh_de"),
    (["set:no_such_parameter=1", "defaults"], "no_such_parameter"),
    (["set:", "defaults"], "NAME=VALUE"),
])
def test_bad_sides_get_one_line_and_exit_2(args, needle):
    out = cli(*args)
    assert out.returncode == 2 and needle in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_a_file_that_is_not_a_claims_list_is_refused(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"a": 1}', encoding="utf-8")
    out = cli(str(bad), "defaults")
    assert out.returncode == 2 and "list of claim records" in out.stderr


SIDES = st.sampled_from(["defaults", "set:household_kwh_de=4000", "set:pue=1.3,gpt4_gpus=30000",
                         "params/documents.yaml", "params/optimistic.yaml"])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=SIDES, b=SIDES)
def test_diff_is_empty_against_itself_and_symmetric(a, b):
    ra, rb = diff.load_side(a), diff.load_side(b)
    assert diff.compare(ra, ra) == []
    forward = {(r["claim"], r["field"]): (r["before"], r["after"]) for r in diff.compare(ra, rb)}
    backward = {(r["claim"], r["field"]): (r["after"], r["before"]) for r in diff.compare(rb, ra)}
    assert forward == backward
