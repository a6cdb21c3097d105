"""Collection settings for the doctests of the package (pyproject.toml runs them)."""

import importlib.util

# The compiled fingerprint kernels import numba, an optional dependency: without
# it their module cannot be imported to collect its doctests (it has none).
collect_ignore = (
    [] if importlib.util.find_spec("numba") else ["safesplit/_fingerprint/_compiled.py"]
)
