"""The numeric kernel of the fingerprints: canonical words of numbers, mixed into
one 64-bit sum per row, and the final mix of each row's sum.

Two implementations compute the same bits. The NumPy one, always present, runs a
dozen vectorised passes over blocks of rows that fit in cache. The compiled one
(:mod:`._compiled`, with numba) makes one pass over the values; it is used when
numba is installed and the process has hashed enough values to repay numba's
start-up (its import, and loading the cached kernels once per process). The environment
variable ``SAFESPLIT_FINGERPRINT_KERNEL`` chooses: ``auto`` (the default),
``numpy``, or ``numba`` (for any size, an error if numba is missing).
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import contextlib
import functools
import importlib.util
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from safesplit._fingerprint._bits import (
    CANONICAL_NAN,
    EXACT_FROM_BITS,
    GOLDEN,
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
from safesplit._sklearn_compat import effective_n_threads

__all__ = [
    "KERNEL_VARIABLE",
    "add_column",
    "canonical_float_words",
    "column_multipliers",
    "compiled_kernels",
    "finish",
    "numeric_row_sums",
    "one_thread",
]

# Rows hashed per block of the NumPy kernel: blocks of about 64k values keep
# the working buffers (512 kB each) in cache.
_BLOCK_VALUES = 1 << 16

KERNEL_VARIABLE = "SAFESPLIT_FINGERPRINT_KERNEL"
_KERNEL_CHOICES = ("auto", "numpy", "numba")
# Inputs are hashed by several threads when each gets at least this many values
# (a few milliseconds of work: more than starting a thread costs).
_VALUES_PER_THREAD = 1 << 20
# Below this many values, NumPy takes about a millisecond: once numba is loaded,
# smaller inputs still stay with NumPy (a call into numba costs more than that).
_COMPILED_FROM_VALUES = 1 << 18
# Loading numba costs about 0.45 s (import, and the cached kernels); NumPy takes
# about 1.2 ns a value more than numba (``benchmarks/bench_guard.py`` prints
# both). Rent or buy: NumPy hashes until it has spent about what loading costs,
# about 2**28 values, then numba is loaded. A one-off audit of 10,000 x 50 never
# pays the half second; a long cross-validation pays it once, early, and never
# more than twice what the better choice in hindsight would have cost.
_LOAD_COMPILED_AFTER_VALUES = 1 << 28
# Values the NumPy kernel was chosen for in this process (under ``auto``).
_numpy_values = 0
# Per thread: whether to hash with that thread alone (see one_thread).
_this_thread = threading.local()


@contextlib.contextmanager
def one_thread():
    """Inside, the calling thread hashes alone, without a pool of its own: it
    runs beside other work (a fit) that keeps the other cores busy."""
    previous = getattr(_this_thread, "alone", False)
    _this_thread.alone = True
    try:
        yield
    finally:
        _this_thread.alone = previous


# ---------------------------------------------------------------------------
# Which kernel.


@functools.cache
def _load_compiled():
    """The compiled kernels' module, or the reason it cannot be used."""
    if importlib.util.find_spec("numba") is None:
        return None, "numba is not installed"
    try:
        from safesplit._fingerprint import _compiled
    except (
        Exception
    ) as exc:  # any numba that cannot run here: NumPy gives the same bits
        return None, f"numba could not be loaded ({type(exc).__name__}: {exc})"
    if _compiled.JIT_DISABLED:
        # NUMBA_DISABLE_JIT would run the kernels as Python loops over values.
        return None, "numba's JIT is disabled (NUMBA_DISABLE_JIT)"
    return _compiled, None


def compiled_kernels(n_values, *, any_size_once_loaded=False):
    """The module of compiled kernels to use for an input of ``n_values`` values,
    or None for the NumPy kernel, as ``SAFESPLIT_FINGERPRINT_KERNEL`` says.

    Under ``auto``, numba is loaded once the NumPy kernel has been chosen for
    ``_LOAD_COMPILED_AFTER_VALUES`` values in this process (counting this input),
    then used for inputs of at least ``_COMPILED_FROM_VALUES`` values. With
    ``any_size_once_loaded``, a small input too uses numba if it is already
    loaded (for kernels whose argument types never vary, which are compiled or
    loaded from the cache once and for all).
    """
    global _numpy_values
    choice = os.environ.get(KERNEL_VARIABLE, "auto").strip().lower() or "auto"
    if choice not in _KERNEL_CHOICES:
        raise ValueError(
            f"The environment variable {KERNEL_VARIABLE} must be one of "
            f"{', '.join(map(repr, _KERNEL_CHOICES))}; got {choice!r}. Unset it "
            "to let safesplit choose."
        )
    if choice == "numpy":
        return None
    if choice == "auto":
        loaded = _load_compiled.cache_info().currsize > 0
        if loaded:
            if n_values < _COMPILED_FROM_VALUES and not any_size_once_loaded:
                return None
        elif _numpy_values + n_values < _LOAD_COMPILED_AFTER_VALUES:
            # An approximate count is enough: threads may add at once.
            _numpy_values += n_values
            return None
    module, reason = _load_compiled()
    if module is None and choice == "numba":
        raise ImportError(
            f"{KERNEL_VARIABLE}=numba, but {reason}: install it with `pip install "
            f"numba`, or set {KERNEL_VARIABLE}=auto to use NumPy without it."
        )
    return module


