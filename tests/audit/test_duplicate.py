"""The ``duplicate`` check: exact copies told from natural coincidences, and near
copies (jitter, interpolated synthetic rows)."""

import numpy as np
import pandas as pd
import pytest
from _audit_data import N, honest_data, kinds

from safesplit import audit
from safesplit.audit.checks._duplicate import _excess_pairs
from safesplit.audit.checks._near_duplicate import ROW_ALPHA


def _with_evidence(report, key):
    """The duplicate finding (at any severity) whose evidence has ``key``, or
    None."""
    found = [
        f for f in kinds(report, "duplicate", at_least="info") if key in f.evidence
    ]
    assert len(found) <= 1
    return found[0] if found else None


def _exact(report):
    """The finding of exact copies, or None."""
    return _with_evidence(report, "test_rows_with_copy_in_train")


def _near(report):
    """The finding of near copies, or None."""
    return _with_evidence(report, "near_copy_rows")


def _at_most_low(finding):
    return finding is None or finding.severity in ("low", "info")


def _survey(n=3000, seed=0):
    """Discrete answers (few levels each) and a noisy binary outcome: natural
    identical rows, labels that the answers only partly predict."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(
        {
            "rating": rng.integers(1, 6, n),
            "age_band": rng.integers(0, 5, n),
            "children": rng.poisson(1.0, n).clip(0, 4),
            "religious": rng.integers(1, 5, n),
            "region": rng.integers(0, 4, n),
        }
    )
    logit = -1.2 + 0.5 * (3 - X["rating"]) + 0.3 * X["children"]
    y = pd.Series((rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int))
    return X, y


def _oversample(X, y, share, seed=0):
    """Copies of minority rows, ``share`` of the way to balance, appended."""
    rng = np.random.default_rng(seed)
    minority = y.value_counts().idxmin()
    rows = np.flatnonzero(y.to_numpy() == minority)
    need = int(share * ((y != minority).sum() - rows.shape[0]))
    order = np.concatenate([np.arange(len(y)), rng.choice(rows, need)])
    return X.iloc[order].reset_index(drop=True), y.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Exact copies.


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
    # Continuous values: no distinct records would coincide.
    assert finding.evidence["evidence_of_copies"][0] == "values"
    assert finding.evidence["natural_twins_at_most"] < 1


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
    assert "natural coincidences" in finding.message


def test_oversampling_discrete_data_shows_in_the_labels():
    X, y = _oversample(*_survey(), share=1.0)
    finding = _exact(audit(X, y))
    assert finding.severity == "high"
    assert finding.evidence["evidence_of_copies"][0] == "labels"
    evidence = finding.evidence
    assert (
        evidence["label_agreement_of_twins"]
        > evidence["label_agreement_of_neighbours"] + 0.1
    )
    assert "oversampl" in finding.message and "imblearn" in finding.message


def test_a_strong_discrete_outcome_column_does_not_make_twins_copies():
    # A post-outcome flag makes identical rows agree on the label more often; the
    # neighbours that labels are compared with differ in a column of no skill, so
    # they agree more often too.
    X, y = _survey()
    rng = np.random.default_rng(1)
    X["referral"] = ((y == 1) & (rng.random(len(y)) < 0.75)).astype(int)
    assert _at_most_low(_exact(audit(X, y)))


def test_panel_with_dependent_columns_is_not_called_copies():
    # Worker-years: experience and its square move together, hours have a mass
    # point; different workers share identical rows, never their log wage.
    rng = np.random.default_rng(2)
    n = 2400
    exper = rng.integers(0, 12, n)
    X = pd.DataFrame(
        {
            "year": rng.integers(1980, 1988, n),
            "exper": exper,
            "expersq": exper**2,
            "educ": rng.choice([10, 12, 12, 12, 14, 16], n),
            "married": rng.integers(0, 2, n),
            "hours": np.where(rng.random(n) < 0.6, 2080, rng.integers(1500, 2600, n)),
        }
    )
    y = pd.Series(1.0 + 0.05 * X["educ"] + 0.03 * exper + rng.normal(0, 0.4, n))
    finding = _exact(audit(X, y))
    assert finding.evidence["test_rows_with_copy_in_train"] > 50
    assert finding.severity == "info"
    assert finding.evidence["label_agreement_of_twins"] < 0.05


def test_a_single_discrete_column_is_not_called_copies():
    rng = np.random.default_rng(3)
    phase = rng.integers(0, 11, 400)
    y = pd.Series(np.sin(phase) + rng.normal(size=400))
    assert _at_most_low(_exact(audit(pd.DataFrame({"phase": phase}), y)))


def test_a_derived_float_is_bounded_by_the_target():
    # bmi is continuous-looking but a function of two integer columns: distinct
    # records never share it, yet natural twins do; their targets tell.
    rng = np.random.default_rng(4)
    n = 2000
    height = rng.integers(160, 170, n)
    weight = rng.integers(60, 66, n)
    X = pd.DataFrame(
        {
            "height": height,
            "weight": weight,
            "bmi": weight / (height / 100) ** 2,
            "smoker": rng.integers(0, 2, n),
        }
    )
    y = pd.Series(0.1 * X["bmi"] + rng.normal(size=n))
    finding = _exact(audit(X, y))
    assert finding.evidence["fraction_of_test_rows"] > 0.5
    assert _at_most_low(finding)


def test_rows_doubled_by_a_join_show_in_the_counts():
    # Discrete values that determine the class: labels cannot tell, counts can.
    rng = np.random.default_rng(5)
    X = pd.DataFrame(rng.integers(0, 40, size=(300, 2)), columns=["a", "b"])
    y = pd.Series((X["a"] > 20).astype(int))
    order = np.tile(np.arange(300), 2)
    X2, y2 = X.iloc[order].reset_index(drop=True), y.iloc[order]
    finding = _exact(audit(X2, y2.reset_index(drop=True)))
    assert finding.severity == "high"
    assert "counts" in finding.evidence["evidence_of_copies"]
    assert finding.evidence["rows_once_twice_thrice"][0] < 10


def test_bootstrap_draws_with_a_continuous_target():
    X, _ = _survey(n=1500)
    rng = np.random.default_rng(6)
    y = pd.Series(X["rating"] + rng.normal(size=len(X)))
    order = np.concatenate([np.arange(len(X)), rng.integers(0, len(X), 500)])
    X2 = X.iloc[order].reset_index(drop=True)
    y2 = y.iloc[order].reset_index(drop=True)
    finding = _exact(audit(X2, y2))
    assert finding.severity in ("medium", "high")
    assert finding.evidence["label_agreement_of_twins"] > 0.2
    # The same data without the draws: twins, but no copies.
    assert _at_most_low(_exact(audit(X, y)))


@pytest.mark.parametrize(
    ("weights", "n"),
    [(np.ones(50), 300), (1.0 / np.arange(1, 400), 3000), (np.ones(4000), 2000)],
)
def test_counts_of_independent_draws_show_no_excess_pairs(weights, n):
    rng = np.random.default_rng(7)
    draws = rng.choice(weights.shape[0], n, p=weights / weights.sum())
    counts = np.bincount(np.bincount(draws), minlength=4)[1:4]
    assert _excess_pairs(*counts) == 0.0
    # Every row twice: pairs without singles.
    doubled = np.bincount(np.bincount(np.tile(draws, 2)), minlength=7)
    assert _excess_pairs(doubled[1], doubled[2], doubled[3]) == 0.0 or (
        doubled[2] > doubled[1]
    )
    assert _excess_pairs(0, 150, 0) > 100


# --------------------------------------------------------------------------------------
# Near copies.


def test_jittered_copies_are_near_duplicates():
    X, y = honest_data()
    rng = np.random.default_rng(8)
    copies = rng.choice(N, 160, replace=False)
    numeric = list("abcde")
    jittered = X.iloc[copies].copy()
    jittered[numeric] *= 1 + rng.normal(0, 1e-5, (160, 5))
    X2 = pd.concat([X, jittered], ignore_index=True)
    y2 = pd.concat([y, y.iloc[copies]], ignore_index=True)
    report = audit(X2, y2)
    assert _exact(report) is None  # no row is identical
    finding = _near(report)
    assert finding.severity == "high" and finding.code == "L1.4"
    assert finding.evidence["jittered_rows"] > 100
    assert "noise" in finding.message


def test_interpolated_minority_rows_are_near_duplicates():
    from sklearn.neighbors import NearestNeighbors

    rng = np.random.default_rng(9)
    n = 1500
    X = pd.DataFrame(rng.normal(size=(n, 8)), columns=[f"x{i}" for i in range(8)])
    y = pd.Series((X["x0"] + X["x1"] + rng.normal(size=n) > 2.2).astype(int))
    minority = X.to_numpy()[y.to_numpy() == 1]
    neighbours = NearestNeighbors(n_neighbors=6).fit(minority).kneighbors(minority)[1]
    need = int((y == 0).sum() - minority.shape[0])
    base = rng.integers(0, minority.shape[0], need)
    other = neighbours[base, rng.integers(1, 6, need)]
    step = rng.random((need, 1))
    synthetic = minority[base] + step * (minority[other] - minority[base])
    X2 = pd.concat([X, pd.DataFrame(synthetic, columns=X.columns)], ignore_index=True)
    y2 = pd.concat([y, pd.Series(np.ones(need, dtype=int))], ignore_index=True)
    finding = _near(audit(X2, y2))
    assert finding.severity in ("medium", "high")
    assert finding.evidence["interpolated_rows"] > finding.evidence["jittered_rows"]
    assert "SMOTE" in finding.message


@pytest.mark.parametrize("dimensions", [3, 10])
def test_independent_continuous_rows_have_no_near_copies(dimensions):
    rng = np.random.default_rng(dimensions)
    X = pd.DataFrame(rng.standard_t(3, size=(3000, dimensions)))
    X.columns = [f"x{i}" for i in range(dimensions)]
    y = pd.Series((X["x0"] + rng.normal(size=3000) > 0).astype(int))
    finding = _near(audit(X, y))
    assert finding is None
    assert ROW_ALPHA * 2000 < 0.01  # flagged rows are not expected by chance


def test_rounded_measurements_are_not_near_copies():
    # One decimal: a lattice of values, where neighbours differ by one step in one
    # column and sit midway between others.
    X, y = honest_data(n=2000)
    X[list("abcde")] = X[list("abcde")].round(1)
    assert _at_most_low(_near(audit(X, y)))


# --------------------------------------------------------------------------------------
# Real data other than the benchmark catalogue's (linearmodels' survey sets; the test
# extra installs it, so these run in CI on the floors too).


def _meps():
    datasets = pytest.importorskip("linearmodels.datasets.meps")
    data = datasets.load()
    columns = ["age", "educyr", "female", "hisp", "marry", "vegood", "good"]
    columns += ["fair", "poor", "lowincome", "midincome"]
    return data[columns].copy(), data["private"].astype(int)


@pytest.mark.parametrize(("survey", "twins"), [("synthetic", 0.3), ("meps", 0.5)])
def test_natural_twins_of_a_survey_are_at_most_low(survey, twins):
    X, y = _survey() if survey == "synthetic" else _meps()
    finding = _exact(audit(X, y))
    assert finding.evidence["fraction_of_test_rows"] > twins
    assert _at_most_low(finding)


def test_meps_oversampled_half_way_is_caught():
    X, y = _oversample(*_meps(), share=0.5, seed=1)
    finding = _exact(audit(X, y))
    assert finding.severity in ("medium", "high")


def test_mroz_oversampled_copies_continuous_records():
    datasets = pytest.importorskip("linearmodels.datasets.mroz")
    data = datasets.load()
    columns = ["kidslt6", "kidsge6", "age", "educ", "husage", "huseduc", "huswage"]
    columns += ["faminc", "mtr", "unem", "city", "exper"]
    X, y = data[columns], data["inlf"].astype(int)
    assert _exact(audit(X, y)) is None
    finding = _exact(audit(*_oversample(X, y, share=1.0, seed=2)))
    assert finding.severity == "high"
    assert finding.evidence["evidence_of_copies"][0] == "values"
