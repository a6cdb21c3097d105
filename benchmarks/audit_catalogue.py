"""Planted leaks and clean controls on real data, for ``safesplit.audit``.

Every case is a function returning a :class:`Case`: the features and target a user
would hand to the audit, the keyword arguments their set-up has (``times``,
``end_times``, ``groups``, ``cv``), the kind(s) of finding that would name the leak,
and one line saying what the leak is and why it is realistic. Clean controls expect
nothing: they are the real data sets as they ship, with the validation a careful user
would pick.

The data all ship inside installed packages (scikit-learn's bundled data,
``statsmodels.api.datasets`` and ``linearmodels.datasets``); nothing is downloaded.
Leaks are planted at realistic strength: noisy post-outcome columns, partial fills,
aggregates over a few rows per entity, near (not exact) copies, alongside a few strong
ones. Every case is deterministic (fixed seeds).

``benchmarks/bench_audit_catalogue.py`` runs the audit on every case and prints the
table.
"""

import warnings
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from sklearn import datasets as skdata
from sklearn.feature_selection import SelectKBest, f_classif, f_regression
from sklearn.model_selection import KFold, StratifiedKFold, TimeSeriesSplit
from sklearn.preprocessing import MinMaxScaler, StandardScaler

# The kinds a case may expect: the report's own list, so the two never drift.
from safesplit.report import KINDS


@dataclass
class Case:
    """One audit input with the answer it should get.

    ``expected``: kinds of which one medium-or-higher finding catches the leak
    (empty for a clean control). ``acceptable``: further kinds that describe the
    same planted leak from another side and are not false alarms (for instance a
    ``group`` finding on a per-entity mean). ``leak_columns``: the planted columns;
    a finding that names columns catches the leak only if it names one of them.
    """

    name: str
    dataset: str
    expected: tuple
    X: pd.DataFrame
    y: pd.Series
    kwargs: dict
    description: str
    leak_columns: tuple = ()
    acceptable: tuple = ()
    notes: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def is_clean(self):
        return not self.expected


CASES = {}


def case(function):
    """Register a case builder under its function name."""
    CASES[function.__name__] = function
    return function


def build(name):
    case_ = (CASES[name] if name in CASES else EXTRA_CASES[name])()
    assert case_.name == name, (case_.name, name)
    for kind in case_.expected + case_.acceptable:
        assert kind in KINDS, kind
    return case_


def build_all(names=None):
    return [build(name) for name in (names or CASES)]


# --------------------------------------------------------------------------------------
# The data sets, loaded once each.


def _quiet():
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)


@cache
def _breast_cancer():
    data = skdata.load_breast_cancer(as_frame=True)
    # 1 = malignant, the outcome of interest (scikit-learn codes malignant as 0).
    return data.data, (1 - data.target).rename("malignant")


@cache
def _wine():
    data = skdata.load_wine(as_frame=True)
    return data.data, data.target.rename("cultivar")


@cache
def _diabetes():
    data = skdata.load_diabetes(as_frame=True)
    return data.data, data.target.rename("progression")


@cache
def _digits():
    data = skdata.load_digits(as_frame=True)
    return data.data, data.target.rename("digit")


@cache
def _iris():
    data = skdata.load_iris(as_frame=True)
    return data.data, data.target.rename("species")


def _sm(name):
    _quiet()
    import statsmodels.api as sm

    return getattr(sm.datasets, name).load_pandas().data.copy()


@cache
def _fair():
    data = _sm("fair")
    y = (data.pop("affairs") > 0).astype(int).rename("had_affair")
    return data, y


@cache
def _star98():
    data = _sm("star98")
    share = data["NABOVE"] / (data["NABOVE"] + data["NBELOW"])
    X = data.drop(columns=["NABOVE", "NBELOW"])
    return X, share.rename("share_above_median")


@cache
def _anes96():
    data = _sm("anes96")
    y = data.pop("vote").astype(int).rename("voted_dole")
    return data, y


@cache
def _randhie():
    data = _sm("randhie").sample(10_000, random_state=0).reset_index(drop=True)
    # log(1 + visits): a continuous target (integer counts would read as classes).
    y = np.log1p(data.pop("mdvis")).rename("log_doctor_visits")
    return data, y


@cache
def _grunfeld():
    data = _sm("grunfeld")
    data["year"] = data["year"].astype(int)
    data["firm"] = data["firm"].astype(str)
    return data.sort_values(["year", "firm"]).reset_index(drop=True)


@cache
def _wage_panel():
    from linearmodels.datasets import wage_panel

    return wage_panel.load().sort_values(["year", "nr"]).reset_index(drop=True)


@cache
def _sunspots():
    data = _sm("sunspots")
    data["YEAR"] = data["YEAR"].astype(int)
    return data


@cache
def _co2():
    data = _sm("co2").interpolate()
    data.index.name = "week"
    return data.reset_index()


@cache
def _macrodata():
    data = _sm("macrodata")
    data["date"] = pd.to_datetime(
        pd.DataFrame(
            {
                "year": data["year"].astype(int),
                "month": 3 * data["quarter"].astype(int) - 2,
                "day": 1,
            }
        )
    )
    return data


@cache
def _elnino_monthly():
    data = _sm("elnino")
    long = data.melt(id_vars="YEAR", var_name="month_name", value_name="sst")
    months = {m: i + 1 for i, m in enumerate(data.columns[1:])}
    long["date"] = pd.to_datetime(
        pd.DataFrame(
            {
                "year": long["YEAR"].astype(int),
                "month": long["month_name"].map(months),
                "day": 1,
            }
        )
    )
    return long.sort_values("date").reset_index(drop=True)[["date", "sst"]]


def _copy(loader):
    X, y = loader()
    return X.copy(), y.copy()


def _noise_for_r2(y, r2, rng):
    """Gaussian noise that leaves ``y + noise`` an R^2 of about ``r2`` alone."""
    return rng.normal(0.0, np.std(y) * np.sqrt(1.0 / r2 - 1.0), len(y))


def _quarterly(data):
    return data["date"].reset_index(drop=True)


# ======================================================================================
# 1. Post-outcome columns (target_proxy)


@case
def leak_fair_therapy_referral():
    X, y = _copy(_fair)
    rng = np.random.default_rng(101)
    X["therapy_referral"] = ((y == 1) & (rng.random(len(y)) < 0.75)).astype(int)
    return Case(
        "leak_fair_therapy_referral",
        "statsmodels fair",
        ("target_proxy",),
        X,
        y,
        {},
        "A referral flag filled in for 75% of the women whose affair came out, 0 for "
        "everyone else: recorded after the outcome, partial like most follow-ups.",
        leak_columns=("therapy_referral",),
    )


@case
def leak_fair_disclosure_missing():
    X, y = _copy(_fair)
    rng = np.random.default_rng(102)
    months = rng.gamma(2.0, 6.0, len(y)).round(1)
    filled = (y == 1) & (rng.random(len(y)) < 0.85)
    X["months_since_disclosure"] = np.where(filled, months, np.nan)
    return Case(
        "leak_fair_disclosure_missing",
        "statsmodels fair",
        ("target_proxy",),
        X,
        y,
        {},
        "Months since the affair was disclosed: NaN unless there was one (and for 15% "
        "of those); the missingness, not the value, is the signal.",
        leak_columns=("months_since_disclosure",),
    )


@case
def leak_fair_counselling_sessions():
    X, y = _copy(_fair)
    rng = np.random.default_rng(103)
    X["counselling_sessions"] = rng.poisson(0.3, len(y)) + (y == 1) * rng.poisson(
        2.5, len(y)
    )
    return Case(
        "leak_fair_counselling_sessions",
        "statsmodels fair",
        ("target_proxy",),
        X,
        y,
        {},
        "Count of counselling sessions in the survey year, incremented after the "
        "outcome (a few couples go anyway): a noisy post-outcome count.",
        leak_columns=("counselling_sessions",),
    )


@case
def leak_diabetes_followup_r2_70():
    X, y = _copy(_diabetes)
    rng = np.random.default_rng(104)
    X["followup_score"] = (y + _noise_for_r2(y, 0.70, rng)).round(0)
    return Case(
        "leak_diabetes_followup_r2_70",
        "sklearn diabetes",
        ("target_proxy",),
        X,
        y,
        {},
        "A follow-up clinical score from the one-year visit that measures the "
        "progression with error: R^2 alone ~0.7 (the honest ten reach ~0.45).",
        leak_columns=("followup_score",),
    )


