"""SplitSketch: the audited splits reduced to bins, against a brute-force reference."""

import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from safesplit import PurgedKFold, audit
from safesplit.model_selection._describe import iter_split_roles
from safesplit.model_selection._engine import ROLE_NAMES
from safesplit.report import SplitSketch
from safesplit.report._splits import sketch_splits


def counts_reference(roles, n_bins):
    """Rows of each role per bin, bin b holding rows floor(b n / n_bins) up to
    floor((b + 1) n / n_bins); a Python loop over rows."""
    n = len(roles)
    counts = [[0] * len(ROLE_NAMES) for _ in range(n_bins)]
    for b in range(n_bins):
        for row in range((b * n) // n_bins, ((b + 1) * n) // n_bins):
            counts[b][int(roles[row])] += 1
    return counts


roles_arrays = st.integers(1, 4).flatmap(
    lambda n_splits: hnp.arrays(
        np.int8,
        st.tuples(st.just(n_splits), st.integers(1, 300)),
        elements=st.sampled_from(sorted(ROLE_NAMES)),
    )
)


@given(roles=roles_arrays, max_bins=st.integers(1, 80))
def test_sketch_bins_count_the_rows_of_each_role(roles, max_bins):
    from safesplit.model_selection._time import resolve_timeline

    n = roles.shape[1]
    timeline = resolve_timeline(np.zeros((n, 1)))
    before = roles.copy()
    sketch = sketch_splits(timeline, list(roles), "cv", max_bins=max_bins)
    np.testing.assert_array_equal(roles, before)  # input untouched
    n_bins = min(max_bins, n)
    assert sketch.counts.shape == (roles.shape[0], n_bins, len(ROLE_NAMES))
    assert sketch.n_samples == n
    for split in range(roles.shape[0]):
        expected = counts_reference(roles[split], n_bins)
        assert sketch.counts[split].tolist() == expected
        # The runs rebuild every bin's shares, bin by bin.
        rebuilt = []
        for _, length, shares in sketch.runs(split):
            assert sum(shares.values()) == pytest.approx(1.0)
            rebuilt += [shares] * length
        for b, shares in enumerate(rebuilt):
            total = sum(expected[b])
            assert shares == {
                ROLE_NAMES[r]: pytest.approx(c / total)
                for r, c in enumerate(expected[b])
                if c
            }
    assert sketch.axis == "rows"
    assert not sketch.counts.flags.writeable


def test_sketch_of_a_splitter_over_dates():
    days = pd.Series(np.repeat(pd.date_range("2024-01-01", periods=100), 3))
    cv = PurgedKFold(4, horizon="3D", embargo="2D")
    per_split = list(iter_split_roles(cv, np.zeros((300, 1)), times=days))
    timeline = per_split[0][0]
    sketch = sketch_splits(timeline, [roles for _, roles in per_split], "PurgedKFold")
    assert sketch.n_bins == 240 and sketch.n_splits == 4 and sketch.n_samples == 300
    assert sketch.ticks[0] == (0.0, "2024-01-01")
    assert sketch.ticks[-1] == (1.0, "2024-04-09")
    assert sketch.axis == "rows in time order"
    assert {"train", "test", "purged", "embargoed"} <= set(sketch.roles_present())
    clone = pickle.loads(pickle.dumps(sketch))
    np.testing.assert_array_equal(clone.counts, sketch.counts)


def test_audit_carries_the_sketch_of_its_splits():
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=200)})
    y = (X["a"] + rng.normal(size=200) > 0).astype(int)
    report = audit(X, y, cv=3)
    assert report.splits.n_splits == 3
    assert report.splits.description == report.summary["cv"]
    # Every row is tested exactly once across the splits of a K-fold.
    tested = report.splits.counts[:, :, 2].sum(axis=0)
    assert tested.tolist() == report.splits.counts[0].sum(axis=1).tolist()
    chosen = audit(X, y, checks=["duplicate"], cv=3).splits
    np.testing.assert_array_equal(chosen.counts, report.splits.counts)


def counts_of(*bins):
    return np.array([[[row.get(r, 0) for r in range(6)] for row in bins]])


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        (np.zeros((2, 3)), "must have shape"),
        (np.zeros((1, 0, 6), dtype=int), "must have shape"),
        (np.ones((1, 2, 5), dtype=int), "must have shape"),
        (counts_of({1: 1.5}), "non-negative integers"),
        (counts_of({1: -1, 2: 2}), "non-negative integers"),
        (counts_of({1: 1}, {}), "at least one row"),
        (np.concatenate([counts_of({1: 1}), counts_of({2: 2})]), "same rows"),
    ],
)
def test_sketch_refuses_bad_counts(counts, message):
    with pytest.raises(ValueError, match=message):
        SplitSketch("cv", counts)


def test_scattered_test_rows_stay_visible():
    """A shuffled K-fold tests a fifth of every bin: each bin shows that share
    instead of losing it to the majority."""
    from safesplit.model_selection._time import resolve_timeline

    roles = np.ones(1000, dtype=np.int8)
    roles[::5] = 2
    sketch = sketch_splits(resolve_timeline(np.zeros((1000, 1))), [roles], "cv", 100)
    ((first, length, shares),) = sketch.runs(0)
    assert (first, length) == (0, 100)
    assert shares == {"train": 0.8, "test": 0.2}


def test_plot_of_a_sketch_stacks_the_shares_of_roles():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.patches import Rectangle

    from safesplit.plotting import ROLE_COLORS
    from safesplit.report._plot import plot_split_sketch

    counts = np.zeros((1, 2, 6), dtype=int)
    counts[0, 0, 2] = 3  # bin 0: three test rows
    counts[0, 1, [1, 2]] = [2, 1]  # bin 1: two training rows, one test row
    ax = plot_split_sketch(SplitSketch("cv", counts))
    rects = [
        (r.get_x(), r.get_width(), round(r.get_height(), 6), r.get_facecolor())
        for r in ax.patches
        if isinstance(r, Rectangle)
    ]
    blue, vermillion = (matplotlib.colors.to_rgba(ROLE_COLORS[c]) for c in (1, 2))
    assert rects == [
        (0, 1, 0.8, vermillion),
        (1, 1, round(0.8 * 2 / 3, 6), blue),
        (1, 1, round(0.8 / 3, 6), vermillion),
    ]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train", "test"]
    matplotlib.pyplot.close(ax.figure)
