"""Frames and arrays in the analysis: reading, selecting, cutting, grouping,
concatenating.

Selecting columns keeps the rows; a slice, a mask, ``head`` or ``sample`` cuts them,
and the name the result is bound to says which part it is (``train``, ``X_test``).
A per-group aggregate of the target carries a taint learned from the rows it read;
concatenating rows with copies of themselves (or sampling with replacement) carries
an oversampling taint; sorting by a date, a date index or a lag, rolling or
differenced column shows the rows are in time order.
"""

import ast
from dataclasses import replace

from safesplit.lint._names import (
    AGGREGATIONS,
    TIME_METHODS,
    TIME_SERIES_LOADERS,
    is_date_column,
)
from safesplit.lint._values import (
    UNKNOWN,
    Taint,
    Value,
    derive,
    extend,
    merge_all,
    rows_overlap,
)

_NARROWING_METHODS = frozenset(
    "head tail query take nlargest nsmallest truncate between_time".split()
)
_COUNTS = frozenset("count size nunique value_counts".split())
_STACKS = frozenset("concat concatenate vstack row_stack append".split())
_SIDE_BY_SIDE = frozenset("hstack column_stack dstack merge".split())
_DATES = frozenset("to_datetime DatetimeIndex date_range period_range".split())
_WRAPPERS = frozenset("DataFrame Series array asarray".split())


def _constants(value):
    """The constants a value names (a constant, or a list of constants)."""
    if value is None:
        return []
    if value.has_const:
        if isinstance(value.const, tuple) and value.const[:1] == ("dict-keys",):
            return list(value.const[1])
        return [value.const]
    found = []
    for item in value.items or ():
        found.extend(_constants(item))
    return found


def _names_target(flow, value):
    return any(
        isinstance(name, str) and name in flow.columns.targets
        for name in _constants(value)
    )


def _time(flow, node, why):
    return (flow.site(node), why)


# ----------------------------------------------------------------------------------
# Functions.


def read(flow, node, base, args):
    """Rows that enter the program."""
    time = None
    if base in TIME_SERIES_LOADERS:
        time = _time(flow, node, f"they come from {base}()")
    elif "parse_dates" in args.keywords and "index_col" in args.keywords:
        time = _time(flow, node, "they are read with a date index")
    carried = derive(*args.all())
    return Value(rows=flow.new_dataset(), time=time, taints=carried.taints)


def call_function(flow, node, base, name, args):
    """A pandas or numpy function, or None when ``base`` is none of these."""
    if base in _STACKS:
        return concat(flow, node, args)
    if base in _SIDE_BY_SIDE:
        first = args.get(0, "left") or UNKNOWN
        others = [value for value in args.all() if value is not first]
        joined = derive(first, *others)
        return replace(joined, rows=first.rows or joined.rows)
    if base == "resample" and "utils" in name or base == "resample" and "." not in name:
        return _resample_function(flow, node, args)
    if base in _DATES:
        return derive(*args.all()).with_flags("datetime")
    if base in _WRAPPERS and any(value.rows for value in args.all()):
        return derive(*args.all(), keep_part=True, keep_target=True)
    return None


def concat(flow, node, args):
    """Rows stacked: copies of the same rows make an oversampling taint."""
    listed = args.get(0, "objs") or UNKNOWN
    pieces = list(listed.items) if listed.items is not None else []
    if len(args.positional) > 1 and listed.items is None:
        pieces = list(args.positional)
    if not pieces:
        pieces = [listed.element or listed]
    result = derive(*pieces, keep_target=all(piece.target for piece in pieces))
    if args.const("axis", 0) in (1, "columns"):
        return result
    copies = frozenset()
    for index, first in enumerate(pieces):
        for second in pieces[index + 1 :]:
            if _copies(first, second):
                copies |= first.rows | second.rows
    if "repeated" in listed.flags:
        copies |= result.rows
    if copies:
        taint = Taint(
            "oversample",
            flow.site(node),
            copies,
            "rows concatenated with copies of themselves",
        )
        result = replace(result, taints=result.taints | {taint})
    return result


def _copies(first, second):
    """Whether two stacked pieces hold the same rows twice. Two different filters
    of one frame (``df[df.y == 0]``, ``df[df.y == 1]``) are taken as disjoint;
    copies already made by a sampler are that sampler's finding."""
    if not rows_overlap(first.rows, second.rows):
        return False
    if any(t.kind == "oversample" for t in first.taints | second.taints):
        return False
    both_filtered = "subset" in first.flags and "subset" in second.flags
    return not both_filtered or first is second  # the same variable twice


