"""Data behind the family charts, computed with the same formulas and parameters as the claims.

Each view describes its quantities as check specs (formula + parameter references, no numbers)
and samples them through :func:`checks.quantity`, so a chart can never disagree with a verdict.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .checks import quantity
from .report import Run
from .uncertainty import summarize

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


def _interval_row(label: str, spec: dict[str, Any], run: Run) -> dict[str, Any]:
    samples, unit = quantity(spec, run.ctx, label)
    iv = summarize(samples, unit)
    return {"label": label, "low": iv.low, "median": iv.central, "high": iv.high, "unit": unit}


def implied_throughput(run: Run) -> pd.DataFrame:
    """Sustained TFLOP/s per GPU and MFU implied by Meta's GPU-hours (C = 6 N D)."""
    peak = run.params["h100_bf16_dense_tflops"].value
    rows = [_interval_row(k, v, run) for k, v in THROUGHPUT_SPECS.items()]
    df = pd.DataFrame(rows)
    for col in ("low", "median", "high"):
        df[f"mfu_{col}"] = df[col] / peak
    return df


def households(run: Run, energy_claim: str = "A-ENE-01") -> pd.DataFrame:
    """Household-years equal to the article's 65,000 MWh under three consumption levels."""
    rows = [_interval_row(region, {"fn": "energy.household_years", "args": {
        "energy_mwh": f"claim:{energy_claim}", "household_kwh_per_year": f"param:{name}"}}, run)
        for region, name in HOUSEHOLD_PARAMS.items()]
    return pd.DataFrame(rows)


def gpt4_energy_samples(run: Run) -> pd.DataFrame:
    """Monte Carlo draws of GPT-4's training energy (for a histogram)."""
    spec = run.registry.claims["A-ENE-01"].checks["source"]
    samples, _ = quantity(spec, run.ctx, "gpt4 energy")
    return pd.DataFrame({"energy_mwh": np.asarray(samples)})


def volume_by_bytes_per_token(run: Run, points: int = 41) -> pd.DataFrame:
    """Clean-text terabytes of Llama 3's tokens across the bytes-per-token range (others central)."""
    from .checks import quantity_at

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
    from .prices import price_after_decline

    slide = f"slide: {claimed:g} % lower by 12/24"
    return pd.DataFrame([
        {"date": "2022-11-01", "usd_per_mtok": start, "series": "AI Index 2025 (observed)"},
        {"date": "2024-10-01", "usd_per_mtok": end, "series": "AI Index 2025 (observed)"},
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
