"""The charts in both editions: every reader-visible word comes from the catalogs
(``catalog/<lang>.charts.yaml``), so the German edition's charts carry no English title, axis,
legend or tooltip word, and its embed has the German number and date locale."""

import json
import re
import string

import pytest
import yaml

from analysis.book import charts, pages, views
from analysis.checking import report
from analysis.text.catalogs import CATALOG_DIR, catalog, edition
from analysis.text.say import say

EN = yaml.safe_load((CATALOG_DIR / "en.charts.yaml").read_text(encoding="utf-8"))
DE = yaml.safe_load((CATALOG_DIR / "de.charts.yaml").read_text(encoding="utf-8"))
SVR = ["compute", "data_volume", "energy", "prices", "finetuning", "robotics", "infrastructure",
       "efficiency", "attributed"]


@pytest.fixture(scope="module")
def run():
    return report.run()


def _headline_tornado(run, family):
    """A family's headline claim with a tornado (the prices page draws one with no swing)."""
    return next(r for r in run.family(family) if r.claim.headline and r.tornado)


# every chart function, as the notebooks call it: name -> (builder, title key, source key)
CHARTS = {
    **{f"svr.{k}": (lambda run, k=k: charts.stated_vs_recomputed(run.family(k), k),
                    f"chart.title.svr.{k}", f"chart.src.svr.{k}") for k in SVR},
    "tornado": (lambda run: charts.tornado(run.by_id()["A-ENE-02"], "tornado"), "chart.title.tornado", "chart.src.tornado"),
    "tornado_prices": (lambda run: charts.tornado(_headline_tornado(run, "prices"), "tornado_prices"),
                       "chart.title.tornado", "chart.src.tornado_prices"),
    "tornado_short": (lambda run: charts.tornado(run.by_id()["P-FT-01"], "tornado_short"),
                      "chart.title.tornado", "chart.src.tornado_short"),
    "verdict_counts": (lambda run: charts.verdict_counts(report.counts(run), pages.doc_names(run)),
                       "chart.title.verdicts", "chart.src.verdicts"),
    "implied_throughput": (lambda run: charts.implied_throughput(views.implied_throughput(run), run),
                           "chart.title.throughput", "chart.src.throughput"),
    "volume_curve": (lambda run: charts.volume_curve(views.volume_by_bytes_per_token(run), run),
                     "chart.title.volume", "chart.src.volume"),
    "households": (lambda run: charts.households(views.households(run), run),
                   "chart.title.households", "chart.src.households"),
    "energy_histogram": (lambda run: charts.energy_histogram(views.gpt4_energy_histogram(run), run),
                         "chart.title.energy_histogram", "chart.src.energy_histogram"),
    "price_path": (lambda run: charts.price_path(views.price_path(run)), "chart.title.price_path", "chart.src.price_path"),
    "finetune_times": (lambda run: charts.interval_bars(views.finetune_times(run), "finetune_times", log=True,
                                                        refs=views.finetune_refs(run)),
                       "chart.title.finetune_times", "chart.src.finetune_times"),
    "robot_vs_llm": (lambda run: charts.interval_bars(views.robot_vs_llm(run), "robot_vs_llm", log=True),
                     "chart.title.robot_vs_llm", "chart.src.robot_vs_llm"),
    "memory_bars": (lambda run: charts.memory_bars(views.finetune_memory(run)), "chart.title.memory", "chart.src.memory"),
    "gpu_counts": (lambda run: charts.gpu_counts(views.cluster_sizes(run)), "chart.title.gpu_counts", "chart.src.gpu_counts"),
    "stated_ranges": (lambda run: charts.stated_ranges(views.stated_percentages(run, "efficiency"), "efficiency"),
                      "chart.title.efficiency", "chart.src.efficiency"),
    "date_timeline": (lambda run: charts.date_timeline(views.date_checks(run), pages.doc_dates(run)),
                      "chart.title.dates", "chart.src.dates"),
    "date_timeline_paper": (lambda run: charts.date_timeline(views.date_checks(run, prefix="P-"),
                                                             pages.doc_dates(run).head(1)),
                            "chart.title.dates", "chart.src.dates"),
}


def _fields(text):
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _text(title):
    """A Vega-Lite title or axis title (a string or a list of lines) as one line."""
    return " ".join(title) if isinstance(title, list) else str(title)


def _titles(spec):
    """Every title in a spec: the chart's, its subtitle, axis, legend and tooltip titles."""
    found = []
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == "title" and isinstance(v, dict):
                found += [_text(v.get("text", "")), _text(v.get("subtitle", ""))]
            elif k == "title" and v is not None:
                found.append(_text(v))
            elif k != "datasets":
                found += _titles(v)
    elif isinstance(spec, list):
        for v in spec:
            found += _titles(v)
    return found


