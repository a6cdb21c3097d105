"""Check backtest_overfitting and the Sharpe ratio tests against the papers and
against purgedcv and skfolio, then time them.

1. PBO on the same return matrices: safesplit, purgedcv's
   ``probability_of_backtest_overfitting`` (pypbo is not on PyPI, so it cannot be
   installed here) and, for the PBO paper's first test case (every configuration
   rescaled to the same full-sample mean and variance), the paper's PBO of 1.
   Both libraries cut rows into blocks the same way (the first ``T % S`` one row
   longer) and rank with Sharpe ratios (ddof=1); they differ on one convention:
   purgedcv counts logit < 0, safesplit logit <= 0 (the paper's and pypbo's
   (-inf, 0]), which matters when the number of configurations is odd and the
   winner lands exactly on the median. The combinations are enumerated in a
   different order, so logits and (IS, OOS) pairs are compared as sorted sets.
2. PSR and DSR: the DSR paper's numerical example (expected maximum 0.1132, DSR
   0.9004), and return series against skfolio (same moment conventions) and
   purgedcv (Sharpe with ddof=0, bias-corrected skewness and kurtosis).
3. Time: safesplit against purgedcv on the same matrix, interleaved repeats,
   best of each, as a ratio; then safesplit alone on 10 million rows (time and
   tracemalloc peak), to show that length is workable.

Usage::

    python benchmarks/bench_overfitting.py
    python benchmarks/bench_overfitting.py --large-rows 1e6 --repeat 3

purgedcv and skfolio are in the ``bench`` extra (``pip install -e .[bench]``);
without one, its columns are skipped with a note.
"""

import argparse
import gc
import math
import time
import tracemalloc

import numpy as np
from scipy import stats

from safesplit import (
    backtest_overfitting,
    deflated_sharpe_ratio,
    expected_maximum_sharpe_ratio,
    probabilistic_sharpe_ratio,
)
from safesplit.backtest._sharpe import psr_from_moments


def _load(name):
    """The library's module, or None when it is missing or too old to have the
    functions compared here."""
    try:
        if name == "purgedcv":
            import purgedcv as module

            needed = ("probability_of_backtest_overfitting", "deflated_sharpe_ratio")
        else:
            import skfolio.measures as module

            needed = ("deflated_sharpe_ratio", "expected_max_sharpe_ratio")
    except ImportError:
        return None
    return module if all(hasattr(module, attr) for attr in needed) else None


# --------------------------------------------------------------------------------------
# Matrices


def noise(n_rows, n_trials, seed):
    return np.random.default_rng(seed).normal(0.0, 0.01, size=(n_rows, n_trials))


