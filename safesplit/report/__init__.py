"""Findings and the report that holds them, with their renderings."""

from safesplit.report._finding import KINDS, SEVERITIES, Finding
from safesplit.report._report import LeakageReport
from safesplit.report._splits import SplitSketch

__all__ = ["Finding", "LeakageReport", "SplitSketch", "KINDS", "SEVERITIES"]
