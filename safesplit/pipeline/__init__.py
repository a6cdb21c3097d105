"""The guarded pipeline: a scikit-learn ``Pipeline`` that refuses to learn from
rows outside its training fold, and the evidence it gathers."""

from safesplit.pipeline._guarded import GuardedPipeline, make_guarded_pipeline

__all__ = ["GuardedPipeline", "make_guarded_pipeline"]
