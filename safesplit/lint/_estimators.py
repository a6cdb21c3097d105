"""Estimators in the analysis: what was fitted on which rows, what its transform
carries, where it was scored.

An estimator is an :class:`~safesplit.lint._values.Obj` shared by every name bound
to it. ``fit`` records its rows; ``transform`` passes on a taint learned from them;
``fit_resample`` of an oversampler makes synthetic copies of the rows it was given;
``predict`` makes predictions that remember the model; ``score`` and the metrics
record an evaluation, with the rows the model learned from at that moment.
"""

from dataclasses import replace

from safesplit.lint import _splits
from safesplit.lint._names import (
    EVALUATE_METHODS,
    PREDICT_METHODS,
    UNSUPERVISED_SELECTORS,
    rule_of_fit,
)
from safesplit.lint._scoring import score_with
from safesplit.lint._trace import EarlyStop, ScoreRead
from safesplit.lint._values import EMPTY, UNKNOWN, Obj, Taint, Value, derive

# Categories whose fit teaches their transform something about the rows.
_LEARNING = frozenset(
    {
        "transformer",
        "label_encoder",
        "selector",
        "target_encoder",
        "pipeline",
        "guarded",
        "model",
    }
)
_STEP_FIELDS = {
    "Pipeline": ("steps", 0),
    "ColumnTransformer": ("transformers", 0),
    "FeatureUnion": ("transformer_list", 0),
}


def _steps(base, category, args):
    """The estimators inside a pipeline, a column transformer or a search."""
    if category == "search":
        inner = args.get(0, "estimator")
        return inner.objects if inner is not None else ()
    field = _STEP_FIELDS.get(base)
    if field is not None:
        listed = args.get(field[1], field[0])
        values = listed.items if listed is not None and listed.items else ()
        found = []
        for value in values:
            found.extend(value.objects)
            for item in value.items or ():
                found.extend(item.objects)
        return tuple(found)
    if category in ("pipeline", "guarded") or base.startswith("make_"):
        return tuple(obj for value in args.all() for obj in value.objects)
    return tuple(obj for value in args.all() for obj in value.objects)


def make(flow, node, base, category, args):
    """A new estimator, splitter or search."""
    named = {str(index): value for index, value in enumerate(args.positional)}
    named.update(args.keywords)
    obj = Obj(
        base,
        category,
        flow.site(node),
        params=dict(args.keywords),
        steps=_steps(base, category, args),
        loops=flow.loops_of(named),
        data_rows=frozenset().union(*(value.rows for value in args.all())),
    )
    return Value(objects=(obj,))


def method(flow, node, obj, receiver, name, args):
    """``estimator.name(...)``."""
    if name in ("fit", "partial_fit"):
        fit(flow, node, obj, args)
        return receiver
    if name == "fit_transform":
        fit(flow, node, obj, args)
        return transform(flow, node, obj, _data(args))
    if name in ("fit_resample", "fit_sample"):
        return resample(flow, node, obj, args)
    if name == "transform":
        return transform(flow, node, obj, _data(args))
    if name == "inverse_transform":
        # Back to the original units (predictions of a scaled target): no
        # feature is built from what the fit learned.
        return derive(_data(args), keep_part=True, keep_target=True)
    if name == "fit_predict":
        fit(flow, node, obj, args)
        features = transform(flow, node, obj, _data(args))
        return replace(features, predicted=(_fitted(obj),))
    if name in PREDICT_METHODS:
        X = _data(args)
        result = derive(X, keep_part=True)
        return replace(
            result, predicted=(_fitted(obj),), loop=result.loop | receiver.loop
        )
    if name in EVALUATE_METHODS:
        return score_with(flow, node, receiver, _data(args), args.get(1, "y"), [obj])
    if name == "split" and obj.category == "splitter":
        return _splits.split_method(flow, node, obj, args)
    if name == "set_params":
        obj.loops = obj.loops | flow.loops_of(args.keywords)
        return receiver
    return None


