"""plot_splits: one row per split, roles in distinct colours, a legend, fast."""

import time

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from sklearn.model_selection import KFold, TimeSeriesSplit

from safesplit import PurgedKFold, WalkForward, plot_splits
from safesplit.model_selection._engine import (
    EMBARGOED,
    GROUP_REMOVED,
    PURGED,
    TEST,
    TRAIN,
    UNUSED,
)
from safesplit.plotting import MAX_BINS, ROLE_COLORS, run_lengths

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def collections(ax):
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def legend_labels(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_rows_colours_and_legend_of_purged_kfold():
    ax = plot_splits(PurgedKFold(10, horizon=2, embargo=2), np.zeros((200, 1)))
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == [f"split {i}" for i in range(10)]
    assert legend_labels(ax) == ["train", "test", "purged", "embargoed"]
    colours = {matplotlib.colors.to_hex(c.get_facecolor()[0]) for c in collections(ax)}
    assert colours == {
        ROLE_COLORS[TRAIN].lower(),
        ROLE_COLORS[TEST].lower(),
        ROLE_COLORS[PURGED].lower(),
        ROLE_COLORS[EMBARGOED].lower(),
    }
    # Split 0 is drawn on the top row.
    assert ax.get_ylim() == (9.5, -0.5)


def test_all_six_roles_have_distinct_colours():
    assert len({colour.lower() for colour in ROLE_COLORS.values()}) == 6


def test_group_removed_and_unused():
    times = pd.Series(np.repeat(pd.date_range("2024-01-01", periods=50), 4))
    groups = np.arange(200) // 12  # an entity spans three days
    X = np.zeros((200, 1))
    ax = plot_splits(WalkForward(3, train_size=20), X, groups=groups, times=times)
    assert legend_labels(ax) == ["train", "test", "group removed", "unused"]
    hexes = [
        matplotlib.colors.to_hex(p.get_facecolor())
        for p in ax.get_legend().legend_handles
    ]
    assert hexes[2] == ROLE_COLORS[GROUP_REMOVED].lower()
    assert hexes[3] == ROLE_COLORS[UNUSED].lower()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "2024-01-01" and ticks[-1] == "2024-02-19"


def test_sklearn_splitter_on_a_time_axis():
    times = pd.date_range("2024-01-01", periods=120, freq="h")
    ax = plot_splits(TimeSeriesSplit(4), np.zeros((120, 1)), times=times)
    assert legend_labels(ax) == ["train", "test", "unused"]
    assert len(ax.get_yticklabels()) == 4
    assert ax.get_title(loc="left") == "TimeSeriesSplit"
    assert ax.get_xticklabels()[0].get_text() == "2024-01-01 00:00"


def test_draws_runs_not_points():
    X = np.zeros((1000, 1))
    ax = plot_splits(KFold(5), X)
    # One rectangle per run: train before and after the test block, one test.
    widths = [len(c.get_paths()) for c in collections(ax)]
    assert sum(widths) == 5 * 3 - 2  # the first and last folds have 2 runs


def test_a_million_rows_stay_fast_and_bounded():
    n = 1_000_000
    X = np.zeros((n, 1))
    start = time.perf_counter()
    ax = plot_splits(KFold(10, shuffle=True, random_state=0), X)
    seconds = time.perf_counter() - start
    n_rectangles = sum(len(c.get_paths()) for c in collections(ax))
    assert n_rectangles <= 10 * MAX_BINS
    assert len(ax.get_yticklabels()) == 10
    assert seconds < 20


def test_existing_axes_is_used():
    figure, ax = plt.subplots()
    assert plot_splits(PurgedKFold(3), np.zeros((30, 1)), ax=ax) is ax
    assert len(figure.axes) == 1


def test_run_lengths():
    starts, lengths, values = run_lengths(np.array([0, 0, 0, 2, 1, 1]))
    assert starts.tolist() == [0, 3, 4]
    assert lengths.tolist() == [3, 1, 2]
    assert values.tolist() == [0, 2, 1]
    empty = run_lengths(np.array([], dtype=np.int8))
    assert [part.size for part in empty] == [0, 0, 0]


def test_missing_matplotlib_names_the_extra(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"safesplit-cv\[plot\]"):
        plot_splits(PurgedKFold(3), np.zeros((30, 1)))


def test_what_is_not_an_axes_or_a_splitter_is_refused():
    with pytest.raises(TypeError, match=r"^ax must be a matplotlib Axes"):
        plot_splits(PurgedKFold(3), np.zeros((30, 1)), ax="x")
    with pytest.raises(TypeError, match=r"^cv must be a cross-validation splitter"):
        plot_splits(None, np.zeros((30, 1)))
    with pytest.raises(
        ValueError, match=r"^plot_splits: split 0 of cv \(TimeSeriesSplit\)"
    ):
        plot_splits(TimeSeriesSplit(3, gap=-1), np.zeros((30, 1)))
