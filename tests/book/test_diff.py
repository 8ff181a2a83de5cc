"""python -m analysis diff: every changed verdict, interval and break-even, byte-stable."""

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.book import diff
from analysis.checking import report
from analysis.cli import main
from analysis.checking.data import PROJECT_DIR, load
from analysis.checking.verdicts import VERDICTS

ENV = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}


def cli(*args, cwd=PROJECT_DIR):
    return subprocess.run([sys.executable, "-m", "analysis", "diff", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def defaults():
    return diff.load_side("defaults")


@pytest.fixture(scope="module")
def claims_json():
    """What ``verdicts --format json`` prints today (stamped with the release, like the download)."""
    out = subprocess.run([sys.executable, "-m", "analysis", "verdicts", "--format", "json"], cwd=PROJECT_DIR,
                         env=ENV, capture_output=True, text=True, check=True)
    return out.stdout


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_same_inputs_give_the_same_bytes(fmt):
    first = cli("params/defaults.yaml", "params/documents.yaml", "--format", fmt)
    again = cli("params/defaults.yaml", "params/documents.yaml", "--format", fmt)
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout and first.stdout.strip()


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_the_output_does_not_depend_on_where_the_files_are(tmp_path, claims_json, fmt):
    outs = []
    for folder in (tmp_path / "one", tmp_path / "two"):
        folder.mkdir()
        (folder / "claims.json").write_text(claims_json, encoding="utf-8")
        outs.append(cli("claims.json", "set:household_kwh_de=4000", "--format", fmt, cwd=folder))
    assert outs[0].returncode == 0, outs[0].stderr
    assert outs[0].stdout == outs[1].stdout and str(tmp_path) not in outs[0].stdout


def test_the_three_formats_carry_the_same_rows():
    rows = json.loads(cli("defaults", "params/documents.yaml", "--format", "json").stdout)
    assert set(rows) == {"a", "b", "summary", "changes"} and rows["a"] == "defaults"
    csv_lines = cli("defaults", "params/documents.yaml", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "claim_id,field,before,after" and len(csv_lines) == len(rows["changes"]) + 1
    table = cli("defaults", "params/documents.yaml").stdout.splitlines()
    assert table[2] == diff.summary_line(rows["summary"]) and len(table) == len(rows["changes"]) + 6


def test_a_scenario_against_the_defaults_finds_exactly_the_changed_verdicts(defaults):
    theirs = {r.claim.id: r for r in report.run(params_file="params/documents.yaml").results}
    rows = diff.compare(defaults, diff.load_side("params/documents.yaml"))
    verdicts = {r["claim_id"]: (r["before"], r["after"]) for r in rows if r["field"] == "verdict"}
    assert verdicts == {cid: (rec["verdict"], theirs[cid].verdict) for cid, rec in defaults.items()
                        if rec["verdict"] != theirs[cid].verdict}
    assert verdicts  # the documents' own assumptions do move some verdicts


def test_a_claims_json_round_trip_has_no_changes(tmp_path, claims_json):
    saved = tmp_path / "claims.json"
    saved.write_text(claims_json, encoding="utf-8")
    out = cli(str(saved), "defaults", "--format", "json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["changes"] == [] and result["summary"]["differ"] == 0
    assert result["summary"]["claims"] == len(load().claims)


def test_a_claim_on_one_side_only_is_one_row_counted_apart(tmp_path, defaults):
    gone = sorted(defaults)[0]
    saved = tmp_path / "older.json"
    saved.write_text(json.dumps([r for cid, r in defaults.items() if cid != gone]), encoding="utf-8")
    older = diff.load_side(str(saved))
    assert diff.compare(older, defaults) == [{"claim_id": gone, "field": "claim", "before": diff.ABSENT,
                                               "after": f"present ({defaults[gone]['verdict']})"}]
    s = diff.summary(older, defaults, diff.compare(older, defaults))
    assert (s["differ"], s["verdicts"], s["only_a"], s["only_b"]) == (1, 0, 0, 1)
    assert diff.summary_line(s).endswith("; 0 only in A, 1 only in B")


def _with_interval(rec, scale):
    iv = rec["recomputed"]
    return {**rec, "recomputed": {**iv, **{k: iv[k] * scale for k in ("low", "central", "high")}}}


def test_float_noise_is_not_a_change_but_the_third_significant_figure_is(defaults):
    cid, rec = next((cid, r) for cid, r in sorted(defaults.items()) if r["recomputed"] and r["recomputed"]["central"])
    for scale, changed in ((1 + 1e-12, False), (1.02, True)):
        rows = diff.compare({cid: rec}, {cid: _with_interval(rec, scale)})
        assert [r["field"] for r in rows] == (["interval"] if changed else [])


@pytest.mark.parametrize("args, needle", [
    (["nope.json", "defaults"], "diff A 'nope.json': no such file"),
    (["defaults", "whatever"], "diff B 'whatever': not a side"),
    (["defaults", "params/none.yaml"], "diff B 'params/none.yaml': no such file"),
    (["set:household_kwh_de=-3", "defaults"], "diff A 'set:household_kwh_de=-3': household_kwh_de=-3 is outside"),
    (["set:no_such_parameter=1", "defaults"], "unknown parameter 'no_such_parameter'"),
    (["set:", "defaults"], "is not NAME=VALUE"),
    (["defaults", "set:pue=1,3"], "diff B 'set:pue=1,3': '3' is not NAME=VALUE"),
    (["defaults", "set:pue=1.3,pue=1.5"], "pue is given twice"),
    (["defaults", "defaults", "--format", "xml"], "invalid choice"),
])
def test_bad_sides_get_one_line_and_exit_2(args, needle):
    out = cli(*args)
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], out.stderr


@pytest.mark.parametrize("text, needle", [
    ('{"a": 1}', "expected a non-empty list of claim records"),
    ("[]", "expected a non-empty list of claim records"),
    ("[{", "not valid JSON"),
    ('[{"id": "X"}]', "record X has no text 'id' and 'verdict'"),
    ('[{"id": "X", "verdict": "accurate", "recomputed": [1, 2]}]', "record X has a 'recomputed'"),
    ('[{"id": "X", "verdict": "accurate", "breakeven": {"value": 3}}]', "record X has a 'breakeven'"),
    ('[{"id": "X", "verdict": "accurate"}, {"id": "X", "verdict": "accurate"}]', "record X repeats its id"),
])
def test_a_file_that_is_not_a_claims_list_is_refused(tmp_path, text, needle):
    bad = tmp_path / "x.json"
    bad.write_text(text, encoding="utf-8")
    out = cli("defaults", str(bad))
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and f"diff B {str(bad)!r}" in lines[0] and needle in lines[0], out.stderr


def test_both_sides_are_checked_before_either_is_run(monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(report, "run", lambda *a, **k: ran.append(a) or pytest.fail("ran"))
    assert main(["diff", "defaults", "set:pue=99"]) == 2
    assert ran == [] and "diff B 'set:pue=99'" in capsys.readouterr().err


def _side(registry, data):
    """A shipped scenario, the defaults, or one parameter set anywhere in its 90 % interval."""
    kind = data.draw(st.sampled_from(["defaults", "params/documents.yaml", "params/optimistic.yaml", "set"]))
    if kind != "set":
        return kind
    p = registry.parameters[data.draw(st.sampled_from(["household_kwh_de", "pue", "bytes_per_token",
                                                       "sim_steps_per_s_per_gpu", "lora_mfu"]))]
    return f"set:{p.name}={data.draw(st.floats(p.low, p.high))!r}"


@settings(max_examples=6, deadline=None)
@given(data=st.data())
def test_diff_is_empty_against_itself_and_symmetric(registry, data):
    ra, rb = diff.load_side(_side(registry, data)), diff.load_side(_side(registry, data))
    assert diff.compare(ra, ra) == []
    forward = {(r["claim_id"], r["field"]): (r["before"], r["after"]) for r in diff.compare(ra, rb)}
    backward = {(r["claim_id"], r["field"]): (r["after"], r["before"]) for r in diff.compare(rb, ra)}
    assert forward == backward


NUMBERS = st.one_of(st.none(), st.floats(-1e18, 1e18, allow_nan=False))
RECORDS = st.dictionaries(
    st.sampled_from(["A-1", "A-2", "B-1", "B-2"]),
    st.fixed_dictionaries({
        "verdict": st.sampled_from(VERDICTS),
        "recomputed": st.one_of(st.none(), st.fixed_dictionaries(
            {"low": NUMBERS, "central": NUMBERS, "high": NUMBERS, "unit": st.sampled_from(["MWh", "x"])})),
        "breakeven": st.one_of(st.none(), st.fixed_dictionaries(
            {"parameter": st.sampled_from(["pue", "lora_mfu"]), "value": NUMBERS, "unit": st.just("ratio")})),
    }))


@settings(max_examples=60, deadline=None)
@given(a=RECORDS, b=RECORDS)
def test_compare_is_symmetric_over_any_records_also_those_on_one_side(a, b):
    assert diff.compare(a, a) == []
    rows = diff.compare(a, b)
    swapped = [{**r, "before": r["after"], "after": r["before"]} for r in diff.compare(b, a)]
    assert rows == swapped
    assert [r["claim_id"] for r in rows] == sorted(r["claim_id"] for r in rows)
    assert {r["claim_id"] for r in rows if r["field"] == "claim"} == set(a) ^ set(b)
