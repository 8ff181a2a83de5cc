"""Hand-computed values for the efficiency formulas used by the article's claims."""

import pytest

from analysis.models import arith, efficiency


def test_remaining_percent_by_hand():
    # 63 % and 22 % of errors: 100 - 22 = 78 leaves room for 63; 100 - 63 = 37 for 22
    assert efficiency.remaining_percent(22) == pytest.approx(78.0)
    assert efficiency.remaining_percent(63) == pytest.approx(37.0)
    assert efficiency.remaining_percent(0) == pytest.approx(100.0)


def test_low_rank_needs_more_than_100_numbers_by_hand():
    # rank 1 of a 1,000 x 1,000 matrix: 1 * (1,000 + 1,000) = 2,000 numbers; rank 100: 200,000
    assert efficiency.low_rank_values(1000, 1000, 1) == pytest.approx(2000.0)
    assert efficiency.low_rank_values(1000, 1000, 100) == pytest.approx(200000.0)
    assert efficiency.matrix_values(1000, 1000) == pytest.approx(1.0e6)


def test_article_percentages_by_hand():
    # 187 -> 118 kWh: 1 - 118/187 = 0.3690; 213 -> 126 kWh: 0.4085; 110 M -> 25 M: 0.7727
    assert arith.percent_reduction(187, 118) == pytest.approx(36.90, abs=0.01)
    assert arith.percent_reduction(213, 126) == pytest.approx(40.85, abs=0.01)
    assert arith.percent_reduction(110e6, 25e6) == pytest.approx(77.27, abs=0.01)
    # 50 % sparsity: at most 1 / (1 - 0.5) = 2x, and at most 0.5 * 100 % = 50 % of the work saved
    assert efficiency.sparsity_speedup_bound(50) == pytest.approx(2.0)
    assert efficiency.amdahl_saving_percent(1.0, 50) == pytest.approx(50.0)
    # half the energy for the last points: the full run costs 1 / (1 - 0.5) = 2x
    assert efficiency.energy_factor_for_share(50) == pytest.approx(2.0)
    # MobileBERT GLUE 77.7 vs 78.3: 77.7 / 78.3 = 99.23 %
    assert efficiency.retained_percent(77.7, 0.6) == pytest.approx(99.234, abs=0.001)
