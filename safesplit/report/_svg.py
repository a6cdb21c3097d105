"""Inline SVG drawings for the HTML report: evidence charts and the split plot.

Plain strings, no dependency: the report must open without network and without
matplotlib. Drawings scale to their container (``viewBox`` with ``width: 100%``), so
a narrow phone screen shrinks them instead of cutting them; labels sit on their own
line above each bar so that long column names fit.
"""

from html import escape

from safesplit.model_selection._engine import ROLE_NAMES
from safesplit.plotting import ROLE_COLORS

WIDTH = 300  # of a chart; 11-unit text stays legible on a phone
SPLITS_WIDTH = 420
FONT = 11
EMPHASIS_COLOR = "#0072B2"  # Okabe-Ito blue: the bar the finding is about
OTHER_COLOR = "#B8B8B8"
TEXT_COLOR = "#222222"
VALUE_SPACE = 48  # room right of the bars for the value
ROW = 30  # a bar's label line and its bar
BAR = 11


def _number(value):
    """SVG coordinates with at most two decimals."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(x, y, text, anchor="start", weight="normal"):
    extra = f' text-anchor="{anchor}"' if anchor != "start" else ""
    extra += ' font-weight="bold"' if weight == "bold" else ""
    return f'<text x="{_number(x)}" y="{_number(y)}"{extra}>{escape(text)}</text>'


def _rect(x, y, width, height, color):
    return (
        f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(max(width, 0.5))}" '
        f'height="{_number(max(height, 0.3))}" fill="{color}"/>'
    )


def _svg(height, title, body, width=WIDTH):
    return (
        f'<svg class="ss-figure" viewBox="0 0 {width} {_number(height)}" '
        f'role="img" font-size="{FONT}" fill="{TEXT_COLOR}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def chart_svg(chart):
    """A :class:`~safesplit.report._evidence.Chart` as an SVG element."""
    plot_width = WIDTH - VALUE_SPACE
    body = []
    for index, bar in enumerate(chart.bars):
        top = index * ROW
        body.append(_text(0, top + FONT, bar.label))
        start = chart.position(chart.baseline) * plot_width
        end = chart.position(bar.value) * plot_width
        left, right = min(start, end), max(start, end)
        color = EMPHASIS_COLOR if bar.emphasis else OTHER_COLOR
        body.append(_rect(left, top + FONT + 4, right - left, BAR, color))
        body.append(_text(right + 4, top + FONT + 4 + BAR - 1, bar.text))
    height = len(chart.bars) * ROW
    if chart.baseline > chart.low:
        # The baseline (chance) is inside the axis: draw it across every bar.
        x = chart.position(chart.baseline) * plot_width
        body.append(
            f'<line x1="{_number(x)}" y1="{FONT + 1}" x2="{_number(x)}" '
            f'y2="{_number(height)}" stroke="#555555" stroke-dasharray="2 2"/>'
        )
    summary = "; ".join(f"{bar.label}: {bar.text}" for bar in chart.bars)
    return _svg(height + 2, f"{chart.title}: {summary}", body)


SPLIT_LABEL = 48  # room left of the split rows for "split 12"
SPLIT_ROW = 14
SPLIT_BAR = 10


# Roles stacked from the top of a split's bar in this order.
STACK_ORDER = ("train", "test", "purged", "embargoed", "group_removed", "unused")


def splits_svg(sketch):
    """A :class:`~safesplit.report.SplitSketch` as an SVG element: one bar per
    split along the rows in time order, each bin of rows coloured by the shares of
    its roles (stacked), time labels below."""
    plot_width = SPLITS_WIDTH - SPLIT_LABEL - 4
    unit = plot_width / sketch.n_bins
    codes = {name: code for code, name in ROLE_NAMES.items()}
    body = []
    for split in range(sketch.n_splits):
        top = split * SPLIT_ROW
        body.append(_text(0, top + SPLIT_BAR - 1, f"split {split}"))
        for first, length, shares in sketch.runs(split):
            offset = 0.0
            for role in STACK_ORDER:
                if role not in shares:
                    continue
                height = shares[role] * SPLIT_BAR
                body.append(
                    _rect(
                        SPLIT_LABEL + first * unit,
                        top + offset,
                        length * unit,
                        height,
                        ROLE_COLORS[codes[role]],
                    )
                )
                offset += height
    axis_top = sketch.n_splits * SPLIT_ROW + FONT
    for position, label in sketch.ticks:
        x = SPLIT_LABEL + position * plot_width
        anchor = "start" if position < 0.2 else ("end" if position > 0.8 else "middle")
        body.append(_text(x, axis_top, label, anchor))
    body.append(
        _text(SPLIT_LABEL + plot_width / 2, axis_top + FONT + 4, sketch.axis, "middle")
    )
    title = f"The splits of {sketch.description}, over {sketch.n_samples:,} rows"
    return _svg(axis_top + FONT + 8, title, body, SPLITS_WIDTH)


def swatch_svg(color):
    """A small square of ``color`` for a legend."""
    return (
        '<svg class="ss-swatch" viewBox="0 0 10 10" aria-hidden="true">'
        f'<rect width="10" height="10" fill="{color}"/></svg>'
    )
