"""OverfittingReport: what CSCV found, immutable, with a plot."""

from dataclasses import dataclass, fields

import numpy as np


def _frozen(values):
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False, repr=False)
class OverfittingReport:
    """How much selecting the best configuration overfits, by CSCV.

    Returned by :func:`backtest_overfitting`; every attribute is read-only and
    holds the parameter of the same name.

    Parameters
    ----------
    pbo : float
        Probability of backtest overfitting: the share of the C(S, S/2)
        combinations in which the in-sample winner ranks at or below the median
        out of sample (logit <= 0). About 0.5 when no configuration has skill,
        near 0 when the in-sample winner keeps winning.
    logits : ndarray of shape (n_combinations,)
        Per combination, ``log(w / (1 - w))`` with ``w = rank / (n_trials + 1)``
        the relative out-of-sample rank of the in-sample winner.
    rank_distribution : ndarray of shape (n_trials,)
        Share of combinations in which the in-sample winner ranks r-th out of
        sample, ``r = 1`` (worst) to ``n_trials`` (best): near uniform without
        skill, piled up at the end with it.
    is_performance, oos_performance : ndarray of shape (n_combinations,)
        The winner's statistic in sample and out of sample, per combination.
    degradation_slope, degradation_intercept : float
        Least-squares line of ``oos_performance`` on ``is_performance``: a slope
        below 1 (or negative) is the performance degradation of the paper. NaN
        when the in-sample performance does not vary.
    probability_of_loss : float
        Share of combinations in which the winner's out-of-sample statistic is
        below ``loss_threshold``.
    n_trials : int
        Number of configurations compared.
    n_partitions : int
        Number S of partitions; there are C(S, S/2) combinations.
    configurations : tuple of str
        The configurations' names (columns, or a search's candidates).
    best_configuration : str
        The configuration with the best statistic over all rows: the one a
        search selects (the first on a tie).
    statistic : str
        The statistic ranked: ``"mean"``, ``"sharpe"`` or a function's name.
    loss_threshold : float
        The out-of-sample statistic below which a combination counts as a loss.
    source : str
        What was analysed and how rows became partitions.

    See Also
    --------
    backtest_overfitting : Builds this report.

    Notes
    -----
    With ties (equal statistics) each tied ordering is taken with equal
    probability, in and out of sample, and ``pbo``, ``rank_distribution``,
    ``oos_performance`` and ``probability_of_loss`` are expectations over them;
    a logit is then that of the expected rank. Without ties every figure is the
    plain count of the paper.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit import backtest_overfitting
    >>> returns = np.random.default_rng(0).normal(0.0, 0.01, size=(800, 6))
    >>> report = backtest_overfitting(returns, statistic="sharpe")
    >>> report.n_trials, report.n_partitions
    (6, 16)
    >>> 0.0 <= report.pbo <= 1.0
    True
    """

    pbo: float
    logits: np.ndarray
    rank_distribution: np.ndarray
    is_performance: np.ndarray
    oos_performance: np.ndarray
    degradation_slope: float
    degradation_intercept: float
    probability_of_loss: float
    n_trials: int
    n_partitions: int
    configurations: tuple
    best_configuration: str
    statistic: str
    loss_threshold: float
    source: str

    def __post_init__(self):
        for name in (
            "logits",
            "rank_distribution",
            "is_performance",
            "oos_performance",
        ):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "configurations", tuple(self.configurations))

    def __reduce__(self):
        # Rebuilt through __init__, so the arrays are read-only again.
        return (type(self), tuple(getattr(self, f.name) for f in fields(self)))

    @property
    def n_combinations(self):
        """Number of combinations C(S, S/2)."""
        return int(self.logits.shape[0])

    def __repr__(self):
        # The smallest rank reaching half of the combinations (sums of weights
        # carry rounding, hence the margin).
        median_rank = (
            int(np.argmax(np.cumsum(self.rank_distribution) >= 0.5 - 1e-9)) + 1
        )
        if np.isnan(self.degradation_slope):
            line = "undefined (the winner's in-sample statistic never varies)"
        else:
            line = (
                f"oos = {self.degradation_intercept:.4g} "
                f"{'+' if self.degradation_slope >= 0 else '-'} "
                f"{abs(self.degradation_slope):.3g} * is"
            )
        rows = [
            ("probability of backtest overfitting", f"{self.pbo:.3f}"),
            (
                "out-of-sample rank of the winner",
                f"median {median_rank} of {self.n_trials} (1 = worst)",
            ),
            ("performance degradation", line),
            (
                "probability of loss",
                f"{self.probability_of_loss:.3f} (oos {self.statistic} < "
                f"{self.loss_threshold:g})",
            ),
            ("best configuration", self.best_configuration),
        ]
        width = max(len(label) for label, _ in rows)
        head = (
            f"OverfittingReport(statistic={self.statistic!r}, "
            f"n_trials={self.n_trials}, n_partitions={self.n_partitions}, "
            f"n_combinations={self.n_combinations})"
        )
        body = [f"  {label:<{width}}  {value}" for label, value in rows]
        return "\n".join([head, *body, f"  {self.source}"])

    def plot(self, axes=None):
        """Draw the logits' histogram and the winner's IS vs OOS statistic.

        matplotlib is imported when this is called.

        Parameters
        ----------
        axes : sequence of two matplotlib Axes, default=None
            Where to draw; by default a new figure with two panels.

        Returns
        -------
        axes : ndarray of two matplotlib Axes
            The histogram of the logits, then the scatter of the winner's
            in-sample against out-of-sample statistic.
        """
        from safesplit.backtest._plot import plot_overfitting

        return plot_overfitting(self, axes=axes)
