"""OverfittingReport: read-only, pickles, says what it found, and draws it."""

import dataclasses
import pickle

import matplotlib
import numpy as np
import pytest

from safesplit import OverfittingReport, backtest_overfitting

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def report():
    values = np.random.default_rng(0).normal(size=(120, 5))
    values[:, 2] += 0.4
    return backtest_overfitting(values, n_partitions=6, statistic="sharpe")


def test_the_report_is_immutable(report):
    assert isinstance(report, OverfittingReport)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.pbo = 0.5
    for name in ("logits", "rank_distribution", "is_performance", "oos_performance"):
        array = getattr(report, name)
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1.0


def test_the_report_pickles_and_stays_read_only(report):
    copy = pickle.loads(pickle.dumps(report))
    for field in dataclasses.fields(report):
        np.testing.assert_array_equal(
            getattr(copy, field.name), getattr(report, field.name)
        )
    assert not copy.logits.flags.writeable


def test_the_repr_says_what_was_found(report):
    text = repr(report)
    assert text.startswith(
        "OverfittingReport(statistic='sharpe', n_trials=5, n_partitions=6, "
        "n_combinations=20)"
    )
    assert f"probability of backtest overfitting  {report.pbo:.3f}" in text
    assert "of 5 (1 = worst)" in text
    assert f"{abs(report.degradation_slope):.3g} * is" in text
    assert "best configuration                   2" in text
    assert "120 rows x 5 configurations, cut into 6 partitions of 20" in text


def test_plot_draws_the_logits_and_the_degradation(report):
    import matplotlib.pyplot as plt

    axes = report.plot()
    assert len(axes) == 2
    assert (
        axes[0].get_title() == f"probability of backtest overfitting {report.pbo:.2f}"
    )
    bars = sum(patch.get_height() for patch in axes[0].patches)
    assert bars == report.n_combinations
    offsets = axes[1].collections[0].get_offsets()
    np.testing.assert_array_equal(offsets[:, 0], report.is_performance)
    np.testing.assert_array_equal(offsets[:, 1], report.oos_performance)
    plt.close("all")
    _, given = plt.subplots(2, 1)
    assert report.plot(axes=given)[1] is given[1]
    with pytest.raises(ValueError, match="axes must be two matplotlib Axes, got 1"):
        report.plot(axes=[given[0]])
    plt.close("all")