def _english_only():
    """English catalog texts that German says otherwise (fields cut out, so a filled-in text of a
    template is caught by its fixed words)."""
    words = set()
    for key, en in EN.items():
        if en == DE[key]:
            continue
        for part in re.split(r"\{[^}]*\}", en):
            if len(part.strip()) >= 4:
                words.add(part.strip())
    return words


def test_the_chart_catalogs_have_the_same_keys_and_fields():
    assert set(EN) == set(DE)
    assert {k for k in EN if _fields(EN[k]) != _fields(DE[k])} == set()
    assert all(isinstance(v, str) and v.strip() for v in [*EN.values(), *DE.values()])


def test_the_family_titles_are_the_ones_the_notebooks_passed():
    assert EN["chart.title.svr.compute"] == "Training compute: stated vs recomputed"
    assert EN["chart.src.svr.attributed"] == "release notes, EU Regulation 2024/1689; this report"
    assert EN["chart.x.robot_vs_llm"] == "GPU-hours (log scale)"
    assert "seed" not in DE["chart.src.efficiency"] and "der Artikel" in DE["chart.src.efficiency"]


@pytest.mark.parametrize("name", list(CHARTS))
def test_english_charts_have_the_catalogs_titles(run, name):
    build, title_key, source_key = CHARTS[name]
    with edition("en"):
        spec = build(run).to_dict()
        html = charts._offline_html(spec)["text/html"]
    title = _text(spec["title"]["text"])
    if "{claim}" in EN[title_key]:
        assert title.endswith(EN[title_key].replace("{claim}", "").strip())
    else:
        assert title == EN[title_key]
    assert _text(spec["title"]["subtitle"]) == f"Source: {EN[source_key]}"
    assert spec["description"].startswith(title)
    assert "formatLocale" not in html and "timeFormatLocale" not in html
    assert spec["config"]["axisQuantitative"]["labelExpr"] == charts.COMPACT_LABEL


@pytest.mark.parametrize("name", list(CHARTS))
def test_german_charts_have_no_english_titles_and_a_german_locale(run, name):
    build, title_key, source_key = CHARTS[name]
    with edition("de"):
        spec = build(run).to_dict()
        html = charts._offline_html(spec)["text/html"]
    title = _text(spec["title"]["text"])
    assert title == DE[title_key].replace("{claim}", title.split(":")[0])
    assert _text(spec["title"]["subtitle"]) == f"Quelle: {DE[source_key]}"
    assert spec["description"].startswith(title) and "Source:" not in spec["description"]
    english = _english_only()
    titles = _titles(spec)
    for t in titles:  # no title is an English catalog text, nor holds one of its fixed words
        assert t not in english, (name, t)
        assert not any(e in t for e in english if len(e) > 12), (name, t)
    text = json.dumps(spec, ensure_ascii=False)
    for key in (title_key, source_key):
        assert EN[key].replace("{claim}", "") not in text
    assert '"formatLocale"' in html and '"timeFormatLocale"' in html
    assert "Tsd." in spec["config"]["axisQuantitative"]["labelExpr"]
    assert json.dumps(say("chart.actions", "de")) in html


def test_german_labels_from_data_are_german_with_german_numbers(run):
    with edition("de"):
        households = json.dumps(charts.households(views.households(run), run).to_dict(), ensure_ascii=False)
        throughput = json.dumps(charts.implied_throughput(views.implied_throughput(run), run).to_dict(),
                                ensure_ascii=False)
        energy = json.dumps(charts.energy_histogram(views.gpt4_energy_histogram(run), run).to_dict(),
                            ensure_ascii=False)
        counts = charts.gpu_counts(views.cluster_sizes(run)).to_dict()
    assert "German households" not in households and "Artikel: 6.500 deutsche Haushalte" in households
    assert "H100 dense BF16 peak" not in throughput and "paper: 400" not in throughput
    assert "Positionspapier: 400 TFLOP/s" in throughput
    assert "Artikel: 65.000 MWh" in energy
    legend = counts["encoding"]["color"]["legend"]["labelExpr"]
    assert "Positionspapier" in legend and "Quelle" in legend
    assert counts["encoding"]["color"]["scale"]["domain"] == ["paper", "source"]  # the codes stay


