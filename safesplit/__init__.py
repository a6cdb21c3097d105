"""safesplit: leak-safe cross-validation for scikit-learn.

Splitters that purge and embargo by label end times, a guarded ``Pipeline`` that
refuses to learn from rows outside its training fold, and a leakage audit.
"""

from safesplit._describe import describe_splits, show_splits
from safesplit._exceptions import LeakageError, LeakageWarning
from safesplit._purged import PurgedKFold
from safesplit._walk_forward import WalkForward

__version__ = "0.1.0.dev0"

__all__ = [
    "PurgedKFold",
    "WalkForward",
    "describe_splits",
    "show_splits",
    "LeakageError",
    "LeakageWarning",
    "__version__",
]