def _resample_function(flow, node, args):
    """``sklearn.utils.resample(*arrays)``: with replacement (the default), the
    same rows several times."""
    if args.const("replace", True) is False:
        outputs = [derive(a, keep_target=True) for a in args.positional]
    else:
        rows = frozenset().union(*(a.rows for a in args.positional))
        taint = Taint("oversample", flow.site(node), rows, "resample with replacement")
        outputs = [
            replace(derive(a, keep_target=True), taints=a.taints | {taint})
            for a in args.positional
        ]
    if len(outputs) == 1:
        return outputs[0]
    return Value(items=tuple(outputs), element=merge_all(outputs))


def selection_scores(flow, node, args, base):
    """``mutual_info_classif(X, y)``, ``f_classif(X, y)``...: scores of the
    columns learned with the target, for choosing columns."""
    X = args.get(0, "X") or UNKNOWN
    y = args.get(1, "y") or UNKNOWN
    taint = Taint("select", flow.site(node), X.rows | y.rows, base, supervised=True)
    return Value(taints=frozenset({taint}))


# ----------------------------------------------------------------------------------
# Methods.


def method(flow, node, receiver, name, args):
    """``frame.name(...)`` on a frame, a series, an array or a groupby."""
    if receiver.groupby is not None:
        return _grouped(flow, node, receiver, name, args)
    if name == "groupby":
        return replace(derive(receiver), groupby="rows")
    kept = derive(receiver, keep_part=True, keep_target=True)
    if "subset" in receiver.flags:
        # df[mask].copy(), df.iloc[:n].reset_index(): still the rows cut out.
        kept = replace(kept, narrowed=receiver.narrowed).with_flags("subset")
    if name in ("sort_values", "set_index", "sort_index"):
        return _ordered(flow, node, receiver, name, args, kept)
    if name in TIME_METHODS and receiver.rows:
        return replace(
            kept, time=receiver.time or _time(flow, node, f".{name}() of its rows")
        )
    if name == "sample":
        return _sample(flow, node, receiver, args, kept)
    if name in _NARROWING_METHODS and receiver.rows:
        return replace(kept, narrowed=receiver.rows).with_flags("subset")
    if name == "drop" and receiver.rows and _drops_rows(args):
        return replace(kept, narrowed=receiver.rows).with_flags("subset")
    if name == "pop":
        return replace(kept, target=_names_target(flow, args.get(0)))
    if name == "corr":
        return kept.with_flags("corr")
    if name == "corrwith" and any(value.target for value in args.all()):
        taint = Taint(
            "select",
            flow.site(node),
            receiver.rows,
            "correlation with the target",
            supervised=True,
        )
        return Value(taints=frozenset({taint}))
    if name == "append" and receiver.rows:
        return concat(flow, node, type(args)([receiver, *args.positional], {}))
    extra = derive(*args.all())
    return replace(
        kept,
        taints=kept.taints | extra.taints,
        evals=kept.evals | extra.evals,
        time=kept.time or (extra.time if extra.rows == receiver.rows else None),
    )


def _drops_rows(args):
    if "index" in args.keywords:
        return True
    first = args.get(0, "labels")
    return first is not None and bool(first.rows) and not first.has_const


def _grouped(flow, node, receiver, name, args):
    """A method of ``frame.groupby(...)`` or of ``frame.groupby(...)[column]``."""
    base = derive(receiver, keep_part=True)
    if name in TIME_METHODS:
        return replace(
            base,
            time=receiver.time or _time(flow, node, f"grouped .{name}() of its rows"),
        )
    reads_target = receiver.groupby == "target" or (
        name in ("agg", "aggregate") and _names_target(flow, derive_constants(args))
    )
    if any("lagged" in value.flags for value in args.all()):
        return replace(base, time=receiver.time or _time(flow, node, "lags per group"))
    named = {how for how in _constants(args.get(0, "func")) if isinstance(how, str)}
    counts = name in _COUNTS or (named and named <= _COUNTS)
    if name in AGGREGATIONS and not counts and reads_target:
        what = f"per-group {name} of the target"
        taint = Taint("target", flow.site(node), receiver.rows, what, supervised=True)
        return replace(base, taints=base.taints | {taint})
    if name in ("rolling", "expanding", "ewm", "resample"):
        return replace(receiver, time=receiver.time or _time(flow, node, f".{name}()"))
    if name in AGGREGATIONS and name not in _COUNTS:
        # df.groupby(key).mean(): every column per group, the target's too
        # when it is selected afterwards (["price"]).
        return base.with_flags("group_stats")
    return base


