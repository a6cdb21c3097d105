"""``safesplit lint PATH...``: find leakage in scripts and notebooks.

Exit status as for ``safesplit audit``: 0 when no finding reaches ``--fail-on``, 1
when one does, 2 for a usage error or a file that could not be linted (each such
file is named on stderr in one line; the others are still linted).
"""

import argparse
import sys
import textwrap
from pathlib import Path

from safesplit._cli._audit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

_FORMATS = ("text", "json", "sarif")


def _codes(text):
    """``--select L1.2,L1.3``: the codes, refused at parse time when unknown."""
    from safesplit.lint import select_rules

    names = [name.strip() for name in text.split(",") if name.strip()]
    try:
        select_rules(names)
    except ValueError as exc:
        message = str(exc).replace("select got", "got")
        raise argparse.ArgumentTypeError(message) from None
    return names


def add_lint_parser(commands):
    from safesplit.lint import RULES

    rules = "\n".join(f"  {rule.code:<11} {rule.title}" for rule in RULES)
    lint = commands.add_parser(
        "lint",
        help="find leakage in Python scripts and Jupyter notebooks",
        description=textwrap.fill(
            "Find leakage in .py scripts and .ipynb notebooks without running "
            "them: pre-processing, feature selection, oversampling or target "
            "aggregates over rows that are later held out, models scored on "
            "rows they learned from, one test set reused to choose, and shuffled "
            "splits of time-ordered rows. Directories are searched for .py and "
            ".ipynb files. Exit status: 0 when no finding reaches --fail-on, 1 "
            "when one does, 2 for a usage error or a file that could not be "
            "linted.",
            width=78,
        ),
        epilog="rules:\n" + rules,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lint.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    lint.add_argument(
        "--format", choices=_FORMATS, default="text", help="report format"
    )
    lint.add_argument(
        "--output", metavar="FILE", help="write the report there instead of stdout"
    )
    lint.add_argument(
        "--fail-on",
        choices=("high", "medium", "low", "never"),
        default="low",
        help="exit 1 when a finding reaches this severity (default: low, any)",
    )
    lint.add_argument(
        "--select", type=_codes, metavar="CODES", help="only these rule codes"
    )
    lint.add_argument(
        "--ignore", type=_codes, metavar="CODES", help="not these rule codes"
    )
    lint.set_defaults(handler=_lint)


def _render(report, output_format):
    if output_format == "json":
        return report.to_json() + "\n"
    if output_format == "sarif":
        return report.to_sarif() + "\n"
    return str(report) + "\n"


def _lint(args):
    from safesplit.lint import lint_paths

    report = lint_paths(args.paths, select=args.select, ignore=args.ignore)
    for line in report.problems:
        print(line, file=sys.stderr)
    text = _render(report, args.format)
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(
                f"safesplit lint: error: could not write {args.output}: {exc.strerror}",
                file=sys.stderr,
            )
            return EXIT_ERROR
    if any(": error: " in line for line in report.problems):
        return EXIT_ERROR
    if args.fail_on != "never" and report.at_least(args.fail_on):
        return EXIT_FINDINGS
    return EXIT_OK
