"""Altair charts that work offline, each with a "Source:" line.

The ``offline`` renderer writes a ``<div>`` with a deterministic id (a hash of the chart spec, so
notebook outputs are stable for nbval) and a ``vegaEmbed`` call. The page loads ``vegaEmbed`` from
``_static/vega-bundle.js``, which the build writes from the vl-convert wheel: no CDN.

Accessibility and width: every chart carries a top-level ``description`` (its title and source line),
which Vega sets as the ``aria-label`` of the embed ``<div>`` (with ``role="graphics-document"``);
the actions button gets a name. Charts use ``width: "container"`` and the embed ``<div>`` is sized
to its column by an inline style; titles are wrapped and axis labels kept short, so a chart fits
a phone-width column without being cut off.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from typing import Any

import altair as alt
import pandas as pd

from ..text.format import fmt
from ..text.wording import unit_word
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
# the verdict badges' colours (book/_static/custom.css; a test keeps the two equal)
VERDICT_COLOURS = {
    "accurate": "#237032", "mostly-accurate": "#4a7a0a", "misleading": "#b35900",
    "inaccurate": "#c92a2a", "self-contradictory": "#862e9c", "unverifiable": "#676e75",
}
_EMBED_OPTIONS = {"actions": {"export": True, "source": False, "compiled": False, "editor": False},
                  "renderer": "svg"}
_UNTITLED = "Chart without a title."
_ACTIONS_LABEL = "Chart actions: save as SVG or PNG"


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
        texts = [d for d in (description_of(p) for p in parts) if d != _UNTITLED]
    text = ". ".join(t.strip().rstrip(".") for t in texts if t.strip())
    return text + "." if text else _UNTITLED


def _offline_html(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """The renderer: a full-width ``<div>`` with a deterministic id and a local ``vegaEmbed`` call.

    The spec gets a ``description`` when it has none; once drawn, the actions button (a
    ``<summary>`` holding only an icon) gets an ``aria-label``.
    """
    if not str(spec.get("description") or "").strip():
        spec = {**spec, "description": description_of(spec)}
    text = json.dumps(_rounded(spec), sort_keys=True, separators=(",", ":"))
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    label = json.dumps(_ACTIONS_LABEL)
    html = (
        f'<div id="vega-{key}" class="vega-chart" style="display:block;width:100%"></div>\n'
        "<script>(function(){var s=" + text + ";var o=" + json.dumps(_EMBED_OPTIONS, sort_keys=True)
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
    """Give a chart its title, a "Source:" subtitle and a description made of the two.

    Title and subtitle are wrapped into lines that fit a phone-width chart; every chart gets the
    legend layout and the compact quantitative axis labels.
    """
    head = alt.Title(lines(title, TITLE_CHARS), subtitle=_wrap(f"Source: {source}", SUBTITLE_CHARS),
                     anchor="start", subtitleColor="#555")
    return (chart.properties(title=head, description=description_of({"title": head.to_dict()}))
            .configure_legend(**LEGEND)
            .configure_axisQuantitative(labelExpr=COMPACT_LABEL, labelSeparation=4))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def lines(text: str, width: int = AXIS_TITLE_CHARS) -> str | list[str]:
    """``text`` as it is when it fits ``width`` characters, else as a list of lines (Vega's
    multi-line text)."""
    wrapped = _wrap(text, width)
    return wrapped if len(wrapped) > 1 else text


def stated_vs_recomputed(results: list[ClaimResult], title: str, source: str,
                         log: bool = True) -> alt.LayerChart:
    """Each claim: its stated value (diamond) against the recomputed median and 90 % interval."""
    rows = []
    for r in results:
        chk = r.recomputed
        if chk is None or chk.interval is None or "value" not in r.claim.stated and "low" not in r.claim.stated:
            continue
        st = r.claim.stated
        lo, hi = (st["value"], st["value"]) if "value" in st else (st["low"], st["high"])
        iv = chk.interval
        label = f"{r.claim.id} ({iv.unit})"
        rows.append({"claim": label, "what": "stated", "value": float(lo), "value2": float(hi),
                     "verdict": r.verdict, "topic": r.claim.topic})
        rows.append({"claim": label, "what": "recomputed 90 % interval", "value": iv.low,
                     "value2": iv.high, "verdict": r.verdict, "topic": r.claim.topic})
        rows.append({"claim": label, "what": "recomputed median", "value": iv.central,
                     "value2": iv.central, "verdict": r.verdict, "topic": r.claim.topic})
    df = pd.DataFrame(rows)
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    base = alt.Chart(df).encode(y=alt.Y("claim:N", title=None, sort=None))
    tooltip = ["claim", "topic", "what", alt.Tooltip("value:Q", format=".3~s"),
               alt.Tooltip("value2:Q", format=".3~s"), "verdict"]
    bar = base.transform_filter("datum.what == 'recomputed 90 % interval'").mark_rule(
        strokeWidth=6, opacity=0.5, color="#4c6ef5").encode(
        x=alt.X("value:Q", scale=scale,
                title=lines("value, each claim in its own unit (log scale)") if log else "value"),
        x2="value2:Q", tooltip=tooltip)
    med = base.transform_filter("datum.what == 'recomputed median'").mark_tick(
        color="#1c3faa", thickness=2, size=14).encode(x="value:Q", tooltip=tooltip)
    stated = base.transform_filter("datum.what == 'stated'").mark_point(
        shape="diamond", size=90, filled=True).encode(
        x="value:Q", color=alt.Color("verdict:N", scale=alt.Scale(domain=list(VERDICTS),
                                     range=[VERDICT_COLOURS[v] for v in VERDICTS])),
        tooltip=tooltip)
    stated_hi = base.transform_filter("datum.what == 'stated' && datum.value2 != datum.value").mark_rule(
        strokeWidth=2).encode(x="value:Q", x2="value2:Q",
                              color=alt.Color("verdict:N", legend=None), tooltip=tooltip)
    # a layer with no rows draws an unlabelled mark container (axe: svg-img-alt): leave it out
    ranged = any(row["what"] == "stated" and row["value2"] != row["value"] for row in rows)
    layers = [bar, med, stated_hi, stated] if ranged else [bar, med, stated]
    chart = alt.layer(*layers).properties(width=WIDTH)
    return titled(chart, title, source)


def tornado(result: ClaimResult, source: str) -> alt.LayerChart:
    """One-at-a-time swings of the recomputed figure over each parameter's 90 % interval."""
    chk = result.recomputed
    unit = chk.interval.unit if chk and chk.interval else ""
    rows = [{"parameter": s.parameter, "from": min(s.at_low, s.at_high), "to": max(s.at_low, s.at_high),
             "at low end": s.at_low, "at high end": s.at_high,
             "range": f"{s.low_value:g} to {s.high_value:g}"} for s in result.tornado]
    df = pd.DataFrame(rows)
    order = [r["parameter"] for r in rows]
    st = result.claim.stated
    stated = float(st.get("value", st.get("low", 0)))
    lo = min([stated, *df["from"]])
    hi = max([stated, *df["to"]])
    log = lo > 0 and hi / lo > 50
    scale = (alt.Scale(type="log", domain=[lo / 1.5, hi * 1.5]) if log
             else alt.Scale(zero=False, domain=[lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)]))
    bars = alt.Chart(df).mark_bar(color="#4c6ef5", height=14).encode(
        y=alt.Y("parameter:N", sort=order, title=None),
        x=alt.X("from:Q", title=lines(f"our figure ({unit_word(unit, 2.0) or unit}{', log scale' if log else ''})"), scale=scale),
        x2="to:Q", tooltip=["parameter", "range", alt.Tooltip("at low end:Q", format=".4~g"),
                            alt.Tooltip("at high end:Q", format=".4~g")])
    rule = alt.Chart(pd.DataFrame({"x": [stated], "label": ["stated"]})).mark_rule(
        color="#e03131", strokeDash=[4, 3]).encode(x="x:Q", tooltip=["label", "x"])
    chart = alt.layer(bars, rule).properties(width=WIDTH, height=max(60, 28 * len(rows)))
    return titled(chart, f"{result.claim.id}: what moves the recomputed figure", source)


