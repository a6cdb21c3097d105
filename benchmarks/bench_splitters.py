"""Speed and memory of safesplit's splitters next to scikit-learn's and the peers'.

A script, not a test: nothing here is timed by the test suite. Run it by hand::

    python benchmarks/bench_splitters.py --sizes 1e5 1e6 1e7 --repeats 5

For every size it builds datetime times in four layouts, with per-sample label end
times ``times + U{1..5} days`` and an embargo of one day:

* time-sorted: a *panel* (``--rows-per-period`` rows share each hourly period, like
  many assets or customers per time stamp) and *one row per time* (one per minute);
* unsorted panels of ``--unsorted-rows-per-period`` rows per hourly period, in
  *asset-major* order (all times of asset 1, then of asset 2...: what a groupby
  gives) and in *random* order.

It then iterates every split of

* ``PurgedKFold(5, embargo="1D")`` next to scikit-learn's ``KFold(5)`` and
* ``WalkForward(5)`` next to scikit-learn's ``TimeSeriesSplit(5)``; on unsorted rows
  next to ``TimeSeriesSplit(5)`` plus one stable sort of the times (what sorting the
  data first costs); on sorted rows also ``WalkForward(5, horizon="5D")``, whose
  label ends keep time order, so its training sets are contiguous runs of rows,
  and ``WalkForward(5)`` given the times only and given nothing (rows as times)

on the same rows, consuming each train and test array fully (their sum is taken).
Every case runs once per repeat, the cases interleaved; the table gives the minimum
(and the median) over ``--repeats`` repeats, the ratio of the minima to the
scikit-learn baseline, and the peak extra memory (``tracemalloc`` peak while one
full iteration runs, above what was allocated before it; numpy reports its buffers
to ``tracemalloc``).

The peers (``timeseriescv``, ``purgedcv`` and ``skfolio``, from the ``bench`` extra)
run at sizes up to ``--peer-max-size`` on the sorted panel, each given the same end
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
from safesplit import PurgedKFold, WalkForward

N_SPLITS = 5
EMBARGO = "1D"
START = np.datetime64("1990-01-01T00:00", "ns")


def make_data(n_samples, rows_per_period, period, seed=0, order="time"):
    """Datetime times, end times ``times + 1..5 days``, and a feature matrix.

    ``order`` is ``"time"`` (sorted: each period's rows together), ``"asset-major"``
    (row ``k`` of every period together, each such run in time order) or
    ``"random"``.
    """
    rng = np.random.default_rng(seed)
    n_periods = -(-n_samples // rows_per_period)
    period_times = START + np.arange(n_periods, dtype=np.int64) * period
    if order == "asset-major":
        times = np.tile(period_times, rows_per_period)[:n_samples]
    else:
        times = np.repeat(period_times, rows_per_period)[:n_samples]
        if order == "random":
            times = times[rng.permutation(n_samples)]
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


# Wall time by default; ``--clock cpu`` times this process's CPU only, which a
# machine shared with other work disturbs much less (nothing here runs threads).
CLOCK = time.perf_counter


def time_once(make_iter, X):
    gc.collect()
    start = CLOCK()
    iterate(make_iter(), X)
    return CLOCK() - start


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
        "--unsorted-rows-per-period",
        type=int,
        default=100,
        help="rows per period of the unsorted panels",
    )
    parser.add_argument(
        "--consume",
        choices=["sum", "take"],
        default="sum",
        help="sum each index array, or take X[train] and X[test] as a model would",
    )
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the tracemalloc pass"
    )
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="wall time, or this process's CPU time (steadier on a busy machine)",
    )
    parser.add_argument(
        "--blocked",
        action="store_true",
        help="run each case's repeats back to back instead of interleaving the "
        "cases: a case whose time depends on the memory the case before it freed "
        "(KFold's first arrays at 10 million rows) is then timed on its own",
    )
    return parser.parse_args(argv)


def copied(split_iter):
    """A splitter's splits as new arrays: what copies instead of views cost."""
    for train, test in split_iter:
        yield train.copy(), test.copy()


def sorted_first(times, split_iter, kind):
    """Sort the times (as a user sorting the data first would), then split."""
    np.argsort(times, kind=kind)
    yield from split_iter


KFOLD = "sklearn KFold(5)"
TSS = "sklearn TimeSeriesSplit(5)"
TSS_STABLE = "sklearn TimeSeriesSplit(5) + stable sort"
UNSORTED_LAYOUTS = ("asset-major", "random")
WALK_TIMES_ONLY = "WalkForward(5), times only"
WALK_ROWS = "WalkForward(5), rows as times"


def our_cases(layouts):
    """``(layout, label, baseline label, make_iter)`` for ours and scikit-learn's;
    each baseline is measured on the same layout."""
    cases = []
    for layout, (X, t, e) in layouts.items():
        unsorted = layout.split(" (")[0] in UNSORTED_LAYOUTS
        cases.append((layout, KFOLD, None, lambda X=X: KFold(N_SPLITS).split(X)))
        cases.append(
            (
                layout,
                "PurgedKFold(5)",
                KFOLD,
                lambda X=X, t=t, e=e: PurgedKFold(N_SPLITS, embargo=EMBARGO).split(
                    X, times=t, end_times=e
                ),
            )
        )
        cases.append(
            (layout, TSS, None, lambda X=X: TimeSeriesSplit(N_SPLITS).split(X))
        )
        walk_base = TSS
        if unsorted:
            walk_base = TSS_STABLE
            for kind, label in (
                ("stable", TSS_STABLE),
                (None, f"{TSS} + default sort"),
            ):
                cases.append(
                    (
                        layout,
                        label,
                        None if kind else TSS,
                        lambda X=X, t=t, kind=kind: sorted_first(
                            t, TimeSeriesSplit(N_SPLITS).split(X), kind
                        ),
                    )
                )
        else:
            cases.append(
                (
                    layout,
                    f"{TSS}, copied",
                    TSS,
                    lambda X=X: copied(TimeSeriesSplit(N_SPLITS).split(X)),
                )
            )
        cases.append(
            (
                layout,
                "WalkForward(5)",
                walk_base,
                lambda X=X, t=t, e=e: WalkForward(N_SPLITS).split(
                    X, times=t, end_times=e
                ),
            )
        )
        if not unsorted:
            # Labels known at their own time: every set a contiguous run (views).
            cases.append(
                (
                    layout,
                    WALK_TIMES_ONLY,
                    TSS,
                    lambda X=X, t=t: WalkForward(N_SPLITS).split(X, times=t),
                )
            )
            cases.append(
                (
                    layout,
                    WALK_ROWS,
                    TSS,
                    lambda X=X: WalkForward(N_SPLITS).split(X),
                )
            )
            cases.append(
                (
                    layout,
                    'WalkForward(5, horizon="5D")',
                    TSS,
                    lambda X=X, t=t: WalkForward(N_SPLITS, horizon="5D").split(
                        X, times=t
                    ),
                )
            )
    return cases


def make_layouts(n, rpp, unsorted_rpp):
    hour = np.timedelta64(1, "h")
    return {
        f"panel ({rpp}/period)": make_data(n, rpp, hour),
        "one row per time": make_data(n, 1, np.timedelta64(1, "m")),
        f"asset-major ({unsorted_rpp}/period)": make_data(
            n, unsorted_rpp, hour, order="asset-major"
        ),
        f"random ({unsorted_rpp}/period)": make_data(
            n, unsorted_rpp, hour, order="random"
        ),
    }


def choose_peers(args, n, sizes, layouts, panel, peer_seconds, notes):
    """The peers to run at size ``n`` (the sorted panel), with notes on the others."""
    peers = []
    if not args.peers:
        return peers
    if n > args.peer_max_size:
        notes.append(
            f"peers not run at n={n:.0e} (> --peer-max-size="
            f"{args.peer_max_size:.0e}): minutes per repeat"
        )
        return peers
    rows_per_day = 24 * args.rows_per_period
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
    return peers


def time_peers(args, peers, X, notes, n):
    timings = {label: [] for label, _, _ in peers}
    for _ in range(args.peer_repeats):
        for label, _, make in peers:
            if timings[label] is None:
                continue
            try:
                timings[label].append(time_once(make, X))
            except Exception as exc:
                notes.append(
                    f"{label} failed at n={n:.0e}: {type(exc).__name__}: {exc}"
                )
                timings[label] = None
    return timings


def main(argv=None):
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes]
    global CONSUME, CLOCK
    CONSUME = args.consume
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas "
        f"{pd.__version__}, scikit-learn {sklearn.__version__}, safesplit from "
        f"{safesplit.__file__}"
    )
    consumed = "summed" if CONSUME == "sum" else "used to index X"
    print(
        f"{N_SPLITS} splits; end times = times + U{{1..5}} days; embargo {EMBARGO} "
        f"(PurgedKFold); min and median of {args.repeats} "
        f"{'back-to-back' if args.blocked else 'interleaved'} repeats of "
        f"{args.clock} time; every train and test array {consumed}."
    )
    rows, notes = [], []
    peer_seconds = {}  # label -> (size, median) at the last size run, to extrapolate
    panel = f"panel ({args.rows_per_period}/period)"
    for n in sizes:
        layouts = make_layouts(n, args.rows_per_period, args.unsorted_rows_per_period)
        cases = our_cases(layouts)
        peers = choose_peers(args, n, sizes, layouts, panel, peer_seconds, notes)
        timings = {(layout, label): [] for layout, label, _, _ in cases}
        if args.blocked:
            for layout, label, _, make in cases:
                for _ in range(args.repeats):
                    timings[layout, label].append(time_once(make, layouts[layout][0]))
        else:
            for _ in range(args.repeats):
                for layout, label, _, make in cases:
                    timings[layout, label].append(time_once(make, layouts[layout][0]))
        peer_timings = time_peers(args, peers, layouts[panel][0], notes, n)
        best = {key: min(v) for key, v in timings.items()}

        size_rows = []
        for layout, label, base, make in cases:
            key = (layout, label)
            ratio = best[key] / best[layout, base] if base else None
            mem = None if args.no_memory else peak_memory(make, layouts[layout][0])
            median = statistics.median(timings[key])
            size_rows.append((n, layout, label, best[key], median, ratio, None, mem))
        ours = {
            "kfold": best[panel, "PurgedKFold(5)"],
            "walk": best[panel, "WalkForward(5)"],
        }
        base = {"kfold": best[panel, KFOLD], "walk": best[panel, TSS]}
        for label, kind, make in peers:
            if not peer_timings.get(label):
                continue
            low = min(peer_timings[label])
            peer_seconds[label] = (n, statistics.median(peer_timings[label]))
            mem = None if args.no_memory else peak_memory(make, layouts[panel][0])
            median = statistics.median(peer_timings[label])
            size_rows.append(
                (n, panel, label, low, median, low / base[kind], low / ours[kind], mem)
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
        "- /base: ratio of the minima to the baseline named in the table, measured on "
        "the same rows in the same run: KFold(5) for PurgedKFold and the peers' "
        "k-folds, TimeSeriesSplit(5) for WalkForward on sorted rows and the peers' "
        "walk-forwards, TimeSeriesSplit(5) plus one stable argsort of the times for "
        "WalkForward on unsorted rows. peer/ours: peer's time over ours on the "
        "sorted panel."
    )
    print(
        "- TimeSeriesSplit yields views of one np.arange. safesplit yields read-only "
        "arrays: views of one shared arange where a set is a contiguous run of rows "
        "(sorted input), new arrays otherwise. The 'copied' row is TimeSeriesSplit "
        "with each array copied: the cost of new arrays alone. WalkForward(5) is "
        "given per-row end times (1 to 5 days): the purge keeps some rows of the "
        "last days before each test block and drops others, so its training sets "
        "are not contiguous runs and are new arrays; 'times only' (labels known at "
        "their own time) and 'rows as times' yield views only."
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
        f"{'rows':>8}  {'layout':<24} {'splitter':<42} {'min s':>8} {'median s':>9} "
        f"{'/base':>7} {'peer/ours':>9} {'peak MiB':>9} {'B/row':>6}"
    )
    print(header)
    print("-" * len(header))
    for n, layout, label, low, med, ratio, vs_ours, mem in rows:
        print(
            f"{n:>8.0e}  {layout:<24} {label:<42} {low:>8.4f} {med:>9.4f} "
            f"{'' if ratio is None else f'{ratio:.2f}x':>7} "
            f"{'' if vs_ours is None else f'{vs_ours:.3g}x':>9} "
            f"{'' if mem is None else f'{mem / 2**20:.1f}':>9} "
            f"{'' if mem is None else f'{mem / n:.1f}':>6}"
        )