@case
def leak_diabetes_followup_r2_90():
    X, y = _copy(_diabetes)
    rng = np.random.default_rng(105)
    # Multiplicative error, as lab measurements have: R^2 alone about 0.9.
    X["followup_hba1c"] = (5.0 + y / 40.0) * np.exp(rng.normal(0, 0.09, len(y)))
    return Case(
        "leak_diabetes_followup_r2_90",
        "sklearn diabetes",
        ("target_proxy",),
        X,
        y,
        {},
        "A one-year HbA1c reading, monotone in the progression with 9% multiplicative "
        "lab error: a post-outcome measurement, strong but not a copy.",
        leak_columns=("followup_hba1c",),
    )


@case
def leak_star98_distinction_awards():
    X, y = _copy(_star98)
    rng = np.random.default_rng(106)
    X["distinction_awards"] = rng.poisson(80 * y.to_numpy())
    return Case(
        "leak_star98_distinction_awards",
        "statsmodels star98",
        ("target_proxy",),
        X,
        y,
        {},
        "Number of state distinction awards a district received, handed out on this "
        "year's test results: a Poisson count driven by the outcome (R^2 alone ~0.75).",
        leak_columns=("distinction_awards",),
    )


@case
def leak_anes96_recalled_vote():
    X, y = _copy(_anes96)
    rng = np.random.default_rng(107)
    recalled = y.to_numpy().astype(float)
    flip = rng.random(len(y)) < 0.06
    recalled[flip] = 1 - recalled[flip]
    recalled[rng.random(len(y)) < 0.10] = np.nan
    X["post_election_recall"] = recalled
    return Case(
        "leak_anes96_recalled_vote",
        "statsmodels anes96",
        ("target_proxy",),
        X,
        y,
        {},
        "The post-election wave's 'who did you vote for' (6% misremembered, 10% not "
        "re-interviewed) kept next to the pre-election answers.",
        leak_columns=("post_election_recall",),
    )


@case
def leak_randhie_claims_filed():
    X, y = _copy(_randhie)
    rng = np.random.default_rng(108)
    visits = np.expm1(y.to_numpy()).round().astype(int)
    X["claims_filed"] = rng.binomial(visits, 0.8) + rng.poisson(0.3, len(y))
    return Case(
        "leak_randhie_claims_filed",
        "statsmodels randhie",
        ("target_proxy",),
        X,
        y,
        {},
        "Insurance claims filed in the year, 80% of visits plus some unrelated "
        "claims: produced by the outcome (visits), 10,000 sampled rows.",
        leak_columns=("claims_filed",),
    )


@case
def leak_macrodata_revised_growth():
    data = _macrodata()
    growth = 400 * np.log(data["realgdp"]).diff()
    X = pd.DataFrame(
        {
            "cons_growth_prev": 400 * np.log(data["realcons"]).diff().shift(1),
            "inv_growth_prev": 400 * np.log(data["realinv"]).diff().shift(1),
            "gdp_growth_prev": growth.shift(1),
            "unemp_prev": data["unemp"].shift(1),
            "tbilrate_prev": data["tbilrate"].shift(1),
            "infl_prev": data["infl"].shift(1),
        }
    )
    rng = np.random.default_rng(109)
    y = growth.rename("gdp_growth")
    X["gdp_growth_revised"] = y + rng.normal(0, 0.5 * y.std(), len(y))
    keep = X.notna().all(axis=1) & y.notna()
    times = _quarterly(data)[keep.to_numpy()].reset_index(drop=True)
    return Case(
        "leak_macrodata_revised_growth",
        "statsmodels macrodata",
        ("target_proxy",),
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        {"times": times},
        "The revised GDP growth figure, published a year after the quarter, kept as a "
        "feature for nowcasting the first release (noise sd half the target's).",
        leak_columns=("gdp_growth_revised",),
    )


# ======================================================================================
# 2. Identifiers that encode the label (identifier)


@case
def leak_fair_case_id_noisy_sort():
    X, y = _copy(_fair)
    rng = np.random.default_rng(201)
    key = y.to_numpy() + rng.normal(0, 1.0, len(y))
    ids = np.empty(len(y), dtype=np.int64)
    ids[np.argsort(key, kind="stable")] = 100_000 + np.arange(len(y))
    X.insert(0, "case_id", ids)
    return Case(
        "leak_fair_case_id_noisy_sort",
        "statsmodels fair",
        ("identifier",),
        X,
        y,
        {},
        "Case numbers assigned after the interviews were filed by outcome, loosely "
        "(filing order = outcome + noise): ROC AUC of the ID alone about 0.76.",
        leak_columns=("case_id",),
        acceptable=("target_proxy",),
    )


@case
def leak_bc_record_id_batches():
    X, y = _copy(_breast_cancer)
    rng = np.random.default_rng(202)
    reentered = rng.random(len(y)) < 0.3
    key = np.where(reentered, 2 + rng.random(len(y)), y.to_numpy() + rng.random(len(y)))
    ids = np.empty(len(y), dtype=np.int64)
    ids[np.argsort(key, kind="stable")] = 1 + np.arange(len(y))
    X.insert(0, "record_id", ids)
    return Case(
        "leak_bc_record_id_batches",
        "sklearn breast_cancer",
        ("identifier",),
        X,
        y,
        {},
        "Record IDs numbered in two batches (benign, then pathology-confirmed "
        "malignant), 30% of records later re-entered with new IDs at the end.",
        leak_columns=("record_id",),
        acceptable=("target_proxy",),
    )


@case
def leak_wine_lot_code_prefix():
    X, y = _copy(_wine)
    rng = np.random.default_rng(203)
    prefixes = np.array(["BAR", "GRI", "BRB"])
    prefix = prefixes[y.to_numpy()]
    relabelled = rng.random(len(y)) < 0.15
    prefix[relabelled] = rng.choice(prefixes, relabelled.sum())
    serial = rng.choice(90_000, len(y), replace=False) + 10_000
    X["lot_code"] = [f"{p}-{s}" for p, s in zip(prefix, serial)]
    return Case(
        "leak_wine_lot_code_prefix",
        "sklearn wine",
        ("identifier",),
        X,
        y,
        {},
        "A cellar lot code whose prefix names the cultivar (BAR-, GRI-, BRB-), 15% of "
        "lots relabelled, unique serial after the dash.",
        leak_columns=("lot_code",),
        acceptable=("target_proxy",),
    )


@case
def leak_digits_scan_path():
    X, y = _copy(_digits)
    rng = np.random.default_rng(204)
    hexes = rng.integers(0, 2**32, len(y), dtype=np.uint64)
    X["scan_file"] = [f"scans/{d}/{h:08x}.png" for d, h in zip(y, hexes)]
    return Case(
        "leak_digits_scan_path",
        "sklearn digits",
        ("identifier",),
        X,
        y,
        {},
        "The scanned file's path kept as a column; scans were filed in one folder per "
        "digit, so the path's folder is the label.",
        leak_columns=("scan_file",),
        acceptable=("target_proxy",),
    )


@case
def leak_diabetes_patient_key_sorted():
    X, y = _copy(_diabetes)
    rng = np.random.default_rng(205)
    key = y.to_numpy() + rng.normal(0, 0.75 * y.std(), len(y))
    ids = np.empty(len(y), dtype=np.int64)
    ids[np.argsort(key, kind="stable")] = np.arange(len(y))
    X["patient_key"] = 4_700_000 + 37 * ids + rng.integers(0, 37, len(y))
    return Case(
        "leak_diabetes_patient_key_sorted",
        "sklearn diabetes",
        ("identifier",),
        X,
        y,
        {},
        "Large-integer patient keys issued in order of referral, which followed "
        "severity loosely (rank correlation with the target about 0.8).",
        leak_columns=("patient_key",),
        acceptable=("target_proxy",),
    )


# ======================================================================================
# 3. Aggregates of the target over all rows (target_proxy / preprocessing)

AGGREGATE = ("preprocessing", "target_proxy")


def _grunfeld_honest(data):
    return data[["value", "capital", "year"]].copy()


@case
def leak_grunfeld_firm_era_mean():
    data = _grunfeld()
    X = _grunfeld_honest(data)
    era = (data["year"] - 1935) // 5
    X["firm_era_mean_invest"] = data.groupby([data["firm"], era])["invest"].transform(
        "mean"
    )
    return Case(
        "leak_grunfeld_firm_era_mean",
        "statsmodels grunfeld",
        AGGREGATE,
        X,
        data["invest"].rename("invest"),
        {},
        "Each firm's mean investment over its 5-year era (5 rows), computed on all "
        "rows including the row's own target and its test-fold neighbours.",
        leak_columns=("firm_era_mean_invest",),
        acceptable=("group",),
    )


