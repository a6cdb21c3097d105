"""
How much a backtest overfits
============================

A search picks the best of several configurations on a combinatorial backtest. The
probability of backtest overfitting (PBO, by combinatorially symmetric
cross-validation) asks how often the configuration that wins on one half of the time
blocks ranks at or below the median on the other half; the deflated Sharpe ratio asks
whether the winner's Sharpe ratio beats what the best of that many trials reaches by
luck.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV

from safesplit import CombinatorialPurgedCV, backtest_overfitting, deflated_sharpe_ratio

rng = np.random.default_rng(0)
days = pd.date_range("2022-01-03", periods=500, freq="B")
X = pd.DataFrame(rng.normal(size=(500, 10)), index=days).add_prefix("f")
y = 0.004 * X["f0"] + rng.normal(0.0, 0.01, 500)  # the next day's return

# %%
# A grid of penalties, each scored on every split of a combinatorial backtest.
cv = CombinatorialPurgedCV(n_groups=6, n_test_groups=2, horizon="1D", embargo="2D")
grid = {"alpha": [1.0, 30.0, 1000.0, 30000.0]}
search = GridSearchCV(Ridge(), grid, cv=cv, scoring="r2").fit(X, y)
report = backtest_overfitting(search)
print(report)

# %%
# The logits of the winner's out-of-sample rank (left: mass below 0 is overfitting)
# and its in-sample against out-of-sample score (right).
report.plot()
plt.tight_layout()
plt.show()

# %%
# Eight strategies without skill: the best daily Sharpe ratio of eight trials looks
# good alone, and is not once deflated for the number of trials.
returns = rng.normal(0.0, 0.01, size=(1000, 8))
sharpe = returns.mean(axis=0) / returns.std(axis=0, ddof=1)
best = int(np.argmax(sharpe))
print(f"best Sharpe ratio {sharpe[best]:.3f} (daily)")
deflated_sharpe_ratio(returns[:, best], trial_sharpe_ratios=sharpe)
