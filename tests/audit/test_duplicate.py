"""The ``duplicate`` check."""

import numpy as np
import pandas as pd
from _audit_data import N, honest_data, kinds

from safesplit import audit


def test_copied_rows_on_both_sides():
    X, y = honest_data()
    copies = X.sample(100, random_state=0)
    X2 = pd.concat([X, copies], ignore_index=True)
    y2 = pd.concat([y, y.loc[copies.index]], ignore_index=True)
    report = audit(X2, y2)
    (finding,) = kinds(report, "duplicate")
    assert finding.severity == "high" and finding.code == "L1.4"
    assert finding.evidence["test_rows_with_copy_in_train"] > 40
    assert finding.evidence["fraction_same_label"] == 1.0


def test_duplicates_ignore_id_columns():
    X, y = honest_data()
    copies = X.sample(100, random_state=0)
    X2 = pd.concat([X, copies], ignore_index=True)
    y2 = pd.concat([y, y.loc[copies.index]], ignore_index=True)
    X2.insert(0, "record_id", np.random.default_rng(0).permutation(len(X2)))
    (finding,) = kinds(audit(X2, y2), "duplicate")
    assert finding.evidence["columns_ignored_as_ids"] == ["record_id"]


def test_discrete_data_duplicates_are_expected():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.integers(0, 3, size=(N, 3)), columns=list("abc"))
    y = pd.Series((X["a"] + rng.normal(size=N) > 1).astype(int))
    report = audit(X, y)
    (finding,) = kinds(report, "duplicate", at_least="info")
    assert finding.severity == "info"
