"""The audit's checks, one module each, in the order their findings are listed.

Each check is a function ``check(context)`` of one module:

Parameters
----------
context : AuditContext
    The audit's inputs and what follows from them, see
    :class:`~safesplit.audit._context.AuditContext`.

Returns
-------
findings : list of Finding
    The check's findings, all of its kind.

A check reads only the context: what it shares with other checks (splits, column
screens, model skills) it asks the context for, which computes it once, so the
checks give the same findings in any order.
"""

from typing import NamedTuple

from safesplit.audit.checks import (
    _aggregate,
    _duplicate,
    _group,
    _identifier,
    _overlap,
    _preprocessing,
    _skew,
    _split_order,
    _target_proxy,
    _temporal,
)


class Check(NamedTuple):
    """One check: the finding kind it reports, its progress message, its function."""

    kind: str
    progress: str
    run: object

    @property
    def name(self):
        """The check's name: its module's (``checks/_duplicate.py`` is
        ``"duplicate"``), as ``audit(checks=...)`` and ``--checks`` take it."""
        return self.run.__module__.rpartition("._")[2]


CHECKS = (
    Check("duplicate", "checking rows tested where they train", _overlap.check),
    Check("preprocessing", "checking preprocessing signatures", _preprocessing.check),
    Check("preprocessing", "checking aggregates of the target", _aggregate.check),
    Check("duplicate", "checking duplicates across splits", _duplicate.check),
    Check("identifier", "checking identifier-like columns", _identifier.check),
    Check("group", "checking entities shared across splits", _group.check),
    Check(
        "target_proxy", "comparing single columns with the model", _target_proxy.check
    ),
    Check("temporal", "checking time order", _temporal.check),
    Check("temporal", "checking the time order of the given split", _split_order.check),
    Check("skew", "comparing the rows at prediction time", _skew.check),
)


def select_checks(names):
    """The checks of the registry named in ``names`` (check names or finding
    kinds), in registry order; every check when ``names`` is None.

    Raises
    ------
    ValueError
        When ``names`` is empty or names no check, saying which names exist.
    TypeError
        When ``names`` is a single string or not a collection of strings.
    """
    if names is None:
        return CHECKS
    listed = (
        list(names)
        if hasattr(names, "__iter__")
        and not isinstance(names, str)
        and getattr(names, "ndim", 1) != 0
        else None
    )
    if listed is None or not all(isinstance(n, str) for n in listed):
        raise TypeError(
            "checks must be a list of check names such as ['duplicate', "
            f"'temporal'], got {names!r}."
        )
    names = listed
    known = sorted({check.name for check in CHECKS} | {c.kind for c in CHECKS})
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise ValueError(
            f"checks={list(names)!r} names no check"
            + (f" ({', '.join(map(repr, unknown))} unknown)" if unknown else "")
            + f"; choose among {', '.join(known)}."
        )
    wanted = set(names)
    return tuple(c for c in CHECKS if c.name in wanted or c.kind in wanted)


__all__ = ["CHECKS", "Check", "select_checks"]
