"""Altair charts that work offline, each with a "Source:" line.

The ``offline`` renderer writes a ``<div>`` with a deterministic id (a hash of the chart spec, so
notebook outputs are stable for nbval) and a ``vegaEmbed`` call. The page loads ``vegaEmbed`` from
``_static/vega-bundle.js``, which the build writes from the vl-convert wheel: no CDN.

Accessibility and width: every chart carries a top-level ``description`` (its title and source line),
which Vega sets as the ``aria-label`` of the embed ``<div>`` (with ``role="graphics-document"``);
the actions button gets a name. Charts use ``width: "container"`` and the embed ``<div>`` is sized
to its column by an inline style; titles are wrapped and axis labels kept short, so a chart fits
a phone-width column without being cut off.

Languages: every word a reader sees (titles, source lines, axis and legend titles, tooltip titles,
the labels of reference lines) is a message of the catalogs (``catalog/<lang>.charts.yaml``), said
in the edition being written (:func:`analysis.text.catalogs.edition`); numbers in labels are
written by :mod:`analysis.text.wording`. The data keep their codes ("stated", verdict codes), which
filters and colour scales use; a reader sees their words through a display column or a legend
``labelExpr``. The German edition's embed options carry a German number and date locale
(:func:`embed_options`) and its axes German scale words (:func:`compact_label`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import textwrap
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from ..text.catalogs import LOCALES, catalog, resolve
from ..text.say import say
from ..text.wording import date_span, tabled, unit_word
from ..checking.verdicts import VERDICTS, ClaimResult

WIDTH = "container"  # the embed <div> is as wide as its column (see _offline_html)
# Vega does not wrap text: titles are wrapped here, in lines that fit a 320 px chart (390 px screen)
TITLE_CHARS, SUBTITLE_CHARS, AXIS_TITLE_CHARS = 42, 50, 28
LEGEND = {"orient": "bottom", "columns": 2, "labelLimit": 130, "columnPadding": 6, "symbolSize": 60}
# Short axis labels (15.6T, not 15,600,000,000,000), so the last one stays inside a narrow chart;
# an empty default label (log scales thin out their labels) stays empty.
COMPACT_LABEL = ("datum.label === '' ? '' : abs(datum.value) >= 1e15 ? format(datum.value, '.2~e')"
                 " : abs(datum.value) >= 1e5 ? replace(format(datum.value, '~s'), 'G', 'B')"
                 " : format(datum.value, ',~g')")
# The scale words that replace d3's SI prefixes on a compact axis label in the editions other than
# English (which keeps COMPACT_LABEL). Replaced in this order, so no word brings a later prefix
# letter in ("Bio." has no M, G or k).
SCALE_WORDS = {"de": (("T", " Bio."), ("M", " Mio."), ("G", " Mrd."), ("k", " Tsd."))}
# d3-format locales of the editions other than English (d3's own default is English)
FORMAT_LOCALES = {"de": {"decimal": ",", "thousands": ".", "grouping": [3],
                         "currency": ["", "\u00a0€"], "percent": "\u00a0%"}}
# d3-time-format patterns of those editions (day and month names come from Babel)
TIME_PATTERNS = {"de": {"dateTime": "%A, %e. %B %Y, %X", "date": "%d.%m.%Y", "time": "%H:%M:%S",
                        "periods": ["AM", "PM"]}}
# a raw date in a tooltip (Vega-Lite's default is "%b %d, %Y"; axes choose their own format)
TOOLTIP_DATE = {"de": "%-d. %B %Y"}
# the verdict badges' colours (book/_static/custom.css; a test keeps the two equal)
VERDICT_COLOURS = {
    "accurate": "#237032", "mostly-accurate": "#4a7a0a", "misleading": "#b35900",
    "inaccurate": "#c92a2a", "self-contradictory": "#862e9c", "unverifiable": "#676e75",
}
_EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False},
                  "renderer": "svg"}


def __getattr__(name: str) -> str:
    """``_UNTITLED`` and ``_ACTIONS_LABEL``, once constants, in the edition being written."""
    if name == "_UNTITLED":
        return say("chart.untitled")
    if name == "_ACTIONS_LABEL":
        return say("chart.actions")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def compact_label(lang: str = "") -> str:
    """The label expression of quantitative axes: short labels with the edition's scale words
    (English 15.6T and 1.5B, German 15,6 Bio. and 1,5 Mrd.; the digits follow the embed's
    number locale)."""
    lang = resolve(lang)
    if lang == "en":
        return COMPACT_LABEL
    scaled = "format(datum.value, '~s')"
    for prefix, word in SCALE_WORDS[lang]:
        scaled = f"replace({scaled}, '{prefix}', '{word}')"
    return ("datum.label === '' ? '' : abs(datum.value) >= 1e15 ? format(datum.value, '.2~e')"
            f" : abs(datum.value) >= 1e5 ? {scaled} : format(datum.value, ',~g')")


def time_format_locale(lang: str = "") -> dict[str, Any]:
    """A d3-time-format locale with the edition's day and month names (Babel; d3 starts the week
    on Sunday, Babel numbers Monday 0)."""
    from babel.dates import get_day_names, get_month_names

    lang = resolve(lang)
    loc = LOCALES[lang]
    week = [6, 0, 1, 2, 3, 4, 5]
    return {**TIME_PATTERNS[lang],
            "days": [get_day_names("wide", locale=loc)[d] for d in week],
            "shortDays": [get_day_names("abbreviated", locale=loc)[d] for d in week],
            "months": [get_month_names("wide", locale=loc)[m] for m in range(1, 13)],
            "shortMonths": [get_month_names("abbreviated", locale=loc)[m] for m in range(1, 13)]}


def embed_options(lang: str = "") -> dict[str, Any]:
    """The ``vegaEmbed`` options of an edition: English as always; another edition adds its
    number format (``formatLocale``) and date names (``timeFormatLocale``)."""
    lang = resolve(lang)
    if lang not in FORMAT_LOCALES:
        return _EMBED_OPTIONS
    return {**_EMBED_OPTIONS, "formatLocale": FORMAT_LOCALES[lang], "timeFormatLocale": time_format_locale(lang)}


def verdict_label(code: str) -> str:
    """A verdict as the edition's badge says it."""
    return str(catalog()["verdicts"][code])


