"""Evidence charts: what each reader draws, checked against the definitions.

A score chart shows ROC AUC = (skill + 1) / 2 (or R^2 = skill) with bars from chance;
a share chart shows shares from 0; a per-column chart the largest values; every bar
sits inside its axis. References below are written from those definitions.
"""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safesplit.report import KINDS, Finding
from safesplit.report._evidence import (
    MAX_COLUMN_BARS,
    MAX_SPLIT_BARS,
    Chart,
    evidence_charts,
    flat_evidence,
    strongest_columns_chart,
)

skills = st.floats(-1.0, 1.0, allow_nan=False)
shares = st.floats(0.0, 1.0, allow_nan=False)
names = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


def assert_inside(chart):
    assert chart.low <= chart.baseline <= chart.high
    for bar in chart.bars:
        assert chart.low <= bar.value <= chart.high
        assert 0.0 <= chart.position(bar.value) <= 1.0


@given(alone=skills, others=skills, together=skills)
def test_column_alone_scores_are_auc_from_skill(alone, others, together):
    evidence = {
        "skill_alone": alone,
        "skill_other_features": others,
        "skill_all_features": together,
    }
    finding = Finding("target_proxy", "high", "L2", ["c"], [], evidence)
    (chart,) = evidence_charts(finding, "ROC AUC")
    expected = [(s + 1.0) / 2.0 for s in (alone, others, together)]
    assert [bar.value for bar in chart.bars] == pytest.approx(expected)
    assert [bar.emphasis for bar in chart.bars] == [True, False, False]
    assert chart.baseline == 0.5 and chart.high == 1.0
    assert_inside(chart)


@given(shuffled=skills, ordered=st.floats(-3.0, 1.0))
def test_regression_scores_are_r2_and_may_be_negative(shuffled, ordered):
    evidence = {"r2_shuffled": shuffled, "r2_time_ordered": ordered}
    finding = Finding("temporal", "high", "L3.1", [], [], evidence)
    (chart,) = evidence_charts(finding)
    assert chart.title.startswith("R2")
    assert [bar.value for bar in chart.bars] == pytest.approx([shuffled, ordered])
    assert chart.baseline == 0.0
    assert_inside(chart)


@given(st.lists(shares, min_size=1, max_size=40))
def test_per_split_shares_in_split_order(values):
    finding = Finding("group", "medium", "L3.2", [], [], {"fraction_per_split": values})
    (chart,) = evidence_charts(finding)
    shown = values[:MAX_SPLIT_BARS]
    assert [bar.label for bar in chart.bars] == [
        f"split {i}" for i in range(len(shown))
    ]
    assert [bar.value for bar in chart.bars] == shown
    assert chart.low == 0.0 and chart.high == 1.0
    assert ("splits" in chart.note) == (len(values) > MAX_SPLIT_BARS)
    assert_inside(chart)


@given(st.dictionaries(names, st.floats(0.0, 5.0), min_size=1, max_size=20))
def test_per_column_charts_show_the_largest_values(shifts):
    evidence = {
        name: {"largest_shift_in_std": value, "mean_all_rows": 0.0}
        for name, value in shifts.items()
    }
    finding = Finding("preprocessing", "medium", "L1.2", list(shifts), [], evidence)
    (chart,) = evidence_charts(finding)
    k = min(len(shifts), MAX_COLUMN_BARS)
    largest = sorted(shifts.values(), reverse=True)[:k]
    assert [bar.value for bar in chart.bars] == largest
    assert {bar.label for bar in chart.bars} <= set(shifts)
    assert_inside(chart)


def test_numpy_scalars_are_numbers_and_booleans_are_not():
    import numpy as np

    evidence = {"fraction_per_split": [np.float32(0.5), np.int64(1), np.True_, True]}
    (chart,) = evidence_charts(Finding("duplicate", "low", "L1.4", [], [], evidence))
    assert [bar.value for bar in chart.bars] == [0.5, 1.0]


def test_missing_and_non_finite_numbers_are_left_out():
    evidence = {
        "skill_alone": 0.8,
        "skill_other_features": math.nan,
        "skill_all_features": None,
    }
    finding = Finding("identifier", "high", "L2", ["id"], [], evidence)
    (chart,) = evidence_charts(finding)
    assert [bar.label for bar in chart.bars] == ["id alone"]
    assert evidence_charts(Finding("skew", "low", "L3.3", [], [], {"n": 3})) == []


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_evidence_draws_nothing(kind):
    assert evidence_charts(Finding(kind, "low", "L2", ["x"], [], {"odd": 1})) == []


def test_strongest_columns_are_scores_of_the_summary():
    chart = strongest_columns_chart(
        {"metric": "ROC AUC", "strongest_single_columns": {"a": 0.9, "b": None}}
    )
    assert [(bar.label, bar.value) for bar in chart.bars] == [("a", 0.9)]
    assert strongest_columns_chart({}) is None


@given(low=st.floats(-5, 5), span=st.floats(0.01, 10), value=st.floats(-20, 20))
def test_position_is_the_clipped_fraction_of_the_axis(low, span, value):
    chart = Chart("t", (), low, low + span)
    expected = min(max((value - low) / span, 0.0), 1.0)
    assert chart.position(value) == pytest.approx(expected)


def test_flat_evidence_expands_one_level_and_shortens():
    rows, left_out = flat_evidence(
        {"a": 0.123456, "b": {"x": [1, 2, 3]}, "c": list(range(20))}, limit=3
    )
    assert rows == [
        ("a", "0.1235"),
        ("b: x", "[1, 2, 3]"),
        ("c", "[0, 1, 2, ... (20 in all)]"),
    ]
    assert left_out == 0
    rows, left_out = flat_evidence({str(i): i for i in range(10)}, max_rows=4)
    assert len(rows) == 4 and left_out == 6