def _fitted(obj):
    """A model as it is now: predictions remember what it had learned from."""
    return (obj, obj.fit_rows, obj.fit_site)


def _data(args):
    for value in (args.get(0, "X"), args.keywords.get("x")):
        if value is not None:
            return value
    return UNKNOWN


def fit(flow, node, obj, args):
    X, y = _data(args), args.get(1, "y")
    site = flow.site(node)
    if obj.category == "search":
        _splits.search_fit(flow, node, obj, X, y)
    rows = X.rows or obj.data_rows
    obj.fit_rows, obj.fit_site, obj.fit_seq = rows, site, flow.trace.tick()
    if obj.category in _LEARNING:
        supervised = y is not None and obj.name not in UNSUPERVISED_SELECTORS
        obj.taint = Taint(
            rule_of_fit(obj, supervised),
            site,
            rows,
            obj.name,
            supervised=supervised or obj.category == "target_encoder",
            label_only=obj.category == "label_encoder",
        )
    _early_stopping(flow, node, obj, args)


def _early_stopping(flow, node, obj, args):
    """``eval_set=[(X_val, y_val)]`` with early stopping: the rounds are chosen
    on those rows."""
    watched = args.keywords.get("eval_set") or args.keywords.get("validation_data")
    if watched is None:
        return
    stops = any(
        key in args.keywords or key in obj.params
        for key in ("early_stopping_rounds", "callbacks", "early_stopping")
    )
    rows = _rows_within(watched)
    if stops and rows:
        flow.trace.early_stops.append(
            EarlyStop(flow.site(node), obj, rows, flow.trace.tick())
        )


def _rows_within(value, depth=0):
    """The rows of a value and of the tuples and lists it holds."""
    if value is None or depth > 4:
        return frozenset()
    rows = value.rows
    for item in value.items or ():
        rows |= _rows_within(item, depth + 1)
    return rows | _rows_within(value.element, depth + 1)


def transform(flow, node, obj, X):
    result = derive(X, keep_part=True, keep_target=True)
    if obj.taint is not None and obj.category in _LEARNING:
        result = replace(result, taints=result.taints | {obj.taint})
    flow.trace.expose(result, flow.site(node), "transform")
    return result


def resample(flow, node, obj, args):
    """``sampler.fit_resample(X, y)``: an oversampler's output holds copies (or
    interpolations) of the rows it was given."""
    X, y = _data(args), args.get(1, "y") or UNKNOWN
    site = flow.site(node)
    obj.fit_rows, obj.fit_site, obj.fit_seq = X.rows, site, flow.trace.tick()
    outputs = [derive(X, keep_part=True), derive(y, keep_part=True, keep_target=True)]
    if obj.category == "oversampler":
        taint = Taint("oversample", site, X.rows | y.rows, obj.name)
        outputs = [replace(out, taints=out.taints | {taint}) for out in outputs]
    return Value(items=tuple(outputs))


def attribute(flow, node, base, estimators):
    """A fitted attribute: ``best_score_`` is recorded, ``best_estimator_`` is
    the search itself (it predicts with it)."""
    name = node.attr
    if name == "best_score_":
        for obj in estimators:
            if obj.category == "search":
                flow.trace.score_reads.append(
                    ScoreRead(
                        flow.site(node),
                        obj,
                        obj.fit_rows,
                        obj.fit_seq,
                        flow.trace.tick(),
                    )
                )
        return UNKNOWN
    if name in ("best_estimator_", "estimator_", "best_model_", "model"):
        return base
    if name in ("named_steps", "steps", "estimators_", "named_transformers_"):
        inner = tuple(step for obj in estimators for step in obj.steps)
        return Value(element=Value(objects=inner))
    if name == "best_params_":
        return Value(loop=base.loop)
    return UNKNOWN


__all__ = ["EMPTY", "make", "method"]
