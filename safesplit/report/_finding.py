"""A finding: one suspected leak, with its kind, severity, code and evidence."""

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

SEVERITIES = ("high", "medium", "low", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
KINDS = (
    "target_proxy",
    "identifier",
    "temporal",
    "group",
    "duplicate",
    "preprocessing",
    "skew",
    "overlap",
    "test_reuse",
)
# Okabe-Ito colours, shared with the plots: vermillion, orange, yellow, sky blue.
SEVERITY_COLORS = {
    "high": "#D55E00",
    "medium": "#E69F00",
    "low": "#F0E442",
    "info": "#56B4E9",
}


def _plain(value):
    """Turn numpy and pandas scalars and containers into JSON-friendly values."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | np.ndarray | pd.Index):
        return [_plain(item) for item in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        value = float(value)
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, pd.Timestamp | pd.Timedelta):
        return str(value)
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


@dataclass
class Finding:
    """One suspected leak found by :func:`~safesplit.audit`.

    The parameters are kept as attributes of the same names.

    Parameters
    ----------
    kind : str
        ``"target_proxy"``, ``"identifier"``, ``"temporal"``, ``"group"``,
        ``"duplicate"``, ``"preprocessing"``, ``"skew"``, or from
        :func:`~safesplit.lint`, ``"overlap"`` and ``"test_reuse"``.
    severity : str
        ``"high"``, ``"medium"``, ``"low"`` or ``"info"``.
    code : str
        The leakage taxonomy code (Kapoor & Narayanan 2023): ``"L1.2"``, ``"L2"``...
    columns : list of str, default=[]
        Names of the columns involved (possibly empty).
    folds : list of int, default=[]
        Indices of the splits involved (possibly empty).
    evidence : dict, default={}
        The numbers behind the finding.
    message : str, default=""
        What it is and what to do.

    Examples
    --------
    >>> from safesplit.report import Finding
    >>> finding = Finding("identifier", "high", "L2", ["lead_id"], [], {}, "...")
    >>> finding.severity
    'high'
    """

    kind: str
    severity: str
    code: str
    columns: list = field(default_factory=list)
    folds: list = field(default_factory=list)
    evidence: dict = field(default_factory=dict)
    message: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}.")
        if self.severity not in SEVERITIES:
            raise ValueError(
                f"severity must be one of {SEVERITIES}, got {self.severity!r}."
            )
        self.columns = [str(column) for column in self.columns]
        self.folds = [int(fold) for fold in self.folds]

    def to_dict(self):
        """The finding as plain JSON-friendly values.

        Returns
        -------
        data : dict
            ``kind``, ``severity``, ``code``, ``columns``, ``folds``, ``evidence``
            and ``message``; numbers that are not finite become None.
        """
        return _plain(asdict(self))


def _check_severity(severity, name="severity"):
    if not isinstance(severity, str) or severity not in SEVERITIES:
        raise ValueError(
            f"{name} must be one of {', '.join(map(repr, SEVERITIES))}, "
            f"got {severity!r}."
        )
    return severity


def check_findings(findings):
    """``findings`` as a list of :class:`Finding`, or a TypeError naming it."""
    if isinstance(findings, Finding):
        raise TypeError("findings must be a list of Finding; wrap one in a list.")
    try:
        findings = list(findings)
    except TypeError:
        raise TypeError(
            f"findings must be a list of Finding, got {type(findings).__name__}."
        ) from None
    for finding in findings:
        if not isinstance(finding, Finding):
            raise TypeError(
                "findings must hold Finding objects (from safesplit.report), got "
                f"{type(finding).__name__} {finding!r:.40}."
            )
    return findings


def check_summary(summary):
    """``summary`` as a dict (empty for None), or a TypeError naming it."""
    if summary is None:
        return {}
    if not isinstance(summary, Mapping):
        raise TypeError(
            f"summary must be a dict (what was audited and how) or None, got "
            f"{type(summary).__name__}."
        )
    return dict(summary)
