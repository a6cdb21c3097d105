"""
A market backtest with combinatorial purged CV and its paths
============================================================

A walk-forward backtest gives one history and one number. Combinatorial purged
cross-validation (López de Prado, *Advances in Financial Machine Learning*, ch. 12)
tests every combination of 2 of 6 time groups, purging the training days whose
10-day labels overlap a test block and embargoing the days right after it. Its
out-of-sample predictions assemble into 5 complete backtest paths, so the backtest
gives a distribution: how much of its result is luck.
"""

# %%
# Daily features and a 10-day up/down label
# -----------------------------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from safesplit import (
    CombinatorialPurgedCV,
    WalkForward,
    plot_splits,
    predict_paths,
    score_paths,
)
from safesplit._datasets import make_market_data

X, y, end_times = make_market_data(n_days=900, horizon_days=10, random_state=0)
print(f"{len(X)} days from {X.index[0]:%Y-%m-%d} to {X.index[-1]:%Y-%m-%d}")

# %%
# The splits
# ----------
# Labels look 10 business days (14 calendar days) ahead: purge that much, and
# embargo a week after each test block for the rolling-window features.
cv = CombinatorialPurgedCV(n_groups=6, n_test_groups=2, horizon="14D", embargo="7D")
print(f"{cv.get_n_splits()} splits, {cv.n_paths} backtest paths")
ax = plot_splits(cv, X, y)
plt.show()

# %%
# Out-of-sample predictions, path by path
# ---------------------------------------
# ``predict_paths`` fits a model on every training set and places each day's j-th
# out-of-sample prediction in column j: every column is a complete backtest.
model = make_pipeline(StandardScaler(), LogisticRegression())
probabilities = predict_paths(model, X, y, cv=cv, method="predict_proba")[..., 1]
paths = pd.DataFrame(probabilities, index=X.index).add_prefix("path ")
paths.head()

# %%
# A simple strategy on each path: long when the model says "up", short otherwise,
# scored +1 for a right call and -1 for a wrong one. Each path is one history the
# model could have had.
calls = (
    np.where(paths.to_numpy() > 0.5, 1, -1)
    * np.where(y.to_numpy() == 1, 1, -1)[:, None]
)
cumulative = pd.DataFrame(calls, index=X.index, columns=paths.columns).cumsum()
ax = cumulative.plot(figsize=(9, 3.5), legend=False, color="#0072B2", alpha=0.7)
ax.axhline(0, color="#555555", lw=0.8)
ax.set_ylabel("right minus wrong calls")
ax.set_title("One backtest per path", loc="left")
plt.tight_layout()
plt.show()

# %%
# One score per path against one walk-forward number
# --------------------------------------------------
# ``score_paths`` scores each path as one backtest. A walk-forward gives a single
# history, so a single number, and tests only the later part of the data.
path_auc = score_paths(model, X, y, cv=cv, scoring="roc_auc")
walk_forward = score_paths(
    model, X, y, cv=WalkForward(5, horizon="14D"), scoring="roc_auc"
)
print("paths:", path_auc.round(3), "| walk-forward:", walk_forward.round(3))

fig, ax = plt.subplots(figsize=(7, 2.2))
ax.scatter(path_auc, np.zeros_like(path_auc), s=60, color="#0072B2", label="CPCV paths")
ax.scatter(walk_forward, [0], s=80, marker="D", color="#D55E00", label="walk-forward")
ax.axvline(0.5, color="#555555", ls=":", lw=1)
ax.set_yticks([])
ax.set_xlabel("ROC AUC of the backtest")
ax.legend(loc="upper left", frameon=False, ncol=2)
plt.tight_layout()
plt.show()
