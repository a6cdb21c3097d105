"""Set operations on sorted fingerprints: duplicates within, members across."""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from safesplit._fingerprint._numeric import compiled_kernels

__all__ = [
    "count_duplicated_rows",
    "count_member_rows",
    "duplicated_rows",
    "isin_fingerprints",
]


def count_duplicated_rows(sorted_fingerprints):
    """Count the rows whose fingerprint occurs more than once.

    This is the number of rows that have a twin among the other rows: divided by
    the number of rows, it estimates how often a new row from the same source
    would already be present (a leave-one-out duplicate rate).

    Parameters
    ----------
    sorted_fingerprints : ndarray of shape (n_samples,), dtype uint64
        Fingerprints sorted in increasing order.

    Returns
    -------
    n_duplicated : int
        Number of rows that share their fingerprint with at least one other row.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit._fingerprint import count_duplicated_rows, row_fingerprints
    >>> fingerprints = np.sort(row_fingerprints([[1, 2], [1, 2], [3, 4]]))
    >>> count_duplicated_rows(fingerprints)
    2
    """
    sorted_fingerprints = np.asarray(sorted_fingerprints)
    if len(sorted_fingerprints) < 2:
        return 0
    equal_to_next = sorted_fingerprints[1:] == sorted_fingerprints[:-1]
    has_twin = np.zeros(len(sorted_fingerprints), dtype=bool)
    has_twin[1:] |= equal_to_next
    has_twin[:-1] |= equal_to_next
    return int(has_twin.sum())


def duplicated_rows(fingerprints):
    """Tell, for each row, whether its fingerprint occurs more than once.

    Parameters
    ----------
    fingerprints : ndarray of shape (n_samples,), dtype uint64
        Fingerprints in row order.

    Returns
    -------
    mask : ndarray of shape (n_samples,), dtype bool
        True where the row has a twin among the other rows, in row order.

    Examples
    --------
    >>> from safesplit._fingerprint import duplicated_rows, row_fingerprints
    >>> duplicated_rows(row_fingerprints([[1, 2], [3, 4], [1, 2]]))
    array([ True, False,  True])
    """
    _, inverse, counts = np.unique(
        np.asarray(fingerprints), return_inverse=True, return_counts=True
    )
    return counts[inverse.ravel()] > 1


def _found(query, sorted_reference):
    if len(sorted_reference) == 0:
        return np.zeros(len(query), dtype=bool)
    positions = np.searchsorted(sorted_reference, query)
    np.minimum(positions, len(sorted_reference) - 1, out=positions)
    return sorted_reference[positions] == query


def count_member_rows(sorted_query, sorted_reference):
    """Count the query rows whose fingerprint is among the reference fingerprints.

    Both arrays must be sorted: a sorted query makes the binary searches walk the
    reference in order, several times faster than random look-ups.

    Parameters
    ----------
    sorted_query : ndarray of shape (n_query,), dtype uint64
        Sorted fingerprints of the rows to look up.
    sorted_reference : ndarray of shape (n_reference,), dtype uint64
        Sorted fingerprints of the reference rows.

    Returns
    -------
    n_members : int
        Number of query rows (counted with repetition) found in the reference.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit._fingerprint import count_member_rows, row_fingerprints
    >>> reference = np.sort(row_fingerprints([[1.0], [2.0], [3.0]]))
    >>> count_member_rows(np.sort(row_fingerprints([[2], [5], [3]])), reference)
    2
    """
    sorted_query = np.asarray(sorted_query)
    sorted_reference = np.asarray(sorted_reference)
    compiled = compiled_kernels(
        sorted_query.size + sorted_reference.size, any_size_once_loaded=True
    )
    if (
        compiled is not None
        and sorted_query.dtype == sorted_reference.dtype == np.uint64
    ):
        # One merge of the two sorted arrays instead of a binary search per row.
        return compiled.count_members(sorted_query, sorted_reference)
    return int(_found(sorted_query, sorted_reference).sum())


def isin_fingerprints(query, sorted_reference):
    """Tell, for each query row, whether its fingerprint is in the reference.

    Parameters
    ----------
    query : ndarray of shape (n_query,), dtype uint64
        Fingerprints of the rows to look up, in any order.
    sorted_reference : ndarray of shape (n_reference,), dtype uint64
        Sorted fingerprints of the reference rows.

    Returns
    -------
    mask : ndarray of shape (n_query,), dtype bool
        True where the query row is among the reference rows. The answer does
        not depend on the order of the reference rows.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit._fingerprint import isin_fingerprints, row_fingerprints
    >>> reference = np.sort(row_fingerprints([[0.0, 1.0], [np.nan, 2.0]]))
    >>> isin_fingerprints(row_fingerprints([[np.nan, 2], [1, 0]]), reference)
    array([ True, False])
    """
    return _found(np.asarray(query), np.asarray(sorted_reference))
