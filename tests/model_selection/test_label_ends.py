"""The label end times' reads against their definitions, written on the array."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from safesplit.model_selection import _label_ends
from safesplit.model_selection._label_ends import HorizonEnds, SortedEnds


def _reference_first_reaching(ends, time):
    """The first position whose running maximum of the end times reaches ``time``."""
    reaching = np.flatnonzero(np.maximum.accumulate(ends) >= time)
    return int(reaching[0]) if reaching.size else ends.shape[0]


@settings(max_examples=200, deadline=None)
@given(
    ends=st.lists(st.integers(-50, 50), min_size=1, max_size=60),
    time=st.integers(-60, 60),
    chunk=st.sampled_from([1, 2, 3, 7, 1 << 16]),
    data=st.data(),
)
def test_sorted_ends_read_as_defined(ends, time, chunk, data):
    """Any end times, and ascending ones read by binary search, give the reads
    of the definition (running maximum, maximum of a slice)."""
    original = _label_ends._CHUNK
    _label_ends._CHUNK = chunk
    try:
        for values, ascending in ((np.array(ends), False), (np.sort(ends), True)):
            read = SortedEnds(values, ascending=ascending)
            assert read.first_reaching(time) == _reference_first_reaching(values, time)
            start = data.draw(st.integers(0, len(values) - 1), label="start")
            stop = data.draw(st.integers(start + 1, len(values)), label="stop")
            assert read.max_between(start, stop) == values[start:stop].max()
            np.testing.assert_array_equal(read.between(start, stop), values[start:stop])
    finally:
        _label_ends._CHUNK = original


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.integers(1, 10**6), min_size=1, max_size=40),
    rows=st.data(),
    horizon=st.one_of(
        st.tuples(st.just("duration"), st.integers(0, 3 * 10**6)),
        st.tuples(st.just("periods"), st.integers(0, 50)),
    ),
)
def test_horizon_ends_ascend_as_they_claim(gaps, rows, horizon):
    """The purge reads no end time of a horizon, relying on them ascending."""
    period_times = np.cumsum(np.array(gaps, dtype=np.int64))
    counts = rows.draw(
        st.lists(st.integers(1, 4), min_size=len(gaps), max_size=len(gaps))
    )
    period_starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.intp)
    ends = HorizonEnds(period_times, period_starts, horizon)
    assert ends.ascending
    assert np.all(np.diff(ends.array()) >= 0)
