"""Speed and memory of safesplit's splitters next to scikit-learn's and the peers'.

A script, not a test: nothing here is timed by the test suite. Run it by hand::

    python benchmarks/bench_splitters.py --sizes 1e5 1e6 1e7 --repeats 5

For every size it builds time-sorted datetime times in two layouts, a *panel*
(``--rows-per-period`` rows share each hourly period, like many assets or customers
per time stamp) and *one row per time* (one row per minute), with per-sample label
end times ``times + U{1..5} days`` and an embargo of one day. It then iterates every
split of

* ``PurgedKFold(5, embargo="1D")`` next to scikit-learn's ``KFold(5)`` and
* ``WalkForward(5)`` and ``CutoffSplit`` at five cutoffs (the times that start
  ``TimeSeriesSplit``'s test windows, each window running to the next cutoff) next to
  scikit-learn's ``TimeSeriesSplit(5)``

on the same rows, consuming each train and test array fully (their sum is taken),
and reports the median (``--statistic min``: the minimum, the least disturbed by other
load on the machine) wall time over ``--repeats`` interleaved repeats, the ratio to
the scikit-learn baseline and the peak extra memory (``tracemalloc`` peak while one
full iteration runs, above what was allocated before it; numpy reports its buffers
to ``tracemalloc``). A third layout, *panel unsorted*, shuffles the panel's rows:
safesplit sorts internally (the scikit-learn baselines do not look at times, so
their panel timings are the reference).

The peers (``timeseriescv``, ``purgedcv`` and ``skfolio``, from the ``bench`` extra)
run at sizes up to ``--peer-max-size`` on the panel layout, each given the same end
times and embargo in its own terms (see ``peer_cases``). A peer whose estimated
time at a size exceeds ``--peer-budget`` seconds is skipped, and the table says so.
"""

import argparse
import gc
import importlib
import platform
import statistics
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd
import sklearn
from sklearn.model_selection import KFold, TimeSeriesSplit

import safesplit
from safesplit import CutoffSplit, PurgedKFold, WalkForward

N_SPLITS = 5
EMBARGO = "1D"
START = np.datetime64("1990-01-01T00:00", "ns")


