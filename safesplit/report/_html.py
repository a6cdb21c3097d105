"""The report as HTML: a self-contained page, and the same as a notebook fragment.

Everything is inline: the style sheet, the figures (SVG) and no script, so the page
opens offline, from a CI artefact or an e-mail. The style is scoped to
``.ss-report`` so that a notebook's own style and the report's do not mix, and it
reflows to one column on a phone.
"""

from html import escape

from safesplit.model_selection._engine import ROLE_NAMES
from safesplit.plotting import ROLE_COLORS, ROLE_LABELS
from safesplit.report._evidence import (
    evidence_charts,
    flat_evidence,
    strongest_columns_chart,
)
from safesplit.report._finding import SEVERITIES, SEVERITY_COLORS
from safesplit.report._fixes import fix_for
from safesplit.report._svg import chart_svg, splits_svg, swatch_svg

STYLE = """
.ss-report{--ss-text:#1f2328;--ss-muted:#57606a;--ss-line:#d0d7de;
 font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ss-text);
 line-height:1.45;max-width:56rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}
.ss-report h1{font-size:1.6rem;margin:0 0 .4rem}
.ss-report h2{font-size:1.2rem;margin:1.6rem 0 .5rem}
.ss-report h3{font-size:1.05rem;margin:0 0 .4rem}
.ss-report p{margin:.4rem 0}
.ss-report .ss-lead{color:var(--ss-muted)}
.ss-report dl.ss-summary{display:grid;grid-template-columns:max-content 1fr;
 gap:.2rem 1rem;margin:.8rem 0}
.ss-report dl.ss-summary dt{font-weight:600}
.ss-report dl.ss-summary dd{margin:0}
.ss-report ul.ss-counts{list-style:none;padding:0;margin:.8rem 0;display:flex;
 flex-wrap:wrap;gap:.5rem}
.ss-report ul.ss-counts li{border:1px solid var(--ss-line);border-radius:.4rem;
 padding:.3rem .7rem;background:#fff}
.ss-report .ss-badge{display:inline-block;border-radius:.3rem;padding:0 .45rem;
 font-size:.85em;font-weight:600;color:#000;margin-right:.35rem}
.ss-report section.ss-finding{border:1px solid var(--ss-line);
 border-left-width:.5rem;border-radius:.4rem;padding:.8rem 1rem;margin:1rem 0;
 background:#fff}
.ss-report figure{margin:.8rem 0}
.ss-report figcaption{font-size:.9em;color:var(--ss-muted);margin-bottom:.3rem}
.ss-report figcaption strong{color:var(--ss-text)}
.ss-report svg.ss-figure{display:block;width:100%;max-width:28rem;height:auto}
.ss-report .ss-splits svg.ss-figure{max-width:40rem}
.ss-report svg.ss-swatch{width:.8em;height:.8em;vertical-align:-.05em;
 margin-right:.25em}
.ss-report ul.ss-legend{list-style:none;padding:0;margin:.3rem 0;display:flex;
 flex-wrap:wrap;gap:.2rem 1rem;font-size:.9em}
.ss-report .ss-fix{background:#f6f8fa;border-radius:.4rem;padding:.5rem .8rem;
 margin:.6rem 0}
.ss-report pre{overflow-x:auto;background:#fff;border:1px solid var(--ss-line);
 border-radius:.3rem;padding:.5rem;margin:.4rem 0 0;font-size:.85em}
.ss-report details{margin-top:.5rem}
.ss-report summary{cursor:pointer;color:var(--ss-muted)}
.ss-report .ss-table{overflow-x:auto}
.ss-report table{border-collapse:collapse;font-size:.85em;margin-top:.4rem}
.ss-report td,.ss-report th{border:1px solid var(--ss-line);padding:.2rem .5rem;
 text-align:left;vertical-align:top}
.ss-report footer{margin-top:2rem;font-size:.85em;color:var(--ss-muted)}
@media (max-width:40rem){.ss-report{padding:.6rem}
 .ss-report dl.ss-summary{grid-template-columns:1fr;gap:0;font-size:.9em}
 .ss-report dl.ss-summary dd{margin-bottom:.3rem}
 .ss-report section.ss-finding{padding:.6rem .7rem}}
"""


def _badge(severity):
    colour = SEVERITY_COLORS[severity]
    return f'<span class="ss-badge" style="background:{colour}">{severity}</span>'


def _figure(caption, svg, extra=""):
    return f"<figure><figcaption>{caption}</figcaption>{svg}{extra}</figure>"


def _chart_figure(chart):
    note = f" ({escape(chart.note)})" if chart.note else ""
    return _figure(f"<strong>{escape(chart.title)}</strong>{note}", chart_svg(chart))


def _summary(summary):
    """``<dl>`` of what was audited; only what the summary holds."""
    rows = []
    if summary.get("target_type"):
        rows.append(("Target", str(summary["target_type"])))
    if summary.get("times"):
        rows.append(("Times from", str(summary["times"])))
    if summary.get("cv"):
        rows.append(("Validation", str(summary["cv"])))
    if summary.get("model"):
        text = str(summary["model"])
        score = summary.get("model_score")
        if isinstance(score, int | float):
            text += f"; {summary.get('metric', 'score')} {score:.3f} out of fold"
        rows.append(("Model", text))
    if summary.get("n_new_rows"):
        rows.append(("Rows at prediction time", f"{summary['n_new_rows']:,}"))
    if summary.get("checks"):
        rows.append(("Checks", ", ".join(map(str, summary["checks"]))))
    if isinstance(summary.get("seconds"), int | float):
        rows.append(("Run time", f"{summary['seconds']:.1f} s"))
    if not rows:
        return ""
    cells = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f'<dl class="ss-summary">{cells}</dl>'


