"""Brute-force CSCV written from the paper's definitions, for small inputs.

Every combination of half of the partitions is built as a list of rows; the
statistic is computed on those rows; ties are broken by enumerating every
ordering of the configurations (in sample and out of sample independently), so
each figure is the average over all tie-breaks. Slow on purpose: no shared code
with the package.
"""

import itertools
import math

import numpy as np


def mean_statistic(rows):
    return rows.mean(axis=0)


def sharpe_statistic(rows):
    return rows.mean(axis=0) / rows.std(axis=0, ddof=1)


def _blocks(n_rows, n_partitions):
    sizes = [
        n_rows // n_partitions + (i < n_rows % n_partitions)
        for i in range(n_partitions)
    ]
    bounds = np.cumsum([0, *sizes])
    return [list(range(bounds[i], bounds[i + 1])) for i in range(n_partitions)]


def _orders(values, enumerate_ties):
    """Every ordering used to break ties: all permutations when asked, else the
    identity (the caller made sure there are no ties)."""
    n = len(values)
    if enumerate_ties:
        return list(itertools.permutations(range(n)))
    return [tuple(range(n))]


def _outcomes(inside, outside, enumerate_ties):
    """(rank, out-of-sample value) of the winner, for every pair of tie-breaks."""
    n = len(inside)
    found = []
    for order_in in _orders(inside, enumerate_ties):
        winner = max(range(n), key=lambda j: (inside[j], order_in[j]))
        for order_out in _orders(outside, enumerate_ties):
            key = (outside[winner], order_out[winner])
            rank = 1 + sum((outside[j], order_out[j]) < key for j in range(n))
            found.append((rank, outside[winner]))
    return found


def reference_cscv(values, n_partitions, statistic, loss_threshold=0.0):
    """PBO, logits, rank distribution, IS and OOS performance, probability of
    loss and the degradation line, from the definitions."""
    n_rows, n_trials = values.shape
    blocks = _blocks(n_rows, n_partitions)
    enumerate_ties = n_trials <= 4
    pbo, logits, ranks, is_perf, oos_perf, loss = (
        0.0,
        [],
        np.zeros(n_trials),
        [],
        [],
        0.0,
    )
    combinations = list(itertools.combinations(range(n_partitions), n_partitions // 2))
    for combination in combinations:
        rows_in = [r for p in combination for r in blocks[p]]
        rows_out = [
            r for p in range(n_partitions) if p not in combination for r in blocks[p]
        ]
        inside = list(statistic(values[rows_in]))
        outside = list(statistic(values[rows_out]))
        if not enumerate_ties:
            assert len(set(inside)) == n_trials and len(set(outside)) == n_trials
        found = _outcomes(inside, outside, enumerate_ties)
        weight = 1.0 / len(found)
        pbo += weight * sum(rank / (n_trials + 1) <= 0.5 for rank, _ in found)
        mean_rank = weight * sum(rank for rank, _ in found) / (n_trials + 1)
        logits.append(math.log(mean_rank / (1 - mean_rank)))
        for rank, _ in found:
            ranks[rank - 1] += weight
        is_perf.append(max(inside))
        oos_perf.append(weight * sum(value for _, value in found))
        loss += weight * sum(value < loss_threshold for _, value in found)
    n = len(combinations)
    is_perf, oos_perf = np.array(is_perf), np.array(oos_perf)
    if np.ptp(is_perf) > 0:
        slope, intercept = np.polyfit(is_perf, oos_perf, 1)
    else:
        slope = intercept = float("nan")
    return {
        "pbo": pbo / n,
        "logits": np.array(logits),
        "rank_distribution": ranks / n,
        "is_performance": is_perf,
        "oos_performance": oos_perf,
        "probability_of_loss": loss / n,
        "degradation_slope": slope,
        "degradation_intercept": intercept,
    }


def reference_cscv_of_groups(scores, test_groups, n_groups, n_partitions):
    """CSCV over the groups of a combinatorial CV, from the definition: the
    groups are cut into ``n_partitions`` runs; a half is scored by the mean score
    of the splits all of whose test groups lie in it. No ties expected."""
    sizes = [
        n_groups // n_partitions + (i < n_groups % n_partitions)
        for i in range(n_partitions)
    ]
    partition_of = [p for p, size in enumerate(sizes) for _ in range(size)]
    n_trials = scores.shape[1]
    pbo, logits, is_perf, oos_perf = 0, [], [], []
    combinations = list(itertools.combinations(range(n_partitions), n_partitions // 2))
    for combination in combinations:
        inside_splits = [
            s
            for s, groups in enumerate(test_groups)
            if all(partition_of[g] in combination for g in groups)
        ]
        outside_splits = [
            s
            for s, groups in enumerate(test_groups)
            if not any(partition_of[g] in combination for g in groups)
        ]
        inside = scores[inside_splits].mean(axis=0)
        outside = scores[outside_splits].mean(axis=0)
        winner = int(np.argmax(inside))
        rank = 1 + int((outside < outside[winner]).sum())
        pbo += rank / (n_trials + 1) <= 0.5
        logits.append(math.log(rank / (n_trials + 1 - rank)))
        is_perf.append(inside[winner])
        oos_perf.append(outside[winner])
    return {
        "pbo": pbo / len(combinations),
        "logits": np.array(logits),
        "is_performance": np.array(is_perf),
        "oos_performance": np.array(oos_perf),
    }
