"""Number formatting is fixed and locale-free."""

import math

import pytest

from analysis.text.format import fmt, fmt_interval, fmt_pct
from analysis.checking.uncertainty import Interval


@pytest.mark.parametrize("x,unit,text", [
    (1.3e6, "GPU-hour", "1.3 M GPU-hour"), (65000, "MWh", "65,000 MWh"), (18571.4, "", "18,600"),
    (0.156, "", "0.156"), (7.2e23, "FLOP", "7.2e23 FLOP"), (2.5e9, "", "2.5 bn"), (0.0, "", "0"),
    (None, "", "n/a"), (math.inf, "", "inf"), (-1200, "", "-1,200"),
])
def test_fmt(x, unit, text):
    assert fmt(x, unit) == text


def test_fmt_pct_and_interval():
    assert fmt_pct(0.2) == "20 %"
    assert fmt_pct(None) == "n/a"
    assert fmt_interval(Interval(1.0, 2.0, 3.0, "h")) == "2 h (90 %: 1 to 3)"
    assert fmt_interval(Interval(5.0, 5.0, 5.0, "h")) == "5 h"