def _js(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def labels_expr(words: dict[str, str]) -> str:
    """A legend ``labelExpr`` that shows each code (a scale's domain value) as its word."""
    return "".join(f"datum.label === {_js(k)} ? {_js(v)} : " for k, v in words.items()) + "datum.label"


def _verdict_colour(**legend: Any) -> alt.Color:
    """Colour by verdict: the domain stays the codes, the legend shows the edition's labels."""
    return alt.Color("verdict:N", title=say("chart.verdict"),
                     scale=alt.Scale(domain=list(VERDICTS), range=[VERDICT_COLOURS[v] for v in VERDICTS]),
                     legend=alt.Legend(labelExpr=labels_expr({v: verdict_label(v) for v in VERDICTS}), **legend))


def _series_legend() -> dict[str, Any]:
    """The legend of a chart whose entries are phrases (reference lines, series): two columns
    in English, as always; one wider column in an edition whose phrases run longer."""
    return {} if resolve() == "en" else {"legend": alt.Legend(columns=1, labelLimit=280)}


def _tip(field: str, key: str, **kw: Any) -> alt.Tooltip:
    """A tooltip entry titled by the catalog (``chart.tip.<key>``)."""
    return alt.Tooltip(field, title=say(f"chart.tip.{key}"), **kw)


def _is_text(fmt: str | None) -> bool:
    """True when a number of a tooltip is written as text outside English: three significant
    figures with scale words (``tabled``) for the d3 formats ``s`` and ``g``."""
    return resolve() != "en" and (fmt or "").endswith(("s", "g"))


def _num_tip(column: str, key: str, fmt: str | None = None) -> alt.Tooltip:
    """A number in a tooltip. English: the d3 format ``fmt`` as always. Another edition: the
    number locale does the fixed formats; an ``s``/``g`` format becomes the text column
    ``<column>_text`` (see :func:`_with_text`), an unformatted number gets its grouping."""
    if _is_text(fmt):
        return _tip(f"{column}_text:N", key)
    if fmt is None and resolve() != "en":
        fmt = ",~g"
    return _tip(f"{column}:Q", key, **({"format": fmt} if fmt else {}))


def _with_text(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy of ``df`` with the text columns :func:`_num_tip` reads outside English."""
    df = df.copy()
    if resolve() != "en":
        for col in columns:
            df[f"{col}_text"] = [tabled(float(v)) if pd.notna(v) else "" for v in df[col]]
    return df


def _rounded(obj: Any, digits: int = 6) -> Any:
    """Floats to ``digits`` significant figures, so embedded data do not depend on the last bits."""
    if isinstance(obj, float):
        return float(f"{obj:.{digits}g}")
    if isinstance(obj, dict):
        return {k: _rounded(v, digits) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rounded(v, digits) for v in obj]
    return obj


def _title_lines(title: Any) -> list[str]:
    """The text lines of a Vega-Lite ``title`` (a string, a list of lines or a title object)."""
    if isinstance(title, str):
        return [title] if title.strip() else []
    if isinstance(title, list):
        return [" ".join(str(t) for t in title)] if title else []
    if isinstance(title, dict):
        return _title_lines(title.get("text")) + _title_lines(title.get("subtitle"))
    return []


def description_of(spec: dict[str, Any]) -> str:
    """An accessible name for a chart: its title and subtitle (source line), never empty.

    A chart without a top-level title (a layer or concatenation of titled parts) is named after
    the titles of its parts.
    """
    texts = _title_lines(spec.get("title"))
    if not texts:
        parts = [spec["spec"]] if isinstance(spec.get("spec"), dict) else []
        for key in ("layer", "concat", "hconcat", "vconcat"):
            parts += [p for p in spec.get(key, []) if isinstance(p, dict)]
        untitled = say("chart.untitled")
        texts = [d for d in (description_of(p) for p in parts) if d != untitled]
    text = ". ".join(t.strip().rstrip(".") for t in texts if t.strip())
    return text + "." if text else say("chart.untitled")


def _offline_html(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """The renderer: a full-width ``<div>`` with a deterministic id and a local ``vegaEmbed`` call.

    The spec gets a ``description`` when it has none; once drawn, the actions button (a
    ``<summary>`` holding only an icon) gets an ``aria-label``. Both, and the embed options,
    follow the edition being written.
    """
    if not str(spec.get("description") or "").strip():
        spec = {**spec, "description": description_of(spec)}
    text = json.dumps(_rounded(spec), sort_keys=True, separators=(",", ":"))
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    label = json.dumps(say("chart.actions"))
    html = (
        f'<div id="vega-{key}" class="vega-chart" style="display:block;width:100%"></div>\n'
        "<script>(function(){var s=" + text + ";var o=" + json.dumps(embed_options(), sort_keys=True)
        + ";function go(){if(window.vegaEmbed){window.vegaEmbed('#vega-" + key + "',s,o).then(function(){"
        "var m=document.querySelector('#vega-" + key + " summary');if(m){m.setAttribute('aria-label',"
        + label + ");}});}else{setTimeout(go,50);}}go();})();</script>"
    )
    return {"text/html": html}


def enable() -> None:
    """Register and switch on the offline renderer (call once per notebook)."""
    alt.renderers.register("offline", _offline_html)
    alt.renderers.enable("offline")
    alt.data_transformers.disable_max_rows()


def titled(chart: alt.TopLevelMixin, title: str, source: str) -> alt.TopLevelMixin:
    """Give a chart its title, a "Source:" subtitle (``chart.source``) and a description made of
    the two.

    Title and subtitle are wrapped into lines that fit a phone-width chart; every chart gets the
    legend layout and the compact quantitative axis labels of the edition.
    """
    head = alt.Title(lines(title, TITLE_CHARS), subtitle=_wrap(say("chart.source", source=source), SUBTITLE_CHARS),
                     anchor="start", subtitleColor="#555")
    # room on the right for an axis's last label, which Vega may draw a few pixels past the plot
    chart = chart.properties(title=head, description=description_of({"title": head.to_dict()}),
                             padding={"left": 5, "top": 5, "right": 12, "bottom": 5})
    if resolve() in TOOLTIP_DATE:
        chart = chart.configure(timeFormat=TOOLTIP_DATE[resolve()])
    return (chart.configure_legend(**LEGEND)
            .configure_axisQuantitative(labelExpr=compact_label(), labelSeparation=4, labelFlush=True))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def lines(text: str, width: int = AXIS_TITLE_CHARS) -> str | list[str]:
    """``text`` as it is when it fits ``width`` characters, else as a list of lines (Vega's
    multi-line text)."""
    wrapped = _wrap(text, width)
    return wrapped if len(wrapped) > 1 else text


def stated_vs_recomputed(results: list[ClaimResult], key: str, log: bool = True,
                         reg: Any = None) -> alt.LayerChart:
    """Each claim: its stated value (diamond) against the recomputed median and 90 % interval.

    ``key`` names the family's title and source line (``chart.title.svr.<key>``,
    ``chart.src.svr.<key>``); ``reg`` (the registry, loaded when not given) gives the topics."""
    from ..text.local import topic

    if reg is None and resolve() != "en":
        from ..checking.data import load

        reg = load()
    what = {code: say(f"chart.what.{code}") for code in ("stated", "interval", "median")}
    rows = []
    for r in results:
        chk = r.recomputed
        if chk is None or chk.interval is None or "value" not in r.claim.stated and "low" not in r.claim.stated:
            continue
        st = r.claim.stated
        lo, hi = (st["value"], st["value"]) if "value" in st else (st["low"], st["high"])
        iv = chk.interval
        unit = iv.unit if resolve() == "en" else unit_word(iv.unit, 2.0)
        label = say("chart.svr.claim", claim=r.claim.id, unit=unit) if unit else r.claim.id
        common = {"claim": label, "verdict": r.verdict, "verdict_text": verdict_label(r.verdict),
                  "topic": r.claim.topic if reg is None else topic(reg, r.claim)}
        rows.append({**common, "what": "stated", "what_text": what["stated"], "value": float(lo), "value2": float(hi)})
        rows.append({**common, "what": "recomputed 90 % interval", "what_text": what["interval"],
                     "value": iv.low, "value2": iv.high})
        rows.append({**common, "what": "recomputed median", "what_text": what["median"],
                     "value": iv.central, "value2": iv.central})
    df = _with_text(pd.DataFrame(rows), "value", "value2")
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    base = alt.Chart(df).encode(y=alt.Y("claim:N", title=None, sort=None))
    tooltip = [_tip("claim", "claim"), _tip("topic", "topic"), _tip("what_text", "what"),
               _num_tip("value", "value", ".3~s"), _num_tip("value2", "value2", ".3~s"),
               _tip("verdict_text", "verdict")]
    bar = base.transform_filter("datum.what == 'recomputed 90 % interval'").mark_rule(
        strokeWidth=6, opacity=0.5, color="#4c6ef5").encode(
        x=alt.X("value:Q", scale=scale,
                title=lines(say("chart.x.svr.log")) if log else say("chart.x.svr")),
        x2="value2:Q", tooltip=tooltip)
    med = base.transform_filter("datum.what == 'recomputed median'").mark_tick(
        color="#1c3faa", thickness=2, size=14).encode(x="value:Q", tooltip=tooltip)
    stated = base.transform_filter("datum.what == 'stated'").mark_point(
        shape="diamond", size=90, filled=True).encode(x="value:Q", color=_verdict_colour(), tooltip=tooltip)
    stated_hi = base.transform_filter("datum.what == 'stated' && datum.value2 != datum.value").mark_rule(
        strokeWidth=2).encode(x="value:Q", x2="value2:Q",
                              color=alt.Color("verdict:N", legend=None), tooltip=tooltip)
    # a layer with no rows draws an unlabelled mark container (axe: svg-img-alt): leave it out
    ranged = any(row["what"] == "stated" and row["value2"] != row["value"] for row in rows)
    layers = [bar, med, stated_hi, stated] if ranged else [bar, med, stated]
    chart = alt.layer(*layers).properties(width=WIDTH)
    return titled(chart, say(f"chart.title.svr.{key}"), say(f"chart.src.svr.{key}"))


PARAMETER_CHARS, PARAMETER_LINES = 26, 3  # a tornado's parameter labels: lines of the y axis


def _label_lines(text: str) -> str:
    """A y-axis label in at most :data:`PARAMETER_LINES` lines ("\\n"-separated; the axis splits
    them), the last shortened with "…" when the label is longer."""
    # a number stays on the line of the word before it ("Llama 3", "of 310")
    wrapped = [w.replace("\u00a0", " ") for w in _wrap(re.sub(r" (?=\d)", "\u00a0", text), PARAMETER_CHARS)]
    if len(wrapped) > PARAMETER_LINES:
        last = " ".join(wrapped[PARAMETER_LINES - 1:])
        wrapped = wrapped[:PARAMETER_LINES - 1] + [textwrap.shorten(last, PARAMETER_CHARS, placeholder=" …")]
    return "\n".join(wrapped)


def parameter_name(reg: Any, name: str) -> str:
    """A parameter as a label names it: the reader label, capitalised, without a final stop."""
    from ..text.explain import parameter_label

    label = parameter_label(reg, name).strip().rstrip(".")
    return label[:1].upper() + label[1:]


def tornado(result: ClaimResult, source_key: str, reg: Any = None) -> alt.LayerChart:
    """One-at-a-time swings of the recomputed figure over each parameter's 90 % interval.

    ``source_key`` names the source line (``chart.src.<source_key>``); the parameters are named by
    their reader labels (from ``reg``, the registry, loaded when not given)."""
    if reg is None:
        from ..checking.data import load

        reg = load()
    en = resolve() == "en"
    chk = result.recomputed
    unit = chk.interval.unit if chk and chk.interval else ""

    def value(x: float) -> str:
        return f"{x:g}" if en else tabled(x)

    rows = []
    for s in result.tornado:
        name = parameter_name(reg, s.parameter)
        rows.append({"parameter": name, "axis": _label_lines(name),
                     "from": min(s.at_low, s.at_high), "to": max(s.at_low, s.at_high),
                     "at low end": s.at_low, "at high end": s.at_high,
                     "range": say("chart.tornado.range", low=value(s.low_value), high=value(s.high_value))})
    df = _with_text(pd.DataFrame(rows), "at low end", "at high end")
    order = [r["axis"] for r in rows]
    st = result.claim.stated
    stated = float(st.get("value", st.get("low", 0)))
    lo = min([stated, *df["from"]])
    hi = max([stated, *df["to"]])
    log = lo > 0 and hi / lo > 50
    scale = (alt.Scale(type="log", domain=[lo / 1.5, hi * 1.5]) if log
             else alt.Scale(zero=False, domain=[lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)]))
    said_unit = unit_word(unit, 2.0) or unit
    most = max([r["axis"].count("\n") + 1 for r in rows] or [1])
    bars = alt.Chart(df).mark_bar(color="#4c6ef5", height=14).encode(
        y=alt.Y("axis:N", sort=order, title=None, axis=alt.Axis(labelExpr="split(datum.label, '\\n')")),
        x=alt.X("from:Q", title=lines(say("chart.x.tornado.log" if log else "chart.x.tornado", unit=said_unit)),
                scale=scale),
        x2="to:Q", tooltip=[_tip("parameter", "parameter"), _tip("range", "range"),
                            _num_tip("at low end", "at_low", ".4~g"), _num_tip("at high end", "at_high", ".4~g")])
    rule = alt.Chart(pd.DataFrame({"x": [stated], "label": [say("chart.stated")]})).mark_rule(
        color="#e03131", strokeDash=[4, 3]).encode(x="x:Q", tooltip=[_tip("label", "label"), _num_tip("x", "x")])
    chart = alt.layer(bars, rule).properties(width=WIDTH, height=max(60, max(28, 12 * most + 8) * len(rows)))
    return titled(chart, say("chart.title.tornado", claim=result.claim.id), say(f"chart.src.{source_key}"))


def verdict_counts(counts: dict[str, dict[str, int]], seed_names: dict[str, str]) -> alt.Chart:
    """Stacked bars: number of claims per verdict, one bar per document."""
    rows = [{"document": seed_names.get(seed, seed), "verdict": v, "verdict_text": verdict_label(v), "claims": n}
            for seed, c in counts.items() for v, n in c.items()]
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        y=alt.Y("document:N", title=None), x=alt.X("sum(claims):Q", title=say("chart.x.claims")),
        color=alt.Color("verdict:N", sort=list(VERDICTS), title=say("chart.verdict"), scale=alt.Scale(
            domain=list(VERDICTS), range=[VERDICT_COLOURS[v] for v in VERDICTS]),
            legend=alt.Legend(orient="bottom", columns=3,
                              labelExpr=labels_expr({v: verdict_label(v) for v in VERDICTS}))),
        order=alt.Order("verdict_order:Q"),
        tooltip=[_tip("document", "document"), _tip("verdict_text", "verdict"), _num_tip("claims", "claims")],
    ).transform_calculate(
        verdict_order="indexof(" + json.dumps(list(VERDICTS)) + ", datum.verdict)"
    ).properties(width=WIDTH)
    return titled(chart, say("chart.title.verdicts"), say("chart.src.verdicts"))


def implied_throughput(df: pd.DataFrame, run: Any) -> alt.LayerChart:
    """Implied TFLOP/s per GPU (median, 90 % interval) against the claimed 400 and the H100 peak."""
    peak = run.params["h100_bf16_dense_tflops"].value
    claimed = run.registry.claims["P-CMP-04"].stated["value"]
    base = alt.Chart(df).encode(y=alt.Y("label:N", title=None))
    tip = [_tip("label", "label"), _num_tip("median", "median", ".0f"), _num_tip("low", "low", ".0f"),
           _num_tip("high", "high", ".0f"), _num_tip("mfu_median", "mfu", ".1%")]
    bars = base.mark_rule(strokeWidth=8, opacity=0.5, color="#4c6ef5").encode(
        x=alt.X("low:Q", title=say("chart.x.throughput"), scale=alt.Scale(domain=[0, peak * 1.05])),
        x2="high:Q", tooltip=tip)
    pts = base.mark_tick(color="#1c3faa", thickness=2, size=18).encode(x="median:Q", tooltip=tip)
    paper, top = say("chart.ref.paper_tflops", value=tabled(claimed)), say("chart.ref.peak")
    refs = pd.DataFrame({"x": [claimed, peak], "label": [paper, top]})
    # English takes the colours in the labels' sorted order (the peak's label first); another
    # edition names that order, so its words cannot swap the colours
    colours = {"range": ["#e03131", "#495057"], **({} if resolve() == "en" else {"domain": [top, paper]})}
    rules = alt.Chart(refs).mark_rule(strokeDash=[4, 3]).encode(
        x="x:Q", color=alt.Color("label:N", title=None, scale=alt.Scale(**colours), **_series_legend()),
        tooltip=[_tip("label", "label"), _num_tip("x", "x")])
    chart = alt.layer(bars, pts, rules).properties(width=WIDTH, height=110)
    return titled(chart, say("chart.title.throughput"), say("chart.src.throughput"))


def volume_curve(df: pd.DataFrame, run: Any) -> alt.LayerChart:
    """Terabytes of text against bytes per token, with the parameter's 90 % band and the claim."""
    p = run.params["bytes_per_token"]
    stated = run.registry.claims["P-DAT-03"].stated["value"]
    band = alt.Chart(pd.DataFrame({"lo": [p.low], "hi": [p.high]})).mark_rect(
        opacity=0.15, color="#4c6ef5").encode(x="lo:Q", x2="hi:Q")
    line = alt.Chart(df).mark_line(color="#1c3faa").encode(
        x=alt.X("bytes_per_token:Q", title=say("chart.x.volume")),
        y=alt.Y("terabytes:Q", title=say("chart.y.volume"), scale=alt.Scale(zero=False)),
        tooltip=[_num_tip("bytes_per_token", "bytes_per_token", ".2f"), _num_tip("terabytes", "terabytes", ".1f")])
    rule = alt.Chart(pd.DataFrame({"y": [stated], "label": [say("chart.ref.paper_tb", value=tabled(stated))]})
                     ).mark_rule(color="#e03131", strokeDash=[4, 3]).encode(
        y="y:Q", tooltip=[_tip("label", "label"), _num_tip("y", "y")])
    chart = alt.layer(band, line, rule).properties(width=WIDTH, height=240)
    return titled(chart, say("chart.title.volume"), say("chart.src.volume"))


def households(df: pd.DataFrame, run: Any) -> alt.LayerChart:
    """Households whose annual electricity equals the article's GPT-4 figure, by region."""
    stated = run.registry.claims["A-ENE-02"].stated["value"]
    base = alt.Chart(df).encode(y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=160)))
    tip = [_tip("label", "label"), _num_tip("median", "median", ",.0f"), _num_tip("low", "low", ",.0f"),
           _num_tip("high", "high", ",.0f")]
    bars = base.mark_bar(color="#4c6ef5", opacity=0.7).encode(
        x=alt.X("median:Q", title=lines(say("chart.x.households"))), tooltip=tip)
    err = base.mark_rule(color="#1c3faa").encode(x="low:Q", x2="high:Q", tooltip=tip)
    label = say("chart.ref.article_households", value=tabled(stated))
    rule = alt.Chart(pd.DataFrame({"x": [stated], "label": [label]})).mark_rule(
        color="#e03131", strokeDash=[4, 3], size=2).encode(x="x:Q", tooltip=[_tip("label", "label"), _num_tip("x", "x")])
    chart = alt.layer(bars, err, rule).properties(width=WIDTH, height=130)
    return titled(chart, say("chart.title.households"), say("chart.src.households"))


