"""CutoffSplit: the reference, WalkForward, time zones, panels, bad input."""

import pickle
import re
import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from _reference import is_int, periods_of
from _reference_cutoff import cutoff_split
from _strategies import (
    as_lists,
    assert_permutation_equivariant,
    run,
    split_kwargs,
    walk_forward_cases,
)
from _strategies_cutoff import explicit_cases, frequency_cases
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, cross_val_score

from safesplit import (
    CutoffSplit,
    WalkForward,
    describe_splits,
    predict_paths,
    score_paths,
)

SETTINGS = settings(max_examples=200, deadline=None)
PARIS = "Europe/Paris"


def reference_for(panel, params):
    try:
        return cutoff_split(
            panel["times"], panel["end_times"], groups=panel["groups"], **params
        )
    except ValueError as exc:
        return exc


def assert_matches_reference(panel, given, reference):
    """Same splits as the reference (or both refuse); a warning and
    ``get_cutoffs`` name exactly the cutoffs the reference skips."""
    want = reference_for(panel, reference)
    try:
        cv = CutoffSplit(**given)
    except ValueError as exc:  # no cutoff between start and end
        assert isinstance(want, ValueError), (want, exc)
        return
    X = np.zeros((panel["n"], 1))
    kwargs = split_kwargs(panel)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = run(cv, X, **kwargs)
    if isinstance(want, ValueError):
        assert isinstance(got, ValueError), (want, got)
        return
    splits, skipped = want
    assert got == splits
    notes = [w for w in caught if "CutoffSplit skipped" in str(w.message)]
    assert len(notes) == (1 if skipped else 0)
    assert cv.get_n_splits(X, **kwargs) == len(splits)
    table = cv.get_cutoffs(X, **kwargs)
    assert table.loc[table["skipped"] != "", "cutoff"].tolist() == skipped
    assert table["split"].dropna().tolist() == list(range(len(splits)))


@SETTINGS
@given(explicit_cases())
def test_explicit_cutoffs_match_the_reference(case):
    panel, (given_params, reference_params) = case
    assert_matches_reference(panel, given_params, reference_params)


@SETTINGS
@given(frequency_cases())
def test_frequency_cutoffs_match_the_reference(case):
    panel, (given_params, reference_params) = case
    assert_matches_reference(panel, given_params, reference_params)


def _elapsed(value):
    """A WalkForward duration as elapsed time (a str is a frequency here)."""
    return pd.Timedelta(value) if isinstance(value, str | pd.Timedelta) else value


@SETTINGS
@given(walk_forward_cases())
def test_equals_walk_forward_at_its_test_windows(case):
    # WalkForward's windows, each cut at its first test time less the gap, are
    # the windows of CutoffSplit; test_size=None reaches the next cutoff.
    panel, params = case
    X = np.zeros((panel["n"], 1))
    kwargs = split_kwargs(panel)
    walk = run(WalkForward(**params), X, **kwargs)
    assume(not isinstance(walk, ValueError))
    periods = periods_of(panel["times"])
    gap = params["gap"]
    cutoffs = []
    for _, test in walk:
        first = min(panel["times"][i] for i in test)
        if is_int(gap):
            cutoffs.append(periods[periods.index(first) - gap])
        else:
            cutoffs.append(first - pd.Timedelta(gap))
    same = {
        "cutoffs": cutoffs,
        "train_size": _elapsed(params["train_size"]),
        "gap": _elapsed(gap),
        "horizon": params["horizon"],
    }
    assert run(CutoffSplit(**same), X, **kwargs) == walk
    test_size = params["test_size"]
    if test_size is None or is_int(test_size):
        size = test_size or panel["n_periods"] // (params["n_splits"] + 1)
        assert run(CutoffSplit(**same, test_size=size), X, **kwargs) == walk


def test_equals_walk_forward_one_row_per_month():
    # Fit 36 months, test 12, repeat yearly: WalkForward's last six years.
    months = pd.date_range("2015-01-01", periods=120, freq="MS")
    X = np.zeros((120, 1))
    walk = WalkForward(6, test_size=12, train_size=36, horizon=1)
    yearly = CutoffSplit(
        "YS", start="2019", end="2024", test_size=12, train_size=36, horizon=1
    )
    got = as_lists(yearly.split(X, times=months))
    assert got == as_lists(walk.split(X, times=months))
    calendar = CutoffSplit(
        "YS", start="2019", end="2024", test_size="12MS", train_size="36MS", horizon=1
    )
    assert as_lists(calendar.split(X, times=months)) == got