def derive_constants(args):
    """All the constants named by the arguments, as one list value."""
    items = []
    for value in args.all():
        items.append(value)
        for item in value.items or ():
            items.append(item)
    return Value(items=tuple(items))


def _ordered(flow, node, receiver, name, args, kept):
    keys = _constants(args.get(0, "by" if name == "sort_values" else "keys"))
    dated = any(is_date_column(key, flow.columns.dates) for key in keys)
    if name == "sort_index":
        dated = "datetime_index" in receiver.flags
    if not dated:
        return kept
    if name == "sort_index":
        why = "they are sorted by their date index"
    elif name == "sort_values":
        why = f"they are sorted by {keys[0]!r}"
    else:
        why = f"they are indexed by the date {keys[0]!r}"
    time = receiver.time or _time(flow, node, why)
    result = replace(kept, time=time)
    return result.with_flags("datetime_index") if name == "set_index" else result


def _sample(flow, node, receiver, args, kept):
    fraction = args.const("frac")
    if args.const("replace") is True or (
        isinstance(fraction, int | float) and fraction > 1
    ):
        taint = Taint(
            "oversample", flow.site(node), receiver.rows, "sample with replacement"
        )
        return replace(kept, taints=kept.taints | {taint})
    if fraction == 1:
        return kept
    if not receiver.rows:
        return kept
    return replace(kept, narrowed=receiver.rows).with_flags("subset")


# ----------------------------------------------------------------------------------
# Attributes and subscripts.


def attribute(flow, node, base):
    name = node.attr
    if base.groupby is not None:
        if name in flow.columns.targets:
            return replace(base, groupby="target")
        return base
    if name in ("loc", "iloc", "at", "iat"):
        return base.with_flags("indexer")
    if name in ("columns", "shape", "dtypes", "ndim", "size"):
        return UNKNOWN
    kept = derive(base, keep_part=True, keep_target=True)
    if name in flow.columns.targets and "group_stats" in base.flags:
        what = "per-group aggregate of the target"
        taint = Taint("target", flow.site(node), base.rows, what, supervised=True)
        return replace(kept, taints=kept.taints | {taint})
    if name in flow.columns.targets and base.rows:
        return replace(kept, target=True)
    if name in ("index",) and "datetime_index" in base.flags:
        return kept.with_flags("datetime")
    if name == "dt" or "datetime" in base.flags:
        return kept.with_flags("datetime")
    return kept


def _row_key(node, base):
    """The part of a subscript that selects rows (the first of a tuple for an
    indexer or a numpy array)."""
    key = node.slice
    if isinstance(key, ast.Tuple) and key.elts:
        return key.elts[0]
    return key


def _narrows(node, base, key):
    if not base.rows:
        return False
    row_key = _row_key(node, base)
    if isinstance(row_key, ast.Slice):
        return row_key.lower is not None or row_key.upper is not None
    if isinstance(row_key, ast.Compare | ast.BoolOp) or (
        isinstance(row_key, ast.UnaryOp) and isinstance(row_key.op, ast.Invert)
    ):
        return True
    if key.has_const or key.items is not None:
        return False
    return bool(key.rows) and rows_overlap(key.rows, base.rows) and not key.target


def subscript(flow, node, base, key):
    """``frame[key]``, ``frame.loc[...]``, ``array[idx]``."""
    if base.groupby is not None:
        return replace(base, groupby="target") if _names_target(flow, key) else base
    if "group_stats" in base.flags and _names_target(flow, key):
        what = "per-group aggregate of the target"
        taint = Taint("target", flow.site(node), base.rows, what, supervised=True)
        return replace(derive(base), taints=base.taints | {taint})
    if "corr" in base.flags and _names_target(flow, key):
        taint = Taint(
            "select",
            flow.site(node),
            base.rows,
            "correlation with the target",
            supervised=True,
        )
        return Value(taints=frozenset({taint}))
    result = derive(base, keep_target=True)
    selected = frozenset(t for t in key.taints if t.kind == "select")
    result = replace(result, taints=result.taints | selected)
    if _names_target(flow, key):
        result = replace(result, target=True)
    if key.part is not None and base.rows:
        result = replace(result, rows=extend(base.rows, key.part), part=key.part)
        flow.trace.expose(result, flow.site(node), "index")
    elif _narrows(node, base, key):
        result = replace(result, narrowed=base.rows).with_flags("subset")
    elif base.part is not None:
        result = replace(result, part=base.part)
    return result
