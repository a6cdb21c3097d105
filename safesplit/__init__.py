"""safesplit: leak-safe cross-validation for scikit-learn.

Splitters that purge and embargo by label end times, a guarded ``Pipeline`` that
refuses to learn from rows outside its training fold, and a leakage audit.
"""

from safesplit._exceptions import LeakageError, LeakageWarning

__version__ = "0.1.0.dev0"

__all__ = [
    "LeakageError",
    "LeakageWarning",
    "__version__",
]
