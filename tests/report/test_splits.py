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


def majority_reference(roles, n_bins):
    """Each bin's most frequent role, lowest code on ties, bin edges as
    ``floor(i * n / n_bins)``; a Python loop over bins."""
    n = len(roles)
    out = []
    for b in range(n_bins):
        start, stop = (b * n) // n_bins, ((b + 1) * n) // n_bins
        counts = {}
        for role in roles[start:stop]:
            counts[int(role)] = counts.get(int(role), 0) + 1
        best = max(counts.values())
        out.append(min(role for role, count in counts.items() if count == best))
    return out


roles_arrays = st.integers(1, 4).flatmap(
    lambda n_splits: hnp.arrays(
        np.int8,
        st.tuples(st.just(n_splits), st.integers(1, 300)),
        elements=st.sampled_from(sorted(ROLE_NAMES)),
    )
)


@given(roles=roles_arrays, max_bins=st.integers(1, 80))
def test_sketch_bins_hold_the_majority_role(roles, max_bins):
    from safesplit.model_selection._time import resolve_timeline

    n = roles.shape[1]
    timeline = resolve_timeline(np.zeros((n, 1)))
    before = roles.copy()
    sketch = sketch_splits(timeline, list(roles), "cv", max_bins=max_bins)
    np.testing.assert_array_equal(roles, before)  # input untouched
    n_bins = min(max_bins, n)
    assert sketch.roles.shape == (roles.shape[0], n_bins)
    for split in range(roles.shape[0]):
        assert sketch.roles[split].tolist() == majority_reference(roles[split], n_bins)
        runs = sketch.runs(split)
        rebuilt = [name for _, length, name in runs for _ in range(length)]
        assert rebuilt == [ROLE_NAMES[int(code)] for code in sketch.roles[split]]
    assert sketch.axis == "rows"
    assert not sketch.roles.flags.writeable


def test_sketch_of_a_splitter_over_dates():
    days = pd.Series(np.repeat(pd.date_range("2024-01-01", periods=100), 3))
    cv = PurgedKFold(4, horizon="3D", embargo="2D")
    per_split = list(iter_split_roles(cv, np.zeros((300, 1)), times=days))
    timeline = per_split[0][0]
    sketch = sketch_splits(timeline, [roles for _, roles in per_split], "PurgedKFold")
    assert sketch.n_bins == 240 and sketch.n_splits == 4
    assert sketch.ticks[0] == (0.0, "2024-01-01")
    assert sketch.ticks[-1] == (1.0, "2024-04-09")
    assert sketch.axis == "rows in time order"
    assert {"train", "test", "purged", "embargoed"} <= set(sketch.roles_present())
    clone = pickle.loads(pickle.dumps(sketch))
    np.testing.assert_array_equal(clone.roles, sketch.roles)


def test_audit_carries_the_sketch_of_its_splits():
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=200)})
    y = (X["a"] + rng.normal(size=200) > 0).astype(int)
    report = audit(X, y, cv=3)
    assert report.splits.n_splits == 3
    assert report.splits.description == report.summary["cv"]
    # Every row is tested exactly once across the splits of a K-fold.
    assert (report.splits.roles == 2).sum(axis=0).tolist() == [1] * 200
    chosen = audit(X, y, checks=["duplicate"], cv=3).splits
    np.testing.assert_array_equal(chosen.roles, report.splits.roles)


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        (np.zeros(3), "non-empty 2-d array"),
        (np.zeros((1, 0)), "non-empty 2-d array"),
        (np.array([[1, 9]]), r"role codes .*got \[9\]"),
    ],
)
def test_sketch_refuses_bad_roles(roles, message):
    with pytest.raises(ValueError, match=message):
        SplitSketch("cv", roles, 3)
