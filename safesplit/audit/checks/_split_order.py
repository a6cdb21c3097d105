"""``temporal`` (L3.1) for a split the user already has (``test=``): training
rows later than every test row, so the model is tested on the past after it
learned from the future."""

import numpy as np

from safesplit.audit._given_split import GivenSplit
from safesplit.model_selection._engine import TEST, TRAIN
from safesplit.report import Finding

# At this share of training rows after the whole test period, the split is not a
# forecast of later rows at all; a few such rows (a late correction, a straggler)
# are reported at low.
MEDIUM_SHARE_AFTER = 0.10


def check(context):
    """A finding when a given split trains on rows later than its test period.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    if not context.times.known or not isinstance(context.cv.splitter, GivenSplit):
        return []
    timeline = context.roles.timeline
    roles = context.roles.in_time_order[0]
    times = timeline.times
    last_test = times[roles == TEST].max()
    after = times[roles == TRAIN] > last_test
    n_after = int(np.count_nonzero(after))
    if n_after == 0:
        return []
    share = n_after / after.shape[0]
    severity = "medium" if share >= MEDIUM_SHARE_AFTER else "low"
    shown = timeline.display(last_test)
    return [
        Finding(
            "temporal",
            severity,
            "L3.1",
            [],
            [0],
            {
                "n_train_rows_after_test_period": n_after,
                "share_of_train_rows_after_test_period": share,
                "last_test_time": str(shown),
            },
            f"{n_after:,} training rows ({share:.1%}) are later than the last test "
            f"row ({shown}): the test set is not the future of the training set, "
            "so the model is scored on the past after learning from what came "
            "after it, which production never allows. Split by time: test on the "
            "latest rows (purged_train_test_split), or validate with WalkForward.",
        )
    ]
