"""``duplicate`` (L1.1) at its plainest: a split that tests rows it also trains
on, so the validation has no separate test set (a negative ``gap``, index pairs
that share rows, a custom splitter that adds test rows to training)."""

import numpy as np

from safesplit.model_selection._engine import TEST
from safesplit.report import Finding


def check(context):
    """One finding, at high, when any split tests rows it trains on.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    roles = context.roles
    n_shared = roles.n_shared
    if not n_shared.any():
        return []
    n_test = np.array(
        [np.count_nonzero(split == TEST) for split in roles.in_time_order]
    )
    folds = np.flatnonzero(n_shared).tolist()
    share = n_shared / np.maximum(n_test, 1)
    worst = int(np.argmax(share))
    return [
        Finding(
            "duplicate",
            "high",
            "L1.1",
            [],
            folds,
            {
                "n_test_rows_also_trained_on": n_shared.tolist(),
                "n_test_rows": n_test.tolist(),
                "share_of_test_rows_also_trained_on": share.tolist(),
            },
            f"In {len(folds)} of {roles.n_splits} splits the model is tested on "
            f"rows it was trained on (split {worst}: {n_shared[worst]:,} of its "
            f"{n_test[worst]:,} test rows, {share[worst]:.0%}), so the validation "
            "has no separate test set and scores memory, not prediction. Keep "
            "each split's test rows out of its training rows: a TimeSeriesSplit "
            "gap must be >= 0; remove the test rows from each training set of "
            "index pairs; a custom splitter must not add test rows to training.",
        )
    ]
