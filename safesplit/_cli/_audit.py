"""``safesplit audit``: read the files, run the audit, write the report."""

import sys
from pathlib import Path

from safesplit._cli._cv_spec import parse_cv_spec
from safesplit._cli._errors import UserError
from safesplit._cli._read import _column, _parse_times, read_table

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _audit(args):
    try:
        return _run_audit(args)
    except UserError as exc:
        print(f"safesplit audit: error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _run_audit(args):
    from safesplit.audit import audit

    if args.plot:
        _check_plot_path(args.plot)
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
        _save_plot(report, args.plot)
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


def _check_plot_path(path):
    """Before any work: matplotlib is there and writes the format of ``path``."""
    try:
        import matplotlib
    except ImportError:
        raise UserError(
            "--plot needs matplotlib: pip install 'safesplit-cv[plot]'"
        ) from None
    matplotlib.use("Agg")
    from matplotlib.backend_bases import FigureCanvasBase

    suffix = Path(path).suffix.lower().lstrip(".")
    formats = FigureCanvasBase.get_supported_filetypes()
    if suffix not in formats:
        raise UserError(
            f"--plot {path}: the file name must end with a format matplotlib "
            f"writes ({', '.join(sorted(formats))})"
        )


def _save_plot(report, path):
    import matplotlib.pyplot as plt

    from safesplit.report._plot import (
        ROW_INCHES,
        plot_report,
        plot_rows,
        plot_split_sketch,
    )

    # Heights in inches: the splits, and one row per line of findings and evidence.
    heights = [
        1.2 + 0.35 * report.splits.n_splits,
        0.6 + ROW_INCHES * max(len(plot_rows(report)), 2),
    ]
    figure, (top, bottom) = plt.subplots(
        2, 1, figsize=(10, sum(heights)), gridspec_kw={"height_ratios": heights}
    )
    # The splits the audit validated with, from its report (with groups it may keep
    # entities on both sides, which the splitter given the groups would not show).
    plot_split_sketch(report.splits, ax=top)
    plot_report(report, ax=bottom)
    figure.tight_layout()
    try:
        figure.savefig(path, dpi=100)
    except (OSError, ValueError) as exc:
        raise UserError(f"could not write the plot to {path}: {exc}") from None
    finally:
        plt.close(figure)
