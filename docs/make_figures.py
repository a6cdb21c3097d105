"""Draw the figures of the documentation into docs/_static/ (run from anywhere).

python docs/make_figures.py
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from safesplit import (
    PurgedKFold,
    WalkForward,
    audit,
    backtest_overfitting,
    plot_splits,
)
from safesplit._datasets import make_lead_data

STATIC = Path(__file__).resolve().parent / "_static"


def save(ax, name):
    ax.figure.savefig(STATIC / name, dpi=100, bbox_inches="tight")
    plt.close(ax.figure)
    print(f"wrote {STATIC / name}")


def main():
    STATIC.mkdir(exist_ok=True)
    # Daily data, three leads a day from 250 customers who come back at random.
    days = pd.Series(np.repeat(pd.date_range("2024-01-01", periods=120), 3))
    groups = np.random.default_rng(0).integers(0, 250, days.size)
    X = np.zeros((days.size, 1))
    save(
        plot_splits(
            PurgedKFold(6, horizon="5D", embargo="5D"), X, groups=groups, times=days
        ),
        "splits_purged.png",
    )
    save(
        plot_splits(
            WalkForward(5, train_size="30D", horizon="5D", gap="2D"), X, times=days
        ),
        "splits_walk_forward.png",
    )
    # A million rows: runs are drawn as rectangles, so this takes about a second.
    million = pd.Series(
        pd.Timestamp("2020-01-01")
        + pd.to_timedelta(
            np.sort(np.random.default_rng(0).integers(0, 1460, 10**6)), unit="D"
        )
    )
    save(
        plot_splits(
            PurgedKFold(10, horizon="10D", embargo="10D"),
            np.zeros((10**6, 1)),
            times=million,
        ),
        "splits_million.png",
    )
    # The README's figure: the lead-scoring audit, later leads as they arrived.
    X, y, created_at, X_at_creation = make_lead_data(n_leads=3000)
    later = (created_at >= pd.Timestamp("2023-07-01")).to_numpy()
    report = audit(X, y, times=created_at, X_new=X_at_creation[later])
    save(report.plot(), "audit_findings.png")
    # docs/overfitting.md: eight strategies without skill, 1000 business days.
    returns = np.random.default_rng(0).normal(0.0, 0.01, size=(1000, 8))
    axes = backtest_overfitting(returns, statistic="sharpe").plot()
    save(axes[0], "overfitting.png")


if __name__ == "__main__":
    main()