@case
def leak_grunfeld_firm_era_index():
    data = _grunfeld()
    X = _grunfeld_honest(data)
    era = (data["year"] - 1935) // 5
    mean = data.groupby([data["firm"], era])["invest"].transform("mean")
    X["firm_era_invest_index"] = (100 * mean / data["invest"].mean()).round(1)
    return Case(
        "leak_grunfeld_firm_era_index",
        "statsmodels grunfeld",
        AGGREGATE,
        X,
        data["invest"].rename("invest"),
        {},
        "The same 5-row firm-era mean as an index (100 = the all-row mean, rounded to "
        "0.1): a scaled mean of the target, no longer equal to it.",
        leak_columns=("firm_era_invest_index",),
        acceptable=("group",),
    )


def _wage_honest(data):
    return data[
        [
            "year",
            "black",
            "exper",
            "hisp",
            "hours",
            "married",
            "educ",
            "union",
            "expersq",
            "occupation",
        ]
    ].copy()


@case
def leak_wage_worker_mean_wage():
    data = _wage_panel()
    X = _wage_honest(data)
    X["worker_mean_lwage"] = data.groupby("nr")["lwage"].transform("mean")
    return Case(
        "leak_wage_worker_mean_wage",
        "linearmodels wage_panel",
        AGGREGATE,
        X,
        data["lwage"],
        {"groups": data["nr"].to_numpy()},
        "Each worker's mean log wage over the 8 panel years, computed on all rows; the "
        "validation is grouped by worker, so only the feature leaks.",
        leak_columns=("worker_mean_lwage",),
        acceptable=("group",),
    )


@case
def leak_wage_worker_wage_share():
    data = _wage_panel()
    X = _wage_honest(data)
    total = data["lwage"].sum()
    X["worker_wage_share_pm"] = (
        1000 * data.groupby("nr")["lwage"].transform("sum") / total
    )
    return Case(
        "leak_wage_worker_wage_share",
        "linearmodels wage_panel",
        AGGREGATE,
        X,
        data["lwage"],
        {},
        "A worker's share (per mille) of the panel's total log wages over 8 years: a "
        "scaled per-entity sum of the target, with the default shuffled validation.",
        leak_columns=("worker_wage_share_pm",),
        acceptable=("group",),
    )


@case
def leak_wage_worker_pay_rank():
    data = _wage_panel()
    X = _wage_honest(data)
    means = data.groupby("nr")["lwage"].mean()
    rank = means.rank(method="first").astype(int)
    X["worker_pay_rank"] = data["nr"].map(rank).to_numpy()
    return Case(
        "leak_wage_worker_pay_rank",
        "linearmodels wage_panel",
        AGGREGATE,
        X,
        data["lwage"],
        {"groups": data["nr"].to_numpy()},
        "The worker's rank (1..545) by mean wage over the whole panel, grouped "
        "validation: a rank transformation of a per-entity target mean.",
        leak_columns=("worker_pay_rank",),
        acceptable=("group",),
    )


@case
def leak_fair_cell_affair_rate():
    X, y = _copy(_fair)
    cell = (
        X["occupation"].astype(int).astype(str)
        + "-"
        + X["occupation_husb"].astype(int).astype(str)
        + "-"
        + X["educ"].astype(int).astype(str)
        + "-"
        + X["yrs_married"].astype(str)
    )
    X["peer_affair_rate"] = y.groupby(cell).transform("mean")
    return Case(
        "leak_fair_cell_affair_rate",
        "statsmodels fair",
        AGGREGATE,
        X,
        y,
        {},
        "Affair rate among 'similar couples' (same occupations, education and years "
        "married, a median of ~5 rows per cell), computed on all rows.",
        leak_columns=("peer_affair_rate",),
    )


