"""backtest_overfitting on matrices: the brute-force reference, invariances, the
statistical properties of the paper, and bad input."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from _reference_overfitting import mean_statistic, reference_cscv, sharpe_statistic
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from safesplit import backtest_overfitting
from safesplit.backtest import _cscv

FIELDS = (
    "pbo",
    "logits",
    "rank_distribution",
    "is_performance",
    "oos_performance",
    "probability_of_loss",
    "degradation_slope",
    "degradation_intercept",
)


def _assert_matches(report, expected, exact=False):
    for name in FIELDS:
        ours, theirs = getattr(report, name), expected[name]
        if exact and name not in ("degradation_slope", "degradation_intercept"):
            np.testing.assert_array_equal(ours, theirs, err_msg=name)
        else:
            np.testing.assert_allclose(
                ours, theirs, rtol=1e-9, atol=1e-12, err_msg=name
            )


def _continuous(draw, statistic):
    """A random matrix without ties: normal values, ``n_rows`` large enough for
    every half to hold two rows (a Sharpe ratio needs them)."""
    n_partitions = draw(st.sampled_from([2, 4, 6]))
    n_trials = draw(st.integers(2, 7))
    least = 2 * n_partitions if statistic == "sharpe" else n_partitions
    n_rows = draw(st.integers(least, least + 3 * n_partitions))
    seed = draw(st.integers(0, 2**32 - 1))
    values = np.random.default_rng(seed).normal(size=(n_rows, n_trials))
    return values, n_partitions


@settings(max_examples=40, deadline=None)
@given(st.data(), st.sampled_from(["mean", "sharpe"]), st.floats(-0.5, 0.5))
def test_equals_the_reference_on_random_matrices(data, statistic, threshold):
    values, n_partitions = _continuous(data.draw, statistic)
    report = backtest_overfitting(
        values, n_partitions=n_partitions, statistic=statistic, loss_threshold=threshold
    )
    reference_statistic = mean_statistic if statistic == "mean" else sharpe_statistic
    expected = reference_cscv(values, n_partitions, reference_statistic, threshold)
    _assert_matches(report, expected)
    assert report.n_combinations == math.comb(n_partitions, n_partitions // 2)


def _tied(draw):
    """Small integers, so that equal means are exactly equal (ties everywhere)."""
    n_partitions = draw(st.sampled_from([2, 4, 6]))
    n_trials = draw(st.integers(2, 4))
    n_rows = draw(st.integers(n_partitions, 3 * n_partitions))
    cells = st.integers(0, 2)
    rows = draw(
        st.lists(
            st.lists(cells, min_size=n_trials, max_size=n_trials),
            min_size=n_rows,
            max_size=n_rows,
        )
    )
    return np.array(rows, dtype=float), n_partitions


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_ties_are_the_average_over_every_tie_break(data):
    values, n_partitions = _tied(data.draw)
    report = backtest_overfitting(values, n_partitions=n_partitions, loss_threshold=1.0)
    expected = reference_cscv(values, n_partitions, mean_statistic, 1.0)
    _assert_matches(report, expected)
    assert report.rank_distribution.sum() == pytest.approx(1.0)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_a_statistic_given_as_a_function_is_called_on_the_rows_of_each_half(data):
    values, n_partitions = _tied(data.draw)
    calls = []

    def column_means(rows):
        calls.append(rows.shape[0])
        return rows.mean(axis=0)

    report = backtest_overfitting(
        values, n_partitions=n_partitions, statistic=column_means
    )
    _assert_matches(report, reference_cscv(values, n_partitions, mean_statistic))
    # Once per half of every combination, and once on all rows (the best).
    assert len(calls) == 2 * report.n_combinations + 1
    assert calls[-1] == values.shape[0]
    assert report.statistic == "column_means"


# --------------------------------------------------------------------------------------
# Invariances


@settings(max_examples=40, deadline=None)
@given(st.data(), st.randoms(use_true_random=False))
def test_permuting_the_columns_changes_nothing_but_their_order(data, random):
    values, n_partitions = _tied(data.draw)
    order = list(range(values.shape[1]))
    random.shuffle(order)
    frame = pd.DataFrame(values, columns=[f"c{i}" for i in range(values.shape[1])])
    report = backtest_overfitting(frame, n_partitions=n_partitions)
    permuted = backtest_overfitting(frame.iloc[:, order], n_partitions=n_partitions)
    # The same winners and ranks; only the order of a few additions of weights
    # changes, so aggregates agree to rounding.
    for name in FIELDS[:-2]:
        np.testing.assert_allclose(
            getattr(report, name), getattr(permuted, name), rtol=0, atol=1e-12
        )
    assert sorted(permuted.configurations) == sorted(report.configurations)


@settings(max_examples=40, deadline=None)
@given(st.data(), st.integers(1, 5), st.integers(-3, 3))
def test_an_increasing_affine_map_of_the_scores_leaves_the_ranks(data, scale, shift):
    values, n_partitions = _tied(data.draw)
    report = backtest_overfitting(values, n_partitions=n_partitions)
    mapped = backtest_overfitting(scale * values + shift, n_partitions=n_partitions)
    for name in ("pbo", "logits", "rank_distribution"):
        np.testing.assert_array_equal(getattr(report, name), getattr(mapped, name))
    np.testing.assert_allclose(
        mapped.is_performance, scale * report.is_performance + shift, rtol=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_an_increasing_transform_of_the_statistic_leaves_pbo_and_ranks(data):
    values, n_partitions = _tied(data.draw)
    report = backtest_overfitting(values, n_partitions=n_partitions)
    transformed = backtest_overfitting(
        values,
        n_partitions=n_partitions,
        statistic=lambda rows: np.exp(rows.mean(axis=0)) ** 3,
    )
    for name in ("pbo", "logits", "rank_distribution", "probability_of_loss"):
        np.testing.assert_array_equal(getattr(report, name), getattr(transformed, name))


@settings(max_examples=30, deadline=None)
@given(st.data(), st.floats(0.01, 100.0))
def test_scaling_returns_leaves_the_sharpe_ranking(data, scale):
    values, n_partitions = _continuous(data.draw, "sharpe")
    report = backtest_overfitting(values, n_partitions=n_partitions, statistic="sharpe")
    scaled = backtest_overfitting(
        scale * values, n_partitions=n_partitions, statistic="sharpe"
    )
    for name in ("pbo", "logits", "rank_distribution"):
        np.testing.assert_array_equal(getattr(report, name), getattr(scaled, name))
    np.testing.assert_allclose(
        scaled.oos_performance, report.oos_performance, rtol=1e-9
    )


def test_chunks_of_rows_and_combinations_do_not_change_the_result(monkeypatch):
    values = np.random.default_rng(3).normal(size=(257, 6))
    expected = {
        statistic: backtest_overfitting(values, n_partitions=8, statistic=statistic)
        for statistic in ("mean", "sharpe")
    }
    monkeypatch.setattr(_cscv, "CHUNK_BYTES", 64)  # chunks of a few rows and halves
    for statistic, report in expected.items():
        chunked = backtest_overfitting(values, n_partitions=8, statistic=statistic)
        for name in FIELDS:
            np.testing.assert_allclose(
                getattr(chunked, name), getattr(report, name), rtol=1e-12
            )


# --------------------------------------------------------------------------------------
# The paper's properties, with tolerances from the sampling error

N_DATA_SETS = 200


def _no_skill_reports(n_trials, statistic, seed):
    rng = np.random.default_rng(seed)
    return [
        backtest_overfitting(
            rng.normal(size=(240, n_trials)), n_partitions=8, statistic=statistic
        )
        for _ in range(N_DATA_SETS)
    ]


@pytest.mark.parametrize(
    ("n_trials", "statistic", "seed"),
    [(10, "sharpe", 0), (7, "mean", 1), (4, "mean", 2)],
)
def test_without_skill_pbo_is_one_half_and_the_ranks_uniform(n_trials, statistic, seed):
    """Rows are independent and the columns exchangeable, so the halves are
    independent and the in-sample winner's out-of-sample rank is uniform on 1..N:
    E[PBO] = floor((N + 1) / 2) / N exactly (1/2 for even N; ranks at the median
    count as overfit), and E[rank share] = 1/N. One data set's PBO varies a lot
    (its combinations share rows), so the test averages independent data sets and
    allows 4 standard errors, estimated from those data sets."""
    reports = _no_skill_reports(n_trials, statistic, seed)
    pbos = np.array([report.pbo for report in reports])
    expected = ((n_trials + 1) // 2) / n_trials
    error = pbos.std(ddof=1) / math.sqrt(N_DATA_SETS)
    assert abs(pbos.mean() - expected) <= 4 * error
    shares = np.array([report.rank_distribution for report in reports])
    errors = shares.std(axis=0, ddof=1) / math.sqrt(N_DATA_SETS)
    # 4.5 standard errors per rank: with up to 10 ranks a false alarm stays rare.
    assert np.all(np.abs(shares.mean(axis=0) - 1 / n_trials) <= 4.5 * errors)


def test_one_truly_better_configuration_gives_a_pbo_of_zero():
    """Column 3 has mean 0.3 (noise sd 1), the others 0. In a half of n rows the
    skilled mean minus a noise mean is N(0.3, 2 / n); the in-sample winner is
    wrong, or ranks at or below the median out of sample, only if a noise
    column beats the skilled one in some half. The union bound over halves and
    columns caps the chance of any PBO above 0 at ``bound``."""
    n_rows, n_trials, n_partitions, edge = 1600, 10, 16, 0.3
    values = np.random.default_rng(7).normal(size=(n_rows, n_trials))
    values[:, 3] += edge
    report = backtest_overfitting(values, n_partitions=n_partitions)
    half = n_rows // 2
    n_halves = 2 * math.comb(n_partitions, n_partitions // 2)
    bound = n_halves * (n_trials - 1) * norm.cdf(-edge / math.sqrt(2 / half))
    assert bound < 1e-3
    assert report.pbo == 0.0
    assert report.rank_distribution[-1] == 1.0
    assert report.best_configuration == "3"
    assert report.probability_of_loss == 0.0


def test_a_strongly_overfit_selection_has_a_pbo_near_one():
    """Each configuration is good on one half of the partitions and bad on the
    other, a mirror of another: the in-sample winner is the worst out of sample."""
    n_partitions = 4
    values = np.zeros((n_partitions, 6))
    for column, combination in enumerate(
        [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    ):
        values[list(combination), column] = 1.0
    report = backtest_overfitting(values, n_partitions=n_partitions)
    assert report.pbo == 1.0
    assert report.rank_distribution[0] == 1.0
    assert report.degradation_slope != report.degradation_slope  # NaN: IS never varies


# --------------------------------------------------------------------------------------
# Input


def test_a_dataframe_keeps_its_names_and_nothing_is_mutated():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(40, 3)), columns=["fast", "slow", "none"])
    frame["slow"] += 1.0
    before = frame.copy()
    report = backtest_overfitting(frame, n_partitions=4)
    pd.testing.assert_frame_equal(frame, before)
    assert report.configurations == ("fast", "slow", "none")
    assert report.best_configuration == "slow"
    assert report.n_partitions == 4
    assert "40 rows x 3 configurations, cut into 4 partitions of 10" in report.source


def test_the_default_is_sixteen_partitions_or_every_row():
    values = np.random.default_rng(0).normal(size=(100, 3))
    assert backtest_overfitting(values).n_partitions == 16
    assert backtest_overfitting(values[:6]).n_partitions == 6
    assert "of 6-7 consecutive rows" in backtest_overfitting(values).source


def _error(values, match, error=ValueError, **kwargs):
    with pytest.raises(error, match=match):
        backtest_overfitting(values, **kwargs)


def test_bad_input_is_refused_with_the_parameter_and_the_fix():
    values = np.random.default_rng(0).normal(size=(20, 3))
    with_nan = values.copy()
    with_nan[4, 1] = np.nan
    _error(with_nan, r"1 value\(s\) that are NaN .* row 4, configuration '1'.* Drop")
    _error(values[:, :1], r"1 configuration\(s\).* at least 2")
    _error(values[:1], r"1 rows; CSCV needs at least 2")
    _error(values, r"n_partitions must be an even number .* got 5", n_partitions=5)
    _error(values, r"n_partitions=22 exceeds the 20 rows", n_partitions=22)
    _error(values, "n_partitions must be an int", TypeError, n_partitions=4.0)
    _error(values, "n_partitions must be an int", TypeError, n_partitions=True)
    _error(
        values[:5],
        r"5 rows, an odd number.* pass an even n_partitions \(e.g. n_partitions=4",
    )
    _error(values[:, 0], "2-d matrix")
    _error([["a", "b"], ["c", "d"]], "matrix of numbers", TypeError)
    _error(values, "statistic must be 'mean', 'sharpe' or a function", statistic="max")
    _error(values, "drop score_name", score_name="score")
    _error(values, "loss_threshold must be finite", loss_threshold=float("nan"))
    big = np.random.default_rng(0).normal(size=(30, 2))
    _error(big, "n_partitions=24 gives 2,704,156 combinations", n_partitions=24)


def test_a_statistic_undefined_on_a_half_is_refused():
    values = np.random.default_rng(0).normal(size=(16, 3))
    values[:8, 2] = 0.5  # constant on the first half of the rows
    _error(
        values,
        re.escape("statistic='sharpe' of configuration '2' on the rows of partitions")
        + r".* constant there",
        n_partitions=4,
        statistic="sharpe",
    )
    _error(
        values[:2, :2],
        r"holds 1 row\(s\), and statistic='sharpe' needs at least 2",
        n_partitions=2,
        statistic="sharpe",
    )
    _error(
        values,
        r"shape \(3,\).* returned shape \(\)",
        n_partitions=4,
        statistic=lambda rows: rows.mean(),
    )
    _error(
        values,
        "returned a value that is not finite",
        n_partitions=4,
        statistic=lambda rows: np.full(rows.shape[1], np.inf),
    )


def test_rows_out_of_time_order_are_refused():
    days = pd.date_range("2024-01-01", periods=8, freq="D")
    frame = pd.DataFrame(np.arange(16.0).reshape(8, 2), index=days[::-1])
    _error(
        frame, r"rows must be in time order.* results\.sort_index\(\)", n_partitions=4
    )
