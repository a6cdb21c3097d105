"""``lint()``: read the sources, run the flow analysis, apply the rules."""

import os
import time
from pathlib import Path

from safesplit.lint._flow import Flow
from safesplit.lint._source import (
    Problem,
    find_files,
    parse_script,
    read_program,
)
from safesplit.lint._targets import find_columns
from safesplit.lint.rules import select_rules
from safesplit.report._lint_report import LintReport

_VERSION = "0.1.0.dev0"


def lint_program(program, rules):
    """The findings of ``rules`` on one parsed program, each located with its
    path; an internal failure becomes a problem, not a crash."""
    if not program.units:
        return [], []
    try:
        columns = find_columns([unit.tree for unit in program.units])
        trace = Flow(columns).run(program.units)
        findings = [finding for rule in rules for finding in rule.check(trace)]
    except (RecursionError, MemoryError) as exc:
        message = f"too deep to analyse ({type(exc).__name__}); not linted"
        return [], [Problem(program.path, None, 1, 1, message, True)]
    except Exception as exc:  # one file must not stop the others
        message = (
            f"internal error of the analysis ({type(exc).__name__}: {exc}); not "
            "linted, please report it"
        )
        return [], [Problem(program.path, None, 1, 1, message, True)]
    for finding in findings:
        finding.evidence["path"] = program.path
    return findings, []


def _report(programs, rules, started):
    findings, problems = [], []
    for program in programs:
        problems.extend(program.problems)
        found, failed = lint_program(program, rules)
        findings.extend(found)
        problems.extend(failed)
    fatal = {problem.path for problem in problems if problem.fatal}
    summary = {
        "tool": "safesplit lint",
        "version": _VERSION,
        "files": len(programs),
        "linted": sum(program.path not in fatal for program in programs),
        "problems": [str(problem) for problem in problems],
        "rules": [rule.code for rule in rules],
        "seconds": round(time.perf_counter() - started, 3),
    }
    return LintReport(findings, summary, rules=rules)


def lint_paths(paths, *, select=None, ignore=None):
    """Lint files and directories (searched for ``.py`` and ``.ipynb`` files);
    a path that cannot be read or parsed is a problem in the report."""
    started = time.perf_counter()
    rules = select_rules(select, ignore)
    files, missing = find_files(paths)
    programs = [*missing, *(read_program(path) for path in files)]
    return _report(programs, rules, started)


def _looks_like_path(text):
    return "\n" not in text and (
        os.path.exists(text)
        or text.endswith((".py", ".ipynb"))
        or os.sep in text
        and " " not in text.strip()
        and "(" not in text
    )


def lint(source_or_path, *, select=None, ignore=None):
    """Find leakage in Python code, scripts and notebooks, without running them.

    The code is analysed statically (with :mod:`ast`): which rows each value can
    hold (all rows, a training part, a held-out part), which estimator was fitted
    on which rows, where models are scored and how their scores are used. The
    rules and their limits are in ``docs/lint.md``.

    Parameters
    ----------
    source_or_path : str, path-like or list of them
        Python source code (a string with a line break, or one statement), or the
        path of a ``.py`` file, an ``.ipynb`` notebook or a directory (searched
        for both), or a list of such paths.
    select : str or list of str, default=None
        Rule codes (``"L1.2"``) or names to run; all when None.
    ignore : str or list of str, default=None
        Rule codes or names not to run.

    Returns
    -------
    report : LintReport
        A :class:`~safesplit.LeakageReport` whose findings carry their place
        (``path``, ``cell``, ``line``, ``col``) in ``evidence``;
        ``str(report)`` is one ``path:line:col CODE message`` line each.
        ``report.summary["problems"]`` lists the files or cells that could not
        be linted (the rest still is).

    Raises
    ------
    TypeError
        If ``source_or_path`` is not a string, a path or a list of them.
    ValueError
        If source code given as a string does not parse, if a string that
        names a file or folder names none, or if a rule is unknown.

    Examples
    --------
    >>> from safesplit import lint
    >>> report = lint('''
    ... import pandas as pd
    ... from sklearn.model_selection import train_test_split
    ... from sklearn.preprocessing import StandardScaler
    ... df = pd.read_csv("loans.csv")
    ... X = StandardScaler().fit_transform(df.drop(columns="default"))
    ... X_train, X_test, y_train, y_test = train_test_split(X, df["default"])
    ... ''')
    >>> [(f.code, f.evidence["line"]) for f in report]
    [('L1.2', 6)]
    """
    if isinstance(source_or_path, list | tuple):
        return lint_paths(
            [_as_path(item) for item in source_or_path], select=select, ignore=ignore
        )
    if isinstance(source_or_path, os.PathLike):
        return lint_paths([source_or_path], select=select, ignore=ignore)
    if not isinstance(source_or_path, str):
        raise TypeError(
            "source_or_path must be Python source (a str), a path, or a list of "
            f"paths; got {type(source_or_path).__name__}."
        )
    if _looks_like_path(source_or_path):
        if not os.path.exists(source_or_path):
            raise ValueError(
                f"source_or_path {source_or_path!r} names no file or directory; "
                "to lint source code, pass it with a line break."
            )
        return lint_paths([source_or_path], select=select, ignore=ignore)
    return _lint_source(source_or_path, select, ignore)


def _as_path(item):
    if not isinstance(item, str | os.PathLike):
        raise TypeError(
            "source_or_path as a list must hold paths (str or path-like); got "
            f"{type(item).__name__}."
        )
    return Path(item)


def _lint_source(source, select, ignore):
    started = time.perf_counter()
    rules = select_rules(select, ignore)
    program = parse_script(source, "<source>")
    if not program.linted:
        problem = program.problems[0]
        raise ValueError(
            f"source_or_path does not parse as Python: line {problem.line}, "
            f"column {problem.col}: {problem.message.split(';')[0]}."
        )
    return _report([program], rules, started)
