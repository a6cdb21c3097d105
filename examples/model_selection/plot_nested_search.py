"""
Nested search with routed times and end times
=============================================

Trades are opened at irregular times and closed after 1 to 15 days; the label
(profit or loss) is known only when a trade closes. Each trade's label interval is
``[times, end_times]``, and a training trade is purged when its interval overlaps a
test block. In a nested cross-validation both the outer loop (the estimate) and the
inner ``GridSearchCV`` (the choice of the regularisation) must purge, so both need the
times and end times of *their* rows. scikit-learn's metadata routing passes them:
``params={"times": ..., "end_times": ...}`` reaches every splitter, sliced to the rows
each one receives.
"""

# %%
# Trades with labels of different lengths
# ---------------------------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_validate

from safesplit import PurgedKFold, plot_splits

rng = np.random.default_rng(0)
n = 600
times = pd.Series(
    pd.Timestamp("2024-01-01") + pd.to_timedelta(np.sort(rng.uniform(0, 365, n)), "D"),
    name="opened",
)
holding = pd.to_timedelta(rng.integers(1, 16, n), "D")
end_times = (times + holding).rename("closed")
trend = np.sin(np.linspace(0, 6 * np.pi, n))
X = pd.DataFrame(
    {"signal": trend + rng.normal(scale=0.7, size=n), "noise": rng.normal(size=n)}
)
y = (trend + rng.normal(scale=1.5, size=n) > 0).astype(int)
print(f"{n} trades; holding periods {holding.min().days} to {holding.max().days} days")

# %%
# The outer splits, purged by each trade's own end time
# -----------------------------------------------------
cv = PurgedKFold(5, embargo="3D")
ax = plot_splits(cv, X, y, times=times, end_times=end_times)
plt.show()

# %%
# Nested cross-validation with routing
# ------------------------------------
# With routing enabled, the splitters request ``times`` and ``end_times`` by
# themselves; the search and ``cross_validate`` pass them along, each with the rows
# it splits.
with sklearn.config_context(enable_metadata_routing=True):
    search = GridSearchCV(
        LogisticRegression(), {"C": [0.01, 0.1, 1.0]}, cv=cv, scoring="roc_auc"
    )
    result = cross_validate(
        search,
        X,
        y,
        cv=cv,
        scoring="roc_auc",
        params={"times": times, "end_times": end_times},
        return_estimator=True,
    )
chosen = [estimator.best_params_["C"] for estimator in result["estimator"]]
outer = pd.DataFrame({"outer ROC AUC": result["test_score"], "C chosen inside": chosen})
outer.index.name = "outer split"
outer.round(3)

# %%
# Each outer split chose its own ``C`` on its own (purged) training rows; the outer
# scores estimate the whole procedure, search included.
fig, ax = plt.subplots(figsize=(7, 2.6))
ax.bar(outer.index, outer["outer ROC AUC"], color="#0072B2")
for split, (score, c) in outer.iterrows():
    ax.text(split, score + 0.01, f"C={c:g}", ha="center")
ax.axhline(0.5, color="#555555", ls=":", lw=1)
ax.set_ylim(0.4, 1.0)
ax.set_xlabel("outer split")
ax.set_ylabel("ROC AUC")
plt.tight_layout()
plt.show()
