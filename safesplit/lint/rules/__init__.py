"""The lint rules, one module per rule, and the registry ``RULES``.

A rule is a :class:`~safesplit.lint.rules._base.Rule`: a taxonomy code, a name, the
report kind, and a ``check(trace)`` that reads what the flow analysis observed and
returns findings located in the source.
"""

from safesplit.lint.rules import (
    _overlap,
    _oversampling,
    _preprocessing,
    _selection,
    _target_aggregate,
    _test_reuse,
    _time_order,
)
from safesplit.lint.rules._base import Rule

RULES = (
    _overlap.RULE,
    _preprocessing.RULE,
    _selection.RULE,
    _oversampling.RULE,
    _target_aggregate.RULE,
    _time_order.RULE,
    _test_reuse.RULE,
)
CODES = tuple(rule.code for rule in RULES)


def select_rules(select=None, ignore=None):
    """The rules named (by code or name) in ``select`` (all when None), less
    those in ``ignore``.

    Raises
    ------
    ValueError
        Naming the unknown code and the known ones.
    """
    known = {rule.code: rule for rule in RULES} | {rule.name: rule for rule in RULES}

    def resolve(names, parameter):
        if isinstance(names, str):
            names = [names]
        chosen = []
        for name in names:
            if name not in known:
                raise ValueError(
                    f"{parameter} got an unknown rule {name!r}; known codes: "
                    f"{', '.join(CODES)} (or names: "
                    f"{', '.join(rule.name for rule in RULES)})."
                )
            chosen.append(known[name])
        return chosen

    rules = list(RULES) if select is None else resolve(select, "select")
    dropped = set() if ignore is None else {r.code for r in resolve(ignore, "ignore")}
    return [rule for rule in dict.fromkeys(rules) if rule.code not in dropped]


__all__ = ["CODES", "RULES", "Rule", "select_rules"]
