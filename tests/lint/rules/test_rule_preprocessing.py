"""L1.2: pre-processing fitted on rows that are later held out."""

from _lines import messages, reported


def test_fit_transform_on_everything_then_split():
    assert reported(
        "L1.2",
        """\
        X_s = StandardScaler().fit_transform(X)
        X_train, X_test, y_train, y_test = train_test_split(X_s, y)
    """,
    ) == [1]


def test_fit_then_transform_of_the_parts_through_an_alias():
    assert reported(
        "L1.2",
        """\
        scaler = StandardScaler()
        scaler.fit(X)
        same = scaler
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        X_test = same.transform(X_test)
    """,
    ) == [2]


def test_in_place_columns_then_cross_validation():
    assert reported(
        "L1.2",
        """\
        from sklearn.impute import SimpleImputer
        df[["a", "b"]] = SimpleImputer().fit_transform(df[["a", "b"]])
        print(cross_val_score(LogisticRegression(), df[["a", "b"]], y))
    """,
    ) == [2]


def test_refitting_on_the_test_part():
    assert reported(
        "L1.2",
        """\
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        scaler = StandardScaler()
        X_train = scaler.fit_transform(X_train)
        X_test = scaler.fit_transform(X_test)
    """,
    ) == [4]


def test_fitted_on_the_training_part_is_clean():
    assert (
        reported(
            "L1.2",
            """\
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        scaler = StandardScaler().fit(X_train)
        model = LogisticRegression().fit(scaler.transform(X_train), y_train)
        print(model.score(scaler.transform(X_test), y_test))
    """,
        )
        == []
    )


def test_a_pipeline_in_cross_validation_is_clean():
    assert (
        reported(
            "L1.2",
            """\
        from sklearn.pipeline import make_pipeline
        pipe = make_pipeline(StandardScaler(), LogisticRegression())
        print(cross_val_score(pipe, X, y, cv=5))
    """,
        )
        == []
    )


def test_stateless_transformers_and_label_encoding_of_the_target_are_clean():
    assert (
        reported(
            "L1.2",
            """\
        from sklearn.preprocessing import PolynomialFeatures, LabelEncoder
        X_p = PolynomialFeatures(2).fit_transform(X)
        y_e = LabelEncoder().fit_transform(df["target"])
        X_train, X_test, y_train, y_test = train_test_split(X_p, y_e)
    """,
        )
        == []
    )


def test_the_message_shows_the_fix():
    (message,) = messages(
        "L1.2",
        """\
        X_s = StandardScaler().fit_transform(X)
        print(cross_val_score(LogisticRegression(), X_s, y))
    """,
    )
    assert "StandardScaler is fitted" in message
    assert "make_pipeline(StandardScaler(), model)" in message
