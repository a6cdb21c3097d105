"""``safesplit demo``: how much of a shuffled cross-validation score is phantom."""

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, cross_val_score

from safesplit._datasets import make_market_data
from safesplit._purged import PurgedKFold
from safesplit._walk_forward import WalkForward

HORIZON_DAYS = 10
PRODUCTION_DAYS = 250


def run_demo(*, random_state=0, out=print):
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
    out(
        f"Data: {len(X_dev)} trading days of features and a {HORIZON_DAYS}-day "
        f"up/down label ({X_dev.index[0]:%Y-%m-%d} to {X_dev.index[-1]:%Y-%m-%d}); "
        f"the next {PRODUCTION_DAYS} days play production."
    )
    out(f"Model: {type(model).__name__}; score: ROC AUC.\n")
    rows = {}
    for name, cv in validations.items():
        scores = cross_val_score(model, X_dev, y_dev, cv=cv, scoring="roc_auc")
        rows[name] = {"validation AUC": scores.mean(), "spread (std)": scores.std()}
    model.fit(X_dev, y_dev)
    live = roc_auc_score(y[production], model.predict_proba(X[production])[:, 1])
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["phantom (validation - production)"] = table["validation AUC"] - live
    table.loc["production (unseen last days)"] = [live, np.nan, 0.0]
    table.index.name = "validation"
    out(table.to_string(float_format=lambda v: f"{v:.3f}", na_rep=""))
    shuffled = table["validation AUC"].iloc[0]
    purged = table["validation AUC"].iloc[1]
    out(
        f"\nShuffled K-fold promised {shuffled:.3f}; production gave {live:.3f}. "
        f"{shuffled - live:+.3f} AUC of that promise was phantom: neighbouring days "
        "share overlapping labels and rolling features, so shuffled folds test on "
        "near-copies of training rows. Purged validation said "
        f"{purged:.3f}, within {abs(purged - live):.3f} of production."
    )
    return table
