"""The fix for each kind of finding, in words and in a few lines of code.

A finding's message already says what to do in its own case; the fix here is the
general remedy of its kind, with the finding's columns filled into the code, so that
the HTML report can show one ready-made change per finding.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Fix:
    """What to change: ``text`` in words, ``code`` as lines of Python (may be
    empty)."""

    text: str
    code: str = ""


def _drop(columns, comment=""):
    line = f"X = X.drop(columns={list(columns)!r})"
    return f"{line}  # {comment}" if comment else line


def _target_proxy(finding):
    if "share_at_that_value_new" in finding.evidence:
        return Fix(
            "The column is not at prediction time what the model learned from. If it "
            "is filled in after the outcome, drop it; if it is known in time and has "
            "drifted, retrain on recent rows and validate by time.",
            _drop(finding.columns),
        )
    return Fix(
        "Check when each flagged column becomes known. Drop it if it is not "
        "available when a prediction is made (measured after the outcome, or "
        "derived from it).",
        _drop(finding.columns),
    )


def _identifier(finding):
    if not finding.columns:
        return Fix(
            "The order of the rows carries the outcome. Shuffle the rows before "
            "splitting them into folds, or validate by time when the order is time.",
            "from sklearn.model_selection import StratifiedKFold\n"
            "cv = StratifiedKFold(5, shuffle=True, random_state=0)",
        )
    return Fix(
        "Drop the ID from the features. Keep it as a key, or pass it as groups= "
        "when it names an entity (a customer, a patient).",
        _drop(finding.columns),
    )


def _temporal(finding):
    if finding.columns:
        return Fix(
            "The column is computed from rows after its own (a centred or forward "
            "window). Rebuild it from past rows only (a trailing window), or drop it.",
            _drop(finding.columns, "or rebuild it from past rows only"),
        )
    return Fix(
        "Validate in time order and purge the training rows whose labels overlap "
        "the test period: PurgedKFold or WalkForward, with the label horizon (or "
        "end_times=) of your data.",
        "from safesplit import PurgedKFold\n"
        'cv = PurgedKFold(5, horizon="5D", embargo="5D")  # your label horizon',
    )


def _group(finding):
    if finding.columns:
        entity = finding.columns[0]
        return Fix(
            f"If {entity!r} names an entity and production meets new ones, keep each "
            "entity on one side of every split (groups=) and drop it from the "
            "features; PurgedKFold and WalkForward take groups= too.",
            "from sklearn.model_selection import GroupKFold, cross_val_score\n"
            f"groups = X[{entity!r}]\n"
            f"X = X.drop(columns=[{entity!r}])\n"
            "scores = cross_val_score(model, X, y, groups=groups, cv=GroupKFold(5))",
        )
    return Fix(
        "If production meets new entities, use a splitter that keeps each entity on "
        "one side of every split, with groups=.",
        "from sklearn.model_selection import GroupKFold, cross_val_score\n"
        "scores = cross_val_score(model, X, y, groups=groups, cv=GroupKFold(5))",
    )


def _duplicate(finding):
    return Fix(
        "Remove copies before splitting (or keep the copies of a row together with "
        "groups=), and oversample inside the training fold only: a GuardedPipeline "
        "refuses to be evaluated on rows it learned from.",
        "keep = ~X.duplicated()\nX, y = X[keep], y[keep]",
    )


def _preprocessing(finding):
    if finding.evidence.get("statistic") == "mean target":
        return Fix(
            "The column holds a statistic of the target over rows that include test "
            "rows. Compute it inside each training fold (a target encoder in the "
            "pipeline), or drop it.",
            "from sklearn.preprocessing import TargetEncoder\n"
            "from safesplit import make_guarded_pipeline\n"
            "model = make_guarded_pipeline(TargetEncoder(), model)",
        )
    if finding.code == "L1.3":
        return Fix(
            "Select features inside the pipeline, from the raw columns, so that each "
            "fold selects on its training rows only.",
            "from sklearn.feature_selection import SelectKBest\n"
            "from safesplit import make_guarded_pipeline\n"
            "model = make_guarded_pipeline(SelectKBest(k=20), model)",
        )
    return Fix(
        "Fit scalers, imputers and encoders inside the pipeline, on the raw columns, "
        "so that each fold learns its statistics from its training rows only.",
        "from sklearn.preprocessing import StandardScaler\n"
        "from safesplit import make_guarded_pipeline\n"
        "model = make_guarded_pipeline(StandardScaler(), model)",
    )


def _skew(finding):
    return Fix(
        "Find out why the values differ at prediction time (a changed source, a "
        "unit, a default value, a column filled in late); validate by time and "
        "retrain as time passes."
    )


def _overlap(finding):
    return Fix(
        "Split first, then oversample or augment the training part only, and "
        "evaluate on rows the model never learned from: a sampler inside an "
        "imbalanced-learn Pipeline, or a GuardedPipeline, does it fold by fold.",
        "from sklearn.model_selection import train_test_split\n"
        "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n"
        "model.fit(X_train, y_train)  # oversample X_train only, if at all\n"
        "score = model.score(X_test, y_test)",
    )


def _test_reuse(finding):
    return Fix(
        "Choose among models or settings on validation data (cross-validation on "
        "the training part), and score the chosen one once on the held-out test "
        "set.",
        "from sklearn.model_selection import GridSearchCV\n"
        "search = GridSearchCV(model, param_grid, cv=5).fit(X_train, y_train)\n"
        "score = search.score(X_test, y_test)  # once, for the chosen model",
    )


_FIXES = {
    "target_proxy": _target_proxy,
    "identifier": _identifier,
    "temporal": _temporal,
    "group": _group,
    "duplicate": _duplicate,
    "preprocessing": _preprocessing,
    "skew": _skew,
    "overlap": _overlap,
    "test_reuse": _test_reuse,
}


def fix_for(finding):
    """The :class:`Fix` of a finding's kind, with its columns filled in."""
    return _FIXES[finding.kind](finding)
