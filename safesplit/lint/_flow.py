"""Row provenance: which rows each value of a program can hold, and what was fitted
on what.

The analysis runs the program abstractly, statement by statement in execution
order (notebook cells in the order they ran). Names are bound by assignment, tuple
unpacking, loops and ``with``; a user function is run at each call with the values
it is called with; both branches of an ``if`` are run and their bindings merged; a
loop body runs once, with its iteration variable bound to what the loop iterates
over. Calls are given meaning in :mod:`safesplit.lint._calls`.
"""

import ast
from dataclasses import replace

from safesplit.lint import _calls, _scoring
from safesplit.lint._names import part_of_name
from safesplit.lint._trace import Trace
from safesplit.lint._values import (
    EMPTY,
    TEST,
    UNKNOWN,
    Obj,
    Site,
    Value,
    constant,
    derive,
    extend,
    merge,
    merge_all,
)

MAX_CALL_DEPTH = 8
_STATE_PARAMETERS = frozenset({"random_state", "seed", "random_seed", "verbose"})


class Scope:
    def __init__(self, parent=None):
        self.names = {}
        self.parent = parent
        self.global_names = set()

    def lookup(self, name):
        scope = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None

    def owner(self, name):
        """The scope an assignment to ``name`` writes to."""
        if name in self.global_names:
            scope = self
            while scope.parent is not None:
                scope = scope.parent
            return scope
        return self


