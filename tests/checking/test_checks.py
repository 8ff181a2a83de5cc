"""Comparison of a stated value with a recomputed interval, dates and precedence."""

import datetime as dt

import numpy as np
import pytest

from analysis.checking.checks import (CheckError, date_range, relative_gap, split_ref, status_for_gap,
                             support_fraction)
from analysis.checking.uncertainty import Interval

IV = Interval(low=10.0, central=12.0, high=15.0, unit="u")
METHOD = {"tolerance_accurate": 0.10, "tolerance_mostly": 0.30}


@pytest.mark.parametrize("lo,hi,relation,gap", [
    (12, 12, "approx", 0.0),          # inside
    (18, 18, "approx", 0.2),          # 20 % above the top
    (5, 5, "approx", 1.0),            # the bottom is twice the stated value
    (5, 11, "approx", 12 / 11 - 1),   # the median 12 is 9 % above the stated range
    (5, 9, "approx", min(10 / 45 ** 0.5 - 1, 12 / 9 - 1)),  # midpoint 6.7 and median 12 both outside
    (9, 16, "approx", 0.0),           # midpoint 12 inside
    (1, 100, "approx", 0.0),          # the median lies inside a wide stated range
    (20, 20, "at_least", 20 / 12 - 1),  # bounds are judged by the median (12)
    (12, 12, "at_least", 0.0),
    (6, 6, "at_most", 1.0),
    (12, 12, "at_most", 0.0),
])
def test_relative_gap(lo, hi, relation, gap):
    assert relative_gap(lo, hi, IV, relation) == pytest.approx(gap)


def test_status_thresholds():
    assert [status_for_gap(g, METHOD) for g in (0.0, 0.1, 0.11, 0.3, 0.31)] == [
        "pass", "pass", "near", "near", "fail"]


def test_support_fraction():
    s = np.array([9.0, 10.0, 11.0, 12.0, 20.0])
    assert support_fraction(s, 10, 10, "approx", 0.1) == pytest.approx(3 / 5)
    assert support_fraction(s, 19, 19, "at_least", 0.0) == pytest.approx(1 / 5)
    assert support_fraction(s, 10, 10, "at_most", 0.0) == pytest.approx(2 / 5)


def test_date_range():
    assert date_range("2025") == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert date_range("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert date_range("2025-04-16") == (dt.date(2025, 4, 16), dt.date(2025, 4, 16))


def test_bad_reference_is_a_check_error():
    with pytest.raises(CheckError):
        split_ref("parameter:x")
    assert split_ref("claim:P-CMP-01") == ("claim", "P-CMP-01")
