"""safesplit: leak-safe cross-validation for scikit-learn.

Splitters that purge and embargo by label end times, a guarded ``Pipeline`` that
refuses to learn from rows outside its training fold, a leakage audit, and a
static check of scripts and notebooks (``lint``).
"""

from safesplit._exceptions import LeakageError, LeakageWarning
from safesplit.audit import audit
from safesplit.backtest import (
    OverfittingReport,
    backtest_overfitting,
    deflated_sharpe_ratio,
    expected_maximum_sharpe_ratio,
    probabilistic_sharpe_ratio,
)
from safesplit.lint import lint
from safesplit.model_selection import (
    CombinatorialPurgedCV,
    CutoffSplit,
    GroupTimeSeriesSplit,
    PurgedKFold,
    WalkForward,
    describe_splits,
    predict_paths,
    purged_train_test_split,
    score_paths,
    show_splits,
)
from safesplit.pipeline import GuardedPipeline, make_guarded_pipeline
from safesplit.plotting import plot_splits
from safesplit.report import Finding, LeakageReport

__version__ = "0.1.0.dev0"

__all__ = [
    "PurgedKFold",
    "WalkForward",
    "CutoffSplit",
    "CombinatorialPurgedCV",
    "GroupTimeSeriesSplit",
    "purged_train_test_split",
    "predict_paths",
    "score_paths",
    "describe_splits",
    "show_splits",
    "GuardedPipeline",
    "make_guarded_pipeline",
    "audit",
    "lint",
    "LeakageReport",
    "Finding",
    "plot_splits",
    "backtest_overfitting",
    "OverfittingReport",
    "probabilistic_sharpe_ratio",
    "deflated_sharpe_ratio",
    "expected_maximum_sharpe_ratio",
    "LeakageError",
    "LeakageWarning",
    "__version__",
]
