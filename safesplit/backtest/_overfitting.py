"""backtest_overfitting: the probability of backtest overfitting of a selection."""

import numbers

import numpy as np
import pandas as pd

from safesplit.backtest._cscv import (
    MAX_COMBINATIONS,
    cells_of_rows,
    combination_chunks,
    count_combinations,
    half_cells,
    in_sample_masks,
    partition_bounds,
    run_cscv,
    statistics_of_halves,
)
from safesplit.backtest._report import OverfittingReport
from safesplit.backtest._search import is_search, search_scores, split_units
from safesplit.backtest._sharpe import _check_real

STATISTICS = ("mean", "sharpe")
# The paper's choice of S, used when there are enough rows (or units).
DEFAULT_PARTITIONS = 16


def _check_statistic(statistic):
    if callable(statistic):
        return statistic
    if isinstance(statistic, str) and statistic in STATISTICS:
        return statistic
    raise ValueError(
        f"statistic must be 'mean', 'sharpe' or a function of the rows of a half "
        f"(an array (n_rows, n_trials)) returning one number per column; got "
        f"{statistic!r}."
    )


def _check_partitions(n_partitions, n_units, unit_word):
    """Resolve ``n_partitions``: an even number in [2, n_units]."""
    if n_partitions is None:
        n_partitions = min(DEFAULT_PARTITIONS, n_units)
        if n_partitions % 2:
            raise ValueError(
                f"there are {n_units} {unit_word}, an odd number, and CSCV splits "
                "its partitions into two equal halves: pass an even n_partitions "
                f"(e.g. n_partitions={n_units - 1}, adjacent {unit_word} merged)."
            )
    if isinstance(n_partitions, bool) or not isinstance(n_partitions, numbers.Integral):
        raise TypeError(
            f"n_partitions must be an int, got {type(n_partitions).__name__} "
            f"{n_partitions!r}."
        )
    n_partitions = int(n_partitions)
    if n_partitions < 2 or n_partitions % 2:
        raise ValueError(
            f"n_partitions must be an even number of at least 2 (the halves are "
            f"equal), got {n_partitions}."
        )
    if n_partitions > n_units:
        raise ValueError(
            f"n_partitions={n_partitions} exceeds the {n_units} {unit_word}: each "
            "partition needs at least one; pass fewer partitions."
        )
    if count_combinations(n_partitions) > MAX_COMBINATIONS:
        raise ValueError(
            f"n_partitions={n_partitions} gives {count_combinations(n_partitions):,} "
            f"combinations, more than {MAX_COMBINATIONS:,}; the paper uses 16."
        )
    return n_partitions


def _matrix(results):
    """``(values, names)`` of a score or return matrix, as floats (never
    written to: a float array is used as it is, without a copy)."""
    if isinstance(results, pd.DataFrame):
        index = results.index
        if isinstance(index, pd.DatetimeIndex) and not index.is_monotonic_increasing:
            raise ValueError(
                "results: the rows must be in time order (CSCV's partitions are "
                "runs of consecutive rows); sort them first: results.sort_index()."
            )
        names = tuple(str(column) for column in results.columns)
    else:
        names = None
    try:
        values = np.asarray(results, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            "results must be a fitted search, or a matrix of numbers (rows: time "
            f"blocks or splits in time order, columns: configurations); {exc}"
        ) from None
    if values.ndim != 2:
        raise ValueError(
            f"results must be a 2-d matrix (rows: time blocks or splits, columns: "
            f"configurations), got {values.ndim} dimension(s); a single series is "
            "one configuration, and there is no selection to judge."
        )
    if names is None:
        names = tuple(str(i) for i in range(values.shape[1]))
    return values, names


def _check_values(values, names, row_word):
    n_rows, n_trials = values.shape
    if n_trials < 2:
        raise ValueError(
            f"results has {n_trials} configuration(s) (columns); the probability of "
            "backtest overfitting judges a selection among at least 2."
        )
    if n_rows < 2:
        raise ValueError(
            f"results has {n_rows} {row_word}; CSCV needs at least 2 to split them "
            "into an in-sample and an out-of-sample half."
        )
    finite = np.isfinite(values)
    if not finite.all():
        row, column = np.argwhere(~finite)[0]
        raise ValueError(
            f"results holds {int((~finite).sum())} value(s) that are NaN or infinite "
            f"(the first in {row_word[:-1]} {row}, configuration {names[column]!r}); "
            "CSCV needs every configuration's value in every row. Drop those "
            "configurations or rows explicitly."
        )


