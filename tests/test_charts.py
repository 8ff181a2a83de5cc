"""Offline renderer: deterministic ids, no CDN, a source line on every chart."""

import altair as alt
import pandas as pd

from analysis import charts, report


def chart():
    return charts.titled(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q"),
                         "A title", "somewhere")


def test_offline_renderer_is_deterministic_and_local():
    spec = chart().to_dict()
    a, b = charts._offline_html(spec), charts._offline_html(spec)
    assert a == b
    html = a["text/html"]
    assert "cdn" not in html and "vegaEmbed" in html and 'id="vega-' in html


def test_every_titled_chart_names_its_source():
    assert chart().to_dict()["title"]["subtitle"] == ["Source: somewhere"]


def test_verdict_chart_and_tornado_render(default_run):
    names = {s.file: s.kind for s in default_run.registry.seeds.values()}
    spec = charts.verdict_counts(report.counts(default_run), names).to_dict()
    assert spec["title"]["subtitle"][0].startswith("Source:")
    res = default_run.by_id()["A-ENE-02"]
    assert charts.tornado(res, "x").to_dict()["title"]["text"].startswith("A-ENE-02")



def test_embedded_numbers_are_rounded():
    assert charts._rounded({"a": [1.23456789, {"b": 2.0}], "c": "x"}) == {"a": [1.23457, {"b": 2.0}], "c": "x"}
