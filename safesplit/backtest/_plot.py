"""An OverfittingReport drawn (matplotlib, imported when used)."""

import numpy as np

from safesplit._optional import pyplot


def plot_overfitting(report, axes=None):
    """The histogram of the logits (the share left of 0 is the PBO) and the
    in-sample winner's statistic in sample against out of sample."""
    plt = pyplot()
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 4))
    axes = np.asarray(axes, dtype=object).ravel()
    if axes.shape[0] != 2:
        raise ValueError(f"axes must be two matplotlib Axes, got {axes.shape[0]}.")
    logit_axes, scatter_axes = axes

    bins = np.unique(report.logits)
    if bins.size > 1:
        # One bar per distinct logit when there are few (there are at most
        # n_trials without ties), otherwise a plain histogram.
        edges = np.concatenate(
            [[bins[0] - 0.5], (bins[1:] + bins[:-1]) / 2, [bins[-1] + 0.5]]
        )
        edges = edges if bins.size <= 40 else 40
    else:
        edges = 1
    logit_axes.hist(report.logits, bins=edges, color="#4c72b0", edgecolor="white")
    logit_axes.axvline(0.0, color="#c44e52", linestyle="--", linewidth=1)
    logit_axes.set_xlabel("logit of the winner's out-of-sample rank")
    logit_axes.set_ylabel("combinations")
    logit_axes.set_title(f"probability of backtest overfitting {report.pbo:.2f}")

    scatter_axes.scatter(
        report.is_performance, report.oos_performance, s=8, alpha=0.4, color="#55a868"
    )
    if not np.isnan(report.degradation_slope):
        span = np.array([report.is_performance.min(), report.is_performance.max()])
        scatter_axes.plot(
            span,
            report.degradation_intercept + report.degradation_slope * span,
            color="#333333",
            linewidth=1,
            label=f"slope {report.degradation_slope:.2f}",
        )
        scatter_axes.legend(loc="best")
    scatter_axes.axhline(report.loss_threshold, color="#c44e52", linestyle="--", lw=1)
    scatter_axes.set_xlabel(f"in-sample {report.statistic} of the winner")
    scatter_axes.set_ylabel(f"out-of-sample {report.statistic}")
    scatter_axes.set_title(f"probability of loss {report.probability_of_loss:.2f}")
    axes[0].figure.tight_layout()
    return axes
