"""audit(X, y, test=(X_test, y_test)): a split the user already has."""

import numpy as np
import pandas as pd
import pytest
from _audit_data import honest_data
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

from safesplit import audit
from safesplit.audit._given_split import GivenSplit


def test_given_split_of_honest_data_is_clean():
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    report = audit(X_train, y_train, test=(X_test, y_test))
    assert report.summary["cv"] == "GivenSplit(n_test=143, n_train=426)"
    assert report.at_least("medium") == []


def test_oversampling_before_the_split_is_found(frame_kind, as_kind):
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    rng = np.random.default_rng(0)
    copies = rng.choice(np.flatnonzero(y == 0), 150)
    X = pd.concat([X, X.iloc[copies]])
    y = pd.concat([y, y.iloc[copies]])
    parts = train_test_split(X, y, random_state=0)
    X_train, X_test, y_train, y_test = (as_kind(p, frame_kind) for p in parts)
    report = audit(X_train, y_train, test=(X_test, y_test))
    kinds = {(f.kind, f.severity) for f in report.at_least("medium")}
    assert ("duplicate", "high") in kinds


def test_given_split_with_entities_and_times(frame_kind, as_kind):
    X, y = honest_data(n=600)
    customers = pd.Series(np.arange(600) % 150)  # every customer in both parts
    times = pd.Series(pd.date_range("2024-01-01", periods=600, freq="h"))

    def part(data, rows):
        return as_kind(data.iloc[rows], frame_kind)

    train, test = slice(None, 450), slice(450, None)
    report = audit(
        part(X, train),
        part(y, train),
        groups=part(customers, train),
        times=part(times, train),
        test=(
            part(X, test),
            part(y, test),
            {"groups": part(customers, test), "times": part(times, test)},
        ),
    )
    groups = [f for f in report.findings if f.kind == "group"]
    assert groups, "150 customers on both sides of the split are shared entities"


def test_numpy_parts_and_row_samples_keep_the_split():
    X, y = honest_data(n=400)
    splitter = GivenSplit(300, 100)
    frame = X.reset_index(drop=True)
    train, test = next(splitter.split(frame.iloc[::7]))
    assert (frame.index[::7][train] < 300).all() and (
        frame.index[::7][test] >= 300
    ).all()
    report = audit(
        X.to_numpy()[:300, :5], y[:300], test=(X.to_numpy()[300:, :5], y[300:])
    )
    assert report.summary["n_samples"] == 400


@pytest.mark.parametrize(
    "test, kwargs, error, message",
    [
        ("nope", {}, TypeError, r"^test must be a tuple \(X_test, y_test\)"),
        ((1, 2, 3, 4), {}, TypeError, r"^test must be a tuple"),
        (("X", "y", {"when": 1}), {}, ValueError, r"^the metadata of test must be a"),
        (None, {"cv": 3}, ValueError, r"^pass either cv .* or test .*, not both"),
        (
            None,
            {"groups": np.arange(300)},
            ValueError,
            r"^groups were given for the tr",
        ),
    ],
)
def test_bad_test_argument(test, kwargs, error, message):
    X, y = honest_data(n=400)
    if test is None:
        test = (X.iloc[300:], y.iloc[300:])
    with pytest.raises(error, match=message):
        audit(X.iloc[:300], y.iloc[:300], test=test, **kwargs)


def test_mismatched_parts_are_refused():
    X, y = honest_data(n=400)
    with pytest.raises(ValueError, match=r"^test's X_test must have X's columns"):
        audit(X.iloc[:300], y.iloc[:300], test=(X.iloc[300:, :3], y.iloc[300:]))
    with pytest.raises(ValueError, match=r"^test's y_test has 99 values but X_test"):
        audit(X.iloc[:300], y.iloc[:300], test=(X.iloc[300:], y.iloc[301:]))
    with pytest.raises(TypeError, match=r"^test's X_test must be of X's kind"):
        audit(X.iloc[:300], y.iloc[:300], test=(X.iloc[300:].to_numpy(), y.iloc[300:]))
    with pytest.raises(ValueError, match=r"^test's X_test has no rows"):
        audit(X.iloc[:300], y.iloc[:300], test=(X.iloc[:0], y.iloc[:0]))


def test_series_not_aligned_with_their_part_are_refused():
    import re

    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=80)}, index=np.arange(100, 180))
    y = pd.Series(np.arange(80) % 2, index=X.index)
    X_test, y_test = X.iloc[60:], y.iloc[60:]
    X_train, y_train = X.iloc[:60], y.iloc[:60]
    with pytest.raises(ValueError, match=re.escape("test's y_test is a Series whose")):
        audit(X_train, y_train, test=(X_test, y_test.reset_index(drop=True)))
    with pytest.raises(ValueError, match=r"^y is a Series whose index does not match"):
        audit(X_train, y_train.reset_index(drop=True), test=(X_test, y_test))
