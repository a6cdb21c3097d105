"""The two numeric kernels of the fingerprints (NumPy, and numba when installed)
against a brute-force reference written from the hash's definition.

The reference computes one row at a time with Python integers: each value's
canonical 64-bit word, folded, times its column's multiplier, summed modulo
2**64 and mixed with the row width. Both kernels must give its bits for every
input, whatever the dtype and the memory layout; that, with the pinned values of
``test_fingerprint_pinned.py``, is what lets the guard compare fingerprints
computed by either kernel.
"""

import functools
import importlib.util
import math
import struct
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safesplit._fingerprint import _numeric, count_member_rows, row_fingerprints
from safesplit._fingerprint._numeric import KERNEL_VARIABLE, compiled_kernels

HAS_NUMBA = importlib.util.find_spec("numba") is not None
KERNELS = [
    "numpy",
    pytest.param(
        "numba",
        marks=pytest.mark.skipif(
            not HAS_NUMBA, reason="numba is not installed (the test extra has it)"
        ),
    ),
]

# ---------------------------------------------------------------------------
# The reference, from the definition.

_MASK = 2**64 - 1
_GOLDEN = 0x9E3779B97F4A7C15
_NAN_WORD = 0x7FF8000000000000


def _bits_of(value):
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def _float_of(bits):
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def _avalanche(word):
    word ^= word >> 33
    word = (word * 0xFF51AFD7ED558CCD) & _MASK
    word ^= word >> 33
    word = (word * 0xC4CEB9FE1A85EC53) & _MASK
    return word ^ (word >> 33)


def _multiplier(column):
    return _avalanche(((column + 1) * _GOLDEN) & _MASK) | 1


def _canonical_word(value):
    """The word of a float: NaN canonical, -0.0 as 0.0, exact from 2**24 on in
    magnitude, below it the bits rounded to float32's 23 mantissa bits (half of
    the 29 dropped bits added, then cleared)."""
    if math.isnan(value):
        return _NAN_WORD
    if value == 0.0:
        return 0
    bits = _bits_of(value)
    if abs(value) >= 2.0**24:
        return bits
    return (bits + (1 << 28)) & (_MASK ^ ((1 << 29) - 1))


def reference_fingerprint(row):
    """The fingerprint of one row of Python floats."""
    total = 0
    for column, value in enumerate(row):
        word = _canonical_word(value)
        total += _multiplier(column) * (word ^ (word >> 32))
    return _avalanche((total + len(row) * _GOLDEN) & _MASK)


def _float32_precision(value):
    """``value`` rounded to 24 significant bits, halfway away from zero."""
    mantissa, exponent = math.frexp(abs(value))
    scaled = Fraction(mantissa) * 2**24
    rounded = math.floor(scaled + Fraction(1, 2))
    return math.copysign(float(rounded * Fraction(2) ** (exponent - 24)), value)


# ---------------------------------------------------------------------------
# Inputs: any bits, and the values where the rules change.

_BOUNDARIES = [
    0.0,
    -0.0,
    2.0**24,
    -(2.0**24),
    float(np.nextafter(2.0**24, 0)),
    16777215.5,
    8388609.5,
    2.0**53 + 2,
    float("inf"),
    float("-inf"),
    float("nan"),
    5e-324,
    -5e-324,
    1e-310,
    0.1,
]
_values = st.one_of(
    st.integers(0, _MASK).map(_float_of),  # any bits: NaN payloads, subnormals
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(_BOUNDARIES),
    st.integers(-(2**60), 2**60).map(float),
    st.integers(-(2**12), 2**12).map(lambda k: k / 8),
)


@st.composite
def _matrices(draw, max_rows=12, max_columns=7):
    n_rows = draw(st.integers(1, max_rows))
    n_columns = draw(st.integers(1, max_columns))
    values = draw(st.lists(_values, min_size=n_rows * n_columns))
    return np.array(values[: n_rows * n_columns]).reshape(n_rows, n_columns)


def _reference(X):
    return np.array(
        [reference_fingerprint([float(v) for v in row]) for row in X], dtype=np.uint64
    )


# ---------------------------------------------------------------------------
# The definition itself.


