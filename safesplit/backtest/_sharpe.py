"""The probabilistic and the deflated Sharpe ratio of return series.

Bailey and López de Prado: "The Sharpe ratio efficient frontier" (2012) for the
probabilistic Sharpe ratio (PSR), "The deflated Sharpe ratio" (2014) for the
deflated one (DSR), which is the PSR against the Sharpe ratio the best of N
unskilled trials would reach by luck.

Every Sharpe ratio here is per observation (not annualised): the mean of the
returns over their standard deviation (ddof=1); skewness and kurtosis are the
moment ratios of the sample (kurtosis 3 for a normal law, not the excess).
"""

import math
import numbers

import numpy as np
import pandas as pd
from scipy.stats import norm

from safesplit.backtest._cscv import CHUNK_BYTES


def _as_returns(returns, name="returns"):
    """``(matrix, one_series, column_names)``: a float ``(n_obs, n_columns)`` copy
    of ``returns``, whether it was one series, and a DataFrame's columns."""
    columns = returns.columns if isinstance(returns, pd.DataFrame) else None
    try:
        matrix = np.asarray(returns, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must hold numbers (one return per observation); {exc}"
        ) from None
    one_series = matrix.ndim == 1
    if one_series:
        matrix = matrix[:, None]
    if matrix.ndim != 2:
        raise ValueError(
            f"{name} must be one series of returns or a matrix with one column per "
            f"series, got an array of {matrix.ndim} dimensions."
        )
    if matrix.shape[0] < 2:
        raise ValueError(
            f"{name} has {matrix.shape[0]} observation(s); a Sharpe ratio and its "
            "standard error need at least 2."
        )
    if matrix.shape[1] == 0:
        raise ValueError(f"{name} has no column; pass at least one return series.")
    if not np.isfinite(matrix).all():
        row, column = np.argwhere(~np.isfinite(matrix))[0]
        raise ValueError(
            f"{name} holds a value that is not finite (row {row}, column {column}); "
            "drop or fill missing returns explicitly before computing Sharpe ratios."
        )
    return matrix, one_series, columns


def sharpe_moments(matrix, name="returns"):
    """Per column: ``(n_obs, sharpe, skewness, kurtosis)`` of a finite matrix.

    Central moments are summed over chunks of rows, so a long matrix needs no
    centred copy of itself.
    """
    n_obs, n_columns = matrix.shape
    mean = matrix.mean(axis=0)
    moments = np.zeros((3, n_columns))
    step = max(1, CHUNK_BYTES // (8 * n_columns))
    for start in range(0, n_obs, step):
        centred = matrix[start : start + step] - mean
        squared = centred * centred
        moments[0] += squared.sum(axis=0)
        moments[1] += (squared * centred).sum(axis=0)
        moments[2] += (squared * squared).sum(axis=0)
    m2, m3, m4 = moments / n_obs
    constant = matrix.min(axis=0) == matrix.max(axis=0)
    if constant.any():
        column = int(np.flatnonzero(constant)[0])
        raise ValueError(
            f"{name}: column {column} is constant, so it has no Sharpe ratio (its "
            "standard deviation is 0); drop it."
        )
    sharpe = mean / np.sqrt(m2 * n_obs / (n_obs - 1))
    return n_obs, sharpe, m3 / m2**1.5, m4 / (m2 * m2)


def psr_from_moments(sharpe, n_obs, skewness, kurtosis, benchmark_sharpe=0.0):
    """PSR from summary statistics (per-observation Sharpe ratios):
    ``Phi((SR - SR*) sqrt(n_obs - 1) / sqrt(1 - skew SR + (kurt - 1) / 4 SR^2))``.
    """
    sharpe = np.asarray(sharpe, dtype=float)
    spread = 1.0 - skewness * sharpe + (np.asarray(kurtosis) - 1.0) / 4.0 * sharpe**2
    # With the sample's own moments, kurt >= 1 + skew^2, so ``spread`` is a square
    # (1 - skew SR / 2)^2 plus a non-negative term: zero only for two values.
    if np.any(spread <= 0):
        raise ValueError(
            "the returns take only two values in proportions that leave the Sharpe "
            "ratio's standard error at 0; the probabilistic Sharpe ratio is "
            "undefined for them."
        )
    z = (sharpe - benchmark_sharpe) * np.sqrt(n_obs - 1) / np.sqrt(spread)
    return norm.cdf(z)


def _check_count(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}.")
    return int(value)


def _check_real(value, name, minimum=None):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a number, got {type(value).__name__} {value!r}."
        )
    if not math.isfinite(value) or (minimum is not None and value < minimum):
        bound = "finite" if minimum is None else f"finite and at least {minimum}"
        raise ValueError(f"{name} must be {bound}, got {value!r}.")
    return float(value)


