"""The sampler: intervals match closed forms, seeding is reproducible."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.checking.data import Parameter
from analysis.checking.uncertainty import Z90, sample, sample_range, split_lognormal_sigmas, summarize, uniform_support

N = 200_000


def param(value, low, high, dist="lognormal", name="x"):
    return Parameter(name=name, value=value, unit="u", low=low, high=high, dist=dist, source=None,
                     basis="test")


@pytest.mark.parametrize("value,low,high", [(10.0, 5.0, 20.0), (3084.0, 2751.0, 3600.0), (1.0, 1.0, 4.0)])
def test_split_lognormal_has_the_stated_percentiles(value, low, high):
    iv = summarize(sample(param(value, low, high), N, seed=1), "u")
    assert iv.central == pytest.approx(value, rel=0.01)
    assert iv.low == pytest.approx(low, rel=0.01)
    assert iv.high == pytest.approx(high, rel=0.01)


def test_product_of_lognormals_matches_closed_form():
    """X*Y/Z for symmetric lognormals is lognormal with sigma = sqrt(sum of sigma^2)."""
    specs = [(10.0, 5.0, 20.0), (3.0, 2.0, 4.5), (7.0, 5.0, 9.8)]
    x, y, z = (sample(param(v, lo, hi, name=f"p{i}"), N, seed=7) for i, (v, lo, hi) in enumerate(specs))
    iv = summarize(x * y / z, "u")
    sigma = math.sqrt(sum((math.log(hi / lo) / (2 * Z90)) ** 2 for _, lo, hi in specs))
    median = 10.0 * 3.0 / 7.0
    assert iv.central == pytest.approx(median, rel=0.01)
    assert iv.low == pytest.approx(median * math.exp(-Z90 * sigma), rel=0.015)
    assert iv.high == pytest.approx(median * math.exp(Z90 * sigma), rel=0.015)


def test_uniform_has_the_stated_90_percent_interval():
    p = param(5.0, 4.0, 6.0, dist="uniform")
    lo, hi = uniform_support(p)
    assert (lo, hi) == pytest.approx((4.0 - 1 / 9, 6.0 + 1 / 9))
    iv = summarize(sample(p, N, seed=3), "u")
    assert (iv.low, iv.high) == pytest.approx((4.0, 6.0), rel=0.005)


def test_uniform_support_is_clipped_to_the_allowed_range():
    p = dataclasses.replace(param(0.5, 0.0, 1.0, dist="uniform"), allowed=(0.0, 1.0))
    s = sample(p, N, seed=3)
    assert s.min() >= 0.0 and s.max() <= 1.0


def test_fixed_and_point_ranges_do_not_vary():
    assert np.all(sample(param(2.0, 2.0, 2.0, dist="fixed"), 10, seed=1) == 2.0)
    assert np.all(sample_range("k", 3.0, 3.0, 10, seed=1) == 3.0)


def test_same_seed_same_draws_and_names_are_independent():
    p, q = param(10.0, 5.0, 20.0, name="a"), param(10.0, 5.0, 20.0, name="b")
    assert np.array_equal(sample(p, 1000, seed=42), sample(p, 1000, seed=42))
    assert not np.array_equal(sample(p, 1000, seed=42), sample(q, 1000, seed=42))
    assert not np.array_equal(sample(p, 1000, seed=42), sample(p, 1000, seed=43))


@settings(max_examples=50, deadline=None)
@given(value=st.floats(0.1, 1e6), lo_f=st.floats(0.2, 1.0), hi_f=st.floats(1.0, 5.0))
def test_split_sigmas_are_non_negative_and_reproduce_bounds(value, lo_f, hi_f):
    s_low, s_high = split_lognormal_sigmas(value, value * lo_f, value * hi_f)
    assert s_low >= 0 and s_high >= 0
    assert value * math.exp(-Z90 * s_low) == pytest.approx(value * lo_f, rel=1e-9)
    assert value * math.exp(Z90 * s_high) == pytest.approx(value * hi_f, rel=1e-9)
