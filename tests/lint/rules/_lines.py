"""A helper for the rule tests: the lines a rule reports in a snippet."""

import textwrap

from safesplit import lint

HEAD = """\
import numpy as np
import pandas as pd
from sklearn.model_selection import (
    GridSearchCV, KFold, TimeSeriesSplit, cross_val_score, train_test_split,
)
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
df = pd.read_csv("data.csv")
X, y = df.drop(columns="target"), df["target"]
"""
FIRST = len(HEAD.splitlines()) + 1  # the first line of a snippet


def reported(code, snippet):
    """``[(line in the snippet, from 1), ...]`` of the findings of ``code``."""
    report = lint(HEAD + textwrap.dedent(snippet), select=[code])
    return sorted(f.evidence["line"] - FIRST + 1 for f in report)


def messages(code, snippet):
    report = lint(HEAD + textwrap.dedent(snippet), select=[code])
    return [f.message for f in report]
