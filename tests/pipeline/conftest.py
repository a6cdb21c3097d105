"""Markers that scikit-learn's own tests carry, which its conftest registers.

``test_sklearn_pipeline_contract.py`` collects scikit-learn's Pipeline tests,
and the project runs pytest with ``--strict-markers``.
"""


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "thread_unsafe: a scikit-learn test that must not run in parallel threads "
        "(pytest-run-parallel)",
    )