def energy_histogram(df: pd.DataFrame, run: Any) -> alt.LayerChart:
    """Monte Carlo distribution of GPT-4's training energy, with the article's figure."""
    stated = run.registry.claims["A-ENE-01"].stated["value"]
    hist = alt.Chart(df).mark_bar(color="#4c6ef5", opacity=0.7).encode(
        x=alt.X("from_mwh:Q", title=say("chart.x.energy_histogram")), x2="to_mwh:Q",
        y=alt.Y("draws:Q", title=say("chart.y.energy_histogram")),
        tooltip=[_num_tip("from_mwh", "from_mwh", ",.0f"), _num_tip("to_mwh", "to_mwh", ",.0f"),
                 _num_tip("draws", "draws")])
    label = say("chart.ref.article_mwh", value=tabled(stated))
    rule = alt.Chart(pd.DataFrame({"x": [stated], "label": [label]})).mark_rule(
        color="#e03131", strokeDash=[4, 3], size=2).encode(x="x:Q", tooltip=[_tip("label", "label"), _num_tip("x", "x")])
    chart = alt.layer(hist, rule).properties(width=WIDTH, height=220)
    return titled(chart, say("chart.title.energy_histogram"), say("chart.src.energy_histogram"))


def price_path(df: pd.DataFrame) -> alt.Chart:
    """Price per million tokens on a log axis: observed AI Index prices and the slide's end point."""
    chart = alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y")),
        y=alt.Y("usd_per_mtok:Q", scale=alt.Scale(type="log"), title=say("chart.y.price_path")),
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=["#1c3faa", "#e03131"]), **_series_legend()),
        strokeDash=alt.StrokeDash("series:N", title=None, **_series_legend()),  # one legend for colour and dash
        tooltip=[_tip("series", "series"), _tip("date:T", "date"), _num_tip("usd_per_mtok", "usd_per_mtok", ".3f")],
    ).properties(width=WIDTH, height=260)
    return titled(chart, say("chart.title.price_path"), say("chart.src.price_path"))


