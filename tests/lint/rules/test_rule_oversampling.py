"""L1.4: copies of rows made before the split."""

from _lines import messages, reported


def test_smote_before_the_split():
    assert reported(
        "L1.4",
        """\
        from imblearn.over_sampling import SMOTE
        X_r, y_r = SMOTE().fit_resample(X, y)
        X_train, X_test, y_train, y_test = train_test_split(X_r, y_r)
    """,
    ) == [2]


def test_upsampling_with_resample_then_concat():
    assert reported(
        "L1.4",
        """\
        from sklearn.utils import resample
        rare = df[df.target == 1]
        common = df[df.target == 0]
        up = resample(rare, replace=True, n_samples=len(common))
        both = pd.concat([common, up])
        features = both.drop(columns="target")
        print(cross_val_score(LogisticRegression(), features, both.target))
    """,
    ) == [4]


def test_rows_stacked_with_copies_of_themselves():
    assert reported(
        "L1.4",
        """\
        doubled = pd.concat([df, df[df.target == 1]])
        a, b = train_test_split(doubled)
    """,
    ) == [1]


def test_oversampling_the_training_part_and_undersampling_are_clean():
    assert (
        reported(
            "L1.4",
            """\
        from imblearn.over_sampling import RandomOverSampler
        from imblearn.under_sampling import RandomUnderSampler
        X_u, y_u = RandomUnderSampler().fit_resample(X, y)
        X_train, X_test, y_train, y_test = train_test_split(X_u, y_u)
        X_o, y_o = RandomOverSampler().fit_resample(X_train, y_train)
        model = LogisticRegression().fit(X_o, y_o)
        print(model.score(X_test, y_test))
    """,
        )
        == []
    )


def test_disjoint_filters_stacked_are_clean():
    assert (
        reported(
            "L1.4",
            """\
        common = df[df.target == 0].sample(frac=0.5)
        rare = df[df.target == 1]
        both = pd.concat([common, rare])
        a, b = train_test_split(both)
    """,
        )
        == []
    )


def test_the_message_shows_the_fix():
    (message,) = messages(
        "L1.4",
        """\
        from imblearn.over_sampling import SMOTE
        X_r, y_r = SMOTE().fit_resample(X, y)
        print(cross_val_score(LogisticRegression(), X_r, y_r))
    """,
    )
    assert "SMOTE" in message and "oversample the training part only" in message