@SETTINGS
@given(explicit_cases(), st.randoms(use_true_random=False))
def test_shuffling_rows_permutes_the_output(case, random):
    panel, (given_params, _) = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        assert_permutation_equivariant(CutoffSplit(**given_params), panel, random)


@SETTINGS
@given(frequency_cases())
def test_a_period_is_never_cut(case):
    panel, (given_params, _) = case
    times = panel["times"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            cv = CutoffSplit(**given_params)
        except ValueError:  # no cutoff between start and end
            return
        splits = run(cv, np.zeros((panel["n"], 1)), **split_kwargs(panel))
    assume(not isinstance(splits, ValueError))
    for train, test in splits:
        tested = {times[i] for i in test}
        assert tested.isdisjoint(times[i] for i in train)
        assert sorted(test) == [i for i, t in enumerate(times) if t in tested]


# --- time zones and daylight saving -----------------------------------------------


def hourly(start, end, tz=PARIS):
    times = pd.date_range(start, end, freq="h", tz=tz, inclusive="left")
    return np.zeros((len(times), 1)), times


def test_monthly_cutoffs_are_local_midnights_across_daylight_saving():
    X, times = hourly("2024-01-01", "2025-01-01")
    cv = CutoffSplit("MS", start="2024-02-01", end="2024-12-01")
    table = describe_splits(cv, X, times=times)
    starts = pd.date_range("2024-02-01", "2024-12-01", freq="MS", tz=PARIS)
    assert table["test_start"].tolist() == starts.tolist()
    assert (table["train_end"] == starts - pd.Timedelta("1h")).all()
    # A month's hours: 743 in March (clocks forward), 745 in October (back).
    hours = [
        (stop - start) // pd.Timedelta("1h")
        for start, stop in zip(
            starts,
            starts[1:].append(pd.DatetimeIndex([pd.Timestamp("2025-01-01", tz=PARIS)])),
        )
    ]
    assert table["n_test"].tolist() == hours
    assert hours[1] == 743 and hours[8] == 745


def test_calendar_days_and_elapsed_days_differ_across_the_change():
    X, times = hourly("2024-03-18", "2024-04-08")
    week = pd.Timestamp("2024-03-25", tz=PARIS)  # clocks go forward on the 31st
    calendar = CutoffSplit([week], test_size="7D")
    elapsed = CutoffSplit([week], test_size=pd.Timedelta("7D"))
    ((_, calendar_test),) = calendar.split(X, times=times)
    ((_, elapsed_test),) = elapsed.split(X, times=times)
    assert times[calendar_test[-1]] == pd.Timestamp("2024-03-31 23:00", tz=PARIS)
    assert times[elapsed_test[-1]] == pd.Timestamp("2024-04-01 00:00", tz=PARIS)
    assert len(calendar_test) == 7 * 24 - 1 and len(elapsed_test) == 7 * 24


def test_naive_cutoffs_are_local_times_of_aware_times():
    X, times = hourly("2024-03-01", "2024-05-01")
    naive = CutoffSplit(["2024-03-31", "2024-04-15 12:00"], test_size="1D")
    aware = CutoffSplit(
        pd.DatetimeIndex(["2024-03-31", "2024-04-15 12:00"]).tz_localize(PARIS),
        test_size="1D",
    )
    assert as_lists(naive.split(X, times=times)) == as_lists(
        aware.split(X, times=times)
    )
    in_utc = CutoffSplit(
        pd.DatetimeIndex(["2024-03-30 23:00", "2024-04-15 10:00"]).tz_localize("UTC"),
        test_size="1D",
    )
    assert as_lists(in_utc.split(X, times=times)) == as_lists(
        aware.split(X, times=times)
    )


def test_cutoffs_follow_the_zone_of_the_times():
    # The same instants in UTC and in Paris: monthly cutoffs at each zone's
    # midnight, an hour apart in winter.
    X, paris = hourly("2024-01-01", "2024-04-01")
    utc = paris.tz_convert("UTC")
    cv = CutoffSplit("MS", start="2024-02-01", end="2024-03-01")
    local = describe_splits(cv, X, times=paris)["test_start"]
    universal = describe_splits(cv, X, times=utc)["test_start"]
    assert local.tolist() == [
        pd.Timestamp("2024-02-01", tz=PARIS),
        pd.Timestamp("2024-03-01", tz=PARIS),
    ]
    assert universal.tolist() == [
        pd.Timestamp("2024-02-01", tz="UTC"),
        pd.Timestamp("2024-03-01", tz="UTC"),
    ]


def test_one_aware_bound_sets_the_zone_of_the_cutoffs():
    days = pd.date_range("2024-01-01", "2024-06-01", freq="D", tz=PARIS)
    X = np.zeros((len(days), 1))
    # Midnight UTC is 01:00 in Paris: each test window starts with the next day.
    cv = CutoffSplit("MS", start=pd.Timestamp("2024-03-01", tz="UTC"))
    firsts = [days[test[0]] for _, test in cv.split(X, times=days)]
    assert firsts == [
        pd.Timestamp(day, tz=PARIS)
        for day in ["2024-03-02", "2024-04-02", "2024-05-02"]
    ]
    with pytest.raises(
        TypeError,
        match=re.escape(
            "start and end are time-zone aware (UTC) but the times are naive; make "
            "both aware or both naive."
        ),
    ):
        next(cv.split(X, times=days.tz_localize(None)))


def test_a_series_of_cutoffs_is_read_by_position():
    cutoffs = pd.Series(pd.to_datetime(["2024-03-01", "2024-02-01"]), index=[5, 7])
    with pytest.raises(
        ValueError,
        match=re.escape(
            "but position 1 (Timestamp('2024-02-01 00:00:00')) is not after position 0 "
            "(Timestamp('2024-03-01 00:00:00'))"
        ),
    ):
        CutoffSplit(cutoffs)
    days = pd.date_range("2024-01-01", "2024-04-30", freq="D")
    X = np.zeros((len(days), 1))
    ordered = CutoffSplit(cutoffs.iloc[::-1])
    listed = CutoffSplit(["2024-02-01", "2024-03-01"])
    assert as_lists(ordered.split(X, times=days)) == as_lists(
        listed.split(X, times=days)
    )


def test_a_local_time_that_does_not_exist_is_refused():
    X, times = hourly("2024-03-01", "2024-05-01")
    cv = CutoffSplit(["2024-03-31 02:30"])
    with pytest.raises(
        ValueError,
        match=(
            r"^cutoffs are read as local times in Europe/Paris, but: .*2024-03-31 "
            r"02:30:00 is a nonexistent time"
        ),
    ):
        list(cv.split(X, times=times))


@pytest.mark.parametrize(
    "cutoff, size, message",
    [
        ("2024-03-30 02:30", "1D", "which is a nonexistent time (the clocks skip it)"),
        (
            "2024-03-30 02:30",
            pd.DateOffset(days=1),
            "which is a nonexistent time (the clocks skip it)",
        ),
        ("2024-10-26 02:30", "1D", "which is ambiguous (the clocks show it twice)"),
        (
            "2024-10-26 02:30",
            pd.offsets.Day(1),
            "which is ambiguous (the clocks show it twice)",
        ),
    ],
)
def test_a_calendar_move_onto_a_changing_local_time_is_refused(cutoff, size, message):
    # Whatever the pandas version (which added a Day as 24 hours, or picked a
    # side for a DateOffset): the wall clock moves, and the time it reaches does
    # not exist or occurs twice.
    X, times = hourly("2024-03-01", "2024-11-30")
    with pytest.raises(ValueError, match=re.escape(f"{message} in Europe/Paris")):
        list(CutoffSplit([cutoff], test_size=size).split(X, times=times))


def test_a_frequency_between_aware_bounds_refuses_a_skipped_midnight():
    # Chile moves its clocks at midnight: 2024-09-08 00:00 does not exist there.
    # Both bounds given, the cutoffs are made (and refused) at construction.
    chile = "America/Santiago"
    message = re.escape(
        "meet a clock change: 2024-09-08 00:00:00 is a nonexistent time (the "
        "clocks skip it) in America/Santiago"
    )
    start = pd.Timestamp("2024-09-05", tz=chile)
    with pytest.raises(ValueError, match=message):
        CutoffSplit("D", start=start, end=pd.Timestamp("2024-09-10", tz=chile))
    X, times = hourly("2024-09-01", "2024-09-20", tz=chile)
    with pytest.raises(ValueError, match=message):  # end from the data
        next(CutoffSplit("D", start=start).split(X, times=times))


# --- panels, numbers, skipping ----------------------------------------------------


def test_panel_rows_of_one_day_stay_together_and_entities_are_removed():
    # Two assets every day and one customer seen on a single day; rows shuffled.
    days = pd.date_range("2024-01-01", "2024-03-31", freq="D")
    times = np.repeat(days, 3)
    entities = np.array(
        [name for day in range(len(days)) for name in ("a", "b", f"c{day}")]
    )
    order = np.random.default_rng(0).permutation(len(times))
    times, entities = times[order], entities[order]
    X = np.zeros((len(times), 1))
    cv = CutoffSplit("MS", start="2024-02-01", end="2024-03-01", horizon="2D")
    (train0, test0), (train1, test1) = cv.split(X, groups=entities, times=times)
    assert sorted(set(times[test0])) == list(pd.date_range("2024-02-01", "2024-02-29"))
    assert sorted(set(times[test1])) == list(pd.date_range("2024-03-01", "2024-03-31"))
    # The assets are tested, so only customers train, and labels that end on or
    # after the test window's first day (two days ahead) are purged.
    for train, cutoff in ((train0, "2024-02-01"), (train1, "2024-03-01")):
        assert set(entities[train]) <= {f"c{day}" for day in range(len(days))}
        kept = pd.date_range("2024-01-01", pd.Timestamp(cutoff) - pd.Timedelta("3D"))
        assert sorted(times[train]) == list(kept)
    table = describe_splits(cv, X, groups=entities, times=times)
    # Purged first: every row of the last two days; then the assets' other rows.
    assert table["n_purged"].tolist() == [2 * 3, 2 * 3]
    assert table["n_group_removed"].tolist() == [2 * 29, 2 * 58]


def test_numeric_times_take_explicit_cutoffs_and_refuse_a_frequency():
    times = np.arange(100) * 0.5
    X = np.zeros((100, 1))
    cv = CutoffSplit([25.0, 35.0, 45.0], test_size=10, gap=2, horizon=3)
    got = as_lists(cv.split(X, times=times))
    assert [(train[-1], test[0], test[-1]) for train, test in got] == [
        (48, 52, 61),
        (68, 72, 81),
        (88, 92, 99),
    ]
    with pytest.raises(
        TypeError,
        match=(
            "^cutoffs='MS' is a calendar frequency, which needs datetime times, but "
            "the times are numeric"
        ),
    ):
        next(CutoffSplit("MS").split(X, times=times))
    with pytest.raises(
        TypeError,
        match=re.escape(
            "test_size='7D' is a length of time, but the times are numeric; give an "
            "int number of periods."
        ),
    ):
        next(CutoffSplit([10], test_size="7D").split(X, times=times))
    # Without times the row number is the time.
    assert as_lists(CutoffSplit([60], test_size=5).split(X)) == [
        (list(range(60)), list(range(60, 65)))
    ]


def test_timedelta_times_take_durations_and_fixed_offsets():
    times = pd.to_timedelta(np.arange(48), unit="h")
    X = np.zeros((48, 1))
    cv = CutoffSplit(pd.to_timedelta([24], unit="h"), test_size="6h", train_size="1D")
    assert as_lists(cv.split(X, times=times)) == [
        (list(range(24)), list(range(24, 30)))
    ]
    with pytest.raises(TypeError, match="^cutoffs='W-MON' is a calendar frequency"):
        next(CutoffSplit("W-MON").split(X, times=times))
    with pytest.raises(
        TypeError,
        match=(
            "^test_size='MS' is a length of time, but the times are timedelta; give "
            "an int number of periods or a pd.Timedelta"
        ),
    ):
        next(
            CutoffSplit(pd.to_timedelta([24], unit="h"), test_size="MS").split(
                X, times=times
            )
        )


def test_an_empty_window_is_refused_naming_the_cutoff():
    times = pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-10"])
    X = np.zeros((3, 1))
    cv = CutoffSplit("MS")
    message = (
        "CutoffSplit: cutoff 2024-02-01 00:00:00 has an empty test window: no sample "
        "in "
        "its test window (gap=0, up to the next cutoff), and the data's times run from "
        "2024-01-05 00:00:00 to 2024-03-10 00:00:00 (1 of 2 cutoffs have an empty "
        "window). Remove this cutoff, move it earlier, shorten gap or lengthen "
        "test_size, or pass skip_empty=True to skip such cutoffs (they are then named "
        "in a warning and in get_cutoffs)."
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        list(cv.split(X, times=times))
    with pytest.raises(
        ValueError,
        match=re.escape(
            "cutoff 2024-01-01 00:00:00 has an empty training window: no sample "
            "before it"
        ),
    ):
        list(CutoffSplit(["2024-01-01"]).split(X, times=times))
    with pytest.raises(
        ValueError,
        match=re.escape("no sample in its training window (train_size='3D')"),
    ):
        list(CutoffSplit(["2024-01-20"], train_size="3D").split(X, times=times))


def test_skipped_cutoffs_are_named_in_a_warning_and_by_get_cutoffs():
    times = pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-10"])
    X = np.zeros((3, 1))
    cv = CutoffSplit("MS", skip_empty=True)
    with pytest.warns(
        UserWarning,
        match=re.escape(
            "CutoffSplit skipped 1 of 2 cutoffs whose windows hold no sample: "
            "2024-02-01 00:00:00 (empty test window)."
        ),
    ):
        splits = as_lists(cv.split(X, times=times))
    assert splits == [([0, 1], [2])]
    assert cv.get_n_splits(X, times=times) == 1
    table = cv.get_cutoffs(X, times=times)
    assert table["cutoff"].tolist() == [
        pd.Timestamp("2024-02-01"),
        pd.Timestamp("2024-03-01"),
    ]
    assert table["skipped"].tolist() == ["empty test window", ""]
    assert table["split"].isna().tolist() == [True, False]
    assert vars(cv) == vars(CutoffSplit("MS", skip_empty=True))  # nothing stored
    with pytest.raises(
        ValueError, match="every one of the 2 cutoffs has an empty window"
    ):
        list(
            CutoffSplit(["2023-01-01", "2025-01-01"], skip_empty=True).split(
                X, times=times
            )
        )


def test_get_n_splits_from_the_parameters_or_from_the_data():
    X, times = hourly("2024-01-01", "2024-07-01")
    assert CutoffSplit("MS", start="2024-02-01", end="2024-06-01").get_n_splits() == 5
    assert CutoffSplit(["2024-02-01", "2024-03-01"]).get_n_splits() == 2
    from_data = CutoffSplit("MS")
    with pytest.raises(
        ValueError,
        match=re.escape(
            "takes its cutoffs from the data (start or end is None, or "
            "skip_empty=True), so the number of splits depends on it: pass X (and "
            "times) to get_n_splits"
        ),
    ):
        from_data.get_n_splits()
    assert (
        from_data.get_n_splits(X, times=times)
        == 5
        == len(list(from_data.split(X, times=times)))
    )


# --- parameters ---------------------------------------------------------------------

BAD_PARAMETERS = [
    (
        {"cutoffs": "XS"},
        ValueError,
        "cutoffs='XS' is not a pandas frequency such as 'MS' (month starts), 'QS', "
        "'YS' or 'W-MON' (pandas: Invalid frequency: XS",
    ),
    (
        {"cutoffs": 5},
        TypeError,
        "cutoffs must be a pandas frequency (a str such as 'MS') or a one-dimensional "
        "list of cutoff times, got int 5.",
    ),
    ({"cutoffs": []}, ValueError, "cutoffs is empty; pass at least one cutoff time."),
    (
        {"cutoffs": [3, 1]},
        ValueError,
        "cutoffs must be strictly increasing (one split per cutoff, in time order), "
        "but position 1 (1) is not after position 0 (3); sort them and drop "
        "duplicates.",
    ),
    (
        {"cutoffs": ["2024-01-01", "soon"]},
        ValueError,
        "cutoffs holds strings that are not dates",
    ),
    ({"cutoffs": [1.0, np.nan]}, ValueError, "cutoffs contains 1 NaN value(s)"),
    ({"cutoffs": "-1MS"}, ValueError, "cutoffs='-1MS' does not move time forward"),
    (
        {"cutoffs": "MS", "start": 2020},
        TypeError,
        "start bounds the cutoffs of a frequency and must be a date",
    ),
    (
        {"cutoffs": "MS", "end": "someday"},
        ValueError,
        "end='someday' is not a date pandas understands",
    ),
    (
        {"cutoffs": "MS", "start": "2024-06", "end": "2024-01"},
        ValueError,
        "start=2024-06-01 00:00:00 is after end=2024-01-01 00:00:00; swap them.",
    ),
    (
        {
            "cutoffs": "MS",
            "start": pd.Timestamp("2024-01-01", tz="UTC"),
            "end": "2024-06",
        },
        TypeError,
        "must be in one time zone, or both naive",
    ),
    (
        {"cutoffs": "YS", "start": "2024-02", "end": "2024-06"},
        ValueError,
        "cutoffs='YS' gives no cutoff between start=2024-02-01 00:00:00 and "
        "end=2024-06-01 00:00:00",
    ),
    (
        {"cutoffs": [1, 2], "start": "2024-01"},
        ValueError,
        "start and end bound the cutoffs of a frequency; with explicit cutoffs (a "
        "list) leave them None",
    ),
    (
        {"cutoffs": "MS", "test_size": 0},
        ValueError,
        "test_size must be an int >= 1 (a number of periods)",
    ),
    (
        {"cutoffs": "MS", "test_size": "12XS"},
        ValueError,
        "test_size='12XS' is neither a pandas frequency (such as '12MS' for twelve "
        "month starts, '7D' or '12h'; pandas: Invalid frequency: 12XS",
    ),
    (
        {"cutoffs": "MS", "train_size": "0D"},
        ValueError,
        "train_size='0D' must move time forward",
    ),
    (
        {"cutoffs": "MS", "train_size": [3]},
        TypeError,
        "train_size must be an int number of periods or a duration",
    ),
    (
        {"cutoffs": "MS", "gap": "-1h"},
        ValueError,
        "gap='-1h' must be a positive length of time (or zero).",
    ),
    (
        {"cutoffs": "MS", "gap": pd.DateOffset(months=-1)},
        ValueError,
        "gap=<DateOffset: months=-1> must move time forward (or stay)",
    ),
    ({"cutoffs": "MS", "horizon": -1}, ValueError, "horizon must be an int >= 0"),
    (
        {"cutoffs": "MS", "skip_empty": "yes"},
        TypeError,
        "skip_empty must be True or False, got str 'yes'.",
    ),
    (
        {"cutoffs": "MS", "time_column": 1.5},
        TypeError,
        "time_column must be a column name",
    ),
]


@pytest.mark.parametrize(
    "params, error, message", BAD_PARAMETERS, ids=[str(p) for p, _, _ in BAD_PARAMETERS]
)
def test_bad_parameters_are_refused_at_construction_and_at_each_call(
    params, error, message
):
    with pytest.raises(error, match=re.escape(message)):
        CutoffSplit(**params)
    cv = CutoffSplit(["2024-01-15"])
    for name, value in params.items():
        setattr(cv, name, value)  # a change after construction is validated too
    X, times = hourly("2024-01-01", "2024-02-01")
    with pytest.raises(error, match=re.escape(message)):
        next(cv.split(X, times=times))


BAD_DATA = [
    (
        CutoffSplit([pd.Timestamp("2024-01-15", tz=PARIS)]),
        None,
        TypeError,
        "cutoffs are time-zone aware (Europe/Paris) but the times are naive; make "
        "both aware or both naive.",
    ),
    (
        CutoffSplit([10, 20]),
        None,
        TypeError,
        "cutoffs are numeric values but the times are datetime; give cutoffs of the "
        "same kind as the times.",
    ),
    (
        CutoffSplit(
            "MS",
            start=pd.Timestamp("2024-01-01", tz=PARIS),
            end=pd.Timestamp("2024-03-01", tz=PARIS),
        ),
        None,
        TypeError,
        "start and end are time-zone aware (Europe/Paris) but the times are naive; "
        "make both aware or both naive.",
    ),
    (
        CutoffSplit("YS"),
        None,
        ValueError,
        "cutoffs='YS' gives no cutoff with data before it and after its gap; give "
        "start and end, a finer frequency or more data.",
    ),
]


@pytest.mark.parametrize("cv, tz, error, message", BAD_DATA, ids=range(len(BAD_DATA)))
def test_cutoffs_that_do_not_fit_the_times_are_refused(cv, tz, error, message):
    X, times = hourly("2024-01-01", "2024-03-01", tz=tz)
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        next(cv.split(X, times=times))


def test_parameters_are_stored_as_given_and_repr_shows_them():
    cutoffs, gap = ["2024-02-01", "2024-03-01"], np.int64(1)
    cv = CutoffSplit(cutoffs, test_size="1MS", gap=gap)
    assert cv.cutoffs is cutoffs and cv.gap is gap and cv.test_size == "1MS"
    # The stored numpy int as numpy prints it (np.int64(1) on numpy 2, 1 on numpy
    # 1), which also moves scikit-learn's line breaks: compare the words.
    assert " ".join(repr(cv).split()) == (
        "CutoffSplit(cutoffs=['2024-02-01', '2024-03-01'], end=None, "
        f"gap={gap!r}, horizon=0, skip_empty=False, start=None, "
        "test_size='1MS', time_column=None, train_size=None)"
    )


# --- scikit-learn: pickling, parallel fits, routing, paths --------------------------


def monthly_panel(seed=0):
    rng = np.random.default_rng(seed)
    days = pd.date_range("2022-01-01", "2023-12-31", freq="D", tz=PARIS)
    times = np.repeat(days, 2)[rng.permutation(2 * len(days))]
    X = pd.DataFrame(rng.normal(size=(len(times), 3)), columns=list("abc"))
    y = X @ [1.0, -0.5, 0.25] + rng.normal(scale=0.3, size=len(times))
    return X, y, times


def test_pickle_keeps_the_parameters_and_the_splits():
    X, _, times = monthly_panel()
    cv = CutoffSplit(
        "QS",
        start="2022-07-01",
        end="2023-10-01",
        train_size="6MS",
        gap="7D",
        horizon="3D",
    )
    again = pickle.loads(pickle.dumps(cv))
    assert repr(again) == repr(cv) and vars(again) == vars(cv)
    assert as_lists(again.split(X, times=times)) == as_lists(cv.split(X, times=times))


def test_parallel_fits_equal_serial_ones_with_routing():
    X, y, times = monthly_panel()
    cv = CutoffSplit(
        "QS", start="2022-07-01", end="2023-10-01", test_size="3MS", horizon="5D"
    )
    with sklearn.config_context(enable_metadata_routing=True):
        scores = [
            cross_val_score(
                Ridge(), X, y, cv=cv, params={"times": times}, n_jobs=n_jobs
            )
            for n_jobs in (1, 2)
        ]
        search = GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=cv, n_jobs=2).fit(
            X, y, times=times
        )
    assert len(scores[0]) == 6 and np.isfinite(scores[0]).all()
    np.testing.assert_array_equal(scores[0], scores[1])
    assert search.n_splits_ == 6


def test_predict_paths_and_score_paths_follow_the_cutoffs():
    X, y, times = monthly_panel()
    # Overlapping windows: each month of 2023 is tested twice, so two paths.
    cv = CutoffSplit("MS", start="2023-01-01", end="2023-11-01", test_size="2MS")
    with sklearn.config_context(enable_metadata_routing=True):
        paths = predict_paths(Ridge(), X, y, cv=cv, params={"times": times})
        scores = score_paths(Ridge(), X, y, cv=cv, params={"times": times})
    assert paths.shape == (len(X), 2) and scores.shape == (2,)
    in_2023 = np.asarray(times >= pd.Timestamp("2023-01-01", tz=PARIS))
    assert np.isnan(paths[~in_2023]).all()
    # January and December are tested once; February to November twice.
    twice = np.asarray(
        (times >= pd.Timestamp("2023-02-01", tz=PARIS))
        & (times < pd.Timestamp("2023-12-01", tz=PARIS))
    )
    assert not np.isnan(paths[in_2023, 0]).any()
    assert not np.isnan(paths[twice, 1]).any()
    assert np.isnan(paths[in_2023 & ~twice, 1]).all()
    # Path 0 holds each sample's first test: the model fitted before its month.
    train, test = next(cv.split(X, times=times))
    fitted = Ridge().fit(X.iloc[train], y.iloc[train])
    np.testing.assert_allclose(paths[test, 0], fitted.predict(X.iloc[test]))
