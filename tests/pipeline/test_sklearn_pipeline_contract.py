"""scikit-learn's own Pipeline tests, run on GuardedPipeline.

The installed scikit-learn's ``sklearn/tests/test_pipeline.py`` is executed once
more, as a module of its own, while ``sklearn.pipeline.Pipeline`` and
``make_pipeline`` are GuardedPipeline and make_guarded_pipeline: every pipeline
it builds, in a test or in a ``parametrize`` list, is guarded. Its test
functions are then collected from here, with their own parameters. Nothing of
scikit-learn's code is copied, so the contract is checked against whichever
version is installed.

The tests listed in ``FAILING_BY_DESIGN`` fail because of a documented design
choice, each with its reason; they are strict expected failures, so a test that
starts to pass (or a new failure) is noticed.
"""

import importlib.util
import sys
from unittest import mock

import pytest
import sklearn
import sklearn.pipeline
from sklearn.utils.fixes import parse_version

from safesplit import GuardedPipeline, make_guarded_pipeline

try:
    from sklearn.tests import test_pipeline as _original
except ImportError as error:  # scikit-learn installed without its tests
    pytest.skip(
        f"scikit-learn's test_pipeline module cannot be imported ({error})",
        allow_module_level=True,
    )

if not all(hasattr(_original, name) for name in ("Pipeline", "make_pipeline")):
    pytest.skip(
        "scikit-learn's test_pipeline module no longer imports Pipeline and "
        "make_pipeline by those names: there is nothing to replace",
        allow_module_level=True,
    )

pytestmark = pytest.mark.slow  # about 160 tests of scikit-learn's

# joblib.Memory pickles the module's classes by module name: it must be found.
_GUARDED_NAME = "safesplit_guarded_sklearn_test_pipeline"


def _guarded_copy_of_sklearn_tests():
    """Execute scikit-learn's test module again, importing the guarded classes.

    Its own imports are already loaded (by the import of ``_original``), so the
    replacement is seen by this module's ``from sklearn.pipeline import ...``
    alone.
    """
    spec = importlib.util.spec_from_file_location(_GUARDED_NAME, _original.__file__)
    module = importlib.util.module_from_spec(spec)
    sys.modules[_GUARDED_NAME] = module
    with (
        mock.patch.object(sklearn.pipeline, "Pipeline", GuardedPipeline),
        mock.patch.object(sklearn.pipeline, "make_pipeline", make_guarded_pipeline),
    ):
        spec.loader.exec_module(module)
    return module


_guarded = _guarded_copy_of_sklearn_tests()
assert _guarded.Pipeline is GuardedPipeline
assert _guarded.make_pipeline is make_guarded_pipeline

_CLASS_NAMED = (
    "the message names the class of the object, 'GuardedPipeline', where the test "
    "expects 'Pipeline'"
)
_STEPS_NOT_FITTED_IN_PLACE = (
    "the test expects the estimator objects given in `steps` to be fitted in "
    "place; every fit of a GuardedPipeline fits fresh clones instead, which "
    "replace them in `steps` (guarantee 1: no state survives between fits)"
)

# Test name (with or without its parameters) -> why it fails by design.
FAILING_BY_DESIGN = {
    "test_pipeline_raise_set_params_error": (
        "the message lists the parameters of GuardedPipeline (with on_leak and "
        "pretrained) and its repr, where the test expects those of Pipeline"
    ),
    "test_score_samples_on_pipeline_without_score_samples": _CLASS_NAMED,
    "test_fit_predict_on_pipeline_without_fit_predict": _CLASS_NAMED,
    "test_set_pipeline_steps": _CLASS_NAMED,
    "test_set_pipeline_step_passthrough": (
        "the test compares get_params() with Pipeline's parameters and the step "
        "objects it gave; GuardedPipeline adds on_leak and pretrained, and its "
        "fit replaces the given steps by fitted clones"
    ),
    "test_n_features_in_pipeline": _STEPS_NOT_FITTED_IN_PLACE,
}
# The tests change between versions of scikit-learn; these entries hold for the
# versions they name (read off each version's test_pipeline.py).
_SKLEARN_VERSION = parse_version(sklearn.__version__).release[:2]
if _SKLEARN_VERSION >= (1, 9):
    FAILING_BY_DESIGN["test_metadata_routing_for_pipeline"] = (
        _STEPS_NOT_FITTED_IN_PLACE
        + " (it reads the metadata recorded by the transformer object it gave)"
    )
if _SKLEARN_VERSION < (1, 8):
    # inverse_transform is Pipeline's own (it evaluates no rows), so it warns.
    for method in (
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
        "score",
        "score_samples",
        "transform",
    ):
        FAILING_BY_DESIGN[f"test_pipeline_warns_not_fitted[{method}]"] = (
            f"an unfitted GuardedPipeline's {method} raises NotFittedError, as "
            "Pipeline's does from scikit-learn 1.8 on; the test of this version "
            "expects the FutureWarning of the deprecation period, in which an "
            "unfitted Pipeline still ran"
        )

globals().update(
    {
        name: function
        for name, function in vars(_guarded).items()
        if name.startswith("test_") and callable(function)
    }
)


@pytest.fixture(autouse=True)
def _mark_failing_by_design(request):
    # An entry names a test, or one of its parameters.
    reason = FAILING_BY_DESIGN.get(
        request.node.name, FAILING_BY_DESIGN.get(request.node.originalname)
    )
    if reason is not None:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
