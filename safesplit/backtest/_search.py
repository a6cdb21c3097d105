"""What a fitted search gives CSCV: per-split test scores, and which part of time
each split tested.

``cv_results_`` holds one test score per candidate and split
(``split{i}_test_{name}``). Those are rows of a CSCV matrix only when the splits'
test sets are known parts of time: the folds of :class:`PurgedKFold`, the windows
of :class:`WalkForward` and :class:`GroupTimeSeriesSplit` (disjoint, in time
order), or the groups of :class:`CombinatorialPurgedCV` (each split tests
``n_test_groups`` of them).
"""

import re

import numpy as np

from safesplit.model_selection import (
    CombinatorialPurgedCV,
    GroupTimeSeriesSplit,
    PurgedKFold,
    WalkForward,
)

# Splitters whose test sets are disjoint and come in time order, one per split.
SEQUENTIAL_SPLITTERS = (PurgedKFold, WalkForward, GroupTimeSeriesSplit)


def is_search(results):
    """Whether ``results`` looks like a scikit-learn search (fitted or not)."""
    return hasattr(results, "cv_results_") or (
        hasattr(results, "fit") and hasattr(results, "cv")
    )


def _score_name(search, names, score_name):
    if score_name is not None:
        if score_name not in names:
            raise ValueError(
                f"score_name={score_name!r} is not a score of this search; its "
                f"cv_results_ hold {sorted(names)}."
            )
        return score_name
    if names == ["score"]:
        return "score"
    refit = getattr(search, "refit", None)
    if isinstance(refit, str) and refit in names:
        return refit
    raise ValueError(
        f"the search computed several scores {sorted(names)} and refits none of "
        "them by name; pass score_name=... to say which one to analyse."
    )


def _candidate_names(params):
    names = [
        ", ".join(f"{key}={value!r}" for key, value in candidate.items()) or "{}"
        for candidate in params
    ]
    if len(set(names)) < len(names):
        names = [f"{index}: {name}" for index, name in enumerate(names)]
    return tuple(names)


def _check_fitted_search(search):
    if not hasattr(search, "cv_results_"):
        raise ValueError(
            f"{type(search).__name__} is not fitted: call fit first, then pass it to "
            "backtest_overfitting (it reads the per-split test scores of "
            "cv_results_)."
        )
    results = search.cv_results_
    if "iter" in results or "n_resources" in results:
        raise ValueError(
            f"{type(search).__name__} evaluated its candidates on different amounts "
            "of data (successive halving), so their scores are not comparable "
            "across candidates; use GridSearchCV or RandomizedSearchCV."
        )
    return results


def search_scores(search, score_name):
    """``(scores, names, key)``: the ``(n_splits, n_candidates)`` test scores of a
    fitted search, the candidates' names and the score analysed."""
    results = _check_fitted_search(search)
    names = sorted(
        {
            match[1]
            for key in results
            if (match := re.fullmatch(r"split0_test_(.+)", key))
        }
    )
    name = _score_name(search, names, score_name)
    n_splits = int(search.n_splits_)
    scores = np.column_stack(
        [
            np.asarray(results[f"split{i}_test_{name}"], dtype=float)
            for i in range(n_splits)
        ]
    ).T
    candidates = _candidate_names(results["params"])
    missing = ~np.isfinite(scores)
    if missing.any():
        bad = np.flatnonzero(missing.any(axis=0))
        shown = ", ".join(repr(candidates[i]) for i in bad[:3])
        more = f" and {bad.size - 3} more" if bad.size > 3 else ""
        raise ValueError(
            f"candidate(s) {shown}{more} have no {name!r} score in split(s) "
            f"{np.flatnonzero(missing.any(axis=1)).tolist()} (the fit or the scoring "
            "failed, and error_score filled in NaN); CSCV needs every candidate's "
            "score in every split. Fit the search with error_score='raise' to see "
            "why, or pass the score matrix without those candidates."
        )
    return scores, candidates, name


def split_units(search):
    """Units of the search's splits: ``(unit_sets, n_units, description, word)``,
    where ``unit_sets[s]`` lists the units split s tested (the groups of a
    CombinatorialPurgedCV, or the split itself, in time order), so that
    partitions can be built over units; ``word`` names the units."""
    cv = getattr(search, "cv", None)
    n_splits = int(search.n_splits_)
    if isinstance(cv, CombinatorialPurgedCV):
        groups = cv.test_groups()
        n_groups, k = int(cv.n_groups), int(cv.n_test_groups)
        described = f"{type(cv).__name__}(n_groups={n_groups}, n_test_groups={k})"
        if groups.shape[0] != n_splits:
            _changed(search, cv, groups.shape[0])
        return groups, n_groups, described, "groups"
    if isinstance(cv, SEQUENTIAL_SPLITTERS):
        if cv.get_n_splits() != n_splits:
            _changed(search, cv, cv.get_n_splits())
        units = np.arange(n_splits)[:, None]
        return units, n_splits, f"{type(cv).__name__}(n_splits={n_splits})", "splits"
    raise TypeError(
        f"backtest_overfitting reads a search's per-split scores only when its cv "
        f"is PurgedKFold, WalkForward, GroupTimeSeriesSplit or CombinatorialPurgedCV, "
        f"whose test sets are known parts of time; this search used {cv!r}. Pass "
        "the score matrix instead (rows: disjoint test periods in time order, "
        "columns: candidates)."
    )


def _changed(search, cv, n_now):
    raise ValueError(
        f"{type(search).__name__} was fitted on {search.n_splits_} splits but its cv "
        f"{cv!r} now makes {n_now}: its parameters changed after the fit. Refit the "
        "search, or pass the score matrix."
    )
