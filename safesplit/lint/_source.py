"""Read scripts and notebooks into parsed units, in the order they run.

A script is one unit. A notebook is one unit per code cell, in execution order when
every cell that has code also has a distinct execution count (the order the saved
outputs came from), in the order of the file otherwise. IPython syntax is not
Python: a shell line (``!pip install``) or a line magic (``%matplotlib``) becomes a
``pass`` of the same indentation, so that line numbers hold; a cell in another
language (``%%bash``, ``%%sql``) is skipped. Whatever is skipped is said, one line
each, and the rest is still linted.
"""

import ast
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

# Cell magics whose body is still Python.
_PYTHON_CELL_MAGICS = frozenset("time timeit capture prun debug memit".split())
_SKIPPED_DIRECTORIES = frozenset(
    {"__pycache__", "node_modules", "site-packages", "venv", "build", "dist"}
)
_MAGIC_LINE = re.compile(r"^(\s*)[!%]")
_MAGIC_ASSIGNMENT = re.compile(r"^(\s*[\w.]+\s*=\s*)[!%]")
_HELP_LINE = re.compile(r"^(\s*)[\w.\[\]'\"()]+\?\??\s*$")


@dataclass(frozen=True)
class Problem:
    """Something that could not be linted: ``fatal`` when it is the whole file."""

    path: str
    unit: object
    line: int
    col: int
    message: str
    fatal: bool

    def __str__(self):
        where = self.path if self.unit is None else f"{self.path}:cell {self.unit}"
        kind = "error" if self.fatal else "note"
        return f"{where}:{self.line}:{self.col}: {kind}: {self.message}"


@dataclass(frozen=True)
class Unit:
    """One parsed script, or one code cell (``label`` is its number, from 1)."""

    label: object
    tree: ast.Module


@dataclass(frozen=True)
class Program:
    path: str
    units: tuple = ()
    problems: tuple = field(default_factory=tuple)

    @property
    def linted(self):
        return not any(problem.fatal for problem in self.problems)


def _fatal(path, message, line=1, col=1):
    return Program(str(path), (), (Problem(str(path), None, line, col, message, True),))


def _read_text(path):
    """The file's text, or the reason it has none."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, f"cannot read the file ({exc.strerror or exc})"
    if b"\x00" in data[:8192]:
        return None, "binary file, not Python source or a notebook; skipped"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start}); skipped"


def parse_script(text, path="<source>"):
    """A script's text as a Program (a syntax error makes it unlinted)."""
    try:
        tree = ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        return _fatal(
            path,
            f"syntax error ({exc.msg}); the file was not linted",
            exc.lineno or 1,
            exc.offset or 1,
        )
    except (ValueError, RecursionError, MemoryError) as exc:
        return _fatal(path, f"cannot parse ({exc}); the file was not linted")
    return Program(str(path), (Unit(None, tree),), ())


def _ipython_to_python(source):
    """The cell as Python, and how many IPython lines became ``pass``."""
    lines = source.split("\n")
    replaced = 0
    for number, line in enumerate(lines):
        assignment = _MAGIC_ASSIGNMENT.match(line)
        if assignment:
            lines[number] = assignment.group(1) + "None"
            replaced += 1
        elif _MAGIC_LINE.match(line) or _HELP_LINE.match(line):
            lines[number] = re.match(r"\s*", line).group(0) + "pass"
            replaced += 1
    return "\n".join(lines), replaced


def _cell_source(cell):
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(str(piece) for piece in source)
    return source if isinstance(source, str) else ""


def _code_cells(notebook):
    """``(number, source, execution_count)`` of each code cell, in file order."""
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return None
    found = []
    for number, cell in enumerate(cells, start=1):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            found.append((number, _cell_source(cell), cell.get("execution_count")))
    return found


def _execution_order(cells):
    """The cells in the order they ran, when the counts say so without doubt."""
    with_code = [cell for cell in cells if cell[1].strip()]
    counts = [cell[2] for cell in with_code]
    if counts and all(isinstance(count, int) for count in counts):
        if len(set(counts)) == len(counts):
            return sorted(with_code, key=lambda cell: cell[2])
    return with_code


def _notebook_language(notebook):
    metadata = notebook.get("metadata")
    if not isinstance(metadata, dict):
        return "python"
    for key in ("language_info", "kernelspec"):
        info = metadata.get(key)
        if isinstance(info, dict):
            name = info.get("name") if key == "language_info" else info.get("language")
            if isinstance(name, str) and name:
                return name.lower()
    return "python"


def _parse_cell(path, number, source):
    """``(unit or None, problems)`` of one code cell."""
    first = source.lstrip().split("\n", 1)[0].strip()
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in _PYTHON_CELL_MAGICS:
            message = f"%%{magic} cell is not Python; skipped"
            return None, [Problem(path, number, 1, 1, message, False)]
    text, replaced = _ipython_to_python(source)
    problems = []
    if first.startswith("%%"):
        text = "\n" + text.split("\n", 1)[1] if "\n" in text else ""
    if replaced:
        message = f"{replaced} IPython line(s) (shell or magic) read as 'pass'"
        problems.append(Problem(path, number, 1, 1, message, False))
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        message = f"syntax error ({exc.msg}); this cell was not linted"
        problem = Problem(
            path, number, exc.lineno or 1, exc.offset or 1, message, False
        )
        return None, [*problems, problem]
    except (ValueError, RecursionError, MemoryError) as exc:
        message = f"cannot parse ({exc}); this cell was not linted"
        return None, [*problems, Problem(path, number, 1, 1, message, False)]
    return Unit(number, tree), problems


def parse_notebook(text, path="<notebook>"):
    """A notebook's JSON text as a Program of its code cells."""
    path = str(path)
    try:
        notebook = json.loads(text)
    except ValueError as exc:
        return _fatal(
            path,
            f"invalid notebook JSON ({exc.msg if hasattr(exc, 'msg') else exc}); "
            "skipped",
            getattr(exc, "lineno", 1),
            getattr(exc, "colno", 1),
        )
    cells = _code_cells(notebook) if isinstance(notebook, dict) else None
    if cells is None:
        return _fatal(path, "not a Jupyter notebook (no list of cells); skipped")
    language = _notebook_language(notebook)
    if language != "python":
        return _fatal(path, f"notebook in {language}, not Python; skipped")
    units, problems = [], []
    for number, source, _ in _execution_order(cells):
        unit, found = _parse_cell(path, number, source)
        problems.extend(found)
        if unit is not None:
            units.append(unit)
    return Program(path, tuple(units), tuple(problems))


def read_program(path):
    """Read one file: a notebook when it ends in ``.ipynb``, a script otherwise."""
    text, reason = _read_text(path)
    if text is None:
        return _fatal(path, reason)
    if str(path).endswith(".ipynb"):
        return parse_notebook(text, path)
    return parse_script(text, path)


def _walk(directory):
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(
            name
            for name in directories
            if not name.startswith(".") and name not in _SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            if name.endswith((".py", ".ipynb")):
                yield os.path.join(root, name)


def find_files(paths):
    """The files to lint under ``paths`` (directories are searched for ``.py``
    and ``.ipynb`` files, hidden folders skipped), and the paths that are not
    there."""
    files, missing = [], []
    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            files.extend(_walk(path))
        elif os.path.exists(path):
            files.append(path)
        else:
            missing.append(_fatal(path, "no such file or directory"))
    return list(dict.fromkeys(files)), missing
