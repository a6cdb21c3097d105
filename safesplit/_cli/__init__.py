"""The ``safesplit`` command line: ``safesplit demo``, ``safesplit audit`` and
``safesplit lint``."""

import argparse
import sys
import textwrap

from safesplit import __version__
from safesplit._cli._audit import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, _audit
from safesplit._cli._cv_spec import CV_GRAMMAR, parse_cv_spec
from safesplit._cli._errors import UserError
from safesplit._cli._lint import add_lint_parser
from safesplit._cli._read import read_table
from safesplit._validation import check_random_state
from safesplit.audit.checks import CHECKS, select_checks


def _demo(args):
    from safesplit._demo import run_demo

    run_demo(random_state=args.random_state)
    return EXIT_OK


# --------------------------------------------------------------------------------------
# The parser.


def build_parser():
    parser = argparse.ArgumentParser(
        prog="safesplit",
        description="Leak-safe validation for scikit-learn.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    demo = commands.add_parser(
        "demo",
        help="audit a leaky lead-scoring data set and show its phantom score",
        description="Audit an embedded lead-scoring data set, score it with leaky "
        "and with safe validation, then show how much of a shuffled score on "
        "time-ordered market data is phantom.",
    )
    demo.add_argument("--random-state", type=_seed, default=0, help="data seed")
    demo.set_defaults(handler=_demo)

    _add_audit_parser(commands)
    add_lint_parser(commands)
    return parser


def _seed(text):
    """``--random-state N``: an int seed numpy takes, refused at parse time."""
    try:
        return check_random_state(int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be an int seed between 0 and 2**32 - 1, got {text!r}"
        ) from None


def _check_names(text):
    """``--checks a,b``: the names, refused at parse time when one is unknown."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    try:
        select_checks(names)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).replace("checks=", "")) from None
    return names


def _add_audit_parser(commands):
    audit = commands.add_parser(
        "audit",
        help="find leakage in a CSV or Parquet file",
        description=textwrap.fill(
            "Audit a data set for leakage: target proxies, identifiers, time "
            "leakage, shared entities, duplicates and whole-data preprocessing; "
            "with --new, columns whose values at prediction time differ. "
            "Every column except the target, time, end-time and group columns is "
            "a feature. Exit status: 0 when no finding reaches --fail-on, 1 when "
            "one does, 2 for a usage or input error.",
            width=78,
        ),
        epilog=CV_GRAMMAR,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    audit.add_argument(
        "file",
        metavar="FILE",
        help="CSV (.csv, .csv.gz, .tsv) or Parquet (.parquet, needs the parquet extra)",
    )
    audit.add_argument("--target", required=True, metavar="COL", help="target column")
    audit.add_argument(
        "--time",
        metavar="COL",
        help="when each row's features are known (dates or numbers)",
    )
    audit.add_argument(
        "--end-time",
        metavar="COL",
        help="when each row's label is known (needs --time)",
    )
    audit.add_argument(
        "--group", metavar="COL", help="entity of each row (a customer, a patient)"
    )
    audit.add_argument(
        "--new",
        metavar="FILE2",
        help="rows as the model sees them when it scores (production rows, or "
        "recent rows without a label), with FILE's feature columns",
    )
    audit.add_argument(
        "--cv",
        default="auto",
        metavar="SPEC",
        help="validation to audit (default: auto; grammar below)",
    )
    _add_output_options(audit)
    audit.add_argument(
        "--random-state",
        type=_seed,
        default=0,
        metavar="N",
        help="seed of the row samples and shuffled folds",
    )
    audit.add_argument(
        "--test",
        metavar="FILE2",
        help="audit the split you already have: FILE is the training part, FILE2 "
        "the test part (same columns)",
    )
    audit.add_argument(
        "--checks",
        metavar="NAMES",
        type=_check_names,
        help="comma-separated checks to run (default: all): "
        + ", ".join(check.name for check in CHECKS),
    )
    audit.add_argument(
        "-v", "--verbose", action="store_true", help="show progress on stderr"
    )
    audit.set_defaults(handler=_audit)


def _add_output_options(audit):
    """Where the report goes, in what form, and when the command fails."""
    audit.add_argument(
        "--format",
        choices=("text", "json", "markdown", "html"),
        default="text",
        help="report format (default: text)",
    )
    audit.add_argument(
        "--output", metavar="PATH", help="write the report there instead of to stdout"
    )
    audit.add_argument(
        "--fail-on",
        choices=("high", "medium", "low", "never"),
        default="high",
        help="exit 1 when a finding reaches this severity (default: high)",
    )
    audit.add_argument(
        "--plot",
        metavar="PATH",
        help="save a figure of the splits and findings (PNG, SVG, "
        "PDF; needs the plot extra)",
    )


def main(argv=None):
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.handler(args)


__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "UserError",
    "build_parser",
    "main",
    "parse_cv_spec",
    "read_table",
]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
