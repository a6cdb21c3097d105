"""
The guard catches each leak of a pipeline
=========================================

scikit-learn's ``Pipeline`` prevents pre-processing leakage only while everything
stays inside it and every fit happens on the training rows. Each section below
breaks that in one of the ways :doc:`/guard` describes: the plain ``Pipeline`` returns
a score, and ``GuardedPipeline`` refuses with a ``LeakageError`` that names the leak,
its code in the leakage taxonomy and the fix. The figure at the end puts each leaky
score next to the honest one.
"""

# %%
# Data and two pipelines
# ----------------------
# Noisy data, so that a leak shows in the score.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from safesplit import GuardedPipeline, LeakageError

X, y = make_classification(
    n_samples=400, n_features=8, n_informative=3, flip_y=0.25, random_state=0
)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)


def steps(model=None):
    return [("scaler", StandardScaler()), ("model", model or LogisticRegression())]


leaky, honest = {}, {}


def refused(action):
    """Run ``action`` on a GuardedPipeline; print the first line of its refusal."""
    try:
        action()
    except LeakageError as error:
        print("refused:", str(error).split(". ")[0] + ".")
        return True
    print("not refused")
    return False


# %%
# Evaluating on rows it was fitted on (L1.1)
# ------------------------------------------
# A nearest-neighbour model fitted on all rows, then scored on some of them: each row
# is its own nearest neighbour.
knn = Pipeline(steps(KNeighborsClassifier(1))).fit(X, y)
leaky["scored on its training rows (L1.1)"] = knn.score(X_test, y_test)
guarded = GuardedPipeline(steps(KNeighborsClassifier(1))).fit(X, y)
assert refused(lambda: guarded.score(X_test, y_test))
honest["scored on its training rows (L1.1)"] = cross_val_score(
    GuardedPipeline(steps(KNeighborsClassifier(1))), X, y
).mean()

# %%
# Evaluation rows that are training rows (L1.4)
# ---------------------------------------------
# A test set assembled from the last 150 rows, 100 of which were also in training.
knn = Pipeline(steps(KNeighborsClassifier(1))).fit(X[:300], y[:300])
leaky["test rows also in training (L1.4)"] = knn.score(X[200:350], y[200:350])
guarded = GuardedPipeline(steps(KNeighborsClassifier(1))).fit(X[:300], y[:300])
assert refused(lambda: guarded.score(X[200:350], y[200:350]))
honest["test rows also in training (L1.4)"] = guarded.score(X[300:], y[300:])

# %%
# Copies made before the split (L1.4)
# -----------------------------------
# Oversampling the smaller class by copying its rows, then splitting: copies of
# training rows land in the test set.
rng = np.random.default_rng(0)
small = np.flatnonzero(y == 0)
copies = rng.choice(small, size=2 * small.size)
X_over, y_over = np.vstack([X, X[copies]]), np.concatenate([y, y[copies]])
Xo_train, Xo_test, yo_train, yo_test = train_test_split(X_over, y_over, random_state=0)
knn = Pipeline(steps(KNeighborsClassifier(1))).fit(Xo_train, yo_train)
leaky["oversampled before the split (L1.4)"] = knn.score(Xo_test, yo_test)
guarded = GuardedPipeline(steps(KNeighborsClassifier(1))).fit(Xo_train, yo_train)
assert refused(lambda: guarded.score(Xo_test, yo_test))
honest["oversampled before the split (L1.4)"] = (
    GuardedPipeline(steps(KNeighborsClassifier(1))).fit(X_train, y_train)
).score(X_test, y_test)

# %%
# A step fitted outside the training rows (L1.2)
# ----------------------------------------------
# A scaler fitted on every row and frozen into the pipeline is never refitted on the
# training rows: the test rows shaped it.
frozen = FrozenEstimator(StandardScaler().fit(X))
plain = Pipeline([("scaler", frozen), ("model", LogisticRegression())])
leaky["scaler fitted on all rows (L1.2)"] = plain.fit(X_train, y_train).score(
    X_test, y_test
)
guarded = GuardedPipeline([("scaler", frozen), ("model", LogisticRegression())])
assert refused(lambda: guarded.fit(X_train, y_train))
honest["scaler fitted on all rows (L1.2)"] = (
    GuardedPipeline(steps()).fit(X_train, y_train).score(X_test, y_test)
)

# %%
# A pipeline put together from fitted steps (L1.2)
# ------------------------------------------------
# Steps fitted elsewhere, on every row, assembled into a pipeline that never fitted.
scaler = StandardScaler().fit(X)
model = LogisticRegression().fit(scaler.transform(X), y)
leaky["assembled from fitted steps (L1.2)"] = Pipeline(
    [("scaler", scaler), ("model", model)]
).score(X_test, y_test)
assembled = GuardedPipeline([("scaler", scaler), ("model", model)])
assert refused(lambda: assembled.score(X_test, y_test))
honest["assembled from fitted steps (L1.2)"] = honest[
    "scaler fitted on all rows (L1.2)"
]

# %%
# What each leak would have reported
# ----------------------------------
# The leaky score is what the plain ``Pipeline`` gave; the honest one comes from the
# guarded pipeline, used the way it accepts. Without the guard, each leak reports a
# better model than there is (for a frozen scaler the difference is small: a
# rescaling leaks little, but the same mistake with an encoder or a selection leaks
# much more).
names = list(leaky)
positions = np.arange(len(names))
fig, ax = plt.subplots(figsize=(8, 3.4))
ax.barh(
    positions - 0.2,
    [leaky[n] for n in names],
    0.4,
    color="#D55E00",
    label="Pipeline (leaky)",
)
ax.barh(
    positions + 0.2,
    [honest[n] for n in names],
    0.4,
    color="#0072B2",
    label="GuardedPipeline (honest)",
)
ax.set_yticks(positions, names)
ax.invert_yaxis()
ax.set_xlim(0.4, 1.0)
ax.set_xlabel("accuracy")
ax.legend(loc="lower right", frameon=False)
plt.tight_layout()
plt.show()
