"""The layout of the package: imports run one way, modules and functions stay small.

These tests read the source (nothing is imported), so a new module that imports
against the direction of the layers, closes an import circle, or grows past the
size limits fails here, with the names to look at.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "safesplit"

# Lower layers never import higher ones; a module may import its own layer.
LAYERS = (
    (
        "safesplit._exceptions",
        "safesplit._sklearn_compat",
        "safesplit._optional",
        "safesplit._frames",
        "safesplit._pandas_compat",
        "safesplit._validation",
    ),
    ("safesplit._fingerprint",),
    ("safesplit.model_selection",),
    (
        "safesplit.pipeline",
        "safesplit.plotting",
        "safesplit.report",
        "safesplit.backtest",
    ),
    ("safesplit.audit", "safesplit.lint"),
    ("safesplit._datasets",),
    ("safesplit._demo",),
    ("safesplit._cli", "safesplit.__main__", "safesplit"),
)
MAX_MODULE_LINES = 600
MAX_FUNCTION_CODE_LINES = 80


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules():
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name, path):
    """The safesplit modules that ``name`` imports (at any depth of its code)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    modules = _modules()
    return {imported for imported in found if imported in modules} - {name}


def _layer(name):
    for rank, owners in enumerate(LAYERS):
        for owner in owners:
            if owner == "safesplit" and name != "safesplit":
                continue
            if name == owner or name.startswith(owner + "."):
                return rank
    raise AssertionError(f"{name} is in no layer; add it to LAYERS")


def test_every_module_has_a_layer():
    for name in _modules():
        _layer(name)


def test_imports_run_one_way():
    against = [
        f"{name} (layer {_layer(name)}) imports {imported} (layer {_layer(imported)})"
        for name, path in _modules().items()
        for imported in _imports(name, path)
        if _layer(imported) > _layer(name)
    ]
    assert not against, "\n".join(against)


def test_no_import_circle():
    graph = {name: _imports(name, path) for name, path in _modules().items()}
    # A package's __init__ re-exports its modules; those edges are not circles.
    graph = {
        name: {m for m in targets if not name.startswith(m + ".")}
        for name, targets in graph.items()
    }
    state = {}

    def visit(name, trail):
        state[name] = "open"
        for imported in sorted(graph[name]):
            if state.get(imported) == "open":
                cycle = trail[trail.index(imported) :] + [imported]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if imported not in state:
                visit(imported, [*trail, imported])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def _code_lines(lines, node):
    """Lines of a function's code: no docstring, blank or comment-only line."""
    docstring = set()
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        docstring = set(range(first.lineno, first.end_lineno + 1))
    return sum(
        1
        for number in range(node.lineno, node.end_lineno + 1)
        if number not in docstring
        and lines[number - 1].strip()
        and not lines[number - 1].strip().startswith("#")
    )


def test_modules_and_functions_stay_small():
    too_long = []
    for name, path in _modules().items():
        lines = path.read_text().splitlines()
        if len(lines) > MAX_MODULE_LINES:
            too_long.append(f"module {name}: {len(lines)} lines")
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n_lines = _code_lines(lines, node)
                if n_lines > MAX_FUNCTION_CODE_LINES:
                    too_long.append(f"{name}.{node.name}: {n_lines} lines of code")
    assert not too_long, "\n".join(too_long)
