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


def make_lead_data(n_leads=6000, *, random_state=0):
    """A lead-scoring export with the leaks a data scientist typically inherits.

    Sales leads arrive over two years; the target is whether a lead converted. The
    export holds honest features (company size, industry, channel, pages viewed,
    e-mail opens, days to first reply) and four leaks:

    * ``number_of_demo_calls`` counts demo calls, which happen after a lead is
      qualified: it is measured after the outcome (a target proxy);
    * ``lead_id`` was re-keyed by the CRM when a lead converted (converted leads
      got numbers from 900001 on), so the ID encodes the outcome;
    * ``customer_id``: many companies come back with several leads, whose outcomes
      go together (repeat customers: rows are not independent);
    * the numeric features were standardised with the mean and standard
      deviation of the whole export (scaled on everything).

    Parameters
    ----------
    n_leads : int, default=6000
        Number of leads.
    random_state : int, default=0
        Seed; the same seed gives the same data on every machine.

    Returns
    -------
    X : pandas.DataFrame
        The export as it is today, one row per lead, in creation order.
    y : pandas.Series
        1 when the lead converted.
    created_at : pandas.Series
        When each lead arrived: the moment a score is needed.
    X_at_creation : pandas.DataFrame
        The same rows as they looked when each lead arrived: no demo call yet and
        the original lead number. This is what a model sees in production.

    Examples
    --------
    >>> from safesplit._datasets import make_lead_data
    >>> X, y, created_at, X_at_creation = make_lead_data(n_leads=500)
    >>> X.shape, bool(created_at.is_monotonic_increasing)
    ((500, 9), True)
    >>> int(X_at_creation["number_of_demo_calls"].max())
    0
    """
    rng = np.random.default_rng(random_state)
    n_customers = max(n_leads * 3 // 10, 2)
    # Repeat customers: a few companies send many leads.
    weights = 1.0 / np.arange(1, n_customers + 1) ** 0.6
    customer = rng.choice(n_customers, size=n_leads, p=weights / weights.sum())
    propensity = rng.normal(0.0, 1.0, n_customers)
    log_size = rng.normal(4.0, 1.3, n_customers)
    industries = np.array(
        [
            "software",
            "retail",
            "finance",
            "health",
            "manufacturing",
            "education",
            "logistics",
            "media",
        ]
    )
    industry_effect = np.linspace(0.4, -0.4, industries.size)
    industry = rng.integers(0, industries.size, n_customers)
    channels = np.array(["web", "referral", "event", "outbound", "partner"])
    channel_effect = np.array([0.0, 0.7, 0.3, -0.5, 0.2])
    channel = rng.choice(channels.size, size=n_leads, p=[0.4, 0.15, 0.15, 0.2, 0.1])

    days = pd.bdate_range("2022-01-03", "2023-12-29")
    created_at = pd.Series(
        np.sort(rng.choice(days.to_numpy(), size=n_leads)), name="created_at"
    )
    elapsed = (created_at - created_at.iloc[0]).dt.days.to_numpy() / 365.25
    interest = rng.normal(0.0, 1.0, n_leads) + 0.5 * propensity[customer]
    pages_viewed = rng.poisson(np.exp(1.5 + 0.45 * interest))
    email_opens = rng.poisson(
        np.exp(0.6 + 0.3 * interest + 0.2 * rng.normal(size=n_leads))
    )
    reply_days = rng.gamma(2.0, 2.0 * np.exp(-0.2 * interest))
    logit = (
        -1.3
        + 0.9 * propensity[customer]
        + 1.0 * interest
        + industry_effect[industry[customer]]
        + channel_effect[channel]
        + 0.15 * (log_size[customer] - 4.0)
        # Demand drifts: a strong first year, a weaker second one.
        + 0.5 * np.cos(2 * np.pi * elapsed / 2.0)
    )
    converted = (rng.random(n_leads) < 1.0 / (1.0 + np.exp(-logit))).astype(int)

    # Leaks. Demo calls happen once a lead is qualified, mostly for converting ones.
    demo_calls = np.where(
        converted == 1, 1 + rng.poisson(2.0, n_leads), rng.poisson(0.1, n_leads)
    )
    # The CRM re-keys a lead when it converts, in order of conversion.
    original_id = 100_001 + np.arange(n_leads)
    conversion_order = np.argsort(
        elapsed + rng.gamma(2.0, 0.05, n_leads), kind="stable"
    )
    rekeyed = np.empty(n_leads, dtype=np.int64)
    converted_in_order = conversion_order[converted[conversion_order] == 1]
    rekeyed[:] = original_id
    rekeyed[converted_in_order] = 900_001 + np.arange(converted_in_order.size)

    honest = pd.DataFrame(
        {
            "company_size": np.exp(log_size[customer]).round(),
            "pages_viewed": pages_viewed.astype(float),
            "email_opens": email_opens.astype(float),
            "days_to_first_reply": reply_days.round(1),
        }
    )
    # Scaled on everything: the export's mean and std, test rows included.
    scaled = (honest - honest.mean()) / honest.std(ddof=0)

    def frame(lead_id, calls):
        return pd.DataFrame(
            {
                "lead_id": lead_id,
                "customer_id": 50_001 + customer,
                "industry": pd.Categorical(industries[industry[customer]]),
                "channel": pd.Categorical(channels[channel]),
                **{name: scaled[name] for name in scaled.columns},
                "number_of_demo_calls": calls,
            }
        )

    X = frame(rekeyed, demo_calls)
    X_at_creation = frame(original_id, np.zeros(n_leads, dtype=demo_calls.dtype))
    y = pd.Series(converted, name="converted")
    return X, y, created_at, X_at_creation
