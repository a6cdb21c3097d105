"""The probabilistic and deflated Sharpe ratios: against the formulas written
with scipy's moments, against the DSR paper's numerical example, and bad input."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from safesplit import (
    deflated_sharpe_ratio,
    expected_maximum_sharpe_ratio,
    probabilistic_sharpe_ratio,
)
from safesplit.backtest._sharpe import psr_from_moments


def reference_psr(returns, benchmark):
    """Bailey and López de Prado (2012), eq. for PSR, with scipy's sample moments."""
    sharpe = returns.mean() / returns.std(ddof=1)
    skewness = stats.skew(returns)
    kurtosis = stats.kurtosis(returns, fisher=False)
    spread = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe**2
    z = (sharpe - benchmark) * math.sqrt(len(returns) - 1) / math.sqrt(spread)
    return stats.norm.cdf(z)


def reference_expected_maximum(n_trials, variance):
    gamma = 0.5772156649015329  # Euler-Mascheroni
    return math.sqrt(variance) * (
        (1 - gamma) * stats.norm.ppf(1 - 1 / n_trials)
        + gamma * stats.norm.ppf(1 - 1 / (n_trials * math.e))
    )


def _returns(seed, n_obs, n_series, law):
    rng = np.random.default_rng(seed)
    if law == "normal":
        return rng.normal(0.001, 0.01, size=(n_obs, n_series))
    if law == "skewed":  # a lognormal: positive skew, fat right tail
        return rng.lognormal(0.0, 0.6, size=(n_obs, n_series)) - 1.1
    return 0.01 * rng.standard_t(3, size=(n_obs, n_series)) + 0.002


LAWS = st.sampled_from(["normal", "skewed", "student"])


@settings(max_examples=50, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(3, 400),
    st.integers(1, 4),
    LAWS,
    st.floats(-0.3, 0.3),
)
def test_psr_is_the_formula_with_the_sample_moments(seed, n_obs, n_series, law, bench):
    returns = _returns(seed, n_obs, n_series, law)
    psr = probabilistic_sharpe_ratio(returns, benchmark_sharpe=bench)
    expected = [reference_psr(returns[:, j], bench) for j in range(n_series)]
    np.testing.assert_allclose(psr, expected, rtol=1e-9, atol=1e-12)
    single = probabilistic_sharpe_ratio(returns[:, 0], benchmark_sharpe=bench)
    assert isinstance(single, float)
    assert single == pytest.approx(expected[0], rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(10, 300),
    st.integers(2, 30),
    LAWS,
    st.integers(1, 500),
)
def test_dsr_is_the_psr_against_the_expected_maximum(
    seed, n_obs, n_trials, law, declared
):
    returns = _returns(seed, n_obs, n_trials, law)
    sharpes = returns.mean(axis=0) / returns.std(axis=0, ddof=1)
    best = returns[:, np.argmax(sharpes)]
    benchmark = reference_expected_maximum(n_trials, np.var(sharpes, ddof=1))
    expected = reference_psr(best, benchmark)
    assert deflated_sharpe_ratio(returns) == pytest.approx(
        expected, rel=1e-9, abs=1e-12
    )
    assert deflated_sharpe_ratio(best, trial_sharpe_ratios=sharpes) == pytest.approx(
        expected, rel=1e-9, abs=1e-12
    )
    # n_trials changes the benchmark's N only; the variance is the trials'.
    benchmark = (
        reference_expected_maximum(declared, np.var(sharpes, ddof=1))
        if declared > 1
        else 0
    )
    assert deflated_sharpe_ratio(returns, n_trials=declared) == pytest.approx(
        reference_psr(best, benchmark), rel=1e-9, abs=1e-12
    )


def test_the_deflated_sharpe_ratio_papers_numerical_example():
    """Bailey and López de Prado (2014), "A numerical example": 100 trials, an
    annualised Sharpe ratio of 2.5 over 1250 daily returns (250 a year), trials'
    annualised Sharpe variance 1/2, skewness -3, kurtosis 10. The paper finds an
    expected maximum of 0.1132 (per day) and a DSR of 0.9004."""
    days = 250
    benchmark = expected_maximum_sharpe_ratio(100, 0.5 / days)
    assert round(benchmark, 4) == 0.1132
    dsr = psr_from_moments(2.5 / math.sqrt(days), 1250, -3.0, 10.0, benchmark)
    assert round(float(dsr), 4) == 0.9004


