"""Training compute: GPU-hours, wall-clock days, FLOPs and utilisation.

Conventions: model size ``n_params`` in parameters, data ``tokens`` in tokens, throughput in
TFLOP/s per GPU, time in GPU-hours. The training-FLOP rule C = k * N * D with k = 6 (2 for the
forward pass, 4 for the backward pass) is from Kaplan et al. 2020, "Scaling Laws for Neural
Language Models", section 2.1; ``flop_per_param_token`` lets the caller raise k for attention.
"""

from __future__ import annotations

import numpy as np

from .formulas import Number, formula
from .units import HOURS_PER_DAY, SECONDS_PER_HOUR, TERA


@formula(unit="day")
def days_on_cluster(gpu_hours: Number, n_gpus: Number) -> Number:
    """Wall-clock days if the work is spread over a cluster: t = H / (n * 24)."""
    return np.asarray(gpu_hours, dtype=float) / (np.asarray(n_gpus) * HOURS_PER_DAY)


@formula(unit="FLOP")
def training_flop(n_params: Number, tokens: Number, flop_per_param_token: Number) -> Number:
    """Training compute: C = k * N * D (Kaplan et al. 2020, k = 6 for dense transformers)."""
    return np.asarray(flop_per_param_token, dtype=float) * n_params * tokens


@formula(unit="TFLOP/s")
def achieved_tflops(n_params: Number, tokens: Number, flop_per_param_token: Number,
                    gpu_hours: Number) -> Number:
    """Sustained throughput per GPU implied by reported GPU-hours: C / (H * 3600) / 1e12."""
    flop = training_flop(n_params, tokens, flop_per_param_token)
    return flop / (np.asarray(gpu_hours) * SECONDS_PER_HOUR) / TERA


@formula(unit="ratio")
def model_flops_utilisation(n_params: Number, tokens: Number, flop_per_param_token: Number,
                            gpu_hours: Number, peak_tflops: Number) -> Number:
    """MFU = achieved throughput / peak throughput (Chowdhery et al. 2022, PaLM, appendix B)."""
    return achieved_tflops(n_params, tokens, flop_per_param_token, gpu_hours) / peak_tflops


@formula(unit="GPU-hour")
def gpu_hours_needed(n_params: Number, tokens: Number, flop_per_param_token: Number,
                     mfu: Number, peak_tflops: Number) -> Number:
    """GPU-hours to train at a given utilisation: H = C / (MFU * peak * 1e12 * 3600)."""
    flop = training_flop(n_params, tokens, flop_per_param_token)
    return flop / (np.asarray(mfu) * peak_tflops * TERA * SECONDS_PER_HOUR)


@formula(unit="day")
def days_at_peak(n_params: Number, tokens: Number, flop_per_param_token: Number,
                 peak_tflops: Number, n_gpus: Number) -> Number:
    """Physical lower bound on wall-clock days: every GPU at 100 % of peak, C / (n * peak)."""
    hours = gpu_hours_needed(n_params, tokens, flop_per_param_token, 1.0, peak_tflops)
    return days_on_cluster(hours, n_gpus)
