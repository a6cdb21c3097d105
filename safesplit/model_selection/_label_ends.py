"""Label end times in time order, read the way the split engine needs them.

The engine asks three things of the end times: those of a run of samples in time
order (the samples before a test block, whose labels may reach into it), the latest
among a run (a test block's span), and the first sample whose label reaches a time.
Where the end times come from decides how cheaply these are answered, and none of
the three needs all ``n_samples`` end times in time order:

* :class:`SortedEnds`: an array in time order (given for sorted input, or the times
  themselves when labels end at their own time);
* :class:`HorizonEnds`: computed from the period times where they are read (a
  horizon: ascending, shared by a period);
* :class:`InputOrderEnds`: the caller's end times in input order, read through the
  order (unsorted input), with each period's latest end found without sorting.

Each builds the full array in time order only when a caller asks for it.
"""

import numpy as np

from safesplit.model_selection._time_values import shifted, shifted_array

# Chunk length of the per-chunk maxima behind SortedEnds.first_reaching.
_CHUNK = 4096


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


class SortedEnds:
    """End times given as an array in time order; ``ascending`` when they are
    known to ascend (labels known at their own time: the times themselves)."""

    def __init__(self, sorted_end_times, *, ascending=False):
        self.sorted_end_times = sorted_end_times
        self.ascending = ascending
        self._chunk_max = None

    def array(self):
        return self.sorted_end_times

    def between(self, start, stop):
        return self.sorted_end_times[start:stop]

    def max_between(self, start, stop):
        if self.ascending and start < stop:
            return self.sorted_end_times[stop - 1]
        return self.sorted_end_times[start:stop].max()

    def first_reaching(self, time):
        """A binary search when the ends ascend; otherwise from the running
        maximum of per-chunk maxima (one fast reduction, cached) and one scan
        of a single chunk, with no array of running maxima."""
        ends = self.sorted_end_times
        if self.ascending:
            return int(np.searchsorted(ends, time, side="left"))
        if self._chunk_max is None:
            chunk_max = np.maximum.reduceat(ends, np.arange(0, ends.shape[0], _CHUNK))
            self._chunk_max = np.maximum.accumulate(chunk_max)
        chunk = int(np.searchsorted(self._chunk_max, time, side="left"))
        if chunk == self._chunk_max.shape[0]:
            return ends.shape[0]
        lo = chunk * _CHUNK
        return lo + int(np.argmax(ends[lo : lo + _CHUNK] >= time))


class HorizonEnds:
    """End times that follow from a horizon: each period's time plus a duration,
    or the time of the h-th next period (the last where fewer remain).

    They are ascending and shared by all samples of a period, so every read is
    computed from the period times where it is asked, and no array is built.

    Parameters
    ----------
    period_times : ndarray of shape (n_periods,)
        Time of each period, ascending.
    period_starts : ndarray of shape (n_periods + 1,)
        Where each period begins in time order.
    horizon : tuple
        ``("duration", amount)`` or ``("periods", h)``, validated.
    """

    # A period's end is its time plus a duration, or a later period's time.
    ascending = True

    def __init__(self, period_times, period_starts, horizon):
        self.period_times = period_times
        self.period_starts = period_starts
        self.horizon = horizon
        self._array = None

    def period_ends(self, first, stop):
        """End times of periods ``[first, stop)``."""
        unit, amount = self.horizon
        if unit == "duration":
            # held at int64's end, never wrapped around (see shifted)
            return shifted_array(self.period_times[first:stop], amount)
        last = self.period_times.shape[0] - 1
        # (a horizon beyond the data reaches its last period, in int64 too)
        steps = min(amount, last + 1)
        return self.period_times[np.minimum(np.arange(first, stop) + steps, last)]

    def _period_of(self, offset):
        return int(np.searchsorted(self.period_starts, offset, side="right")) - 1

    def array(self):
        if self._array is None:
            ends = self.period_ends(0, self.period_times.shape[0])
            self._array = np.repeat(ends, np.diff(self.period_starts))
        return self._array

    def between(self, start, stop):
        if start >= stop:
            return self.period_times[:0]
        first, last = self._period_of(start), self._period_of(stop - 1)
        counts = np.diff(self.period_starts[first : last + 2])
        counts[0] -= start - self.period_starts[first]
        counts[-1] -= self.period_starts[last + 1] - stop
        return np.repeat(self.period_ends(first, last + 1), counts)

    def max_between(self, start, stop):
        # Ascending by period: the last sample's period has the latest end.
        period = self._period_of(stop - 1)
        return self.period_ends(period, period + 1)[0]

    def first_reaching(self, time):
        unit, amount = self.horizon
        n_periods = self.period_times.shape[0]
        if unit == "duration":  # time + amount >= time  <=>  time >= time - amount
            earliest = shifted(time, -amount)
            period = int(np.searchsorted(self.period_times, earliest, "left"))
        else:
            # The first period at or after ``time`` is reached from h periods back.
            at = int(np.searchsorted(self.period_times, time, side="left"))
            period = n_periods if at == n_periods else max(at - amount, 0)
        return int(self.period_starts[period])


class InputOrderEnds:
    """The caller's end times in input order, for unsorted input.

    Parameters
    ----------
    input_end_times : ndarray of shape (n_samples,)
        End times in input order.
    order : callable
        Returns the input position of each sample in time order (the sort may
        wait until a read in time order needs it).
    period_starts : ndarray of shape (n_periods + 1,)
        Where each period begins in time order.
    period_codes : callable
        Returns the :class:`PeriodCodes` of the rows (built on first call).
    """

    ascending = False  # unsorted rows: no order of their end times is known

    def __init__(self, input_end_times, order, period_starts, period_codes):
        self.input_end_times = input_end_times
        self._order = order
        self.period_starts = period_starts
        self._period_codes = period_codes
        self._array = None
        self._period_max = None
        self._running_max = None

    def array(self):
        if self._array is None:
            self._array = self.input_end_times[self._order()]
        return self._array

    def between(self, start, stop):
        if self._array is not None:
            return self._array[start:stop]
        return self.input_end_times[self._order()[start:stop]]

    def period_max(self):
        """Latest end of each period, from one pass in input order: the maximum per
        row code, then per period (a period holds a range of codes)."""
        if self._period_max is None:
            codes = self._period_codes()
            values = self.input_end_times
            code_max = np.full(int(codes.period_bounds[-1]), _lowest(values.dtype))
            code_max = code_max.astype(values.dtype, copy=False)
            np.maximum.at(code_max, codes.codes, values)
            self._period_max = np.maximum.reduceat(code_max, codes.period_bounds[:-1])
        return self._period_max

    def max_between(self, start, stop):
        starts = self.period_starts
        first_full = int(np.searchsorted(starts, start, side="left"))
        stop_full = int(np.searchsorted(starts, stop, side="right")) - 1
        if first_full >= stop_full:  # no whole period inside: read the rows
            return self.between(start, stop).max()
        latest = self.period_max()[first_full:stop_full].max()
        for lo, hi in ((start, starts[first_full]), (starts[stop_full], stop)):
            if lo < hi:
                latest = max(latest, self.between(lo, hi).max())
        return latest

    def first_reaching(self, time):
        """The start of the first period whose running maximum reaches ``time``:
        no sample before it reaches ``time``. Samples of that period may not
        reach it either; the purge reads each one's end time (they do not
        ascend), so the period start serves without reading the period."""
        if self._running_max is None:
            self._running_max = np.maximum.accumulate(self.period_max())
        running = self._running_max
        period = int(np.searchsorted(running, time, side="left"))
        return int(self.period_starts[period])
