"""The report of ``safesplit.lint``: findings located in source files.

A :class:`LintReport` is a :class:`~safesplit.LeakageReport` whose findings carry
their place in ``evidence`` (``path``, ``cell``, ``line``, ``col``); it renders as
``path:line:col CODE message`` lines (``path:cell N:line:col`` in a notebook) and as
SARIF 2.1.0 for code-scanning tools. The summary says how many files were linted
and lists what could not be (``problems``).
"""

import json

from safesplit.report._report import LeakageReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVELS = {"high": "error", "medium": "warning", "low": "note", "info": "note"}


def _place(finding):
    evidence = finding.evidence
    return (
        str(evidence.get("path", "")),
        -1 if evidence.get("cell") is None else int(evidence["cell"]),
        int(evidence.get("line", 0)),
        int(evidence.get("col", 0)),
        finding.code,
    )


def location_text(finding):
    """``path:line:col`` or ``path:cell N:line:col`` of a finding."""
    evidence = finding.evidence
    where = str(evidence.get("path", "<source>"))
    if evidence.get("cell") is not None:
        where += f":cell {evidence['cell']}"
    return f"{where}:{evidence.get('line', 0)}:{evidence.get('col', 0)}"


class LintReport(LeakageReport):
    """Findings of :func:`~safesplit.lint`, with their places in the source.

    Parameters
    ----------
    findings : list of Finding
        Each with ``path``, ``cell``, ``line`` and ``col`` in its evidence.
    summary : dict, default=None
        ``files`` (how many were read), ``linted`` (how many were linted whole),
        ``problems`` (one line per file or cell that was skipped), ``rules``.
    rules : sequence of Rule, default=()
        The rules that ran (for the SARIF rule list).

    Examples
    --------
    >>> from safesplit.report import Finding
    >>> from safesplit.report._lint_report import LintReport
    >>> finding = Finding(
    ...     "preprocessing", "medium", "L1.2",
    ...     evidence={"path": "fit.py", "cell": None, "line": 3, "col": 5},
    ...     message="StandardScaler is fitted on every row.",
    ... )
    >>> print(LintReport([finding], {"files": 1, "linted": 1}))
    fit.py:3:5 L1.2 StandardScaler is fitted on every row.
    1 finding(s) in 1 file(s): 1 medium.
    """

    def __init__(self, findings, summary=None, *, rules=()):
        super().__init__(findings, summary)
        self.rules = tuple(rules)

    @property
    def problems(self):
        """The lines saying what could not be linted."""
        return list(self.summary.get("problems", []))

    def lines(self):
        """One ``path:line:col CODE message`` line per finding, in file order."""
        return [
            f"{location_text(finding)} {finding.code} {finding.message}"
            for finding in sorted(self.findings, key=_place)
        ]

    def _counts_line(self):
        files = self.summary.get("files", 0)
        if not self.findings:
            return f"No leakage found in {files} file(s)."
        counts = ", ".join(
            f"{sum(f.severity == name for f in self.findings)} {name}"
            for name in ("high", "medium", "low", "info")
            if any(f.severity == name for f in self.findings)
        )
        return f"{len(self.findings)} finding(s) in {files} file(s): {counts}."

    def __str__(self):
        return "\n".join([*self.lines(), self._counts_line()])

    def to_sarif(self, **kwargs):
        """The report as a SARIF 2.1.0 log (a JSON string), for code scanning.

        Parameters
        ----------
        **kwargs
            Passed to :func:`json.dumps` (default ``indent=2``).

        Returns
        -------
        text : str
        """
        kwargs.setdefault("indent", 2)
        return json.dumps(sarif_log(self), **kwargs)


def _sarif_region(evidence):
    region = {"startLine": max(int(evidence.get("line", 1)), 1)}
    if evidence.get("col"):
        region["startColumn"] = max(int(evidence["col"]), 1)
    return region


def _sarif_location(path, evidence, cell):
    location = {
        "physicalLocation": {
            "artifactLocation": {"uri": str(path).replace("\\", "/")},
            "region": _sarif_region(evidence),
        }
    }
    if cell is not None:
        location["properties"] = {"cell": cell}
    return location


def _sarif_rules(report):
    return [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.title},
        }
        for rule in report.rules
    ]


def sarif_log(report):
    """The SARIF 2.1.0 log of a :class:`LintReport`, as plain values."""
    rule_index = {rule.code: index for index, rule in enumerate(report.rules)}
    results = []
    for finding in sorted(report.findings, key=_place):
        evidence = finding.evidence
        path = evidence.get("path", "<source>")
        result = {
            "ruleId": finding.code,
            "level": _SARIF_LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [_sarif_location(path, evidence, evidence.get("cell"))],
            "properties": {"severity": finding.severity, "kind": finding.kind},
        }
        if finding.code in rule_index:
            result["ruleIndex"] = rule_index[finding.code]
        related = [
            dict(_sarif_location(path, place, place.get("cell")), id=number)
            for number, place in enumerate(evidence.get("related", []))
        ]
        if related:
            result["relatedLocations"] = related
        results.append(result)
    notifications = [
        {"level": "error" if "error:" in line else "note", "message": {"text": line}}
        for line in report.problems
    ]
    run = {
        "tool": {
            "driver": {
                "name": "safesplit lint",
                "version": str(report.summary.get("version", "")),
                "rules": _sarif_rules(report),
            }
        },
        "results": results,
        "invocations": [
            {
                "executionSuccessful": not any(
                    "error:" in line for line in report.problems
                ),
                "toolExecutionNotifications": notifications,
            }
        ],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
