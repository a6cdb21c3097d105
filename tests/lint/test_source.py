"""Reading scripts and notebooks: execution order, IPython syntax and bad input.

Each bad input is one clear line in the report's problems, and the rest is still
linted.
"""

import json

import pytest

from safesplit import lint
from safesplit.lint._source import parse_notebook, read_program

LEAK = (
    "import pandas as pd\n"
    "from sklearn.preprocessing import StandardScaler\n"
    "from sklearn.model_selection import train_test_split\n"
    "df = pd.read_csv('d.csv')\n"
    "X = StandardScaler().fit_transform(df)\n"
    "a, b = train_test_split(X)\n"
)


def notebook(*cells, language="python"):
    """Notebook JSON from ``(execution_count, source)`` pairs."""
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "execution_count": count,
                    "metadata": {},
                    "outputs": [],
                    "source": source,
                }
                for count, source in cells
            ],
            "metadata": {"language_info": {"name": language}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def codes(report):
    return sorted((f.code, f.evidence["cell"], f.evidence["line"]) for f in report)


def test_cells_run_in_execution_order(tmp_path):
    path = tmp_path / "nb.ipynb"
    fit_cell = "X = StandardScaler().fit_transform(df)"
    cells = [
        (1, LEAK.split("df =")[0] + "df = pd.read_csv('d.csv')"),
        (3, "a, b = train_test_split(X)"),
        (2, fit_cell),
    ]
    path.write_text(notebook(*cells))
    assert codes(lint(path)) == [("L1.2", 3, 1)]
    # Without counts, the file's order: the split reads X before it is made.
    path.write_text(notebook(*[(None, source) for _, source in cells]))
    assert codes(lint(path)) == []


def test_a_cell_in_another_language_is_skipped_and_said(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook((1, "%%bash\nls -l\n"), (2, LEAK)))
    report = lint(path)
    assert codes(report) == [("L1.2", 2, 5)]
    assert report.problems == [
        f"{path}:cell 1:1:1: note: %%bash cell is not Python; skipped"
    ]


def test_shell_and_magic_lines_keep_their_line_numbers(tmp_path):
    path = tmp_path / "nb.ipynb"
    source = "!pip install -q imbalanced-learn\n%matplotlib inline\n" + LEAK
    path.write_text(notebook((1, source)))
    report = lint(path)
    assert codes(report) == [("L1.2", 1, 7)]
    assert report.problems == [
        f"{path}:cell 1:1:1: note: 2 IPython line(s) (shell or magic) read as 'pass'"
    ]


def test_a_cell_with_a_syntax_error_is_skipped_and_the_rest_linted(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook((1, "df.head(\n"), (2, LEAK)))
    report = lint(path)
    assert codes(report) == [("L1.2", 2, 5)]
    (problem,) = report.problems
    assert problem.startswith(f"{path}:cell 1:") and "syntax error" in problem


def test_a_script_with_a_syntax_error_is_one_error_line(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("x = (1,\n")
    good = tmp_path / "good.py"
    good.write_text(LEAK)
    report = lint([bad, good])
    assert codes(report) == [("L1.2", None, 5)]
    (problem,) = report.problems
    assert problem.startswith(f"{bad}:") and ": error: syntax error" in problem
    assert report.summary["files"] == 2 and report.summary["linted"] == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "invalid notebook JSON"),
        ('{"cells": 3}', "not a Jupyter notebook"),
        ("[1, 2]", "not a Jupyter notebook"),
    ],
)
def test_an_invalid_notebook_is_one_error_line(tmp_path, content, reason):
    path = tmp_path / "broken.ipynb"
    path.write_text(content)
    report = lint(path)
    assert len(report) == 0
    (problem,) = report.problems
    assert problem.startswith(f"{path}:") and reason in problem


def test_a_notebook_in_another_language_is_skipped(tmp_path):
    path = tmp_path / "r.ipynb"
    path.write_text(notebook((1, "x <- 1"), language="R"))
    (problem,) = lint(path).problems
    assert "notebook in r, not Python" in problem


def test_binary_and_non_utf8_files_are_one_line_each(tmp_path):
    binary = tmp_path / "model.py"
    binary.write_bytes(b"\x89PNG\x00\x00\x01binary")
    latin = tmp_path / "latin.py"
    latin.write_bytes("x = 'caf\xe9'\n".encode("latin-1"))
    good = tmp_path / "good.py"
    good.write_text(LEAK)
    report = lint(tmp_path)
    assert codes(report) == [("L1.2", None, 5)]
    problems = sorted(report.problems)
    assert len(problems) == 2
    assert "not UTF-8 text" in problems[0] and "binary file" in problems[1]


def test_a_directory_of_thousands_of_files(tmp_path):
    for index in range(1500):
        folder = tmp_path / f"part{index % 10}"
        folder.mkdir(exist_ok=True)
        (folder / f"script_{index}.py").write_text(f"x = {index}\nprint(x)\n")
    (tmp_path / "part3" / "broken.py").write_text("def f(:\n")
    (tmp_path / "part4" / "leak.py").write_text(LEAK)
    (tmp_path / "part5" / "data.csv").write_text("a,b\n1,2\n")  # not Python
    hidden = tmp_path / ".venv"
    hidden.mkdir()
    (hidden / "site.py").write_text(LEAK)  # hidden folders are not searched
    report = lint(tmp_path)
    assert report.summary["files"] == 1502
    assert report.summary["linted"] == 1501
    assert [f.evidence["path"] for f in report] == [str(tmp_path / "part4" / "leak.py")]
    (problem,) = report.problems
    assert "broken.py" in problem and "syntax error" in problem


def test_read_program_keeps_line_numbers_of_a_script(tmp_path):
    path = tmp_path / "s.py"
    path.write_text("\n\n" + LEAK)
    program = read_program(path)
    assert program.linted and len(program.units) == 1
    assert codes(lint(path)) == [("L1.2", None, 7)]


def test_cells_without_code_are_left_out():
    program = parse_notebook(notebook((1, ""), (2, "x = 1")), "nb.ipynb")
    assert [unit.label for unit in program.units] == [2]
