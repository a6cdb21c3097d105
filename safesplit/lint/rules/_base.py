"""What every rule shares: its identity, and a finding located in the source."""

from dataclasses import dataclass

from safesplit.report import Finding

_VIA = {
    "split": "held out by the split at {where}",
    "index": "held out by the fold indices at {where}",
    "transform": "held out and transformed at {where}",
    "predict": "held out and predicted at {where}",
    "cv": "held out by the cross-validation at {where}",
    "evaluation": "scored at {where}",
}


@dataclass(frozen=True)
class Rule:
    """A lint rule: ``code`` (the taxonomy code), ``name``, the report ``kind``,
    a one-line ``title``, and ``check(trace) -> list of Finding``."""

    code: str
    name: str
    kind: str
    title: str
    check: object


def where(site):
    """``line 12`` or ``cell 3, line 12``."""
    if site.unit is None:
        return f"line {site.line}"
    return f"cell {site.unit}, line {site.line}"


def held_out_by(exposure):
    return _VIA[exposure.via].format(where=where(exposure.site))


def _location(site):
    return {"cell": site.unit, "line": site.line, "col": site.col}


def make_finding(rule, severity, site, message, related=(), **evidence):
    """A finding at ``site``; ``related`` are other sites it names. The evidence
    holds the location: ``cell`` (None in a script), ``line``, ``col``, the lines
    of its statement and the calls that led there (``lines``), and ``related``."""
    lines = sorted(
        {(unit, line) for unit, line in site.lines()},
        key=lambda pair: (str(pair[0]), pair[1]),
    )
    evidence.update(
        rule=rule.name,
        cell=site.unit,
        line=site.line,
        col=site.col,
        lines=[[unit, line] for unit, line in lines],
        related=[_location(other) for other in related if other is not None],
    )
    return Finding(rule.kind, severity, rule.code, [], [], evidence, message)


def first_per_site(events, site_of):
    """The first event at each site, in order."""
    seen = {}
    for event in events:
        key = site_of(event)
        key = (key.unit, key.line, key.col)
        seen.setdefault(key, event)
    return list(seen.values())


def exposure_findings(trace, kind, rule, describe):
    """One finding per site of the taints of ``kind`` that reach rows held out
    later: ``describe(exposure)`` gives its ``(severity, message, evidence)``."""
    exposures = [e for e in trace.exposures if e.taint.kind == kind]
    findings = []
    for exposure in first_per_site(exposures, lambda e: e.taint.site):
        severity, message, evidence = describe(exposure)
        findings.append(
            make_finding(
                rule,
                severity,
                exposure.taint.site,
                message,
                related=[exposure.site],
                **evidence,
            )
        )
    return findings
