"""multi-test: one held-out set used to choose, then its score reported."""

from _lines import messages, reported

SPLIT = "X_train, X_test, y_train, y_test = train_test_split(X, y)\n"


def test_a_loop_over_models_scored_on_the_test_part():
    assert reported(
        "multi-test",
        SPLIT
        + """\
models = {"lr": LogisticRegression(), "rf": RandomForestClassifier()}
for name, model in models.items():
    model.fit(X_train, y_train)
    print(name, model.score(X_test, y_test))
""",
    ) == [5]


def test_a_hyper_parameter_chosen_on_the_test_part():
    assert reported(
        "multi-test",
        SPLIT
        + """\
scores = [
    RandomForestClassifier(max_depth=d).fit(X_train, y_train).score(X_test, y_test)
    for d in range(2, 12)
]
print("best depth", int(np.argmax(scores)) + 2, max(scores))
""",
    ) == [3]


def test_two_models_and_the_better_one_picked():
    assert reported(
        "multi-test",
        SPLIT
        + """\
lr = LogisticRegression().fit(X_train, y_train)
rf = RandomForestClassifier().fit(X_train, y_train)
a = accuracy_score(y_test, lr.predict(X_test))
b = accuracy_score(y_test, rf.predict(X_test))
print("best", max(a, b))
""",
    ) == [6]


def test_a_search_best_score_reported():
    assert reported(
        "multi-test",
        """\
search = GridSearchCV(LogisticRegression(), {"C": [0.1, 1, 10]}, cv=5).fit(X, y)
print("accuracy", search.best_score_)
""",
    ) == [2]


def test_early_stopping_on_the_test_part():
    assert reported(
        "multi-test",
        SPLIT
        + """\
from xgboost import XGBClassifier
booster = XGBClassifier(early_stopping_rounds=50)
booster.fit(X_train, y_train, eval_set=[(X_test, y_test)])
print(booster.score(X_test, y_test))
""",
    ) == [4]


def test_choice_on_validation_then_a_test_score_is_clean():
    assert (
        reported(
            "multi-test",
            SPLIT
            + """\
X_fit, X_val, y_fit, y_val = train_test_split(X_train, y_train)
scores = {}
for depth in [2, 4, 8]:
    forest = RandomForestClassifier(max_depth=depth).fit(X_fit, y_fit)
    scores[depth] = forest.score(X_val, y_val)
best = max(scores, key=scores.get)
final = RandomForestClassifier(max_depth=best).fit(X_train, y_train)
print(final.score(X_test, y_test))
""",
        )
        == []
    )


def test_a_search_scored_on_held_out_rows_or_nested_is_clean():
    assert (
        reported(
            "multi-test",
            SPLIT
            + """\
search = GridSearchCV(LogisticRegression(), {"C": [0.1, 1]}).fit(X_train, y_train)
print(search.best_score_, search.score(X_test, y_test))
nested = GridSearchCV(LogisticRegression(), {"C": [0.1, 1]})
print(cross_val_score(nested, X, y).mean())
nested.fit(X, y)
print(nested.best_score_)
""",
        )
        == []
    )


def test_seeds_averaged_and_a_baseline_are_clean():
    assert (
        reported(
            "multi-test",
            SPLIT
            + """\
runs = [
    RandomForestClassifier(random_state=s).fit(X_train, y_train).score(X_test, y_test)
    for s in range(5)
]
print(np.mean(runs))
""",
        )
        == []
    )


def test_the_message_shows_the_fix():
    (message,) = messages(
        "multi-test",
        """\
search = GridSearchCV(LogisticRegression(), {"C": [0.1, 1, 10]}).fit(X, y)
print(search.best_score_)
""",
    )
    assert (
        "search.score(X_test, y_test)" in message
        and "cross_val_score(search" in message
    )