def verdict_counts(counts: dict[str, dict[str, int]], seed_names: dict[str, str]) -> alt.Chart:
    """Stacked bars: number of claims per verdict, one bar per document."""
    rows = [{"document": seed_names.get(seed, seed), "verdict": v, "claims": n}
            for seed, c in counts.items() for v, n in c.items()]
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        y=alt.Y("document:N", title=None), x=alt.X("sum(claims):Q", title="claims"),
        color=alt.Color("verdict:N", sort=list(VERDICTS), scale=alt.Scale(
            domain=list(VERDICTS), range=[VERDICT_COLOURS[v] for v in VERDICTS]),
            legend=alt.Legend(orient="bottom", columns=3)),
        order=alt.Order("verdict_order:Q"),
        tooltip=["document", "verdict", "claims"],
    ).transform_calculate(
        verdict_order="indexof(" + json.dumps(list(VERDICTS)) + ", datum.verdict)"
    ).properties(width=WIDTH)
    return titled(chart, "Verdicts per document", "this report's claim registry (data/claims)")


def implied_throughput(df: pd.DataFrame, run: Any) -> alt.LayerChart:
    """Implied TFLOP/s per GPU (median, 90 % interval) against the claimed 400 and the H100 peak."""
    peak = run.params["h100_bf16_dense_tflops"].value
    claimed = run.registry.claims["P-CMP-04"].stated["value"]
    base = alt.Chart(df).encode(y=alt.Y("label:N", title=None))
    tip = ["label", alt.Tooltip("median:Q", format=".0f"), alt.Tooltip("low:Q", format=".0f"),
           alt.Tooltip("high:Q", format=".0f"), alt.Tooltip("mfu_median:Q", format=".1%", title="MFU")]
    bars = base.mark_rule(strokeWidth=8, opacity=0.5, color="#4c6ef5").encode(
        x=alt.X("low:Q", title="sustained TFLOP/s per GPU", scale=alt.Scale(domain=[0, peak * 1.05])),
        x2="high:Q", tooltip=tip)
    pts = base.mark_tick(color="#1c3faa", thickness=2, size=18).encode(x="median:Q", tooltip=tip)
    refs = pd.DataFrame({"x": [claimed, peak], "label": [f"paper: {fmt(claimed)} TFLOP/s", "H100 dense BF16 peak"]})
    rules = alt.Chart(refs).mark_rule(strokeDash=[4, 3]).encode(
        x="x:Q", color=alt.Color("label:N", title=None, scale=alt.Scale(range=["#e03131", "#495057"])),
        tooltip=["label", "x"])
    chart = alt.layer(bars, pts, rules).properties(width=WIDTH, height=110)
    return titled(chart, "Throughput implied by Meta's GPU-hours (C = 6 N D)",
                  "Meta Llama 3 model card (GPU-hours, tokens), NVIDIA H100 whitepaper (peak); this report")


