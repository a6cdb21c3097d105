"""``safesplit demo``: audit a leaky data set, then see the phantom score and the fix.

Part 1 is an embedded lead-scoring export with the leaks a data scientist inherits;
it is audited, then scored with leaky and with safe validation, and both models
meet "production" (later leads, as they looked when they arrived). Part 2 is the
time-ordered market data: how much of a shuffled K-fold score is phantom. Every
number is computed on the run; the data are generated from a seed.
"""

import functools
import textwrap

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from threadpoolctl import threadpool_limits

from safesplit._datasets import make_lead_data, make_market_data
from safesplit.audit import audit
from safesplit.model_selection import PurgedKFold, WalkForward
from safesplit.pipeline import make_guarded_pipeline

HORIZON_DAYS = 10
PRODUCTION_DAYS = 250
N_LEADS = 6000
PRODUCTION_START = "2023-07-01"
WIDTH = 88


def _say(out, text=""):
    """Print a paragraph wrapped to the terminal width used by the demo."""
    if not text:
        out("")
        return
    out(textwrap.fill(text, width=WIDTH))


def _heading(out, text):
    out("")
    out(text)
    out("-" * len(text))


def _model(random_state):
    return HistGradientBoostingClassifier(
        max_iter=100, learning_rate=0.05, random_state=random_state
    )


def _safe_model(random_state):
    """The model in a GuardedPipeline."""
    return (
        make_guarded_pipeline(_model(random_state)),
        "GuardedPipeline(HistGradientBoostingClassifier)",
    )


def run_demo(*, random_state=0, out=print):
    """Run both parts of the demo; return their tables as a dict of DataFrames."""
    out("safesplit demo: find the leaks, measure the phantom score, validate safely.")
    leads = run_lead_demo(random_state=random_state, out=out)
    market = run_market_demo(random_state=random_state, out=out)
    return {"leads": leads, "market": market}


# --------------------------------------------------------------------------------------
# Part 1: the lead-scoring export.


def one_thread(function):
    """Run ``function`` with one OpenMP thread: the demo's models are small, so
    that is as fast, and immune to a machine busy with other work."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with threadpool_limits(limits=1, user_api="openmp"):
            return function(*args, **kwargs)

    return wrapper


@one_thread
def run_lead_demo(*, random_state=0, out=print):
    """Audit the lead data, then score leaky and safe validation against production.

    Returns the table of validation and production scores as a DataFrame.
    """
    X, y, created_at, X_at_creation = make_lead_data(
        n_leads=N_LEADS, random_state=random_state
    )
    development = (created_at < pd.Timestamp(PRODUCTION_START)).to_numpy()
    production = ~development
    X_dev, y_dev, times_dev = X[development], y[development], created_at[development]

    _heading(out, "1. An inherited lead-scoring export")
    _say(
        out,
        f"{len(X):,} sales leads from {created_at.iloc[0]:%Y-%m-%d} to "
        f"{created_at.iloc[-1]:%Y-%m-%d}; target 'converted' "
        f"({y.mean():.0%} converted); columns: {', '.join(X.columns)}. The whole "
        f"export is audited. The {int(development.sum()):,} leads before "
        f"{PRODUCTION_START} are the development data; the "
        f"{int(production.sum()):,} later ones play "
        "production, as they looked when they arrived.",
    )

    _heading(
        out,
        "2. The audit: safesplit.audit(X, y, times=created_at, "
        "X_new=X_at_creation[later])",
    )
    _say(
        out,
        "X_new holds the later leads as they looked when they arrived: the rows "
        "the model will score. A column whose values there are not what the model "
        "learned from is reported with what it costs the model.",
    )
    out("")
    report = audit(
        X,
        y,
        times=created_at,
        X_new=X_at_creation.loc[production],
        random_state=random_state,
    )
    out(str(report))

    dropped, entity = _fix_from_report(report)
    kept = [c for c in X.columns if c not in dropped]

    _heading(out, "3. Validation, leaky and safe (ROC AUC)")
    validations = _lead_validations(X, X_dev, times_dev, kept, entity, random_state)
    data = (X_dev, y_dev, y[production], X_at_creation.loc[production])
    _, safe_name = _safe_model(random_state)
    rows = [
        _validation_row(label, columns, cv, model, params, data, random_state)
        for label, columns, cv, model, params in validations
    ]
    table = pd.DataFrame(rows).set_index("validation")
    out(_format_table(table, {"phantom": "{:+.3f}"}))
    out("")
    _say(out, _lead_conclusion(table, dropped, entity, safe_name))
    return table


def _fix_from_report(report):
    """The fix the report implies: columns to drop, and the entity to group by."""
    flagged = [
        f
        for f in report.at_least("medium")
        if f.kind in ("target_proxy", "identifier", "group") and f.columns
    ]
    dropped = list(dict.fromkeys(c for f in flagged for c in f.columns))
    entity = next((f.columns[0] for f in flagged if f.kind == "group"), None)
    return dropped, entity


def _lead_validations(X, X_dev, times_dev, kept, entity, random_state):
    """``(label, columns, cv, model, split params)`` of each validation compared."""
    shuffled = StratifiedKFold(5, shuffle=True, random_state=random_state)
    safe_model, _ = _safe_model(random_state)
    groups = X_dev[entity] if entity is not None else None
    return (
        (
            f"all {X.shape[1]} columns, shuffled StratifiedKFold(5)",
            list(X.columns),
            shuffled,
            _model(random_state),
            {},
        ),
        (
            f"audited {len(kept)} columns, shuffled StratifiedKFold(5)",
            kept,
            shuffled,
            _model(random_state),
            {},
        ),
        (
            f"audited {len(kept)} columns, PurgedKFold(5)"
            + (f", groups={entity}" if entity else ""),
            kept,
            PurgedKFold(5, embargo="14D"),
            safe_model,
            {"times": times_dev, "groups": groups},
        ),
    )


def _validation_row(label, columns, cv, model, params, data, random_state):
    """One validation's AUC next to the production AUC of the same columns."""
    X_dev, y_dev, y_live, X_live = data
    validation = _cross_val_auc(model, X_dev[columns], y_dev, cv, params)
    fitted = _model(random_state).fit(X_dev[columns], y_dev)
    live = roc_auc_score(y_live, fitted.predict_proba(X_live[columns])[:, 1])
    return {
        "validation": label,
        "validation AUC": validation,
        "production AUC": live,
        "phantom": validation - live,
    }


