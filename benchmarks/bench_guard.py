"""Cost of GuardedPipeline against a plain Pipeline in cross-validation.

Times ``cross_val_score`` of StandardScaler + LogisticRegression on 200,000 x 50
with 5 folds, for a plain ``Pipeline`` and a ``GuardedPipeline`` in the same run.
Repeats are interleaved (plain, guarded, guarded, plain, ...) so that drift in the
machine's load hits both alike; medians and their ratio are reported, with the
fingerprint memory per fitted row.

Run: python benchmarks/bench_guard.py [--repeats 5] [--n-samples 200000]
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import argparse
import platform
import statistics
import time

import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from safesplit import make_guarded_pipeline
from safesplit._fingerprint import row_fingerprints


def _time_cv(pipeline, X, y, n_splits):
    """Wall-clock and CPU seconds of one cross_val_score, and its scores."""
    wall, cpu = time.perf_counter(), time.process_time()
    scores = cross_val_score(pipeline, X, y, cv=n_splits)
    return time.perf_counter() - wall, time.process_time() - cpu, scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=200_000)
    parser.add_argument("--n-features", type=int, default=50)
    parser.add_argument("--n-splits", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    X, y = make_classification(
        n_samples=args.n_samples,
        n_features=args.n_features,
        n_informative=10,
        random_state=0,
    )
    plain = make_pipeline(StandardScaler(), LogisticRegression())
    guarded = make_guarded_pipeline(StandardScaler(), LogisticRegression())

    # Warm-up: imports, first-call allocations, CPU frequency.
    _time_cv(plain, X, y, args.n_splits)
    _time_cv(guarded, X, y, args.n_splits)

    times = {"plain": [], "guarded": []}
    cpu_times = {"plain": [], "guarded": []}
    scores = {}
    for repeat in range(args.repeats):
        order = ("plain", "guarded") if repeat % 2 == 0 else ("guarded", "plain")
        for name in order:
            elapsed, cpu, scores[name] = _time_cv(
                plain if name == "plain" else guarded, X, y, args.n_splits
            )
            times[name].append(elapsed)
            cpu_times[name].append(cpu)

    fitted = guarded.fit(X, y)
    bytes_per_row = fitted.train_fingerprints_.nbytes / X.shape[0]
    n_train = X.shape[0] * (args.n_splits - 1) // args.n_splits
    hash_times = []
    for _ in range(5):
        start = time.perf_counter()
        row_fingerprints(X[:n_train])
        hash_times.append(time.perf_counter() - start)

    median = {name: statistics.median(values) for name, values in times.items()}
    cpu_median = {name: statistics.median(v) for name, v in cpu_times.items()}
    print(
        f"cross_val_score, StandardScaler + LogisticRegression, "
        f"{args.n_samples:,} x {args.n_features}, {args.n_splits} folds, "
        f"{args.repeats} interleaved repeats"
    )
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"scikit-learn {sklearn.__version__}"
    )
    print()
    header = ("pipeline", "wall median", "wall min", "wall max", "CPU median")
    print("| {:<15} | {:>11} | {:>8} | {:>8} | {:>10} |".format(*header))
    print("| {} | {} | {} | {} | {} |".format(*("-" * w for w in (15, 11, 8, 8, 10))))
    for name, label in (("plain", "Pipeline"), ("guarded", "GuardedPipeline")):
        values = times[name]
        print(
            f"| {label:<15} | {median[name]:>10.3f}s | {min(values):>7.3f}s "
            f"| {max(values):>7.3f}s | {cpu_median[name]:>9.3f}s |"
        )
    print(
        "| {:<15} | {:>11.3f} | {:>8.3f} | {:>8.3f} | {:>10.3f} |".format(
            "guarded / plain",
            median["guarded"] / median["plain"],
            min(times["guarded"]) / min(times["plain"]),
            max(times["guarded"]) / max(times["plain"]),
            cpu_median["guarded"] / cpu_median["plain"],
        )
    )
    print()
    print("target: guarded within 5% of plain (ratio <= 1.05)")
    identical = bool(np.array_equal(scores["plain"], scores["guarded"]))
    print(f"scores identical: {identical}")
    print(
        f"fingerprint memory: {bytes_per_row:.1f} bytes per fitted row "
        f"({fitted.train_fingerprints_.nbytes:,} bytes for {X.shape[0]:,} rows)"
    )
    print(
        f"fingerprinting the {n_train:,} training rows of a fold: "
        f"{statistics.median(hash_times) * 1e3:.1f} ms (median of 5)"
    )


if __name__ == "__main__":
    main()
