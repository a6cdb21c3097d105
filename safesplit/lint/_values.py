"""What the flow analysis knows about a value: rows, taints, objects, scores.

Rows are named symbolically. A *dataset* is a value that enters the program (read
from a file, made by a function): its rows are the atom ``(dataset, ())``. A split
appends one step ``(split, part)`` to the path of every atom it splits, so
``(7, ((12, "train"),))`` is the training part of dataset 7 cut by the split at site
12. Two atoms of one dataset share rows unless, at the first step where their paths
differ, the same split sent them to different parts.
"""

from dataclasses import dataclass, field, replace

EMPTY = frozenset()
TRAIN, TEST = "train", "test"


@dataclass(frozen=True)
class Site:
    """Where something happens: a cell (None in a script), a line and column, the
    lines of its statement, and the call sites that led there (outer first)."""

    unit: object
    line: int
    col: int
    first_line: int
    last_line: int
    chain: tuple = ()

    def lines(self):
        """Every line a reader may point at for this site (its statement and the
        calls that led to it)."""
        own = {(self.unit, n) for n in range(self.first_line, self.last_line + 1)}
        return own | set(self.chain)


@dataclass(frozen=True)
class Taint:
    """A statistic learned from ``rows`` that travels with the values made from it.

    ``kind`` is ``"preprocess"``, ``"select"``, ``"target"`` or ``"oversample"``;
    ``what`` names it (``"StandardScaler"``); ``supervised`` says whether it read
    the target; ``label_only`` marks an encoder of class names (harmless on y).
    """

    kind: str
    site: Site
    rows: frozenset
    what: str
    supervised: bool = False
    label_only: bool = False


def atoms_overlap(first, second):
    """Whether two row atoms may hold a common row."""
    (dataset_a, path_a), (dataset_b, path_b) = first, second
    if dataset_a != dataset_b:
        return False
    for (split_a, part_a), (split_b, part_b) in zip(path_a, path_b):
        if split_a != split_b:
            return True  # two different splits of the same rows may share rows
        if part_a != part_b:
            return False
    return True  # one is a part of the other


def rows_overlap(first, second):
    """Whether two sets of atoms may hold a common row."""
    return any(atoms_overlap(a, b) for a in first for b in second)


def extend(rows, part):
    """The atoms of ``rows`` cut by ``part`` = ``(split, "train" | "test")``."""
    return frozenset((dataset, (*path, part)) for dataset, path in rows)


def is_held_out(atom):
    """Whether an atom is the held-out part of a split."""
    return bool(atom[1]) and atom[1][-1][1] == TEST


def only_training_parts(rows):
    """Whether every atom is the training part of a split."""
    return bool(rows) and all(path and path[-1][1] == TRAIN for _, path in rows)


@dataclass(frozen=True)
class Value:
    """An abstract value: everything is optional, an empty Value is 'unknown'."""

    rows: frozenset = EMPTY  # the rows the value holds
    taints: frozenset = EMPTY  # statistics learned from rows, carried along
    time: object = None  # (Site, why) where the rows were shown to be in time order
    target: bool = False  # a selection of the target column
    part: object = None  # (split, part): the value can index rows of that part
    narrowed: object = None  # rows were cut by a slice or a mask (split key)
    objects: tuple = ()  # heap objects: estimators, splitters, functions
    predicted: tuple = ()  # the estimators whose predictions these are
    evals: frozenset = EMPTY  # ids of the evaluations whose scores this holds
    items: object = None  # tuple of Values of a tuple or list display
    element: object = None  # the Value that iterating yields
    const: object = None  # a known constant
    has_const: bool = False
    ref: object = None  # a module, class or function, by dotted name
    groupby: object = None  # "rows" or "target" for a pandas groupby
    loop: frozenset = EMPTY  # loops whose iteration over estimators made the value
    flags: frozenset = EMPTY  # "datetime", "corr", "indexer", "repeated"

    def with_flags(self, *names):
        return replace(self, flags=self.flags | frozenset(names))


UNKNOWN = Value()


def constant(value):
    return Value(const=value, has_const=True)


def derive(*values, keep_part=False, keep_target=False):
    """A value computed from ``values``: their rows, taints, time order, scores and
    predictions carry over; identity (objects, items, constants) does not."""
    values = [value for value in values if value is not None]
    if not values:
        return UNKNOWN
    time = next((value.time for value in values if value.time is not None), None)
    part = None
    if keep_part:
        part = next((value.part for value in values if value.part), None)
    return Value(
        rows=frozenset().union(*(value.rows for value in values)),
        taints=frozenset().union(*(value.taints for value in values)),
        time=time,
        target=keep_target and any(value.target for value in values),
        part=part,
        predicted=tuple(dict.fromkeys(p for value in values for p in value.predicted)),
        evals=frozenset().union(*(value.evals for value in values)),
        loop=frozenset().union(*(value.loop for value in values)),
    )


def merge(first, second):
    """Either value (after an ``if``, or the elements of a list)."""
    if first is None:
        return second
    if second is None or first == second:
        return first
    merged = derive(first, second, keep_part=True, keep_target=True)
    same_const = first.has_const and second.has_const and first.const == second.const
    items = None
    if (
        first.items is not None
        and second.items is not None
        and len(first.items) == len(second.items)
    ):
        items = tuple(merge(a, b) for a, b in zip(first.items, second.items))
    return replace(
        merged,
        objects=tuple(dict.fromkeys(first.objects + second.objects)),
        items=items,
        element=merge(first.element, second.element),
        const=first.const if same_const else None,
        has_const=same_const,
        ref=first.ref if first.ref == second.ref else None,
        groupby=first.groupby or second.groupby,
        narrowed=first.narrowed or second.narrowed,
        flags=first.flags | second.flags,
    )


def merge_all(values):
    result = None
    for value in values:
        result = merge(result, value)
    return result if result is not None else UNKNOWN


@dataclass(eq=False)
class Obj:
    """An estimator, splitter, search or user function: one per creation, shared
    by every name bound to it (fitting through one alias fits them all)."""

    name: str  # class name, or the function's name
    category: str  # see safesplit.lint._names.category_of
    site: Site
    params: dict = field(default_factory=dict)
    steps: tuple = ()  # inner estimators (pipeline steps, a search's estimator)
    loops: frozenset = EMPTY  # loops running when the object was made or re-tuned
    fit_rows: object = None  # atoms of the rows of the last fit
    fit_site: object = None
    fit_seq: int = -1
    taint: object = None  # what its transform passes on (a Taint)
    data_rows: frozenset = EMPTY  # rows given at construction (statsmodels)
    node: object = None  # the FunctionDef of a user function
    scope: object = None  # the scope a user function was defined in

    def __repr__(self):
        return f"<{self.category} {self.name} at line {self.site.line}>"
