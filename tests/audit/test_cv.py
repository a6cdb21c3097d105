"""The audited validation: an int, a splitter, or index pairs (as scikit-learn's
``cv`` takes them), and a refusal naming ``cv`` for anything else."""

import numpy as np
import pytest
from _audit_data import honest_data
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.model_selection import KFold

from safesplit import PurgedKFold, audit
from safesplit.audit._cv import IndexSplits


@pytest.mark.parametrize(
    "cv, error, message",
    [
        (1, ValueError, r"^cv=1 asks for 1 split\(s\); cross-validation needs at"),
        (0, ValueError, r"^cv=0 asks for 0 split\(s\)"),
        (-1, ValueError, r"^cv=-1 asks for -1 split\(s\)"),
        (True, TypeError, r"^cv must be an int >= 2, .* got bool True"),
        (2.0, TypeError, r"^cv must be an int >= 2, .* got float 2.0"),
        ("x", TypeError, r"^cv must be an int >= 2, .* got str 'x'"),
        (PurgedKFold, TypeError, r"^cv is the class PurgedKFold, not a splitter"),
        ([], ValueError, r"^audit: cv \(index pairs\) yielded no split"),
        (
            [(np.arange(50), np.arange(50, 101))],
            ValueError,
            r"test indices of split 0 .* holds positions outside 0..99",
        ),
        (
            [(np.arange(0), np.arange(50))],
            ValueError,
            r"split 0 of cv \(index pairs\) has no training rows",
        ),
    ],
)
def test_what_is_not_a_validation_is_refused(cv, error, message):
    X, y = honest_data(n=100)
    with pytest.raises(error, match=message):
        audit(X, y, cv=cv)


def test_index_pairs_audit_like_their_splitter():
    X, y = honest_data(n=400)
    X["leak"] = y * 2 + np.random.default_rng(1).normal(scale=0.01, size=400)
    cv = KFold(4, shuffle=True, random_state=0)
    by_splitter = audit(X, y, cv=cv)
    by_pairs = audit(X, y, cv=list(cv.split(X)))
    by_generator = audit(X, y, cv=cv.split(X))
    assert by_pairs.summary["cv"] == "IndexSplits(4 (train, test) pairs given)"
    for report in (by_pairs, by_generator):
        assert [f.to_dict() for f in report.findings] == [
            f.to_dict() for f in by_splitter.findings
        ]
        assert report.summary["model_score"] == by_splitter.summary["model_score"]


@settings(max_examples=40, deadline=None)
@given(st.integers(5, 60), st.data())
def test_split_rows_keeps_the_sampled_rows_of_each_side(n_rows, data):
    sides = st.lists(st.integers(0, n_rows - 1), min_size=1, unique=True)
    pairs = [(np.array(data.draw(sides)), np.array(data.draw(sides))) for _ in range(2)]
    rows = np.array(sorted(data.draw(st.sets(st.integers(0, n_rows - 1)))), dtype=int)
    got = list(IndexSplits(pairs, n_rows).split_rows(rows))
    for (train, test), (sub_train, sub_test) in zip(pairs, got):
        for side, sub in ((train, sub_train), (test, sub_test)):
            # brute force: the sample positions whose row is on that side
            want = [i for i, row in enumerate(rows) if row in set(side.tolist())]
            assert sorted(sub.tolist()) == want


def test_a_single_entity_cannot_be_grouped():
    X, y = honest_data(n=100)
    with pytest.raises(ValueError, match=r"^groups holds a single entity"):
        audit(X, y, groups=np.zeros(100))
