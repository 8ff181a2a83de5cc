"""Records, CSV and counts of a run."""

import csv
import io
import json

from analysis.text import records
from analysis.checking import report
from analysis.checking.verdicts import VERDICTS


def test_records_are_json_serialisable_and_complete(default_run):
    recs = records.records(default_run)
    text = report.to_json(recs)
    assert json.loads(text) == json.loads(report.to_json(recs))
    for r in recs:
        assert r["verdict"] in VERDICTS
        assert set(r["checks"]) == {"arithmetic", "consistency", "source"}
        assert r["page"].endswith("#" + report.anchor(r["id"]))
        assert r["monte_carlo"]["draws"] >= 10_000


def test_csv_round_trip(default_run):
    rows = list(csv.DictReader(io.StringIO(records.to_csv(records.records(default_run)))))
    assert [r["id"] for r in rows] == [r.claim.id for r in default_run.results]
    assert tuple(rows[0]) == records.CSV_FIELDS


def test_counts_cover_every_verdict(default_run):
    for counts in report.counts(default_run).values():
        assert tuple(counts) == VERDICTS


def test_reading_order_puts_the_position_paper_first(default_run):
    seeds = [r.claim.seed for r in default_run.results]
    assert seeds == sorted(seeds)


def test_table_pads_columns():
    out = report.table([["a", "bb"], ["ccc", "d"]], ["x", "y"]).splitlines()
    assert out[0] == "x    y" and out[2] == "a    bb" and out[3] == "ccc  d"
