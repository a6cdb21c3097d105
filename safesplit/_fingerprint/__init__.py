"""Row fingerprints: one 64-bit hash per row, equal for rows holding equal values.

A fingerprint lets :class:`~safesplit.GuardedPipeline` remember which rows it was
fitted on at a cost of 8 bytes a row, and later tell which evaluation rows are
among them, without keeping the data.

Rows are compared by value, after canonicalisation:

- Numbers of any dtype (bool, signed and unsigned integers, floats, and Python
  numbers in object columns) are compared as float64 values, which is what
  scikit-learn estimators see: ``3``, ``3.0``, ``np.float32(3)`` and
  ``np.uint8(3)`` hash alike, and so do ``True``, ``1`` and ``1.0`` (as
  ``True == 1 == 1.0`` in Python and NumPy). Integers beyond ``2**53`` in
  magnitude are rounded to float64 first, as NumPy does when it mixes them
  with floats.
- The same row across dtypes: a number below ``2**24`` in magnitude is compared
  at float32 precision (rounded to 24 significant bits), so that rows cast to
  float32 are the rows they were cast from: ``np.float32(0.1)`` is ``0.1``, and
  a float32 copy of the training rows is found among them. Values that agree
  to float32 precision (a relative difference below about ``6e-8``) are
  therefore equal. From ``2**24`` on, where float32 would merge distinct
  integers (identifiers, timestamps in seconds, integer columns that missing
  values made float), numbers are compared exactly, so a float32 copy of such
  a value is not found. A value exactly halfway between two float32 values (25
  significant bits, such as ``8388609.5``) rounds away from zero where a
  float32 cast rounds to even: half of those are not found in a float32 copy.
- ``-0.0`` hashes as ``0.0``; every NaN, whatever its payload, hashes alike, and
  so do the other missing values (``None``, ``pd.NA``, ``pd.NaT``).
- Strings hash by content (``"a"`` in an object, ``str`` or numpy ``<U`` column
  alike); bytes by content, but never equal to a string.
- Dates and durations (``datetime64``, ``timedelta64``, :class:`pandas.Timestamp`,
  :class:`datetime.datetime`) hash by their exact nanosecond value.
- A row is the sequence of its values by position: column names are ignored,
  so a :class:`pandas.DataFrame`, an ndarray, a list of rows and a SciPy sparse
  matrix holding the same values give the same fingerprints. A 1-D input (a
  list of documents, a Series) is one column. Arrays with more than two
  dimensions are flattened to one row per first-axis entry.

Numeric data is hashed with vectorised NumPy code in row blocks (no Python loop
over rows), or, when numba is installed (the ``fast`` extra) and the input is
large, by a compiled kernel that reads each value once and gives the same bits;
``SAFESPLIT_FINGERPRINT_KERNEL=numpy`` (or ``numba``) forces the choice. A large
input is cut into ranges of rows hashed by as many threads as scikit-learn's own
parallel code would use (limit them with ``threadpoolctl`` or
``OMP_NUM_THREADS``). Columns of strings, bytes and dates use pandas' vectorised
hashing. Object columns that mix types or hold unhashable values (lists, dicts, arrays)
take a slower path with one Python call per value: each value is turned into a
canonical text (numbers as floats, dict items sorted, sets sorted) and hashed.
Objects of other types are hashed through ``repr``: types whose ``repr`` is not
determined by their value (the default ``<object at 0x...>``) never match.

How a row is hashed: each value becomes a 64-bit word (the bits of the
canonical float64, or a 64-bit hash of the value for other types). A word ``w``
in column ``j`` contributes ``M_j * (w ^ (w >> 32))`` modulo ``2**64``, with
``M_j`` an odd constant derived from ``j``; the row's fingerprint is a final
avalanche mix of the sum of the contributions and the number of columns. Zeros
contribute nothing, which is why sparse and dense rows hash alike. Two rows that
differ in a single canonical value never collide; other distinct rows collide with a
probability of the order of ``2**-33`` for the most structured pairs (values
differing only by sign in two columns) and ``2**-64`` for typical pairs.
Fingerprints are deterministic and do not depend on the process (no use of
Python's salted ``hash``), so they survive pickling.
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

from safesplit._fingerprint._hashing import row_fingerprints
from safesplit._fingerprint._lookup import (
    count_duplicated_rows,
    count_member_rows,
    duplicated_rows,
    isin_fingerprints,
)
from safesplit._fingerprint._numeric import one_thread

__all__ = [
    "count_duplicated_rows",
    "count_member_rows",
    "duplicated_rows",
    "isin_fingerprints",
    "one_thread",
    "row_fingerprints",
]
