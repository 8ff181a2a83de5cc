"""Training-data volume: tokens to bytes, and clean data to raw data."""

from __future__ import annotations

import numpy as np

from .formulas import Number, formula
from .units import BYTES_PER_TB


@formula(unit="TB")
def tokens_to_terabytes(tokens: Number, bytes_per_token: Number) -> Number:
    """Text volume: V = D * b / 1e12, with b the UTF-8 bytes per token of the tokenizer."""
    return np.asarray(tokens, dtype=float) * bytes_per_token / BYTES_PER_TB


@formula(unit="TB")
def raw_terabytes(tokens: Number, bytes_per_token: Number, raw_to_clean: Number) -> Number:
    """Raw data to collect: V_raw = V_clean * f, f = raw volume per unit of kept volume."""
    return tokens_to_terabytes(tokens, bytes_per_token) * raw_to_clean


@formula(unit="x")
def raw_to_clean_factor(kept_fraction: Number) -> Number:
    """Raw-to-clean factor from the fraction of raw data a filtering pipeline keeps: f = 1 / k."""
    return 1.0 / np.asarray(kept_fraction, dtype=float)


@formula(unit="TB")
def raw_terabytes_from_kept(tokens: Number, bytes_per_token: Number, kept_fraction: Number) -> Number:
    """Raw data to collect when filtering keeps a share k of it: V_raw = V_clean / k."""
    return tokens_to_terabytes(tokens, bytes_per_token) * raw_to_clean_factor(kept_fraction)
