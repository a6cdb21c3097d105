"""Hypothesis strategies for ``CutoffSplit``: panels, cutoffs and window sizes.

A size is drawn as a pair ``(what CutoffSplit is given, what the reference in
``_reference_cutoff`` is given)``, so that every way of writing a size (an int, a
frequency string, a pandas offset, a ``pd.Timedelta``) is checked against one
definition.
"""

import pandas as pd
from _strategies import is_datetime, make_times, panels
from hypothesis import strategies as st

# The long panels of the frequency cases: naive, or in Paris across both
# daylight-saving changes of 2024.
LONG_BASES = {
    "datetime": pd.Timestamp("2023-12-20"),
    "datetime_tz": pd.Timestamp("2023-12-20", tz="Europe/Paris"),
}
# Each step with the frequencies that give a few cutoffs over 40 steps.
FREQUENCIES_OF_STEP = {
    "7h": ("D",),
    "1D": ("D", "W-MON"),
    "3D": ("W-MON", "MS"),
    "9D": ("MS", "QS"),
    "20D": ("MS", "QS", "YS"),
}
MONTH_STARTS = ("MS", "QS", "YS")


@st.composite
def lengths(draw, month_starts=False):
    """A length of time: ``(given, reference)``."""
    choice = draw(
        st.sampled_from(["timedelta", "hours", "days", "offset_days", "months"])
    )
    n = draw(st.integers(1, 3))
    if choice == "timedelta":
        value = pd.Timedelta(hours=12 * n)
        return value, value
    if choice == "hours":  # a fixed-length frequency string: elapsed time
        return f"{12 * n}h", pd.Timedelta(hours=12 * n)
    if choice == "days":  # calendar days
        return f"{n}D", ("days", n)
    if choice == "offset_days":
        return pd.DateOffset(days=n), ("days", n)
    if month_starts and draw(st.booleans()):
        return f"{n}MS", ("months", n)
    return pd.DateOffset(months=n), ("months", n)


def sizes(kind, minimum, month_starts=False):
    """Sizes valid for the kind of times: periods, or lengths of time too."""
    counts = st.integers(minimum, 3).map(lambda k: (k, k))
    if is_datetime(kind):
        return st.one_of(counts, lengths(month_starts))
    return counts


def _pair(value):
    return value, value


@st.composite
def explicit_cases(draw):
    """A panel of ``_strategies.panels`` and parameters with explicit cutoffs,
    which fall on the panel's grid of times (often between its periods)."""
    panel = draw(panels(min_periods=2, max_periods=14, spread=2))
    kind = panel["kind"]
    offsets = sorted(draw(st.sets(st.integers(-2, 30), min_size=1, max_size=4)))
    cutoffs = make_times(kind, offsets)
    given = list(cutoffs)
    if kind == "datetime_tz" and draw(st.booleans()):
        # Naive cutoffs are read as local times in the times' zone.
        given = [c.tz_localize(None) for c in cutoffs]
    return panel, _parameters(draw, panel, (given, cutoffs))


def _parameters(draw, panel, cutoffs, month_starts=False, bounds=None):
    kind = panel["kind"]
    test_size = draw(st.one_of(st.just((None, None)), sizes(kind, 1, month_starts)))
    train_size = draw(st.one_of(st.just((None, None)), sizes(kind, 1, month_starts)))
    gap = draw(st.one_of(st.integers(0, 2).map(_pair), sizes(kind, 1)))
    # n month starts from a cutoff moved by a gap is not n months: keep "nMS" for
    # windows that start at the cutoff.
    if gap[0] != 0 and str(test_size[0]).endswith("MS"):
        test_size = (pd.DateOffset(months=test_size[1][1]), test_size[1])
    horizon = 0 if panel["end_times"] is not None else draw(st.integers(0, 2))
    chosen = {
        "cutoffs": cutoffs,
        "test_size": test_size,
        "train_size": train_size,
        "gap": gap,
        "horizon": _pair(horizon),
        "skip_empty": _pair(draw(st.booleans())),
    }
    if bounds is not None:
        chosen["start"], chosen["end"] = bounds
    given = {name: pair[0] for name, pair in chosen.items()}
    reference = {name: pair[1] for name, pair in chosen.items()}
    return given, reference


@st.composite
def long_panels(draw, step):
    """A panel of datetimes over 40 slots of ``step`` (up to two years): 2 to 40
    periods drawn among the slots, most of them, 1 to 3 rows each, shuffled."""
    kind = draw(st.sampled_from(sorted(LONG_BASES)))
    step = pd.Timedelta(step)
    holes = draw(
        st.sets(st.integers(0, 39), max_size=draw(st.sampled_from([0, 5, 38])))
    )
    slots = sorted(set(range(40)) - holes)
    counts = draw(st.lists(st.integers(1, 3), min_size=len(slots), max_size=len(slots)))
    rows = [s for s, c in zip(slots, counts) for _ in range(c)]
    rows = [rows[i] for i in draw(st.permutations(range(len(rows))))]
    times = [LONG_BASES[kind] + s * step for s in rows]
    end_times = None
    if draw(st.booleans()):
        lags = draw(
            st.lists(st.sampled_from([0, 1, 5]), min_size=len(rows), max_size=len(rows))
        )
        end_times = [t + lag * step for t, lag in zip(times, lags)]
    groups = None
    if draw(st.booleans()):
        groups = draw(
            st.lists(st.integers(0, 20), min_size=len(rows), max_size=len(rows))
        )
    return {
        "kind": kind,
        "times": times,
        "end_times": end_times,
        "groups": groups,
        "n": len(rows),
        "n_periods": len(slots),
    }


@st.composite
def frequency_cases(draw, bounded=False):
    """A long panel and parameters with cutoffs of a frequency; ``bounded``
    always gives ``start`` and ``end`` (the number of splits is then known from
    the parameters)."""
    step = draw(st.sampled_from(sorted(FREQUENCIES_OF_STEP)))
    frequency = draw(st.sampled_from(FREQUENCIES_OF_STEP[step]))
    panel = draw(long_panels(step))
    local = [t.tz_localize(None) if t.tz else t for t in panel["times"]]
    first, span = min(local).normalize(), max(local) - min(local)

    def bound(low, high):  # a midnight at a fraction of the span from the first
        return (first + draw(st.floats(low, high)) * span).normalize()

    start = end = None
    if bounded or draw(st.booleans()):
        start = bound(0.02, 0.5) if bounded else bound(-0.2, 0.6)
    if bounded or draw(st.booleans()):
        end = bound(0.0 if start is None else (start - first) / span, 1.2)
    if bounded:
        span = pd.date_range(start, end, freq=frequency)
        if span.empty:
            end = start + pd.Timedelta("400D")
    month_starts = frequency in MONTH_STARTS
    params = _parameters(
        draw,
        panel,
        _pair(frequency),
        month_starts=month_starts,
        bounds=(_pair(start), _pair(end)),
    )
    if bounded:
        for chosen in params:
            chosen["skip_empty"] = False
    return panel, params
