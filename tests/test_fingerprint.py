"""Tests of the row fingerprints behind GuardedPipeline."""

import datetime
import pickle
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import sparse

from safesplit._fingerprint import (
    count_duplicated_rows,
    count_member_rows,
    isin_fingerprints,
    row_fingerprints,
)


def _same(first, second):
    first, second = row_fingerprints(first), row_fingerprints(second)
    assert first.dtype == np.uint64 and second.dtype == np.uint64
    return bool(np.array_equal(first, second))


# ---------------------------------------------------------------------------
# Canonicalisation


def test_one_uint64_per_row():
    fingerprints = row_fingerprints(np.arange(12.0).reshape(4, 3))
    assert fingerprints.shape == (4,)
    assert fingerprints.dtype == np.uint64
    assert fingerprints.nbytes == 4 * 8
    assert len(np.unique(fingerprints)) == 4


def test_negative_zero_hashes_as_zero():
    assert _same(np.array([[0.0, -0.0]]), np.array([[-0.0, 0.0]]))
    assert _same(np.array([[-0.0]], dtype=np.float32), np.array([[0]]))


def test_all_nan_payloads_hash_alike():
    payloads = np.array(
        [
            0x7FF8000000000000,
            0x7FF8000000000123,
            0xFFF8000000000000,
            0x7FF0000000000001,
        ],
        dtype=np.uint64,
    ).view(np.float64)
    assert np.isnan(payloads).all()
    fingerprints = row_fingerprints(payloads[:, np.newaxis])
    assert len(set(fingerprints.tolist())) == 1
    assert _same(payloads[:1, np.newaxis], np.array([[np.float32("nan")]]))


def test_missing_values_hash_alike_across_kinds():
    reference = row_fingerprints(np.array([[1.0, np.nan]]))
    assert np.array_equal(reference, row_fingerprints([[1, None]]))
    frame = pd.DataFrame(
        {"a": pd.array([1], dtype="Int64"), "b": pd.array([pd.NA], dtype="Float64")}
    )
    assert np.array_equal(reference, row_fingerprints(frame))
    strings = pd.DataFrame({"a": [1.0], "b": pd.array([pd.NA], dtype="string")})
    assert np.array_equal(reference, row_fingerprints(strings))


def test_numbers_hash_by_value_across_dtypes():
    as_int = np.array([[3, 1], [0, 7]])
    for other in (
        as_int.astype(np.float64),
        as_int.astype(np.float32),
        as_int.astype(np.uint8),
        as_int.astype(np.int16),
        as_int.astype(object),
        as_int.tolist(),
    ):
        assert _same(as_int, other)
    # True == 1 == 1.0, as in Python and NumPy.
    assert _same(np.array([[True, False]]), np.array([[1.0, 0.0]]))


def test_floats_are_compared_at_float32_precision():
    # A float32 copy of float64 rows is the same rows: np.float32(0.1) is 0.1.
    rows = np.random.default_rng(0).normal(size=(50, 4)) * [1e-3, 1.0, 1e3, 1e6]
    for copy in (
        rows.astype(np.float32),
        pd.DataFrame(rows.astype(np.float32)),
        pd.DataFrame(rows).astype("Float32"),
        sparse.csr_matrix(rows.astype(np.float32)),
        rows.astype(np.float32).astype(object),
        rows.astype(np.float32).tolist(),
    ):
        assert _same(rows, copy)
    assert _same(np.array([[0.1]], dtype=np.float32), np.array([[0.1]]))
    assert _same([[[0.1, "a"]]], [[[float(np.float32(0.1)), "a"]]])  # nested
    # Values that differ at float32 precision still differ.
    assert not _same(np.array([[0.1]]), np.array([[0.1 + 1e-7]]))


