"""Embedded, deterministic data sets for the demo and the docs (no download)."""

import numpy as np
import pandas as pd


def make_market_data(n_days=2500, *, horizon_days=10, random_state=0):
    """A daily price series and an up/down label over the next ``horizon_days``.

    The features are what a forecaster would build from the past only: returns and
    volatility over rolling windows, a momentum signal and a slow "regime" level.
    The label is whether the price rises over the next ``horizon_days`` days, so
    consecutive labels overlap in time: the setting where shuffled K-fold scores
    are phantom and purging is needed. The genuine signal is weak by design.

    Parameters
    ----------
    n_days : int, default=2000
        Number of business days.
    horizon_days : int, default=10
        Days over which the label is measured; ``end_times = times + horizon``.
    random_state : int, default=0
        Seed; the same seed gives the same data on every machine.

    Returns
    -------
    X : pandas.DataFrame
        Features, indexed by a ``DatetimeIndex`` of the prediction times.
    y : pandas.Series
        1 when the price is higher ``horizon_days`` later, else 0.
    end_times : pandas.Series
        When each label is known, aligned with ``X``.

    Examples
    --------
    >>> from safesplit._datasets import make_market_data
    >>> X, y, end_times = make_market_data(n_days=300)
    >>> X.shape, int(y.sum()) > 0, bool((end_times.to_numpy() > X.index).all())
    ((300, 7), True, True)
    """
    rng = np.random.default_rng(random_state)
    n_total = n_days + horizon_days + 60
    # A persistent demand indicator drives the drift: the genuine, stationary signal,
    # observed with noise. Everything else in the returns is noise.
    indicator = np.zeros(n_total)
    shocks = rng.normal(0.0, 1.0, n_total)
    for day in range(1, n_total):
        indicator[day] = 0.97 * indicator[day - 1] + 0.25 * shocks[day]
    volatility = 0.01 * np.exp(0.3 * np.sin(np.arange(n_total) / 90.0))
    returns = 0.002 * indicator + volatility * rng.standard_normal(n_total)
    log_price = np.cumsum(returns)
    series = pd.Series(returns)
    features = pd.DataFrame(
        {
            "demand_indicator": indicator + rng.normal(0.0, 0.8, n_total),
            "return_5d": series.rolling(5).sum(),
            "return_20d": series.rolling(20).sum(),
            "return_60d": series.rolling(60).sum(),
            "volatility_20d": series.rolling(20).std(),
            "momentum": series.rolling(10).mean() - series.rolling(40).mean(),
            "day_of_week": np.arange(n_total) % 5,
        }
    )
    future = np.roll(log_price, -horizon_days) - log_price
    keep = slice(60, 60 + n_days)
    times = pd.bdate_range("2015-01-05", periods=n_total)[keep]
    X = features.iloc[keep].set_axis(times)
    y = pd.Series((future[keep] > 0).astype(int), index=times, name="price_up")
    end_times = pd.Series(
        pd.bdate_range(times[0], periods=n_days + horizon_days)[horizon_days:],
        index=times,
        name="end_time",
    )
    return X, y, end_times
