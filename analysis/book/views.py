"""Data behind the family charts, computed with the same formulas and parameters as the claims.

Each view describes its quantities as check specs (formula + parameter references, no numbers)
and samples them through :func:`checks.quantity`, so a chart can never disagree with a verdict.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..checking.checks import quantity
from ..checking.report import Run
from ..text import explain
from ..text.local import topic
from ..text.catalogs import message, resolve
from ..text.say import say
from ..checking.uncertainty import summarize

THROUGHPUT_SPECS = {
    "Llama 3 8B": {"fn": "compute.achieved_tflops", "args": {
        "n_params": "param:llama3_8b_params", "tokens": "param:llama3_training_tokens",
        "flop_per_param_token": "param:flop_per_param_token", "gpu_hours": "param:llama3_8b_gpu_hours"}},
    "Llama 3 70B": {"fn": "compute.achieved_tflops", "args": {
        "n_params": "param:llama3_70b_params", "tokens": "param:llama3_training_tokens",
        "flop_per_param_token": "param:flop_per_param_token", "gpu_hours": "param:llama3_70b_gpu_hours"}},
}

HOUSEHOLD_PARAMS = {"Germany": "household_kwh_de", "EU average": "household_kwh_eu",
                    "United States": "household_kwh_us"}


def said(label: str) -> str:
    """A row label of a view in the edition's words (``view.<English label>`` in the catalog)."""
    return label if resolve() == "en" else message(f"view.{label}")


def _interval_row(label: str, spec: dict[str, Any], run: Run) -> dict[str, Any]:
    samples, unit = quantity(spec, run.ctx, label)
    iv = summarize(samples, unit)
    return {"label": said(label), "low": iv.low, "median": iv.central, "high": iv.high, "unit": unit}


def implied_throughput(run: Run) -> pd.DataFrame:
    """Sustained TFLOP/s per GPU and MFU implied by Meta's GPU-hours (C = 6 N D)."""
    df = pd.DataFrame([_interval_row(k, v, run) for k, v in THROUGHPUT_SPECS.items()])
    mfu = pd.DataFrame([_interval_row(k, {"fn": "compute.model_flops_utilisation", "args": {
        **v["args"], "peak_tflops": "param:h100_bf16_dense_tflops"}}, run)
        for k, v in THROUGHPUT_SPECS.items()])
    for col in ("low", "median", "high"):
        df[f"mfu_{col}"] = mfu[col]
    return df


def implied_household_kwh(run: Run, energy_claim: str = "A-ENE-01",
                          households_claim: str = "A-ENE-02") -> float:
    """Electricity per household and year that the article's own equivalence implies."""
    spec = {"fn": "energy.implied_household_kwh",
            "args": {"energy_mwh": f"claim:{energy_claim}", "households": f"claim:{households_claim}"}}
    return float(np.median(quantity(spec, run.ctx, "implied household")[0]))


def households(run: Run, energy_claim: str = "A-ENE-01") -> pd.DataFrame:
    """Household-years equal to the article's 65,000 MWh under three consumption levels."""
    rows = [_interval_row(region, {"fn": "energy.household_years", "args": {
        "energy_mwh": f"claim:{energy_claim}", "household_kwh_per_year": f"param:{name}"}}, run)
        for region, name in HOUSEHOLD_PARAMS.items()]
    return pd.DataFrame(rows)


def gpt4_energy_histogram(run: Run, bins: int = 40) -> pd.DataFrame:
    """Histogram of the Monte Carlo draws of GPT-4's training energy (bin edges and counts)."""
    spec = run.registry.claims["A-ENE-01"].checks["source"]
    samples, _ = quantity(spec, run.ctx, "gpt4 energy")
    counts, edges = np.histogram(np.asarray(samples), bins=bins)
    return pd.DataFrame({"from_mwh": edges[:-1], "to_mwh": edges[1:], "draws": counts})


def volume_by_bytes_per_token(run: Run, points: int = 41) -> pd.DataFrame:
    """Clean-text terabytes of Llama 3's tokens across the bytes-per-token range (others central)."""
    from ..checking.checks import quantity_at

    p = run.params["bytes_per_token"]
    spec = run.registry.claims["P-DAT-03"].checks["source"]
    grid = np.linspace(p.low * 0.8, p.high * 1.2, points)
    return pd.DataFrame({"bytes_per_token": grid,
                         "terabytes": [quantity_at(spec, run.ctx, {"param:bytes_per_token": float(b)})
                                       for b in grid]})