def test_large_numbers_are_compared_exactly():
    # From 2**24 on, float32 merges distinct integers: identifiers, timestamps
    # in seconds and integer columns made float by NaNs are compared exactly.
    assert not _same(np.array([[2.0**24]]), np.array([[2.0**24 + 1]]))
    assert not _same(np.array([[1.7e9]]), np.array([[1.7e9 + 0.25]]))
    assert _same(np.array([[2**24 + 1]]), np.array([[2.0**24 + 1]]))
    assert _same(pd.DataFrame({"id": [2**40, None]}), [[2**40], [np.nan]])
    assert not _same(np.array([[1e300]]), np.array([[np.inf]]))


def test_containers_hash_alike():
    rows = np.array([[1.5, 0.0, -2.0], [0.0, 0.0, 0.0], [np.nan, 4.0, 0.0]])
    frame = pd.DataFrame(rows, columns=["a", "b", "c"])
    for other in (
        frame,
        frame.astype({"b": "Float64"}),
        np.asfortranarray(rows),
        rows.tolist(),
        sparse.csr_matrix(np.nan_to_num(rows, nan=np.nan)),
        sparse.csc_matrix(rows),
        sparse.coo_matrix(rows),
    ):
        assert _same(rows, other)


def test_sparse_explicit_zeros_and_duplicate_entries():
    dense = np.array([[0.0, 2.0], [1.0, 0.0]])
    with_zero = sparse.csr_matrix(
        (np.array([0.0, 2.0, 1.0]), np.array([0, 1, 0]), np.array([0, 2, 3])),
        shape=(2, 2),
    )
    summed = sparse.coo_matrix(
        (np.array([1.0, 1.0, 1.0]), (np.array([0, 0, 1]), np.array([1, 1, 0]))),
        shape=(2, 2),
    )
    assert _same(dense, with_zero)
    assert _same(dense, summed)


def test_one_dimensional_input_is_one_column():
    assert _same(np.array([1.0, 2.0]), np.array([[1.0], [2.0]]))
    assert _same(pd.Series(["a", "b"]), [["a"], ["b"]])


def test_column_positions_and_row_width_matter():
    assert not _same(np.array([[1.0, 2.0]]), np.array([[2.0, 1.0]]))
    assert not _same(np.array([[1.0, 0.0]]), np.array([[1.0]]))
    # Opposite signs in two columns: the structured pair a naive sum would confuse.
    assert not _same(np.array([[1.5, 2.5]]), np.array([[-1.5, -2.5]]))


def test_strings_bytes_and_numbers_are_distinct():
    fingerprints = row_fingerprints(np.array(["1", b"1", 1, 1.5, "1.5"], dtype=object))
    assert len(set(fingerprints.tolist())) == 5


def test_string_columns_hash_alike_in_every_container():
    mixed = [[1, "a"], [2, "b"]]
    frame = pd.DataFrame({"x": [1.0, 2.0], "y": ["a", "b"]})
    assert _same(mixed, frame)
    assert _same(frame, frame.astype({"y": "category"}))
    assert _same(frame, frame.astype({"y": "string"}))
    assert _same(
        pd.DataFrame({"y": ["a", "b"]}),
        np.array([["a"], ["b"]]),  # numpy <U1
    )


def test_dates_hash_by_instant():
    paris = pd.date_range("2024-03-01", periods=3, freq="h", tz="Europe/Paris")
    utc = paris.tz_convert("UTC")
    assert _same(pd.DataFrame({"t": paris}), pd.DataFrame({"t": utc}))
    naive = pd.date_range("2024-03-01", periods=2, freq="D")
    python = [[datetime.datetime(2024, 3, 1)], [datetime.date(2024, 3, 2)]]
    assert _same(pd.DataFrame({"t": naive}), python)
    assert _same(pd.DataFrame({"t": naive}), naive.to_numpy().astype("M8[s]"))
    # A date is not the integer holding its nanoseconds.
    assert not _same(pd.DataFrame({"t": naive}), naive.asi8[:, np.newaxis])
    deltas = pd.to_timedelta(["1D", "2h"])
    assert _same(
        pd.DataFrame({"d": deltas}),
        [[datetime.timedelta(days=1)], [datetime.timedelta(hours=2)]],
    )


