"""The ``safesplit`` command line: ``safesplit demo`` and ``safesplit audit``."""

import argparse
import re
import sys
import textwrap
import warnings
from pathlib import Path

from safesplit import __version__
from safesplit.audit.checks import CHECKS, select_checks

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

CV_GRAMMAR = """\
--cv SPEC, SPEC = NAME[:N][,KEY=VALUE...]  (N = number of splits, default 5)
  auto               what a careful user would choose (the default): purged
                     K-fold when --time is given, grouped K-fold with --group,
                     stratified K-fold for classes, shuffled K-fold otherwise
  kfold              KFold(N), rows in file order (in time order with --time)
  shuffled-kfold     KFold(N, shuffle=True)
  stratified         StratifiedKFold(N, shuffle=True)
  group              GroupKFold(N) over --group
  stratified-group   StratifiedGroupKFold(N, shuffle=True) over --group
  timeseries         TimeSeriesSplit(N); keys: gap (rows)
  purged             PurgedKFold(N) over --time; keys: horizon, embargo
  walk-forward       WalkForward(N) over --time; keys: horizon, gap,
                     test_size, train_size
  VALUE: an int (periods), a float in (0, 1) (embargo: a fraction of periods)
  or a duration such as 5D or 12h.
  Examples: purged:5,embargo=5D   walk-forward:8,horizon=10D   group:10"""

_CV_NAMES = (
    "auto",
    "kfold",
    "shuffled-kfold",
    "stratified",
    "group",
    "stratified-group",
    "timeseries",
    "purged",
    "walk-forward",
)
_CV_KEYS = {
    "timeseries": ("gap",),
    "purged": ("horizon", "embargo"),
    "walk-forward": ("horizon", "gap", "test_size", "train_size"),
}
_SPEC = re.compile(
    r"^(?P<name>[a-z-]+)(?::(?P<n>[^,]*))?(?P<rest>(?:,[^,]*)*)$", re.IGNORECASE
)


class UserError(Exception):
    """A mistake in the command or its input: reported in one line, exit 2."""


def _demo(args):
    from safesplit._demo import run_demo

    run_demo(random_state=args.random_state)
    return EXIT_OK


# --------------------------------------------------------------------------------------
# --cv SPEC


def _spec_value(text, key, spec):
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", text):
        return float(text)
    import pandas as pd

    try:
        value = pd.Timedelta(text)
    except (ValueError, TypeError):
        raise UserError(
            f"bad --cv {spec!r}: {key}={text!r} is neither an int, a fraction nor "
            "a duration such as 5D"
        ) from None
    if pd.isna(value):
        raise UserError(f"bad --cv {spec!r}: {key} must not be NaT")
    return text


def parse_cv_spec(spec, *, random_state=0, has_time=False, has_group=False):
    """Turn a ``--cv`` SPEC into a splitter (None for ``auto``) and ``n_splits``.

    Examples
    --------
    >>> from safesplit._cli import parse_cv_spec
    >>> parse_cv_spec("purged:4,embargo=5D", has_time=True)
    (PurgedKFold(embargo='5D', horizon=0, n_splits=4, time_column=None), 4)
    >>> parse_cv_spec("auto")
    (None, None)
    """
    match = _SPEC.match(spec.strip()) if spec else None
    if match is None or match["name"].lower() not in _CV_NAMES:
        raise UserError(
            f"bad --cv {spec!r}: expected NAME[:N][,KEY=VALUE...] with NAME one of "
            f"{', '.join(_CV_NAMES)} (see safesplit audit --help)"
        )
    name = match["name"].lower()
    n_splits = None
    if match["n"] is not None:
        if not re.fullmatch(r"\d+", match["n"]) or int(match["n"]) < 2:
            raise UserError(
                f"bad --cv {spec!r}: the number of splits must be an int >= 2, got "
                f"{match['n']!r}"
            )
        n_splits = int(match["n"])
    params = {}
    for item in filter(None, match["rest"].split(",")):
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        allowed = _CV_KEYS.get(name, ())
        if not sep or key not in allowed:
            raise UserError(
                f"bad --cv {spec!r}: {item!r} is not a KEY=VALUE that {name} takes"
                + (f" ({', '.join(allowed)})" if allowed else " (it takes none)")
            )
        params[key] = _spec_value(value, key, spec)
    if name == "auto":
        return None, n_splits
    k = 5 if n_splits is None else n_splits
    if name in ("group", "stratified-group") and not has_group:
        raise UserError(f"--cv {name} needs --group COL (the entity column)")
    if name in ("purged", "walk-forward") and not has_time:
        raise UserError(f"--cv {name} needs --time COL (the time column)")
    from sklearn.model_selection import (
        GroupKFold,
        KFold,
        StratifiedGroupKFold,
        StratifiedKFold,
        TimeSeriesSplit,
    )

    from safesplit import PurgedKFold, WalkForward

    try:
        cv = {
            "kfold": lambda: KFold(k),
            "shuffled-kfold": lambda: KFold(k, shuffle=True, random_state=random_state),
            "stratified": lambda: StratifiedKFold(
                k, shuffle=True, random_state=random_state
            ),
            "group": lambda: GroupKFold(k),
            "stratified-group": lambda: StratifiedGroupKFold(
                k, shuffle=True, random_state=random_state
            ),
            "timeseries": lambda: TimeSeriesSplit(k, **params),
            "purged": lambda: PurgedKFold(k, **params),
            "walk-forward": lambda: WalkForward(k, **params),
        }[name]()  # every splitter validates its parameters at construction
    except (TypeError, ValueError) as exc:
        raise UserError(f"bad --cv {spec!r}: {exc}") from None
    return cv, k


