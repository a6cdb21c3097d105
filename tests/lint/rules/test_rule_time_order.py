"""L3.1: time-ordered rows split without regard to time."""

from _lines import messages, reported

TIMED = """\
ts = pd.read_csv("ts.csv", parse_dates=["date"]).sort_values("date")
ts["lag"] = ts["target"].shift(1)
Xt, yt = ts[["lag"]].fillna(0), ts["target"]
"""


def test_a_shuffled_train_test_split():
    assert reported("L3.1", TIMED + "a, b, c, d = train_test_split(Xt, yt)\n") == [4]


def test_a_shuffled_kfold_is_reported_where_it_is_made():
    assert reported(
        "L3.1",
        TIMED
        + (
            "cv = KFold(5, shuffle=True)\n"
            "print(cross_val_score(LogisticRegression(), Xt, yt, cv=cv))\n"
        ),
    ) == [4]


def test_default_folds_of_cross_validation_and_of_a_search():
    assert reported(
        "L3.1",
        TIMED
        + (
            "print(cross_val_score(LogisticRegression(), Xt, yt))\n"
            "search = GridSearchCV(LogisticRegression(), {'C': [1, 10]})\n"
            "search.fit(Xt, yt)\n"
        ),
    ) == [4, 5]


def test_time_aware_splits_are_clean():
    assert (
        reported(
            "L3.1",
            TIMED
            + (
                "from safesplit import WalkForward, PurgedKFold\n"
                "a, b, c, d = train_test_split(Xt, yt, shuffle=False)\n"
                "lr = LogisticRegression()\n"
                "print(cross_val_score(lr, Xt, yt, cv=TimeSeriesSplit(5)))\n"
                "print(cross_val_score(lr, Xt, yt, cv=WalkForward(5)))\n"
                "print(cross_val_score(lr, Xt, yt, cv=PurgedKFold(5)))\n"
            ),
        )
        == []
    )


def test_rows_with_a_date_that_are_never_ordered_are_clean():
    assert (
        reported(
            "L3.1",
            """\
        visits = pd.read_csv("visits.csv", parse_dates=["day"])
        visits["weekday"] = visits["day"].dt.dayofweek
        a, b = train_test_split(visits)
    """,
        )
        == []
    )


def test_the_message_names_the_evidence_and_the_fix():
    (message,) = messages("L3.1", TIMED + "a, b, c, d = train_test_split(Xt, yt)\n")
    assert "sorted by 'date'" in message and "WalkForward" in message