def test_unhashable_values_take_the_slow_path():
    rows = np.empty((4, 2), dtype=object)
    rows[:, 0] = [1, 1, 2, 1]
    rows[0, 1] = {"a": [1, 2], "b": {3}}
    rows[1, 1] = {"b": {3}, "a": [1.0, 2.0]}  # equal: same items, other order
    rows[2, 1] = np.array([1, 2])
    rows[3, 1] = {"a": [1, 2], "b": {4}}
    fingerprints = row_fingerprints(rows)
    assert fingerprints[0] == fingerprints[1]
    assert len(set(fingerprints.tolist())) == 3


def test_ragged_rows_and_list_of_dicts():
    fingerprints = row_fingerprints([[1, 2], [1, 2, 3], [1.0, 2.0]])
    assert fingerprints[0] == fingerprints[2] != fingerprints[1]
    records = row_fingerprints([{"x": 1, "y": "a"}, {"y": "a", "x": 1}, {"x": 2}])
    assert records[0] == records[1] != records[2]


def test_objects_without_value_repr_never_match():
    class Opaque:
        pass

    fingerprints = row_fingerprints(np.array([Opaque(), Opaque()], dtype=object))
    assert fingerprints[0] != fingerprints[1]


def test_self_referential_value_is_a_clear_error():
    loop = []
    loop.append(loop)
    rows = np.empty(2, dtype=object)
    rows[:] = [loop, 1]
    with pytest.raises(TypeError, match="row 0: its list value .* refers to itself"):
        row_fingerprints(rows)


@pytest.mark.parametrize("bad", [None, 3, "abc"])
def test_non_tabular_input_is_a_clear_error(bad):
    with pytest.raises(TypeError, match="Cannot fingerprint rows of"):
        row_fingerprints(bad)


def test_fingerprints_do_not_depend_on_the_process():
    rows = [["text", 1.5, None], ["other", -0.0, 2]]
    here = row_fingerprints(rows).tolist()
    script = (
        "from safesplit._fingerprint import row_fingerprints;"
        f"print(row_fingerprints({rows!r}).tolist())"
    )
    # Another interpreter with another string-hash seed must agree.
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123"},
    )
    assert out.stdout.strip() == str(here)
    assert pickle.loads(pickle.dumps(row_fingerprints(rows))).tolist() == here


# ---------------------------------------------------------------------------
# Duplicates and membership


def test_count_duplicated_rows():
    fingerprints = np.sort(
        row_fingerprints([[1, 2], [1, 2], [3, 4], [5, 6], [5, 6], [5, 6]])
    )
    assert count_duplicated_rows(fingerprints) == 5
    assert count_duplicated_rows(np.sort(row_fingerprints([[1], [2]]))) == 0
    assert count_duplicated_rows(np.array([], dtype=np.uint64)) == 0


def test_membership():
    reference = np.sort(row_fingerprints(np.array([[1.0, 2.0], [3.0, 4.0]])))
    query = row_fingerprints(np.array([[3, 4], [5, 6], [1, 2], [1, 2]]))
    assert isin_fingerprints(query, reference).tolist() == [True, False, True, True]
    assert count_member_rows(np.sort(query), reference) == 3
    empty = np.array([], dtype=np.uint64)
    assert count_member_rows(np.sort(query), empty) == 0
    assert not isin_fingerprints(query, empty).any()


def test_large_numeric_array_is_vectorised():
    # Block-wise code paths: more rows than one block, and a NaN in a late block.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5000, 40))
    X[4321, 7] = np.nan
    reference = row_fingerprints(X)
    assert len(np.unique(reference)) == 5000
    flipped = X.copy()
    flipped[4321, 7] = np.array([0x7FF800000000BEEF], dtype=np.uint64).view(np.float64)[
        0
    ]
    assert np.array_equal(row_fingerprints(flipped), reference)
    assert np.array_equal(row_fingerprints(pd.DataFrame(X)), reference)


# ---------------------------------------------------------------------------
# Properties

_small_ints = hnp.arrays(
    dtype=np.int64,
    shape=hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
    elements=st.integers(-50, 50),
)