@settings(max_examples=300, deadline=None)
@given(value=st.floats(min_value=-(2.0**24), max_value=2.0**24, exclude_max=True))
def test_rounding_rule_is_float32_precision_away_from_zero(value):
    # For normal numbers the bit rule is rounding to 24 significant bits.
    if value == 0.0 or abs(value) < np.finfo(np.float64).tiny or abs(value) >= 2**24:
        return
    assert _float_of(_canonical_word(value)) == _float32_precision(value)


def test_reference_on_the_documented_equalities():
    assert reference_fingerprint([3.0, -0.0]) == reference_fingerprint([3.0, 0.0])
    assert reference_fingerprint([float(np.float32(0.1))]) == reference_fingerprint(
        [0.1]
    )
    assert reference_fingerprint([2.0**24 + 1]) != reference_fingerprint([2.0**24])
    assert reference_fingerprint([1.0, 2.0]) != reference_fingerprint([2.0, 1.0])


# ---------------------------------------------------------------------------
# Both kernels equal the reference.


@pytest.mark.parametrize("kernel", KERNELS)
@settings(max_examples=120, deadline=None)
@given(X=_matrices())
def test_float64_rows_equal_the_reference_in_every_layout(kernel, X):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KERNEL_VARIABLE, kernel)
        expected = _reference(X)
        padded = np.zeros((2 * X.shape[0], 2 * X.shape[1]))
        padded[::2, ::2] = X
        for layout in (X, np.asfortranarray(X), padded[::2, ::2], pd.DataFrame(X)):
            assert np.array_equal(row_fingerprints(layout), expected)


def _unaligned(X):
    buffer = np.zeros(X.nbytes + 1, dtype=np.uint8)
    unaligned = buffer[1:].view(np.float64).reshape(X.shape)
    unaligned[:] = X
    return unaligned


def _read_only(X):
    X = X.copy()
    X.setflags(write=False)
    return X


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize(
    "memory",
    [_unaligned, _read_only, lambda X: X.astype(">f8"), np.asmatrix],
    ids=["unaligned", "read-only", "big-endian", "matrix"],
)
@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_unusual_memory_gives_the_reference(monkeypatch, kernel, memory):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((300, 5)) * 1e5
    X[::7, 1] = -0.0
    X[::11, 3] = np.nan
    monkeypatch.setenv(KERNEL_VARIABLE, kernel)
    assert np.array_equal(row_fingerprints(memory(X)), _reference(X))


@pytest.mark.parametrize("kernel", KERNELS)
@settings(max_examples=60, deadline=None)
@given(
    X=_matrices(),
    dtype=st.sampled_from([np.float32, np.float16, np.int64, np.uint8, np.bool_]),
)
def test_other_dtypes_equal_the_reference_of_their_float64_values(kernel, X, dtype):
    with np.errstate(invalid="ignore", over="ignore"):
        finite = np.where(np.isfinite(X), X, 0.0)
        cast = finite.astype(dtype) if dtype != np.float32 else X.astype(dtype)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KERNEL_VARIABLE, kernel)
        assert np.array_equal(row_fingerprints(cast), _reference(cast))


@pytest.mark.parametrize("kernel", KERNELS)
@settings(max_examples=40, deadline=None)
@given(X=_matrices(max_columns=4), data=st.data())
def test_frames_of_mixed_numeric_dtypes_equal_the_reference(kernel, X, data):
    integers = data.draw(st.lists(st.integers(-(2**40), 2**40), min_size=len(X)))
    frame = pd.DataFrame(X).assign(
        ints=np.array(integers[: len(X)], dtype=np.int64),
        small=np.float32(1.5),
    )
    rows = [[*row[:-2], float(row[-2]), 1.5] for row in frame.to_numpy(object)]
    expected = np.array([reference_fingerprint(row) for row in rows], np.uint64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KERNEL_VARIABLE, kernel)
        assert np.array_equal(row_fingerprints(frame), expected)


