"""Every private pandas function safesplit uses, each with a public fallback.

pandas' private functions carry no promise across versions, so each is looked up
once here and replaced by a numpy equivalent (slower, same result) when it is
missing or refuses its input.
"""

import numpy as np

try:  # a counting sort in C, used by groupby since pandas 1.x
    from pandas._libs.algos import groupsort_indexer as _groupsort_indexer
except ImportError:  # pragma: no cover - depends on the installed pandas
    _groupsort_indexer = None

__all__ = ["counting_sort_order"]


def counting_sort_order(codes, n_codes, *, use_pandas=True):
    """``(order, counts)``: the stable order of integer ``codes`` in ``[0, n_codes)``.

    ``order`` equals ``np.argsort(codes, kind="stable")`` and ``counts`` equals
    ``np.bincount(codes, minlength=n_codes)``; the cost is O(n + n_codes). pandas'
    counting sort is used when it is available (``use_pandas``), else numpy's radix
    sort on 8- or 16-bit keys, in two passes of 16 bits beyond that.
    """
    if use_pandas and _groupsort_indexer is not None:
        try:
            order, counts = _groupsort_indexer(
                np.asarray(codes, dtype=np.intp), int(n_codes)
            )
        except (TypeError, ValueError):  # pragma: no cover - another pandas
            pass
        else:
            # pandas counts the code -1 first; codes here are never negative.
            return order, counts[1:]
    return _radix_order(codes, n_codes), np.bincount(codes, minlength=n_codes)


def _radix_order(codes, n_codes):
    """numpy's stable sort is a radix sort on integers of at most 16 bits: sort by
    the low 16 bits, then stably by the rest (least significant digit first)."""
    if n_codes <= 1 << 8:
        return np.argsort(codes.astype(np.uint8), kind="stable")
    if n_codes <= 1 << 16:
        return np.argsort(codes.astype(np.uint16), kind="stable")
    order = np.argsort(codes.astype(np.uint16), kind="stable")  # wraps: low 16 bits
    high = np.right_shift(codes, 16)[order]
    high_dtype = np.uint16 if n_codes <= 1 << 32 else np.int64
    return order[np.argsort(high.astype(high_dtype), kind="stable")]
