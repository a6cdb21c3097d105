"""The findings of a report drawn at a glance (matplotlib, imported when used)."""

from safesplit._optional import check_axes, pyplot
from safesplit.report._finding import SEVERITIES, SEVERITY_COLORS


def plot_report(report, ax=None):
    """Draw the findings of a :class:`~safesplit.LeakageReport` as bars."""
    plt = pyplot()
    check_axes(ax)
    findings = report.findings
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.2 + 0.45 * max(len(findings), 1)))
    levels = {name: len(SEVERITIES) - rank for rank, name in enumerate(SEVERITIES)}
    if not findings:
        ax.text(0.5, 0.5, "no leakage found", ha="center", va="center", fontsize=12)
        ax.set_axis_off()
        return ax
    labels = []
    for position, finding in enumerate(findings):
        what = ", ".join(finding.columns[:3]) or (
            f"splits {', '.join(map(str, finding.folds[:4]))}"
            if finding.folds
            else "whole data"
        )
        if len(finding.columns) > 3:
            what += f" +{len(finding.columns) - 3}"
        labels.append(f"{finding.kind} ({finding.code}): {what}")
        ax.barh(
            position,
            levels[finding.severity],
            color=SEVERITY_COLORS[finding.severity],
            edgecolor="#333333",
            linewidth=0.5,
        )
    ax.set_yticks(range(len(findings)))
    ax.set_yticklabels(labels)
    ax.set_ylim(len(findings) - 0.5, -0.5)
    ax.set_xticks([levels[name] for name in SEVERITIES])
    ax.set_xticklabels(list(SEVERITIES))
    ax.set_xlim(0, len(SEVERITIES) + 0.2)
    ax.set_xlabel("severity")
    ax.set_title("leakage findings")
    ax.figure.tight_layout()
    return ax