# ---------------------------------------------------------------------------
# Words, multipliers and the final mix (the same bits with either kernel).


def _avalanche(words, scratch=None):
    """Mix 64-bit words in place so that every input bit affects every output bit."""
    scratch = np.empty_like(words) if scratch is None else scratch
    for multiplier in (MIX_1, MIX_2, None):
        np.right_shift(words, SHIFT_MIX, out=scratch)
        words ^= scratch
        if multiplier is not None:
            words *= multiplier
    return words


def column_multipliers(columns):
    """Odd 64-bit multipliers, one per column index, fixed for all time."""
    columns = np.asarray(columns, dtype=U64)
    multipliers = _avalanche((columns + U64(1)) * GOLDEN)
    return multipliers | U64(1)


def _width_word(n_columns):
    # Python integers, reduced by hand: NumPy warns on scalar uint64 overflow.
    return U64((n_columns * int(GOLDEN)) % 2**64)


def finish(row_sums, n_columns):
    """The fingerprints of rows of ``n_columns`` values from their sums, computed
    in place in ``row_sums`` (which the caller owns) and returned."""
    width_word = _width_word(n_columns)
    compiled = compiled_kernels(len(row_sums))
    if compiled is not None:
        compiled.finish(row_sums, width_word)
        return row_sums
    # In blocks: whole-array temporaries of a large array would cost page faults.
    scratch = np.empty(min(len(row_sums), _BLOCK_VALUES), dtype=U64)
    for start in range(0, len(row_sums), _BLOCK_VALUES):
        block = row_sums[start : start + _BLOCK_VALUES]
        block += width_word
        _avalanche(block, scratch[: len(block)])
    return row_sums


def _needs_rounding(dtype):
    """Whether values of this dtype can hold more than float32 precision (the
    rounding leaves the others unchanged: it is skipped for them)."""
    return (dtype.kind == "f" and dtype.itemsize > 4) or dtype.kind == "O"


def _has_large_values(words):
    """Whether float64 words hold a value of magnitude 2**24 or more (or a NaN or
    an infinity), with two read-only integer reductions."""
    # Non-negative floats order as their bits viewed as int64; negative ones,
    # whose sign bit is set, as their bits viewed as uint64.
    if words.view(np.int64).max() >= EXACT_FROM_BITS.view(np.int64):
        return True
    largest = words.max()
    return bool(largest >= SIGN_BIT and (largest ^ SIGN_BIT) >= EXACT_FROM_BITS)


def _canonical_words(floats, rounding):
    """The float64 array ``floats`` (-0.0 already made 0.0), made canonical in
    place and viewed as words: NaN canonical and, if ``rounding``, values below
    2**24 in magnitude at float32 precision."""
    words = floats.view(U64)
    if not rounding:
        # One cheap reduction finds arrays holding a NaN (an inf - inf sum only
        # sends them down the exact test, which is harmless).
        if np.isnan(np.add.reduce(floats, axis=None)):
            floats[np.isnan(floats)] = CANONICAL_NAN
        return words
    if not _has_large_values(words):
        words += HALF_DROPPED
        words &= KEPT_BITS
        return words
    floats[np.isnan(floats)] = CANONICAL_NAN
    exact = words.copy()
    words += HALF_DROPPED
    words &= KEPT_BITS
    np.copyto(words, exact, where=(exact & MAGNITUDE_BITS) >= EXACT_FROM_BITS)
    return words


def canonical_float_words(values):
    """Return float64 copies of ``values`` viewed as words, as they are compared:
    -0.0 and NaN canonical, below 2**24 in magnitude at float32 precision."""
    # x + 0.0 turns -0.0 into 0.0; a signalling NaN would warn "invalid value".
    with np.errstate(invalid="ignore"):
        floats = np.add(values, 0.0, dtype=np.float64)
    return _canonical_words(floats, _needs_rounding(np.asarray(values).dtype))


