"""Every kind of finding has a fix, with its columns in code that compiles."""

import pytest

from safesplit.report import KINDS, Finding
from safesplit.report._fixes import fix_for

EVIDENCE_VARIANTS = [
    {},
    {"share_at_that_value_new": 1.0},
    {"statistic": "mean target"},
    {"lookahead_share": 0.9},
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("columns", [[], ["customer's id"]])
@pytest.mark.parametrize("evidence", EVIDENCE_VARIANTS)
@pytest.mark.parametrize("code", ["L1.2", "L1.3", "L2"])
def test_fix_is_words_and_code_that_compiles(kind, columns, evidence, code):
    fix = fix_for(Finding(kind, "high", code, columns, [], evidence))
    assert fix.text.endswith(".") and len(fix.text) > 40
    if fix.code:
        compile(fix.code, f"<fix of {kind}>", "exec")
    if kind in ("target_proxy", "identifier", "group") and columns:
        assert repr(columns[0]) in fix.code
