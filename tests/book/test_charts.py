"""Offline renderer: deterministic ids, no CDN, a source line on every chart."""

import json
import re

import altair as alt
import pandas as pd

from analysis.book import charts
from analysis.checking import report


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
    assert charts.tornado(res, "tornado").to_dict()["description"].startswith("A-ENE-02: what moves")


def test_embedded_numbers_are_rounded():
    assert charts._rounded({"a": [1.23456789, {"b": 2.0}], "c": "x"}) == {"a": [1.23457, {"b": 2.0}], "c": "x"}


def rendered_spec(chart_or_spec) -> dict:
    """The spec embedded by the offline renderer."""
    spec = chart_or_spec if isinstance(chart_or_spec, dict) else chart_or_spec.to_dict()
    html = charts._offline_html(spec)["text/html"]
    return json.loads(re.search(r"var s=(\{.*?\});var o=", html).group(1))


def test_titled_chart_is_described_by_its_title_and_source():
    assert chart().to_dict()["description"] == "A title. Source: somewhere."
    assert rendered_spec(chart())["description"] == "A title. Source: somewhere."


def test_layered_and_concatenated_charts_get_a_description_from_their_parts():
    base = alt.Chart(pd.DataFrame({"x": [1, 2]})).encode(x="x:Q")
    layered = alt.layer(base.mark_point(), base.mark_rule()).properties(
        title=alt.Title("Layered", subtitle=["Source: here"]))
    assert rendered_spec(layered)["description"] == "Layered. Source: here."
    concat = alt.hconcat(base.mark_point().properties(title="Left"), base.mark_bar().properties(title="Right"))
    assert rendered_spec(concat)["description"] == "Left. Right."
    assert rendered_spec(base.mark_point())["description"] == "Chart without a title."


def test_charts_fill_their_column_and_long_titles_are_wrapped():
    long_source = "a primary source with a rather long name, another one, and a third one as well"
    spec = charts.titled(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
                         .properties(width=charts.WIDTH), "A title that is far too long for a phone screen, "
                         "really", long_source).to_dict()
    assert spec["width"] == "container"
    title = spec["title"]
    assert all(len(line) <= charts.TITLE_CHARS for line in title["text"])
    assert all(len(line) <= charts.SUBTITLE_CHARS for line in title["subtitle"])
    assert " ".join(title["subtitle"]) == f"Source: {long_source}"
    assert spec["description"].endswith(f"Source: {long_source}.")
    assert charts.lines("short") == "short"


def test_the_embed_is_full_width_and_its_actions_button_is_named():
    html = charts._offline_html(chart().to_dict())["text/html"]
    assert 'class="vega-chart" style="display:block;width:100%"' in html
    assert "setAttribute('aria-label'," + json.dumps(charts._ACTIONS_LABEL) in html


def test_every_chart_of_a_run_fills_its_column_and_has_no_empty_layer(default_run):
    """An empty layer draws an unlabelled mark container (axe svg-img-alt): ranged-stated rules
    are only layered in when some claim states a range."""
    results = [r for r in default_run.results if "value" in r.claim.stated]
    spec = charts.stated_vs_recomputed(results, "compute").to_dict()
    assert spec["width"] == "container" and len(spec["layer"]) == 3
    assert not any("datum.value2 != datum.value" in json.dumps(layer) for layer in spec["layer"])
    ranged = [r for r in default_run.results if "low" in r.claim.stated and r.recomputed
              and r.recomputed.interval]
    assert ranged and len(charts.stated_vs_recomputed(ranged, "compute").to_dict()["layer"]) == 4
    assert charts.tornado(default_run.by_id()["A-ENE-02"], "tornado").to_dict()["width"] == "container"


def test_price_path_has_a_legend(default_run):
    """Colour and dash share one legend (a ``legend=None`` on either hid both)."""
    import vl_convert

    from analysis.book import views

    svg = vl_convert.vegalite_to_svg(charts.price_path(views.price_path(default_run)).to_dict())
    assert svg.count("role-legend-label") == 2
