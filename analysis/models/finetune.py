"""Fine-tuning and RL adaptation: time and memory on a few GPUs.

Compute per trained token for parameter-efficient fine-tuning (LoRA/QLoRA): the frozen weights
still take part in the forward pass (2N FLOP) and in back-propagating activation gradients (2N),
but need no weight gradients, so k is about 4 instead of 6 (Kaplan et al. 2020, section 2.1);
activation re-computation adds another forward pass (k ~ 6).
"""

from __future__ import annotations

import numpy as np

from .formulas import Number, formula
from .units import SECONDS_PER_HOUR, TERA

BITS_PER_BYTE = 8.0
BYTES_PER_GB = 1e9


@formula(unit="hour")
def finetune_hours(n_params: Number, n_examples: Number, tokens_per_example: Number,
                   epochs: Number, flop_per_param_token: Number, mfu: Number,
                   peak_tflops: Number, n_gpus: Number) -> Number:
    """Wall-clock hours: t = k * N * (examples * tokens * epochs) / (n * MFU * peak) / 3600."""
    flop = (np.asarray(flop_per_param_token, dtype=float) * n_params * n_examples
            * tokens_per_example * epochs)
    return flop / (np.asarray(n_gpus) * mfu * peak_tflops * TERA) / SECONDS_PER_HOUR


@formula(unit="GPU-hour")
def finetune_gpu_hours(n_params: Number, n_examples: Number, tokens_per_example: Number,
                       epochs: Number, flop_per_param_token: Number, mfu: Number,
                       peak_tflops: Number) -> Number:
    """Accelerator time, independent of the GPU count: k * N * tokens / (MFU * peak) / 3600."""
    return finetune_hours(n_params, n_examples, tokens_per_example, epochs, flop_per_param_token,
                          mfu, peak_tflops, 1.0)


@formula(unit="hour")
def scale_by_model_size(hours: Number, n_params_from: Number, n_params_to: Number) -> Number:
    """Same data and hardware, another model size: compute (and time) scale with N: t * N2 / N1."""
    return np.asarray(hours, dtype=float) * n_params_to / n_params_from


@formula(unit="x")
def gpu_hours_ratio(n_gpus_a: Number, hours_a: Number, gpu_hours_b: Number) -> Number:
    """How many times the accelerator time of B a run of n GPUs for t hours takes: n * t / H_b."""
    return gpu_hours(n_gpus_a, hours_a) / np.asarray(gpu_hours_b)


@formula(unit="GB")
def weights_memory_gb(n_params: Number, bits_per_param: Number) -> Number:
    """Memory for the frozen weights alone: M = N * bits / 8 / 1e9 (GB)."""
    return np.asarray(n_params, dtype=float) * bits_per_param / BITS_PER_BYTE / BYTES_PER_GB


@formula(unit="x")
def memory_fill(n_params: Number, bits_per_param: Number, overhead_gb: Number,
                gpu_memory_gb: Number) -> Number:
    """Share of one GPU's memory needed (> 1 means it does not fit): (M_w + M_o) / M_gpu."""
    return (weights_memory_gb(n_params, bits_per_param) + overhead_gb) / np.asarray(gpu_memory_gb)


@formula(unit="GPU-hour")
def gpu_hours(n_gpus: Number, hours: Number) -> Number:
    """Accelerator time: H = n * t."""
    return np.asarray(n_gpus, dtype=float) * hours
