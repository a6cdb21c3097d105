"""The ``group`` check."""

import numpy as np
import pandas as pd
from _audit_data import honest_data, kinds
from sklearn.model_selection import GroupKFold, KFold

from safesplit import audit


def entity_data(n_customers=150, per_customer=5, seed=0):
    rng = np.random.default_rng(seed)
    customer = np.repeat(np.arange(n_customers), per_customer)
    effect = rng.normal(0, 1.5, n_customers)[customer]
    n = customer.size
    X = pd.DataFrame(
        {
            "usage": effect + rng.normal(scale=0.3, size=n),
            "tenure": rng.normal(size=n),
        }
    )
    y = pd.Series((effect + 0.5 * X["tenure"] + rng.normal(size=n) > 0).astype(int))
    return X, y, pd.Series([f"cust{c}" for c in customer])


def test_declared_groups_shared_across_folds():
    X, y, groups = entity_data()
    report = audit(X, y, groups=groups, cv=KFold(5, shuffle=True, random_state=0))
    (finding,) = kinds(report, "group")
    assert finding.severity == "high" and finding.code == "L3.2"
    assert finding.evidence["fraction_of_test_rows_with_group_in_train"] > 0.9


def test_group_aware_cv_is_clean():
    X, y, groups = entity_data()
    for cv in (GroupKFold(5), None):
        report = audit(X, y, groups=groups, cv=cv)
        assert kinds(report, "group", at_least="info") == []
    assert "GroupKFold" in report.summary["cv"]


def test_undeclared_entity_column():
    X, y, groups = entity_data()
    X["customer_id"] = groups
    report = audit(X, y)
    (finding,) = kinds(report, "group")
    assert finding.severity == "medium" and finding.columns == ["customer_id"]
    assert "groups=" in finding.message


def test_panel_unit_is_at_most_low():
    # 30 stores observed every day: production sees the same stores again.
    rng = np.random.default_rng(0)
    store = np.tile(np.arange(30), 100)
    level = rng.normal(0, 1, 30)[store]
    X = pd.DataFrame({"store_id": store, "promo": rng.random(3000) < 0.3})
    y = (level + X["promo"] + rng.normal(size=3000) > 0.5).astype(int)
    times = pd.Series(np.repeat(pd.date_range("2024-01-01", periods=100), 30))
    report = audit(X, y, times=times)
    assert [f.severity for f in kinds(report, "group", "info")] in ([], ["low"])


def test_ordinary_category_is_not_an_entity():
    X, y = honest_data()
    report = audit(X, y)
    assert kinds(report, "group", at_least="info") == []
