"""The leakage audit: find leaks already in a data set or in its validation."""

from safesplit.audit._audit import audit

__all__ = ["audit"]
