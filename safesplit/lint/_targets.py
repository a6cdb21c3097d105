"""A first pass over the program: which columns are the target, which are dates.

The target is what the code uses as ``y``: ``y = df["price"]``, ``y =
df.pop("churn")``, ``TARGET = "Survived"``, the second argument of ``fit`` or
``train_test_split`` written as ``df["label"]``. Dates are the columns named in
``parse_dates`` or converted with ``pd.to_datetime`` in place.
"""

import ast
from dataclasses import dataclass

from safesplit.lint._names import is_target_variable, names_a_target

_WRAPPERS = frozenset(
    """values to_numpy ravel astype map apply replace reshape flatten squeeze copy
    array asarray log log1p sqrt fillna to_frame""".split()
)
_SECOND_IS_TARGET = frozenset({"fit", "train_test_split", "fit_transform"})
_THIRD_IS_TARGET = frozenset({"cross_val_score", "cross_validate", "cross_val_predict"})


@dataclass(frozen=True)
class Columns:
    targets: frozenset
    dates: frozenset


def _constant_strings(node, names):
    """The strings a key expression names (a constant, a list of constants, or a
    variable bound to one)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in names:
        return [names[node.id]]
    if isinstance(node, ast.List | ast.Tuple):
        found = []
        for element in node.elts:
            found.extend(_constant_strings(element, names))
        return found
    return []


def _column_of(node, names):
    """The column names that an expression selects from a frame, through the
    wrappers that keep it a column (``.values``, ``np.log1p(...)``)."""
    while True:
        if isinstance(node, ast.Subscript):
            return _constant_strings(node.slice, names)
        if isinstance(node, ast.Attribute):
            if node.attr in _WRAPPERS:
                node = node.value
                continue
            if isinstance(node.value, ast.Name) and not node.attr.startswith("_"):
                return [node.attr]
            return []
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "pop" and node.args:
                return _constant_strings(node.args[0], names)
            # A method of the column itself (df["y"].map(...)), or a function
            # or an encoder given the column (np.log1p(df["y"]),
            # le.fit_transform(df["y"])).
            if isinstance(func, ast.Attribute) and not isinstance(func.value, ast.Name):
                node = func.value
                continue
            if node.args:
                node = node.args[0]
                continue
        return []


def _string_constants(assignments):
    """Variables bound to one string constant (``TARGET = "price"``)."""
    names = {}
    for node in assignments:
        if (
            len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            names[node.targets[0].id] = node.value.value
    return names


def _call_name(node):
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _targets_in(node, names):
    if isinstance(node, ast.Assign):
        found = []
        for target in node.targets:
            pairs = [(target, node.value)]
            if (
                isinstance(target, ast.Tuple)
                and isinstance(node.value, ast.Tuple)
                and len(target.elts) == len(node.value.elts)
            ):
                pairs = list(zip(target.elts, node.value.elts))
            for name, value in pairs:
                if not isinstance(name, ast.Name):
                    continue
                if names_a_target(name.id) and name.id in names:
                    found.append(names[name.id])
                if is_target_variable(name.id):
                    found.extend(_column_of(value, names))
        return found
    if isinstance(node, ast.Call):
        name = _call_name(node)
        if name in _SECOND_IS_TARGET and len(node.args) >= 2:
            return _column_of(node.args[1], names)
        if name in _THIRD_IS_TARGET and len(node.args) >= 3:
            return _column_of(node.args[2], names)
    return []


def _dates_in(node, names):
    found = []
    if isinstance(node, ast.keyword) and node.arg == "parse_dates":
        found.extend(_constant_strings(node.value, names))
    if (
        isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and _call_name(node.value) == "to_datetime"
    ):
        for target in node.targets:
            if isinstance(target, ast.Subscript):
                found.extend(_constant_strings(target.slice, names))
    if isinstance(node, ast.Attribute) and node.attr == "dt":
        found.extend(_column_of(node.value, names))
    return found


_READ = (ast.Assign, ast.Call, ast.keyword, ast.Attribute)


def find_columns(trees):
    """The target and date columns named anywhere in the program."""
    nodes = [
        node for tree in trees for node in ast.walk(tree) if isinstance(node, _READ)
    ]
    names = _string_constants(node for node in nodes if isinstance(node, ast.Assign))
    targets, dates = set(), set()
    for node in nodes:
        targets.update(_targets_in(node, names))
        dates.update(_dates_in(node, names))
    return Columns(frozenset(targets), frozenset(dates))
