"""The single-column screens (``safesplit.audit._screen``) against their definitions."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from safesplit.audit._screen import (
    bin_codes,
    binned_auc,
    histogram_skills,
    quantile_binnings,
)
from safesplit.audit._skills import skill


def _reference_histogram_skills(binnings, y, task, n_classes, splits, smoothing=1.0):
    """Each binning's per-bin class shares, scored row by row with :func:`skill`
    (ranks of the rows' scores): the definition the counts must reproduce."""
    out = np.full((len(binnings), len(splits)), np.nan)
    for s, (train, test) in enumerate(splits):
        prior = np.bincount(y[train], minlength=n_classes) / train.shape[0]
        for b, (codes, n_bins) in enumerate(binnings):
            sums = np.zeros((n_bins, n_classes))
            np.add.at(sums, (codes[train], y[train]), 1.0)
            table = (sums + smoothing * prior) / (sums.sum(axis=1) + smoothing)[:, None]
            out[b, s] = skill(y[test], table[codes[test]], task)
    return out


@settings(max_examples=150, deadline=None)
@given(
    n_rows=st.integers(4, 60),
    n_classes=st.integers(2, 4),
    n_bins=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_counts_per_bin_give_the_rank_skill(n_rows, n_classes, n_bins, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n_rows)
    binnings = [(rng.integers(0, n_bins, n_rows), n_bins) for _ in range(3)]
    # Bins with equal shares (ties across bins) are common with few rows.
    order = rng.permutation(n_rows)
    splits = [(order[: n_rows // 2], order[n_rows // 2 :])]
    splits.append((splits[0][1], splits[0][0]))
    got = histogram_skills(binnings, y, "classification", n_classes, splits)
    want = _reference_histogram_skills(binnings, y, "classification", n_classes, splits)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_binned_auc_counts_ties_as_one_half():
    # Scores 0.2 (1 positive, 1 negative) and 0.7 (2 positives, 0 negatives):
    # pairs (pos, neg) = 3; the 0.7 positives beat the negative (2), the tied
    # pair counts 0.5.
    auc = binned_auc(np.array([0.2, 0.7]), np.array([1, 2]), np.array([1, 0]))
    assert auc == 2.5 / 3
    assert np.isnan(binned_auc(np.array([0.1]), np.array([3]), np.array([0])))


_values_with_ties = st.lists(
    st.sampled_from([0.0, 1.0, -2.5, np.nan, np.inf, -np.inf])
    | st.floats(-1e6, 1e6, allow_nan=False),
    min_size=1,
    max_size=80,
)


def _reference_quantile_codes(values, n_bins):
    """By the definition: a binary search of each value among the distinct
    quantile edges of the finite values; missing values take the last bin."""
    missing = np.isnan(values)
    finite = values[~missing]
    if finite.size == 0:
        return np.zeros(values.shape[0], dtype=np.int64), 1
    edges = np.unique(np.quantile(finite, np.linspace(0, 1, n_bins + 1)[1:-1]))
    codes = np.searchsorted(edges, np.where(missing, 0.0, values), side="right")
    codes[missing] = edges.shape[0] + 1
    return codes.astype(np.int64), edges.shape[0] + 2


@settings(max_examples=300, deadline=None)
@given(values=_values_with_ties, bin_counts=st.lists(st.integers(1, 70), max_size=3))
def test_binnings_from_one_sort_are_the_binary_search_codes(values, bin_counts):
    values = np.array(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):  # quantiles between infinities are NaN
        got = quantile_binnings(values, bin_counts)
        want = [_reference_quantile_codes(values, n) for n in bin_counts]
        single = [bin_codes(values, n, categorical=False) for n in bin_counts]
    for (codes, n_bins), (one_codes, one_bins), (want_codes, want_bins) in zip(
        got, single, want, strict=True
    ):
        # One binning alone (bin_codes) is the same as among several.
        np.testing.assert_array_equal(one_codes, want_codes)
        assert one_bins == want_bins
        np.testing.assert_array_equal(codes, want_codes)
        assert n_bins == want_bins