@case
def leak_anes96_cohort_vote_pct():
    X, y = _copy(_anes96)
    cell = (
        (X["age"] // 5).astype(int).astype(str)
        + "-"
        + X["educ"].astype(int).astype(str)
        + "-"
        + X["income"].astype(int).astype(str)
    )
    X["cohort_dole_pct"] = (100 * y.groupby(cell).transform("mean")).round(0)
    return Case(
        "leak_anes96_cohort_vote_pct",
        "statsmodels anes96",
        AGGREGATE,
        X,
        y,
        {},
        "Dole's vote share (%, rounded) in the respondent's age/education/income "
        "cohort, a few respondents per cohort, computed on all rows.",
        leak_columns=("cohort_dole_pct",),
    )


@case
def leak_diabetes_cell_risk_z():
    X, y = _copy(_diabetes)
    age_q = pd.qcut(X["age"], 5, labels=False)
    bmi_q = pd.qcut(X["bmi"], 5, labels=False)
    cell = X["sex"].gt(0).astype(int) * 100 + age_q * 10 + bmi_q
    mean = y.groupby(cell).transform("mean")
    X["risk_group_z"] = (mean - mean.mean()) / mean.std()
    return Case(
        "leak_diabetes_cell_risk_z",
        "sklearn diabetes",
        AGGREGATE,
        X,
        y,
        {},
        "A 'risk group score': mean progression per sex x age-quintile x BMI-quintile "
        "cell (~9 patients), then standardised, all on all rows.",
        leak_columns=("risk_group_z",),
    )


# ======================================================================================
# 4. Temporal leaks (temporal)

TEMPORAL = ("temporal",)


def _sunspot_lags(data):
    activity = data["SUNACTIVITY"]
    return pd.DataFrame(
        {
            "activity_lag1": activity.shift(1),
            "activity_lag2": activity.shift(2),
            "activity_lag11": activity.shift(11),
        }
    )


@case
def leak_sunspots_centred_window():
    data = _sunspots()
    X = _sunspot_lags(data)
    X["activity_smoothed_5y"] = data["SUNACTIVITY"].rolling(5, center=True).mean()
    keep = X.notna().all(axis=1).to_numpy()
    return Case(
        "leak_sunspots_centred_window",
        "statsmodels sunspots",
        ("temporal", "target_proxy"),
        X[keep].reset_index(drop=True),
        data["SUNACTIVITY"][keep].reset_index(drop=True),
        {"times": data["YEAR"][keep].reset_index(drop=True)},
        "A 5-year centred moving average of activity (pandas rolling(center=True)) "
        "next to honest lags: it averages this year and the next two.",
        leak_columns=("activity_smoothed_5y",),
    )


def _co2_frame():
    data = _co2()
    co2 = data["co2"]
    week = data["week"]
    X = pd.DataFrame(
        {
            "change_4w": co2 - co2.shift(4),
            "change_52w": co2 - co2.shift(52),
            "season_sin": np.sin(2 * np.pi * week.dt.dayofyear / 365.25),
            "season_cos": np.cos(2 * np.pi * week.dt.dayofyear / 365.25),
        }
    )
    return data, co2, week, X


@case
def leak_co2_forward_window_shuffled():
    data, co2, week, X = _co2_frame()
    y = (co2.shift(-4) - co2).rename("change_next_4w")
    X["trend_vs_8w_mean"] = co2.rolling(8).mean().shift(-7) - co2
    keep = (X.notna().all(axis=1) & y.notna()).to_numpy()
    times = week[keep].reset_index(drop=True)
    return Case(
        "leak_co2_forward_window_shuffled",
        "statsmodels co2",
        ("temporal", "target_proxy"),
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        {
            "times": times,
            "end_times": times + pd.Timedelta(weeks=4),
            "cv": KFold(5, shuffle=True, random_state=0),
        },
        "Forecast of the 4-week CO2 change with a 'trend' feature from a forward "
        "8-week window (a misaligned rolling mean), validated on shuffled folds.",
        leak_columns=("trend_vs_8w_mean",),
    )


@case
def leak_co2_level_shuffled_kfold():
    data, co2, week, X = _co2_frame()
    X = X[["season_sin", "season_cos"]].copy()
    X["decimal_year"] = week.dt.year + (week.dt.dayofyear - 1) / 365.25
    return Case(
        "leak_co2_level_shuffled_kfold",
        "statsmodels co2",
        TEMPORAL,
        X,
        co2.rename("co2"),
        {"times": week, "cv": KFold(5, shuffle=True, random_state=0)},
        "The CO2 level regressed on calendar time and season, scored by shuffled "
        "K-fold: each test week sits between training weeks, so it interpolates.",
    )


def _macro_growth_features(data):
    return pd.DataFrame(
        {
            "gdp_growth_q": 400 * np.log(data["realgdp"]).diff(),
            "cons_growth_q": 400 * np.log(data["realcons"]).diff(),
            "inv_growth_q": 400 * np.log(data["realinv"]).diff(),
            "unemp": data["unemp"],
            "tbilrate": data["tbilrate"],
            "infl": data["infl"],
        }
    )


@case
def leak_macrodata_4q_growth_shuffled():
    data = _macrodata()
    X = _macro_growth_features(data)
    y = (100 * (np.log(data["realgdp"]).shift(-4) - np.log(data["realgdp"]))).rename(
        "gdp_growth_next_4q"
    )
    keep = (X.notna().all(axis=1) & y.notna()).to_numpy()
    times = _quarterly(data)[keep].reset_index(drop=True)
    return Case(
        "leak_macrodata_4q_growth_shuffled",
        "statsmodels macrodata",
        TEMPORAL,
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        {
            "times": times,
            "end_times": times + pd.DateOffset(months=12),
            "cv": KFold(5, shuffle=True, random_state=0),
        },
        "Next-4-quarter GDP growth, a label spanning a year, validated with shuffled "
        "K-fold: training labels cover the quarters being tested.",
    )


@case
def leak_elnino_12m_mean_shuffled():
    data = _elnino_monthly()
    sst = data["sst"]
    X = pd.DataFrame(
        {
            "sst": sst,
            "sst_lag1": sst.shift(1),
            "sst_lag3": sst.shift(3),
            "sst_lag12": sst.shift(12),
            "month": data["date"].dt.month,
        }
    )
    y = (sst[::-1].rolling(12).mean()[::-1].shift(-1)).rename("sst_next_12m")
    keep = (X.notna().all(axis=1) & y.notna()).to_numpy()
    times = data["date"][keep].reset_index(drop=True)
    return Case(
        "leak_elnino_12m_mean_shuffled",
        "statsmodels elnino",
        TEMPORAL,
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        {
            "times": times,
            "end_times": times + pd.DateOffset(months=12),
            "cv": KFold(5, shuffle=True, random_state=0),
        },
        "Mean sea-surface temperature over the next 12 months from this month's "
        "readings, validated by shuffled K-fold: neighbours' labels overlap.",
    )


@case
def leak_sunspots_shuffled_kfold():
    data = _sunspots()
    X = pd.DataFrame({"year": data["YEAR"], "cycle_phase": (data["YEAR"] - 1700) % 11})
    return Case(
        "leak_sunspots_shuffled_kfold",
        "statsmodels sunspots",
        TEMPORAL,
        X,
        data["SUNACTIVITY"],
        {"times": data["YEAR"], "cv": KFold(5, shuffle=True, random_state=0)},
        "Yearly sunspot activity from the year and its phase in the 11-year cycle, "
        "scored by shuffled K-fold on an autocorrelated series.",
    )


@case
def leak_macrodata_two_sided_hp():
    _quiet()
    from statsmodels.tsa.filters.hp_filter import hpfilter

    data = _macrodata()
    X = _macro_growth_features(data)
    _, trend = hpfilter(data["unemp"], lamb=1600)
    X["unemp_gap_hp"] = data["unemp"] - trend
    X["unemp_trend_slope"] = trend.diff()
    y = (data["unemp"].shift(-1) - data["unemp"]).rename("unemp_change_next_q")
    keep = (X.notna().all(axis=1) & y.notna()).to_numpy()
    times = _quarterly(data)[keep].reset_index(drop=True)
    return Case(
        "leak_macrodata_two_sided_hp",
        "statsmodels macrodata",
        ("temporal", "target_proxy"),
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        {"times": times, "cv": TimeSeriesSplit(5)},
        "Unemployment gap and trend slope from a two-sided HP filter run on the whole "
        "series (it sees the future), time-ordered validation: a subtle, weak leak.",
        leak_columns=("unemp_gap_hp", "unemp_trend_slope"),
    )


# ======================================================================================
# 5. Group leaks (group)


@case
def leak_wage_groups_given_shuffled():
    data = _wage_panel()
    return Case(
        "leak_wage_groups_given_shuffled",
        "linearmodels wage_panel",
        ("group",),
        _wage_honest(data),
        data["lwage"],
        {"groups": data["nr"].to_numpy(), "cv": KFold(5, shuffle=True, random_state=0)},
        "545 workers x 8 years, worker declared as groups but validated with shuffled "
        "K-fold: each worker's other years sit in training (a person effect in wages).",
    )


@case
def leak_grunfeld_groups_given_shuffled():
    data = _grunfeld()
    return Case(
        "leak_grunfeld_groups_given_shuffled",
        "statsmodels grunfeld",
        ("group",),
        _grunfeld_honest(data),
        data["invest"].rename("invest"),
        {
            "groups": data["firm"].to_numpy(),
            "cv": KFold(5, shuffle=True, random_state=0),
        },
        "11 firms x 20 years, firms declared as groups but shuffled K-fold: the firm's "
        "other years teach its investment level.",
    )


@case
def leak_wage_worker_id_column():
    data = _wage_panel()
    X = _wage_honest(data)
    X.insert(0, "worker_id", data["nr"].to_numpy())
    return Case(
        "leak_wage_worker_id_column",
        "linearmodels wage_panel",
        ("group",),
        X,
        data["lwage"],
        {},
        "The panel with the worker number kept as a column 'worker_id' and no groups "
        "given: 8 rows per worker, split across folds by the default validation.",
        acceptable=("identifier",),
    )


@case
def leak_wine_lab_replicates():
    X0, y0 = _copy(_wine)
    rng = np.random.default_rng(501)
    reps = np.repeat(np.arange(len(y0)), 3)
    X = X0.iloc[reps].reset_index(drop=True)
    X = X + rng.normal(0, 0.05, X.shape) * X0.std().to_numpy()
    y = y0.iloc[reps].reset_index(drop=True)
    return Case(
        "leak_wine_lab_replicates",
        "sklearn wine",
        ("group",),
        X,
        y,
        {"groups": reps, "cv": StratifiedKFold(5, shuffle=True, random_state=0)},
        "Each wine analysed in triplicate (5% measurement noise), samples declared as "
        "groups but validated with stratified shuffled K-fold.",
        acceptable=("duplicate",),
    )


@case
def leak_bc_repeat_scans_patient_column():
    X0, y0 = _copy(_breast_cancer)
    rng = np.random.default_rng(502)
    n_scans = rng.integers(2, 5, len(y0))
    reps = np.repeat(np.arange(len(y0)), n_scans)
    X = X0.iloc[reps].reset_index(drop=True)
    X = X * np.exp(rng.normal(0, 0.08, X.shape))
    X.insert(0, "patient_id", 10_000 + reps)
    y = y0.iloc[reps].reset_index(drop=True)
    return Case(
        "leak_bc_repeat_scans_patient_column",
        "sklearn breast_cancer",
        ("group",),
        X,
        y,
        {},
        "2-4 scans per patient (8% measurement noise), a 'patient_id' column present "
        "but no groups given: the default stratified folds split patients.",
        acceptable=("identifier", "duplicate"),
    )


@case
def leak_diabetes_visits_groups_given():
    X0, y0 = _copy(_diabetes)
    rng = np.random.default_rng(503)
    reps = np.repeat(np.arange(len(y0)), 3)
    visit = np.tile(np.arange(3), len(y0))
    X = X0.iloc[reps].reset_index(drop=True)
    X = X + rng.normal(0, 0.3, X.shape) * X0.std().to_numpy()
    X["age"] = X0["age"].iloc[reps].to_numpy() + visit * 0.002
    X["sex"] = X0["sex"].iloc[reps].to_numpy()
    y = y0.iloc[reps].reset_index(drop=True) + rng.normal(0, 15, len(reps)) + 5 * visit
    return Case(
        "leak_diabetes_visits_groups_given",
        "sklearn diabetes",
        ("group",),
        X,
        y.rename("progression"),
        {"groups": reps, "cv": KFold(5, shuffle=True, random_state=0)},
        "Three yearly visits per patient with noisy re-measurements and a drifting "
        "score, patients declared as groups but shuffled K-fold.",
    )


# ======================================================================================
# 6. Duplicates and oversampling (duplicate)


def _oversample(X, y, minority, rng):
    idx_min = np.flatnonzero(y.to_numpy() == minority)
    need = int((y != minority).sum() - len(idx_min))
    extra = rng.choice(idx_min, need, replace=True)
    order = np.concatenate([np.arange(len(y)), extra])
    return X.iloc[order].reset_index(drop=True), y.iloc[order].reset_index(drop=True)


@case
def leak_fair_oversampled_minority():
    X0, y0 = _copy(_fair)
    X, y = _oversample(X0, y0, 1, np.random.default_rng(601))
    return Case(
        "leak_fair_oversampled_minority",
        "statsmodels fair",
        ("duplicate",),
        X,
        y,
        {},
        "Random oversampling of the affairs class to balance (2,260 copied rows) "
        "before the split, on data that already has natural repeats.",
    )


@case
def leak_bc_oversampled_minority():
    X0, y0 = _copy(_breast_cancer)
    X, y = _oversample(X0, y0, 1, np.random.default_rng(602))
    return Case(
        "leak_bc_oversampled_minority",
        "sklearn breast_cancer",
        ("duplicate",),
        X,
        y,
        {},
        "Random oversampling of the malignant class to balance (145 copies) before "
        "cross-validation.",
    )


@case
def leak_wine_jittered_copies():
    X0, y0 = _copy(_wine)
    rng = np.random.default_rng(603)
    copies = rng.choice(len(y0), int(0.3 * len(y0)), replace=False)
    jitter = X0.iloc[copies] * (1 + rng.normal(0, 1e-4, (len(copies), X0.shape[1])))
    X = pd.concat([X0, jitter], ignore_index=True)
    y = pd.concat([y0, y0.iloc[copies]], ignore_index=True)
    return Case(
        "leak_wine_jittered_copies",
        "sklearn wine",
        ("duplicate",),
        X,
        y,
        {},
        "30% of the wines copied with 0.01% multiplicative jitter (an 'augmentation' "
        "step): near-duplicates that no exact hash matches.",
    )


@case
def leak_digits_smote_like():
    from sklearn.neighbors import NearestNeighbors

    X0, digit = _copy(_digits)
    y0 = (digit == 8).astype(int).rename("is_eight")
    rng = np.random.default_rng(604)
    pos = X0.to_numpy(float)[y0.to_numpy() == 1]
    nn = NearestNeighbors(n_neighbors=6).fit(pos)
    _, neighbours = nn.kneighbors(pos)
    need = int((y0 == 0).sum() - len(pos))
    base = rng.integers(0, len(pos), need)
    other = neighbours[base, rng.integers(1, 6, need)]
    lam = rng.random((need, 1))
    synthetic = pos[base] + lam * (pos[other] - pos[base])
    X = pd.concat([X0, pd.DataFrame(synthetic, columns=X0.columns)], ignore_index=True)
    y = pd.concat(
        [y0, pd.Series(np.ones(need, dtype=int), name="is_eight")], ignore_index=True
    )
    return Case(
        "leak_digits_smote_like",
        "sklearn digits",
        ("duplicate",),
        X,
        y,
        {},
        "SMOTE-style interpolation between 5 nearest eights to balance 'is it an 8' "
        "(1,437 synthetic rows) before the split: test rows sit between training rows.",
    )


@case
def leak_star98_bootstrap_augmented():
    X0, y0 = _copy(_star98)
    rng = np.random.default_rng(605)
    order = np.concatenate([np.arange(len(y0)), rng.integers(0, len(y0), 300)])
    return Case(
        "leak_star98_bootstrap_augmented",
        "statsmodels star98",
        ("duplicate",),
        X0.iloc[order].reset_index(drop=True),
        y0.iloc[order].reset_index(drop=True),
        {},
        "A small data set (303 districts) 'augmented' with 300 bootstrap draws before "
        "cross-validation.",
    )


@case
def leak_iris_doubled_by_join():
    X0, y0 = _copy(_iris)
    order = np.tile(np.arange(len(y0)), 2)
    return Case(
        "leak_iris_doubled_by_join",
        "sklearn iris",
        ("duplicate",),
        X0.iloc[order].reset_index(drop=True),
        y0.iloc[order].reset_index(drop=True),
        {},
        "Every row twice, from a many-to-one join on a key with two matching rows.",
    )


# ======================================================================================
# 7. Pre-processing fitted on all rows (preprocessing)

PREPROCESSING = ("preprocessing",)


@case
def leak_bc_standard_scaled_all():
    X0, y = _copy(_breast_cancer)
    X = pd.DataFrame(StandardScaler().fit_transform(X0), columns=X0.columns)
    return Case(
        "leak_bc_standard_scaled_all",
        "sklearn breast_cancer",
        PREPROCESSING,
        X,
        y,
        {},
        "StandardScaler fitted on all 569 rows before cross-validation (the most "
        "common notebook leak; it rarely moves scores).",
        leak_columns=tuple(X.columns),
    )


@case
def leak_wine_minmax_all():
    X0, y = _copy(_wine)
    X = pd.DataFrame(MinMaxScaler().fit_transform(X0), columns=X0.columns)
    return Case(
        "leak_wine_minmax_all",
        "sklearn wine",
        PREPROCESSING,
        X,
        y,
        {},
        "MinMaxScaler fitted on all rows before the split.",
        leak_columns=tuple(X.columns),
    )


@case
def leak_star98_mean_imputed_all():
    X, y = _copy(_star98)
    rng = np.random.default_rng(703)
    columns = ["LOWINC", "PERMINTE", "AVYRSEXP", "AVSALK", "PTRATIO"]
    for column in columns:
        missing = rng.random(len(y)) < 0.12
        X.loc[missing, column] = np.nan
        X[column] = X[column].fillna(X[column].mean())
    return Case(
        "leak_star98_mean_imputed_all",
        "statsmodels star98",
        PREPROCESSING,
        X,
        y,
        {},
        "12% of five district columns missing, filled with the all-row mean before "
        "cross-validation.",
        leak_columns=tuple(columns),
    )


@case
def leak_anes96_age_target_encoded():
    X, y = _copy(_anes96)
    X["age_vote_rate"] = y.groupby(X["age"]).transform("mean")
    X = X.drop(columns=["age"])
    return Case(
        "leak_anes96_age_target_encoded",
        "statsmodels anes96",
        PREPROCESSING,
        X,
        y,
        {},
        "Age (72 levels, ~13 respondents each) target-encoded with the mean vote of "
        "all rows, the respondent's own vote included.",
        leak_columns=("age_vote_rate",),
        acceptable=("target_proxy",),
    )


def _select_on_all(X, y, n_noise, k, score, seed):
    rng = np.random.default_rng(seed)
    noise = pd.DataFrame(
        rng.normal(size=(len(y), n_noise)),
        columns=[f"probe_{i:04d}" for i in range(n_noise)],
    )
    wide = pd.concat([X.reset_index(drop=True), noise], axis=1)
    selector = SelectKBest(score, k=k).fit(wide, y)
    return wide.loc[:, selector.get_support()]


@case
def leak_diabetes_selectkbest_noise():
    X0, y = _copy(_diabetes)
    X = _select_on_all(X0, y, 3000, 30, f_regression, 704)
    return Case(
        "leak_diabetes_selectkbest_noise",
        "sklearn diabetes",
        PREPROCESSING,
        X,
        y,
        {},
        "10 clinical columns plus 3,000 uninformative assay probes, SelectKBest(k=30) "
        "on all rows: the chosen probes correlate with y by chance on these rows.",
        notes="L1.3: no signature in the data, documented as out of the audit's reach",
    )


@case
def leak_fair_selectkbest_noise():
    X0, y0 = _copy(_fair)
    rng = np.random.default_rng(705)
    rows = np.sort(rng.choice(len(y0), 600, replace=False))
    X0 = X0.iloc[rows].reset_index(drop=True)
    y = y0.iloc[rows].reset_index(drop=True)
    X = _select_on_all(X0, y, 3000, 25, f_classif, 706)
    return Case(
        "leak_fair_selectkbest_noise",
        "statsmodels fair",
        PREPROCESSING,
        X,
        y,
        {},
        "600 survey rows with 3,000 free-text indicator scores, SelectKBest(k=25) on "
        "all rows before cross-validation.",
        notes="L1.3: no signature in the data, documented as out of the audit's reach",
    )


# ======================================================================================
# Clean controls: the data as they ship, with a careful validation.

CLEAN = ()


@case
def clean_breast_cancer():
    X, y = _copy(_breast_cancer)
    return Case(
        "clean_breast_cancer",
        "sklearn breast_cancer",
        CLEAN,
        X,
        y,
        {},
        "All 30 honest features, default stratified folds.",
    )


@case
def clean_bc_worst_radius_few():
    X, y = _copy(_breast_cancer)
    X = X[["worst radius", "mean texture", "mean smoothness", "mean symmetry"]]
    return Case(
        "clean_bc_worst_radius_few",
        "sklearn breast_cancer",
        CLEAN,
        X,
        y,
        {},
        "A strong honest feature (worst radius, ROC AUC ~0.97) next to three "
        "weaker ones that cannot match it.",
    )


@case
def clean_wine():
    X, y = _copy(_wine)
    return Case(
        "clean_wine",
        "sklearn wine",
        CLEAN,
        X,
        y,
        {},
        "Three cultivars, 13 chemical measurements, default folds.",
    )


@case
def clean_diabetes():
    X, y = _copy(_diabetes)
    return Case(
        "clean_diabetes",
        "sklearn diabetes",
        CLEAN,
        X,
        y,
        {},
        "As shipped (features centred and scaled on all rows by the "
        "publisher: low at most).",
    )


@case
def clean_digits():
    X, y = _copy(_digits)
    return Case(
        "clean_digits",
        "sklearn digits",
        CLEAN,
        X,
        y,
        {},
        "10 classes, 64 integer pixel counts, default folds.",
    )


@case
def clean_iris():
    X, y = _copy(_iris)
    return Case(
        "clean_iris",
        "sklearn iris",
        CLEAN,
        X,
        y,
        {},
        "150 flowers; a strong single feature (petal width) and one natural "
        "duplicate pair.",
    )


@case
def clean_fair():
    X, y = _copy(_fair)
    return Case(
        "clean_fair",
        "statsmodels fair",
        CLEAN,
        X,
        y,
        {},
        "Survey of discrete answers: 24% of rows are natural repeats.",
    )


@case
def clean_star98():
    X, y = _copy(_star98)
    return Case(
        "clean_star98",
        "statsmodels star98",
        CLEAN,
        X,
        y,
        {},
        "District covariates and their published interaction columns.",
    )


@case
def clean_anes96():
    X, y = _copy(_anes96)
    return Case(
        "clean_anes96",
        "statsmodels anes96",
        CLEAN,
        X,
        y,
        {},
        "Pre-election answers; party ID and placements are strong honest "
        "predictors of the vote.",
    )


@case
def clean_randhie():
    X, y = _copy(_randhie)
    return Case(
        "clean_randhie",
        "statsmodels randhie",
        CLEAN,
        X,
        y,
        {},
        "10,000 sampled rows of a discrete-heavy insurance experiment; over "
        "half the rows repeat another row by chance.",
    )


@case
def clean_grunfeld_groups():
    data = _grunfeld()
    return Case(
        "clean_grunfeld_groups",
        "statsmodels grunfeld",
        CLEAN,
        _grunfeld_honest(data),
        data["invest"].rename("invest"),
        {"groups": data["firm"].to_numpy()},
        "Firm panel validated grouped by firm (the default with groups).",
    )


@case
def clean_grunfeld_groups_times():
    data = _grunfeld()
    return Case(
        "clean_grunfeld_groups_times",
        "statsmodels grunfeld",
        CLEAN,
        _grunfeld_honest(data),
        data["invest"].rename("invest"),
        {"groups": data["firm"].to_numpy(), "times": data["year"]},
        "The same panel with both firms and years declared, as a careful user "
        "of a panel would.",
    )


@case
def clean_wage_panel_groups():
    data = _wage_panel()
    return Case(
        "clean_wage_panel_groups",
        "linearmodels wage_panel",
        CLEAN,
        _wage_honest(data),
        data["lwage"],
        {"groups": data["nr"].to_numpy()},
        "Integer panel grouped by worker; different workers share identical "
        "rows naturally (same year, schooling, status).",
    )


@case
def clean_sunspots_lags():
    data = _sunspots()
    X = _sunspot_lags(data)
    keep = X.notna().all(axis=1).to_numpy()
    return Case(
        "clean_sunspots_lags",
        "statsmodels sunspots",
        CLEAN,
        X[keep].reset_index(drop=True),
        data["SUNACTIVITY"][keep].reset_index(drop=True),
        {"times": data["YEAR"][keep].reset_index(drop=True)},
        "Lags 1, 2 and 11 years, times given (default purged folds).",
    )


@case
def clean_co2_next_week_tss():
    data, co2, week, X = _co2_frame()
    y = (co2.shift(-1) - co2).rename("change_next_week")
    keep = (X.notna().all(axis=1) & y.notna()).to_numpy()
    times = week[keep].reset_index(drop=True)
    return Case(
        "clean_co2_next_week_tss",
        "statsmodels co2",
        CLEAN,
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        {
            "times": times,
            "end_times": times + pd.Timedelta(weeks=1),
            "cv": TimeSeriesSplit(5),
        },
        "Next week's change, a label ending exactly at the next period, "
        "validated by TimeSeriesSplit (training labels touch the test start).",
    )


@case
def clean_macrodata_lags():
    data = _macrodata()
    X = _macro_growth_features(data).shift(1).add_suffix("_prev")
    y = (400 * np.log(data["realgdp"]).diff()).rename("gdp_growth")
    keep = (X.notna().all(axis=1) & y.notna()).to_numpy()
    return Case(
        "clean_macrodata_lags",
        "statsmodels macrodata",
        CLEAN,
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        {"times": _quarterly(data)[keep].reset_index(drop=True)},
        "This quarter's GDP growth from last quarter's indicators, times given.",
    )


@case
def clean_elnino_monthly_lags():
    data = _elnino_monthly()
    sst = data["sst"]
    X = pd.DataFrame(
        {
            "sst_lag1": sst.shift(1),
            "sst_lag2": sst.shift(2),
            "sst_lag12": sst.shift(12),
            "month": data["date"].dt.month,
        }
    )
    keep = X.notna().all(axis=1).to_numpy()
    return Case(
        "clean_elnino_monthly_lags",
        "statsmodels elnino",
        CLEAN,
        X[keep].reset_index(drop=True),
        sst[keep].reset_index(drop=True),
        {"times": data["date"][keep].reset_index(drop=True)},
        "Monthly sea-surface temperature from its lags and the month, times "
        "given (a strongly autocorrelated series).",
    )


# ======================================================================================
# Extra cases: aggregates of the target on other data and at other strengths, with
# clean near-misses (honest group attributes). They check that the aggregate check
# generalises beyond the cases above; run them with ``--extra``.

EXTRA_CASES = {}


def extra_case(function):
    """Register an extra case builder under its function name."""
    EXTRA_CASES[function.__name__] = function
    return function


def _linearmodels(name):
    _quiet()
    from importlib import import_module

    return import_module(f"linearmodels.datasets.{name}").load()


@cache
def _munnell():
    data = _linearmodels("munnell").sort_values(["YR", "STATE"])
    return data.reset_index(drop=True)


def _munnell_honest(data):
    return data[["YR", "P_CAP", "HWY", "WATER", "UTIL", "EMP", "UNEMP"]].copy()


@extra_case
def leak_munnell_state_gsp_share():
    data = _munnell()
    X = _munnell_honest(data)
    total = data.groupby("STATE")["GSP"].transform("sum")
    X["state_gsp_share_pct"] = (100 * total / data["GSP"].sum()).round(2)
    return Case(
        "leak_munnell_state_gsp_share",
        "linearmodels munnell",
        AGGREGATE,
        X,
        data["GSP"].rename("gsp"),
        {"groups": data["STATE"].to_numpy()},
        "A state's share (%, 2 decimals) of the national output over the 17 years, "
        "a per-entity total of the target, 17 rows per state, grouped validation.",
        leak_columns=("state_gsp_share_pct",),
        acceptable=("group",),
    )


@extra_case
def clean_munnell_state_mean_capital():
    data = _munnell()
    X = _munnell_honest(data)
    X["state_mean_private_capital"] = data.groupby("STATE")["PC"].transform("mean")
    return Case(
        "clean_munnell_state_mean_capital",
        "linearmodels munnell",
        CLEAN,
        X,
        data["GSP"].rename("gsp"),
        {"groups": data["STATE"].to_numpy()},
        "A state's mean private capital over all years (an aggregate of a feature "
        "that tracks output closely) and the year of a balanced panel.",
    )


@cache
def _jobtraining():
    data = _linearmodels("jobtraining")
    data = data[data["lscrap"].notna()].sort_values(["year", "fcode"])
    return data.reset_index(drop=True)


def _jobtraining_honest(data):
    return data[["year", "lemploy", "lsales", "union", "grant", "hrsemp"]].copy()


@extra_case
def leak_jobtraining_firm_scrap_rank():
    data = _jobtraining()
    X = _jobtraining_honest(data)
    mean = data.groupby("fcode")["lscrap"].transform("mean")
    X["firm_scrap_rank"] = mean.rank(method="dense").astype(int)
    return Case(
        "leak_jobtraining_firm_scrap_rank",
        "linearmodels jobtraining",
        AGGREGATE,
        X,
        data["lscrap"],
        {"groups": data["fcode"].to_numpy()},
        "The firm's rank by its mean log scrap rate over its 3 years: a rank "
        "transformation of a per-entity target mean, grouped validation.",
        leak_columns=("firm_scrap_rank",),
        acceptable=("group",),
    )


@extra_case
def clean_jobtraining_firm_size():
    data = _jobtraining()
    X = _jobtraining_honest(data)
    X["firm_mean_employment"] = data.groupby("fcode")["employ"].transform("mean")
    return Case(
        "clean_jobtraining_firm_size",
        "linearmodels jobtraining",
        CLEAN,
        X,
        data["lscrap"],
        {"groups": data["fcode"].to_numpy()},
        "A firm's mean employment over its years: an honest group attribute, "
        "constant within the firm.",
    )


@cache
def _card():
    data = _linearmodels("card")
    return data.drop(columns=["id"]).reset_index(drop=True)


def _card_honest(data):
    columns = ["nearc4", "educ", "age", "black", "smsa", "south", "married", "exper"]
    return data[columns].copy()


def _card_cell(data):
    return data["educ"] * 100 + data["age"]


@extra_case
def leak_card_cell_high_earner_count():
    data = _card()
    X = _card_honest(data)
    y = (data["lwage"] > data["lwage"].median()).astype(int).rename("high_wage")
    X["peers_high_wage_count"] = y.groupby(_card_cell(data)).transform("sum")
    return Case(
        "leak_card_cell_high_earner_count",
        "linearmodels card",
        AGGREGATE,
        X,
        y,
        {},
        "The number of high earners among men of the same schooling and age "
        "(about 20 rows per cell), counted on all rows: a per-cell total of a "
        "binary target. A known miss: cells with equal counts share a value, so "
        "the rows sharing a value no longer form one cell.",
        leak_columns=("peers_high_wage_count",),
    )


@extra_case
def clean_card_external_cell_rate():
    data = _card()
    rng = np.random.default_rng(0)
    external = rng.random(len(data)) < 0.5
    y = (data["lwage"] > data["lwage"].median()).astype(int).rename("high_wage")
    cell = _card_cell(data)
    prior = y[external].groupby(cell[external]).mean()
    X = _card_honest(data)
    X["cell_rate_other_sample"] = cell.map(prior)
    keep = ~external
    return Case(
        "clean_card_external_cell_rate",
        "linearmodels card",
        CLEAN,
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        {},
        "The high-earner rate of the same schooling-and-age cell, computed on "
        "another sample (a published prior): it follows the cells' true rates.",
    )


@extra_case
def leak_randhie_disease_count_mean_z():
    X, y = _copy(_randhie)
    mean = y.groupby(X["disea"].round(0)).transform("mean")
    X["disease_burden_score"] = ((mean - mean.mean()) / mean.std()).round(3)
    return Case(
        "leak_randhie_disease_count_mean_z",
        "statsmodels randhie",
        AGGREGATE,
        X,
        y,
        {},
        "Mean log visits per chronic-disease count (hundreds of rows per level), "
        "standardised and rounded: large groups, a weak but exact aggregate.",
        leak_columns=("disease_burden_score",),
    )


@extra_case
def leak_digits_cell_zero_share():
    X, y = _copy(_digits)
    coarse = X[["pixel_3_3", "pixel_4_4", "pixel_2_5"]] // 4
    cell = coarse["pixel_3_3"] * 100 + coarse["pixel_4_4"] * 10 + coarse["pixel_2_5"]
    X["cell_share_of_zeros"] = (y == 0).groupby(cell).transform("mean").round(2)
    return Case(
        "leak_digits_cell_zero_share",
        "sklearn digits",
        AGGREGATE,
        X,
        y,
        {},
        "Share of zeros among images with the same coarse values of three "
        "pixels, on all rows: a one-vs-rest rate of a 10-class target.",
        leak_columns=("cell_share_of_zeros",),
    )


# --------------------------------------------------------------------------------------
# More extra cases: other data sets and strengths than the catalogue above, to
# check that the temporal (look-ahead, label contact, panel default) and preprocessing
# (scaling, imputation, selection) signals generalise rather than fit the cases they
# were developed on. Run them with ``bench_audit_catalogue.py --extra``.


@cache
def _french():
    from linearmodels.datasets import french

    data = french.load()
    data["dates"] = pd.to_datetime(data["dates"])
    return data.sort_values("dates").reset_index(drop=True)


@cache
def _munnell_by_state():
    from linearmodels.datasets import munnell

    data = munnell.load().sort_values(["YR", "STATE"]).reset_index(drop=True)
    data["STATE"] = data["STATE"].astype(str)
    return data


@cache
def _mroz():
    from linearmodels.datasets import mroz

    data = mroz.load()
    y = data.pop("inlf").rename("in_labour_force")
    # Columns known only for women in the labour force describe the outcome.
    X = data.drop(columns=["hours", "wage", "lwage", "repwage"])
    return X, y


def _keep_complete(X, y, times, groups=None, **kwargs):
    """Rows with every feature and the target; the audit's keyword arguments
    (times, groups of those rows; callables of the kept times; other values)."""
    keep = (X.notna().all(axis=1) & y.notna()).to_numpy()
    kept_times = times[keep].reset_index(drop=True)
    out = {"times": kept_times}
    if groups is not None:
        out["groups"] = np.asarray(groups)[keep]
    for key, value in kwargs.items():
        out[key] = value(kept_times) if callable(value) else value
    return X[keep].reset_index(drop=True), y[keep].reset_index(drop=True), out


def _time_case(name, dataset, expected, X, y, times, description, **options):
    """A case on time-ordered rows, keeping the complete ones: ``options`` are
    ``leak_columns``, ``groups`` and the audit's keyword arguments."""
    leak_columns = options.pop("leak_columns", ())
    X, y, kwargs = _keep_complete(X, y, times, **options)
    return Case(
        name, dataset, expected, X, y, kwargs, description, leak_columns=leak_columns
    )


LOOK_AHEAD = ("temporal", "target_proxy")


def _french_frame():
    data = _french()
    market = data["MktRF"]
    X = pd.DataFrame(
        {
            "market_prev": market.shift(1),
            "size_prev": data["SMB"].shift(1),
            "value_prev": data["HML"].shift(1),
            "momentum_prev": data["Mom"].shift(1),
        }
    )
    return X, market.rename("market"), data["dates"]


@extra_case
def extra_leak_french_centred_market():
    X, y, times = _french_frame()
    X["market_smoothed_3m"] = y.rolling(3, center=True).mean()
    return _time_case(
        "extra_leak_french_centred_market",
        "linearmodels french",
        LOOK_AHEAD,
        X,
        y,
        times,
        "Monthly market excess return (nearly unpredictable) with a centred 3-month "
        "average of it among lagged factors.",
        leak_columns=("market_smoothed_3m",),
    )


@extra_case
def extra_clean_french_lags():
    X, y, times = _french_frame()
    X["market_trailing_12m"] = y.rolling(12).mean().shift(1)
    return _time_case(
        "extra_clean_french_lags",
        "linearmodels french",
        CLEAN,
        X,
        y,
        times,
        "The same target from last month's factors and a trailing 12-month mean.",
    )


@extra_case
def extra_leak_nile_forward_mean():
    data = _sm("nile")
    flow = data["volume"].rename("flow")
    X = pd.DataFrame({"flow_prev": flow.shift(1), "flow_prev2": flow.shift(2)})
    X["flow_next_3y_mean"] = flow.rolling(3).mean().shift(-2)
    return _time_case(
        "extra_leak_nile_forward_mean",
        "statsmodels nile",
        LOOK_AHEAD,
        X,
        flow,
        pd.Series(pd.to_datetime(data["year"].astype(int).astype(str))),
        "A century of yearly Nile flow with a 3-year window misaligned forward "
        "(rolling(3).mean().shift(-2)): few rows, a weak series.",
        leak_columns=("flow_next_3y_mean",),
    )


def _inflation_case(name, expected, gap, description, leak_columns=()):
    """Next quarter's change in inflation from lags and ``gap(inflation)``, labels
    ending at the next quarter, validated by TimeSeriesSplit."""
    data = _macrodata()
    infl = data["infl"]
    X = pd.DataFrame(
        {
            "infl_prev": infl.shift(1),
            "infl_prev2": infl.shift(2),
            "unemp_prev": data["unemp"].shift(1),
            "tbilrate_prev": data["tbilrate"].shift(1),
        }
    )
    gap_name, gap_of = gap
    X[gap_name] = gap_of(infl)
    return _time_case(
        name,
        "statsmodels macrodata",
        expected,
        X,
        (infl.shift(-1) - infl).rename("infl_change_next_q"),
        _quarterly(data),
        description,
        end_times=lambda t: t + pd.DateOffset(months=3),
        cv=TimeSeriesSplit(5),
        leak_columns=leak_columns,
    )


def _hp_gap(series):
    _quiet()
    from statsmodels.tsa.filters.hp_filter import hpfilter

    return series - hpfilter(series, lamb=1600)[1]


@extra_case
def extra_leak_macro_inflation_two_sided_hp():
    return _inflation_case(
        "extra_leak_macro_inflation_two_sided_hp",
        LOOK_AHEAD,
        ("infl_gap_hp", _hp_gap),
        "Next quarter's change in inflation with the inflation gap to a two-sided "
        "HP trend, labels ending at the next quarter, TimeSeriesSplit.",
        leak_columns=("infl_gap_hp",),
    )


@extra_case
def extra_clean_macro_inflation_tss():
    return _inflation_case(
        "extra_clean_macro_inflation_tss",
        CLEAN,
        ("infl_gap_trailing", lambda infl: infl - infl.rolling(8).mean()),
        "The same with the gap to a trailing 2-year mean; labels touch the next "
        "test block (reported low).",
    )


def _munnell_case(name, expected, features, description, leak_columns=()):
    """State unemployment (48 states, 17 years) from per-state lags, with
    ``features(X, unemp, state, data)`` applied; groups and years declared."""
    data = _munnell_by_state()
    state = data["STATE"]
    unemp = data["UNEMP"].rename("unemp")

    def growth_prev(column):
        return np.log(data[column]).groupby(state).diff().groupby(state).shift(1)

    X = pd.DataFrame(
        {
            "unemp_prev": unemp.groupby(state).shift(1),
            "unemp_prev2": unemp.groupby(state).shift(2),
            "gsp_growth_prev": growth_prev("GSP"),
            "emp_growth_prev": growth_prev("EMP"),
        }
    )
    return _time_case(
        name,
        "linearmodels munnell",
        expected,
        features(X, unemp, state, data),
        unemp,
        pd.Series(pd.to_datetime(data["YR"].astype(str))),
        description,
        groups=state,
        leak_columns=leak_columns,
    )


def _per_state(unemp, state, window):
    return unemp.groupby(state).transform(window)


@extra_case
def extra_leak_munnell_panel_forward_mean():
    return _munnell_case(
        "extra_leak_munnell_panel_forward_mean",
        LOOK_AHEAD,
        lambda X, unemp, state, data: X.assign(
            unemp_next_2y_mean=_per_state(
                unemp, state, lambda s: s.rolling(2).mean().shift(-1)
            )
        ),
        "State unemployment with a per-state window over this year and the next.",
        leak_columns=("unemp_next_2y_mean",),
    )


@extra_case
def extra_clean_munnell_panel_lags():
    return _munnell_case(
        "extra_clean_munnell_panel_lags",
        CLEAN,
        lambda X, unemp, state, data: X.assign(
            unemp_trailing_3y=_per_state(
                unemp, state, lambda s: s.rolling(3).mean().shift(1)
            )
        ),
        "Per-state lags and a trailing 3-year mean; every state is in every year, "
        "so the default folds keep states on both sides.",
    )


def _standardised_within_years(X, unemp, state, data):
    # Cross-sectional z-scores within each year: every year is standardised on its
    # own rows, which time-ordered folds keep whole.
    by_year = X.groupby(data["YR"])
    return (X - by_year.transform("mean")) / by_year.transform(lambda c: c.std(ddof=0))


@extra_case
def extra_clean_munnell_zscored_by_year():
    return _munnell_case(
        "extra_clean_munnell_zscored_by_year",
        CLEAN,
        _standardised_within_years,
        "Per-state lags standardised across states within each year (mean 0 and "
        "std 1 over all rows too), validated by time: no split mixes a year.",
    )


@extra_case
def extra_leak_co2_monthly_next_change_centred():
    data = _co2().set_index("week")["co2"].resample("MS").mean()
    change = data.diff()
    months = pd.Series(data.index)
    X = pd.DataFrame(
        {
            "change": change.to_numpy(),
            "change_prev": change.shift(1).to_numpy(),
            "change_year_ago": change.shift(11).to_numpy(),
            "season_sin": np.sin(2 * np.pi * months.dt.month / 12).to_numpy(),
            "season_cos": np.cos(2 * np.pi * months.dt.month / 12).to_numpy(),
            "level_vs_centred_5m": (
                data - data.rolling(5, center=True).mean()
            ).to_numpy(),
        }
    )
    return _time_case(
        "extra_leak_co2_monthly_next_change_centred",
        "statsmodels co2",
        LOOK_AHEAD,
        X,
        pd.Series((data.shift(-1) - data).to_numpy(), name="change_next_month"),
        months,
        "Next month's CO2 change; the level's deviation from a centred 5-month mean "
        "among lags and calendar terms.",
        end_times=lambda t: t + pd.DateOffset(months=1),
        leak_columns=("level_vs_centred_5m",),
    )


def _scaled_on_all_rows(name, dataset, loader, columns, scaler, description):
    """A case whose ``columns`` (a function of ``X``) ``scaler`` fits on all rows."""
    X, y = _copy(loader)
    chosen = columns(X)
    X[chosen] = scaler.fit_transform(X[chosen])
    return Case(
        name, dataset, PREPROCESSING, X, y, {}, description, leak_columns=tuple(chosen)
    )


@extra_case
def extra_leak_randhie_standard_scaled():
    return _scaled_on_all_rows(
        "extra_leak_randhie_standard_scaled",
        "statsmodels randhie",
        _randhie,
        lambda X: [c for c in X.columns if X[c].nunique() > 10],
        StandardScaler(),
        "StandardScaler fitted on all 10,000 rows of the continuous columns.",
    )


@extra_case
def extra_leak_mroz_minmax():
    return _scaled_on_all_rows(
        "extra_leak_mroz_minmax",
        "linearmodels mroz",
        _mroz,
        lambda X: ["huswage", "mtr", "nwifeinc", "faminc"],
        MinMaxScaler(),
        "MinMaxScaler on four income columns, fitted on all 753 rows.",
    )


@extra_case
def extra_leak_mroz_median_imputed():
    X, y = _copy(_mroz)
    rng = np.random.default_rng(801)
    columns = ["huswage", "nwifeinc"]
    for column in columns:
        missing = rng.random(len(y)) < 0.15
        X[column] = X[column].mask(missing)
        X[column] = X[column].fillna(X[column].median())
    return Case(
        "extra_leak_mroz_median_imputed",
        "linearmodels mroz",
        PREPROCESSING,
        X,
        y,
        {},
        "15% of two income columns missing, filled with the all-row median.",
        leak_columns=tuple(columns),
    )


@extra_case
def extra_leak_mroz_selectkbest_noise():
    X0, y = _copy(_mroz)
    X = _select_on_all(X0, y, 2000, 30, f_classif, 802)
    return Case(
        "extra_leak_mroz_selectkbest_noise",
        "linearmodels mroz",
        PREPROCESSING,
        X,
        y,
        {},
        "Survey columns plus 2,000 unrelated scores, SelectKBest(k=30) on all rows.",
    )


@extra_case
def extra_leak_randhie_selectkbest_noise():
    X0, y = _copy(_randhie)
    rows = np.random.default_rng(803).choice(len(y), 1500, replace=False)
    X = _select_on_all(
        X0.iloc[rows], y.iloc[rows].reset_index(drop=True), 800, 40, f_regression, 804
    )
    return Case(
        "extra_leak_randhie_selectkbest_noise",
        "statsmodels randhie",
        PREPROCESSING,
        X,
        y.iloc[rows].reset_index(drop=True),
        {},
        "1,500 insurance rows, 800 unrelated columns, SelectKBest(k=40): a milder "
        "cut (5% of the noise kept).",
    )


@extra_case
def extra_clean_mroz():
    X, y = _copy(_mroz)
    return Case(
        "extra_clean_mroz",
        "linearmodels mroz",
        CLEAN,
        X,
        y,
        {},
        "Labour-force participation from family and income columns, as shipped.",
    )