def expected_maximum_sharpe_ratio(n_trials, variance):
    """The Sharpe ratio the best of ``n_trials`` unskilled trials reaches by luck.

    With independent trials whose estimated Sharpe ratios have mean 0 and variance
    ``variance``, the expected maximum is approximately
    ``sqrt(variance) * ((1 - g) * Z^-1(1 - 1/N) + g * Z^-1(1 - 1/(N e)))``, where
    g is the Euler-Mascheroni constant and Z the standard normal distribution
    (Bailey and López de Prado, 2014). It is the benchmark of
    :func:`deflated_sharpe_ratio`.

    Parameters
    ----------
    n_trials : int
        Number N of independent trials, at least 1 (one trial: 0).
    variance : float
        Variance of the trials' estimated Sharpe ratios, in the same units as the
        Sharpe ratio to be tested (per observation).

    Returns
    -------
    sharpe_ratio : float
        The Sharpe ratio the best of the trials reaches by luck, in expectation.

    Examples
    --------
    The deflated Sharpe ratio paper's example: 100 trials whose annualised Sharpe
    ratios vary with variance 1/2, on daily data (250 days a year):

    >>> from safesplit import expected_maximum_sharpe_ratio
    >>> round(expected_maximum_sharpe_ratio(100, 0.5 / 250), 4)
    0.1132
    """
    n_trials = _check_count(n_trials, "n_trials", 1)
    variance = _check_real(variance, "variance", minimum=0.0)
    if n_trials == 1:
        return 0.0
    gamma = np.euler_gamma
    z = (1 - gamma) * norm.ppf(1 - 1 / n_trials) + gamma * norm.ppf(
        1 - 1 / (n_trials * math.e)
    )
    return float(math.sqrt(variance) * z)


def probabilistic_sharpe_ratio(returns, *, benchmark_sharpe=0.0):
    """Probability that the true Sharpe ratio exceeds ``benchmark_sharpe``.

    The estimated Sharpe ratio SR of n returns is approximately normal around the
    true one with variance ``(1 - skew SR + (kurt - 1) / 4 SR^2) / (n - 1)``
    (Bailey and López de Prado, 2012); the PSR is the normal probability that
    the true ratio is above the benchmark, which grows with the length of the
    track record and falls with negative skewness and fat tails.

    Parameters
    ----------
    returns : array-like of shape (n_obs,) or (n_obs, n_series)
        Returns (in excess of the risk-free rate if that is the benchmark), one
        per observation in time order; a matrix holds one series per column.
    benchmark_sharpe : float, default=0.0
        The Sharpe ratio to beat, per observation (not annualised): divide an
        annual figure by the square root of the observations per year.

    Returns
    -------
    psr : float, ndarray of shape (n_series,) or pandas.Series
        A float for one series, one value per column for a matrix (a Series
        indexed by the columns of a DataFrame).

    See Also
    --------
    deflated_sharpe_ratio : The PSR against the best Sharpe ratio of N trials.

    Notes
    -----
    The Sharpe ratio is the mean over the standard deviation with ddof=1;
    skewness and kurtosis are the sample's moment ratios (normal kurtosis 3),
    with which the variance above is never negative.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit import probabilistic_sharpe_ratio
    >>> rng = np.random.default_rng(0)
    >>> daily = rng.normal(0.0005, 0.01, size=(750, 2))  # true Sharpe 0.05 a day
    >>> daily[:, 1] -= 0.0005  # the second series has no skill
    >>> probabilistic_sharpe_ratio(daily).round(3)
    array([0.688, 0.521])
    >>> round(probabilistic_sharpe_ratio(daily[:, 0], benchmark_sharpe=0.05), 3)
    0.191
    """
    benchmark_sharpe = _check_real(benchmark_sharpe, "benchmark_sharpe")
    matrix, one_series, columns = _as_returns(returns)
    n_obs, sharpe, skewness, kurtosis = sharpe_moments(matrix)
    psr = psr_from_moments(sharpe, n_obs, skewness, kurtosis, benchmark_sharpe)
    if one_series:
        return float(psr[0])
    if columns is not None:
        return pd.Series(psr, index=columns, name="probabilistic_sharpe_ratio")
    return psr


