"""Fingerprints pinned to the values of the hash as first released.

The fingerprints that a fitted ``GuardedPipeline`` keeps (and a pickle carries)
are compared with fingerprints computed later, possibly by another version of
safesplit or by another kernel: any change to the bits of a fingerprint silently
breaks those comparisons. These tests compare, with each kernel, the fingerprints
of a fixed set of inputs (every dtype, NaN payloads, -0.0, subnormals, values at
the float32 boundary, frames, sparse matrices, several row blocks) with the
values that the original NumPy code computed, recorded here once. A faster path
must reproduce them bit for bit; a deliberate change of the hash must change them
here, with its reason in the changelog.
"""

import datetime
import hashlib
import importlib.util

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from safesplit._fingerprint import row_fingerprints
from safesplit._fingerprint._numeric import KERNEL_VARIABLE

KERNELS = [
    "numpy",
    pytest.param(
        "numba",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("numba") is None,
            reason="numba is not installed (the test extra has it)",
        ),
    ),
]


def _bits(*words):
    return np.array(words, dtype=np.uint64).view(np.float64)


def _specials():
    nan_payloads = _bits(0x7FF8000000000123, 0xFFF8000000000000, 0x7FF0000000000001)
    # Subnormals: the smallest negative one rounds to the bare sign bit.
    subnormals = _bits(0x8000000000000001, 0x800000000FFFFFFF, 0x0000000010000000)
    return np.array(
        [
            [0.0, -0.0, np.nan],
            [1.5, -1.5, np.inf],
            [-np.inf, 2.0**24, -(2.0**24)],
            [8388609.5, 0.1, 1e-310],
            [16777215.5, -16777216.5, 2.0**53 + 2],
            [*nan_payloads],
            [*subnormals],
            [np.nextafter(2.0**24, 0), -np.nextafter(2.0**24, 0), 3.0],
        ]
    )


