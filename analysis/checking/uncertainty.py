"""Monte Carlo propagation of parameter uncertainty.

Each parameter's ``low``/``high`` is read as a 90 % interval (5th and 95th percentile):

* ``lognormal`` (positive quantities whose plausible values span a factor): ln X is normal around
  ln(value), with sd ln(value/low)/z below the median and ln(high/value)/z above it
  (z = 1.6449, a "split" lognormal). Its median is the central value and its 5th/95th
  percentiles are exactly low and high; when value is the geometric mean of low and high it is
  the ordinary lognormal with sigma = ln(high/low)/(2z).
* ``uniform`` (only bounds are known): the 90 % interval is the middle 90 % of a uniform
  distribution, so the support is widened by 1/18 of the width on each side (and clipped to
  the parameter's allowed range).
* ``fixed``: no uncertainty (low == high, e.g. a figure read from a source).

Every parameter draws from its own generator, seeded by (global seed, CRC-32 of its name), so a
parameter's draws do not change when other parameters are added or removed.
"""

from __future__ import annotations

import math
import zlib
from functools import lru_cache
from dataclasses import dataclass

import numpy as np

from .data import Parameter

Z90 = 1.6448536269514722  # standard-normal 95th percentile
QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True)
class Interval:
    """Median and 90 % interval of a sampled quantity."""

    low: float
    central: float
    high: float
    unit: str

    def as_dict(self) -> dict[str, float | str]:
        return {"low": self.low, "central": self.central, "high": self.high, "unit": self.unit}


def rng_for(key: str, seed: int) -> np.random.Generator:
    """An independent, reproducible generator for one named input."""
    return np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])


def split_lognormal_sigmas(value: float, low: float, high: float) -> tuple[float, float]:
    """(sigma below, sigma above) the median ``value`` so that low/high are the 5th/95th pct."""
    return math.log(value / low) / Z90, math.log(high / value) / Z90


def uniform_support(p: Parameter) -> tuple[float, float]:
    """Bounds of the uniform distribution whose middle 90 % is [low, high]."""
    return _uniform_bounds(p.low, p.high, tuple(p.allowed))


def _uniform_bounds(low: float, high: float, allowed: tuple[float, float]) -> tuple[float, float]:
    pad = (high - low) / 18.0
    return max(low - pad, allowed[0]), min(high + pad, allowed[1])


def sample(p: Parameter, n: int, seed: int) -> np.ndarray:
    """``n`` draws of parameter ``p`` (see the module docstring for the distributions).

    The draws depend only on the parameter's name, distribution, value, interval and allowed
    range, ``n`` and ``seed``, so they are kept (read-only) and reused: a what-if grid re-runs
    the same claims hundreds of times with one parameter moved and the others as they were.
    """
    return _sample(p.name, p.dist, float(p.value), float(p.low), float(p.high), tuple(p.allowed), n, seed)


@lru_cache(maxsize=1024)
def _sample(name: str, dist: str, value: float, low: float, high: float, allowed: tuple[float, float],
            n: int, seed: int) -> np.ndarray:
    if dist == "fixed" or low == high:
        out = np.full(n, value, dtype=float)
    else:
        rng = rng_for(name, seed)
        if dist == "lognormal":
            s_low, s_high = split_lognormal_sigmas(value, low, high)
            z = rng.standard_normal(n)
            out = value * np.exp(np.where(z < 0, z * s_low, z * s_high))
        else:
            out = rng.uniform(*_uniform_bounds(low, high, allowed), n)
    out.flags.writeable = False
    return out


def sample_range(key: str, low: float, high: float, n: int, seed: int) -> np.ndarray:
    """Uniform draws over a stated range (used for the documents' own "a to b" numbers)."""
    if low == high:
        return np.full(n, float(low))
    return rng_for(key, seed).uniform(low, high, n)


def summarize(samples: np.ndarray, unit: str) -> Interval:
    """Median and 5th/95th percentiles of ``samples``."""
    q = np.quantile(np.asarray(samples, dtype=float), QUANTILES)
    return Interval(low=float(q[0]), central=float(q[1]), high=float(q[2]), unit=unit)
