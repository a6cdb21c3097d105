"""Findings of the leakage audit and the report that holds them."""

import json
import textwrap

import pandas as pd

from safesplit._exceptions import LeakageError
from safesplit.report._finding import (
    SEVERITIES,
    SEVERITY_RANK,
    _check_severity,
    _plain,
    check_findings,
    check_summary,
)
from safesplit.report._html import report_fragment, report_page
from safesplit.report._splits import SplitSketch

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
    splits : SplitSketch, default=None
        A small description of the splits the audit validated with (their roles
        over time), which :meth:`to_html` draws.

    Attributes
    ----------
    findings : list of Finding
        Sorted from ``"high"`` to ``"info"``.
    summary : dict
        What was audited and how.
    cv : cross-validation splitter or None
        The splitter the audit used.
    splits : SplitSketch or None
        The splits the audit validated with, as the HTML report draws them.

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

    def __init__(self, findings, summary=None, *, cv=None, splits=None):
        self.findings = sorted(
            check_findings(findings),
            key=lambda finding: (SEVERITY_RANK[finding.severity], finding.kind),
        )
        self.summary = check_summary(summary)
        self.cv = cv
        if splits is not None and not isinstance(splits, SplitSketch):
            raise TypeError(
                "splits must be a SplitSketch (safesplit.report.SplitSketch) or "
                f"None, got {type(splits).__name__}."
            )
        self.splits = splits

    def __setstate__(self, state):
        # Reports pickled before they carried their splits.
        state.setdefault("splits", None)
        self.__dict__.update(state)

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
            The findings at or above ``severity``, most severe first.

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
        """The highest severity found, or None without findings.

        Returns
        -------
        severity : str or None
            ``"high"``, ``"medium"``, ``"low"``, ``"info"`` or None.
        """
        return self.findings[0].severity if self.findings else None

    def to_frame(self):
        """The findings as a DataFrame, one row per finding.

        Returns
        -------
        frame : pandas.DataFrame
            Columns ``severity``, ``kind``, ``code``, ``columns``, ``folds``,
            ``message`` and ``evidence``.

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
            ``schema_version``, ``summary``, ``counts`` and ``findings``.

        Examples
        --------
        >>> from safesplit import LeakageReport
        >>> from safesplit.report import Finding
        >>> LeakageReport([Finding("duplicate", "low", "L1.4")]).to_dict()["counts"]
        {'high': 0, 'medium': 0, 'low': 1, 'info': 0}
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
            The JSON document (see ``docs/report_schema.md``).

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
            A bold summary line, the counts, and a table of the findings.

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
        # In a notebook: the page's content, its style scoped to the report.
        return report_fragment(self)

    def to_html(self):
        """The report as a self-contained HTML page.

        The page needs no network and no script: its style sheet and figures are
        inline (SVG). It shows what was audited, the counts per severity, each
        finding with its evidence drawn and its fix, and the splits the audit
        validated with. It reflows to one column on a phone. In a notebook the
        report renders as the same content.

        Returns
        -------
        text : str
            The page, from ``<!DOCTYPE html>`` to ``</html>``.

        Examples
        --------
        >>> from safesplit import LeakageReport
        >>> from safesplit.report import Finding
        >>> finding = Finding("identifier", "high", "L2", ["lead_id"], [],
        ...                   {"skill_alone": 0.9}, "An ID that encodes the outcome.")
        >>> page = LeakageReport([finding]).to_html()
        >>> page.startswith("<!DOCTYPE html>"), page.count("<svg")
        (True, 1)
        """
        return report_page(self)

    # ----------------------------------------------------------------------------
    # Plot.

    def plot(self, ax=None):
        """Draw each finding with its evidence.

        Under a heading per finding (on a band of its severity's colour), the
        charts of the HTML report: for example a column's score
        alone, of the other features without it and of all features; per split,
        the share of test rows whose entity or copy is in training, or of training
        rows whose labels overlap the test period; shuffled against time-ordered
        folds. Each chart has its own scale, its values written at the bars;
        bars of scores start at chance. Needs matplotlib (the ``plot`` extra).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, default=None
            Where to draw; a new figure when None.

        Returns
        -------
        ax : matplotlib.axes.Axes
            The axes drawn on, without ticks: its texts are the findings'
            headings, the charts' titles, the bars' labels and values.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from safesplit import LeakageReport
        >>> from safesplit.report import Finding
        >>> evidence = {"skill_alone": 0.98, "skill_other_features": 0.3}
        >>> finding = Finding("target_proxy", "high", "L2", ["refund"], [], evidence)
        >>> ax = LeakageReport([finding]).plot()
        >>> [text.get_text() for text in ax.texts][:5]  # doctest: +NORMALIZE_WHITESPACE
        ['target_proxy (L2): refund', 'high',
         'ROC AUC out of fold (bars start at chance, 0.5)',
         'refund alone', '0.990']
        """
        from safesplit.report._plot import plot_report

        return plot_report(self, ax=ax)


__all__ = ["LeakageReport"]