def interval_bars(df: pd.DataFrame, key: str, log: bool = False,
                  refs: pd.DataFrame | None = None) -> alt.LayerChart:
    """Median (tick) and 90 % interval (bar) per row of a views frame; optional reference lines.

    ``key`` names the title, source line and x-axis title (``chart.title.<key>``,
    ``chart.src.<key>``, ``chart.x.<key>``)."""
    df = _with_text(df, "median", "low", "high")
    if resolve() != "en":  # the unit as a reader writes it after a number
        df["unit"] = [unit_word(u, 2.0) or u for u in df["unit"]]
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    base = alt.Chart(df).encode(y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=160)))
    tip = [_tip("label", "label"), _num_tip("median", "median", ".3~s"), _num_tip("low", "low", ".3~s"),
           _num_tip("high", "high", ".3~s"), _tip("unit", "unit")]
    bars = base.mark_rule(strokeWidth=8, opacity=0.5, color="#4c6ef5").encode(
        x=alt.X("low:Q", title=lines(say(f"chart.x.{key}")), scale=scale), x2="high:Q", tooltip=tip)
    ticks = base.mark_tick(color="#1c3faa", thickness=2, size=18).encode(x="median:Q", tooltip=tip)
    layers = [bars, ticks]
    if refs is not None and len(refs):
        refs = _with_text(refs, "x")
        layers.append(alt.Chart(refs).mark_rule(strokeDash=[4, 3], color="#e03131").encode(
            x="x:Q", tooltip=[_tip("label", "label"), _num_tip("x", "x", ".3~s")]))
    chart = alt.layer(*layers).properties(width=WIDTH, height=max(80, 34 * len(df)))
    return titled(chart, say(f"chart.title.{key}"), say(f"chart.src.{key}"))


