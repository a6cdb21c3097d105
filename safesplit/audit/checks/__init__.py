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
    _duplicate,
    _group,
    _identifier,
    _preprocessing,
    _skew,
    _target_proxy,
    _temporal,
)


class Check(NamedTuple):
    """One check: the finding kind it reports, its progress message, its function."""

    kind: str
    progress: str
    run: object


CHECKS = (
    Check("preprocessing", "checking preprocessing signatures", _preprocessing.check),
    Check("duplicate", "checking duplicates across splits", _duplicate.check),
    Check("identifier", "checking identifier-like columns", _identifier.check),
    Check("group", "checking entities shared across splits", _group.check),
    Check(
        "target_proxy", "comparing single columns with the model", _target_proxy.check
    ),
    Check("temporal", "checking time order", _temporal.check),
    Check("skew", "comparing the rows at prediction time", _skew.check),
)

__all__ = ["CHECKS", "Check"]