def _lead_conclusion(table, dropped, entity, safe_name):
    leaky, honest = table.iloc[0], table.iloc[-1]
    gap = honest["phantom"]
    return (
        "Shuffled validation with every column promised "
        f"{leaky['validation AUC']:.3f}; "
        f"production gave {leaky['production AUC']:.3f}: {leaky['phantom']:+.3f} AUC "
        "was phantom. In production a new lead has had no demo call yet and still "
        "has its original lead number, so the columns the model leaned on say "
        f"nothing. Dropping what the audit flagged ({', '.join(dropped)}) and "
        "validating by time"
        + (f" with each {entity} on one side" if entity else "")
        + f" ({safe_name}) gave {honest['validation AUC']:.3f}, "
        + (
            f"{abs(gap):.3f} below production: an honest estimate, on the cautious "
            "side."
            if gap < 0
            else f"within {gap:.3f} of production."
        )
    )


def _format_table(table, formats):
    """A table of scores as text: three decimals, blanks for missing values."""
    text = pd.DataFrame(index=table.index)
    for column in table.columns:
        fmt = formats.get(column, "{:.3f}")
        text[column] = [
            "" if pd.isna(value) else fmt.format(value) for value in table[column]
        ]
    text.index.name = None
    return text.to_string(col_space=8, justify="right")


def _cross_val_auc(model, X, y, cv, params):
    if isinstance(cv, PurgedKFold):
        splits = list(cv.split(X, y, params.get("groups"), times=params["times"]))
    else:
        splits = list(cv.split(X, y))
    scores = cross_val_score(model, X, y, cv=splits, scoring="roc_auc")
    return float(np.mean(scores))


# --------------------------------------------------------------------------------------
# Part 2: time-ordered market data.


@one_thread
def run_market_demo(*, random_state=0, out=print):
    """Score one model with shuffled and with time-safe validation; print a table.

    The last ``PRODUCTION_DAYS`` days are held out and play production: the model
    is validated on the earlier data, then fitted on all of it and scored on the
    held-out days it has never seen, which is the number validation should have
    predicted. Returns the table as a DataFrame.
    """
    X, y, end_times = make_market_data(
        horizon_days=HORIZON_DAYS, random_state=random_state
    )
    production_start = X.index[-PRODUCTION_DAYS]
    # Development rows are those whose label is known before production starts.
    development = (end_times < production_start).to_numpy()
    production = X.index >= production_start
    X_dev, y_dev = X[development], y[development]
    model = HistGradientBoostingClassifier(
        max_iter=100, learning_rate=0.05, random_state=random_state
    )
    # Labels look HORIZON_DAYS business days ahead (14 calendar days): purge that
    # much, and embargo as much again for the rolling-window features.
    horizon = "14D"
    validations = {
        "KFold(5, shuffle=True)": KFold(5, shuffle=True, random_state=random_state),
        f"PurgedKFold(5, horizon={horizon!r}, embargo={horizon!r})": PurgedKFold(
            5, horizon=horizon, embargo=horizon
        ),
        f"WalkForward(5, horizon={horizon!r})": WalkForward(5, horizon=horizon),
    }
    _heading(out, "4. Time-ordered market data: shuffled against purged K-fold")
    _say(
        out,
        f"{len(X_dev)} trading days of features and a {HORIZON_DAYS}-day up/down "
        f"label ({X_dev.index[0]:%Y-%m-%d} to {X_dev.index[-1]:%Y-%m-%d}); the next "
        f"{PRODUCTION_DAYS} days play production. Model: {type(model).__name__}; "
        "score: ROC AUC.",
    )
    out("")
    rows = {}
    for name, cv in validations.items():
        scores = cross_val_score(model, X_dev, y_dev, cv=cv, scoring="roc_auc")
        rows[name] = {"validation AUC": scores.mean(), "spread (std)": scores.std()}
    model.fit(X_dev, y_dev)
    live = roc_auc_score(y[production], model.predict_proba(X[production])[:, 1])
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["phantom"] = table["validation AUC"] - live
    table.loc["production (unseen last days)"] = [live, np.nan, 0.0]
    table.index.name = "validation"
    out(_format_table(table, {"phantom": "{:+.3f}"}))
    shuffled = table["validation AUC"].iloc[0]
    purged = table["validation AUC"].iloc[1]
    out("")
    _say(
        out,
        f"Shuffled K-fold promised {shuffled:.3f}; production gave {live:.3f}. "
        f"{shuffled - live:+.3f} AUC of that promise was phantom: neighbouring days "
        "share overlapping labels and rolling features, so shuffled folds test on "
        "near-copies of training rows. Purged validation said "
        f"{purged:.3f}, within {abs(purged - live):.3f} of production.",
    )
    return table