class Flow:
    """The abstract run of one program; ``trace`` holds what it observed."""

    def __init__(self, columns):
        self.columns = columns
        self.trace = Trace()
        self.scope = Scope()
        self.unit = None
        self.span = (1, 1)
        self.loops = []
        self.model_loops = set()
        self.chain = ()
        self.active = []
        self.returns = None
        self.datasets = 0
        self.classes = {}

    # ------------------------------------------------------------------------------
    # Sites, datasets, names.

    def site(self, node):
        line = getattr(node, "lineno", self.span[0])
        col = getattr(node, "col_offset", 0) + 1
        first, last = self.span
        return Site(self.unit, line, col, min(first, line), max(last, line), self.chain)

    def new_dataset(self):
        self.datasets += 1
        return frozenset({(self.datasets, ())})

    def lookup(self, name):
        value = self.scope.lookup(name)
        return Value(ref=name) if value is None else value

    def assign_name(self, name, value, node=None):
        part = part_of_name(name) if value.narrowed is not None else None
        if part is not None:
            split = ("names", value.narrowed)
            value = replace(
                value,
                rows=extend(value.rows, (split, part)),
                part=(split, part),
                narrowed=None,
            )
            if part == TEST and node is not None:
                self.trace.expose(value, self.site(node), "split")
        elif value.narrowed is not None:
            value = replace(value, narrowed=None)
        self.scope.owner(name).names[name] = value

    # ------------------------------------------------------------------------------
    # Statements.

    def run(self, units):
        for unit in units:
            self.unit = unit.label
            self.block(unit.tree.body)
        return self.trace

    def block(self, statements):
        for statement in statements:
            self.statement(statement)

    def statement(self, node):
        handler = getattr(self, "_" + type(node).__name__, None)
        end = getattr(node, "end_lineno", node.lineno)
        self.span = (node.lineno, end)
        if handler is not None:
            handler(node)
        elif hasattr(node, "value"):
            self.expr(node.value)

    def _Expr(self, node):
        self.expr(node.value)

    def _Assign(self, node):
        value = self.expr(node.value)
        for target in node.targets:
            self.bind(target, value, node.value)

    def _AnnAssign(self, node):
        if node.value is not None:
            self.bind(node.target, self.expr(node.value), node.value)

    def _AugAssign(self, node):
        value = self.expr(node.value)
        old = self.expr(node.target) if isinstance(node.target, ast.Name) else UNKNOWN
        combined = merge(old, replace(value, narrowed=None))
        if isinstance(node.target, ast.Name):
            self.scope.owner(node.target.id).names[node.target.id] = combined
        else:
            self.bind(node.target, combined, node.value)

    def _Import(self, node):
        for alias in node.names:
            name = alias.asname or alias.name.split(".")[0]
            ref = alias.name if alias.asname else alias.name.split(".")[0]
            self.scope.names[name] = Value(ref=ref)

    def _ImportFrom(self, node):
        for alias in node.names:
            if alias.name != "*":
                ref = f"{node.module or ''}.{alias.name}".lstrip(".")
                self.scope.names[alias.asname or alias.name] = Value(ref=ref)

    def _If(self, node):
        self.span = (node.lineno, node.test.end_lineno)
        self.expr(node.test)
        before = dict(self.scope.names)
        self.block(node.body)
        after_body = self.scope.names
        self.scope.names = dict(before)
        self.block(node.orelse)
        after_else = self.scope.names
        self.scope.names = {
            name: merge(after_body.get(name), after_else.get(name))
            for name in after_body.keys() | after_else.keys()
        }

    def _loop_id(self, node):
        return (self.unit, node.lineno, node.col_offset, self.chain)

    def _For(self, node):
        self.span = (node.lineno, node.iter.end_lineno)
        iterated = self.expr(node.iter)
        loop = self._loop_id(node)
        element = self.iterate(iterated, loop)
        self.loops.append(loop)
        try:
            self.bind(node.target, element, node.iter)
            self.block(node.body)
        finally:
            self.loops.pop()
        self.block(node.orelse)

    _AsyncFor = _For

    def _While(self, node):
        self.span = (node.lineno, node.test.end_lineno)
        self.expr(node.test)
        self.loops.append(self._loop_id(node))
        try:
            self.block(node.body)
        finally:
            self.loops.pop()
        self.block(node.orelse)

    def _With(self, node):
        for item in node.items:
            value = self.expr(item.context_expr)
            if item.optional_vars is not None:
                self.bind(item.optional_vars, value, item.context_expr)
        self.block(node.body)

    _AsyncWith = _With

    def _Try(self, node):
        self.block(node.body)
        for handler in node.handlers:
            self.block(handler.body)
        self.block(node.orelse)
        self.block(node.finalbody)

    _TryStar = _Try

    def _Match(self, node):
        self.expr(node.subject)
        for case in node.cases:
            self.block(case.body)

    def _FunctionDef(self, node):
        obj = Obj(node.name, "function", self.site(node), node=node, scope=self.scope)
        self.scope.names[node.name] = Value(objects=(obj,), flags=_lag_flags(node))

    _AsyncFunctionDef = _FunctionDef

    def _ClassDef(self, node):
        bases = tuple(
            base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
            for base in node.bases
        )
        self.classes[node.name] = bases
        self.scope.names[node.name] = Value(ref=node.name)

    def _Return(self, node):
        # The rest of the body still runs: a return may sit in one branch only.
        value = self.expr(node.value) if node.value is not None else UNKNOWN
        if self.returns is not None:
            self.returns["value"] = merge(self.returns.get("value"), value)

    def _Global(self, node):
        self.scope.global_names.update(node.names)

    _Nonlocal = _Global

    # ------------------------------------------------------------------------------
    # Binding.

    def bind(self, target, value, source=None):
        if isinstance(target, ast.Name):
            self.assign_name(target.id, value, source)
        elif isinstance(target, ast.Tuple | ast.List):
            self._bind_sequence(target.elts, value, source)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, replace(value, items=None), source)
        elif isinstance(target, ast.Subscript | ast.Attribute):
            self._bind_into(target, value)

    def _bind_sequence(self, targets, value, source):
        items = value.items
        starred = [i for i, t in enumerate(targets) if isinstance(t, ast.Starred)]
        if items is not None and not starred and len(items) == len(targets):
            sources = (
                source.elts
                if isinstance(source, ast.Tuple | ast.List)
                and len(source.elts) == len(targets)
                else [source] * len(targets)
            )
            for target, item, item_source in zip(targets, items, sources):
                self.bind(target, item, item_source)
            return
        fallback = value.element if value.element is not None else value
        fallback = replace(fallback, items=None) if fallback.items else fallback
        for target in targets:
            self.bind(target, fallback, source)

    def _bind_into(self, target, value):
        """``df["new"] = value``, ``df.loc[mask, c] = ...``, ``df.index = ...``:
        the frame keeps its rows and gains what the value carries."""
        root = target
        while isinstance(root, ast.Subscript | ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return
        old = self.lookup(root.id)
        if isinstance(target, ast.Subscript):
            self.expr(target.slice)
        time = old.time or value.time
        if (
            isinstance(target, ast.Attribute)
            and target.attr == "index"
            and "datetime" in value.flags
        ):
            time = (self.site(target), "its index was set to dates")
        updated = replace(
            old,
            taints=old.taints | value.taints,
            time=time,
            evals=old.evals | value.evals,
            element=merge(old.element, value) if not old.rows else old.element,
        )
        self.scope.owner(root.id).names[root.id] = updated

    # ------------------------------------------------------------------------------
    # Expressions.

    def expr(self, node):
        if node is None:
            return UNKNOWN
        handler = getattr(self, "_e_" + type(node).__name__, None)
        if handler is None:
            return derive(*(self.expr(child) for child in _child_expressions(node)))
        return handler(node)

    def _e_Constant(self, node):
        return constant(node.value)

    def _e_Name(self, node):
        return self.lookup(node.id)

    def _e_Call(self, node):
        return _calls.call(self, node)

    def _e_Attribute(self, node):
        return _calls.attribute(self, node, self.expr(node.value))

    def _e_Subscript(self, node):
        return _calls.subscript(self, node, self.expr(node.value))

    def _e_Starred(self, node):
        return self.expr(node.value)

    def _e_NamedExpr(self, node):
        value = self.expr(node.value)
        self.bind(node.target, value, node.value)
        return value

    def _e_IfExp(self, node):
        self.expr(node.test)
        return merge(self.expr(node.body), self.expr(node.orelse))

    def _e_Lambda(self, node):
        return Value(flags=_lag_flags(node))

    def _e_Compare(self, node):
        values = [self.expr(node.left), *(self.expr(c) for c in node.comparators)]
        _calls.select(self, node, values)
        if any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
            scored = _scoring.by_hand(self, node, values)
            if scored is not None:
                return replace(derive(*values), evals=scored.evals)
        return derive(*values)

    def _e_BinOp(self, node):
        values = [self.expr(node.left), self.expr(node.right)]
        if isinstance(node.op, ast.Sub):
            scored = _scoring.by_hand(self, node, values)
            if scored is not None:
                return replace(derive(*values), evals=scored.evals)
        if isinstance(node.op, ast.Mult) and (
            values[0].items is not None or values[1].items is not None
        ):
            listed = values[0] if values[0].items is not None else values[1]
            return listed.with_flags("repeated")
        return derive(*values)

    def _sequence(self, elements):
        values = tuple(self.expr(element) for element in elements)
        element = merge_all(values)
        return Value(
            items=values,
            element=element,
            evals=element.evals,
            taints=frozenset().union(*(v.taints for v in values if not v.rows)),
        )

    def _e_Tuple(self, node):
        return self._sequence(node.elts)

    _e_List = _e_Tuple
    _e_Set = _e_Tuple

    def _e_Dict(self, node):
        keys = [self.expr(key) for key in node.keys if key is not None]
        values = tuple(self.expr(value) for value in node.values)
        element = merge_all(values)
        key_names = tuple(key.const for key in keys if key.has_const)
        return Value(
            element=element,
            evals=element.evals,
            const=("dict-keys", key_names),
            has_const=True,
        )

    def _comprehension(self, node, elements):
        loop = (self.unit, node.lineno, node.col_offset, self.chain)
        self.loops.append(loop)
        try:
            for generator in node.generators:
                iterated = self.expr(generator.iter)
                self.bind(
                    generator.target, self.iterate(iterated, loop), generator.iter
                )
                for condition in generator.ifs:
                    self.expr(condition)
            values = [self.expr(element) for element in elements]
        finally:
            self.loops.pop()
        element = merge_all(values)
        return Value(element=element, evals=element.evals)

    def _e_ListComp(self, node):
        return self._comprehension(node, [node.elt])

    _e_SetComp = _e_ListComp
    _e_GeneratorExp = _e_ListComp

    def _e_DictComp(self, node):
        return self._comprehension(node, [node.key, node.value])

    # ------------------------------------------------------------------------------
    # Iteration and calls of user functions.

    def iterate(self, iterated, loop):
        """What one iteration over ``iterated`` binds, marked with ``loop``; a loop
        over several estimators is remembered as a comparison of models."""
        element = iterated.element
        if element is None:
            element = derive(iterated, keep_target=True)
        estimators = {
            obj
            for obj in _objects_within(element)
            if obj.category not in ("function", "splitter")
        }
        if len(estimators) >= 2:
            self.model_loops.add(loop)
        return _mark_loop(element, loop)

    def call_function(self, obj, node, args, kwargs):
        """Run a user function's body with the values it is called with."""
        if obj in self.active or len(self.active) >= MAX_CALL_DEPTH:
            return derive(*args, *kwargs.values())
        definition = obj.node
        scope = Scope(obj.scope)
        parameters = [*definition.args.posonlyargs, *definition.args.args]
        defaults = definition.args.defaults
        for index, parameter in enumerate(parameters):
            value = args[index] if index < len(args) else kwargs.get(parameter.arg)
            if value is None:
                offset = index - (len(parameters) - len(defaults))
                value = self.expr(defaults[offset]) if offset >= 0 else UNKNOWN
            scope.names[parameter.arg] = value
        for parameter, default in zip(
            definition.args.kwonlyargs, definition.args.kw_defaults
        ):
            value = kwargs.get(parameter.arg)
            if value is None:
                value = self.expr(default) if default is not None else UNKNOWN
            scope.names[parameter.arg] = value
        if definition.args.vararg is not None:
            extra = tuple(args[len(parameters) :])
            scope.names[definition.args.vararg.arg] = Value(
                items=extra, element=merge_all(extra)
            )
        if definition.args.kwarg is not None:
            scope.names[definition.args.kwarg.arg] = derive(*kwargs.values())
        return self._run_body(obj, node, scope, parameters)

    def _run_body(self, obj, node, scope, parameters):
        saved = (self.scope, self.returns, self.chain, self.span, self.unit)
        call_lines = frozenset(
            (self.unit, line) for line in range(self.span[0], self.span[1] + 1)
        )
        self.scope = scope
        self.returns = {}
        self.chain = (*self.chain, *sorted(call_lines, key=lambda x: x[1]))
        self.unit = obj.site.unit
        self.active.append(obj)
        try:
            self.block(obj.node.body)
            result = self.returns.get("value", UNKNOWN)
        finally:
            self.active.pop()
            self.scope, self.returns, self.chain, self.span, self.unit = saved
        self._write_back(node, scope, parameters)
        return result

    def _write_back(self, node, scope, parameters):
        """A function that adds columns to a frame it was given changes the
        caller's frame: carry the new taints and time order back."""
        for parameter, argument in zip(parameters, node.args):
            if not isinstance(argument, ast.Name):
                continue
            inside = scope.names.get(parameter.arg)
            outside = self.scope.lookup(argument.id)
            if inside is None or outside is None or not outside.rows:
                continue
            if inside.rows == outside.rows and (
                inside.taints - outside.taints or (inside.time and not outside.time)
            ):
                self.scope.owner(argument.id).names[argument.id] = replace(
                    outside,
                    taints=outside.taints | inside.taints,
                    time=outside.time or inside.time,
                )

    def loops_of(self, values, exclude=_STATE_PARAMETERS):
        """The loops whose variables ``values`` (a dict of arguments) depend on."""
        loops = set()
        for name, value in values.items():
            if name not in exclude:
                loops |= value.loop
                for item in value.items or ():
                    loops |= item.loop
        return frozenset(loops)


def _lag_flags(node):
    """``"lagged"`` for a function that shifts its input before anything else
    can read the current row (``lambda s: s.shift(1).rolling(7).mean()``)."""
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and child.func.attr == "shift"
        ):
            return frozenset({"lagged"})
    return frozenset()


def _child_expressions(node):
    return [
        child for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)
    ]


def _objects_within(value, depth=0):
    if value is None or depth > 4:
        return []
    found = list(value.objects)
    for item in value.items or ():
        found.extend(_objects_within(item, depth + 1))
    found.extend(_objects_within(value.element, depth + 1))
    return found


def _mark_loop(value, loop, depth=0):
    if value is None or depth > 4:
        return value
    items = value.items
    if items is not None:
        items = tuple(_mark_loop(item, loop, depth + 1) for item in items)
    return replace(
        value,
        loop=value.loop | {loop},
        items=items,
        element=_mark_loop(value.element, loop, depth + 1),
    )


__all__ = ["EMPTY", "Flow"]
