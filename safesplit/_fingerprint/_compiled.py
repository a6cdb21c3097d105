"""The fingerprint kernels compiled with numba: the same bits as the NumPy kernel
of :mod:`._numeric`, in one pass over the values.

This module imports numba; :func:`._numeric.compiled_kernels` imports it only
when numba is installed and an input is large. The kernels are compiled at their
first call in a process, or loaded from numba's on-disk cache.

Each float64 value is made canonical by its bits alone, with the rules of the
NumPy kernel: every NaN becomes the canonical NaN; a magnitude of ``2**24`` or
more (or an infinity) is kept exactly; ``-0.0`` becomes ``0.0``; any other value
is rounded to float32 precision by adding half of the 29 dropped mantissa bits
and clearing them. The NumPy kernel rounds only the dtypes that can hold more
than float32 precision; on the others the rounding changes no bit, so the
compiled kernel rounds every value.
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import numba
import numpy as np

from safesplit._fingerprint._bits import (
    CANONICAL_NAN,
    EXACT_FROM_BITS,
    HALF_DROPPED,
    KEPT_BITS,
    MAGNITUDE_BITS,
    MIX_1,
    MIX_2,
    SHIFT_FOLD,
    SHIFT_MIX,
    SIGN_BIT,
    U64,
)

__all__ = ["JIT_DISABLED", "add_contributions", "count_members", "finish"]

JIT_DISABLED = bool(numba.config.DISABLE_JIT)

_NAN_WORD = CANONICAL_NAN.view(U64)
_INFINITY_BITS = np.float64(np.inf).view(U64)
_ZERO = U64(0)
# Rows whose sums are accumulated together when the values are read column by
# column (a Fortran-ordered or strided array): 8 kB of sums, in L1 cache.
_ROWS_PER_BLOCK = 1024

_jit = numba.njit(nogil=True, cache=True, error_model="numpy")


@_jit
def _folded_canonical(word):
    """The canonical word of the float64 whose bits are ``word``, folded
    (``w ^ (w >> 32)``): what a column multiplier multiplies."""
    magnitude = word & MAGNITUDE_BITS
    # Written as selects, not branches, so that the loops vectorise.
    rounded = (word + HALF_DROPPED) & KEPT_BITS
    canonical = word if magnitude >= EXACT_FROM_BITS else rounded
    canonical = _ZERO if word == SIGN_BIT else canonical
    canonical = _NAN_WORD if magnitude > _INFINITY_BITS else canonical
    return canonical ^ (canonical >> SHIFT_FOLD)


@_jit
def _add_row_major(words, multipliers, row_sums):
    n_rows, n_columns = words.shape
    for row in range(n_rows):
        total = row_sums[row]
        for column in range(n_columns):
            total += multipliers[column] * _folded_canonical(words[row, column])
        row_sums[row] = total


@_jit
def _add_column_major(columns, multipliers, row_sums):
    # ``columns`` is the transposed array: one row of it per column of values.
    n_columns, n_rows = columns.shape
    for start in range(0, n_rows, _ROWS_PER_BLOCK):
        stop = min(start + _ROWS_PER_BLOCK, n_rows)
        totals = row_sums[start:stop]
        for column in range(n_columns):
            multiplier = multipliers[column]
            # Slices of one dimension: the loop then vectorises.
            values = columns[column, start:stop]
            for row in range(stop - start):
                totals[row] += multiplier * _folded_canonical(values[row])


def add_contributions(words, multipliers, row_sums):
    """Add to ``row_sums`` the contributions of the float64 values whose bits are
    the 2-D uint64 array ``words`` (any memory layout), in place."""
    if words.flags.c_contiguous:
        _add_row_major(words, multipliers, row_sums)
    else:
        _add_column_major(words.T, multipliers, row_sums)


@_jit
def _finish(row_sums, width_word):
    for row in range(len(row_sums)):
        word = row_sums[row] + width_word
        word ^= word >> SHIFT_MIX
        word *= MIX_1
        word ^= word >> SHIFT_MIX
        word *= MIX_2
        word ^= word >> SHIFT_MIX
        row_sums[row] = word


def finish(row_sums, width_word):
    """The final mix of each row's sum (with the row width), in place."""
    _finish(row_sums, U64(width_word))


@_jit
def _count_members(sorted_query, sorted_reference):
    # A merge of the two sorted arrays, without branches on the values: their
    # order is random, so a branch would be mispredicted half of the time.
    n_query, n_reference = len(sorted_query), len(sorted_reference)
    query_position = reference_position = n_found = 0
    while query_position < n_query and reference_position < n_reference:
        query = sorted_query[query_position]
        reference = sorted_reference[reference_position]
        n_found += query == reference
        query_position += query <= reference
        reference_position += reference < query
    return n_found


def count_members(sorted_query, sorted_reference):
    """How many entries of ``sorted_query`` (counted with repetition) are in
    ``sorted_reference``; both sorted uint64 arrays."""
    return int(_count_members(sorted_query, sorted_reference))
