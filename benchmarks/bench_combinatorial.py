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

Last, on unsorted panels (``--unsorted-rows-per-period`` rows per hourly period, in
asset-major order, all times of one asset then the next, and in random order, with
end times ``times + U{1..5} days`` and an embargo of one day) at
``--unsorted-sizes``, it times ``CombinatorialPurgedCV(10, 2)`` (45 splits) next to
scikit-learn's ``KFold(5)`` iterated nine times (45 splits of the same 80/20 sizes)
on the same rows, interleaved, and prints the ratio of the minima (target <= 3x).

Usage::

    python benchmarks/bench_combinatorial.py                 # the full run
    python benchmarks/bench_combinatorial.py --sizes 1e5 --skfolio-size 1e5 \
        --unsorted-sizes 1e5

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
from sklearn.model_selection import KFold

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


def make_panel(n, rows_per_period, order, seed=0):
    """Hourly times with ``rows_per_period`` rows each, in asset-major or random
    order; label end times ``times + U{1..5} days``."""
    rng = np.random.default_rng(seed)
    n_periods = -(-n // rows_per_period)
    hours = np.datetime64("1990-01-01T00:00", "ns") + np.arange(
        n_periods
    ) * np.timedelta64(1, "h")
    if order == "asset-major":
        times = np.tile(hours, rows_per_period)[:n]
    else:
        times = rng.permutation(np.repeat(hours, rows_per_period)[:n])
    lags = rng.integers(1, 6, n) * np.timedelta64(1, "D")
    return np.zeros((n, 1), dtype=np.float32), times, times + lags


def consume(splits):
    total = 0
    for train, test in splits:
        total += int(train.sum()) + int(test.sum())
    return total


def best_of_interleaved(cases, repeat, clock=time.perf_counter):
    """Minimum time of each case over ``repeat`` rounds, one run per round."""
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(repeat):
        for name, run in cases.items():
            gc.collect()
            start = clock()
            run()
            best[name] = min(best[name], clock() - start)
    return best


def unsorted_ratios(sizes, rows_per_period, repeat, clock=time.perf_counter):
    """``(rows, order, cpcv s, kfold x 9 s)`` with the minima of interleaved runs."""
    results = []
    for n in sizes:
        for order in ("asset-major", "random"):
            X, times, end_times = make_panel(n, rows_per_period, order)
            cv = CombinatorialPurgedCV(10, 2, embargo="1D")
            best = best_of_interleaved(
                {
                    "cpcv": lambda X=X, t=times, e=end_times, cv=cv: consume(
                        cv.split(X, times=t, end_times=e)
                    ),
                    "kfold": lambda X=X: consume(nine_kfolds(X)),
                },
                repeat,
                clock,
            )
            results.append((n, order, best["cpcv"], best["kfold"]))
    return results


def nine_kfolds(X):
    """45 splits of KFold(5)'s 80/20 sizes: as many as CPCV(10, 2) yields."""
    return itertools.chain.from_iterable(KFold(5).split(X) for _ in range(9))


def print_unsorted(results, rows_per_period, repeat, clock_name):
    print(
        f"\nUnsorted panels ({rows_per_period} rows per hourly period), "
        f"CombinatorialPurgedCV(10, 2, embargo='1D') with end times, next to KFold(5) "
        f"x 9 on the same rows; minimum {clock_name} time of {repeat} interleaved "
        "runs:\n"
    )
    print("| rows | order | CPCV(10, 2) s | KFold(5) x 9 s | ratio | <= 3x |")
    print("| ---: | --- | ---: | ---: | ---: | --- |")
    for n, order, ours, base in results:
        ratio = ours / base
        print(
            f"| {n:,} | {order} | {ours:.3f} | {base:.3f} | {ratio:.2f}x | "
            f"{'met' if ratio <= 3 else 'NOT MET'} |"
        )


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
    parser.add_argument("--unsorted-sizes", nargs="*", type=float, default=[1e6, 1e7])
    parser.add_argument("--unsorted-rows-per-period", type=int, default=100)
    parser.add_argument(
        "--only-unsorted", action="store_true", help="only the unsorted panels"
    )
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="time the unsorted panels in wall time or in this process's CPU time",
    )
    args = parser.parse_args(argv)
    if args.only_unsorted:
        run_unsorted(args)
        return 0

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
        run_unsorted(args)
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
    run_unsorted(args)
    return status


def run_unsorted(args):
    sizes = [int(size) for size in args.unsorted_sizes]
    if sizes:
        clock = time.process_time if args.clock == "cpu" else time.perf_counter
        results = unsorted_ratios(
            sizes, args.unsorted_rows_per_period, args.repeat, clock
        )
        print_unsorted(results, args.unsorted_rows_per_period, args.repeat, args.clock)


if __name__ == "__main__":
    sys.exit(main())
