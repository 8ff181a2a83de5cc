"""Chart data agree with the claims' own computations."""

import pytest

from analysis.book import views


def test_implied_throughput_matches_the_claim(default_run):
    tp = views.implied_throughput(default_run).set_index("label")
    claim = default_run.by_id()["P-CMP-04"].checks["source"].interval
    assert tp.loc["Llama 3 8B", "median"] == pytest.approx(claim.central)
    assert 0 < tp.loc["Llama 3 8B", "mfu_median"] < tp.loc["Llama 3 70B", "mfu_median"] < 1


def test_households_order_by_consumption(default_run):
    hh = views.households(default_run).set_index("label")["median"]
    assert hh["Germany"] > hh["EU average"] > hh["United States"]
    assert hh["Germany"] == pytest.approx(default_run.by_id()["A-ENE-02"].checks["source"].interval.central)


def test_cluster_sizes_include_the_recomputed_jupiter(default_run):
    cs = views.cluster_sizes(default_run).set_index("label")["gpus"]
    assert cs["JUPITER (4 GH200 x ~6,000 nodes)"] == pytest.approx(
        default_run.by_id()["P-INF-02"].checks["source"].interval.central)


def test_citation_rows_cover_every_footnote(default_run):
    ids = {r["claim"] for r in views.citation_rows(default_run)}
    assert {f"P-CIT-0{i}" for i in range(1, 8)} <= ids and "P-PRC-03" in ids


def test_price_path_end_point_follows_the_claim(default_run):
    df = views.price_path(default_run)
    start = default_run.params["ai_index_gpt35_price_nov2022"].value
    claimed = default_run.registry.claims["P-PRC-01"].stated["value"]
    assert df["usd_per_mtok"].iloc[-1] == pytest.approx(start * (1 - claimed / 100))
