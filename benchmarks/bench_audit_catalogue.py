"""How many planted leaks ``safesplit.audit`` catches, and how often it cries wolf.

Runs the audit on every case of ``benchmarks/audit_catalogue.py`` (planted leaks and
clean controls on real data sets that ship inside installed packages) and prints a
table: case, data set, expected kind(s), kinds found at medium or higher, whether the
leak was caught, false alarms and seconds; then the totals.

* caught: a finding at medium or higher of an expected kind (one that names columns
  must name a planted column);
* false alarm: on a leak case, a medium-or-higher finding of a kind neither expected
  nor acceptable for it; on a clean control, any medium-or-higher finding.

Targets: at least 90% of leaks caught, no false alarm on any clean control.

Run ``python benchmarks/bench_audit_catalogue.py`` from the repository root
(``--only NAME...`` for some cases, ``--extra`` to add the extra cases,
``--json PATH`` to keep the results). Needs the
``bench`` extra (statsmodels, linearmodels).
"""

import argparse
import json
import os
import sys
import time
import traceback
import warnings

# The checkout this script belongs to, not whichever safesplit is installed.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE), HERE]

import audit_catalogue_extra  # noqa: E402
from audit_catalogue import CASES, EXTRA_CASES, build  # noqa: E402

# The post-outcome extra cases live in their own module; one registry runs them all.
assert not set(EXTRA_CASES) & set(audit_catalogue_extra.EXTRA_CASES)
EXTRA_CASES.update(audit_catalogue_extra.EXTRA_CASES)

import safesplit  # noqa: E402
from safesplit import audit  # noqa: E402

AT_LEAST = "medium"
SHORT = {
    "target_proxy": "proxy",
    "identifier": "ident",
    "temporal": "temporal",
    "group": "group",
    "duplicate": "dup",
    "preprocessing": "preproc",
    "skew": "skew",
}


def _names_planted(finding, case_):
    if not case_.leak_columns or not finding.columns:
        return True
    return bool(set(map(str, finding.columns)) & set(case_.leak_columns))


def run_case(case_):
    """Audit one case; return a JSON-able row."""
    row = {
        "case": case_.name,
        "dataset": case_.dataset,
        "expected": list(case_.expected),
        "clean": case_.is_clean,
        "description": case_.description,
        "rows": int(case_.X.shape[0]),
        "columns": int(case_.X.shape[1]),
    }
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = audit(case_.X, case_.y, **case_.kwargs)
    except Exception as error:  # an audit that fails is a result too
        row.update(
            seconds=round(time.perf_counter() - start, 2),
            error=f"{type(error).__name__}: {error}",
            traceback=traceback.format_exc(),
            findings=[],
            found=[],
            expected_below=[],
            caught=False,
            false_alarms=[],
        )
        return row
    row["seconds"] = round(time.perf_counter() - start, 2)
    row["error"] = None
    row["findings"] = [
        {
            "kind": f.kind,
            "severity": f.severity,
            "code": f.code,
            "columns": [str(c) for c in f.columns],
            "message": f.message,
        }
        for f in report.findings
    ]
    strong = report.at_least(AT_LEAST)
    row["found"] = [f"{f.kind}:{f.severity}" for f in strong]
    row["caught"] = any(
        f.kind in case_.expected and _names_planted(f, case_) for f in strong
    )
    row["expected_below"] = sorted(
        {
            f"{f.kind}:{f.severity}"
            for f in report.findings
            if f.kind in case_.expected and f not in strong
        }
    )
    allowed = set(case_.expected) | set(case_.acceptable)
    row["false_alarms"] = [
        f"{f.kind}:{f.severity}"
        for f in strong
        if case_.is_clean or f.kind not in allowed
    ]
    row["model_skill"] = report.summary.get("model_skill")
    strongest = report.summary.get("strongest_single_columns") or {}
    row["strongest_single_columns"] = {
        str(k): round(float(v), 3) for k, v in list(strongest.items())[:3]
    }
    return row


def _kinds(kinds):
    return "|".join(SHORT[k] for k in kinds) or "-"


