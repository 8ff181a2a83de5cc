"""Efficiency techniques: what sparsity, pruning and low-rank factorisation can save at most."""

from __future__ import annotations

import numpy as np

from .formulas import Number, formula
from .units import PERCENT


@formula(unit="x")
def sparsity_speedup_bound(sparsity_percent: Number) -> Number:
    """Most a fraction s of zero weights can speed up the affected matrix products: 1 / (1 - s).

    Skipping zeros removes at most the share s of the multiply-adds; nothing else gets faster.
    """
    return 1.0 / (1.0 - np.asarray(sparsity_percent, dtype=float) / PERCENT)


@formula(unit="percent")
def amdahl_saving_percent(affected_share: Number, saving_on_affected_percent: Number) -> Number:
    """Whole-run saving when a saving applies to part of the work (Amdahl): S = f * s."""
    return np.asarray(affected_share, dtype=float) * saving_on_affected_percent


@formula(unit="count")
def low_rank_values(rows: Number, cols: Number, rank: Number) -> Number:
    """Numbers stored by a rank-r factorisation A ~ U V^T of an m x n matrix: r * (m + n)."""
    return np.asarray(rank, dtype=float) * (np.asarray(rows) + cols)


@formula(unit="count")
def matrix_values(rows: Number, cols: Number) -> Number:
    """Numbers in a dense m x n matrix: m * n."""
    return np.asarray(rows, dtype=float) * cols


@formula(unit="percent")
def retained_percent(score: Number, gap_to_original: Number) -> Number:
    """Share of the original model's score kept: s / (s + gap) * 100."""
    return np.asarray(score, dtype=float) / (np.asarray(score) + gap_to_original) * PERCENT


@formula(unit="x")
def energy_factor_for_share(share_percent: Number) -> Number:
    """If a share p of the energy buys the last step, the run costs 1 / (1 - p) of the run without it."""
    return 1.0 / (1.0 - np.asarray(share_percent, dtype=float) / PERCENT)


@formula(unit="percent")
def remaining_percent(share_percent: Number) -> Number:
    """What is left of a whole after one share is taken: r = 100 - p."""
    return PERCENT - np.asarray(share_percent, dtype=float)