@settings(max_examples=60, deadline=None)
@given(values=_small_ints)
def test_property_equal_rows_hash_equal_across_dtypes_and_containers(values):
    reference = row_fingerprints(values)
    columns = [f"c{j}" for j in range(values.shape[1])]
    alternatives = [
        values.astype(np.float64),
        values.astype(np.float32),
        values.astype(np.int8),
        values.astype(object),
        values.tolist(),
        pd.DataFrame(values, columns=columns),
        pd.DataFrame(values.astype(float), columns=columns).astype("Float64"),
        sparse.csr_matrix(values),
    ]
    for alternative in alternatives:
        assert np.array_equal(row_fingerprints(alternative), reference)
    # Rows with equal values get equal fingerprints, distinct rows distinct ones.
    _, first_index, inverse = np.unique(
        values, axis=0, return_index=True, return_inverse=True
    )
    fingerprints_of_unique = reference[first_index]
    assert len(set(fingerprints_of_unique.tolist())) == len(first_index)
    assert np.array_equal(reference, fingerprints_of_unique[inverse.ravel()])


_floats = hnp.arrays(
    dtype=np.float64,
    shape=hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5),
    elements=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0.0, -0.0, np.nan]),
    ),
)


@settings(max_examples=80, deadline=None)
@given(values=_floats, seed=st.integers(0, 2**32 - 1))
def test_property_negative_zero_and_nan_payloads_are_canonical(values, seed):
    rng = np.random.default_rng(seed)
    variant = values.copy()
    zeros = variant == 0
    variant[zeros] = np.where(rng.random(zeros.sum()) < 0.5, -0.0, 0.0)
    nans = np.isnan(variant)
    payloads = rng.integers(1, 2**51, size=nans.sum(), dtype=np.uint64)
    signs = np.where(rng.random(nans.sum()) < 0.5, 0x8000000000000000, 0).astype(
        np.uint64
    )
    variant[nans] = (np.uint64(0x7FF8000000000000) | payloads | signs).view(np.float64)
    assert np.array_equal(row_fingerprints(variant), row_fingerprints(values))


_rows = st.lists(
    st.tuples(
        st.integers(-3, 3),
        st.sampled_from([0.0, -0.0, 1.5, np.nan]),
        st.sampled_from(["a", "b", None]),
    ),
    min_size=0,
    max_size=15,
)


def _canonical_tuple(row):
    number, real, text = row
    real = "nan" if np.isnan(real) else real + 0.0
    return (float(number), real, text)


@settings(max_examples=80, deadline=None)
@given(reference=_rows, query=_rows, data=st.data())
def test_property_membership_ignores_row_order(reference, query, data):
    def frame(rows):
        return pd.DataFrame(rows, columns=["n", "r", "t"]).astype({"t": object})

    permutation = data.draw(st.permutations(range(len(reference))))
    shuffled = [reference[i] for i in permutation]
    sorted_reference = (
        np.sort(row_fingerprints(frame(reference)))
        if reference
        else np.array([], np.uint64)
    )
    sorted_shuffled = (
        np.sort(row_fingerprints(frame(shuffled)))
        if shuffled
        else np.array([], np.uint64)
    )
    assert np.array_equal(sorted_reference, sorted_shuffled)
    if not query:
        return
    query_fingerprints = row_fingerprints(frame(query))
    mask = isin_fingerprints(query_fingerprints, sorted_reference)
    assert np.array_equal(mask, isin_fingerprints(query_fingerprints, sorted_shuffled))
    known = {_canonical_tuple(row) for row in reference}
    expected = [_canonical_tuple(row) in known for row in query]
    assert mask.tolist() == expected
    assert count_member_rows(np.sort(query_fingerprints), sorted_reference) == sum(
        expected
    )


@pytest.mark.parametrize("shape", [(0, 2, 2), (0, 3), (0,), (0, 0), (3, 0, 2)])
def test_rows_of_any_shape_with_no_values(shape):
    fingerprints = row_fingerprints(np.empty(shape))
    assert fingerprints.shape == (shape[0],)
    assert fingerprints.dtype == np.uint64
