"""Every registered formula: hand-computed values and properties."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.models import arith, compute, data_volume, efficiency, energy, finetune, prices, robotics
from analysis.models.formulas import FORMULAS

pos = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)


def test_every_formula_is_documented_and_has_a_unit():
    for f in FORMULAS.values():
        assert f.doc and f.unit, f.name


# --- compute -------------------------------------------------------------------------
def test_days_on_cluster_by_hand():
    assert compute.days_on_cluster(1.3e6, 5000) == pytest.approx(10.8333, rel=1e-4)
    assert compute.days_on_cluster(7.7e6, 5000) == pytest.approx(64.1667, rel=1e-4)


def test_training_flop_by_hand():
    assert compute.training_flop(8e9, 15e12, 6) == pytest.approx(7.2e23)


def test_achieved_tflops_and_mfu_by_hand():
    # 7.2e23 FLOP over 1.3e6 h * 3600 s = 1.538e14 FLOP/s = 153.8 TFLOP/s
    assert compute.achieved_tflops(8e9, 15e12, 6, 1.3e6) == pytest.approx(153.85, rel=1e-3)
    assert compute.model_flops_utilisation(8e9, 15e12, 6, 1.3e6, 989.4) == pytest.approx(0.1555, rel=1e-3)


def test_days_at_peak_by_hand():
    # 7.2e23 / (5000 * 989.4e12) s = 145,543 s = 1.684 days
    assert compute.days_at_peak(8e9, 15e12, 6, 989.4, 5000) == pytest.approx(1.6845, rel=1e-3)


@settings(max_examples=60, deadline=None)
@given(n=pos, d=pos, mfu=st.floats(0.01, 1.0), peak=st.floats(10, 5000))
def test_gpu_hours_and_mfu_are_inverse(n, d, mfu, peak):
    hours = compute.gpu_hours_needed(n, d, 6.0, mfu, peak)
    assert compute.model_flops_utilisation(n, d, 6.0, hours, peak) == pytest.approx(mfu, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(h=pos, g=st.floats(1, 1e6))
def test_days_scale_inversely_with_cluster_size(h, g):
    assert compute.days_on_cluster(h, 2 * g) == pytest.approx(compute.days_on_cluster(h, g) / 2)


# --- data volume ---------------------------------------------------------------------
def test_tokens_to_terabytes_by_hand():
    assert data_volume.tokens_to_terabytes(15e12, 4.0) == pytest.approx(60.0)
    assert data_volume.raw_terabytes(15e12, 4.0, 10) == pytest.approx(600.0)
    assert data_volume.raw_to_clean_factor(0.1) == pytest.approx(10.0)
    assert data_volume.raw_terabytes_from_kept(15e12, 4.0, 0.1) == pytest.approx(600.0)


@settings(max_examples=60, deadline=None)
@given(d=pos, b=st.floats(0.5, 16), k=st.floats(0.001, 1.0))
def test_raw_volume_is_at_least_clean_volume(d, b, k):
    assert data_volume.raw_terabytes_from_kept(d, b, k) >= data_volume.tokens_to_terabytes(d, b) * (1 - 1e-12)


# --- energy --------------------------------------------------------------------------
def test_cluster_energy_by_hand():
    # 25,000 GPUs * 95 d * 24 h * 400 W * 1.5 * 1.2 = 41,040 MWh
    assert energy.cluster_energy_mwh(25000, 95, 400, 1.5, 1.2) == pytest.approx(41040.0)
    assert energy.cluster_energy_ratio(25000, 95, 400, 1.5, 1.2, 1287) == pytest.approx(41040 / 1287)


def test_household_equivalence_by_hand():
    assert energy.household_years(65000, 10000) == pytest.approx(6500.0)
    assert energy.implied_household_kwh(65000, 6500) == pytest.approx(10000.0)
    assert energy.consumption_ratio(110, 310) == pytest.approx(0.3548, rel=1e-3)


@settings(max_examples=60, deadline=None)
@given(e=pos, c=st.floats(100, 50000))
def test_households_and_implied_consumption_are_inverse(e, c):
    n = energy.household_years(e, c)
    assert energy.implied_household_kwh(e, n) == pytest.approx(c, rel=1e-9)


# --- prices --------------------------------------------------------------------------
def test_price_decline_by_hand():
    assert prices.price_decline_percent(20, 0.07) == pytest.approx(99.65)
    assert prices.price_fold_decrease(20, 0.07) == pytest.approx(285.714, rel=1e-5)
    assert prices.annual_fold_decrease(20, 0.05, 365.25) == pytest.approx(400.0)
    assert prices.price_after_decline(20, 99.7) == pytest.approx(0.06)


@settings(max_examples=60, deadline=None)
@given(p0=pos, f=st.floats(0.0, 1.0))
def test_decline_round_trip(p0, f):
    p1 = p0 * f
    assert float(prices.price_after_decline(p0, prices.price_decline_percent(p0, p1))) == pytest.approx(p1, abs=1e-9 * p0)


# --- arithmetic ----------------------------------------------------------------------
def test_arith_by_hand():
    assert arith.ratio(65000, 1300) == pytest.approx(50.0)
    assert arith.percent_reduction(187, 118) == pytest.approx(36.898, rel=1e-4)
    assert arith.scaled(1300, 50) == pytest.approx(65000.0)


@settings(max_examples=60, deadline=None)
@given(before=pos, share=st.floats(0.0, 1.0))
def test_percent_reduction_is_bounded(before, share):
    assert 0.0 <= float(arith.percent_reduction(before, before * share)) <= 100.0 + 1e-9


# --- fine-tuning ---------------------------------------------------------------------
def test_finetune_by_hand():
    # 4 * 8e9 * (1e5 * 500 * 1) / (1 * 0.4 * 989.4e12) / 3600 = 1.123 h
    assert finetune.finetune_hours(8e9, 1e5, 500, 1, 4, 0.4, 989.4, 1) == pytest.approx(1.1231, rel=1e-3)
    assert finetune.weights_memory_gb(70e9, 16) == pytest.approx(140.0)
    assert finetune.weights_memory_gb(70e9, 4) == pytest.approx(35.0)
    assert finetune.memory_fill(70e9, 4, 10, 80) == pytest.approx(45 / 80)
    assert finetune.gpu_hours(8, 27) == pytest.approx(216.0)
    assert finetune.finetune_gpu_hours(8e9, 1e5, 500, 1, 4, 0.4, 989.4) == pytest.approx(1.1231, rel=1e-3)
    assert finetune.scale_by_model_size(2, 8e9, 70e9) == pytest.approx(17.5)
    assert finetune.gpu_hours_ratio(8, 27, 4) == pytest.approx(54.0)


@settings(max_examples=60, deadline=None)
@given(n=st.floats(1e8, 1e12), bits=st.floats(1, 32))
def test_weight_memory_is_linear_in_bits(n, bits):
    assert finetune.weights_memory_gb(n, 2 * bits) == pytest.approx(2 * finetune.weights_memory_gb(n, bits))


# --- robotics ------------------------------------------------------------------------
def test_simulation_hours_by_hand():
    # 1e6 episodes * 1000 steps / (1e5 steps/s * 512 GPUs) = 19.53 s
    assert robotics.simulation_hours(1e6, 1000, 1e5, 512) == pytest.approx(19.53125 / 3600)
    assert robotics.scaled_hours(2, 1e6, 150e6) == pytest.approx(300.0)
    assert robotics.llm_to_robot_compute_ratio(1.3e6, 512, 96) == pytest.approx(1.3e6 / (512 * 96))
    # 20 GPU-minutes for 147k episodes -> 150M episodes: 20/60 * 150e6/147e3 = 340.1 GPU-hours
    assert robotics.reference_gpu_hours(20, 147e3, 150e6) == pytest.approx(340.136, rel=1e-5)
    assert robotics.reference_hours_on_cluster(20, 147e3, 150e6, 512) == pytest.approx(340.136 / 512, rel=1e-5)
    assert robotics.with_overhead(20, 18, 2) == pytest.approx(180.0)
    # 1e6 episodes * 1000 steps in 2 h on 512 GPUs = 271.3 steps/s per GPU; / 2e5 typical
    assert robotics.throughput_ratio(1e6, 1000, 2, 512, 2e5) == pytest.approx(271.267 / 2e5, rel=1e-4)
    assert robotics.llm_to_reference_robot_ratio(1.3e6, 20, 147e3, 150e6) == pytest.approx(1.3e6 / 340.136, rel=1e-5)


# --- efficiency ----------------------------------------------------------------------
def test_efficiency_bounds_by_hand():
    assert efficiency.sparsity_speedup_bound(50) == pytest.approx(2.0)
    assert efficiency.low_rank_values(1000, 1000, 1) == pytest.approx(2000.0)
    assert efficiency.matrix_values(1000, 1000) == pytest.approx(1e6)
    assert efficiency.amdahl_saving_percent(0.5, 40) == pytest.approx(20.0)


@settings(max_examples=60, deadline=None)
@given(s=st.floats(0.0, 99.0))
def test_sparsity_speedup_is_at_least_one_and_increasing(s):
    assert efficiency.sparsity_speedup_bound(s) >= 1.0
    assert efficiency.sparsity_speedup_bound(s + 0.5) > efficiency.sparsity_speedup_bound(s)


@settings(max_examples=60, deadline=None)
@given(m=st.integers(1, 5000), n=st.integers(1, 5000))
def test_rank_one_is_the_smallest_factorisation(m, n):
    assert efficiency.low_rank_values(m, n, 1) == m + n
    assert efficiency.low_rank_values(m, n, 2) > efficiency.low_rank_values(m, n, 1)


def test_formulas_are_vectorised():
    x = np.array([1.0e6, 2.0e6])
    out = compute.days_on_cluster(x, 5000)
    assert out.shape == (2,) and math.isclose(out[1], 2 * out[0])


def test_retained_and_energy_factor_by_hand():
    assert efficiency.retained_percent(77.7, 0.6) == pytest.approx(99.234, rel=1e-4)
    assert efficiency.energy_factor_for_share(50) == pytest.approx(2.0)
