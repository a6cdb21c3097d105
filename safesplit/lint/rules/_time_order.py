"""L3.1: rows in time order split without regard to time.

When the code shows the rows are time-ordered (sorted by a date, indexed by dates,
read with a date index, or given lag, rolling, differenced or resampled features),
a split that shuffles them (``train_test_split`` without ``shuffle=False``,
``KFold(shuffle=True)``, ``ShuffleSplit``) or a K-fold that keeps later rows in
training (scikit-learn's default ``cv``, ``KFold``, ``StratifiedKFold``) trains on
the future of the rows it tests.

Not reported: ``TimeSeriesSplit``, safesplit's ``PurgedKFold``, ``WalkForward``,
``CombinatorialPurgedCV``, ``GroupTimeSeriesSplit`` and ``purged_train_test_split``,
group splitters, explicit folds, ``shuffle=False``; rows with a date column that the
code never orders by (a date used only as a feature).
"""

from safesplit.lint.rules._base import Rule, first_per_site, make_finding, where

_FIX = (
    "split by time instead: safesplit's WalkForward or PurgedKFold (with a "
    "horizon and an embargo), TimeSeriesSplit, or train_test_split(..., "
    "shuffle=False)."
)


def _what(split):
    if split.how == "train_test_split":
        return "train_test_split shuffles"
    if split.splitter is None:
        how = {"cv": "cross-validation", "search": "the search", "split": "split"}
        return f"{how[split.how].capitalize()} with the default K-fold splits"
    if split.shuffled:
        return f"{split.splitter}(shuffle=True) shuffles"
    return f"{split.splitter} splits"


def check(trace):
    splits = [s for s in trace.splits if s.time is not None and not s.ordered]
    findings = []
    for split in first_per_site(splits, lambda s: s.fix_site):
        time_site, why = split.time
        message = (
            f"{_what(split)} rows that are in time order ({why}, "
            f"{where(time_site)}): folds train on rows after the ones they test; "
            + _FIX
        )
        findings.append(
            make_finding(
                RULE,
                "high" if split.shuffled else "medium",
                split.fix_site,
                message,
                related=[split.site, time_site],
                splitter=split.splitter or split.how,
            )
        )
    return findings


RULE = Rule(
    "L3.1",
    "shuffled-time-split",
    "temporal",
    "time-ordered rows split without regard to time",
    check,
)
