"""The leakage audit: each kind of leak is caught, and clean data are not flagged."""

import numpy as np
import pandas as pd
import pytest
from sklearn import datasets
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold

from safesplit import LeakageReport, PurgedKFold, WalkForward, audit
from safesplit._datasets import make_lead_data, make_market_data

N = 800


def kinds(report, kind, at_least="low"):
    """Findings of one kind at or above a severity."""
    return [f for f in report.at_least(at_least) if f.kind == kind]


def honest_data(n=N, seed=0):
    """Independent rows: three informative features, two noise, a category."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, 5)), columns=list("abcde"))
    X["segment"] = rng.choice(["red", "green", "blue"], n)
    logit = X["a"] - 0.8 * X["b"] + 0.5 * X["c"] + 0.4 * (X["segment"] == "red")
    y = pd.Series((rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int))
    return X, y


# ---------------------------------------------------------------------------------
# Clean data sets that ship with scikit-learn: no "high" finding.


@pytest.mark.parametrize(
    "loader",
    [
        datasets.load_breast_cancer,
        datasets.load_diabetes,
        datasets.load_wine,
        datasets.load_iris,
        datasets.load_digits,
    ],
)
def test_sklearn_data_sets_have_no_high_finding(loader):
    data = loader(as_frame=True)
    report = audit(data.data, data.target)
    assert report.at_least("high") == []
    # And no medium one either: these are clean.
    assert report.at_least("medium") == []


def test_strong_honest_features_are_not_proxies():
    # breast cancer: 'worst perimeter' alone has an AUC near 0.97, but the other
    # features together match it, so it is not a proxy.
    data = datasets.load_breast_cancer(as_frame=True)
    report = audit(data.data, data.target)
    assert kinds(report, "target_proxy") == []
    assert report.summary["strongest_single_columns"]["worst perimeter"] > 0.95


def test_honest_data_give_no_finding():
    X, y = honest_data()
    report = audit(X, y)
    assert report.at_least("low") == []


def test_regression_target():
    data = datasets.load_diabetes(as_frame=True)
    report = audit(data.data, data.target)
    assert report.summary["target_type"] == "regression"
    assert report.summary["metric"] == "R2"
    assert 0.2 < report.summary["model_score"] < 0.7


# ---------------------------------------------------------------------------------
# target_proxy


def test_post_outcome_feature_is_a_high_proxy():
    X, y = honest_data()
    rng = np.random.default_rng(1)
    X["refund_issued"] = y * (rng.random(N) < 0.995)
    report = audit(X, y)
    (finding,) = kinds(report, "target_proxy")
    assert (finding.severity, finding.code, finding.columns) == (
        "high",
        "L2",
        ["refund_issued"],
    )
    assert finding.evidence["auc_alone"] > 0.95
    assert finding.evidence["auc_other_features"] < finding.evidence["auc_alone"]
    assert "after the outcome" in finding.message


def test_imperfect_proxy_is_reported():
    X, y = honest_data()
    rng = np.random.default_rng(1)
    X["refund_issued"] = y * (rng.random(N) < 0.97)  # wrong for 3% of rows
    (finding,) = kinds(audit(X, y), "target_proxy")
    assert finding.columns == ["refund_issued"]
    # High when the other columns add little to it, medium when they improve it.
    removed = finding.evidence["share_of_error_removed_by_other_features"]
    assert finding.severity == ("high" if removed < 0.5 else "medium")


def test_dominant_honest_feature_is_not_high():
    # One feature explains most of the variance; the others explain the rest.
    rng = np.random.default_rng(2)
    X = pd.DataFrame(rng.normal(size=(2000, 5)), columns=list("abcde"))
    y = 10 * X["a"] + 2 * X["b"] + 2 * X["c"] + rng.normal(size=2000)
    report = audit(X, y)
    assert report.at_least("high") == []
    assert [f.columns for f in kinds(report, "target_proxy")] in ([], [["a"]])


def test_regression_proxy():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(N, 4)), columns=list("abcd"))
    y = X["a"] + rng.normal(size=N)
    X["invoice_total"] = y * 10 + rng.normal(scale=0.05, size=N)
    report = audit(X, y)
    (finding,) = kinds(report, "target_proxy")
    assert finding.columns == ["invoice_total"] and finding.severity == "high"


# ---------------------------------------------------------------------------------
# identifier


def test_id_that_encodes_the_outcome():
    X, y = honest_data()
    # Records numbered after sorting by outcome: the ID encodes the label.
    order = np.argsort(y.to_numpy(), kind="stable")
    ids = np.empty(N, dtype=np.int64)
    ids[order] = 10_000 + np.arange(N)
    X["record_id"] = ids
    report = audit(X, y)
    (finding,) = kinds(report, "identifier")
    assert (finding.severity, finding.code, finding.columns) == (
        "high",
        "L2",
        ["record_id"],
    )
    assert kinds(report, "target_proxy") == []  # reported once, as an identifier


def test_hash_like_strings_without_signal_are_only_info():
    X, y = honest_data()
    rng = np.random.default_rng(2)
    X["uuid"] = [f"{value:032x}" for value in rng.integers(0, 2**62, N)]
    report = audit(X, y)
    (finding,) = kinds(report, "identifier", at_least="info")
    assert finding.severity == "info" and finding.columns == ["uuid"]
    assert "hash-like" in finding.evidence["reason"]
    assert report.at_least("low") == []


def test_counter_column_is_recognised():
    X, y = honest_data()
    X["row"] = np.arange(N)
    X = X.sample(frac=1.0, random_state=0).reset_index(drop=True)
    y = y.sample(frac=1.0, random_state=0).reset_index(drop=True)
    report = audit(X, y)
    findings = kinds(report, "identifier", at_least="info")
    assert [f.columns for f in findings] == [["row"]]
    assert findings[0].evidence["reason"] == "a near-consecutive counter"


def test_rows_sorted_by_target_are_reported_low():
    X, y = honest_data()
    order = np.argsort(y.to_numpy(), kind="stable")
    X, y = X.iloc[order].reset_index(drop=True), y.iloc[order].reset_index(drop=True)
    report = audit(X, y)
    (finding,) = kinds(report, "identifier")
    assert finding.severity == "low" and finding.columns == []
    assert "row order" in finding.message


# ---------------------------------------------------------------------------------
# temporal


def overlapping_labels(n=600, horizon=10, seed=0):
    """A random walk, labels over the next ``horizon`` days: overlapping labels."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2020-01-01", periods=n + horizon, freq="D")
    walk = np.cumsum(rng.normal(size=n + horizon))
    X = pd.DataFrame({"level": walk[:n], "noise": rng.normal(size=n)})
    y = pd.Series((walk[horizon:] > walk[:n]).astype(int))
    times = pd.Series(days[:n])
    end_times = times + pd.Timedelta(days=horizon)
    return X, y, times, end_times