def _matrix_cells(values, n_partitions):
    n_rows = values.shape[0]
    n_partitions = _check_partitions(n_partitions, n_rows, "rows")
    sizes = np.diff(partition_bounds(n_rows, n_partitions))
    row_cells = np.repeat(np.arange(n_partitions), sizes)
    cells = cells_of_rows(values, row_cells, np.eye(n_partitions, dtype=bool))
    size = (
        f"{sizes.min()}"
        if sizes.min() == sizes.max()
        else f"{sizes.min()}-{sizes.max()}"
    )
    source = (
        f"{n_rows} rows x {values.shape[1]} configurations, cut into "
        f"{n_partitions} partitions of {size} consecutive rows"
    )
    return cells, n_partitions, source


def _splits_per_half(membership, n_partitions):
    """How many splits lie inside each half, a chunk of combinations at a time."""
    masks = in_sample_masks(n_partitions)
    counts = []
    for start, stop in combination_chunks(masks.shape[0], *membership.shape):
        for side in half_cells(membership, masks[start:stop]):
            counts.append(side.sum(axis=1))
    return np.concatenate(counts)


def _search_cells(search, values, n_partitions, score_name):
    unit_sets, n_units, described, word = split_units(search)
    n_partitions = _check_partitions(n_partitions, n_units, word)
    sizes = np.diff(partition_bounds(n_units, n_partitions))
    unit_partition = np.repeat(np.arange(n_partitions), sizes)
    membership = np.zeros((values.shape[0], n_partitions), dtype=bool)
    membership[np.arange(values.shape[0])[:, None], unit_partition[unit_sets]] = True
    used = _splits_per_half(membership, n_partitions)
    if used.min() == 0:
        raise ValueError(
            f"{described} tests {unit_sets.shape[1]} groups per split, and a half of "
            f"the {n_partitions} partitions of its {n_units} groups can hold fewer, "
            "so no split lies inside it. CSCV over CombinatorialPurgedCV needs "
            "n_test_groups <= n_groups / 2 and n_partitions >= 2 * n_test_groups."
        )
    per_half = (
        f"{used.min()}" if used.min() == used.max() else f"{used.min()}-{used.max()}"
    )
    source = (
        f"{type(search).__name__} on {described}: {values.shape[1]} candidates x "
        f"{values.shape[0]} split scores ({score_name!r}); {n_partitions} partitions "
        f"of its {n_units} {word}, each half scored by the {per_half} splits that "
        "test only inside it"
    )
    cells = cells_of_rows(values, np.arange(values.shape[0]), membership)
    return cells, n_partitions, source


def _overall_statistic(values, cells, statistic):
    """The statistic over all rows (the whole data as one half)."""
    if callable(statistic):
        return np.asarray(statistic(values), dtype=float)
    everything = np.ones((1, cells.counts.shape[0]), dtype=bool)
    return statistics_of_halves(cells, everything, statistic)[0]


def _degradation(is_performance, oos_performance):
    spread = is_performance - is_performance.mean()
    variance = float(spread @ spread)
    if variance == 0.0:
        return float("nan"), float("nan")
    slope = float(spread @ (oos_performance - oos_performance.mean())) / variance
    return slope, float(oos_performance.mean() - slope * is_performance.mean())


