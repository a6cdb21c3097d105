"""The audit context: built once, immutable, and the same findings whatever the
order of the checks."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from _audit_data import build_context, honest_data

from safesplit import LeakageReport, PurgedKFold, audit
from safesplit._datasets import make_lead_data
from safesplit.audit.checks import CHECKS


def build(X, y, **kwargs):
    return build_context(X, y, **kwargs)


def findings_of(findings):
    report = LeakageReport(findings)
    return sorted(report.to_dict()["findings"], key=repr)


def test_checks_give_the_same_findings_in_any_order():
    X, y, created_at, _ = make_lead_data(n_leads=2000)
    forward = build(X, y, times=created_at)
    backward = build(X, y, times=created_at)
    in_order = [f for check in CHECKS for f in check.run(forward)]
    reversed_order = [f for check in reversed(CHECKS) for f in check.run(backward)]
    assert findings_of(in_order) == findings_of(reversed_order)
    assert findings_of(in_order) == findings_of(audit(X, y, times=created_at).findings)
    # Checks that share screens and model skills are among them.
    assert {"identifier", "target_proxy", "group", "preprocessing"} <= {
        f.kind for f in in_order
    }


def test_checks_with_rows_at_prediction_time_give_the_same_findings_in_any_order():
    X, y, created_at, X_at_creation = make_lead_data(n_leads=2000)
    later = (created_at >= created_at.iloc[1500]).to_numpy()
    X_new = X_at_creation[later].assign(pages_viewed=X_at_creation["pages_viewed"] + 2)
    forward = build(X, y, times=created_at, X_new=X_new)
    backward = build(X, y, times=created_at, X_new=X_new)
    in_order = [f for check in CHECKS for f in check.run(forward)]
    reversed_order = [f for check in reversed(CHECKS) for f in check.run(backward)]
    assert findings_of(in_order) == findings_of(reversed_order)
    assert {"target_proxy", "skew"} <= {f.kind for f in in_order}


def test_context_is_immutable_and_computes_once():
    X, y = honest_data()
    context = build(X, y)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign"):
        context.seed = 1
    assert context.single is context.single
    assert context.model_skill is context.model_skill


def test_times_follow_the_splitters_time_model():
    # A safesplit splitter's horizon gives the labels their end times.
    n = 50
    X, y = honest_data(n=n)
    X.index = y.index = pd.date_range("2024-01-01", periods=n, freq="D")
    context = build(X, y, cv=PurgedKFold(3, horizon=2))
    timeline = context.times.timeline
    assert context.times.source == "X.index"
    assert np.all(timeline.end_times[:-2] > timeline.times[:-2])
    assert context.times.overlapping_labels


def test_end_times_without_times_are_refused():
    X, y = honest_data()
    with pytest.raises(ValueError, match="end_times were given but no times"):
        build(X, y, end_times=np.arange(len(X)))