def memory_bars(df: pd.DataFrame) -> alt.LayerChart:
    """Weight memory per model and precision against one GPU's memory."""
    bars = alt.Chart(df).mark_bar().encode(
        y=alt.Y("bits:N", title=None), x=alt.X("weights_gb:Q", title=say("chart.x.memory")),
        color=alt.Color("model:N", title=None), yOffset="model:N",
        tooltip=[_tip("model", "model"), _tip("bits", "bits"), _num_tip("weights_gb", "weights_gb", ".0f")])
    gpu = alt.Chart(df.head(1)).mark_rule(color="#e03131", strokeDash=[4, 3], size=2).encode(
        x="gpu_gb:Q", tooltip=[_num_tip("gpu_gb", "gpu_gb")])
    chart = alt.layer(bars, gpu).properties(width=WIDTH, height=200)
    return titled(chart, say("chart.title.memory"), say("chart.src.memory"))


def gpu_counts(df: pd.DataFrame) -> alt.Chart:
    """GPU counts on a log axis, the paper's own in orange."""
    who = {w: say(f"chart.who.{w}") for w in ("paper", "source")}
    # a bar on a log axis needs a base above zero (from 0 it is not drawn): a power of ten below the least
    df = df.assign(base=10 ** np.floor(np.log10(df["gpus"].min())))
    chart = alt.Chart(df).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=170)),
        x=alt.X("gpus:Q", scale=alt.Scale(type="log"), title=lines(say("chart.x.gpu_counts"))), x2="base:Q",
        color=alt.Color("who:N", title=None, scale=alt.Scale(domain=["paper", "source"],
                                                             range=["#f59f00", "#4c6ef5"]),
                        legend=alt.Legend(labelExpr=labels_expr(who))),
        tooltip=[_tip("label", "label"), _num_tip("gpus", "gpus", ",.0f")],
    ).properties(width=WIDTH, height=30 * len(df))
    return titled(chart, say("chart.title.gpu_counts"), say("chart.src.gpu_counts"))