def _structured(n_rows, n_columns):
    """Values from integer arithmetic (the same on every platform), with a NaN,
    a -0.0 and values beyond 2**24 in different row blocks."""
    codes = (np.arange(n_rows * n_columns, dtype=np.int64) * 2654435761) % 1000003
    values = ((codes - 500001).astype(np.float64) / 1024.0).reshape(n_rows, n_columns)
    values[n_rows // 3, 1] = np.nan
    values[n_rows // 2, 2] = -0.0
    values[(2 * n_rows) // 3, 0] = 3.0 * 2**40
    values[n_rows - 1, n_columns - 1] = -(2.0**30) - 0.5
    return values


def _pinned_inputs():
    specials = _specials()
    with np.errstate(invalid="ignore", over="ignore"):
        specials32 = specials.astype(np.float32)
    frame = pd.DataFrame(
        {
            "f": [0.5, -0.0, np.nan, 1e300],
            "i": np.array([1, -7, 2**40, 0], dtype=np.int64),
            "n": pd.array([1, None, 3, -4], dtype="Int64"),
            "s": ["a", None, "ccc", "a"],
            "d": pd.to_datetime(["2020-01-01", None, "1999-12-31", "2020-01-01"]),
            "c": pd.Categorical(["x", "y", "x", None]),
            "b": [True, False, True, False],
        }
    )
    wide = _structured(3_001, 40)
    return {
        "float64 specials": specials,
        "float32 specials": specials32,
        "float64 specials, Fortran order": np.asfortranarray(specials),
        "float64 specials, strided view": np.tile(specials, (2, 2))[::2, ::2],
        "float16": np.array([[0.5, -0.0], [np.nan, 65504.0]], dtype=np.float16),
        "int8": np.array([[-128, 0, 127], [1, 2, 3]], dtype=np.int8),
        "int64 large": np.array(
            [[2**53 + 1, -(2**62), 2**24], [16777217, -16777217, 0]], dtype=np.int64
        ),
        "uint64 large": np.array([[2**64 - 1, 2**63], [0, 1]], dtype=np.uint64),
        "bool": np.array([[True, False], [False, False]]),
        "one column": np.array([3.0, -0.0, np.nan, 0.1]),
        "three dimensions": np.arange(24.0).reshape(3, 2, 4),
        "strings": ["a", "b", "a", ""],
        "objects": np.array(
            [[1, "a", None], [2.5, b"a", datetime.date(2020, 1, 1)]], dtype=object
        ),
        "frame, mixed dtypes": frame,
        "frame, float64": pd.DataFrame(specials, columns=["a", "b", "c"]),
        "frame, float32 and int": pd.DataFrame(
            {"a": specials32[:, 0], "b": np.arange(8), "c": specials[:, 2]}
        ),
        "sparse": sparse.csr_matrix(
            np.array([[0.0, -0.0, 2.5], [np.nan, 0.0, 0.0], [1.0, 2.0**30, 0.1]])
        ),
        "structured, 70001 x 3": _structured(70_001, 3),
        "structured, 3001 x 40": wide,
        "structured, 3001 x 40, frame": pd.DataFrame(wide),
        "structured, 3001 x 40, float32": wide.astype(np.float32),
        "structured, 3001 x 40, Fortran order": np.asfortranarray(wide),
    }


# Computed by the NumPy kernel of safesplit 0.1.0.dev0 (before any faster path):
# the fingerprints themselves for small inputs, a SHA-256 of their little-endian
# bytes for large ones.
_SPECIALS = [
    0x2CBE6626B6B27EFC, 0xB40CB87F3C26D2F5, 0xCA8C67A6FB9033AC, 0x5B969A9411E4FAC7,
    0x0B16E71CBC0A5514, 0xAA44A216D42898A0, 0x596C2DF0FD522864, 0x010A5398F1DDF5D2,
]  # fmt: skip
_STRIDED = [
    0x7405572596D32D1D, 0x43AD18AFEB7605F0, 0xE3E67C9135A4EC51, 0x65688CE9ABA11BFC,
]  # fmt: skip
_WIDE = "afb95f23398a3b23fced9a30cdc58df00961a3fff3028fba809a5b5176df8ea8"
PINNED = {
    "float64 specials": _SPECIALS,
    "float32 specials": [
        0x2CBE6626B6B27EFC,
        0xB40CB87F3C26D2F5,
        0xCA8C67A6FB9033AC,
        0xBC59E02E957E78FD,
        0x4B971390D8EE9756,
        0xAA44A216D42898A0,
        0xD7F1515598B6B983,
        0x010A5398F1DDF5D2,
    ],  # fmt: skip
    "float64 specials, Fortran order": _SPECIALS,
    "float64 specials, strided view": _STRIDED + _STRIDED,
    "float16": [0x60ADE822D31C9616, 0x708D4909510EE24C],
    "int8": [0xBFF2E43543B9340B, 0x7CE26C784634AAC5],
    "int64 large": [0xAB259BAB96DB6830, 0x2CA91C77B44805AE],
    "uint64 large": [0x098EE09730AC0B9A, 0x123584E45D0672B8],
    "bool": [0x1A57EBD46FE888E5, 0xD30B054265133DD7],
    "one column": [
        0x2237A4ADB13CF1AF,
        0x9CA066F1A4AB2EEA,
        0xE79FA9CFBF5AC6A5,
        0x79BEB593FD13500C,
    ],  # fmt: skip
    "three dimensions": [0x75F57B300FE4E143, 0x6C63EF4D13D978F4, 0x38E900CF72F6C990],
    "strings": [
        0xBD98002F01ADF88A,
        0xA1809DE9398E9347,
        0xBD98002F01ADF88A,
        0xE4A1E42AC42F8D0D,
    ],  # fmt: skip
    "objects": [0xC93EC7CA52906ADF, 0x23D3DC617B78E2A5],
    "frame, mixed dtypes": [
        0x54528B063C1DF29D,
        0x67D0E251F81E49F4,
        0x341A6F57A07C7F23,
        0x813F21680D9F64B8,
    ],  # fmt: skip
    "frame, float64": _SPECIALS,
    "frame, float32 and int": [
        0x2CBE6626B6B27EFC,
        0x50B867517D2E3772,
        0x381AE7BC30D40F5A,
        0x1A66F47B3BD90DD6,
        0xE2AE2C4AF91B4494,
        0xB37EF01E879BC64E,
        0xA889FECCB014BEDF,
        0xDC7EA7F5C64E63F2,
    ],  # fmt: skip
    "sparse": [0xC733872E00C25682, 0xC08E7F18DB2285B3, 0xAC83D9BDFB1AA198],
    "structured, 70001 x 3": (
        "e20a058a4bfc52c6c669530979b02415dbdb4abab3fa4598aaef750c6148bb81"
    ),
    "structured, 3001 x 40": _WIDE,
    "structured, 3001 x 40, frame": _WIDE,
    "structured, 3001 x 40, float32": (
        "ba8724bce741776f31f489d465f3530726de6304935d9c733a686c4d466d17e6"
    ),
    "structured, 3001 x 40, Fortran order": _WIDE,
}


def _pinned_form(fingerprints):
    if len(fingerprints) <= 8:
        return [int(value) for value in fingerprints]
    return hashlib.sha256(fingerprints.astype("<u8").tobytes()).hexdigest()


def test_every_pinned_input_has_its_value():
    assert set(_pinned_inputs()) == set(PINNED)


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("name", sorted(PINNED))
def test_fingerprints_equal_the_pinned_values(monkeypatch, name, kernel):
    monkeypatch.setenv(KERNEL_VARIABLE, kernel)
    X = _pinned_inputs()[name]
    fingerprints = row_fingerprints(X)
    assert fingerprints.dtype == np.uint64
    assert _pinned_form(fingerprints) == PINNED[name]
