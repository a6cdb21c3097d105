"""Splits in the analysis: ``train_test_split``, cross-validation, a splitter's
``split`` and a search's folds.

A split at a site cuts every array it is given into a training and a held-out
part (``(site, "train")``, ``(site, "test")`` appended to their row atoms), so the
parts of ``X`` and ``y`` line up. Every split is recorded with the splitter that
chose it, whether it shuffles and whether it keeps the future out of training, for
the time-order rule.
"""

from dataclasses import replace

from safesplit.lint._names import ORDERED_SPLITTERS
from safesplit.lint._scoring import record_evaluation
from safesplit.lint._trace import SplitUse
from safesplit.lint._values import (
    TEST,
    TRAIN,
    UNKNOWN,
    Value,
    derive,
    extend,
    merge_all,
)


def _split_id(flow, node):
    return ("split", flow.unit, node.lineno, node.col_offset, flow.chain)


def _part(value, split, part):
    cut = derive(value, keep_target=True)
    return replace(cut, rows=extend(value.rows, (split, part)), part=(split, part))


def train_test_split(flow, node, args, ordered=False):
    """``train_test_split(*arrays, shuffle=...)``: a training and a held-out part
    of each array, in order."""
    site = flow.site(node)
    split = _split_id(flow, node)
    shuffle = args.const("shuffle", True)
    shuffled = shuffle is not False and not ordered
    outputs = []
    for array in args.positional:
        held_out = _part(array, split, TEST)
        flow.trace.expose(held_out, site, "split")
        outputs.extend([_part(array, split, TRAIN), held_out])
    time = next((a.time for a in args.positional if a.time is not None), None)
    flow.trace.splits.append(
        SplitUse(site, site, "train_test_split", None, shuffled, not shuffled, time)
    )
    if args.starred:
        return Value(element=merge_all(outputs))
    return Value(items=tuple(outputs), element=merge_all(outputs))


def _splitter(cv):
    """``(name, shuffled, ordered, site)`` of a ``cv`` argument; None stands for
    scikit-learn's default (unshuffled K-fold), which trains on later rows."""
    if cv is None or (cv.has_const and (cv.const is None or isinstance(cv.const, int))):
        return None, False, False, None
    splitters = [obj for obj in cv.objects if obj.category == "splitter"]
    if not splitters:
        return "custom", False, True, None  # explicit folds: not judged
    obj = splitters[0]
    shuffle = obj.params.get("shuffle")
    shuffled = bool(shuffle is not None and shuffle.has_const and shuffle.const)
    if obj.name in ("ShuffleSplit", "StratifiedShuffleSplit"):
        shuffled = True
    return obj.name, shuffled, obj.name in ORDERED_SPLITTERS, obj.site


def record_cv(flow, node, cv, X, how, default_site=None):
    site = flow.site(node)
    name, shuffled, ordered, fix_site = _splitter(cv)
    fix_site = fix_site or default_site or site
    time = X.time if X is not None else None
    flow.trace.splits.append(
        SplitUse(site, fix_site, how, name, shuffled, ordered, time)
    )


def cross_validation(flow, node, base, args):
    """``cross_val_score(estimator, X, y, cv=...)`` and its kin: every row is
    held out once, and the estimator is scored out of fold."""
    estimator = args.get(0, "estimator") or UNKNOWN
    X = args.get(1, "X") or UNKNOWN
    y = args.get(2, "y")
    site = flow.site(node)
    record_cv(flow, node, args.keywords.get("cv"), X, "cv")
    for value in (X, y):
        if value is not None:
            flow.trace.expose(value, site, "cv")
    ids = {
        record_evaluation(flow, obj, X.rows, site, "cv", estimator.loop)
        for obj in estimator.objects
        if obj.category != "function"
    }
    if base == "cross_val_predict":
        return derive(X, keep_part=True)
    return Value(evals=frozenset(ids), loop=estimator.loop)


def split_method(flow, node, obj, args):
    """``splitter.split(X, y)``: pairs of training and held-out indices."""
    X = args.get(0, "X") or UNKNOWN
    record_cv(flow, node, Value(objects=(obj,)), X, "split")
    flow.trace.expose(X, flow.site(node), "cv")
    split = _split_id(flow, node)
    pair = Value(items=(Value(part=(split, TRAIN)), Value(part=(split, TEST))))
    return Value(element=pair)


def search_fit(flow, node, search, X, y):
    """A search's ``fit``: its folds are a cross-validation of ``X``."""
    record_cv(flow, node, search.params.get("cv"), X, "search", search.site)
    site = flow.site(node)
    for value in (X, y):
        if value is not None:
            flow.trace.expose(value, site, "cv")
