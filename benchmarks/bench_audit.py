"""Wall time and memory of ``safesplit.audit`` at the sizes of its budget.

The budget on 2 cores: 10,000 rows x 50 columns within 3 s, 100,000 x 1,000 within
60 s, 1,000,000 x 50 within 20 s, and memory within 2x the input. Each case runs
in a fresh process, so that its peak memory is its own: ``extra / input`` is the
peak resident memory during the audit above the resident memory just before it,
divided by the size of ``X``. It includes a cost that does not grow with the input,
most of it at 10,000 rows: the working memory of the model fits (about 40 to 120 MB
at 10,000 x 50, much of it kept by the allocator between fits).

Run ``python benchmarks/bench_audit.py`` (``--quick`` for the two smaller sizes;
``--sizes 1e4x50 1e6x50`` for others).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = {(10_000, 50): 3.0, (100_000, 1_000): 60.0, (1_000_000, 50): 20.0}


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
        rng.normal(size=(n_rows, n_float)).astype(np.float64),
        columns=[f"f{i}" for i in range(n_float)],
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


def _resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_case(n_rows, n_columns, with_times, leaks):
    """One audit in this process: seconds, findings and memory, as a dict."""
    sys.path.insert(0, str(ROOT))
    from safesplit import audit

    X, y, times = make_data(n_rows, n_columns, with_times=with_times)
    if leaks:
        X = add_leaks(X.drop(columns=["f1", "f2"]), y)
    input_bytes = int(X.memory_usage(deep=True).sum())
    before = _resident_bytes()
    start = time.perf_counter()
    report = audit(X, y, times=times)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "rows": n_rows,
        "columns": X.shape[1],
        "times": "yes" if with_times else "no",
        "leaks": "yes" if leaks else "no",
        "cv": report.summary["cv"].split("(")[0],
        "seconds": round(seconds, 1),
        "budget s": BUDGET_SECONDS.get((n_rows, n_columns), float("nan")),
        "input MB": round(input_bytes / 2**20),
        # In MB too: at small sizes a cost that does not grow with the input
        # (the model fits' working memory) dominates the ratio.
        "extra MB": round(max(peak - before, 0) / 2**20),
        "extra / input": round(max(peak - before, 0) / input_bytes, 2),
        "findings": len(report.findings),
        "worst": report.worst or "-",
    }


def _size(text):
    rows, _, columns = text.lower().partition("x")
    return int(float(rows)), int(columns)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the two smaller sizes")
    parser.add_argument("--sizes", nargs="+", type=_size, help="ROWSxCOLUMNS ...")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # one case, in a child
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(run_case(*json.loads(args.case))))
        return
    sizes = args.sizes or (
        [(10_000, 50), (1_000_000, 50)]
        if args.quick
        else [(10_000, 50), (1_000_000, 50), (100_000, 1_000)]
    )
    rows = []
    for n_rows, n_columns in sizes:
        variants = [(False, False), (True, False), (False, True)]
        if n_columns > 100:  # one variant at the widest size: it is the slowest
            variants = variants[:1]
        for with_times, leaks in variants:
            case = json.dumps([n_rows, n_columns, with_times, leaks])
            child = subprocess.run(
                [sys.executable, __file__, "--case", case],
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
            print(pd.DataFrame(rows[-1:]).to_string(index=False), flush=True)
    print(f"\nsafesplit audit on {os.cpu_count()} CPU(s)")
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
