"""The API reference lists every public name, and every public name documents its
parameters, what it returns and an example.

Sphinx's own build (``docs/conf.py``) fails on the same omissions with numpydoc's
validation; this test says so without Sphinx installed.
"""

import inspect
import re
from pathlib import Path

import pytest

import safesplit

API_PAGE = Path(__file__).resolve().parents[2] / "docs" / "api.rst"
PUBLIC = sorted(name for name in safesplit.__all__ if not name.startswith("_"))


def listed_names():
    """Names listed under the autosummary directives of docs/api.rst."""
    text = API_PAGE.read_text()
    names = []
    for block in re.findall(r"\.\. autosummary::\n((?:   .*\n|\n)+)", text):
        names += [
            line.strip()
            for line in block.splitlines()
            if line.strip() and not line.strip().startswith(":")
        ]
    return names


def test_every_public_name_is_in_the_api_reference():
    listed = listed_names()
    assert sorted(set(PUBLIC) - set(listed)) == []
    assert sorted(set(listed) - set(PUBLIC)) == []  # nothing stale
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("name", PUBLIC)
def test_public_docstring_has_its_sections(name):
    obj = getattr(safesplit, name)
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    sections = set(re.findall(r"^(\w[\w ]*)\n-{3,}$", doc, flags=re.M))
    assert "Examples" in sections, f"{name} has no Examples section"
    signature_of = obj.__init__ if inspect.isclass(obj) else obj
    if inspect.isclass(obj) and issubclass(obj, Exception):
        return
    parameters = [
        p
        for p in inspect.signature(signature_of).parameters
        if p not in ("self", "args", "kwargs")
    ]
    if parameters:
        assert "Parameters" in sections, f"{name} has no Parameters section"
    if inspect.isfunction(obj):
        assert sections & {"Returns", "Yields"}, f"{name} returns nothing documented"
