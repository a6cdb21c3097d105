"""
Walk-forward at calendar cutoffs
================================

"Fit 36 months, test 12, repeat yearly" and "train up to the end of each month, test
the next month" are walk-forwards whose windows sit on the calendar. ``CutoffSplit``
puts one window at each cutoff, given as a pandas frequency or as explicit times;
purging by label end times and entity groups work as for every safesplit splitter.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from safesplit import CutoffSplit, describe_splits, plot_splits

# Daily rows over six years, three stores a day, labels that look 5 days ahead.
days = pd.date_range("2018-01-01", "2023-12-31", freq="D")
times = pd.Series(np.repeat(days, 3))
X = np.zeros((times.size, 1))

# %%
# Fit 36 months, test 12, repeat yearly: a cutoff at every year start from 2021.
yearly = CutoffSplit(
    "YS", start="2021", end="2023", train_size="36MS", test_size="12MS", horizon="5D"
)
describe_splits(yearly, X, times=times)[["train_start", "test_start", "test_end"]]

# %%
fig, ax = plt.subplots(figsize=(9, 2.2))
plot_splits(yearly, X, times=times, ax=ax)
ax.set_title("CutoffSplit('YS', train_size='36MS', test_size='12MS')", loc="left")
plt.tight_layout()
plt.show()

# %%
# Train up to the end of each month, test the next month, over 2023: the test
# window runs to the next cutoff by default, and the last 5 days of labels before
# each cutoff are purged because they look into the tested month.
monthly = CutoffSplit("MS", start="2023-02-01", end="2023-12-01", horizon="5D")
fig, ax = plt.subplots(figsize=(9, 3.2))
plot_splits(monthly, X, times=times, ax=ax)
ax.set_title("CutoffSplit('MS', horizon='5D')", loc="left")
plt.tight_layout()
plt.show()