def test_user_cv_training_on_overlapping_labels():
    X, y, times, end_times = overlapping_labels()
    report = audit(
        X,
        y,
        cv=KFold(5, shuffle=True, random_state=0),
        times=times,
        end_times=end_times,
    )
    overlap = [f for f in kinds(report, "temporal") if f.folds]
    assert len(overlap) == 1
    assert overlap[0].severity == "high" and overlap[0].code == "L3.1"
    assert overlap[0].folds == [0, 1, 2, 3, 4]
    assert min(overlap[0].evidence["fraction_of_train_rows_overlapping_test"]) > 0.5


def test_overlap_is_counted_exactly():
    # Ten days, labels two days ahead, two contiguous folds: the two training days
    # next to the test block have labels reaching into it.
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=10), "b": rng.normal(size=10)})
    y = np.array([0, 1] * 5)
    times = pd.Series(pd.date_range("2024-01-01", periods=10, freq="D"))
    end_times = times + pd.Timedelta("2D")
    report = audit(X, y, cv=KFold(2), times=times, end_times=end_times)
    (finding,) = [f for f in kinds(report, "temporal") if f.folds]
    assert finding.evidence["fraction_of_train_rows_overlapping_test"] == [0.4, 0.4]
    assert finding.evidence["fraction_of_train_rows_after_test_start"] == [1.0, 0.0]
    assert finding.severity == "high" and finding.folds == [0, 1]


def test_purged_cv_has_no_overlap_finding():
    X, y, times, end_times = overlapping_labels()
    for cv in (PurgedKFold(5, embargo=5), WalkForward(4)):
        report = audit(X, y, cv=cv, times=times, end_times=end_times)
        # No label overlap; at most the remark that shuffling would inflate.
        assert [f for f in kinds(report, "temporal", "info") if f.folds] == []
        assert report.at_least("high") == []


def test_shuffled_folds_scoring_far_above_time_ordered_folds():
    X, y, end_times = make_market_data(n_days=1200)
    report = audit(X, y, cv=KFold(5, shuffle=True, random_state=0))
    (finding,) = kinds(report, "temporal")
    assert finding.severity == "high" and finding.code == "L3.1"
    evidence = finding.evidence
    assert evidence["auc_shuffled"] - evidence["auc_time_ordered"] > 0.1
    assert min(evidence["fraction_of_train_rows_after_test_start"]) > 0.5
    assert "PurgedKFold" in finding.message


