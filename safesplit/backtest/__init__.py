"""How much a backtest overfits: CSCV's probability of backtest overfitting, and
the probabilistic and deflated Sharpe ratios.

``_cscv`` holds the pure array arithmetic; ``_search`` reads a fitted search;
``_overfitting`` checks the input and builds the :class:`OverfittingReport` of
``_report`` (drawn by ``_plot``); ``_sharpe`` holds the Sharpe ratio tests.
"""

from safesplit.backtest._overfitting import backtest_overfitting
from safesplit.backtest._report import OverfittingReport
from safesplit.backtest._sharpe import (
    deflated_sharpe_ratio,
    expected_maximum_sharpe_ratio,
    probabilistic_sharpe_ratio,
)

__all__ = [
    "backtest_overfitting",
    "OverfittingReport",
    "probabilistic_sharpe_ratio",
    "deflated_sharpe_ratio",
    "expected_maximum_sharpe_ratio",
]