# --------------------------------------------------------------------------------------
# Reading the file.


def read_table(path):
    """Read a CSV (optionally compressed) or Parquet file into a DataFrame."""
    import pandas as pd

    file = Path(path)
    if not file.exists():
        raise UserError(f"no such file: {path}")
    if file.is_dir():
        raise UserError(f"{path} is a directory, not a CSV or Parquet file")
    name = file.name.lower()
    if name.endswith((".parquet", ".pq")):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise UserError(
                f"reading {path} needs pyarrow: pip install 'safesplit-cv[parquet]'"
            ) from None
        try:
            frame = pd.read_parquet(file)
        except (OSError, ValueError) as exc:
            raise UserError(f"could not read {path} as Parquet: {exc}") from None
    else:
        sep = "\t" if name.endswith((".tsv", ".tsv.gz", ".tab")) else ","
        try:
            frame = pd.read_csv(file, sep=sep)
        except pd.errors.EmptyDataError:
            raise UserError(f"{path} is empty") from None
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise UserError(f"could not read {path} as CSV: {first}") from None
    if frame.shape[0] == 0:
        raise UserError(f"{path} has no data rows")
    frame.columns = [str(column) for column in frame.columns]
    return _parse_date_columns(frame)


_ISO_DATE = (
    r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def _parse_date_columns(frame):
    """Turn text columns that hold ISO dates only into datetime columns."""
    import pandas as pd

    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(
            column.dtype
        ):
            continue
        values = column.dropna()
        if values.empty or not isinstance(values.iloc[0], str):
            continue
        head = values.iloc[:1000].astype(str)
        if not head.str.match(_ISO_DATE).all():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                frame[name] = pd.to_datetime(column, format="ISO8601")
        except (ValueError, TypeError, OverflowError):
            continue
    return frame


def _column(frame, name, option, path):
    if name not in frame.columns:
        shown = ", ".join(list(frame.columns)[:12])
        more = ", ..." if frame.shape[1] > 12 else ""
        raise UserError(
            f"{option} {name!r} is not a column of {path}; columns: {shown}{more}"
        )
    return frame[name]


def _parse_times(series, option):
    import pandas as pd

    if series.isna().any():
        raise UserError(
            f"{option} column {series.name!r} has {int(series.isna().sum())} empty "
            "value(s); every row needs a time"
        )
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
        series.dtype
    ):
        return series
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.to_datetime(series)
    except (ValueError, TypeError, OverflowError):
        for value in series.astype(str):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    pd.to_datetime(value)
            except (ValueError, TypeError, OverflowError):
                raise UserError(
                    f"could not parse {option} column {series.name!r} as times: "
                    f"{value!r} is not a date or time"
                ) from None
        raise UserError(
            f"could not parse {option} column {series.name!r} as times: mixed "
            "formats; write them as ISO 8601 (2024-01-31 or 2024-01-31T12:00)"
        ) from None


# --------------------------------------------------------------------------------------
# safesplit audit