def test_stated_vs_recomputed_keeps_codes_for_filters_and_shows_words(run):
    with edition("de"):
        spec = charts.stated_vs_recomputed(run.family("energy"), "energy").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {r["what"] for r in rows} == {"stated", "recomputed 90 % interval", "recomputed median"}
    assert {r["what_text"] for r in rows} == {DE["chart.what.stated"], DE["chart.what.interval"], DE["chart.what.median"]}
    assert {r["verdict_text"] for r in rows} <= set(catalog("de")["verdicts"].values())
    assert any(layer.get("transform") == [{"filter": "datum.what == 'stated'"}] for layer in spec["layer"])
    colour = next(layer["encoding"]["color"] for layer in spec["layer"] if "legend" in layer["encoding"].get("color", {}))
    assert colour["scale"]["domain"] == list(charts.VERDICTS)
    for code, label in catalog("de")["verdicts"].items():
        assert f'datum.label === "{code}" ? "{label}"' in colour["legend"]["labelExpr"]
    tips = {t["title"] for layer in spec["layer"] for t in layer["encoding"]["tooltip"]}
    assert tips == {DE[f"chart.tip.{k}"] for k in ("claim", "topic", "what", "value", "value2", "verdict")}


def test_the_tornado_names_parameters_by_their_labels(run):
    res = run.by_id()["A-ENE-02"]
    for lang in ("en", "de"):
        with edition(lang):
            spec = charts.tornado(res, "tornado").to_dict()
        rows = next(iter(spec["datasets"].values()))
        assert "household_kwh_de" not in json.dumps(spec)
        assert all(r["parameter"][:1].isupper() for r in rows)
        assert all(len(line) <= charts.PARAMETER_CHARS + 2 for r in rows for line in r["axis"].split("\n"))
    assert spec["title"]["text"] == DE["chart.title.tornado"].format(claim="A-ENE-02")
    assert rows[0]["range"] == "2.750 bis 3.600"


def test_the_german_date_timeline_finds_its_stated_dates(run):
    from analysis.book.views import said

    with edition("de"):
        spec = charts.date_timeline(views.date_checks(run), pages.doc_dates(run)).to_dict()
        word = said("stated")
    filters = [t["filter"] for layer in spec["layer"] for t in layer.get("transform", [])]
    assert f'datum.kind == "{word}"' in filters
    data = list(spec["datasets"].values())
    assert any(r.get("kind") == word for rows in data for r in rows)  # the stated layer has rows
    docs = next(rows for rows in data if rows and "document" in rows[0])
    assert [d["date"] for d in docs] == ["2025-02-07", "2025-11-26"]
    assert docs[0]["date_text"] == "7. Februar 2025"


def test_embed_options_and_compact_labels_per_edition():
    from babel.dates import get_month_names

    assert charts.embed_options("en") == charts._EMBED_OPTIONS
    de = charts.embed_options("de")
    assert de["formatLocale"]["decimal"] == "," and de["formatLocale"]["thousands"] == "."
    assert de["formatLocale"]["grouping"] == [3] and de["formatLocale"]["currency"] == ["", "\u00a0€"]
    time = de["timeFormatLocale"]
    assert time["months"] == [get_month_names("wide", locale="de_DE")[m] for m in range(1, 13)]
    assert time["months"][2] == "März" and time["days"][0] == "Sonntag" and len(time["shortDays"]) == 7
    assert set(time) >= {"dateTime", "date", "time", "periods", "days", "shortDays", "months", "shortMonths"}
    assert charts.compact_label("en") == charts.COMPACT_LABEL
    label = charts.compact_label("de")
    assert all(w in label for w in ("Tsd.", "Mio.", "Mrd.", "Bio.")) and "'B')" not in label


def test_german_axis_labels_use_german_scale_words():
    import altair as alt
    import pandas as pd
    import vl_convert

    with edition("de"):
        chart = charts.titled(alt.Chart(pd.DataFrame({"x": [0, 1.5e9]})).mark_point().encode(x="x:Q"), "T", "S")
        opts = charts.embed_options()
    svg = vl_convert.vegalite_to_svg(chart.to_dict(), format_locale=opts["formatLocale"],
                                     time_format_locale=opts["timeFormatLocale"])
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert {"200 Mio.", "1 Mrd."} <= set(labels) and not any(label.endswith(("M", "G", "B")) for label in labels)


def test_the_renderer_names_things_in_the_edition():
    import altair as alt
    import pandas as pd

    with edition("de"):
        html = charts._offline_html(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict())
        assert charts.description_of({}) == say("chart.untitled")
    assert json.dumps(say("chart.actions", "de")) in html["text/html"]
    assert json.dumps(say("chart.untitled", "de"))[1:-1] in html["text/html"]
