"""Extra cases for post-outcome columns, on data sets the main catalogue does not use.

The ``target_proxy`` signals (marginal skill, outcome dependence, one-sided fill
patterns, rows at prediction time) were designed on ``audit_catalogue.py``; these
cases check that they carry over to other real data sets and other strengths. They
ship with linearmodels (``linearmodels.datasets``) and scikit-learn; nothing is
downloaded. Two are real leaks as the data ship (Mroz's hours and wage exist only
for women in the labour force), the others are planted like the main catalogue's.

Run them with ``python benchmarks/bench_audit_catalogue.py --extra``.
"""

import importlib
import warnings
from functools import cache

import numpy as np
from audit_catalogue import Case, _copy, _noise_for_r2, _wine

EXTRA_CASES = {}


def extra_case(function):
    """Register an extra case builder under its function name."""
    EXTRA_CASES[function.__name__] = function
    return function


@cache
def _linearmodels(name):
    warnings.filterwarnings("ignore", category=FutureWarning)
    return importlib.import_module(f"linearmodels.datasets.{name}").load()


# Honest columns, known before the outcome.
_MROZ = [
    "kidslt6",
    "kidsge6",
    "age",
    "educ",
    "hushrs",
    "husage",
    "huseduc",
    "huswage",
    "motheduc",
    "fatheduc",
    "unem",
    "city",
    "exper",
    "nwifeinc",
]


def _mroz():
    data = _linearmodels("mroz")
    return data, data[_MROZ].copy(), data["inlf"].rename("in_labour_force")


def _wage():
    data = _linearmodels("wage")
    return data.drop(columns=["wage", "lwage"]), data["lwage"].rename("log_wage")


def _card():
    data = _linearmodels("card")
    return data.drop(columns=["id", "wage", "lwage"]), data["lwage"].rename("lwage")


def _meps():
    data = _linearmodels("meps")
    X = data.drop(columns=["drugexp", "ldrugexp"])
    return data, X, data["ldrugexp"].rename("log_drug_spending")


def _birthweight():
    data = _linearmodels("birthweight")
    data.columns = [c.strip() for c in data.columns]
    X = data.drop(columns=["bwght", "lbwght", "bwghtlbs"])
    return X, data["bwght"].rename("birth_weight_oz")


# ======================================================================================
# Post-outcome columns (target_proxy)


@extra_case
def leak_mroz_hours_worked():
    data, X, y = _mroz()
    X["hours"] = data["hours"]
    return Case(
        "leak_mroz_hours_worked",
        "linearmodels mroz",
        ("target_proxy",),
        X,
        y,
        {},
        "Hours worked in 1975 kept next to the 1975 participation they define: "
        "0 for every woman out of the labour force (a real leak of the data).",
        leak_columns=("hours",),
    )


@extra_case
def leak_mroz_wage_missing():
    data, X, y = _mroz()
    X["log_wage"] = data["lwage"]
    return Case(
        "leak_mroz_wage_missing",
        "linearmodels mroz",
        ("target_proxy",),
        X,
        y,
        {},
        "The 1975 log wage, missing for every woman who did not work: the "
        "missingness is the outcome (a real leak of the data).",
        leak_columns=("log_wage",),
    )


@extra_case
def leak_wage_salary_review_r2_60():
    X, y = _wage()
    rng = np.random.default_rng(1101)
    X["salary_review_score"] = (y + _noise_for_r2(y, 0.60, rng)).round(2)
    return Case(
        "leak_wage_salary_review_r2_60",
        "linearmodels wage",
        ("target_proxy",),
        X,
        y,
        {},
        "A salary-review score written after the pay was set, the pay plus noise: "
        "R^2 about 0.6 alone where the honest columns reach about 0.2.",
        leak_columns=("salary_review_score",),
    )


@extra_case
def leak_card_reported_earnings_r2_50():
    X, y = _card()
    rng = np.random.default_rng(1102)
    earnings = np.exp(y + _noise_for_r2(y, 0.5, rng))
    X["earnings_reported_1976"] = (earnings * 52).round(-1)
    return Case(
        "leak_card_reported_earnings_r2_50",
        "linearmodels card",
        ("target_proxy",),
        X,
        y,
        {},
        "Yearly earnings the respondent reported in the same 1976 interview, "
        "rounded and with recall error: R^2 about 0.5 alone (the honest columns "
        "reach about 0.25), many honest columns missing.",
        leak_columns=("earnings_reported_1976",),
    )


@extra_case
def leak_meps_pharmacy_claims():
    data, X, y = _meps()
    rng = np.random.default_rng(1103)
    claims = rng.poisson(data["drugexp"].to_numpy() / 150.0) + rng.poisson(1.0, len(y))
    X["pharmacy_claims"] = claims
    return Case(
        "leak_meps_pharmacy_claims",
        "linearmodels meps",
        ("target_proxy",),
        X,
        y,
        {},
        "Pharmacy claims filed in the year, about one per $150 of drugs bought plus "
        "unrelated ones: a count produced by the outcome, 10,391 rows.",
        leak_columns=("pharmacy_claims",),
    )