def price_path(run: Run) -> pd.DataFrame:
    """The AI Index's two observed prices and the slide's claimed end point (log-linear path)."""
    start = run.params["ai_index_gpt35_price_nov2022"].value
    end = run.params["ai_index_gpt35_price_oct2024"].value
    claimed = run.registry.claims["P-PRC-01"].stated["value"]
    from ..models.prices import price_after_decline

    slide = say("view.slide", claimed=claimed)
    observed = said("AI Index 2025 (observed)")
    return pd.DataFrame([
        {"date": "2022-11-01", "usd_per_mtok": start, "series": observed},
        {"date": "2024-10-01", "usd_per_mtok": end, "series": observed},
        {"date": "2022-11-01", "usd_per_mtok": start, "series": slide},
        {"date": "2024-12-01", "usd_per_mtok": float(price_after_decline(start, claimed)),
         "series": slide},
    ])


def price_summary(run: Run) -> pd.DataFrame:
    """Total decline, fold decrease and yearly fold decrease of the AI Index prices."""
    args = {"price_start": "param:ai_index_gpt35_price_nov2022",
            "price_end": "param:ai_index_gpt35_price_oct2024"}
    specs = {
        "decline over the period": {"fn": "prices.price_decline_percent", "args": args},
        "fold decrease over the period": {"fn": "prices.price_fold_decrease", "args": args},
        "fold decrease per year": {"fn": "prices.annual_fold_decrease",
                                   "args": {**args, "days": "param:price_period_days"}},
    }
    return pd.DataFrame([_interval_row(k, v, run) for k, v in specs.items()])


FINETUNE_MODELS = {"Llama 3 8B": "param:llama3_8b_params", "Llama 3 70B": "param:llama3_70b_params"}


def finetune_times(run: Run, claim_id: str = "P-FT-01") -> pd.DataFrame:
    """Hours to fine-tune each model on the paper's 100,000 examples on one H100."""
    base = dict(run.registry.claims[claim_id].checks["source"]["args"])
    return pd.DataFrame([_interval_row(label, {"fn": "finetune.finetune_hours",
                                               "args": {**base, "n_params": ref}}, run)
                         for label, ref in FINETUNE_MODELS.items()])


def finetune_memory(run: Run, bits: tuple[int, ...] = (4, 8, 16)) -> pd.DataFrame:
    """Weight memory of each model at several precisions, against one H100's memory."""
    from ..models.finetune import weights_memory_gb

    gpu = run.params["h100_sxm_memory_gb"].value
    rows = []
    for label, ref in FINETUNE_MODELS.items():
        n = run.ctx.central(ref)
        for b in bits:
            rows.append({"model": label, "bits": say("view.bits", n=b), "weights_gb": float(weights_memory_gb(n, b)),
                         "gpu_gb": gpu})
    return pd.DataFrame(rows)


def robot_vs_llm(run: Run) -> pd.DataFrame:
    """GPU-hours of LLM runs, of the paper's robot estimate and of a published-cost robot run."""
    specs = {
        "Llama 3 8B (model card)": {"ref": "param:llama3_8b_gpu_hours"},
        "Llama 3 70B (model card)": {"ref": "param:llama3_70b_gpu_hours"},
        "Atlas, paper's estimate (512 GPUs x 2-4 days)": {"fn": "finetune.gpu_hours", "args": {
            "n_gpus": "param:robot_cluster_gpus", "hours": "claim:P-ROB-07"}},
        "Atlas at published cost per episode": {"fn": "robotics.reference_gpu_hours", "args": {
            "ref_gpu_minutes": "param:rudin_rough_terrain_train_minutes",
            "ref_episodes": "param:locomotion_ref_episodes", "episodes": "claim:P-ROB-05"}},
    }
    return pd.DataFrame([_interval_row(k, v, run) for k, v in specs.items()])


CLUSTER_REFS = {
    "paper: minimum cluster (section 1)": "claim:P-CMP-02",
    "paper: minimum cluster (section 3)": "claim:P-INF-01",
    "paper: JUPITER": "claim:P-INF-02",
    "JUPITER (4 GH200 x ~6,000 nodes)": None,
    "Meta: GPUs used at once for Llama 3": "param:llama3_blog_concurrent_gpus",
    "Meta: one training cluster": "param:meta_cluster_gpus_each",
    "EuroHPC main systems (estimate)": "param:px_eurohpc_total_accelerators_est",
    "Meta: H100 target for end-2024": "param:meta_h100_target_end_2024",
}


