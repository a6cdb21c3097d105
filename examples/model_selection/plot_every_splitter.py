"""
The splits of every splitter
============================

``plot_splits`` draws each split as a row over time: training rows in blue, test rows
in vermillion, and what the splitter removed and why (purged: the label overlaps a
test block; embargoed: right after one; group removed: its entity is tested; unused:
outside the training window), in Okabe and Ito's colour-blind-safe palette. Here is
every safesplit splitter on the same data, next to scikit-learn's ``KFold`` and
``TimeSeriesSplit``: four rows a day for 120 days, labels that look 5 days ahead, and
60 customers who come back.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.model_selection import KFold, TimeSeriesSplit

from safesplit import (
    CombinatorialPurgedCV,
    GroupTimeSeriesSplit,
    PurgedKFold,
    WalkForward,
    plot_splits,
)

rng = np.random.default_rng(0)
times = pd.Series(np.repeat(pd.date_range("2024-01-01", periods=120), 4))
customers = rng.integers(0, 60, times.size)
weeks = times.dt.isocalendar().week.to_numpy()  # time buckets for GroupTimeSeriesSplit
X = np.zeros((times.size, 1))


def show(cv, groups=None, title=None, height=2.6):
    fig, ax = plt.subplots(figsize=(9, height))
    plot_splits(cv, X, groups=groups, times=times, ax=ax)
    if title:
        ax.set_title(title, loc="left")
    plt.tight_layout()
    plt.show()


# %%
# scikit-learn's ``KFold`` and ``TimeSeriesSplit`` know rows, not times: neighbouring
# rows with overlapping labels sit on both sides of every split.
show(KFold(5), title="KFold(5)")
show(TimeSeriesSplit(5), title="TimeSeriesSplit(5)")

# %%
# ``PurgedKFold``: contiguous folds of periods, purged by the 5-day labels and
# embargoed for 5 days after each test block.
show(
    PurgedKFold(5, horizon="5D", embargo="5D"),
    title="PurgedKFold(5, horizon='5D', embargo='5D')",
)

# %%
# With entity groups, a tested customer's rows are removed from training too.
show(
    PurgedKFold(5, horizon="5D", embargo="5D"),
    groups=customers,
    title="PurgedKFold(...) with groups=customers",
)

# %%
# ``WalkForward``: train on the past only, expanding or in a sliding window, with a
# gap before each test window.
show(WalkForward(5, horizon="5D"), title="WalkForward(5, horizon='5D')")
show(
    WalkForward(5, train_size="30D", gap="2D", horizon="5D"),
    title="WalkForward(5, train_size='30D', gap='2D', horizon='5D')",
)

# %%
# ``CombinatorialPurgedCV``: every combination of 2 of 6 time groups is tested, each
# test block purged and embargoed on its own: 15 splits that assemble into 5
# backtest paths.
show(
    CombinatorialPurgedCV(6, 2, horizon="5D", embargo="3D"),
    title="CombinatorialPurgedCV(6, 2, horizon='5D', embargo='3D')",
    height=4.5,
)

# %%
# ``GroupTimeSeriesSplit``: walk forward over time buckets given as ``groups`` (here
# ISO weeks), each bucket whole on one side.
show(GroupTimeSeriesSplit(5), groups=weeks, title="GroupTimeSeriesSplit(5) over weeks")
