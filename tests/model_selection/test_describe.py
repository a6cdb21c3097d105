"""describe_splits and show_splits: any splitter or iterable of index pairs, and a
refusal naming the parameter for anything else. Each refusal failed before its fix
with an error from numpy or from an attribute lookup."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.model_selection import KFold, TimeSeriesSplit

from safesplit import PurgedKFold, describe_splits, show_splits

X = np.zeros((30, 1))


@pytest.mark.parametrize("function", [describe_splits, show_splits])
@pytest.mark.parametrize(
    "cv, error, message",
    [
        (5, TypeError, r"^cv must be a cross-validation splitter .*PurgedKFold\(5\)"),
        (None, TypeError, r"^cv must be a cross-validation splitter .* got None"),
        ("x", TypeError, r"^cv must be a cross-validation splitter .* got str 'x'"),
        (PurgedKFold, TypeError, r"^cv is the class PurgedKFold, not a splitter"),
        ([], ValueError, r"cv \(index pairs\) yielded no split"),
        (
            TimeSeriesSplit(3, gap=-2),
            ValueError,
            r"split 0 of cv \(TimeSeriesSplit\) tests 2 of its 7 test rows on which it "
            r"also trains",
        ),
        (
            [(np.arange(10), np.arange(10, 31))],
            ValueError,
            r"holds positions outside 0..29",
        ),
    ],
    ids=["int", "None", "str", "class", "no split", "overlap", "out of range"],
)
def test_what_is_not_a_splitter_is_refused(function, cv, error, message):
    with pytest.raises(error, match=message):
        function(cv, X)


@pytest.mark.parametrize("function", [describe_splits, show_splits])
def test_an_overlapping_split_names_its_caller(function):
    with pytest.raises(ValueError, match=rf"^{function.__name__}: split 0 of"):
        function(TimeSeriesSplit(3, gap=-1), X)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 6), st.integers(12, 40))
def test_index_pairs_describe_like_their_splitter(n_splits, n_samples):
    data = np.zeros((n_samples, 2))
    pairs = list(KFold(n_splits).split(data))
    pd.testing.assert_frame_equal(
        describe_splits(pairs, data), describe_splits(KFold(n_splits), data)
    )
    assert show_splits(iter(pairs), data) == show_splits(KFold(n_splits), data)


@pytest.mark.parametrize(
    "width, error, message",
    [
        (0, ValueError, r"^width must be at least 1 \(characters per split\), got 0"),
        (-5, ValueError, r"^width must be at least 1 .* got -5"),
        (1.5, TypeError, r"^width must be an int \(characters per split\), got float"),
        ("x", TypeError, r"^width must be an int .* got str 'x'"),
        (True, TypeError, r"^width must be an int .* got bool True"),
    ],
)
def test_show_splits_width_is_checked(width, error, message):
    with pytest.raises(error, match=message):
        show_splits(PurgedKFold(3), X, width=width)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 80), st.integers(3, 60))
def test_show_splits_draws_one_character_per_bin(width, n_samples):
    lines = show_splits(PurgedKFold(3), np.zeros((n_samples, 1)), width=width)
    drawn = [line.split()[-1] for line in lines.splitlines()[:-1]]
    assert [len(line) for line in drawn] == [min(width, n_samples)] * 3