def one_skilled(n_rows, n_trials, seed, edge=0.002):
    returns = noise(n_rows, n_trials, seed)
    returns[:, n_trials // 2] += edge
    return returns


def paper_full_overfit(n_rows=1000, n_trials=100, seed=0):
    """The PBO paper's first test case: every configuration rescaled to the same
    full-sample mean and standard deviation, so no configuration is better and
    a good in-sample half means a bad out-of-sample one."""
    returns = noise(n_rows, n_trials, seed)
    returns = (returns - returns.mean(axis=0)) / returns.std(axis=0, ddof=1)
    return returns / math.sqrt(252.0)


def with_ties(n_rows, n_trials, seed):
    """Scores rounded to two decimals, as accuracies of small test sets are."""
    return np.round(
        np.random.default_rng(seed).uniform(0.5, 0.7, (n_rows, n_trials)), 2
    )


CASES = [
    ("noise, N=10", lambda: noise(1000, 10, 1), 16, "sharpe", None),
    ("noise, N=9 (odd)", lambda: noise(1000, 9, 2), 16, "sharpe", None),
    ("noise, N=50, T=997", lambda: noise(997, 50, 3), 16, "sharpe", None),
    ("one skilled of 10", lambda: one_skilled(1000, 10, 4), 16, "sharpe", None),
    ("paper test case 1", paper_full_overfit, 16, "sharpe", 1.0),
    ("paper test case 1, S=8", paper_full_overfit, 8, "sharpe", 1.0),
    ("tied scores, N=6", lambda: with_ties(16, 6, 5), 16, "mean", None),
]


def _sorted_pairs(is_values, oos_values):
    order = np.lexsort((oos_values, is_values))
    return np.column_stack([is_values[order], oos_values[order]])


def pbo_table(purgedcv):
    print("## PBO: safesplit vs purgedcv vs the paper, on the same matrices\n")
    print(
        "| matrix (T x N) | S | statistic | safesplit PBO | purgedcv PBO | paper | "
        "logits equal (sorted) | IS/OOS pairs equal | slope: safesplit / purgedcv |"
    )
    print("| --- | ---: | --- | ---: | ---: | ---: | --- | --- | --- |")
    for name, make, n_partitions, statistic, paper in CASES:
        returns = make()
        ours = backtest_overfitting(
            returns, n_partitions=n_partitions, statistic=statistic
        )
        shape = f"{name} ({returns.shape[0]} x {returns.shape[1]})"
        paper_text = "-" if paper is None else f"{paper:.3f}"
        if purgedcv is None:
            print(
                f"| {shape} | {n_partitions} | {statistic} | {ours.pbo:.4f} | - | "
                f"{paper_text} | - | - | {ours.degradation_slope:.4f} / - |"
            )
            continue
        metric = (
            purgedcv._pbo.sharpe
            if statistic == "sharpe"
            else (lambda x: float(x.mean()))
        )
        theirs = purgedcv.probability_of_backtest_overfitting(
            returns.T, n_splits=n_partitions, metric=metric
        )
        logits = np.allclose(np.sort(ours.logits), np.sort(theirs.logits), atol=1e-12)
        pairs = np.allclose(
            _sorted_pairs(ours.is_performance, ours.oos_performance),
            _sorted_pairs(*theirs.is_oos_performance.T),
            rtol=1e-9,
            atol=1e-12,
        )
        print(
            f"| {shape} | {n_partitions} | {statistic} | {ours.pbo:.4f} | "
            f"{theirs.pbo:.4f} | {paper_text} | {'yes' if logits else 'no'} | "
            f"{'yes' if pairs else 'no'} | {ours.degradation_slope:.4f} / "
            f"{theirs.slope:.4f} |"
        )
    print(
        "\nPBO differs only where the counts differ: purgedcv leaves out logit = 0 "
        "(odd N, winner at the median); with tied scores purgedcv takes the first "
        "tied configuration in sample, safesplit averages over the tie-breaks.\n"
    )


# --------------------------------------------------------------------------------------
# PSR and DSR


def psr_purgedcv_conventions(returns):
    """What purgedcv's PSR computes, from its documented conventions, for the
    explanation column: Sharpe with ddof=0, bias-corrected moments."""
    sharpe = returns.mean() / returns.std(ddof=0)
    return psr_from_moments(
        sharpe,
        len(returns),
        stats.skew(returns, bias=False),
        stats.kurtosis(returns, fisher=False, bias=False),
    )


def sharpe_table(purgedcv, skfolio):
    print("## PSR and DSR: safesplit vs skfolio vs purgedcv vs the paper\n")
    benchmark = expected_maximum_sharpe_ratio(100, 0.5 / 250)
    dsr = float(psr_from_moments(2.5 / math.sqrt(250), 1250, -3.0, 10.0, benchmark))
    sk_benchmark = (
        "-"
        if skfolio is None
        else f"{skfolio.expected_max_sharpe_ratio(100, math.sqrt(0.5 / 250)):.4f}"
    )
    pcv_benchmark = (
        "-"
        if purgedcv is None
        else f"{purgedcv._metrics._deflated_benchmark(100, 0.5 / 250)[1]:.4f}"
    )
    print("| quantity | safesplit | skfolio | purgedcv | paper |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(
        f"| DSR paper example: expected max SR (N=100, V=0.5/250) | {benchmark:.4f} | "
        f"{sk_benchmark} | {pcv_benchmark} | 0.1132 |"
    )
    print(
        f"| DSR paper example: DSR (SR=2.5/sqrt(250), T=1250, skew -3, kurt 10) | "
        f"{dsr:.4f} | - (returns only) | - (returns only) | 0.9004 |"
    )
    rng = np.random.default_rng(11)
    series = {
        "normal, T=500": rng.normal(0.0008, 0.01, 500),
        "lognormal (skewed), T=250": rng.lognormal(0.0, 0.5, 250) - 1.12,
        "student t(3), T=1000": 0.01 * rng.standard_t(3, 1000) + 0.0005,
    }
    for name, returns in series.items():
        ours = probabilistic_sharpe_ratio(returns)
        sk = (
            "-"
            if skfolio is None
            else f"{skfolio.probabilistic_sharpe_ratio(returns):.6f}"
        )
        pcv = (
            "-"
            if purgedcv is None
            else f"{purgedcv.probabilistic_sharpe_ratio(returns, 0.0):.6f} "
            f"(its conventions in safesplit: {psr_purgedcv_conventions(returns):.6f})"
        )
        print(f"| PSR(0), {name} | {ours:.6f} | {sk} | {pcv} | - |")
    trials = rng.normal(0.0, 0.01, size=(750, 40))
    trials[:, 7] += 0.0012
    sharpes = trials.mean(axis=0) / trials.std(axis=0, ddof=1)
    best = trials[:, int(np.argmax(sharpes))]
    ours = deflated_sharpe_ratio(trials)
    sk = (
        "-"
        if skfolio is None
        else f"{skfolio.deflated_sharpe_ratio(best, sharpes):.6f}"
    )
    variance = float(np.var(sharpes, ddof=1))
    pcv = (
        "-"
        if purgedcv is None
        else f"{purgedcv.deflated_sharpe_ratio(best, 40, variance):.6f}"
    )
    print(f"| DSR, best of 40 trials (T=750) | {ours:.6f} | {sk} | {pcv} | - |")
    print(
        "\nskfolio uses safesplit's conventions (Sharpe with ddof=1, the sample's "
        "moment ratios); purgedcv divides by the ddof=0 standard deviation and "
        "bias-corrects skewness and kurtosis, hence its small differences.\n"
    )


# --------------------------------------------------------------------------------------
# Time


def _best_interleaved(runs, repeat):
    best = {name: float("inf") for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            gc.collect()
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def timing(purgedcv, repeat, large_rows):
    print("## Time\n")
    returns = noise(4_000, 10, 6)
    runs = {
        "safesplit": lambda: backtest_overfitting(
            returns, n_partitions=16, statistic="sharpe"
        )
    }
    if purgedcv is not None:
        runs["purgedcv"] = lambda: purgedcv.probability_of_backtest_overfitting(
            returns.T, n_splits=16
        )
    best = _best_interleaved(runs, repeat)
    print(
        f"4,000 rows x 10 configurations, S=16 (12,870 combinations), Sharpe; best "
        f"of {repeat} interleaved runs:"
    )
    for name, seconds in best.items():
        print(f"- {name}: {seconds:.3f} s")
    if "purgedcv" in best:
        print(
            f"- ratio safesplit / purgedcv: {best['safesplit'] / best['purgedcv']:.4f}"
        )
    n_rows = int(large_rows)
    large = np.random.default_rng(7).normal(0.0, 0.01, size=(n_rows, 4))
    gc.collect()
    start = time.perf_counter()
    backtest_overfitting(large, statistic="sharpe")
    seconds = time.perf_counter() - start
    tracemalloc.start()
    backtest_overfitting(large, statistic="sharpe")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"\n{n_rows:,} rows x 4 configurations, S=16, Sharpe: {seconds:.2f} s, "
        f"tracemalloc peak {peak / 2**20:.0f} MiB above the input "
        f"({large.nbytes / 2**20:.0f} MiB)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large-rows", type=float, default=1e7)
    args = parser.parse_args(argv)
    purgedcv, skfolio = _load("purgedcv"), _load("skfolio")
    for name, module in (("purgedcv", purgedcv), ("skfolio", skfolio)):
        if module is None:
            print(f"{name} is not installed (or too old): its columns are skipped.\n")
    pbo_table(purgedcv)
    sharpe_table(purgedcv, skfolio)
    timing(purgedcv, args.repeat, args.large_rows)


if __name__ == "__main__":
    main()