def _counts(findings):
    counts = {name: sum(f.severity == name for f in findings) for name in SEVERITIES}
    items = "".join(
        f"<li>{_badge(name)}{counts[name]} finding{'s' if counts[name] != 1 else ''}"
        "</li>"
        for name in SEVERITIES
    )
    return f'<ul class="ss-counts" aria-label="findings per severity">{items}</ul>'


def _evidence_table(finding):
    rows, left_out = flat_evidence(finding.evidence)
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape(text)}</td></tr>"
        for name, text in rows
    )
    more = f"<p>... and {left_out} more numbers (see the JSON report).</p>"
    return (
        "<details><summary>The numbers behind it</summary>"
        f'<div class="ss-table"><table><tbody>{body}</tbody></table></div>'
        f"{more if left_out else ''}</details>"
    )


def _finding_section(number, finding, metric):
    what = ", ".join(finding.columns[:6])
    if len(finding.columns) > 6:
        what += f" (+{len(finding.columns) - 6})"
    if not what and finding.folds:
        what = "splits " + ", ".join(map(str, finding.folds[:8]))
        if len(finding.folds) > 8:
            what += f" (+{len(finding.folds) - 8})"
    heading = f"{escape(finding.kind)} ({escape(finding.code)})"
    if what:
        heading += f": {escape(what)}"
    charts = "".join(_chart_figure(c) for c in evidence_charts(finding, metric))
    fix = fix_for(finding)
    code = f"<pre><code>{escape(fix.code)}</code></pre>" if fix.code else ""
    colour = SEVERITY_COLORS[finding.severity]
    return (
        f'<section class="ss-finding" id="finding-{number}" '
        f'style="border-left-color:{colour}">'
        f"<h3>{_badge(finding.severity)}{heading}</h3>"
        f"<p>{escape(finding.message)}</p>{charts}"
        f'<div class="ss-fix"><strong>Fix.</strong> {escape(fix.text)}{code}</div>'
        f"{_evidence_table(finding)}</section>"
    )


def _splits_section(sketch):
    if sketch is None:
        return ""
    codes = {name: code for code, name in ROLE_NAMES.items()}
    legend = "".join(
        f"<li>{swatch_svg(ROLE_COLORS[codes[name]])}"
        f"{escape(ROLE_LABELS[codes[name]])}</li>"
        for name in sketch.roles_present()
    )
    caption = (
        f"<strong>{escape(sketch.description)}</strong>: "
        f"{sketch.n_splits} split(s) over {sketch.n_samples:,} rows"
        + (
            f"; each of {sketch.n_bins} bins of rows shows the shares of its rows "
            "in each role, stacked"
            if sketch.n_bins < sketch.n_samples
            else ""
        )
    )
    return (
        '<section class="ss-splits"><h2>The validation audited</h2>'
        + _figure(caption, splits_svg(sketch), f'<ul class="ss-legend">{legend}</ul>')
        + "</section>"
    )


def report_fragment(report, *, heading_level=2):
    """The report as an HTML fragment with its scoped style (for a notebook)."""
    summary = report.summary
    findings = report.findings
    count = (
        "No leakage found."
        if not findings
        else f"{len(findings)} finding(s); the worst is {report.worst}."
    )
    parts = [
        f'<div class="ss-report"><style>{STYLE}</style>',
        f"<header><h{heading_level}>Leakage audit</h{heading_level}>",
        f'<p class="ss-lead">{escape(_lead(summary))} {escape(count)}</p>',
        _counts(findings),
        _summary(summary),
        "</header>",
    ]
    strongest = strongest_columns_chart(summary)
    if strongest is not None:
        parts.append(_chart_figure(strongest))
    if findings:
        parts.append("<h2>Findings</h2>")
        metric = summary.get("metric")
        parts += [_finding_section(i + 1, f, metric) for i, f in enumerate(findings)]
    parts.append(_splits_section(report.splits))
    parts.append("</div>")
    return "".join(parts)


def _lead(summary):
    if "n_samples" not in summary:
        return "A leakage report."
    return (
        f"{summary['n_samples']:,} rows x {summary.get('n_features', '?')} feature "
        "columns audited for leakage."
    )


def report_page(report):
    """The report as a stand-alone HTML page."""
    n = len(report.findings)
    title = "Leakage audit: " + (f"{n} finding(s)" if n else "no leakage found")
    body = report_fragment(report, heading_level=1)
    footer = (
        '<footer class="ss-report">Written by safesplit. The same report as JSON: '
        "<code>safesplit audit ... --format json</code> or "
        "<code>LeakageReport.to_json()</code>.</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        "<style>body{margin:0;background:#f6f8fa}</style></head>"
        f"<body><main>{body}</main>{footer}</body></html>\n"
    )
