"""What a call, an attribute or a subscript means to the analysis.

A call is resolved to a user function (run with its arguments), a known name (an
estimator class, a splitting, scoring or reading function, by the last part of its
dotted name) or a method of a value (an estimator's ``fit``, a frame's ``groupby``).
What is not known derives from its arguments: the rows and taints of the data it
is given carry over, so an unknown helper does not hide a leak.
"""

import ast
from dataclasses import replace

from safesplit.lint import _estimators, _frames, _scoring, _splits
from safesplit.lint._names import (
    CV_FUNCTIONS,
    ESTIMATOR_METRICS,
    METRICS,
    NOT_DATA,
    ORDERED_SPLIT_FUNCTIONS,
    READERS,
    SELECT_BEST,
    SELECTION_SCORE_FUNCTIONS,
    SPLIT_FUNCTIONS,
    category_of,
    short,
)
from safesplit.lint._trace import Selection
from safesplit.lint._values import UNKNOWN, Value, derive, merge, merge_all


class Arguments:
    """The evaluated arguments of a call, by position and by keyword."""

    def __init__(self, positional, keywords, starred=False):
        self.positional = positional
        self.keywords = keywords
        self.starred = starred

    def get(self, index, name=None):
        if name is not None and name in self.keywords:
            return self.keywords[name]
        if index is not None and index < len(self.positional):
            return self.positional[index]
        return None

    def all(self):
        return [*self.positional, *self.keywords.values()]

    def const(self, name, default=None):
        value = self.keywords.get(name)
        return value.const if value is not None and value.has_const else default


def _arguments(flow, node):
    positional, starred = [], False
    for argument in node.args:
        if isinstance(argument, ast.Starred):
            starred = True
            value = flow.expr(argument.value)
            if value.items is not None:
                positional.extend(value.items)
            else:
                positional.append(value.element or value)
        else:
            positional.append(flow.expr(argument))
    keywords = {}
    for keyword in node.keywords:
        value = flow.expr(keyword.value)
        if keyword.arg is None:
            keywords.setdefault("**", value)
        else:
            keywords[keyword.arg] = value
    return Arguments(positional, keywords, starred)


def call(flow, node):
    func = node.func
    if isinstance(func, ast.Attribute):
        receiver = flow.expr(func.value)
        args = _arguments(flow, node)
        if receiver.ref is not None and not receiver.objects and not receiver.rows:
            return call_named(flow, node, f"{receiver.ref}.{func.attr}", args)
        return call_method(flow, node, receiver, func.attr, args, func.value)
    callee = flow.expr(func)
    args = _arguments(flow, node)
    functions = [obj for obj in callee.objects if obj.category == "function"]
    if functions:
        return merge_all(
            flow.call_function(obj, node, args.positional, args.keywords)
            for obj in functions
        )
    if callee.ref is not None:
        return call_named(flow, node, callee.ref, args)
    return derive(*args.all())


def call_named(flow, node, name, args):
    """A call of a function or class known by its dotted ``name``."""
    base = short(name)
    if base in SPLIT_FUNCTIONS or base in ORDERED_SPLIT_FUNCTIONS:
        return _splits.train_test_split(
            flow, node, args, ordered=base in ORDERED_SPLIT_FUNCTIONS
        )
    if base in CV_FUNCTIONS:
        return _splits.cross_validation(flow, node, base, args)
    if base in METRICS:
        return _scoring.metric(flow, node, args)
    if base in ESTIMATOR_METRICS:
        return _scoring.score_with(flow, node, args.get(0), args.get(1, "X"))
    if base in SELECTION_SCORE_FUNCTIONS:
        return _frames.selection_scores(flow, node, args, base)
    if base in SELECT_BEST:
        select(flow, node, args.all())
    handled = _frames.call_function(flow, node, base, name, args)
    if handled is not None:
        return handled
    category = category_of(base, flow.classes.get(base, ()))
    if category is not None and base not in ("DataFrame", "Series"):
        return _estimators.make(flow, node, base, category, args)
    if base in NOT_DATA:
        if base in ("list", "tuple", "sorted", "iter", "reversed", "set", "dict"):
            return _container_copy(args)
        if base in ("enumerate", "zip"):
            return _zip(base, args)
        return derive(*args.all())
    carried = derive(*args.all())
    if not carried.rows and READERS.match(base):
        return _frames.read(flow, node, base, args)
    return carried


