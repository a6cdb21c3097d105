"""What the HTML report's split sketch costs, next to computing the splits it sketches.

A script, not a test: nothing here is timed by the test suite. Run it by hand::

    python benchmarks/bench_report.py --sizes 1e5 1e6 1e7 --repeats 5

For every size it builds hourly times with 10 rows per period and label end times a
day later, and times, in interleaved repeats (the minimum is reported):

* the baseline: the roles of every row in every split, which the audit computes
  anyway (``iter_split_roles``), of ``PurgedKFold(5, embargo="1D")`` (test sets in
  one block: few runs of roles) and of a shuffled ``KFold(5)`` (test rows scattered:
  runs of a row or two, the worst case of the sketch);
* the sketch the audit hands the report (``sketch_splits``: role counts in 240 bins
  per split), from those roles;
* the HTML page of a report carrying that sketch and three findings
  (``LeakageReport.to_html``), whose size does not depend on the rows.

Each step is timed in turn within one repeat, so the three see the same load.

The ratio sketch / roles says what the report adds to the audit's own splitting.
"""

import argparse
import time

import numpy as np
import pandas as pd
from sklearn.model_selection import KFold

from safesplit import LeakageReport, PurgedKFold
from safesplit.model_selection._describe import iter_split_roles
from safesplit.report import Finding
from safesplit.report._splits import sketch_splits

FINDINGS = [
    Finding(
        "target_proxy",
        "high",
        "L2",
        ["refund"],
        [],
        {"skill_alone": 0.96, "skill_other_features": 0.3, "skill_all_features": 0.97},
        "A column known after the outcome.",
    ),
    Finding(
        "temporal",
        "high",
        "L3.1",
        [],
        [0, 1, 2, 3, 4],
        {"fraction_of_train_rows_overlapping_test": [0.9, 0.8, 0.95, 0.7, 0.85]},
        "Overlapping labels.",
    ),
    Finding(
        "group",
        "medium",
        "L3.2",
        ["customer"],
        [],
        {"fraction_of_test_rows_with_value_in_train": 0.9, "skill_of_value_mean": 0.4},
        "Shared customers.",
    ),
]


def data(n):
    start = pd.Timestamp("2020-01-01")
    times = pd.Series(start + pd.to_timedelta(np.arange(n) // 10, unit="h"))
    return np.zeros((n, 1)), times, times + pd.Timedelta("1D")


SPLITTERS = {
    "PurgedKFold": PurgedKFold(5, embargo="1D"),
    "shuffled KFold": KFold(5, shuffle=True, random_state=0),
}


def roles_of(cv, X, times, end_times):
    per_split = list(iter_split_roles(cv, X, times=times, end_times=end_times))
    return per_split[0][0], [roles for _, roles in per_split]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e5, 1e6])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print(
        f"{'splitter':<15}{'rows':>12}  {'roles s':>9}  {'sketch s':>9}  "
        f"{'ratio':>7}  {'html s':>8}"
    )
    for size in args.sizes:
        n = int(size)
        X, times, end_times = data(n)
        for name, cv in SPLITTERS.items():
            best = {"roles": np.inf, "sketch": np.inf, "html": np.inf}
            for _ in range(args.repeats):
                start = time.perf_counter()
                timeline, roles = roles_of(cv, X, times, end_times)
                best["roles"] = min(best["roles"], time.perf_counter() - start)
                start = time.perf_counter()
                sketch = sketch_splits(timeline, roles, name)
                best["sketch"] = min(best["sketch"], time.perf_counter() - start)
                report = LeakageReport(FINDINGS, {"n_samples": n}, splits=sketch)
                start = time.perf_counter()
                report.to_html()
                best["html"] = min(best["html"], time.perf_counter() - start)
            print(
                f"{name:<15}{n:>12,}  {best['roles']:>9.3f}  {best['sketch']:>9.3f}  "
                f"{best['sketch'] / best['roles']:>7.3f}  {best['html']:>8.4f}"
            )


if __name__ == "__main__":
    main()
