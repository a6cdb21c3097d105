"""Every private or version-dependent scikit-learn import, in one place.

scikit-learn's private helpers are stable in practice but carry no promise: when
one moves, this module is the only place to mend. Public equivalents are used
wherever they exist (``available_if`` from ``sklearn.utils.metaestimators``,
``check_is_fitted``...); what is imported here has none.
"""

import inspect

from sklearn.base import _fit_context
from sklearn.model_selection._validation import _enforce_prediction_order
from sklearn.pipeline import Pipeline
from sklearn.utils import _safe_indexing
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.metadata_routing import _routing_enabled
from sklearn.utils.metaestimators import _safe_split
from sklearn.utils.validation import _check_method_params, _num_samples

try:
    from sklearn.frozen import FrozenEstimator
except ImportError:  # scikit-learn < 1.6
    FrozenEstimator = None

try:
    from sklearn.utils import get_tags

    def requires_fit(estimator):
        """Whether the estimator's tags say it must be fitted before use."""
        return get_tags(estimator).requires_fit

    def _requires_y(estimator):
        return get_tags(estimator).target_tags.required

except ImportError:  # scikit-learn < 1.6
    from sklearn.utils._tags import _safe_tags

    def requires_fit(estimator):
        """Whether the estimator's tags say it must be fitted before use."""
        return _safe_tags(estimator, key="requires_fit")

    def _requires_y(estimator):
        return _safe_tags(estimator, key="requires_y")


def requires_y(estimator):
    """Whether the estimator's tags say its fit needs a target (False when it
    has no tags to say)."""
    try:
        return bool(_requires_y(estimator))
    except (AttributeError, TypeError):
        return False


# Pipeline gained `transform_input` in scikit-learn 1.6.
PIPELINE_HAS_TRANSFORM_INPUT = (
    "transform_input" in inspect.signature(Pipeline).parameters
)


def effective_n_threads():
    """The threads scikit-learn's own parallel code would use here: the CPUs
    available, fewer under ``OMP_NUM_THREADS`` (which joblib's workers set so
    that parallel jobs do not oversubscribe the machine)."""
    return _openmp_effective_n_threads()


__all__ = [
    "FrozenEstimator",
    "PIPELINE_HAS_TRANSFORM_INPUT",
    "StrOptions",
    "_check_method_params",
    "_enforce_prediction_order",
    "_fit_context",
    "_num_samples",
    "_routing_enabled",
    "_safe_indexing",
    "_safe_split",
    "effective_n_threads",
    "requires_fit",
    "requires_y",
]
