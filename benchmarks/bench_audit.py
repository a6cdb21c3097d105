"""Wall time of ``safesplit.audit`` on large inputs (a script: prints a table).

The issue's budget: 1,000,000 rows x 50 columns within a minute on 2 cores.
Run ``python benchmarks/bench_audit.py`` (``--quick`` for 100,000 rows only).
"""

import argparse
import os
import time

import numpy as np
import pandas as pd

from safesplit import audit


def add_leaks(X, y, seed=0):
    """A post-outcome column, an ID numbered by outcome and 2% copied rows."""
    rng = np.random.default_rng(seed)
    X = X.copy()
    X["refund_issued"] = y * (rng.random(len(X)) < 0.995)
    order = np.argsort(y, kind="stable")
    ids = np.empty(len(X), dtype=np.int64)
    ids[order] = np.arange(len(X))
    copies = rng.choice(len(X), len(X) // 50, replace=False)
    X.iloc[copies[: len(copies) // 2], :] = X.iloc[
        copies[len(copies) // 2 :], :
    ].to_numpy()
    X.insert(0, "record_id", ids)
    return X


def make_data(n_rows, n_columns, *, with_times=False, seed=0):
    """Clean mixed data: floats, integers, a category, a weak signal, and times."""
    rng = np.random.default_rng(seed)
    n_float = n_columns - 5
    X = pd.DataFrame(
        rng.normal(size=(n_rows, n_float)), columns=[f"f{i}" for i in range(n_float)]
    )
    X["count_a"] = rng.poisson(3.0, n_rows)
    X["count_b"] = rng.poisson(10.0, n_rows)
    X["segment"] = pd.Categorical(rng.choice(list("ABCDEFGH"), n_rows))
    X["region"] = rng.choice(["north", "south", "east", "west"], n_rows)
    X["flag"] = rng.random(n_rows) < 0.3
    logit = X["f0"] - 0.5 * X["f1"] + 0.3 * (X["segment"] == "A")
    y = (rng.random(n_rows) < 1 / (1 + np.exp(-logit))).astype(int)
    times = None
    if with_times:
        times = pd.Series(
            pd.Timestamp("2020-01-01")
            + pd.to_timedelta(np.sort(rng.integers(0, 1500, n_rows)), unit="D")
        )
    return X, y, times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 rows only")
    args = parser.parse_args(argv)
    sizes = [(100_000, 50)] if args.quick else [(100_000, 50), (1_000_000, 50)]
    rows = []
    for n_rows, n_columns in sizes:
        for with_times, leaks in ((False, False), (True, False), (False, True)):
            X, y, times = make_data(n_rows, n_columns, with_times=with_times)
            if leaks:
                X = add_leaks(X.drop(columns=["f1", "f2"]), y)
            start = time.perf_counter()
            report = audit(X, y, times=times)
            seconds = time.perf_counter() - start
            rows.append(
                {
                    "rows": f"{n_rows:,}",
                    "columns": X.shape[1],
                    "times": "yes" if with_times else "no",
                    "leaks": "yes" if leaks else "no",
                    "cv": report.summary["cv"].split("(")[0],
                    "seconds": round(seconds, 1),
                    "findings": len(report.findings),
                    "worst": report.worst or "-",
                }
            )
            print(pd.DataFrame(rows[-1:]).to_string(index=False), flush=True)
    print(f"\nsafesplit audit on {os.cpu_count()} CPU(s)")
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
