"""The ``safesplit`` command line."""

import argparse
import sys

from safesplit import __version__


def _demo(args):
    from safesplit._demo import run_demo

    run_demo(random_state=args.random_state)
    return 0


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
        help="show how much of a shuffled cross-validation score is phantom",
        description="Score one model with shuffled KFold, PurgedKFold and "
        "WalkForward on an embedded time-ordered data set.",
    )
    demo.add_argument("--random-state", type=int, default=0, help="data seed")
    demo.set_defaults(handler=_demo)
    return parser


def main(argv=None):
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
