"""L1.1: a model scored on rows it was trained on."""

from _lines import messages, reported


def test_trained_on_everything_scored_on_the_test_part():
    assert reported(
        "L1.1",
        """\
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        model = RandomForestClassifier().fit(X, y)
        print(accuracy_score(y_test, model.predict(X_test)))
    """,
    ) == [2]


def test_trained_on_train_and_test_stacked():
    assert reported(
        "L1.1",
        """\
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        model = LogisticRegression()
        model.fit(pd.concat([X_train, X_test]), pd.concat([y_train, y_test]))
        print(model.score(X_test, y_test))
    """,
    ) == [3]


def test_scored_only_on_its_training_rows():
    assert reported(
        "L1.1",
        """\
        model = LogisticRegression().fit(X, y)
        predicted = model.predict(X)
        print((predicted == y).mean())
    """,
    ) == [3]


def test_a_training_score_next_to_a_test_score_is_clean():
    assert (
        reported(
            "L1.1",
            """\
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        model = LogisticRegression().fit(X_train, y_train)
        print(model.score(X_train, y_train), model.score(X_test, y_test))
    """,
        )
        == []
    )


def test_a_training_score_next_to_cross_validation_is_clean():
    assert (
        reported(
            "L1.1",
            """\
        model = LogisticRegression().fit(X, y)
        print(model.score(X, y), cross_val_score(model, X, y).mean())
    """,
        )
        == []
    )


def test_a_guarded_pipeline_is_left_to_its_guard():
    assert (
        reported(
            "L1.1",
            """\
        from safesplit import GuardedPipeline
        guarded = GuardedPipeline([("lr", LogisticRegression())]).fit(X, y)
        print(guarded.score(X, y))
    """,
        )
        == []
    )


def test_the_message_shows_the_fix():
    (message,) = messages(
        "L1.1",
        """\
        a, b, c, d = train_test_split(X, y)
        m = LogisticRegression().fit(X, y)
        print(m.score(b, d))
    """,
    )
    assert "model.fit(X_train, y_train)" in message
