"""``safesplit lint`` end to end: formats, exit statuses, select/ignore, SARIF."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from safesplit._cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main

ROOT = Path(__file__).resolve().parents[1]
LEAK = (
    "import pandas as pd\n"
    "from sklearn.preprocessing import StandardScaler\n"
    "from sklearn.model_selection import train_test_split\n"
    "df = pd.read_csv('d.csv')\n"
    "X = StandardScaler().fit_transform(df.drop(columns='y'))\n"
    "X_train, X_test, y_train, y_test = train_test_split(X, df['y'])\n"
    "print(df.groupby('c')['y'].transform('mean').mean())\n"
)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "leak.py").write_text(LEAK)
    (tmp_path / "clean.py").write_text("import pandas as pd\nprint(1)\n")
    return tmp_path


def run(capsys, *argv):
    status = main(["lint", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_text_output_is_one_line_per_finding(capsys, project):
    status, out, err = run(capsys, str(project))
    lines = out.splitlines()
    assert status == EXIT_FINDINGS and err == ""
    assert lines[0].startswith(f"{project / 'leak.py'}:5:5 L1.2 StandardScaler is")
    assert lines[-1] == "1 finding(s) in 2 file(s): 1 medium."


def test_no_finding_exits_zero(capsys, project):
    status, out, _ = run(capsys, str(project / "clean.py"))
    assert status == EXIT_OK and out == "No leakage found in 1 file(s).\n"


def test_fail_on(capsys, project):
    assert run(capsys, str(project), "--fail-on", "high")[0] == EXIT_OK
    assert run(capsys, str(project), "--fail-on", "medium")[0] == EXIT_FINDINGS
    assert run(capsys, str(project), "--fail-on", "never")[0] == EXIT_OK


def test_select_and_ignore(capsys, project):
    _, out, _ = run(capsys, str(project), "--ignore", "L1.2")
    assert out.startswith("No leakage found")
    _, out, _ = run(capsys, str(project), "--select", "L1.2,L2", "--format", "json")
    assert [f["code"] for f in json.loads(out)["findings"]] == ["L1.2"]


def test_an_unknown_code_is_a_usage_error(capsys, project):
    with pytest.raises(SystemExit) as exit_info:
        main(["lint", str(project), "--select", "L7"])
    assert exit_info.value.code == EXIT_ERROR
    assert "unknown rule 'L7'" in capsys.readouterr().err


def test_json_output(capsys, project):
    _, out, _ = run(capsys, str(project), "--format", "json")
    data = json.loads(out)
    assert data["schema_version"] == "1.0" and data["counts"]["medium"] == 1
    (finding,) = data["findings"]
    assert finding["evidence"]["path"] == str(project / "leak.py")
    assert (finding["evidence"]["line"], finding["evidence"]["col"]) == (5, 5)
    assert data["summary"]["files"] == 2 and data["summary"]["problems"] == []


def test_an_unreadable_file_is_one_line_and_exit_two(capsys, project):
    (project / "broken.py").write_text("def f(:\n")
    status, out, err = run(capsys, str(project), "--fail-on", "never")
    assert status == EXIT_ERROR
    (line,) = err.splitlines()
    assert line.startswith(f"{project / 'broken.py'}:1:") and ": error: syntax" in line
    assert "L1.2" in out  # the others are still linted


def test_output_file(capsys, project, tmp_path):
    target = tmp_path / "report.sarif"
    status, out, _ = run(
        capsys, str(project), "--format", "sarif", "--output", str(target)
    )
    assert status == EXIT_FINDINGS and out == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"


# ---------------------------------------------------------------------------------
# SARIF 2.1.0: the structure its specification requires of what we write.


def _check_message(message):
    assert isinstance(message, dict) and isinstance(message["text"], str)


def _check_location(location):
    physical = location["physicalLocation"]
    assert isinstance(physical["artifactLocation"]["uri"], str)
    region = physical["region"]
    assert isinstance(region["startLine"], int) and region["startLine"] >= 1
    assert region.get("startColumn", 1) >= 1


def check_sarif(log):
    """The required properties and types of a SARIF 2.1.0 log (sections 3.13,
    3.14, 3.18, 3.19, 3.27, 3.28, 3.29, 3.49 of the specification)."""
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and log["runs"]
    for run_ in log["runs"]:
        driver = run_["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        ids = []
        for rule in driver.get("rules", []):
            assert isinstance(rule["id"], str)
            _check_message(rule["shortDescription"])
            ids.append(rule["id"])
        assert len(ids) == len(set(ids))
        for result in run_["results"]:
            _check_message(result["message"])
            assert result["level"] in ("none", "note", "warning", "error")
            assert result["ruleId"] in ids
            assert ids[result["ruleIndex"]] == result["ruleId"]
            for location in result["locations"]:
                _check_location(location)
            for related in result.get("relatedLocations", []):
                _check_location(related)
                assert isinstance(related["id"], int) and related["id"] >= 0
        for invocation in run_.get("invocations", []):
            assert isinstance(invocation["executionSuccessful"], bool)
            for note in invocation.get("toolExecutionNotifications", []):
                _check_message(note["message"])


def test_sarif_has_the_structure_of_its_specification(capsys, project):
    (project / "broken.ipynb").write_text("{oops")
    status, out, _ = run(capsys, str(project), "--format", "sarif")
    assert status == EXIT_ERROR
    log = json.loads(out)
    check_sarif(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "L1.2" and result["level"] == "warning"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (5, 5)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert (
        "invalid notebook JSON"
        in (invocation["toolExecutionNotifications"][0]["message"]["text"])
    )


def test_sarif_of_a_notebook_names_the_cell(capsys):
    path = ROOT / "tests" / "lint" / "corpus" / "leaky" / "l12_tfidf_news.ipynb"
    _, out, _ = run(capsys, str(path), "--format", "sarif")
    log = json.loads(out)
    check_sarif(log)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["properties"] == {"cell": 5}


def test_the_pre_commit_hook_runs_the_command():
    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "safesplit-lint" and hook["language"] == "python"
    assert set(hook["types_or"]) == {"python", "jupyter"}
    entry = hook["entry"].split()
    assert entry == ["safesplit", "lint"]
    leak = ROOT / "tests" / "lint" / "corpus" / "leaky" / "l14_smote_then_split.py"
    completed = subprocess.run(
        [sys.executable, "-m", "safesplit", *entry[1:], str(leak)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == EXIT_FINDINGS, completed.stderr
    assert f"{leak}:17:" in completed.stdout and " L1.4 " in completed.stdout
