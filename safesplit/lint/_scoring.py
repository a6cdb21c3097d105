"""Scores in the analysis: each time a model is scored, on which rows, and what
it had learned from at that moment.

``model.score(X, y)``, a metric of a model's predictions and a cross-validation
each record an :class:`~safesplit.lint._trace.Evaluation`; the value returned
carries its id, so that comparing, ranking or plotting scores can be traced back to
the evaluations they came from.
"""

from safesplit.lint._trace import Evaluation
from safesplit.lint._values import UNKNOWN, Value, derive


def record_evaluation(flow, obj, rows, site, via, model_loops=frozenset(), fitted=None):
    loops = tuple(flow.loops)
    varies = frozenset(
        loop for loop in loops if loop in obj.loops or loop in model_loops
    )
    evaluation = Evaluation(
        id=len(flow.trace.evaluations) + 1,
        seq=flow.trace.tick(),
        obj=obj,
        fit_rows=obj.fit_rows if fitted is None else fitted[0],
        fit_site=obj.fit_site if fitted is None else fitted[1],
        rows=rows,
        site=site,
        via=via,
        loops=loops,
        varies=varies,
        over_models=frozenset(
            loop for loop in varies if loop in flow.model_loops and loop in model_loops
        ),
    )
    flow.trace.evaluations.append(evaluation)
    return evaluation.id


def score_with(flow, node, model, X, y=None, objects=None):
    """``model.score(X, y)`` and the displays made from an estimator."""
    if model is None or X is None:
        return UNKNOWN
    site = flow.site(node)
    objects = objects or [obj for obj in model.objects if obj.category != "function"]
    ids = set()
    for obj in objects:
        flow.trace.expose(X, site, "evaluation", learned=obj.fit_rows)
        ids.add(record_evaluation(flow, obj, X.rows, site, "score", model.loop))
    return Value(evals=frozenset(ids), loop=model.loop)


def metric(flow, node, args):
    """A metric of predictions: an evaluation of the models that made them."""
    return score_predictions(flow, node, args.all())


def by_hand(flow, node, values):
    """``pred == y_test``, ``y_test - pred``: a score computed by hand, when one
    side is predictions and the other is not."""
    if any(value.predicted for value in values) and any(
        value.rows and not value.predicted for value in values
    ):
        return score_predictions(flow, node, values)
    return None


def score_predictions(flow, node, values):
    """An evaluation of the models whose predictions are among ``values``."""
    predictions = [value for value in values if value.predicted]
    if not predictions:
        return derive(*values)
    site = flow.site(node)
    rows = frozenset().union(*(value.rows for value in predictions))
    loops = frozenset().union(*(value.loop for value in predictions))
    ids = set()
    for obj, fit_rows, fit_site in dict.fromkeys(
        model for value in predictions for model in value.predicted
    ):
        for value in values:
            flow.trace.expose(value, site, "evaluation", learned=fit_rows)
        ids.add(
            record_evaluation(
                flow, obj, rows, site, "metric", loops, fitted=(fit_rows, fit_site)
            )
        )
    return Value(evals=frozenset(ids), loop=loops)