def _audit(args):
    try:
        return _run_audit(args)
    except UserError as exc:
        print(f"safesplit audit: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _run_audit(args):
    from safesplit.audit import audit

    X, y, times, end_times, groups = _audit_inputs(args, args.file)
    X_new = _new_rows(args, X)
    test = None
    if args.test is not None:
        if args.cv != "auto":
            raise UserError("pass either --cv or --test, not both")
        X_test, y_test, *metadata = _audit_inputs(args, args.test)
        if list(X_test.columns) != list(X.columns):
            raise UserError(
                f"{args.test} must have the columns of {args.file}; it has "
                f"{list(X_test.columns)[:8]}, not {list(X.columns)[:8]}"
            )
        names = ("times", "end_times", "groups")
        test = (X_test, y_test, dict(zip(names, metadata)))
    cv, n_splits = parse_cv_spec(
        args.cv,
        random_state=args.random_state,
        has_time=times is not None,
        has_group=groups is not None,
    )
    if times is not None and test is None:
        # Time order, so that kfold and timeseries specs split by time too.
        X, y, times, end_times, groups = _in_time_order(
            times, X, y, times, end_times, groups
        )
    try:
        report = audit(
            X,
            y,
            cv=cv if cv is not None else n_splits,
            groups=groups,
            times=times,
            end_times=end_times,
            random_state=args.random_state,
            verbose=args.verbose,
            checks=args.checks,
            test=test,
            X_new=X_new,
        )
    except (ValueError, TypeError) as exc:
        raise UserError(str(exc).strip().splitlines()[0]) from None
    _write_report(report, args.format, args.output)
    if args.plot:
        _save_plot(report, X, y, groups, times, end_times, args.plot)
    if args.fail_on != "never" and report.at_least(args.fail_on):
        return EXIT_FINDINGS
    return EXIT_OK


def _audit_inputs(args, path):
    """``(X, y, times, end_times, groups)`` read from the file and checked."""
    frame = read_table(path)
    y = _column(frame, args.target, "--target", path)
    special = {"--target": args.target}
    times = end_times = groups = None
    if args.time is not None:
        times = _parse_times(_column(frame, args.time, "--time", path), "--time")
        special["--time"] = args.time
    if args.end_time is not None:
        if args.time is None:
            raise UserError("--end-time needs --time (when each row's label starts)")
        end_times = _parse_times(
            _column(frame, args.end_time, "--end-time", path), "--end-time"
        )
        special["--end-time"] = args.end_time
    if args.group is not None:
        groups = _column(frame, args.group, "--group", path)
        if groups.isna().any():
            raise UserError(
                f"--group column {args.group!r} has {int(groups.isna().sum())} "
                "empty value(s); every row needs an entity"
            )
        special["--group"] = args.group
    names = list(special.values())
    if len(set(names)) != len(names):
        raise UserError(
            "--target, --time, --end-time and --group must name different columns"
        )
    # A test part may hold a single class; the training part may not.
    _check_target(y, args.target, one_value_allowed=path != args.file)
    X = frame.drop(columns=names)
    if X.shape[1] == 0:
        raise UserError(f"{path} has no feature columns besides {names}")
    return X, y, times, end_times, groups


def _new_rows(args, X):
    """The rows at prediction time of ``--new``, with ``X``'s columns (None
    without it); the target, time and group columns may be absent."""
    if args.new is None:
        return None
    frame = read_table(args.new)
    missing = [name for name in X.columns if name not in frame.columns]
    if missing:
        shown = ", ".join(missing[:8]) + (", ..." if len(missing) > 8 else "")
        raise UserError(
            f"--new {args.new} lacks {len(missing)} feature column(s) of "
            f"{args.file}: {shown}"
        )
    return frame[list(X.columns)]


def _check_target(y, name, *, one_value_allowed=False):
    if y.isna().any():
        raise UserError(
            f"--target column {name!r} has {int(y.isna().sum())} empty "
            "value(s); drop those rows first"
        )
    if y.nunique() < 2 and not one_value_allowed:
        raise UserError(
            f"--target column {name!r} has a single value "
            f"({y.iloc[0]!r}); there is nothing to predict"
        )


def _in_time_order(times, *columns):
    """The pandas ``columns`` (None passes through) sorted stably by ``times``,
    with a fresh RangeIndex."""
    import numpy as np

    order = (
        None
        if times.is_monotonic_increasing
        else np.argsort(times.to_numpy(), kind="stable")
    )
    return tuple(
        None
        if column is None
        else (column if order is None else column.iloc[order]).reset_index(drop=True)
        for column in columns
    )


def _write_report(report, output_format, path):
    if output_format == "json":
        text = report.to_json() + "\n"
    elif output_format == "markdown":
        text = report.to_markdown()
    elif output_format == "html":
        text = report.to_html()
    else:
        text = str(report) + "\n"
    if path is None:
        sys.stdout.write(text)
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"could not write {path}: {exc.strerror}") from None


def _save_plot(report, X, y, groups, times, end_times, path):
    try:
        import matplotlib
    except ImportError:
        raise UserError(
            "--plot needs matplotlib: pip install 'safesplit-cv[plot]'"
        ) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from safesplit.plotting import plot_splits
    from safesplit.report._plot import plot_report

    n_splits = report.cv.get_n_splits(X, y, groups) if report.cv is not None else 5
    figure, (top, bottom) = plt.subplots(
        2,
        1,
        figsize=(10, 2.5 + 0.35 * n_splits + 0.45 * max(len(report.findings), 1)),
        gridspec_kw={"height_ratios": [max(n_splits, 2), max(len(report), 2)]},
    )
    plot_splits(
        report.cv, X, y, groups=groups, times=times, end_times=end_times, ax=top
    )
    plot_report(report, ax=bottom)
    figure.tight_layout()
    try:
        figure.savefig(path, dpi=100)
    except (OSError, ValueError) as exc:
        raise UserError(f"could not write the plot to {path}: {exc}") from None
    finally:
        plt.close(figure)


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
    demo.add_argument("--random-state", type=int, default=0, help="data seed")
    demo.set_defaults(handler=_demo)

    _add_audit_parser(commands)
    return parser


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
        type=int,
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
