"""The time model, the split engine and the splitters built on them.

Every splitter reads times, label end times and entity groups through one time
model (``_time``) and turns a plan of periods into train and test rows through one
engine (``_engine``); the modules above them only say which periods a split tests.
"""

from safesplit.model_selection._combinatorial import CombinatorialPurgedCV
from safesplit.model_selection._cutoff import CutoffSplit
from safesplit.model_selection._describe import describe_splits, show_splits
from safesplit.model_selection._group_time import GroupTimeSeriesSplit
from safesplit.model_selection._holdout import purged_train_test_split
from safesplit.model_selection._path_scores import score_paths
from safesplit.model_selection._paths import predict_paths
from safesplit.model_selection._purged import PurgedKFold
from safesplit.model_selection._walk_forward import WalkForward

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
]
