"""The constants of the hash, shared by its NumPy and compiled kernels.

They define the fingerprints: changing one changes every fingerprint, and so
breaks the comparison of fingerprints kept by a fitted pipeline with new ones.
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

U64 = np.uint64
GOLDEN = U64(0x9E3779B97F4A7C15)
MIX_1 = U64(0xFF51AFD7ED558CCD)
MIX_2 = U64(0xC4CEB9FE1A85EC53)
SHIFT_FOLD = U64(32)
SHIFT_MIX = U64(33)
CANONICAL_NAN = np.float64(np.nan)
# Numbers below 2**24 in magnitude are compared at float32 precision (24
# significant bits), so that a float32 copy of float64 rows is the same rows.
# Larger numbers are compared exactly: float32 would merge distinct integers
# from 2**24 on (identifiers, timestamps in seconds, integer columns that NaNs
# made float).
EXACT_FROM_BITS = np.float64(2.0**24).view(U64)
MAGNITUDE_BITS = U64(0x7FFFFFFFFFFFFFFF)
SIGN_BIT = U64(0x8000000000000000)
# Rounding the float64 bits to the 23 mantissa bits of float32: add half of the
# 29 dropped bits, then clear them. A carry out of the mantissa raises the
# exponent, as it must. Halfway values round away from zero, where a float32
# cast rounds them to even: two integer operations instead of five, for values
# of exactly 25 significant bits only (such as 8388609.5).
HALF_DROPPED = U64(1 << 28)
KEPT_BITS = U64((2**64 - 1) ^ ((1 << 29) - 1))
