"""The findings of a report and their evidence, drawn (matplotlib, imported when
used).

The evidence charts are the HTML report's (``_evidence``): a column's skill alone,
without it and of the rest; the share of test rows that share an entity or a copy
with training, per split; the shuffled against the time-ordered score... Each
finding is a heading row followed by its charts, one bar per row,
every chart on its own scale with the values written at the bars. The axes has no
ticks: each text says what it is.
"""

import textwrap

from safesplit._optional import check_axes, pyplot
from safesplit.model_selection._engine import ROLE_NAMES
from safesplit.plotting import ROLE_COLORS
from safesplit.report._evidence import evidence_charts, flat_evidence
from safesplit.report._finding import SEVERITY_COLORS
from safesplit.report._svg import EMPHASIS_COLOR, OTHER_COLOR, STACK_ORDER

# Horizontal layout, in axes units: labels on the left, bars on the right.
LABEL_END = 0.46
BAR_START, BAR_END = 0.48, 0.9
ROW_INCHES = 0.26
# A chart's title and note longer than this take two rows.
TITLE_CHARACTERS = 110


def finding_label(finding):
    """``"kind (code): columns"`` (or the splits, or "whole data")."""
    what = ", ".join(finding.columns[:3]) or (
        f"splits {', '.join(map(str, finding.folds[:4]))}"
        if finding.folds
        else "whole data"
    )
    if len(finding.columns) > 3:
        what += f" +{len(finding.columns) - 3}"
    return f"{finding.kind} ({finding.code}): {what}"


def plot_rows(report):
    """The rows of the figure, top to bottom: ``("finding", finding)``,
    ``("title", str)`` (a chart's title or note), ``("bar", (chart, bar))`` and
    ``("text", str)``."""
    rows = []
    metric = report.summary.get("metric")
    for finding in report.findings:
        rows.append(("finding", finding))
        charts = evidence_charts(finding, metric)
        for chart in charts:
            title = chart.title + (f" ({chart.note})" if chart.note else "")
            if len(title) > TITLE_CHARACTERS:
                rows += [("title", chart.title), ("title", f"({chart.note})")]
            else:
                rows.append(("title", title))
            rows += [("bar", (chart, bar)) for bar in chart.bars]
        if not charts:
            numbers, _ = flat_evidence(finding.evidence, limit=3, max_rows=3)
            text = "; ".join(f"{name} {value}" for name, value in numbers)
            rows.append(("text", text or "no numbers recorded"))
    return rows


def _draw_row(ax, y, kind, payload):
    if kind == "finding":
        ax.axhspan(
            y - 0.5, y + 0.5, color=SEVERITY_COLORS[payload.severity], alpha=0.35, lw=0
        )
        ax.text(0.01, y, finding_label(payload), va="center", weight="bold")
        ax.text(0.995, y, payload.severity, ha="right", va="center", fontsize=9)
    elif kind == "title":
        ax.text(0.01, y, payload, va="center", fontsize=8, style="italic", color="#444")
    elif kind == "text":
        ax.text(0.03, y, payload, va="center", fontsize=8, color="#444")
    else:
        chart, bar = payload
        width = BAR_END - BAR_START

        def x(value):
            return BAR_START + chart.position(value) * width

        start, end = sorted((x(chart.baseline), x(bar.value)))
        ax.text(0.03, y, bar.label, va="center", fontsize=8)
        ax.barh(
            y,
            max(end - start, 0.002),
            left=start,
            height=0.6,
            color=EMPHASIS_COLOR if bar.emphasis else OTHER_COLOR,
        )
        ax.text(end + 0.01, y, bar.text, va="center", fontsize=8)
        if chart.baseline > chart.low:
            base = x(chart.baseline)
            ax.plot([base, base], [y - 0.45, y + 0.45], color="#555", lw=0.8, ls=":")


def plot_report(report, ax=None):
    """Draw the findings of a :class:`~safesplit.LeakageReport` and their evidence."""
    plt = pyplot()
    check_axes(ax)
    rows = plot_rows(report)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.6 + ROW_INCHES * max(len(rows), 2)))
    if not rows:
        ax.text(0.5, 0.5, "no leakage found", ha="center", va="center", fontsize=12)
        ax.set_axis_off()
        return ax
    for y, (kind, payload) in enumerate(rows):
        _draw_row(ax, y, kind, payload)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_axis_off()
    ax.set_title("leakage findings and their evidence", loc="left")
    ax.figure.tight_layout()
    return ax


def plot_split_sketch(sketch, ax=None):
    """Draw a :class:`~safesplit.report.SplitSketch`: one bar per split over the
    rows in time order, each bin coloured by the shares of its roles (stacked), in
    the colours of :func:`~safesplit.plot_splits`. It draws the splits the audit
    validated with, as the HTML report does."""
    plt = pyplot()
    from matplotlib.patches import Patch, Rectangle

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 1.2 + 0.35 * sketch.n_splits))
    codes = {name: code for code, name in ROLE_NAMES.items()}
    for split in range(sketch.n_splits):
        for first, length, shares in sketch.runs(split):
            bottom = split - 0.4
            for role in STACK_ORDER:
                if role in shares:
                    height = 0.8 * shares[role]
                    ax.add_patch(
                        Rectangle(
                            (first, bottom),
                            length,
                            height,
                            facecolor=ROLE_COLORS[codes[role]],
                            edgecolor="none",
                        )
                    )
                    bottom += height
    ax.set_xlim(0, sketch.n_bins)
    ax.set_ylim(sketch.n_splits - 0.5, -0.5)
    ax.set_yticks(range(sketch.n_splits))
    ax.set_yticklabels([f"split {i}" for i in range(sketch.n_splits)])
    ax.set_xticks([position * sketch.n_bins for position, _ in sketch.ticks])
    ax.set_xticklabels([label for _, label in sketch.ticks])
    ax.set_xlabel(sketch.axis, loc="right")
    ax.set_title(textwrap.fill(sketch.description, 120), loc="left", fontsize=9)
    handles = [
        Patch(facecolor=ROLE_COLORS[codes[name]], label=name.replace("_", " "))
        for name in sketch.roles_present()
    ]
    # Below the axes, left of the axis label: the title may take the whole width.
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, -0.08),
        ncol=len(handles),
        frameon=False,
    )
    return ax
