"""The label end times' reads against their definitions, written on the array."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from safesplit.model_selection import _label_ends
from safesplit.model_selection._label_ends import SortedEnds


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