def stated_ranges(df: pd.DataFrame, key: str) -> alt.LayerChart:
    """Stated percentages (ranges as bars, points as diamonds), coloured by verdict.

    ``key`` names the title and source line (``chart.title.<key>``, ``chart.src.<key>``)."""
    df = df.copy()
    df["verdict_text"] = [verdict_label(v) for v in df["verdict"]]
    colour = _verdict_colour()
    base = alt.Chart(df).encode(y=alt.Y("claim:N", title=None, sort=None),
                                tooltip=[_tip("claim", "claim"), _tip("topic", "topic"), _num_tip("low", "low"),
                                         _num_tip("high", "high"), _tip("verdict_text", "verdict")])
    rng = base.mark_rule(strokeWidth=6).encode(x=alt.X("low:Q", title=say("chart.x.percent_stated"),
                                                       scale=alt.Scale(domain=[0, 100])),
                                               x2="high:Q", color=colour)
    pts = base.mark_point(shape="diamond", filled=True, size=70).encode(x="low:Q", color=colour)
    chart = alt.layer(rng, pts).properties(width=WIDTH, height=max(80, 16 * len(df)))
    return titled(chart, say(f"chart.title.{key}"), say(f"chart.src.{key}"))


def _iso_date(text: Any) -> str:
    """A date as ISO text: ISO already, or a day as the edition writes it ("7. Februar 2025",
    "7 February 2025"), read with Babel's month names."""
    from babel.dates import get_month_names

    text = str(text).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    months = {name.lower(): m for m, name in get_month_names("wide", locale=LOCALES[resolve()]).items()}
    hit = re.fullmatch(r"(\d{1,2})\.? (\w+),? (\d{4})", text)
    if not hit or hit.group(2).lower() not in months:
        raise ValueError(f"not a date: {text!r}")
    return dt.date(int(hit.group(3)), months[hit.group(2).lower()], int(hit.group(1))).isoformat()