def test_the_expected_maximum_grows_with_the_trials_and_the_spread():
    assert expected_maximum_sharpe_ratio(1, 0.3) == 0.0
    values = [expected_maximum_sharpe_ratio(n, 0.01) for n in (2, 10, 100, 1000)]
    assert values == sorted(values) and values[0] > 0
    assert expected_maximum_sharpe_ratio(50, 0.04) == pytest.approx(
        2 * expected_maximum_sharpe_ratio(50, 0.01), rel=1e-12
    )
    assert expected_maximum_sharpe_ratio(37, 0.02) == pytest.approx(
        reference_expected_maximum(37, 0.02), rel=1e-12
    )


def test_one_trial_deflates_nothing_and_more_trials_deflate_more():
    returns = _returns(5, 250, 8, "normal")
    best = returns[:, np.argmax(returns.mean(axis=0) / returns.std(axis=0, ddof=1))]
    assert deflated_sharpe_ratio(returns, n_trials=1) == pytest.approx(
        probabilistic_sharpe_ratio(best), rel=1e-12
    )
    ratios = [deflated_sharpe_ratio(returns, n_trials=n) for n in (1, 8, 100, 10_000)]
    assert ratios == sorted(ratios, reverse=True)


def test_a_dataframe_gives_a_series_and_nothing_is_mutated():
    frame = pd.DataFrame(_returns(1, 100, 2, "normal"), columns=["trend", "carry"])
    before = frame.copy()
    psr = probabilistic_sharpe_ratio(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(psr.index) == ["trend", "carry"]
    assert psr["carry"] == pytest.approx(reference_psr(frame["carry"].to_numpy(), 0.0))
    assert isinstance(probabilistic_sharpe_ratio(frame["trend"]), float)


def test_bad_input_is_refused_with_the_parameter_and_the_fix():
    returns = _returns(0, 50, 3, "normal")
    gap = returns.copy()
    gap[7, 2] = np.nan
    cases = [
        (
            probabilistic_sharpe_ratio,
            (gap,),
            {},
            ValueError,
            r"not finite \(row 7, col",
        ),
        (probabilistic_sharpe_ratio, (returns[:1],), {}, ValueError, "at least 2"),
        (
            probabilistic_sharpe_ratio,
            (np.ones((5, 2)),),
            {},
            ValueError,
            "column 0 is constant",
        ),
        (
            probabilistic_sharpe_ratio,
            (returns,),
            {"benchmark_sharpe": np.inf},
            ValueError,
            "benchmark_sharpe must be finite",
        ),
        (
            probabilistic_sharpe_ratio,
            (returns,),
            {"benchmark_sharpe": "0"},
            TypeError,
            "benchmark_sharpe must be a number",
        ),
        (
            probabilistic_sharpe_ratio,
            (np.zeros((2, 2, 2)),),
            {},
            ValueError,
            "3 dimensions",
        ),
        (probabilistic_sharpe_ratio, (["a", "b"],), {}, TypeError, "must hold numbers"),
        (
            deflated_sharpe_ratio,
            (returns[:, 0],),
            {},
            ValueError,
            "pass trial_sharpe_ratios",
        ),
        (
            deflated_sharpe_ratio,
            (returns,),
            {"trial_sharpe_ratios": [0.1, 0.2]},
            ValueError,
            "not both",
        ),
        (
            deflated_sharpe_ratio,
            (returns[:, 0],),
            {"trial_sharpe_ratios": [0.1]},
            ValueError,
            "at least 2 finite",
        ),
        (
            deflated_sharpe_ratio,
            (returns[:, :1],),
            {},
            ValueError,
            "at least 2 columns",
        ),
        (
            deflated_sharpe_ratio,
            (returns,),
            {"n_trials": 0},
            ValueError,
            "n_trials must be at least 1",
        ),
        (
            deflated_sharpe_ratio,
            (returns,),
            {"n_trials": 2.5},
            TypeError,
            "n_trials must be an int",
        ),
        (
            expected_maximum_sharpe_ratio,
            (10, -0.1),
            {},
            ValueError,
            "variance must be finite and at least 0",
        ),
    ]
    for function, args, kwargs, error, match in cases:
        with pytest.raises(error, match=match):
            function(*args, **kwargs)


def test_moments_that_leave_no_standard_error_are_refused():
    # kurt = 1 + skew^2 (two values) and skew * SR = 2 make the variance 0.
    with pytest.raises(ValueError, match="only two values"):
        psr_from_moments(1.0, 100, 2.0, 5.0)