def _container_copy(args):
    source = args.get(0)
    if source is None:
        return UNKNOWN
    element = source.element if source.element is not None else derive(source)
    return replace(
        derive(source, keep_target=True, keep_part=True),
        items=source.items,
        element=element,
    )


def _zip(base, args):
    if base == "enumerate":
        source = args.get(0) or UNKNOWN
        element = source.element if source.element is not None else derive(source)
        return Value(element=Value(items=(UNKNOWN, element)))
    elements = tuple(
        value.element if value.element is not None else derive(value)
        for value in args.positional
    )
    return Value(element=Value(items=elements))


def call_method(flow, node, receiver, method, args, receiver_node):
    """``receiver.method(...)``: an estimator's API, a frame's, or a list's."""
    if method in SELECT_BEST or method in ("idxmax", "idxmin", "max", "min"):
        select(flow, node, [receiver, *args.all()])
    estimators = [obj for obj in receiver.objects if obj.category != "function"]
    if estimators:
        results = [
            _estimators.method(flow, node, obj, receiver, method, args)
            for obj in estimators
        ]
        return merge_all(result for result in results if result is not None)
    if method in ("items", "values", "keys") and receiver.element is not None:
        return _dict_view(receiver, method)
    if method in ("append", "extend", "add", "update", "insert") and not receiver.rows:
        _grow(flow, receiver_node, receiver, args)
        return UNKNOWN
    result = _frames.method(flow, node, receiver, method, args)
    if args.const("inplace") is True:
        _rebind(flow, receiver_node, result)
    return result


def _dict_view(receiver, method):
    """``d.items()``, ``d.values()``, ``d.keys()`` of a dict display."""
    if method == "items":
        return Value(element=Value(items=(UNKNOWN, receiver.element)))
    if method == "values":
        return Value(element=receiver.element)
    return Value(element=UNKNOWN)


def _grow(flow, receiver_node, receiver, args):
    """``scores.append(s)``: the list now also holds ``s``."""
    added = merge_all(args.all())
    grown = replace(
        receiver,
        element=merge(receiver.element, added),
        evals=receiver.evals | added.evals,
        items=None,
    )
    _rebind(flow, receiver_node, grown)


def _rebind(flow, receiver_node, value):
    if isinstance(receiver_node, ast.Name):
        flow.scope.owner(receiver_node.id).names[receiver_node.id] = replace(
            value, narrowed=None
        )
    elif isinstance(receiver_node, ast.Subscript | ast.Attribute):
        flow.bind(receiver_node, value)


def attribute(flow, node, base):
    """``base.name``: a module member, an estimator's fitted attribute, a
    frame's column or accessor."""
    if base.ref is not None and not base.objects and not base.rows:
        return Value(ref=f"{base.ref}.{node.attr}")
    estimators = [obj for obj in base.objects if obj.category != "function"]
    if estimators:
        return _estimators.attribute(flow, node, base, estimators)
    return _frames.attribute(flow, node, base)


def subscript(flow, node, base):
    key = flow.expr(node.slice)
    if base.items is not None and key.has_const and isinstance(key.const, int):
        if -len(base.items) <= key.const < len(base.items):
            return base.items[key.const]
    if base.objects and not base.rows:
        return base
    if not base.rows and base.element is not None and base.groupby is None:
        return replace(base.element, loop=base.element.loop | key.loop)
    return _frames.subscript(flow, node, base, key)


def select(flow, node, values):
    """Scores compared, ranked or reduced to a best one."""
    evals = frozenset().union(*(value.evals for value in values if value is not None))
    for value in values:
        if value is not None and value.element is not None:
            evals |= value.element.evals
    if evals:
        flow.trace.selections.append(Selection(flow.site(node), evals))