def make_data(n_samples, rows_per_period, period, seed=0):
    """Sorted datetime times, end times ``times + 1..5 days``, and a feature matrix."""
    rng = np.random.default_rng(seed)
    n_periods = -(-n_samples // rows_per_period)
    period_times = START + np.arange(n_periods, dtype=np.int64) * period
    times = np.repeat(period_times, rows_per_period)[:n_samples]
    horizon = rng.integers(1, 6, n_samples) * np.timedelta64(1, "D")
    end_times = times + horizon.astype("m8[ns]")
    X = np.zeros((n_samples, 1), dtype=np.float32)
    return X, times, end_times


CONSUME = "sum"


def iterate(split_iter, X):
    """Iterate every split and consume both arrays fully.

    ``--consume sum`` (default) sums each index array; ``--consume take`` indexes X
    with it, as fitting and scoring a model would.
    """
    total = 0
    for train, test in split_iter:
        if CONSUME == "sum":
            total += int(train.sum()) + int(test.sum())
        else:
            total += X[train].shape[0] + X[test].shape[0]
    return total


def time_once(make_iter, X):
    gc.collect()
    start = time.perf_counter()
    iterate(make_iter(), X)
    return time.perf_counter() - start


def peak_memory(make_iter, X):
    """Peak bytes allocated (tracemalloc) above the level before one full iteration."""
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    iterate(make_iter(), X)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - base


# --------------------------------------------------------------------------------------
# Peers. Each takes the same per-sample end times (or, for skfolio, which knows only
# rows, the rows they cover) and a one-day embargo; their fold layouts count rows, not
# periods, so their splits differ from ours at period boundaries: this is about speed.


def _timeseriescv(name):
    try:
        module = importlib.import_module("timeseriescv.cross_validation")
    except Exception as exc:  # report how it failed, benchmark the others
        return None, f"timeseriescv does not import: {type(exc).__name__}: {exc}"
    return getattr(module, name), None


def _purgedcv(name):
    try:
        module = importlib.import_module("purgedcv")
    except Exception as exc:
        return None, f"purgedcv does not import: {type(exc).__name__}: {exc}"
    return getattr(module, name), None


def _skfolio(name):
    try:
        module = importlib.import_module("skfolio.model_selection")
    except Exception as exc:
        return None, f"skfolio does not import: {type(exc).__name__}: {exc}"
    return getattr(module, name), None


def peer_cases(X, times, end_times, rows_per_day, max_horizon_rows):
    """``(label, kind, make_iter or None, note)`` for every peer splitter."""
    n = X.shape[0]
    frame = pd.DataFrame(X)
    pred = pd.Series(times, index=frame.index)
    evalu = pd.Series(end_times, index=frame.index)
    cases = []

    # timeseriescv: times at split time, as Series sharing X's index. A purged
    # k-fold with embargo is its combinatorial CV with one test fold; its walk-forward
    # with n_splits + 1 folds and one minimum training fold gives n_splits splits.
    cls, err = _timeseriescv("CombPurgedKFoldCV")
    cases.append(
        (
            "timeseriescv CombPurgedKFoldCV(5, 1)",
            "kfold",
            None
            if err
            else lambda: cls(
                n_splits=N_SPLITS, n_test_splits=1, embargo_td=pd.Timedelta(EMBARGO)
            ).split(frame, pred_times=pred, eval_times=evalu),
            err,
        )
    )
    cls_wf, err = _timeseriescv("PurgedWalkForwardCV")
    cases.append(
        (
            "timeseriescv PurgedWalkForwardCV(6, 1, 1)",
            "walk",
            None
            if err
            else lambda: cls_wf(
                n_splits=N_SPLITS + 1, n_test_splits=1, min_train_splits=1
            ).split(frame, pred_times=pred, eval_times=evalu),
            err,
        )
    )

    # purgedcv: times bound in the constructor (so construction is timed: it is
    # where purgedcv validates them).
    cls_kf, err = _purgedcv("PurgedKFold")
    cases.append(
        (
            "purgedcv PurgedKFold(5)",
            "kfold",
            None
            if err
            else lambda: cls_kf(
                N_SPLITS, prediction_times=pred, evaluation_times=evalu, embargo=EMBARGO
            ).split(X),
            err,
        )
    )
    cls_wfs, err = _purgedcv("WalkForwardSplit")
    cases.append(
        (
            "purgedcv WalkForwardSplit(5)",
            "walk",
            None
            if err
            else lambda: cls_wfs(
                N_SPLITS,
                n // (N_SPLITS + 1),
                prediction_times=pred,
                evaluation_times=evalu,
            ).split(X),
            err,
        )
    )

    # skfolio knows no end times: purging and embargo count rows. Give it the rows
    # that the longest label (5 days) and the embargo (1 day) cover.
    # skfolio has no purged k-fold: its CombinatorialPurgedCV refuses
    # n_test_folds=1 and yields (train, [test_1, ..., test_k]).
    _, err = _skfolio("CombinatorialPurgedCV")
    cases.append(
        (
            "skfolio CombinatorialPurgedCV(5, 1) [rows]",
            "kfold",
            None,
            err
            or "skfolio has no purged k-fold: CombinatorialPurgedCV requires "
            "n_test_folds >= 2 (and yields train, [tests] pairs)",
        )
    )
    cls_sw, err = _skfolio("WalkForward")
    cases.append(
        (
            "skfolio WalkForward [rows]",
            "walk",
            None
            if err
            else lambda: cls_sw(
                test_size=n // (N_SPLITS + 1),
                train_size=n // (N_SPLITS + 1) - max_horizon_rows,
                expand_train=True,
                purged_size=max_horizon_rows,
            ).split(X),
            err,
        )
    )
    return cases


# --------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", nargs="+", type=float, default=[1e5, 1e6, 1e7], help="row counts"
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats")
    parser.add_argument(
        "--statistic",
        choices=["median", "min"],
        default="median",
        help="summary of the repeats of safesplit's and scikit-learn's splitters",
    )
    parser.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="benchmark timeseriescv, purgedcv and skfolio too",
    )
    parser.add_argument("--peer-repeats", type=int, default=3)
    parser.add_argument("--peer-max-size", type=float, default=1e6)
    parser.add_argument(
        "--peer-budget",
        type=float,
        default=90.0,
        help="skip a peer whose estimated total time at a size exceeds this (s)",
    )
    parser.add_argument("--rows-per-period", type=int, default=20)
    parser.add_argument(
        "--consume",
        choices=["sum", "take"],
        default="sum",
        help="sum each index array, or take X[train] and X[test] as a model would",
    )
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the tracemalloc pass"
    )
    return parser.parse_args(argv)


def copied(split_iter):
    """A splitter's splits as new arrays: what copies instead of views cost."""
    for train, test in split_iter:
        yield train.copy(), test.copy()


