"""Static detection of leakage in scripts and notebooks: :func:`lint`.

``_source`` reads files and notebooks into parsed units in execution order,
``_targets`` finds the target and date columns, ``_flow`` (with ``_calls``,
``_frames``, ``_estimators``, ``_splits``, ``_scoring``) follows which rows each
value holds and what was fitted on what, and each module of ``rules`` turns what
the analysis observed into findings.
"""

from safesplit.lint._lint import lint, lint_paths
from safesplit.lint.rules import CODES, RULES, select_rules

__all__ = ["CODES", "RULES", "lint", "lint_paths", "select_rules"]
