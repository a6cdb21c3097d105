"""Data and helpers shared by the audit's tests."""

import numpy as np
import pandas as pd

N = 800


def kinds(report, kind, at_least="low"):
    """Findings of one kind at or above a severity."""
    return [f for f in report.at_least(at_least) if f.kind == kind]


def honest_data(n=N, seed=0):
    """Independent rows: three informative features, two noise, a category."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, 5)), columns=list("abcde"))
    X["segment"] = rng.choice(["red", "green", "blue"], n)
    logit = X["a"] - 0.8 * X["b"] + 0.5 * X["c"] + 0.4 * (X["segment"] == "red")
    y = pd.Series((rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int))
    return X, y


def build_context(X, y, **kwargs):
    """An :class:`AuditContext` with :func:`~safesplit.audit`'s defaults."""
    from safesplit.audit._context import AuditContext
    from safesplit.audit._progress import Progress

    arguments = {
        "cv": None,
        "groups": None,
        "times": None,
        "end_times": None,
        "estimator": None,
        "scoring": None,
        "random_state": None,
        "n_jobs": None,
    }
    arguments.update(kwargs)
    return AuditContext.build(X, y, progress=Progress(False), **arguments)
