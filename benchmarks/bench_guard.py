"""Cost of GuardedPipeline against a plain Pipeline in cross-validation.

A script, not a test: nothing here is timed by the test suite. Run it by hand::

    python benchmarks/bench_guard.py --sizes 200000x50 1000000x20 --repeats 5

For each size it times ``cross_val_score`` of StandardScaler + Ridge with 5 folds
for a plain ``Pipeline`` and a ``GuardedPipeline`` in the same run; when numba is
installed, a ``GuardedPipeline`` with each fingerprint kernel
(``SAFESPLIT_FINGERPRINT_KERNEL=numba`` and ``numpy``): by default a short run
hashes with NumPy and a long one with numba, once it repays its loading. Repeats
are interleaved (each repeat rotates the order of the configurations) so that
drift in the machine's load hits all alike; the minimum and the median wall time
and their ratios to the plain pipeline are printed, with the median CPU time.

Then, per fold (the mean over the folds of each part's minimum over the
repeats), where the guard's time goes: the fit and the score of the plain and the
guarded pipeline, and the guard's own parts: fingerprinting the training rows,
sorting them and counting their duplicates, fingerprinting the evaluation rows
and looking them up; and the floor, one read of the training rows (a row sum).

Last, what numba costs when it is installed: its install size, the time to
import it, and the first large fingerprint in a fresh process.
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import argparse
import contextlib
import importlib.metadata
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.base import clone
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import ThreadpoolController

from safesplit import make_guarded_pipeline
from safesplit._fingerprint import row_fingerprints
from safesplit.pipeline._records import (
    TrainingRows,
    evaluation_rows_record,
    training_rows_record,
)

try:
    from safesplit._fingerprint._numeric import KERNEL_VARIABLE
except ImportError:  # a safesplit from before the kernels: run as it is
    KERNEL_VARIABLE = None
NUMBA_INSTALLED = importlib.util.find_spec("numba") is not None
# Whether this safesplit can use numba (the benchmark also runs older ones).
HAS_NUMBA = NUMBA_INSTALLED and KERNEL_VARIABLE is not None
MODEL = "StandardScaler + Ridge"
FLOOR = "floor: one read of the training rows"
ONE_THREAD = "(the same, one thread)"


@contextlib.contextmanager
def kernel(name):
    """Run with the fingerprint kernel ``name`` ("auto", "numpy" or "numba")."""
    if KERNEL_VARIABLE is None:
        yield
        return
    previous = os.environ.get(KERNEL_VARIABLE)
    os.environ[KERNEL_VARIABLE] = name
    try:
        yield
    finally:
        if previous is None:
            del os.environ[KERNEL_VARIABLE]
        else:
            os.environ[KERNEL_VARIABLE] = previous


def make_data(n_samples, n_features, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_features))
    y = X @ rng.standard_normal(n_features) + rng.standard_normal(n_samples)
    return X, y


def configurations():
    """Name -> (pipeline, kernel) of the pipelines timed side by side."""
    configs = {"Pipeline": (make_pipeline(StandardScaler(), Ridge()), "auto")}
    if HAS_NUMBA:
        # Named kernels: "auto" hashes with NumPy until numba repays its loading
        # (about 270 million values in the process), so its runs would mix both.
        configs["Guarded, numba kernel"] = (
            make_guarded_pipeline(StandardScaler(), Ridge()),
            "numba",
        )
        configs["Guarded, NumPy kernel"] = (
            make_guarded_pipeline(StandardScaler(), Ridge()),
            "numpy",
        )
    else:
        configs["GuardedPipeline"] = (
            make_guarded_pipeline(StandardScaler(), Ridge()),
            "auto",
        )
    return configs


def time_cross_validation(X, y, n_splits, repeats):
    """Wall and CPU seconds of each configuration, repeats interleaved."""
    configs = configurations()
    names = list(configs)
    wall = {name: [] for name in names}
    cpu = {name: [] for name in names}
    scores = {}
    for repeat in range(-1, repeats):  # repeat -1 warms up (imports, caches)
        shift = repeat % len(names)
        for name in names[shift:] + names[:shift]:
            pipeline, kernel_name = configs[name]
            with kernel(kernel_name):
                start_wall, start_cpu = time.perf_counter(), time.process_time()
                scores[name] = cross_val_score(pipeline, X, y, cv=n_splits)
                elapsed = time.perf_counter() - start_wall
                elapsed_cpu = time.process_time() - start_cpu
            if repeat >= 0:
                wall[name].append(elapsed)
                cpu[name].append(elapsed_cpu)
    return wall, cpu, scores


def print_cross_validation(wall, cpu, scores):
    plain = "Pipeline"
    print(
        "| pipeline              | wall min | wall median | CPU median "
        "| min / plain | median / plain |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in wall:
        low, mid = min(wall[name]), statistics.median(wall[name])
        print(
            f"| {name:<21} | {low:7.3f}s | {mid:10.3f}s "
            f"| {statistics.median(cpu[name]):9.3f}s "
            f"| {low / min(wall[plain]):11.3f} "
            f"| {mid / statistics.median(wall[plain]):14.3f} |"
        )
    identical = all(np.array_equal(scores[plain], other) for other in scores.values())
    print(f"\nscores identical to the plain pipeline's: {identical}")


def _timed(function):
    """Wall and CPU (all threads) seconds of one call."""
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - start_wall, time.process_time() - start_cpu


def _one_thread(function):
    # Found once: finding the thread pools of the loaded libraries takes ms.
    controller = ThreadpoolController()

    def call():
        with controller.limit(limits=1, user_api="openmp"):
            function()

    return call


def fold_parts(X, y, train, test):
    """The callables timed on one fold, by name."""
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]
    plain = make_pipeline(StandardScaler(), Ridge())
    guarded = make_guarded_pipeline(StandardScaler(), Ridge())
    fitted_plain = clone(plain).fit(X_train, y_train)
    fitted_guarded = clone(guarded).fit(X_train, y_train)
    train_fingerprints = row_fingerprints(X_train)
    training, n_duplicated, by_class, _ = training_rows_record(
        train_fingerprints, None, y_train
    )
    rows = TrainingRows(training, n_duplicated, by_class)
    test_fingerprints = row_fingerprints(X_test)
    names = ["standardscaler", "ridge"]
    return {
        "plain fit": lambda: clone(plain).fit(X_train, y_train),
        "guarded fit": lambda: clone(guarded).fit(X_train, y_train),
        "plain score": lambda: fitted_plain.score(X_test, y_test),
        "guarded score": lambda: fitted_guarded.score(X_test, y_test),
        "fingerprint training rows": lambda: row_fingerprints(X_train),
        ONE_THREAD: _one_thread(lambda: row_fingerprints(X_train)),
        "sort, count duplicates": lambda: training_rows_record(
            train_fingerprints, None, y_train
        ),
        "fingerprint evaluation rows": lambda: row_fingerprints(X_test),
        "look up evaluation rows": lambda: evaluation_rows_record(
            "score", test_fingerprints, rows, names
        ),
        FLOOR: lambda: X_train.sum(axis=1),
    }


def time_folds(X, y, n_splits, repeats, kernel_name):
    """Per part, the mean over the folds of its minimum over the repeats: wall
    seconds, and CPU seconds of all threads."""
    per_fold = []
    with kernel(kernel_name):
        for train, test in KFold(n_splits).split(X):
            parts = fold_parts(X, y, train, test)
            names = list(parts)
            times = {name: [] for name in names}
            for repeat in range(repeats):
                shift = repeat % len(names)
                for name in names[shift:] + names[:shift]:
                    times[name].append(_timed(parts[name]))
            per_fold.append(
                {name: np.min(values, axis=0) for name, values in times.items()}
            )
    return {name: np.mean([f[name] for f in per_fold], axis=0) for name in names}


def print_folds(parts):
    plain = parts["plain fit"] + parts["plain score"]
    guard = parts["guarded fit"] + parts["guarded score"] - plain
    own = [
        "fingerprint training rows",
        "sort, count duplicates",
        "fingerprint evaluation rows",
        "look up evaluation rows",
    ]
    print("| part | wall ms | share of a plain fold | CPU ms | CPU share |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rows = [
        ("plain fit + score", plain),
        ("guarded fit + score", plain + guard),
        ("guard (difference)", guard),
        *((f"  {name}", parts[name]) for name in own[:1]),
        (f"  {ONE_THREAD}", parts[ONE_THREAD]),
        *((f"  {name}", parts[name]) for name in own[1:]),
        ("  sum of the guard's parts", sum(parts[name] for name in own)),
        (FLOOR, parts[FLOOR]),
    ]
    for label, (wall, cpu) in rows:
        print(
            f"| {label} | {wall * 1e3:.1f} | {wall / plain[0]:.1%} "
            f"| {cpu * 1e3:.1f} | {cpu / plain[1]:.1%} |"
        )


def numba_costs():
    """Install size of numba and llvmlite, and start-up times in fresh processes."""
    size = 0
    for distribution in ("numba", "llvmlite"):
        for file in importlib.metadata.distribution(distribution).files or ():
            path = Path(file.locate())
            if path.is_file():
                size += path.stat().st_size
    print(
        f"numba {importlib.metadata.version('numba')} with llvmlite: "
        f"{size / 2**20:.0f} MiB installed"
    )
    probe = (
        "import time, numpy as np\n"
        "from safesplit._fingerprint import row_fingerprints\n"
        "X = np.random.default_rng(0).random((500_000, 20))\n"
        "start = time.perf_counter()\n"
        "{body}\n"
        "print(time.perf_counter() - start)"
    )
    cases = [
        ("import numba", "import numba", "auto"),
        (
            "first fingerprint of 500,000 x 20, NumPy kernel",
            "row_fingerprints(X)",
            "numpy",
        ),
        (
            "first fingerprint of 500,000 x 20, numba kernel (import, cached kernels)",
            "row_fingerprints(X)",
            "numba",
        ),
        (
            "second fingerprint, numba kernel",
            "row_fingerprints(X)\nstart = time.perf_counter()\nrow_fingerprints(X)",
            "numba",
        ),
    ]
    for label, body, kernel_name in cases:
        environment = {**os.environ, KERNEL_VARIABLE: kernel_name}
        times = []
        for _ in range(3):
            output = subprocess.run(
                [sys.executable, "-c", probe.format(body=body)],
                capture_output=True,
                text=True,
                check=True,
                env=environment,
            ).stdout
            times.append(float(output.split()[-1]))
        print(f"  {label}: {min(times) * 1e3:.0f} ms (min of 3 processes)")


def parse_size(text):
    n_samples, _, n_features = text.lower().partition("x")
    return int(float(n_samples)), int(n_features)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["200000x50", "1000000x20"])
    parser.add_argument("--n-splits", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--fold-repeats", type=int, default=5)
    args = parser.parse_args(argv)
    if args.repeats < 5:
        parser.error("--repeats must be at least 5: a minimum of fewer is noise")

    print(
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"scikit-learn {sklearn.__version__}, numba "
        f"{importlib.metadata.version('numba') if NUMBA_INSTALLED else 'not installed'}"
    )
    for size in args.sizes:
        n_samples, n_features = parse_size(size)
        X, y = make_data(n_samples, n_features)
        print(
            f"\n## cross_val_score, {MODEL}, {n_samples:,} x {n_features}, "
            f"{args.n_splits} folds, {args.repeats} interleaved repeats\n"
        )
        print_cross_validation(
            *time_cross_validation(X, y, args.n_splits, args.repeats)
        )
        fitted = make_guarded_pipeline(StandardScaler(), Ridge()).fit(X, y)
        print(
            f"fingerprint memory: {fitted.train_fingerprints_.nbytes / n_samples:.0f} "
            "bytes per fitted row"
        )
        for kernel_name in ["numba", "numpy"] if HAS_NUMBA else ["auto"]:
            label = "NumPy kernel" if kernel_name != "numba" else "numba kernel"
            print(f"\nper fold, {label} (mean over folds of the min of repeats):\n")
            parts = time_folds(X, y, args.n_splits, args.fold_repeats, kernel_name)
            print_folds(parts)
    if HAS_NUMBA:
        print()
        numba_costs()
    print(
        "\ntargets: guarded / plain <= 1.03 at 200,000 x 50 and <= 1.05 at "
        "1,000,000 x 20 (min of the repeats)"
    )


if __name__ == "__main__":
    main()