# (splitter, baseline named in the report, target ratio) on sorted and unsorted rows.
SORTED_TARGETS = {
    "PurgedKFold(5)": ("KFold", 2.0),
    "WalkForward(5)": ("TimeSeriesSplit", 2.0),
    'WalkForward(5, horizon="5D")': ("TimeSeriesSplit", 2.0),
    WALK_TIMES_ONLY: ("TimeSeriesSplit", 2.0),
    WALK_ROWS: ("TimeSeriesSplit", 2.0),
}
UNSORTED_TARGETS = {
    "PurgedKFold(5)": ("KFold", 3.0),
    "WalkForward(5)": ("TimeSeriesSplit + stable sort", 3.0),
}


def print_targets(rows):
    print()
    print("Targets (ratio of minima to the baseline of the same run):")
    for n, layout, label, _, _, ratio, _, _ in rows:
        unsorted = layout.split(" (")[0] in UNSORTED_LAYOUTS
        targets = UNSORTED_TARGETS if unsorted else SORTED_TARGETS
        if label not in targets or ratio is None:
            continue
        base, target = targets[label]
        print(
            f"  n={n:.0e} {layout:<24} {label:<30} {ratio:5.2f}x {base:<22} "
            f"(<= {target:g}x): {'met' if ratio <= target else 'NOT MET'}"
        )
    for n, _, label, _, _, _, vs_ours, _ in rows:
        if vs_ours is not None and n == 10**6 and not label.startswith("skfolio"):
            print(
                f"  n=1e+06 {label:<42} {vs_ours:5.0f}x slower than ours "
                f"(>= 30x): {'met' if vs_ours >= 30 else 'NOT MET'}"
            )


if __name__ == "__main__":
    main()
