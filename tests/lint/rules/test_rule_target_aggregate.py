"""L2: an aggregate of the target over rows that are later held out."""

from _lines import messages, reported


def test_groupby_transform_of_the_target():
    assert reported(
        "L2",
        """\
        df["city_rate"] = df.groupby("city")["target"].transform("mean")
        parts = train_test_split(df.drop(columns="target"), y)
    """,
    ) == [1]


def test_means_mapped_back_and_merged():
    assert reported(
        "L2",
        """\
        rate = df.groupby("shop").target.mean()
        df["shop_rate"] = df["shop"].map(rate)
        stats = df.groupby("city").agg(city_rate=("target", "mean")).reset_index()
        df = df.merge(stats, on="city")
        print(cross_val_score(LogisticRegression(), df[["shop_rate", "city_rate"]], y))
    """,
    ) == [1, 3]


def test_a_target_encoder_fitted_before_the_split():
    assert reported(
        "L2",
        """\
        from sklearn.preprocessing import TargetEncoder
        X_e = TargetEncoder().fit_transform(X[["city"]], y)
        X_train, X_test, y_train, y_test = train_test_split(X_e, y)
    """,
    ) == [2]


def test_means_of_the_training_part_counts_and_lags_are_clean():
    assert (
        reported(
            "L2",
            """\
        train, test = train_test_split(df)
        rate = train.groupby("city")["target"].mean()
        test["city_rate"] = test["city"].map(rate)
        df["n_city"] = df.groupby("city")["target"].transform("count")
        df["last"] = df.groupby("city")["target"].shift(1)
        a, b = train_test_split(df)
    """,
        )
        == []
    )


def test_the_message_shows_the_fix():
    (message,) = messages(
        "L2",
        """\
        df["r"] = df.groupby("c")["target"].transform("mean")
        a, b = train_test_split(df)
    """,
    )
    assert "per-group transform of the target" in message and "map(means)" in message