def test_date_column_of_independent_rows_is_not_flagged():
    # skore's false alarm: a shuffled split of independent rows with a date column.
    X, y = honest_data(n=1500)
    rng = np.random.default_rng(3)
    X["signup_date"] = pd.Timestamp("2023-01-01") + pd.to_timedelta(
        np.sort(rng.integers(0, 365, 1500)), unit="D"
    )
    report = audit(X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
    assert kinds(report, "temporal", at_least="info") == []


def test_splitter_time_column_supplies_the_times():
    X, y, times, end_times = overlapping_labels()
    X["day"] = times
    report = audit(X, y, cv=PurgedKFold(4, time_column="day"), end_times=end_times)
    assert report.summary["times"] == "column 'day'"
    assert report.summary["n_features"] == 2  # the time column is not a feature
    assert [f for f in report.findings if f.folds] == []


def test_time_known_default_cv_is_time_ordered():
    X, y, end_times = make_market_data(n_days=800)
    report = audit(X, y, end_times=end_times)
    assert report.summary["cv"].startswith("PurgedKFold")
    assert report.summary["times"] == "X.index"
    assert report.at_least("high") == []


# ---------------------------------------------------------------------------------
# group


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


# ---------------------------------------------------------------------------------
# duplicate


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


# ---------------------------------------------------------------------------------
# preprocessing


def test_scaled_on_all_rows():
    X, y = honest_data()
    numeric = ["a", "b", "c", "d", "e"]
    X[numeric] = (X[numeric] - X[numeric].mean()) / X[numeric].std(ddof=0)
    report = audit(X, y)
    (finding,) = kinds(report, "preprocessing")
    assert finding.severity == "low" and finding.code == "L1.2"
    assert finding.columns == numeric
    assert abs(finding.evidence["a"]["mean_train_split_0"]) > 1e-6


def test_imputed_with_the_whole_data_mean():
    X, y = honest_data()
    rng = np.random.default_rng(5)
    missing = rng.random(N) < 0.1
    values = X["a"].to_numpy().copy()
    values[missing] = values[~missing].mean()
    X["a"] = values
    (finding,) = kinds(audit(X, y), "preprocessing")
    assert finding.columns == ["a"] and finding.code == "L1.2"
    assert finding.evidence["n_rows_with_value"] == int(missing.sum())
    assert "mean" in finding.message


def test_target_encoding_on_all_rows():
    X, y = honest_data()
    rng = np.random.default_rng(6)
    city = pd.Series(rng.integers(0, 120, N))
    X["city_rate"] = y.groupby(city).transform("mean")
    (finding,) = kinds(audit(X, y), "preprocessing")
    assert finding.severity == "high" and finding.columns == ["city_rate"]
    assert "TargetEncoder" in finding.message


def test_cross_fitted_target_encoding_is_clean():
    from sklearn.preprocessing import TargetEncoder

    X, y = honest_data()
    rng = np.random.default_rng(6)
    city = rng.integers(0, 120, N).reshape(-1, 1)
    X["city_rate"] = TargetEncoder(cv=KFold(5)).fit_transform(city, y)[:, 0]
    assert kinds(audit(X, y), "preprocessing", at_least="info") == []


def test_raw_proportions_are_not_min_max_scaled():
    X, y = honest_data()
    rng = np.random.default_rng(7)
    X["share"] = np.clip(rng.normal(0.5, 0.4, N), 0, 1)  # many 0s and 1s
    assert kinds(audit(X, y), "preprocessing", at_least="info") == []


# ---------------------------------------------------------------------------------
# The API: inputs, defaults, estimator, scoring, determinism, progress.


def test_lead_data_findings():
    X, y, created_at, _ = make_lead_data(n_leads=3000)
    report = audit(X, y, times=created_at)
    found = {(f.kind, f.severity, tuple(f.columns)) for f in report.findings}
    assert ("identifier", "high", ("lead_id",)) in found
    assert ("target_proxy", "high", ("number_of_demo_calls",)) in found
    assert ("group", "medium", ("customer_id",)) in found
    assert any(kind == "preprocessing" for kind, _, _ in found)


def test_numpy_input_and_column_names():
    X, y = honest_data()
    values = X[list("abcde")].to_numpy(copy=True)
    values[:, 4] = y + np.random.default_rng(0).normal(scale=0.01, size=N)
    report = audit(values, y.to_numpy())
    (finding,) = kinds(report, "target_proxy")
    assert finding.columns == ["x4"]


def test_user_estimator_and_scoring():
    X, y = honest_data()
    X = X.drop(columns="segment")
    report = audit(X, y, estimator=LogisticRegression(), scoring="accuracy")
    assert report.summary["model"] == "LogisticRegression"
    assert 0.6 < report.summary["score"] <= 1.0
    assert report.at_least("low") == []


def test_deterministic_by_default():
    X, y = honest_data()
    X["leak"] = y * 2.0
    first, second = audit(X, y), audit(X, y)
    assert first.to_json().replace(
        str(first.summary["seconds"]), "s"
    ) == second.to_json().replace(str(second.summary["seconds"]), "s")


def test_int_cv_sets_the_number_of_splits():
    X, y = honest_data()
    report = audit(X, y, cv=3)
    assert "n_splits=3" in report.summary["cv"]


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


def test_report_type():
    X, y = honest_data()
    report = audit(X, y)
    assert isinstance(report, LeakageReport)
    assert report.summary["n_features"] == X.shape[1]