def volume_curve(df: pd.DataFrame, run: Any) -> alt.LayerChart:
    """Terabytes of text against bytes per token, with the parameter's 90 % band and the claim."""
    p = run.params["bytes_per_token"]
    stated = run.registry.claims["P-DAT-03"].stated["value"]
    band = alt.Chart(pd.DataFrame({"lo": [p.low], "hi": [p.high]})).mark_rect(
        opacity=0.15, color="#4c6ef5").encode(x="lo:Q", x2="hi:Q")
    line = alt.Chart(df).mark_line(color="#1c3faa").encode(
        x=alt.X("bytes_per_token:Q", title="UTF-8 bytes per token"),
        y=alt.Y("terabytes:Q", title="clean text (TB)", scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("bytes_per_token:Q", format=".2f"), alt.Tooltip("terabytes:Q", format=".1f")])
    rule = alt.Chart(pd.DataFrame({"y": [stated], "label": [f"paper: {fmt(stated)} TB"]})).mark_rule(
        color="#e03131", strokeDash=[4, 3]).encode(y="y:Q", tooltip=["label", "y"])
    chart = alt.layer(band, line, rule).properties(width=WIDTH, height=240)
    return titled(chart, "15 trillion tokens in terabytes",
                  "Meta Llama 3 model card (tokens), Llama 3 paper section 3.2 (characters per token); this report")


