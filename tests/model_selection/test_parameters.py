"""Splitter parameters: validated at construction, and again at every call."""

import numpy as np
import pytest

from safesplit import (
    CombinatorialPurgedCV,
    GroupTimeSeriesSplit,
    PurgedKFold,
    WalkForward,
)
from safesplit.model_selection._holdout import PurgedHoldout

# (class, valid keyword arguments, a bad parameter, its value, error, message)
BAD_PARAMETERS = [
    (PurgedKFold, {}, "n_splits", 1.5, TypeError, "n_splits must be an int"),
    (PurgedKFold, {}, "n_splits", 1, ValueError, "n_splits must be at least 2"),
    # a np.timedelta64 registers as an int: a count must refuse it by name
    (PurgedKFold, {}, "n_splits", np.timedelta64(3, "D"), TypeError, "n_splits must"),
    (
        GroupTimeSeriesSplit,
        {},
        "test_size",
        np.timedelta64(1, "D"),
        TypeError,
        "test_size counts time buckets",
    ),
    (PurgedKFold, {}, "horizon", "soon", ValueError, "horizon='soon' is not a dura"),
    (PurgedKFold, {}, "embargo", 1.5, ValueError, "embargo given as a float"),
    (PurgedKFold, {}, "time_column", 1.5, TypeError, "time_column must be a column"),
    (WalkForward, {}, "test_size", 0, ValueError, "test_size must be an int >= 1"),
    (WalkForward, {}, "train_size", [3], TypeError, "train_size must be an int"),
    (WalkForward, {}, "gap", "-1D", ValueError, "gap must not be negative"),
    (WalkForward, {}, "horizon", -1, ValueError, "horizon must be an int >= 0"),
    (CombinatorialPurgedCV, {}, "n_groups", "6", TypeError, "n_groups must be an int"),
    (CombinatorialPurgedCV, {}, "n_test_groups", 6, ValueError, r"\[1, n_groups - 1"),
    (CombinatorialPurgedCV, {}, "embargo", -2, ValueError, "embargo must be an int"),
    (GroupTimeSeriesSplit, {}, "gap", -1, ValueError, "gap counts time buckets"),
    (GroupTimeSeriesSplit, {}, "train_size", 0, ValueError, "train_size counts"),
    (PurgedHoldout, {}, "test_size", 1.0, ValueError, "fraction of the periods"),
    (PurgedHoldout, {}, "test_size", None, TypeError, "test_size must be a float"),
    (PurgedHoldout, {}, "horizon", None, TypeError, "horizon must be an int"),
]


@pytest.mark.parametrize(
    "cls, kwargs, name, value, error, message",
    BAD_PARAMETERS,
    ids=[f"{case[0].__name__}-{case[2]}={case[3]!r}" for case in BAD_PARAMETERS],
)
def test_bad_parameter_refused_at_construction_and_at_each_call(
    cls, kwargs, name, value, error, message
):
    with pytest.raises(error, match=message):
        cls(**{**kwargs, name: value})
    cv = cls(**kwargs)
    setattr(cv, name, value)  # a change after construction is validated too
    with pytest.raises(error, match=message):
        cv.get_n_splits()
    X = np.zeros((40, 1))
    groups = np.repeat(np.arange(10), 4)
    with pytest.raises(error, match=message):
        next(cv.split(X, groups=groups))


def test_parameters_are_stored_as_given():
    gap = np.int64(1)
    cv = WalkForward(3, test_size="2D", gap=gap, horizon="1h")
    # Resolved values are never written back: repr and clone see the user's input.
    assert cv.test_size == "2D" and cv.gap is gap and cv.horizon == "1h"
    assert repr(cv).startswith(f"WalkForward(gap={gap!r}, horizon='1h', n_splits=3")