def _trials(returns, trial_sharpe_ratios):
    """The selected series and the trials' Sharpe ratios."""
    matrix, one_series, _ = _as_returns(returns)
    if not one_series and trial_sharpe_ratios is not None:
        raise ValueError(
            "returns is a matrix of trials, so the trials' Sharpe ratios come from "
            "its columns; pass either a matrix, or the selected series with "
            "trial_sharpe_ratios, not both."
        )
    if one_series:
        if trial_sharpe_ratios is None:
            raise ValueError(
                "deflated_sharpe_ratio needs the Sharpe ratios of all trials: pass "
                "trial_sharpe_ratios=... (per observation, the selected one "
                "included), or returns as a matrix with one column per trial."
            )
        trials = np.asarray(trial_sharpe_ratios, dtype=float)
        if trials.ndim != 1 or trials.shape[0] < 2 or not np.isfinite(trials).all():
            raise ValueError(
                "trial_sharpe_ratios must be a 1-d array of at least 2 finite "
                f"Sharpe ratios (one per trial), got {trials.tolist()!r:.80}."
            )
        return matrix, trials
    if matrix.shape[1] < 2:
        raise ValueError(
            "returns has one column: a deflated Sharpe ratio needs the trials it "
            "was selected from (at least 2 columns)."
        )
    _, trials, _, _ = sharpe_moments(matrix)
    return matrix[:, [int(np.argmax(trials))]], trials


def deflated_sharpe_ratio(returns, *, trial_sharpe_ratios=None, n_trials=None):
    """Probability that the selected strategy's true Sharpe ratio beats luck.

    The search that selected it is accounted for.

    The deflated Sharpe ratio (Bailey and López de Prado, 2014) is the
    :func:`probabilistic_sharpe_ratio` against the Sharpe ratio the best of N
    trials without skill would reach by luck
    (:func:`expected_maximum_sharpe_ratio`, from N and the variance of the trials'
    Sharpe ratios). It corrects for the selection and for skewed, fat-tailed,
    short track records.

    Parameters
    ----------
    returns : array-like of shape (n_obs,) or (n_obs, n_trials)
        Either the returns of every trial, one column each (the selected strategy
        is the column with the highest Sharpe ratio), or the returns of the
        selected strategy alone, with ``trial_sharpe_ratios``.
    trial_sharpe_ratios : array-like of shape (n_trials,), default=None
        The per-observation Sharpe ratios of all trials (the selected one
        included), when ``returns`` is the selected series.
    n_trials : int, default=None
        Number N of independent trials. By default the number of trials given;
        pass more if trials were run and not kept, fewer if they are strongly
        correlated (the paper estimates the number of independent ones by
        clustering). The variance always comes from the trials given.

    Returns
    -------
    dsr : float
        The probability, between 0 and 1, that the true Sharpe ratio is above
        the one the best of the trials would reach by luck.

    See Also
    --------
    backtest_overfitting : How often the in-sample winner of a search loses out
        of sample.

    Examples
    --------
    Twenty strategies without skill: the best one looks good on its own, not once
    the search is accounted for.

    >>> import numpy as np
    >>> from safesplit import deflated_sharpe_ratio, probabilistic_sharpe_ratio
    >>> rng = np.random.default_rng(1)
    >>> trials = rng.normal(0.0, 0.01, size=(500, 20))
    >>> best = trials[:, np.argmax(trials.mean(axis=0) / trials.std(axis=0, ddof=1))]
    >>> round(probabilistic_sharpe_ratio(best), 3)
    0.976
    >>> round(deflated_sharpe_ratio(trials), 3)
    0.439
    """
    matrix, trials = _trials(returns, trial_sharpe_ratios)
    if n_trials is None:
        n_trials = trials.shape[0]
    n_trials = _check_count(n_trials, "n_trials", 1)
    benchmark = expected_maximum_sharpe_ratio(n_trials, float(np.var(trials, ddof=1)))
    n_obs, sharpe, skewness, kurtosis = sharpe_moments(matrix)
    return float(psr_from_moments(sharpe, n_obs, skewness, kurtosis, benchmark)[0])