def households(df: pd.DataFrame, run: Any) -> alt.LayerChart:
    """Households whose annual electricity equals the article's GPT-4 figure, by region."""
    stated = run.registry.claims["A-ENE-02"].stated["value"]
    base = alt.Chart(df).encode(y=alt.Y("label:N", title=None, sort=None))
    tip = ["label", alt.Tooltip("median:Q", format=",.0f"), alt.Tooltip("low:Q", format=",.0f"),
           alt.Tooltip("high:Q", format=",.0f")]
    bars = base.mark_bar(color="#4c6ef5", opacity=0.7).encode(
        x=alt.X("median:Q", title=lines("households (a year's electricity each)")), tooltip=tip)
    err = base.mark_rule(color="#1c3faa").encode(x="low:Q", x2="high:Q", tooltip=tip)
    rule = alt.Chart(pd.DataFrame({"x": [stated], "label": [f"article: {fmt(stated)} German households"]})).mark_rule(
        color="#e03131", strokeDash=[4, 3], size=2).encode(x="x:Q", tooltip=["label", "x"])
    chart = alt.layer(bars, err, rule).properties(width=WIDTH, height=130)
    return titled(chart, "The article's GPT-4 energy as households' yearly electricity, by household consumption",
                  "BDEW 2020 and CHECK24 2022 (Germany), Odyssee-Mure (EU), EIA (US); this report")


def energy_histogram(df: pd.DataFrame, run: Any) -> alt.LayerChart:
    """Monte Carlo distribution of GPT-4's training energy, with the article's figure."""
    stated = run.registry.claims["A-ENE-01"].stated["value"]
    hist = alt.Chart(df).mark_bar(color="#4c6ef5", opacity=0.7).encode(
        x=alt.X("from_mwh:Q", title="GPT-4 training energy (MWh)"), x2="to_mwh:Q",
        y=alt.Y("draws:Q", title="our estimates (count)"),
        tooltip=[alt.Tooltip("from_mwh:Q", format=",.0f"), alt.Tooltip("to_mwh:Q", format=",.0f"), "draws"])
    rule = alt.Chart(pd.DataFrame({"x": [stated], "label": [f"article: {fmt(stated)} MWh"]})).mark_rule(
        color="#e03131", strokeDash=[4, 3], size=2).encode(x="x:Q", tooltip=["label", "x"])
    chart = alt.layer(hist, rule).properties(width=WIDTH, height=220)
    return titled(chart, "GPT-4 training energy: the spread of our estimates",
                  "SemiAnalysis 2023 (GPUs, days), NVIDIA (A100 power), Uptime Institute and Google (PUE); this report")


def price_path(df: pd.DataFrame) -> alt.Chart:
    """Price per million tokens on a log axis: observed AI Index prices and the slide's end point."""
    chart = alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y")),
        y=alt.Y("usd_per_mtok:Q", scale=alt.Scale(type="log"), title="USD per million tokens (log)"),
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=["#1c3faa", "#e03131"])),
        strokeDash=alt.StrokeDash("series:N", title=None),  # one legend for colour and dash
        tooltip=["series", alt.Tooltip("date:T"), alt.Tooltip("usd_per_mtok:Q", format=".3f")],
    ).properties(width=WIDTH, height=260)
    return titled(chart, "Inference price at GPT-3.5 level (MMLU >= 64.8)",
                  "Stanford HAI, AI Index 2025, chapter 1; BOND, Trends - Artificial Intelligence, slide 137")


def interval_bars(df: pd.DataFrame, title: str, source: str, x_title: str, log: bool = False,
                  refs: pd.DataFrame | None = None) -> alt.LayerChart:
    """Median (tick) and 90 % interval (bar) per row of a views frame; optional reference lines."""
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    base = alt.Chart(df).encode(y=alt.Y("label:N", title=None, sort=None))
    tip = ["label", alt.Tooltip("median:Q", format=".3~s"), alt.Tooltip("low:Q", format=".3~s"),
           alt.Tooltip("high:Q", format=".3~s"), "unit"]
    bars = base.mark_rule(strokeWidth=8, opacity=0.5, color="#4c6ef5").encode(
        x=alt.X("low:Q", title=lines(x_title), scale=scale), x2="high:Q", tooltip=tip)
    ticks = base.mark_tick(color="#1c3faa", thickness=2, size=18).encode(x="median:Q", tooltip=tip)
    layers = [bars, ticks]
    if refs is not None and len(refs):
        layers.append(alt.Chart(refs).mark_rule(strokeDash=[4, 3], color="#e03131").encode(
            x="x:Q", tooltip=["label", alt.Tooltip("x:Q", format=".3~s")]))
    chart = alt.layer(*layers).properties(width=WIDTH, height=max(80, 34 * len(df)))
    return titled(chart, title, source)


