"""Benchmark CombinatorialPurgedCV, and check it against skfolio's.

Iterates every split of ``CombinatorialPurgedCV(10, 2)`` (45 splits) on one row
per time with per-sample label end times, at 1e6 and 1e7 rows, and compares it at
1e6 rows, in the same run, with skfolio's ``CombinatorialPurgedCV`` (which builds
an ``n_samples x n_splits`` matrix). Time is the best of ``--repeat`` runs without
tracing; peak memory is measured in a separate run under ``tracemalloc``, which
sees numpy's allocations; the inputs are built before tracing starts.

Then checks that, with one row per time, an integer horizon h and embargo e, the
splits equal skfolio's ``CombinatorialPurgedCV(n_folds=N, n_test_folds=k,
purged_size=h, embargo_size=e)`` wherever the fold layouts coincide (the number of
rows divisible by N).

Usage::

    python benchmarks/bench_combinatorial.py                 # the full run
    python benchmarks/bench_combinatorial.py --sizes 1e5 --skfolio-size 1e5

skfolio is in the ``bench`` extra (``pip install -e .[bench]``); without it the
comparison and the check are skipped with a note.
"""

import argparse
import gc
import itertools
import sys
import time
import tracemalloc
from functools import partial

import numpy as np

from safesplit import CombinatorialPurgedCV


def _load_skfolio():
    try:
        from skfolio.model_selection import CombinatorialPurgedCV as SkfolioCPCV
    except ImportError:
        return None
    return SkfolioCPCV


def make_data(n, max_lag, seed=0):
    """One row per time; each label ends 0..max_lag periods later."""
    rng = np.random.default_rng(seed)
    times = np.arange(n, dtype=np.int64)
    end_times = times + rng.integers(0, max_lag + 1, size=n)
    X = np.zeros((n, 1), dtype=np.float32)
    return X, times, end_times


def iterate_safesplit(cv, X, **split_kwargs):
    total = 0
    for train, test in cv.split(X, **split_kwargs):
        total += train.shape[0] + test.shape[0]
    return total


def iterate_skfolio(cv, X):
    total = 0
    for train, tests in cv.split(X):
        total += train.shape[0] + sum(test.shape[0] for test in tests)
    return total


def measure(run, repeat):
    """Best wall time of ``repeat`` runs, then the traced peak of one more."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    try:
        run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return best, peak


def check_against_skfolio(SkfolioCPCV):
    """Compare splits on every configuration where both define the same folds."""
    compared, refused, mismatches = 0, 0, []
    for n_groups in (3, 4, 5, 6, 10):
        for rows_per_fold in (5, 8, 13):
            n = n_groups * rows_per_fold
            X = np.zeros((n, 1))
            for k, h, e in itertools.product(range(2, n_groups), range(4), range(3)):
                if h + e >= rows_per_fold - 1:  # skfolio refuses these
                    continue
                theirs = list(
                    SkfolioCPCV(
                        n_folds=n_groups, n_test_folds=k, purged_size=h, embargo_size=e
                    ).split(X)
                )
                compared += 1
                cv = CombinatorialPurgedCV(n_groups, k, horizon=h, embargo=e)
                try:
                    ours = list(cv.split(X))
                except ValueError as exc:
                    # We refuse a split with an empty training set; skfolio
                    # yields it.
                    if "empty training set" in str(exc) and any(
                        train.shape[0] == 0 for train, _ in theirs
                    ):
                        refused += 1
                    else:
                        mismatches.append((n, n_groups, k, h, e))
                    continue
                same = len(ours) == len(theirs) and all(
                    np.array_equal(a_train, b_train)
                    and np.array_equal(a_test, np.sort(np.concatenate(b_tests)))
                    for (a_train, a_test), (b_train, b_tests) in zip(ours, theirs)
                )
                if not same:
                    mismatches.append((n, n_groups, k, h, e))
    return compared, refused, mismatches


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e6, 1e7])
    parser.add_argument("--skfolio-size", type=float, default=1e6)
    parser.add_argument("--n-groups", type=int, default=10)
    parser.add_argument("--n-test-groups", type=int, default=2)
    parser.add_argument(
        "--horizon", type=int, default=5, help="max label length; skfolio purge"
    )
    parser.add_argument("--embargo", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-skfolio", action="store_true")
    args = parser.parse_args(argv)

    SkfolioCPCV = None if args.no_skfolio else _load_skfolio()
    N, k, h, e = args.n_groups, args.n_test_groups, args.horizon, args.embargo
    n_splits = CombinatorialPurgedCV(N, k).get_n_splits()
    print(
        f"CombinatorialPurgedCV({N}, {k}): {n_splits} splits; one row per time; "
        f"per-sample end times (labels 0..{h} periods long); embargo={e}; "
        f"time = best of {args.repeat}; peak = tracemalloc peak of one run\n"
    )
    rows, ours_at, sk_at = [], {}, None
    sizes = sorted({int(s) for s in args.sizes} | {int(args.skfolio_size)})
    for n in sizes:
        X, times, end_times = make_data(n, h)
        cv = CombinatorialPurgedCV(N, k, embargo=e)
        run = partial(iterate_safesplit, cv, X, times=times, end_times=end_times)
        ours_at[n] = measure(run, args.repeat)
        rows.append(("safesplit, end_times", n, *ours_at[n]))
        if n == int(args.skfolio_size):
            cv_h = CombinatorialPurgedCV(N, k, horizon=h, embargo=e)
            run = partial(iterate_safesplit, cv_h, X)
            rows.append((f"safesplit, horizon={h}", n, *measure(run, args.repeat)))
            if SkfolioCPCV is not None:
                sk = SkfolioCPCV(
                    n_folds=N, n_test_folds=k, purged_size=h, embargo_size=e
                )
                sk_at = measure(partial(iterate_skfolio, sk, X), args.repeat)
                rows.append((f"skfolio, purged_size={h}", n, *sk_at))
        del X, times, end_times
        gc.collect()

    print("| implementation | rows | time (s) | peak memory (MiB) |")
    print("| --- | ---: | ---: | ---: |")
    for name, n, seconds, peak in rows:
        print(f"| {name} | {n:,} | {seconds:.3f} | {peak / 2**20:.1f} |")

    status = 0
    if SkfolioCPCV is None:
        print("\nskfolio is not installed: comparison and equivalence check skipped.")
        return status
    n = int(args.skfolio_size)
    time_ratio = ours_at[n][0] / sk_at[0]
    memory_ratio = ours_at[n][1] / sk_at[1]
    print(
        f"\nat {n:,} rows, safesplit (end_times) / skfolio: time {time_ratio:.3f} "
        f"(target <= 0.5), peak memory {memory_ratio:.3f} (target <= 0.1)"
    )
    if time_ratio > 0.5 or memory_ratio > 0.1:
        print("TARGET MISSED")
        status = 1
    compared, refused, mismatches = check_against_skfolio(SkfolioCPCV)
    if mismatches:
        print(f"equivalence with skfolio: {len(mismatches)} of {compared} differ:")
        for case in mismatches[:10]:
            print("  n={} N={} k={} h={} e={}".format(*case))
        status = 1
    else:
        print(
            f"equivalence with skfolio: {compared} configurations (N in 3..10, k in "
            "2..N-1, h in 0..3, e in 0..2 with h + e < n/N - 1, n = N x 5, 8, 13): "
            f"{compared - refused} give identical splits; in the other {refused} "
            "skfolio yields a split with an empty training set, which safesplit "
            "refuses with an error"
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