def _doc_frame(doc_dates: pd.DataFrame) -> pd.DataFrame:
    """The documents' own dates as the chart reads them (``document``, ``date`` in ISO,
    ``date_text`` as the reader sees it), from a frame whose first two columns are a document
    and its date, whatever the edition calls them and however it writes the date."""
    doc, date = doc_dates.columns[:2]
    iso = [_iso_date(d) for d in doc_dates[date]]
    shown = iso if resolve() == "en" else [date_span(dt.date.fromisoformat(d), dt.date.fromisoformat(d)) for d in iso]
    return pd.DataFrame({"document": list(doc_dates[doc]), "date": iso, "date_text": shown})


def date_timeline(df: pd.DataFrame, doc_dates: pd.DataFrame) -> alt.LayerChart:
    """Stated dates (bars), source and cited-work dates (points) and the documents' own dates.

    A row is a stated date when its ``kind`` is the edition's word for it (``view.stated``)."""
    from .views import said

    df = df.copy()
    df["verdict_text"] = [verdict_label(v) for v in df["verdict"]]
    df["date_text"] = (list(df["date"]) if resolve() == "en"
                       else [date_span(dt.date.fromisoformat(d), dt.date.fromisoformat(d)) for d in df["date"]])
    word = "'stated'" if resolve() == "en" else _js(said("stated"))
    base = alt.Chart(df).encode(y=alt.Y("claim:N", title=None, sort=None),
                                tooltip=[_tip("claim", "claim"), _tip("what", "what"), _tip("kind", "kind"),
                                         _tip("date_text", "date"), _tip("verdict_text", "verdict")])
    stated = base.transform_filter(f"datum.kind == {word}").mark_rule(
        strokeWidth=7, color="#f59f00", opacity=0.7).encode(x=alt.X("date:T", title=None), x2="date2:T")
    points = base.transform_filter(f"datum.kind != {word}").mark_point(filled=True, size=70).encode(
        x="date:T", shape=alt.Shape("kind:N", title=None), color=alt.value("#1c3faa"))
    docs = alt.Chart(_doc_frame(doc_dates)).mark_rule(color="#e03131", strokeDash=[4, 3], size=2).encode(
        x="date:T", tooltip=[_tip("document", "document"), _tip("date_text", "date")])
    chart = alt.layer(stated, points, docs).properties(width=WIDTH, height=max(100, 22 * df["claim"].nunique()))
    return titled(chart, say("chart.title.dates"), say("chart.src.dates"))