CUTOFF_LABEL = f"CutoffSplit({N_SPLITS} cutoffs)"


def tss_cutoffs(times):
    """The times at which ``TimeSeriesSplit(5)``'s test windows start."""
    ordered = np.sort(times)
    n = ordered.shape[0]
    return ordered[[n - k * (n // (N_SPLITS + 1)) for k in range(N_SPLITS, 0, -1)]]


def our_cases(layouts, panel):
    """``(layout, label, baseline, make_iter)`` for ours and scikit-learn's."""
    cases = []
    for layout, (X, t, e) in layouts.items():
        sorted_layout = layout != "panel unsorted"
        ref = layout if sorted_layout else panel
        cutoffs = tss_cutoffs(t)
        cases.append(
            (
                layout,
                CUTOFF_LABEL,
                (ref, "sklearn TimeSeriesSplit(5)"),
                lambda X=X, t=t, e=e, c=cutoffs: CutoffSplit(c).split(
                    X, times=t, end_times=e
                ),
            )
        )
        if sorted_layout:
            cases.append(
                (layout, "sklearn KFold(5)", None, lambda X=X: KFold(N_SPLITS).split(X))
            )
        cases.append(
            (
                layout,
                "PurgedKFold(5)",
                (ref, "sklearn KFold(5)"),
                lambda X=X, t=t, e=e: PurgedKFold(N_SPLITS, embargo=EMBARGO).split(
                    X, times=t, end_times=e
                ),
            )
        )
        if sorted_layout:
            cases.append(
                (
                    layout,
                    "sklearn TimeSeriesSplit(5)",
                    None,
                    lambda X=X: TimeSeriesSplit(N_SPLITS).split(X),
                )
            )
            cases.append(
                (
                    layout,
                    "sklearn TimeSeriesSplit(5), copied",
                    (ref, "sklearn TimeSeriesSplit(5)"),
                    lambda X=X: copied(TimeSeriesSplit(N_SPLITS).split(X)),
                )
            )
        cases.append(
            (
                layout,
                "WalkForward(5)",
                (ref, "sklearn TimeSeriesSplit(5)"),
                lambda X=X, t=t, e=e: WalkForward(N_SPLITS).split(
                    X, times=t, end_times=e
                ),
            )
        )
    return cases


def main(argv=None):
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes]
    rpp = args.rows_per_period
    global CONSUME
    CONSUME = args.consume
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas "
        f"{pd.__version__}, scikit-learn {sklearn.__version__}, safesplit from "
        f"{safesplit.__file__}"
    )
    consumed = "summed" if CONSUME == "sum" else "used to index X"
    print(
        f"{N_SPLITS} splits; end times = times + U{{1..5}} days; embargo {EMBARGO} "
        f"(PurgedKFold); {args.statistic} of {args.repeats} interleaved repeats (the "
        "'median s' column); every train "
        f"and test array {consumed}."
    )
    rows = []
    notes = []
    peer_seconds = {}  # label -> (size, median) at the last size run, to extrapolate
    panel = f"panel ({rpp}/period)"
    for n in sizes:
        layouts = {
            panel: make_data(n, rpp, np.timedelta64(1, "h")),
            "one row per time": make_data(n, 1, np.timedelta64(1, "m")),
        }
        X, times, end_times = layouts[panel]
        perm = np.random.default_rng(1).permutation(n)
        layouts["panel unsorted"] = (X, times[perm], end_times[perm])
        cases = our_cases(layouts, panel)

        peers = []
        if args.peers and n <= args.peer_max_size:
            rows_per_day = 24 * rpp
            for label, kind, make, err in peer_cases(
                *layouts[panel], rows_per_day, 5 * rows_per_day
            ):
                if make is None:
                    if n == sizes[0]:
                        notes.append(f"{label}: not run ({err})")
                    continue
                if label in peer_seconds:
                    prev_n, prev_s = peer_seconds[label]
                    estimate = prev_s * (n / prev_n) * args.peer_repeats
                    if estimate > args.peer_budget:
                        notes.append(
                            f"{label} skipped at n={n:.0e}: about {estimate:.0f} s "
                            f"for {args.peer_repeats} repeats (linear extrapolation "
                            f"from n={prev_n:.0e}), over --peer-budget="
                            f"{args.peer_budget:.0f} s"
                        )
                        continue
                peers.append((label, kind, make))
        elif args.peers:
            notes.append(
                f"peers not run at n={n:.0e} (> --peer-max-size="
                f"{args.peer_max_size:.0e}): minutes per repeat"
            )

        timings = {(layout, label): [] for layout, label, _, _ in cases}
        for _ in range(args.repeats):
            for layout, label, _, make in cases:
                timings[layout, label].append(time_once(make, layouts[layout][0]))
        peer_timings = {label: [] for label, _, _ in peers}
        for _ in range(args.peer_repeats):
            for label, _, make in peers:
                if peer_timings[label] is None:
                    continue
                try:
                    peer_timings[label].append(time_once(make, layouts[panel][0]))
                except Exception as exc:
                    error = f"{type(exc).__name__}: {exc}"
                    notes.append(f"{label} failed at n={n:.0e}: {error}")
                    peer_timings[label] = None
        summary = min if args.statistic == "min" else statistics.median
        medians = {key: summary(v) for key, v in timings.items()}

        size_rows = []
        for layout, label, base, make in cases:
            med = medians[layout, label]
            ratio = med / medians[base] if base else None
            mem = None if args.no_memory else peak_memory(make, layouts[layout][0])
            size_rows.append((n, layout, label, med, ratio, None, mem))
        ours = {
            "kfold": medians[panel, "PurgedKFold(5)"],
            "walk": medians[panel, "WalkForward(5)"],
        }
        base = {
            "kfold": medians[panel, "sklearn KFold(5)"],
            "walk": medians[panel, "sklearn TimeSeriesSplit(5)"],
        }
        for label, kind, make in peers:
            if not peer_timings.get(label):
                continue
            med = statistics.median(peer_timings[label])
            peer_seconds[label] = (n, med)
            mem = None if args.no_memory else peak_memory(make, layouts[panel][0])
            size_rows.append(
                (n, panel, label, med, med / base[kind], med / ours[kind], mem)
            )
        print_table(size_rows)
        print()
        sys.stdout.flush()
        rows.extend(size_rows)

    print("All sizes:")
    print_table(rows)
    print()
    print("Notes:")
    print(
        "- /sklearn: ratio to KFold(5) (PurgedKFold rows, peers' k-folds) or to "
        "TimeSeriesSplit(5) (WalkForward rows, peers' walk-forwards) on the same rows; "
        "unsorted rows are compared with the sorted panel's baseline (scikit-learn "
        "ignores times). peer/ours: peer's time over ours on the sorted panel."
    )
    print(
        "- TimeSeriesSplit yields views of one np.arange; safesplit yields new arrays "
        "(sorted ascending) for every split, as KFold does. The 'copied' row is "
        "TimeSeriesSplit with each array copied: the cost of new arrays alone."
    )
    print(
        "- peak MiB: tracemalloc peak above the level before one full iteration "
        "(inputs excluded; the arrays of the split being consumed included); "
        "B/row = that peak / rows."
    )
    for note in notes:
        print(f"- {note}")
    print_targets(rows)


def print_table(rows):
    header = (
        f"{'rows':>8}  {'layout':<17} {'splitter':<42} {'median s':>9} "
        f"{'/sklearn':>9} {'peer/ours':>9} {'peak MiB':>9} {'B/row':>6}"
    )
    print(header)
    print("-" * len(header))
    for n, layout, label, med, ratio, vs_ours, mem in rows:
        print(
            f"{n:>8.0e}  {layout:<17} {label:<42} {med:>9.4f} "
            f"{'' if ratio is None else f'{ratio:.2f}x':>9} "
            f"{'' if vs_ours is None else f'{vs_ours:.3g}x':>9} "
            f"{'' if mem is None else f'{mem / 2**20:.1f}':>9} "
            f"{'' if mem is None else f'{mem / n:.1f}':>6}"
        )


def print_targets(rows):
    print()
    print("Targets (time-sorted input):")
    for n, layout, label, _, ratio, _, _ in rows:
        if layout == "panel unsorted":
            continue
        if label in ("PurgedKFold(5)", "WalkForward(5)", CUTOFF_LABEL):
            base = "KFold" if label.startswith("Purged") else "TimeSeriesSplit"
            print(
                f"  n={n:.0e} {layout:<17} {label:<22} {ratio:5.2f}x {base:<15} "
                f"(<= 2x): {'met' if ratio <= 2.0 else 'NOT MET'}"
            )
    for n, _, label, _, _, vs_ours, _ in rows:
        if vs_ours is not None and n == 10**6 and not label.startswith("skfolio"):
            print(
                f"  n=1e+06 {label:<42} {vs_ours:5.0f}x slower than ours "
                f"(>= 30x): {'met' if vs_ours >= 30 else 'NOT MET'}"
            )


if __name__ == "__main__":
    main()
