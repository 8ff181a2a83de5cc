"""What-if widgets: the grid is the report's own computation, and the page shows what
``python -m analysis verdicts --set`` prints at the same values."""

import math

import pytest

from analysis.checking import report
from analysis.book import whatif
from analysis.checking.verdicts import VERDICTS


@pytest.fixture(scope="module")
def widgets(default_run):
    return whatif.widgets(default_run)


def test_the_required_widgets_exist_with_small_grids(widgets):
    ids = {w.id for w in widgets}
    assert {"whatif-households", "whatif-gpt4-energy", "whatif-llama3-throughput", "whatif-data-volume",
            "whatif-price-decline"} <= ids
    for w in widgets:
        assert len(w.cells) == math.prod(w.shape)
        assert (50 <= w.shape[0] <= 210) if len(w.shape) == 1 else (len(w.shape) == 2 and 100 <= len(w.cells) <= 2500)


def test_a_grid_spans_the_allowed_range_and_holds_the_default_and_interval(widgets):
    for w in widgets:
        for axis in w.axes:
            p = axis.param
            assert {p.value, p.low, p.high} <= set(axis.values), (w.id, p.name)
            assert list(axis.values) == sorted(set(axis.values)) and all(p.is_allowed(v) for v in axis.values)
            if all(math.isfinite(x) for x in p.allowed):  # the ends of the allowed range, rounded
                assert axis.values[0] <= p.allowed[0] * 1.01 + 1 and axis.values[-1] >= p.allowed[1] / 1.01


@pytest.mark.parametrize("pick", [0, -1])
def test_every_grid_point_is_what_the_cli_computes_at_that_value(widgets, pick):
    for w in widgets:
        idx = tuple((pick % len(a.values)) for a in w.axes)
        cell = w.cell(idx)
        run = report.run(sets=w.sets(idx), only=list(w.claims))
        for cid in w.claims:
            res = run.result(cid)
            assert cell[cid]["verdict"] == res.verdict in VERDICTS
            if res.recomputed and res.recomputed.interval:
                assert cell[cid]["median"] == res.recomputed.interval.central


def test_the_break_even_line_makes_the_claim_meet_its_stated_figure(default_run):
    w = next(w for w in whatif.widgets(default_run, "energy") if w.id == "whatif-households")
    (be,) = w.breakeven
    res = report.run(sets=[f"household_kwh_de={be}"], only=["A-ENE-02"]).result("A-ENE-02")
    stated = res.claim.stated["value"]
    assert res.recomputed.interval.central == pytest.approx(stated, rel=1e-3)


def test_a_build_override_of_an_unrelated_parameter_does_not_reach_the_widget():
    run = report.run(sets=["robot_steps_per_episode=1500", "household_kwh_de=4000"])
    (w,) = [w for w in whatif.widgets(run, "energy") if w.id == "whatif-households"]
    assert w.base == {"household_kwh_de": 4000.0}
    assert w.sets((0,)) == [f"household_kwh_de={w.axes[0].text(0)}"]


def test_a_stored_grid_is_the_grid_and_is_keyed_on_its_claims_overrides(tmp_path, monkeypatch):
    from analysis.checking import store

    monkeypatch.setattr(store, "_STORE", None)
    store.use(str(tmp_path), "digest")
    run = report.run(sets=["household_kwh_de=4000"])
    first = whatif.widgets(run, "energy")
    assert len(list(tmp_path.glob("*.pickle"))) == 2
    again = whatif.widgets(run, "energy")
    assert again == first
    whatif.widgets(report.run(sets=["household_kwh_de=4100"]), "energy")
    assert len(list(tmp_path.glob("*.pickle"))) == 3  # only the households grid is new
    monkeypatch.setattr(store, "_STORE", None)
    assert whatif.widgets(run, "energy") == first