def backtest_overfitting(
    results,
    *,
    n_partitions=None,
    statistic="mean",
    score_name=None,
    loss_threshold=0.0,
):
    """How likely the configuration that backtests best is overfit, by CSCV.

    Combinatorially symmetric cross-validation (Bailey, Borwein, López de Prado
    and Zhu, 2014) cuts the rows (in time order) into ``n_partitions`` parts S,
    and for each of the C(S, S/2) ways to choose half of them as in-sample,
    selects the configuration with the best ``statistic`` in sample and ranks it
    among all configurations on the other half. The probability of backtest
    overfitting (PBO) is the share of combinations in which the in-sample winner
    does no better than the median out of sample.

    Parameters
    ----------
    results : fitted search or array-like of shape (n_rows, n_trials)
        Either a fitted :class:`~sklearn.model_selection.GridSearchCV` or
        :class:`~sklearn.model_selection.RandomizedSearchCV` whose ``cv`` is a
        :class:`PurgedKFold`, :class:`WalkForward`,
        :class:`GroupTimeSeriesSplit` or :class:`CombinatorialPurgedCV` (its
        per-split test scores are read from ``cv_results_``), or a matrix with
        one column per configuration and rows in time order: returns per period,
        or scores per disjoint test block. A DataFrame's column names name the
        configurations.
    n_partitions : int, default=None
        Number S of partitions, even. Rows are cut into S runs of consecutive
        rows (the first ``n_rows % S`` one row longer); for a search, its folds
        or windows, or the groups of a CombinatorialPurgedCV, are. By default
        the number of rows, splits or groups, up to 16 (the paper's choice); an
        odd count is refused: pass an even ``n_partitions``.
    statistic : {"mean", "sharpe"} or callable, default="mean"
        What is ranked, over the rows of a half: ``"mean"`` (for scores: the
        mean test score, what a search selects by), ``"sharpe"`` (for returns:
        mean over standard deviation, ddof=1), or a function taking the rows of
        a half, an array ``(n_rows_in_half, n_trials)``, and returning one number
        per configuration (higher is better).
    score_name : str, default=None
        For a search that computed several scores, which one (the ``name`` in
        ``split{i}_test_{name}``); by default the one it refits on.
    loss_threshold : float, default=0.0
        ``probability_of_loss`` counts the combinations in which the winner's
        out-of-sample statistic is below it.

    Returns
    -------
    report : OverfittingReport
        ``pbo``, the ``logits`` and ``rank_distribution`` of the winner's
        out-of-sample rank, the degradation from in- to out-of-sample, the
        probability of loss, and ``plot()``.

    Raises
    ------
    ValueError
        On NaN or infinite values (a failed fit in a search), fewer than two
        configurations or rows, an odd or too large ``n_partitions``, a
        CombinatorialPurgedCV testing more than half of its groups per split, or
        a statistic that is undefined on a half (a constant column's Sharpe).
    TypeError
        On a search whose ``cv`` is not one of the splitters above (pass its
        score matrix instead), or values that are not numbers.

    See Also
    --------
    deflated_sharpe_ratio : The selected strategy's Sharpe ratio, deflated by the
        number of trials.
    CombinatorialPurgedCV : Groups that become CSCV's partitions.

    Notes
    -----
    A search's scores are one number per candidate and split: CSCV then ranks
    candidates by their mean test score over the splits inside each half, which
    is what the search does over all splits. For a CombinatorialPurgedCV a half
    is a set of groups, and it is scored by the splits whose test groups all lie
    in it; splits testing groups of both halves are not used for that
    combination. The scores do not say how a candidate would trade: for returns
    pass a return matrix. Splits are weighted equally, whatever their size.

    References
    ----------
    D. Bailey, J. Borwein, M. López de Prado and Q. J. Zhu, "The probability of
    backtest overfitting", Journal of Computational Finance 20(4), 2017 (working
    paper 2014).

    Examples
    --------
    Ten strategies without skill: out of sample, the one that backtests best is
    a coin flip (the PBO of one data set varies widely around 0.5).

    >>> import numpy as np
    >>> from safesplit import backtest_overfitting
    >>> rng = np.random.default_rng(0)
    >>> returns = rng.normal(0.0, 0.01, size=(1000, 10))
    >>> report = backtest_overfitting(returns, n_partitions=10, statistic="sharpe")
    >>> report.n_combinations
    252
    >>> print(f"{report.pbo:.2f}")
    0.62

    One of them has a real edge: it wins in sample and keeps winning.

    >>> returns[:, 3] += 0.003
    >>> report = backtest_overfitting(returns, n_partitions=10, statistic="sharpe")
    >>> report.pbo, float(report.rank_distribution[-1]), report.best_configuration
    (0.0, 1.0, '3')
    """
    statistic = _check_statistic(statistic)
    loss_threshold = _check_real(loss_threshold, "loss_threshold")
    if is_search(results):
        values, names, key = search_scores(results, score_name)
        _check_values(values, names, "splits")
        cells, n_partitions, source = _search_cells(results, values, n_partitions, key)
    else:
        if score_name is not None:
            raise ValueError(
                "score_name names a score of a fitted search; results is a matrix, "
                "whose columns are the configurations: drop score_name."
            )
        values, names = _matrix(results)
        _check_values(values, names, "rows")
        cells, n_partitions, source = _matrix_cells(values, n_partitions)
    outcome = run_cscv(values, cells, statistic, loss_threshold, names)
    n_trials = values.shape[1]
    n_combinations = outcome["overfit"].shape[0]
    relative_rank = outcome["mean_rank"] / (n_trials + 1)
    slope, intercept = _degradation(outcome["is_best"], outcome["oos"])
    overall = _overall_statistic(values, cells, statistic)
    return OverfittingReport(
        pbo=float(outcome["overfit"].sum() / n_combinations),
        logits=np.log(relative_rank / (1.0 - relative_rank)),
        rank_distribution=outcome["rank_counts"] / n_combinations,
        is_performance=outcome["is_best"],
        oos_performance=outcome["oos"],
        degradation_slope=slope,
        degradation_intercept=intercept,
        probability_of_loss=float(outcome["loss"].sum() / n_combinations),
        n_trials=n_trials,
        n_partitions=n_partitions,
        configurations=names,
        best_configuration=names[int(np.argmax(overall))],
        statistic=statistic if isinstance(statistic, str) else _name(statistic),
        loss_threshold=loss_threshold,
        source=source,
    )


def _name(function):
    return getattr(function, "__name__", type(function).__name__)
