"""The overlap check (L1.1): a split that tests rows it trains on is reported at
high, with the counts per split. Before it, such a validation was audited as
sound ("No leakage found")."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.model_selection import KFold, TimeSeriesSplit

from safesplit import PurgedKFold, audit


def _data(n):
    rng = np.random.default_rng(n)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    return X, np.arange(n) % 2


def _overlap_findings(report):
    return [f for f in report.findings if f.code == "L1.1"]


@st.composite
def index_pairs(draw):
    n = draw(st.integers(8, 60))
    pairs = []
    for _ in range(draw(st.integers(1, 4))):
        in_test = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
        if in_test.all() or not in_test.any():
            in_test[: n // 2] = ~in_test[: n // 2]
        test = np.flatnonzero(in_test)
        leaked = np.array(
            draw(st.lists(st.sampled_from(test.tolist()), max_size=len(test))),
            dtype=np.intp,
        )
        train = np.union1d(np.flatnonzero(~in_test), leaked)
        pairs.append((train, test))
    return n, pairs


@settings(max_examples=25, deadline=None)
@given(index_pairs())
def test_counts_per_split_equal_the_shared_rows(case):
    n, pairs = case
    X, y = _data(n)
    report = audit(X, y, cv=pairs, checks=["overlap"])
    shared = [len(set(train) & set(test)) for train, test in pairs]
    found = _overlap_findings(report)
    if not any(shared):
        assert found == []
        return
    (finding,) = found
    assert finding.kind == "duplicate" and finding.severity == "high"
    assert finding.evidence["n_test_rows_also_trained_on"] == shared
    assert finding.evidence["n_test_rows"] == [len(test) for _, test in pairs]
    assert finding.folds == [i for i, count in enumerate(shared) if count]


@pytest.mark.parametrize(
    "cv, shared",
    [
        (TimeSeriesSplit(3, gap=-1), [1, 1, 1]),
        (TimeSeriesSplit(3, gap=-3), [3, 3, 3]),
        (TimeSeriesSplit(3), None),
        (KFold(4), None),
        (PurgedKFold(4, embargo=2), None),
    ],
)
def test_splitters(cv, shared):
    X, y = _data(80)
    found = _overlap_findings(audit(X, y, cv=cv))
    if shared is None:
        assert found == []
    else:
        assert found[0].evidence["n_test_rows_also_trained_on"] == shared


def test_a_custom_splitter_that_adds_test_rows_to_training():
    class TrainsOnEverything:
        def split(self, X, y=None, groups=None):
            rows = np.arange(len(X))
            for fold in np.array_split(rows, 3):
                yield rows, fold

        def get_n_splits(self, *args, **kwargs):
            return 3

    X, y = _data(60)
    report = audit(X, y, cv=TrainsOnEverything())
    (finding,) = _overlap_findings(report)
    assert finding.evidence["share_of_test_rows_also_trained_on"] == [1.0] * 3
    assert report.findings[0] is finding  # high: listed first
    assert "No leakage found" not in str(report)
