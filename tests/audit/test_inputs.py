"""The audit's inputs: arrays without column names, bad targets, row samples."""

import numpy as np
import pandas as pd
import pytest
from _audit_data import N, honest_data, kinds
from hypothesis import given, settings
from hypothesis import strategies as st

from safesplit import audit
from safesplit.audit._inputs import (
    MODEL_CELLS,
    MODEL_MIN_ROWS,
    MODEL_ROWS,
    draw_row_samples,
    model_size,
)


def test_numpy_input_and_column_names():
    X, y = honest_data()
    values = X[list("abcde")].to_numpy(copy=True)
    values[:, 4] = y + np.random.default_rng(0).normal(scale=0.01, size=N)
    report = audit(values, y.to_numpy())
    (finding,) = kinds(report, "target_proxy")
    assert finding.columns == ["x4"]


def test_large_input_is_sampled(capsys):
    rng = np.random.default_rng(0)
    n = 60_000
    X = pd.DataFrame(rng.normal(size=(n, 4)), columns=list("abcd"))
    y = (X["a"] + rng.normal(size=n) > 0).astype(int)
    report = audit(X, y, verbose=True)
    assert report.summary["n_model_rows"] == 20_000
    assert report.summary["n_samples"] == n
    assert "[safesplit audit" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("y", "message"),
    [
        (np.zeros(N), "single class"),
        (np.r_[np.ones(N - 1), np.nan], "missing"),
        (np.ones(N - 1), "entries"),
    ],
)
def test_bad_targets(y, message):
    X, _ = honest_data()
    with pytest.raises(ValueError, match=message):
        audit(X, y)


@settings(max_examples=100, deadline=None)
@given(n_rows=st.integers(1, 60_000), n_columns=st.integers(1, 5_000))
def test_model_sample_keeps_to_its_cells_and_its_floor(n_rows, n_columns):
    rows = draw_row_samples(n_rows, 0, n_columns)
    size = model_size(n_columns)
    assert rows.model.shape[0] == min(n_rows, size)
    assert np.isin(rows.model, rows.screen).all()
    assert MODEL_MIN_ROWS <= size <= MODEL_ROWS
    # At most MODEL_CELLS cells, unless the floor of rows says otherwise.
    assert size * n_columns <= MODEL_CELLS or size == MODEL_MIN_ROWS
    assert model_size(n_columns + 1) <= size