def cluster_sizes(run: Run) -> pd.DataFrame:
    """GPU counts named by the paper and by its sources."""
    rows = []
    for label, ref in CLUSTER_REFS.items():
        if ref is None:
            spec = run.registry.claims["P-INF-02"].checks["source"]
            value = float(np.median(quantity(spec, run.ctx, label)[0]))
        else:
            value = run.ctx.central(ref)
        rows.append({"label": said(label), "gpus": value, "who": "paper" if label.startswith("paper") else "source"})
    return pd.DataFrame(rows)


def stated_percentages(run: Run, family: str) -> pd.DataFrame:
    """Every claim of a family stated in percent: its stated range and verdict."""
    rows = []
    for r in run.family(family):
        st = r.claim.stated
        if st.get("unit") != "percent" or not ("value" in st or "low" in st):
            continue
        lo, hi = (st["value"], st["value"]) if "value" in st else (st["low"], st["high"])
        rows.append({"claim": r.claim.id, "topic": topic(run.registry, r.claim), "low": float(lo), "high": float(hi),
                     "verdict": r.verdict})
    return pd.DataFrame(rows)


def date_checks(run: Run, prefix: str = "") -> pd.DataFrame:
    """Dates the documents state or rely on, against the dates of the sources (of the claims
    whose id starts with ``prefix``: "P-" for the position paper's)."""
    from ..checking.checks import date_range

    rows = []
    dated = run.where(lambda r: r.claim.id.startswith(prefix) and any(
        k in c.spec for c in r.checks.values() for k in ("date_figure", "date", "precedes_document")))
    for r in dated:
        for kind, chk in r.checks.items():
            spec = chk.spec
            if "date_figure" in spec or "date" in spec:
                fig = run.registry.dates.get(spec.get("date_figure", ""))
                ref = str(fig.value) if fig else run.registry.sources[spec["date"]].published
                rows.append({"claim": r.claim.id, "what": topic(run.registry, r.claim), "kind": said("source date"),
                             "date": date_range(ref)[0].isoformat(), "verdict": r.verdict})
                rows.append({"claim": r.claim.id, "what": topic(run.registry, r.claim), "kind": said("stated"),
                             "date": date_range(str(r.claim.stated["date_low"]))[0].isoformat(),
                             "date2": date_range(str(r.claim.stated["date_high"]))[1].isoformat(),
                             "verdict": r.verdict})
            if "precedes_document" in spec:
                for sid in spec["precedes_document"]:
                    pub = run.registry.sources[sid].published
                    if pub:
                        rows.append({"claim": r.claim.id, "what": run.registry.sources[sid].title[:60],
                                     "kind": said("cited work"), "date": date_range(pub)[0].isoformat(),
                                     "verdict": r.verdict})
    return pd.DataFrame(rows)


def citation_rows(run: Run) -> list[dict[str, Any]]:
    """Every claim that audits a citation: address check, date check and support."""
    rows = []
    audited = run.where(lambda r: r.claim.family in ("citations", "prices") and any(
        "url" in c.spec or "precedes_document" in c.spec for c in r.checks.values()))
    for r in audited:
        addr = next((c for c in r.checks.values() if "url" in c.spec), None)
        when = next((c for c in r.checks.values() if "precedes_document" in c.spec), None)
        rows.append({"claim": r.claim.id, "citation": r.claim.quote,
                     "attached to": r.claim.english if resolve() == "en" else topic(run.registry, r.claim),
                     "address": ((addr.status, explain.check_sentence(r.claim, addr, run.registry)) if addr
                                 else ("n/a", say("address.none"))),
                     "dates": ((when.status, explain.check_sentence(r.claim, when, run.registry)) if when
                               else ("n/a", say("date.none"))),
                     "support": r.checks["source"].evidence or r.checks["source"].status,
                     "support_note": explain.note(r, "source", run.registry), "verdict": r.verdict})
    return rows


def finetune_refs(run: Run, claim_id: str = "P-FT-01") -> pd.DataFrame:
    """The reference line of the fine-tuning chart: the top of the paper's "a few hours"."""
    return pd.DataFrame({"x": [run.registry.claims[claim_id].stated["high"]], "label": [say("view.few_hours")]})


def nearest_household(run: Run, kwh: float) -> tuple[str, float]:
    """The region whose central household consumption is nearest ``kwh`` (on a log scale)."""
    import math

    region = min(HOUSEHOLD_PARAMS, key=lambda r: abs(math.log(kwh / run.params[HOUSEHOLD_PARAMS[r]].value)))
    return region, run.params[HOUSEHOLD_PARAMS[region]].value
