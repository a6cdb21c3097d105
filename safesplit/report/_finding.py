"""A finding: one suspected leak, with its kind, severity, code and evidence."""

import math
import numbers
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
        if not isinstance(self.kind, str) or self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}.")
        _check_severity(self.severity)
        for name in ("code", "message"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(
                    f"{name} must be a str, got {type(getattr(self, name)).__name__}."
                )
        if not isinstance(self.evidence, Mapping):
            raise TypeError(
                f"evidence must be a dict of the numbers behind the finding, got "
                f"{type(self.evidence).__name__}."
            )
        self.columns = [str(column) for column in _listed(self.columns, "columns")]
        folds = _listed(self.folds, "folds")
        # numpy's durations are integers to Python (np.timedelta64 derives from
        # np.signedinteger), but a duration is no split index.
        if not all(
            isinstance(f, numbers.Integral) and not isinstance(f, np.timedelta64)
            for f in folds
        ):
            raise TypeError(f"folds must be split indices (ints), got {folds!r}.")
        self.folds = [int(fold) for fold in folds]

    def to_dict(self):
        """The finding as plain JSON-friendly values.

        Returns
        -------
        data : dict
            ``kind``, ``severity``, ``code``, ``columns``, ``folds``, ``evidence``
            and ``message``; numbers that are not finite become None.
        """
        return _plain(asdict(self))


def _listed(values, name):
    """``values`` as a list, or a TypeError naming ``name`` (a string is one
    value, not a list of them)."""
    if (
        isinstance(values, str | bytes)
        or not hasattr(values, "__iter__")
        or getattr(values, "ndim", 1) == 0  # a 0-d array cannot be iterated
    ):
        raise TypeError(
            f"{name} must be a list (possibly empty), got {type(values).__name__} "
            f"{values!r}; wrap a single value in a list."
        )
    return list(values)


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
