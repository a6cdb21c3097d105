"""Sphinx configuration of safesplit's documentation site.

Build it with ``sphinx-build -W --keep-going -b html docs docs/_build/html`` (the
``docs`` extra installs what it needs). Warnings are errors: a broken reference, an
example that fails, a public name missing from the API reference or a docstring
missing a section fails the build.
"""

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Document this checkout, also when it is not installed; examples that start
# ``python -m safesplit`` in a subprocess import it too.
sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
)
os.environ.setdefault("MPLBACKEND", "Agg")
# One thread per model fit: the examples fit small models, and on a shared machine
# OpenMP threads that wait for each other made the build four times slower. The
# results do not depend on it.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import safesplit  # noqa: E402

project = "safesplit"
author = "the safesplit developers"
copyright = "the safesplit developers"
release = safesplit.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    # sphinx-gallery writes these next to the pages it generates.
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
    "auto_examples/*.md5",
    "auto_examples/*/*.ipynb",
    "auto_examples/*/*.py",
    "auto_examples/*/*.zip",
    "auto_examples/*/*.md5",
]

# --- MyST: the user guide is the markdown pages of docs/ (also doctested by pytest).
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

# --- API reference: one page per public name, generated from the docstrings.
autosummary_generate = True
autodoc_default_options = {"members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
# A docstring without one (no Parameters, Returns or Yields section where one is
# due), with an undocumented, misordered or untyped parameter, or with an undescribed
# return value fails the build (warnings are errors). Left out: a "See Also"
# section and an extended summary everywhere, an Examples section on every method
# (every public name has one, which tests/docs/test_api_reference.py checks), the
# placement of the summary (GL01, GL02, RT02 are layout), and SS05, whose
# "third person verb" heuristic misreads noun phrases such as "Findings at ...".
numpydoc_validation_checks = {
    "all",
    "SA01",
    "ES01",
    "EX01",
    "GL01",
    "GL02",
    "RT02",
    "SS05",
}

# --- The gallery: examples/ at the root of the repository, run at build time.
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "capture_repr": ("_repr_html_", "__repr__"),
    "matplotlib_animations": False,
    "reset_modules": ("matplotlib",),
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
}

# --- HTML.
html_theme = "pydata_sphinx_theme"
html_title = f"safesplit {release}"
html_static_path = ["_static"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 5,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_show_sourcelink = False


def _check_api_reference(app):
    """Fail the build when a public name is missing from api.rst."""
    text = (DOCS / "api.rst").read_text()
    listed = {line.strip() for line in text.splitlines() if line.startswith("   ")}
    public = {name for name in safesplit.__all__ if not name.startswith("_")}
    missing = sorted(public - listed)
    if missing:
        raise RuntimeError(
            "docs/api.rst lacks public names of safesplit.__all__: "
            + ", ".join(missing)
        )


def setup(app):
    app.connect("builder-inited", _check_api_reference)
