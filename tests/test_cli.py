"""``safesplit audit`` end to end: formats, exit statuses and bad input."""

import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from safesplit._cli import UserError, main, parse_cv_spec

N = 400


def frame(leak=False, seed=0):
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(rng.normal(size=(N, 3)), columns=["a", "b", "c"])
    data["plan"] = rng.choice(["basic", "pro", "team"], N)
    data["churned"] = (data["a"] + rng.normal(size=N) > 0).astype(int)
    data["signup"] = pd.date_range("2023-01-01", periods=N, freq="D").strftime(
        "%Y-%m-%d"
    )
    data["label_known"] = (
        pd.date_range("2023-01-01", periods=N, freq="D") + pd.Timedelta("7D")
    ).strftime("%Y-%m-%d")
    data["account"] = [f"acct{i // 4}" for i in range(N)]
    if leak:
        data["refund_issued"] = data["churned"] * (rng.random(N) < 0.995)
    return data


@pytest.fixture
def clean_csv(tmp_path):
    path = tmp_path / "clean.csv"
    frame().to_csv(path, index=False)
    return str(path)


@pytest.fixture
def leaky_csv(tmp_path):
    path = tmp_path / "leaky.csv"
    frame(leak=True).to_csv(path, index=False)
    return str(path)


def run(capsys, *argv):
    status = main(["audit", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def without_progress(err):
    """Standard error without the progress lines an audit over 2 s prints (a slow
    or busy machine prints them, a quick one does not)."""
    return "".join(
        line
        for line in err.splitlines(keepends=True)
        if not re.match(r"\[safesplit audit +[0-9.]+s\] ", line)
    )


def run_json(capsys, *argv):
    """Exit status and the JSON report of ``safesplit audit ARGV --format json``."""
    status, out, _ = run(capsys, *argv, "--format", "json")
    return status, json.loads(out)


# ---------------------------------------------------------------------------------
# Reports and exit statuses.


def test_leaky_file_text_report_exit_1(capsys, leaky_csv):
    status, out, err = run(
        capsys,
        leaky_csv,
        "--target",
        "churned",
        "--time",
        "signup",
        "--group",
        "account",
    )
    assert status == 1
    assert "high      target_proxy   L2    refund_issued" in out
    assert "PurgedKFold" in out  # times known: time-ordered validation
    assert without_progress(err) == ""


def test_clean_file_exit_0(capsys, clean_csv):
    status, out, _ = run(
        capsys,
        clean_csv,
        "--target",
        "churned",
        "--group",
        "account",
        "--time",
        "signup",
        "--end-time",
        "label_known",
    )
    assert status == 0
    assert "No leakage found." in out


def test_json_to_output_file(capsys, leaky_csv, tmp_path):
    target = tmp_path / "report.json"
    status, out, _ = run(
        capsys,
        leaky_csv,
        "--target",
        "churned",
        "--format",
        "json",
        "--output",
        str(target),
    )
    assert status == 1 and out == ""
    data = json.loads(target.read_text())
    assert data["counts"]["high"] >= 1
    assert any(f["columns"] == ["refund_issued"] for f in data["findings"])
    assert data["summary"]["n_samples"] == N


@pytest.mark.parametrize(
    ("fail_on", "status"), [("high", 1), ("medium", 1), ("low", 1), ("never", 0)]
)
def test_fail_on(capsys, leaky_csv, fail_on, status):
    assert run(capsys, leaky_csv, "--target", "churned", "--fail-on", fail_on)[0] == (
        status
    )


def test_fail_on_low_catches_a_low_finding(capsys, tmp_path):
    data = frame()
    data[["a", "b", "c"]] = (data[["a", "b", "c"]] - data[["a", "b", "c"]].mean()) / (
        data[["a", "b", "c"]].std(ddof=0)
    )
    path = tmp_path / "scaled.csv"
    data.to_csv(path, index=False, float_format="%.17g")
    args = [str(path), "--target", "churned", "--group", "account"]
    assert run(capsys, *args)[0] == 0
    status, out, _ = run(capsys, *args, "--fail-on", "low")
    assert status == 1 and "preprocessing" in out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_other_formats(capsys, leaky_csv, fmt):
    status, out, _ = run(capsys, leaky_csv, "--target", "churned", "--format", fmt)
    assert status == 1
    assert ("| severity |" in out) if fmt == "markdown" else ("<table>" in out)


def test_parquet(capsys, tmp_path):
    path = tmp_path / "data.parquet"
    frame(leak=True).to_parquet(path)
    assert run(capsys, str(path), "--target", "churned")[0] == 1


def test_plot(capsys, leaky_csv, tmp_path):
    target = tmp_path / "audit.png"
    status, _, _ = run(
        capsys,
        leaky_csv,
        "--target",
        "churned",
        "--time",
        "signup",
        "--plot",
        str(target),
    )
    assert status == 1
    assert target.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    "spec",
    [
        "kfold:3",
        "shuffled-kfold:4",
        "stratified",
        "group:4",
        "stratified-group:3",
        "timeseries:4,gap=2",
        "purged:4,embargo=5D",
        "purged:3,horizon=7D,embargo=0.02",
        "walk-forward:3,gap=2",
    ],
)
def test_cv_specs(capsys, clean_csv, spec):
    status, out, _ = run(
        capsys,
        clean_csv,
        "--target",
        "churned",
        "--time",
        "signup",
        "--group",
        "account",
        "--cv",
        spec,
    )
    assert status in (0, 1)
    assert "Validation:" in out


def test_shuffled_spec_on_overlapping_labels(capsys, clean_csv):
    status, out, _ = run(
        capsys,
        clean_csv,
        "--target",
        "churned",
        "--time",
        "signup",
        "--end-time",
        "label_known",
        "--cv",
        "shuffled-kfold:5",
    )
    assert status == 1
    assert "temporal" in out and "overlaps the test period" in out


def test_parse_cv_spec():
    cv, n_splits = parse_cv_spec("walk-forward:6,horizon=10D,gap=1", has_time=True)
    assert (type(cv).__name__, n_splits, cv.horizon, cv.gap) == (
        "WalkForward",
        6,
        "10D",
        1,
    )
    assert parse_cv_spec("auto:3") == (None, 3)


# ---------------------------------------------------------------------------------
# Input and usage errors: one line, exit 2, no traceback.


def assert_one_line_error(status, out, err, *fragments):
    assert status == 2
    assert out == ""
    assert err.startswith("safesplit audit: error: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def test_missing_file(capsys, tmp_path):
    result = run(capsys, str(tmp_path / "nope.csv"), "--target", "y")
    assert_one_line_error(*result, "no such file")


def test_unknown_target(capsys, clean_csv):
    result = run(capsys, clean_csv, "--target", "revenue")
    assert_one_line_error(*result, "'revenue' is not a column", "churned")


def test_empty_file(capsys, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    assert_one_line_error(*run(capsys, str(path), "--target", "y"), "is empty")


def test_header_only_file(capsys, tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("a,b,y\n")
    assert_one_line_error(*run(capsys, str(path), "--target", "y"), "no data rows")


def test_unparseable_times(capsys, tmp_path):
    data = frame()
    data.loc[17, "signup"] = "next tuesday"
    path = tmp_path / "times.csv"
    data.to_csv(path, index=False)
    result = run(capsys, str(path), "--target", "churned", "--time", "signup")
    assert_one_line_error(*result, "could not parse --time", "'next tuesday'")


def test_single_class_target(capsys, tmp_path):
    data = frame()
    data["churned"] = 1
    path = tmp_path / "one.csv"
    data.to_csv(path, index=False)
    result = run(capsys, str(path), "--target", "churned")
    assert_one_line_error(*result, "single value")


def test_missing_target_values(capsys, tmp_path):
    data = frame()
    data.loc[3, "churned"] = np.nan
    path = tmp_path / "gaps.csv"
    data.to_csv(path, index=False)
    result = run(capsys, str(path), "--target", "churned")
    assert_one_line_error(*result, "1 empty value")


def test_end_times_before_times(capsys, tmp_path):
    data = frame()
    data["label_known"], data["signup"] = data["signup"], data["label_known"]
    path = tmp_path / "swapped.csv"
    data.to_csv(path, index=False)
    result = run(
        capsys,
        str(path),
        "--target",
        "churned",
        "--time",
        "signup",
        "--end-time",
        "label_known",
    )
    assert_one_line_error(*result, "end_times is before times")


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("bogus:5", "expected NAME[:N]"),
        ("kfold:1", "must be an int >= 2"),
        ("kfold:x", "must be an int >= 2"),
        ("purged:5,embargo=soon", "embargo='soon'"),
        ("kfold:5,gap=2", "takes none"),
        ("purged:5,gap=2", "horizon, embargo"),
        ("group:5", "needs --group"),
        ("walk-forward:5", "needs --time"),
    ],
)
def test_bad_cv_spec(capsys, clean_csv, spec, fragment):
    result = run(capsys, clean_csv, "--target", "churned", "--cv", spec)
    assert_one_line_error(*result, fragment)


def test_parquet_without_pyarrow(capsys, tmp_path, monkeypatch):
    path = tmp_path / "data.parquet"
    frame().to_parquet(path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = run(capsys, str(path), "--target", "churned")
    assert_one_line_error(*result, "safesplit-cv[parquet]")


def test_same_column_twice(capsys, clean_csv):
    result = run(capsys, clean_csv, "--target", "churned", "--group", "churned")
    assert_one_line_error(*result, "different columns")


def test_parse_cv_spec_raises_user_error():
    with pytest.raises(UserError, match="bad --cv"):
        parse_cv_spec("")


def test_usage_error_exits_2(capsys, clean_csv):
    with pytest.raises(SystemExit, match="^2$") as exit_info:
        main(["audit", clean_csv])  # no --target
    assert exit_info.value.code == 2
    assert "--target" in capsys.readouterr().err


def test_subprocess_end_to_end(leaky_csv):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "safesplit",
            "audit",
            leaky_csv,
            "--target",
            "churned",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["counts"]["high"] >= 1
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "safesplit",
            "audit",
            leaky_csv + ".gone",
            "--target",
            "churned",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stderr.startswith("safesplit audit: error: no such file")
    assert "Traceback" not in missing.stderr


# ---------------------------------------------------------------------------------
# --checks and the JSON schema


def test_checks_choose_what_runs(capsys, leaky_csv):
    status, data = run_json(
        capsys, leaky_csv, "--target", "churned", "--checks", "duplicate,group"
    )
    assert data["schema_version"] == "1.0"
    # "duplicate" is also a kind, which names the overlap check (L1.1) too.
    assert data["summary"]["checks"] == ["overlap", "duplicate", "group"]
    # The post-outcome column is a target proxy: not looked for, not reported, and
    # no model was fitted for the summary's sake.
    assert all(f["kind"] in ("duplicate", "group") for f in data["findings"])
    assert data["summary"]["model"] is None
    assert status == 0


def test_checks_by_kind_find_the_leak(capsys, leaky_csv):
    status, data = run_json(
        capsys, leaky_csv, "--target", "churned", "--checks", "target_proxy"
    )
    serious = [f for f in data["findings"] if f["severity"] in ("high", "medium")]
    assert [f["columns"] for f in serious] == [["refund_issued"]]
    # The honest signal 'a' dominates noise columns: at most low, with the reason.
    assert all(
        f["severity"] == "low" for f in data["findings"] if f["columns"] == ["a"]
    )
    assert data["summary"]["model_score"] > 0.9
    assert status == 1


def test_unknown_check_is_a_usage_error(capsys, clean_csv):
    with pytest.raises(SystemExit, match="^2$"):
        main(["audit", clean_csv, "--target", "churned", "--checks", "proxies"])
    err = capsys.readouterr().err
    assert "argument --checks: ['proxies'] names no check ('proxies' unknown)" in err
    assert "choose among aggregate, duplicate, group" in err


# ---------------------------------------------------------------------------------
# --test: a split the user already has


def test_given_split_with_copied_rows(capsys, tmp_path):
    data = frame()
    train, test = data.iloc[:300], data.iloc[300:]
    # A quarter of the test rows are copies of training rows (oversampled before
    # the split): contamination the given split carries.
    test = pd.concat([test, train.iloc[:40]])
    train_path, test_path = tmp_path / "train.csv", tmp_path / "test.csv"
    train.to_csv(train_path, index=False)
    test.to_csv(test_path, index=False)
    status, data = run_json(
        capsys, str(train_path), "--target", "churned", "--test", str(test_path)
    )
    assert data["summary"]["cv"] == "GivenSplit(n_test=140, n_train=300)"
    duplicates = [f for f in data["findings"] if f["kind"] == "duplicate"]
    assert duplicates and duplicates[0]["severity"] == "high"
    assert status == 1


def test_given_split_in_the_wrong_time_order(capsys, tmp_path):
    data = frame()
    train_path, test_path = tmp_path / "train.csv", tmp_path / "test.csv"
    data.iloc[100:].to_csv(train_path, index=False)
    data.iloc[:100].to_csv(test_path, index=False)
    status, data = run_json(
        capsys,
        str(train_path),
        "--target",
        "churned",
        "--test",
        str(test_path),
        "--time",
        "signup",
        "--fail-on",
        "medium",
    )
    findings = data["findings"]
    order = [f for f in findings if "later than the last test row" in f["message"]]
    assert [(f["kind"], f["severity"]) for f in order] == [("temporal", "medium")]
    assert order[0]["evidence"]["share_of_train_rows_after_test_period"] == 1.0
    assert status == 1


def test_given_split_needs_matching_columns_and_no_cv(capsys, tmp_path, clean_csv):
    other = tmp_path / "other.csv"
    frame().drop(columns=["b"]).to_csv(other, index=False)
    status, _, err = run(capsys, clean_csv, "--target", "churned", "--test", str(other))
    assert status == 2 and "must have the columns of" in err
    status, _, err = run(
        capsys, clean_csv, "--target", "churned", "--test", clean_csv, "--cv", "kfold"
    )
    assert status == 2 and "pass either --cv or --test, not both" in err


# Rows at prediction time (--new).


def test_new_rows_show_a_post_outcome_column(capsys, tmp_path):
    data = frame()
    rng = np.random.default_rng(3)
    # Counted after churn, so 0 for every account still to be scored.
    data["retention_calls"] = data["churned"] * rng.poisson(3.0, N)
    train, scored = tmp_path / "train.csv", tmp_path / "scored.csv"
    data.to_csv(train, index=False)
    new = frame(seed=1).drop(columns=["churned"]).assign(retention_calls=0)
    new.to_csv(scored, index=False)
    status, out, err = run(
        capsys,
        str(train),
        "--target",
        "churned",
        "--group",
        "account",
        "--new",
        str(scored),
    )
    assert status == 1
    assert "high      target_proxy   L2    retention_calls" in out
    assert "At prediction time (X_new, 400 rows)" in out
    assert without_progress(err) == ""


def test_new_rows_without_a_feature_column(capsys, clean_csv, tmp_path):
    scored = tmp_path / "scored.csv"
    frame().drop(columns=["b", "churned"]).to_csv(scored, index=False)
    status, _, err = run(capsys, clean_csv, "--target", "churned", "--new", str(scored))
    assert status == 2
    assert "--new" in err and "lacks 1 feature column(s)" in err and "b" in err


def test_missing_new_file(capsys, clean_csv, tmp_path):
    status, _, err = run(
        capsys, clean_csv, "--target", "churned", "--new", str(tmp_path / "none.csv")
    )
    assert status == 2
    assert "no such file" in err


# ---------------------------------------------------------------------------------
# Input the audit refuses: a usage error (exit 2) naming what to fix.


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("timeseries:3,gap=-1", "gap must be an int >= 0 (rows left out"),
        ("timeseries:3,gap=0.5", "gap must be an int >= 0"),
        ("timeseries:3,gap=5D", "gap must be an int >= 0"),
    ],
)
def test_timeseries_gap_is_checked(capsys, clean_csv, spec, fragment):
    result = run(capsys, clean_csv, "--target", "churned", "--cv", spec)
    assert_one_line_error(*result, fragment)


@pytest.mark.parametrize("n_rows", [1, 2, 3])
def test_file_too_small_to_audit(capsys, tmp_path, n_rows):
    path = tmp_path / "tiny.csv"
    frame().iloc[[0, 1, 2][:n_rows]].assign(churned=[0, 1, 0][:n_rows]).to_csv(
        path, index=False
    )
    result = run(capsys, str(path), "--target", "churned")
    if n_rows == 1:  # a single row holds a single class
        assert_one_line_error(*result, "has a single value")
    else:
        assert_one_line_error(*result, f"has {n_rows} row(s); the audit needs at")


@pytest.mark.parametrize("command", ["demo", "audit"])
@pytest.mark.parametrize("seed", ["-1", "x", str(2**32)])
def test_random_state_out_of_range_is_a_usage_error(capsys, clean_csv, command, seed):
    argv = [command, "--random-state", seed]
    if command == "audit":
        argv += [clean_csv, "--target", "churned"]
    with pytest.raises(SystemExit, match="^2$"):
        main(argv)
    err = capsys.readouterr().err
    assert "argument --random-state: must be an int seed between 0 and 2**32" in err


def test_plot_format_is_checked_before_the_audit(capsys, clean_csv, tmp_path):
    target = tmp_path / "audit.unknown"
    result = run(capsys, clean_csv, "--target", "churned", "--plot", str(target))
    # no report was written before the refusal
    assert_one_line_error(*result, "--plot", "must end with a format matplotlib")
    assert not target.exists()