@pytest.mark.skipif(not HAS_NUMBA, reason="numba is not installed")
@pytest.mark.parametrize("n_columns", [1, 3, 40])
def test_kernels_agree_across_many_blocks(monkeypatch, n_columns):
    # More rows than one block of the NumPy kernel (and of the compiled column
    # kernel), with every special value somewhere, in every layout.
    rng = np.random.default_rng(n_columns)
    n_rows = 3 * (1 << 16) // n_columns + 17
    X = (
        rng.standard_normal((n_rows, n_columns))
        * 10.0 ** rng.integers(-3, 9, n_rows)[:, np.newaxis]
    )
    special = rng.choice(len(_BOUNDARIES), size=200)
    X.flat[rng.choice(X.size, size=200, replace=False)] = np.array(_BOUNDARIES)[special]
    layouts = [X, np.asfortranarray(X), pd.DataFrame(X), X.astype(np.float32)]
    for layout in layouts:
        monkeypatch.setenv(KERNEL_VARIABLE, "numpy")
        expected = row_fingerprints(layout)
        monkeypatch.setenv(KERNEL_VARIABLE, "numba")
        assert np.array_equal(row_fingerprints(layout), expected)
    rows = rng.choice(n_rows, size=50, replace=False)
    assert np.array_equal(row_fingerprints(X)[rows], _reference(X[rows]))


@pytest.mark.parametrize("kernel", KERNELS)
def test_threads_give_the_same_fingerprints(monkeypatch, kernel):
    # Each row is summed by one thread: cutting the rows into ranges for three
    # threads changes no bit, for arrays and for frames of mixed dtypes.
    rng = np.random.default_rng(7)
    X = rng.standard_normal((1001, 6))
    X[::97, 2] = np.nan
    X[5::89, 4] = -0.0
    frame = pd.DataFrame(X).assign(ints=np.arange(1001))
    monkeypatch.setenv(KERNEL_VARIABLE, kernel)
    one_thread = [row_fingerprints(X), row_fingerprints(frame)]
    monkeypatch.setattr(_numeric, "effective_n_threads", lambda: 3)
    monkeypatch.setattr(_numeric, "_VALUES_PER_THREAD", 100)
    assert np.array_equal(row_fingerprints(X), one_thread[0])
    assert np.array_equal(row_fingerprints(frame), one_thread[1])
    assert np.array_equal(one_thread[0], _reference(X))


_fingerprint_lists = st.lists(st.integers(0, 40).map(lambda k: (k * _GOLDEN) & _MASK))


@pytest.mark.parametrize("kernel", KERNELS)
@settings(max_examples=100, deadline=None)
@given(query=_fingerprint_lists, reference=_fingerprint_lists)
def test_count_member_rows_counts_with_repetition(kernel, query, reference):
    sorted_query = np.sort(np.array(query, dtype=np.uint64))
    sorted_reference = np.sort(np.array(reference, dtype=np.uint64))
    expected = sum(value in set(reference) for value in query)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KERNEL_VARIABLE, kernel)
        assert count_member_rows(sorted_query, sorted_reference) == expected


# ---------------------------------------------------------------------------
# Choosing the kernel.


def test_numpy_kernel_is_used_below_the_size_that_repays_numba(monkeypatch):
    monkeypatch.delenv(KERNEL_VARIABLE, raising=False)
    assert compiled_kernels(1000) is None
    monkeypatch.setenv(KERNEL_VARIABLE, "numpy")
    assert compiled_kernels(10**9) is None


@pytest.mark.skipif(not HAS_NUMBA, reason="numba is not installed")
def test_numba_kernel_is_used_for_large_inputs_when_installed(monkeypatch):
    monkeypatch.delenv(KERNEL_VARIABLE, raising=False)
    assert compiled_kernels(10**9) is not None
    # Once loaded, the look-ups (always the same argument types) use it at any size.
    assert compiled_kernels(10, any_size_once_loaded=True) is not None
    assert compiled_kernels(10) is None
    monkeypatch.setenv(KERNEL_VARIABLE, "numba")
    assert compiled_kernels(1) is not None


def test_bad_kernel_choice_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(KERNEL_VARIABLE, "fortran")
    with pytest.raises(ValueError, match=f"{KERNEL_VARIABLE} must be one of"):
        row_fingerprints(np.zeros((2, 2)))


def test_numba_asked_for_but_missing_is_a_clear_error(monkeypatch):
    missing = functools.cache(lambda: (None, "numba is not installed"))
    monkeypatch.setattr(_numeric, "_load_compiled", missing)
    monkeypatch.setenv(KERNEL_VARIABLE, "numba")
    with pytest.raises(ImportError, match="pip install numba"):
        row_fingerprints(np.zeros((2, 2)))
    monkeypatch.setenv(KERNEL_VARIABLE, "auto")
    assert compiled_kernels(10**9) is None  # auto falls back to NumPy
    assert np.array_equal(
        row_fingerprints(np.zeros((2, 2))), _reference(np.zeros((2, 2)))
    )