def whatif(rows: list[dict[str, Any]], breakevens: list[dict[str, Any]], marks: dict[str, float],
           current: tuple[int, int], x_range: tuple[float, float], x_title: str, y_title: str,
           x_log: bool, title: str, source: str) -> alt.LayerChart:
    """A what-if chart: the first claim's recomputed median (line) and 90 % interval (band) along
    the first slider, at the second slider's value (``wi_j``); the stated figure (red dashed),
    the break-even (orange), the parameter's documented 90 % interval (grey band) and default
    (dotted), and the current value (``wi_i``, black). ``wi_i``/``wi_j`` are set by the page's
    sliders; every number comes from ``rows``."""
    on_j = "datum.j == wi_j"
    x = alt.X("x:Q", title=lines(x_title), scale=alt.Scale(type="log" if x_log else "linear", zero=False,
                                                            nice=False, domain=list(x_range)))
    y_vals = [v for r in rows for v in (r["l"], r["h"]) if v is not None] + [marks["stated"]]
    y_log = min(y_vals) > 0 and max(y_vals) / min(y_vals) > 50
    y = alt.Y("m:Q", title=lines(y_title), scale=alt.Scale(type="log" if y_log else "linear"))
    data = alt.Chart(pd.DataFrame(rows))  # data frames: Altair stores each data set once
    const = alt.Chart(pd.DataFrame([marks]))
    layers = [
        const.mark_rect(color="#adb5bd", opacity=0.25, clip=True).encode(x="p_low:Q", x2="p_high:Q"),
        const.mark_rule(color="#495057", strokeDash=[2, 3], clip=True).encode(x="p_default:Q"),
        data.mark_area(color="#4c6ef5", opacity=0.22).encode(x=x, y=alt.Y("l:Q", title=lines(y_title)), y2="h:Q")
        .transform_filter(on_j),
        data.mark_line(color="#364fc7").encode(x=x, y=y).transform_filter(on_j),
        const.mark_rule(color="#c92a2a", strokeDash=[6, 4], strokeWidth=2).encode(y="stated:Q"),
        *([alt.Chart(pd.DataFrame(breakevens, columns=["j", "b"])).mark_rule(color="#e67700", strokeWidth=2, clip=True)
           .encode(x="b:Q").transform_filter(on_j)] if breakevens else []),  # no line where there is none
        data.mark_rule(color="#000").encode(x=x).transform_filter("datum.i == wi_i && " + on_j),
        data.mark_point(filled=True, color="#000", size=70).encode(x=x, y=y)
        .transform_filter("datum.i == wi_i && " + on_j),
    ]
    chart = alt.layer(*layers).add_params(alt.param(name="wi_i", value=current[0]),
                                          alt.param(name="wi_j", value=current[1]))
    return titled(chart.properties(width=WIDTH, height=260), title, source)
