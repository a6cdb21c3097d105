"""L1.3: features chosen with rows that are later held out."""

from _lines import messages, reported


def test_selector_before_cross_validation():
    assert reported(
        "L1.3",
        """\
        from sklearn.feature_selection import SelectKBest, f_classif
        X_k = SelectKBest(f_classif, k=5).fit_transform(X, y)
        print(cross_val_score(LogisticRegression(), X_k, y))
    """,
    ) == [2]


def test_columns_chosen_by_correlation_with_the_target():
    assert reported(
        "L1.3",
        """\
        best = df.corr()["target"].abs().sort_values().index[-6:-1]
        X_train, X_test, y_train, y_test = train_test_split(df[best], y)
    """,
    ) == [1]


def test_mutual_information_in_a_helper():
    assert reported(
        "L1.3",
        """\
        from sklearn.feature_selection import mutual_info_classif
        def top(frame, labels):
            scores = pd.Series(mutual_info_classif(frame, labels), index=frame.columns)
            return list(scores.nlargest(5).index)
        X_train, X_test, y_train, y_test = train_test_split(X[top(X, y)], y)
    """,
    ) == [3]


def test_selection_on_the_training_part_and_a_heat_map_are_clean():
    assert (
        reported(
            "L1.3",
            """\
        from sklearn.feature_selection import SelectKBest
        import seaborn as sns
        sns.heatmap(df.corr())
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        selector = SelectKBest(k=5).fit(X_train, y_train)
        model = LogisticRegression().fit(selector.transform(X_train), y_train)
        print(model.score(selector.transform(X_test), y_test))
    """,
        )
        == []
    )


def test_the_message_shows_the_fix():
    (message,) = messages(
        "L1.3",
        """\
        from sklearn.feature_selection import RFE
        X_r = RFE(LogisticRegression(), n_features_to_select=3).fit_transform(X, y)
        a, b, c, d = train_test_split(X_r, y)
    """,
    )
    assert "Features are chosen by RFE" in message and "Pipeline" in message