def memory_bars(df: pd.DataFrame) -> alt.LayerChart:
    """Weight memory per model and precision against one GPU's memory."""
    bars = alt.Chart(df).mark_bar().encode(
        y=alt.Y("bits:N", title=None), x=alt.X("weights_gb:Q", title="memory for the weights (GB)"),
        color=alt.Color("model:N", title=None), yOffset="model:N",
        tooltip=["model", "bits", alt.Tooltip("weights_gb:Q", format=".0f")])
    gpu = alt.Chart(df.head(1)).mark_rule(color="#e03131", strokeDash=[4, 3], size=2).encode(
        x="gpu_gb:Q", tooltip=[alt.Tooltip("gpu_gb:Q", title="H100 memory (GB)")])
    chart = alt.layer(bars, gpu).properties(width=WIDTH, height=200)
    return titled(chart, "Weights alone against one H100's memory (red line)",
                  "NVIDIA H100 whitepaper (80 GB); QLoRA paper (4-bit weights); this report")


def gpu_counts(df: pd.DataFrame) -> alt.Chart:
    """GPU counts on a log axis, the paper's own in orange."""
    chart = alt.Chart(df).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort=None),
        x=alt.X("gpus:Q", scale=alt.Scale(type="log"), title="GPUs (log scale)"),
        color=alt.Color("who:N", title=None, scale=alt.Scale(domain=["paper", "source"],
                                                             range=["#f59f00", "#4c6ef5"])),
        tooltip=["label", alt.Tooltip("gpus:Q", format=",.0f")],
    ).properties(width=WIDTH, height=30 * len(df))
    return titled(chart, "Cluster sizes: the paper's figures and its sources'",
                  "Meta (Llama 3 blog, infrastructure post), Forschungszentrum Jülich, EuroHPC analysis; position paper")


def stated_ranges(df: pd.DataFrame, title: str, source: str) -> alt.LayerChart:
    """Stated percentages (ranges as bars, points as diamonds), coloured by verdict."""
    colour = alt.Color("verdict:N", scale=alt.Scale(domain=list(VERDICTS),
                                                    range=[VERDICT_COLOURS[v] for v in VERDICTS]))
    base = alt.Chart(df).encode(y=alt.Y("claim:N", title=None, sort=None),
                                tooltip=["claim", "topic", "low", "high", "verdict"])
    rng = base.mark_rule(strokeWidth=6).encode(x=alt.X("low:Q", title="percent as stated",
                                                       scale=alt.Scale(domain=[0, 100])),
                                               x2="high:Q", color=colour)
    pts = base.mark_point(shape="diamond", filled=True, size=70).encode(x="low:Q", color=colour)
    chart = alt.layer(rng, pts).properties(width=WIDTH, height=max(80, 16 * len(df)))
    return titled(chart, title, source)


def date_timeline(df: pd.DataFrame, doc_dates: pd.DataFrame) -> alt.LayerChart:
    """Stated dates (bars), source and cited-work dates (points) and the documents' own dates."""
    base = alt.Chart(df).encode(y=alt.Y("claim:N", title=None, sort=None),
                                tooltip=["claim", "what", "kind", "date", "verdict"])
    stated = base.transform_filter("datum.kind == 'stated'").mark_rule(
        strokeWidth=7, color="#f59f00", opacity=0.7).encode(x=alt.X("date:T", title=None), x2="date2:T")
    points = base.transform_filter("datum.kind != 'stated'").mark_point(filled=True, size=70).encode(
        x="date:T", shape=alt.Shape("kind:N", title=None), color=alt.value("#1c3faa"))
    docs = alt.Chart(doc_dates).mark_rule(color="#e03131", strokeDash=[4, 3], size=2).encode(
        x="date:T", tooltip=["document", "date"])
    chart = alt.layer(stated, points, docs).properties(width=WIDTH, height=max(100, 22 * df["claim"].nunique()))
    return titled(chart, "Stated dates (orange) against source dates; red lines: the documents' own dates",
                  "release notes, papers and regulations listed on the sources page; this report")


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
