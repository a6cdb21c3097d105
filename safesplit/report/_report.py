"""Findings of the leakage audit and the report that holds them."""

import html
import json
import textwrap

import pandas as pd

from safesplit._exceptions import LeakageError
from safesplit.report._finding import (
    SEVERITIES,
    SEVERITY_COLORS,
    SEVERITY_RANK,
    _check_severity,
    _plain,
    check_findings,
    check_summary,
)

# The version of the layout of to_dict / to_json: MAJOR.MINOR, the minor number
# grows when a field is added, the major one when a field changes or goes.
SCHEMA_VERSION = "1.0"


def _short_list(values, limit=4):
    values = [str(value) for value in values]
    if len(values) <= limit:
        return ", ".join(values)
    return ", ".join(values[:limit]) + f" (+{len(values) - limit})"


def _fitting_list(values, width):
    """As many values as fit in ``width`` characters, then how many more."""
    values = [str(value) for value in values]
    for shown in range(len(values), 0, -1):
        text = ", ".join(values[:shown])
        if shown < len(values):
            text += f" (+{len(values) - shown})"
        if len(text) <= width or shown == 1:
            return text
    return ""


class LeakageReport:
    """The result of :func:`~safesplit.audit`: findings sorted by severity.

    Parameters
    ----------
    findings : list of Finding
        What the audit found.
    summary : dict, default=None
        What was audited and how: rows, columns, target type, the
        cross-validation and model used, their scores, run time.
    cv : cross-validation splitter, default=None
        The splitter the audit used (for :func:`~safesplit.plot_splits`).

    Attributes
    ----------
    findings : list of Finding
        Sorted from ``"high"`` to ``"info"``.
    summary : dict
    cv : cross-validation splitter or None

    Examples
    --------
    >>> from safesplit import LeakageReport
    >>> from safesplit.report import Finding
    >>> report = LeakageReport(
    ...     [Finding("duplicate", "medium", "L1.4", [], [0], {"n": 3}, "3 copies.")]
    ... )
    >>> report.to_frame()[["severity", "kind", "code"]]
      severity       kind  code
    0   medium  duplicate  L1.4
    >>> report.raise_for("high") is report
    True
    """

    def __init__(self, findings, summary=None, *, cv=None):
        self.findings = sorted(
            check_findings(findings),
            key=lambda finding: (SEVERITY_RANK[finding.severity], finding.kind),
        )
        self.summary = check_summary(summary)
        self.cv = cv

    def __len__(self):
        return len(self.findings)

    def __iter__(self):
        return iter(self.findings)

    def at_least(self, severity):
        """Findings at or above ``severity`` (``"high"`` > ... > ``"info"``).

        Parameters
        ----------
        severity : {"high", "medium", "low", "info"}

        Returns
        -------
        findings : list of Finding

        Examples
        --------
        >>> from safesplit import LeakageReport
        >>> from safesplit.report import Finding
        >>> report = LeakageReport([Finding("duplicate", "low", "L1.4")])
        >>> len(report.at_least("medium")), len(report.at_least("low"))
        (0, 1)
        """
        rank = SEVERITY_RANK[_check_severity(severity)]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] <= rank]

    @property
    def worst(self):
        """The highest severity found, or None without findings."""
        return self.findings[0].severity if self.findings else None

    def to_frame(self):
        """One row per finding: severity, kind, code, columns, folds, message,
        evidence.

        Returns
        -------
        frame : pandas.DataFrame

        Examples
        --------
        >>> from safesplit import LeakageReport
        >>> from safesplit.report import Finding
        >>> report = LeakageReport([Finding("identifier", "high", "L2", ["id"])])
        >>> report.to_frame()[["severity", "kind", "columns"]]
          severity        kind columns
        0     high  identifier    [id]
        """
        columns = ["severity", "kind", "code", "columns", "folds", "message"]
        rows = [
            {
                "severity": f.severity,
                "kind": f.kind,
                "code": f.code,
                "columns": list(f.columns),
                "folds": list(f.folds),
                "message": f.message,
                "evidence": dict(f.evidence),
            }
            for f in self.findings
        ]
        return pd.DataFrame(rows, columns=[*columns, "evidence"])

    def to_dict(self):
        """The report as plain JSON-friendly values (what :meth:`to_json` dumps).

        The layout is versioned by ``"schema_version"`` and documented in
        ``docs/report_schema.md``: a field is only ever added within a major
        version, so a CI script that reads version 1 keeps working.

        Returns
        -------
        data : dict
        """
        counts = {name: 0 for name in SEVERITIES}
        for finding in self.findings:
            counts[finding.severity] += 1
        return {
            "schema_version": SCHEMA_VERSION,
            "summary": _plain(self.summary),
            "counts": counts,
            "findings": [finding.to_dict() for finding in self.findings],
        }

    def to_json(self, **kwargs):
        """The report as a JSON string: summary, counts per severity, findings.

        Parameters
        ----------
        **kwargs
            Passed to :func:`json.dumps` (default ``indent=2``).

        Returns
        -------
        text : str

        Examples
        --------
        >>> import json
        >>> from safesplit import LeakageReport
        >>> from safesplit.report import Finding
        >>> report = LeakageReport([Finding("duplicate", "low", "L1.4", folds=[2])])
        >>> json.loads(report.to_json())["counts"]
        {'high': 0, 'medium': 0, 'low': 1, 'info': 0}
        """
        kwargs.setdefault("indent", 2)
        return json.dumps(self.to_dict(), **kwargs)

    def raise_for(self, severity="high"):
        """Raise :class:`~safesplit.LeakageError` when a finding reaches ``severity``.

        Parameters
        ----------
        severity : {"high", "medium", "low", "info"}, default="high"

        Returns
        -------
        report : LeakageReport
            The report itself when nothing reaches ``severity``.

        Raises
        ------
        LeakageError
            Listing every finding at or above ``severity``.

        Examples
        --------
        >>> from safesplit import LeakageError, LeakageReport
        >>> from safesplit.report import Finding
        >>> report = LeakageReport([Finding("group", "medium", "L3.2", ["user"])])
        >>> report.raise_for("high") is report
        True
        >>> try:
        ...     report.raise_for("medium")
        ... except LeakageError as error:
        ...     print(error)
        1 leakage finding(s) at or above 'medium':
        medium group (L3.2) [user]:
        """
        found = self.at_least(severity)
        if found:
            lines = [
                f"{f.severity} {f.kind} ({f.code})"
                + (f" [{_short_list(f.columns)}]" if f.columns else "")
                + f": {f.message}"
                for f in found
            ]
            raise LeakageError(
                f"{len(found)} leakage finding(s) at or above {severity!r}:\n"
                + "\n".join(lines)
            )
        return self

    # ----------------------------------------------------------------------------
    # Text, markdown and HTML.

    def _header_lines(self):
        s = self.summary
        lines = []
        if "n_samples" in s:
            lines.append(
                f"Leakage audit of {s['n_samples']:,} rows x {s['n_features']} "
                f"feature columns; target {s.get('target_type', '?')}."
            )
        if s.get("cv"):
            lines.append(f"Validation: {s['cv']}.")
        if s.get("model"):
            score = s.get("model_score")
            text = f"Model: {s['model']}"
            if score is not None:
                text += f", {s.get('metric', 'score')} {score:.3f}"
            if s.get("n_model_rows") and s["n_model_rows"] < s.get("n_samples", 0):
                text += f" (on a sample of {s['n_model_rows']:,} rows)"
            lines.append(text + ".")
        return lines

    def _counts_line(self):
        if not self.findings:
            return "No leakage found."
        counts = [
            f"{sum(f.severity == name for f in self.findings)} {name}"
            for name in SEVERITIES
            if any(f.severity == name for f in self.findings)
        ]
        return f"{len(self.findings)} finding(s): " + ", ".join(counts) + "."

    def __str__(self):
        lines = self._header_lines()
        lines.append(self._counts_line())
        if self.findings:
            lines.append("")
            lines.append(f"{'severity':<8}  {'kind':<13}  {'code':<4}  columns")
            for f in self.findings:
                columns = _fitting_list(f.columns, 62) or "-"
                if f.folds and not f.columns:
                    columns = f"splits {_short_list(f.folds, 6)}"
                lines.append(f"{f.severity:<8}  {f.kind:<13}  {f.code:<4}  {columns}")
                lines.extend(
                    textwrap.wrap(
                        f.message,
                        width=88,
                        initial_indent=" " * 10,
                        subsequent_indent=" " * 10,
                    )
                )
        return "\n".join(lines)

    def __repr__(self):
        return f"<LeakageReport: {self._counts_line()}>"

    def to_markdown(self):
        """The report as a Markdown table (for pull requests and CI summaries).

        Returns
        -------
        text : str

        Examples
        --------
        >>> from safesplit import LeakageReport
        >>> print(LeakageReport([]).to_markdown())
        <BLANKLINE>
        No leakage found.
        <BLANKLINE>
        """
        lines = [
            f"**{line}**" if i == 0 else line
            for i, line in enumerate(self._header_lines())
        ]
        lines += ["", self._counts_line()]
        if self.findings:
            lines += [
                "",
                "| severity | kind | code | columns | message |",
                "| --- | --- | --- | --- | --- |",
            ]
            for f in self.findings:
                cells = [
                    f.severity,
                    f.kind,
                    f.code,
                    _short_list(f.columns) or "-",
                    f.message,
                ]
                lines.append(
                    "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
                )
        return "\n".join(lines) + "\n"

    def _repr_html_(self):
        escape = html.escape
        parts = ["<div>"]
        for line in self._header_lines():
            parts.append(f"<p>{escape(line)}</p>")
        parts.append(f"<p><b>{escape(self._counts_line())}</b></p>")
        if self.findings:
            parts.append(
                "<table><thead><tr><th>severity</th><th>kind</th><th>code</th>"
                "<th>columns</th><th>folds</th><th>message</th></tr></thead><tbody>"
            )
            for f in self.findings:
                colour = SEVERITY_COLORS[f.severity]
                parts.append(
                    f'<tr><td style="background:{colour}">{escape(f.severity)}</td>'
                    f"<td>{escape(f.kind)}</td><td>{escape(f.code)}</td>"
                    f"<td>{escape(_short_list(f.columns, 8))}</td>"
                    f"<td>{escape(_short_list(f.folds, 8))}</td>"
                    f"<td>{escape(f.message)}</td></tr>"
                )
            parts.append("</tbody></table>")
        parts.append("</div>")
        return "".join(parts)

    def to_html(self):
        """A stand-alone HTML page of the report.

        Returns
        -------
        text : str

        Examples
        --------
        >>> from safesplit import LeakageReport
        >>> LeakageReport([]).to_html().startswith("<!DOCTYPE html>")
        True
        """
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            "<title>safesplit leakage audit</title><style>"
            "body{font-family:sans-serif}table{border-collapse:collapse}"
            "td,th{border:1px solid #999;padding:4px;vertical-align:top}"
            "</style></head><body>" + self._repr_html_() + "</body></html>\n"
        )

    # ----------------------------------------------------------------------------
    # Plot.

    def plot(self, ax=None):
        """Draw the findings at a glance: one bar per finding, by severity.

        Needs matplotlib (the ``plot`` extra).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, default=None
            Where to draw; a new figure when None.

        Returns
        -------
        ax : matplotlib.axes.Axes

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from safesplit import LeakageReport
        >>> from safesplit.report import Finding
        >>> ax = LeakageReport([Finding("duplicate", "high", "L1.4")]).plot()
        >>> [label.get_text() for label in ax.get_yticklabels()]
        ['duplicate (L1.4): whole data']
        """
        from safesplit.report._plot import plot_report

        return plot_report(self, ax=ax)


__all__ = ["LeakageReport"]