@extra_case
def leak_birthweight_nicu_stay():
    X, y = _birthweight()
    rng = np.random.default_rng(1104)
    low = (y < y.quantile(0.15)).to_numpy()
    X["nicu_stay"] = (low & (rng.random(len(y)) < 0.7)).astype(int)
    return Case(
        "leak_birthweight_nicu_stay",
        "linearmodels birthweight",
        ("target_proxy",),
        X,
        y,
        {},
        "A neonatal-intensive-care flag set for 70% of the lightest 15% of babies "
        "and no other: filled in only below a level of a numeric target.",
        leak_columns=("nicu_stay",),
    )


@extra_case
def leak_wage_bonus_zero_at_prediction():
    X, y = _wage()
    rng = np.random.default_rng(1105)
    paid = rng.random(len(y)) < 0.6
    bonus = np.where(paid, np.exp(y) * 0.05 * np.exp(rng.normal(0, 0.4, len(y))), 0)
    X["bonus_paid"] = bonus.round(0)
    new = rng.random(len(y)) < 0.25
    X_new = X[new].assign(bonus_paid=0.0)
    return Case(
        "leak_wage_bonus_zero_at_prediction",
        "linearmodels wage",
        ("target_proxy",),
        X[~new].reset_index(drop=True),
        y[~new].reset_index(drop=True),
        {"X_new": X_new.reset_index(drop=True)},
        "A bonus paid on the year's pay (to 60% of workers), 0 for everyone when "
        "the model scores: weak alone, the rows at prediction time give it away.",
        leak_columns=("bonus_paid",),
    )


# ======================================================================================
# Clean controls


@extra_case
def clean_mroz_before_outcome():
    _, X, y = _mroz()
    return Case(
        "clean_mroz_before_outcome",
        "linearmodels mroz",
        (),
        X,
        y,
        {},
        "Participation from what is known beforehand (children, age, schooling, "
        "the husband's hours and wage, other income).",
    )


@extra_case
def clean_wage_as_shipped():
    X, y = _wage()
    return Case(
        "clean_wage_as_shipped",
        "linearmodels wage",
        (),
        X,
        y,
        {},
        "Log wage from the survey's columns; parents' schooling and birth order "
        "missing for 8-21% of rows (honest informative missingness).",
    )


@extra_case
def clean_card_as_shipped():
    X, y = _card()
    return Case(
        "clean_card_as_shipped",
        "linearmodels card",
        (),
        X,
        y,
        {},
        "Card's schooling data: IQ missing for a third of the men, parents' "
        "schooling for 12-23%.",
    )


@extra_case
def clean_meps():
    _, X, y = _meps()
    return Case(
        "clean_meps",
        "linearmodels meps",
        (),
        X,
        y,
        {},
        "Drug spending of 10,391 older Americans from health and insurance columns.",
    )


@extra_case
def clean_birthweight():
    X, y = _birthweight()
    return Case(
        "clean_birthweight",
        "linearmodels birthweight",
        (),
        X,
        y,
        {},
        "Birth weight from the mother's smoking, income and parity; many zeros "
        "(non-smokers) in the cigarette columns.",
    )


@extra_case
def clean_fertility_kids():
    data = _linearmodels("fertility")
    return Case(
        "clean_fertility_kids",
        "linearmodels fertility",
        (),
        data.drop(columns=["kids"]),
        data["kids"],
        {},
        "Number of children (8 classes) from schooling, age, region and survey year.",
    )


@extra_case
def clean_wine_flavanoids_few():
    X, y = _copy(_wine)
    X = X[["flavanoids", "ash", "magnesium", "alcalinity_of_ash"]]
    return Case(
        "clean_wine_flavanoids_few",
        "sklearn wine",
        (),
        X,
        y,
        {},
        "A strong honest feature (flavanoids) next to three weak ones that cannot "
        "match it.",
    )


@extra_case
def clean_wage_random_rows_as_new():
    X, y = _wage()
    new = np.random.default_rng(1106).random(len(y)) < 0.25
    return Case(
        "clean_wage_random_rows_as_new",
        "linearmodels wage",
        (),
        X[~new].reset_index(drop=True),
        y[~new].reset_index(drop=True),
        {"X_new": X[new].reset_index(drop=True)},
        "A random quarter of the rows plays the rows at prediction time: no shift.",
    )


@extra_case
def clean_fertility_later_surveys_as_new():
    data = _linearmodels("fertility")
    later = (data["year"] >= 82).to_numpy()
    X = data.drop(columns=["kids"])
    return Case(
        "clean_fertility_later_surveys_as_new",
        "linearmodels fertility",
        (),
        X[~later].reset_index(drop=True),
        data["kids"][~later].reset_index(drop=True),
        {
            "X_new": X[later].reset_index(drop=True),
            "times": data["year"][~later].reset_index(drop=True),
        },
        "Surveys of 1972-80 train, those of 1982-84 play the new rows: the year "
        "and its dummies shift (honest drift), nothing is filled in later.",
    )


def build_extra(name):
    case_ = EXTRA_CASES[name]()
    assert case_.name == name, (case_.name, name)
    return case_