def add_column(row_sums, words, column):
    """Add the contributions of one column of words to ``row_sums``, in place."""
    folded = words ^ (words >> SHIFT_FOLD)
    folded *= column_multipliers([column])[0]
    row_sums += folded


# ---------------------------------------------------------------------------
# Numeric rows.


def numeric_row_sums(X, columns=None):
    """Sum of the contributions of all columns of numeric data, per row.

    ``X`` is a 2-D array or a list of 1-D column arrays of equal length (the
    columns of a DataFrame with mixed dtypes). ``columns`` gives the position of
    each column in the full row (default: ``0, 1, ...``). A large input is cut
    into ranges of rows hashed by as many threads as scikit-learn would use;
    each row is summed by one thread, so the result does not depend on them.
    """
    if isinstance(X, np.ndarray):
        n_rows, n_columns = X.shape
    else:
        n_rows, n_columns = (len(X[0]) if X else 0), len(X)
    row_sums = np.zeros(n_rows, dtype=U64)
    if n_rows == 0 or n_columns == 0:
        return row_sums
    multipliers = column_multipliers(
        np.arange(n_columns) if columns is None else columns
    )
    n_values = n_rows * n_columns
    compiled = compiled_kernels(n_values)
    n_threads = 1
    if n_values >= 2 * _VALUES_PER_THREAD and not getattr(_this_thread, "alone", False):
        n_threads = min(effective_n_threads(), n_values // _VALUES_PER_THREAD)
    if n_threads <= 1:
        _add_rows(X, multipliers, compiled, row_sums)
        return row_sums

    def add_rows(start, stop):
        rows = (
            X[start:stop] if isinstance(X, np.ndarray) else [c[start:stop] for c in X]
        )
        _add_rows(rows, multipliers, compiled, row_sums[start:stop])

    edges = np.linspace(0, n_rows, n_threads + 1).astype(np.intp)
    # The kernels release the GIL (NumPy's ufuncs, numba's nogil functions).
    with ThreadPoolExecutor(n_threads) as pool:
        for done in [pool.submit(add_rows, *r) for r in zip(edges[:-1], edges[1:])]:
            done.result()
    return row_sums


def _add_rows(X, multipliers, compiled, row_sums):
    """Add the contributions of the rows ``X`` (an array, or a list of columns)
    to ``row_sums``. The data is read in blocks of rows into reused buffers:
    whole-column temporaries of a large array would cost page faults. The
    compiled kernel reads float64 arrays in place."""
    if compiled is not None and isinstance(X, np.ndarray) and X.dtype == np.float64:
        compiled.add_contributions(X.view(U64), multipliers, row_sums)
        return
    n_rows, n_columns = len(row_sums), len(multipliers)
    block_rows = max(1, _BLOCK_VALUES // n_columns)
    floats = np.empty((min(block_rows, n_rows), n_columns), dtype=np.float64)
    if compiled is not None:
        add_block = functools.partial(_add_block_compiled, compiled, multipliers)
    else:
        dtypes = [X.dtype] if isinstance(X, np.ndarray) else [c.dtype for c in X]
        # Integers and float32 already have float32 precision: no rounding.
        rounding = any(_needs_rounding(dtype) for dtype in dtypes)
        scratch = np.empty(floats.shape, dtype=U64)
        add_block = functools.partial(_add_block, multipliers, scratch, rounding)
    with np.errstate(invalid="ignore", over="ignore"):
        for start in range(0, n_rows, block_rows):
            stop = min(start + block_rows, n_rows)
            block = floats[: stop - start]
            # x + 0.0 turns -0.0 into 0.0 while copying into the reused buffer.
            if isinstance(X, np.ndarray):
                np.add(X[start:stop], 0.0, out=block, casting="unsafe")
            else:
                for position, column in enumerate(X):
                    np.add(
                        column[start:stop],
                        0.0,
                        out=block[:, position],
                        casting="unsafe",
                    )
            add_block(block, row_sums[start:stop])


def _add_block(multipliers, scratch, rounding, block, row_sums):
    """The NumPy kernel: one block of float64 rows (a reused buffer, changed in
    place), its contributions written to ``row_sums``."""
    words = _canonical_words(block, rounding)
    shifted = scratch[: len(block)]
    np.right_shift(words, SHIFT_FOLD, out=shifted)
    np.bitwise_xor(words, shifted, out=words)
    np.einsum("ij,j->i", words, multipliers, out=row_sums)


def _add_block_compiled(compiled, multipliers, block, row_sums):
    compiled.add_contributions(block.view(U64), multipliers, row_sums)