def _found(found):
    out = []
    for item in found:
        kind, severity = item.split(":")
        out.append(f"{SHORT[kind]}:{severity[0].upper()}")
    return ",".join(out) or "-"


def print_table(rows, stream=sys.stdout):
    header = (
        f"{'case':38} {'data set':24} {'expected':15} {'found >= medium':24} "
        f"{'caught':6} {'false alarms':18} {'sec':>5}  {'expected, below medium'}"
    )
    print(header, file=stream)
    print("-" * len(header), file=stream)
    for row in rows:
        caught = "-" if row["clean"] else ("yes" if row["caught"] else "NO")
        found = "ERROR" if row["error"] else _found(row["found"])
        below = _found(row["expected_below"]) if row["expected_below"] else ""
        print(
            f"{row['case']:38} {row['dataset']:24} {_kinds(row['expected']):15} "
            f"{found:24} {caught:6} {_found(row['false_alarms']):18} "
            f"{row['seconds']:5.1f}  {below}",
            file=stream,
        )
    for row in rows:
        if row["error"]:
            print(f"\nERROR in {row['case']}: {row['error']}", file=stream)


def totals(rows):
    leaks = [r for r in rows if not r["clean"]]
    clean = [r for r in rows if r["clean"]]
    caught = sum(r["caught"] for r in leaks)
    return {
        "leaks": len(leaks),
        "leaks_caught": caught,
        "leaks_caught_pct": round(100 * caught / len(leaks), 1) if leaks else None,
        "leak_cases_with_false_alarm": sum(bool(r["false_alarms"]) for r in leaks),
        "clean_controls": len(clean),
        "clean_with_false_alarm": sum(bool(r["false_alarms"]) for r in clean),
        "clean_with_error": sum(bool(r["error"]) for r in clean),
        "errors": sum(bool(r["error"]) for r in rows),
        "datasets": len({r["dataset"] for r in rows}),
        "audit_seconds": round(sum(r["seconds"] for r in rows), 1),
    }


def print_totals(summary, stream=sys.stdout):
    s = summary
    print(file=stream)
    if s["leaks"]:
        print(
            f"Leaks caught at >= {AT_LEAST}: {s['leaks_caught']} / {s['leaks']} "
            f"({s['leaks_caught_pct']}%)   target >= 90%",
            file=stream,
        )
        print(
            f"Leak cases with a false alarm of another kind: "
            f"{s['leak_cases_with_false_alarm']} / {s['leaks']}",
            file=stream,
        )
    if s["clean_controls"]:
        print(
            f"Clean controls with a false alarm (>= {AT_LEAST}): "
            f"{s['clean_with_false_alarm']} / {s['clean_controls']}   target 0"
            f"  (the audit raised on {s['clean_with_error']})",
            file=stream,
        )
    print(
        f"safesplit from {os.path.dirname(safesplit.__file__)}\n"
        f"Audit errors: {s['errors']}; data sets: {s['datasets']}; "
        f"audit time {s['audit_seconds']} s, total {s['total_seconds']} s",
        file=stream,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="cases to run")
    parser.add_argument("--json", metavar="PATH", help="write the results here")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument(
        "--extra", action="store_true", help="also run the extra cases (EXTRA_CASES)"
    )
    args = parser.parse_args(argv)
    names = args.only or list(CASES) + (list(EXTRA_CASES) if args.extra else [])
    unknown = [n for n in names if n not in CASES and n not in EXTRA_CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    if args.list:
        for name in names:
            case_ = build(name)
            kinds = ", ".join(case_.expected) or "clean"
            print(f"{name:38} {case_.dataset:24} {kinds:28} {case_.description}")
        return 0
    start = time.perf_counter()
    rows = []
    for name in names:
        row = run_case(build(name))
        rows.append(row)
        print(f"  {name}: {row['seconds']:.1f} s", file=sys.stderr, flush=True)
    summary = totals(rows)
    summary["total_seconds"] = round(time.perf_counter() - start, 1)
    print_table(rows)
    print_totals(summary)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"totals": summary, "cases": rows}, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
