"""safesplit: leak-safe cross-validation for scikit-learn.

Splitters that purge and embargo by label end times, a guarded ``Pipeline`` that
refuses to learn from rows outside its training fold, and a leakage audit.
"""

from safesplit._audit import audit
from safesplit._combinatorial import CombinatorialPurgedCV
from safesplit._describe import describe_splits, show_splits
from safesplit._exceptions import LeakageError, LeakageWarning
from safesplit._group_time import GroupTimeSeriesSplit
from safesplit._guard import GuardedPipeline, make_guarded_pipeline
from safesplit._holdout import purged_train_test_split
from safesplit._paths import predict_paths, score_paths
from safesplit._plotting import plot_splits
from safesplit._purged import PurgedKFold
from safesplit._report import LeakageReport
from safesplit._walk_forward import WalkForward

__version__ = "0.1.0.dev0"

__all__ = [
    "PurgedKFold",
    "WalkForward",
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
    "LeakageReport",
    "plot_splits",
    "LeakageError",
    "LeakageWarning",
    "__version__",
]
