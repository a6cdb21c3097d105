"""LeakageReport: sorting, frame, text, markdown, HTML, JSON, raise_for, plot."""

import json

import matplotlib
import numpy as np
import pytest

from safesplit import LeakageError, LeakageReport
from safesplit.report import Finding

matplotlib.use("Agg")


def make_report():
    return LeakageReport(
        [
            Finding("duplicate", "low", "L1.4", [], [1, 3], {"n": 2}, "Two copies."),
            Finding(
                "target_proxy",
                "high",
                "L2",
                ["refund_issued"],
                [],
                {"auc_alone": 0.99},
                "Known after the outcome <b>.",
            ),
            Finding("identifier", "info", "L2", ["uuid"], [], {}, "An ID, no signal."),
            Finding("group", "medium", "L3.2", ["customer"], [0], {}, "Shared | rows."),
        ],
        {
            "n_samples": 1000,
            "n_features": 7,
            "target_type": "binary classification (2 classes)",
            "cv": "StratifiedKFold(n_splits=5)",
            "model": "HistGradientBoostingClassifier",
            "metric": "ROC AUC",
            "model_score": 0.91,
            "n_model_rows": 1000,
        },
    )


def test_findings_sorted_by_severity():
    report = make_report()
    assert [f.severity for f in report.findings] == ["high", "medium", "low", "info"]
    assert report.worst == "high"
    assert len(report) == 4
    assert [f.kind for f in report.at_least("medium")] == ["target_proxy", "group"]


def test_finding_validates_kind_and_severity():
    with pytest.raises(ValueError, match="^kind must be one of"):
        Finding("leaky", "high", "L2")
    with pytest.raises(ValueError, match="^severity must be one of"):
        Finding("identifier", "critical", "L2")


def test_to_frame():
    frame = make_report().to_frame()
    assert list(frame.columns) == [
        "severity",
        "kind",
        "code",
        "columns",
        "folds",
        "message",
        "evidence",
    ]
    assert frame["severity"].tolist() == ["high", "medium", "low", "info"]
    assert frame.loc[0, "columns"] == ["refund_issued"]
    assert frame.loc[2, "folds"] == [1, 3]


def test_text_is_a_table_sorted_by_severity():
    text = str(make_report())
    assert "Leakage audit of 1,000 rows x 7 feature columns" in text
    assert "ROC AUC 0.910" in text
    assert "4 finding(s): 1 high, 1 medium, 1 low, 1 info." in text
    rows = [line.split()[0] for line in text.splitlines() if line[:1].isalpha()]
    severities = [row for row in rows if row in ("high", "medium", "low", "info")]
    assert severities == ["high", "medium", "low", "info"]
    assert "splits 1, 3" in text  # a finding with folds and no columns


def test_empty_report():
    report = LeakageReport([])
    assert "No leakage found." in str(report)
    assert report.worst is None
    assert report.raise_for("info") is report
    assert json.loads(report.to_json())["findings"] == []
    assert repr(report) == "<LeakageReport: No leakage found.>"


def test_json_round_trip():
    data = json.loads(make_report().to_json())
    assert data["counts"] == {"high": 1, "medium": 1, "low": 1, "info": 1}
    first = data["findings"][0]
    assert first == {
        "kind": "target_proxy",
        "severity": "high",
        "code": "L2",
        "columns": ["refund_issued"],
        "folds": [],
        "evidence": {"auc_alone": 0.99},
        "message": "Known after the outcome <b>.",
    }
    assert data["summary"]["n_samples"] == 1000


def test_json_handles_numpy_values_and_nan():
    import numpy as np

    report = LeakageReport(
        [
            Finding(
                "temporal",
                "medium",
                "L3.1",
                [],
                [np.int64(2)],
                {"gap": np.float64(0.2), "missing": np.nan, "flags": np.array([1])},
                "m",
            )
        ]
    )
    data = json.loads(report.to_json())
    assert data["findings"][0]["evidence"] == {
        "gap": 0.2,
        "missing": None,
        "flags": [1],
    }
    assert data["findings"][0]["folds"] == [2]


def test_markdown_and_html_escape():
    report = make_report()
    markdown = report.to_markdown()
    assert "| severity | kind | code | columns | message |" in markdown
    assert "Shared \\| rows." in markdown
    html = report._repr_html_()
    assert "&lt;b&gt;" in html and "<b>." not in html
    assert html.count('<section class="ss-finding"') == 4
    assert report.to_html().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("severity", "raises"),
    [("high", True), ("medium", True), ("low", True), ("info", True)],
)
def test_raise_for(severity, raises):
    with pytest.raises(
        LeakageError,
        match=rf"leakage finding\(s\) at or above '{severity}'"
        r":\nhigh target_proxy \(L2\) \[refund_issued\]",
    ):
        make_report().raise_for(severity)


