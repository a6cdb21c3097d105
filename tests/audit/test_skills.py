"""The skill measures of the audit (``safesplit.audit._skills``) against their
definitions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safesplit.audit._skills import skill


@settings(max_examples=300, deadline=None)
@given(
    scores=st.lists(st.sampled_from([0.0, 0.5, 1.0]) | st.floats(-10, 10), min_size=1),
    seed=st.integers(0, 2**32 - 1),
)
def test_auc_is_the_share_of_pairs_ranked_right(scores, seed):
    """Against its definition: over all (positive, negative) pairs, 1 when the
    positive scores higher, 1/2 when tied."""
    scores = np.array(scores)
    positive = np.random.default_rng(seed).random(scores.shape[0]) < 0.5
    pos, neg = scores[positive], scores[~positive]
    got = skill(positive.astype(np.int64), scores, "classification")
    if pos.size == 0 or neg.size == 0:
        assert np.isnan(got)
        return
    pairs = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    assert got == pytest.approx(2.0 * pairs.mean() - 1.0, abs=1e-12)


def test_auc_of_a_nan_score_is_nan():
    scores = np.array([0.1, np.nan, 0.3, 0.2])
    assert np.isnan(skill(np.array([0, 1, 1, 0]), scores, "classification"))
