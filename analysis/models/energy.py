"""Training energy and its comparison with household electricity use."""

from __future__ import annotations

import numpy as np

from .formulas import Number, formula
from .units import HOURS_PER_DAY, KWH_PER_MWH, WH_PER_MWH


@formula(unit="MWh")
def cluster_energy_mwh(n_gpus: Number, days: Number, gpu_power_w: Number,
                       server_overhead: Number, pue: Number) -> Number:
    """Facility energy of a training run: E = n * t * 24 * P_gpu * s * PUE / 1e6 (MWh).

    ``gpu_power_w`` is the average accelerator draw in watts, ``server_overhead`` multiplies it for CPUs,
    memory, networking and storage in the same servers, and the PUE (power usage effectiveness,
    ISO/IEC 30134-2) adds cooling and power conversion of the building.
    """
    wh = (np.asarray(n_gpus, dtype=float) * days * HOURS_PER_DAY * gpu_power_w
          * server_overhead * pue)
    return wh / WH_PER_MWH


@formula(unit="x")
def cluster_energy_ratio(n_gpus: Number, days: Number, gpu_power_w: Number,
                         server_overhead: Number, pue: Number, reference_mwh: Number) -> Number:
    """How many times a reference run's energy a cluster run takes: E / E_ref."""
    return cluster_energy_mwh(n_gpus, days, gpu_power_w, server_overhead, pue) / reference_mwh


@formula(unit="household-year")
def household_years(energy_mwh: Number, household_kwh_per_year: Number) -> Number:
    """How many households' annual electricity equals E: n = E * 1000 / c."""
    return np.asarray(energy_mwh, dtype=float) * KWH_PER_MWH / household_kwh_per_year


@formula(unit="kWh/yr")
def implied_household_kwh(energy_mwh: Number, households: Number) -> Number:
    """Annual consumption per household that a stated equivalence implies: c = E * 1000 / n."""
    return np.asarray(energy_mwh, dtype=float) * KWH_PER_MWH / households


@formula(unit="x")
def consumption_ratio(consumer_twh: Number, reference_twh: Number) -> Number:
    """How many times the reference's annual consumption a consumer uses: r = a / b."""
    return np.asarray(consumer_twh, dtype=float) / reference_twh