def test_raise_for_below_threshold_returns_report():
    report = LeakageReport([Finding("duplicate", "low", "L1.4")])
    assert report.raise_for("high") is report
    assert report.raise_for("medium") is report
    with pytest.raises(LeakageError, match="1 leakage finding"):
        report.raise_for("low")
    with pytest.raises(ValueError, match="severity must be one of"):
        report.raise_for("critical")


def test_plot_draws_each_finding_with_its_evidence():
    ax = make_report().plot()
    texts = [text.get_text() for text in ax.texts]
    headings = [
        "target_proxy (L2): refund_issued",
        "group (L3.2): customer",
        "duplicate (L1.4): splits 1, 3",
        "identifier (L2): uuid",
    ]
    assert [t for t in texts if t in headings] == headings  # most severe first
    # The target proxy's evidence is a bar of its ROC AUC alone (0.99), from
    # chance (0.5); the others carry numbers no chart reads, shown as text.
    assert "refund_issued alone" in texts and "0.990" in texts
    assert "n 2" in texts and "no numbers recorded" in texts
    bars = [bar for container in ax.containers for bar in container]
    assert len(bars) == 1
    assert bars[0].get_width() == pytest.approx((0.99 - 0.5) / 0.5 * 0.42)
    matplotlib.pyplot.close(ax.figure)


def test_plot_of_empty_report():
    ax = LeakageReport([]).plot()
    assert [t.get_text() for t in ax.texts] == ["no leakage found"]
    matplotlib.pyplot.close(ax.figure)


def test_plot_refuses_what_is_not_an_axes():
    report = LeakageReport([Finding("duplicate", "low", "L1.4")])
    with pytest.raises(TypeError, match=r"^ax must be a matplotlib Axes"):
        report.plot(ax="x")


@pytest.mark.parametrize(
    "findings, summary, message",
    [
        (None, None, r"^findings must be a list of Finding, got NoneType"),
        ("abc", None, r"^findings must hold Finding objects .* got str 'a'"),
        ([1], None, r"^findings must hold Finding objects .* got int 1"),
        (
            Finding("duplicate", "low", "L1.4"),
            None,
            r"^findings must be a list of Finding; wrap one in a list",
        ),
        ([], 5, r"^summary must be a dict \(what was audited and how\) or None"),
        ([], [("a", 1)], r"^summary must be a dict"),
    ],
)
def test_bad_constructor_arguments_are_refused(findings, summary, message):
    with pytest.raises(TypeError, match=message):
        LeakageReport(findings, summary)


def test_findings_may_be_any_iterable_and_are_not_mutated():
    given = [Finding("duplicate", "low", "L1.4"), Finding("group", "high", "L3.2")]
    report = LeakageReport(iter(given), {"n_samples": 3})
    assert [f.severity for f in report.findings] == ["high", "low"]
    assert [f.severity for f in given] == ["low", "high"]


def test_severity_that_is_not_a_name_is_refused():
    import numpy as np

    report = LeakageReport([Finding("duplicate", "low", "L1.4")])
    for severity in (np.array([]), ["high"], None):
        with pytest.raises(ValueError, match=r"^severity must be one of 'high'"):
            report.at_least(severity)


@pytest.mark.parametrize(
    "fields, error, message",
    [
        ({"kind": "bogus"}, ValueError, r"^kind must be one of"),
        ({"kind": ["duplicate"]}, ValueError, r"^kind must be one of"),
        ({"severity": "HIGH"}, ValueError, r"^severity must be one of"),
        ({"code": 5}, TypeError, r"^code must be a str, got int"),
        (
            {"columns": "lead_id"},
            TypeError,
            r"^columns must be a list .* wrap a single",
        ),
        ({"columns": 5}, TypeError, r"^columns must be a list"),
        ({"folds": ["a"]}, TypeError, r"^folds must be split indices \(ints\)"),
        ({"folds": 2}, TypeError, r"^folds must be a list"),
        ({"folds": np.array(2)}, TypeError, r"^folds must be a list"),
        ({"evidence": 5}, TypeError, r"^evidence must be a dict"),
        ({"message": None}, TypeError, r"^message must be a str"),
    ],
)
def test_finding_fields_are_checked(fields, error, message):
    arguments = {"kind": "duplicate", "severity": "low", "code": "L1.4", **fields}
    with pytest.raises(error, match=message):
        Finding(**arguments)


def test_finding_takes_tuples_and_numpy_folds():
    import numpy as np

    finding = Finding("group", "low", "L3.2", ("customer",), np.array([0, 2]))
    assert finding.columns == ["customer"] and finding.folds == [0, 2]
