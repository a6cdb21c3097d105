"""
A panel: many assets per day
============================

Forty assets are observed every day for a year; the label is whether an asset beats
zero over the next five days. Assets move together: a common market move drives every
label of a day, and a day-level feature (yesterday's market breadth) is the same for
every asset. Shuffled K-fold puts some assets of a day in training and the others in
test, so the model learns each day's market move from its neighbours. safesplit's
splitters treat a *period* (a distinct time) as atomic: all rows of a day are on the
same side, and purging and the embargo count in days, not rows.
"""

# %%
# Forty assets a day
# ------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import KFold, cross_val_score

from safesplit import PurgedKFold, describe_splits, plot_splits

rng = np.random.default_rng(0)
n_days, n_assets = 250, 40
days = pd.bdate_range("2024-01-01", periods=n_days)
market = rng.normal(size=n_days)  # the common move of each day's next five days
day = np.repeat(np.arange(n_days), n_assets)
times = pd.Series(days[day], name="date")
X = pd.DataFrame(
    {
        "breadth": (0.3 * market + rng.normal(size=n_days))[day],  # one value a day
        "momentum": rng.normal(size=day.size),
        "value": rng.normal(size=day.size),
    }
)
signal = 0.15 * X["momentum"] + 1.2 * market[day] + rng.normal(size=day.size)
y = (signal > 0).astype(int)
print(f"{len(X):,} rows: {n_assets} assets x {n_days} days")

# %%
# Days are periods
# ----------------
# Given ``times``, every splitter counts periods: five folds of 50 days, a 5-day label
# horizon purged around each test block, and a 5-day embargo after it.
cv = PurgedKFold(5, horizon="7D", embargo="7D")  # 5 business days = 7 calendar days
splits = list(cv.split(X, y, times=times))
for train, test in splits:
    assert not set(times.iloc[train]) & set(times.iloc[test])  # no day on both sides
describe_splits(cv, X, y, times=times)[["n_train", "n_test", "n_purged", "n_embargoed"]]

# %%
ax = plot_splits(cv, X, y, times=times)
plt.show()

# %%
# Shuffled rows against whole days
# --------------------------------
# The same model, validated with shuffled K-fold over rows and with purged K-fold
# over days. Shuffled folds let it learn each day's market move from the other assets
# of that day; the time-ordered folds score what it can really predict.
model = HistGradientBoostingClassifier(max_iter=50, random_state=0)
scores = {
    "KFold(shuffle=True) over rows": cross_val_score(
        model, X, y, cv=KFold(5, shuffle=True, random_state=0), scoring="roc_auc"
    ).mean(),
    "PurgedKFold over days": cross_val_score(
        model, X, y, cv=splits, scoring="roc_auc"
    ).mean(),
}
table = pd.Series(scores, name="ROC AUC")
print(table.round(3))
ax = table.plot.barh(color=["#D55E00", "#0072B2"], figsize=(7, 2))
ax.set_xlim(0.5, 1.0)
ax.set_xlabel("ROC AUC")
ax.invert_yaxis()
plt.tight_layout()
plt.show()
