"""The evaluation side of GuardedPipeline: every method that is given rows to
predict, score or transform checks them before ``Pipeline`` does its work."""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import contextlib
import warnings

from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from safesplit._exceptions import LeakageError, LeakageWarning
from safesplit.pipeline._beside import Done, explained_writes, start_beside
from safesplit.pipeline._evidence import is_passthrough
from safesplit.pipeline._records import (
    TrainingRows,
    evaluation_rows_record_of,
    frozen_step_records,
    keep_bounded,
    leaks_in,
    materialize,
    replaced_step_records,
    unguarded_record,
)

ON_LEAK_MODES = ("raise", "warn", "ignore")


def final_estimator_has(attr):
    """Availability of a method that the final step must provide (for available_if)."""

    def check(self):
        # Re-raise the final step's own AttributeError: it says why it is missing.
        getattr(self._final_estimator, attr)
        return True

    return check


def can_transform(self):
    return self._final_estimator == "passthrough" or hasattr(
        self._final_estimator, "transform"
    )


def can_fit_transform(self):
    return (
        self._final_estimator == "passthrough"
        or hasattr(self._final_estimator, "transform")
        or hasattr(self._final_estimator, "fit_transform")
    )


class GuardedEvaluationMixin:
    """Evaluation methods that refuse rows the pipeline learned from.

    Mixed into :class:`~safesplit.GuardedPipeline` ahead of ``Pipeline``: each
    method runs the evaluation checks, then hands on to ``Pipeline``'s own.
    """

    # ------------------------------------------------------------------
    # Evaluation: the rows given must not be rows the pipeline learned from.

    @contextlib.contextmanager
    def _guarded_evaluation(self, X, method, *, beside=True):
        """Check the rows of X around the body, which gets the rows to hand
        ``Pipeline``'s method (X materialised if an iterator).

        The checks that read no rows come first. The evaluation rows are
        fingerprinted and looked up beside the body with ``beside`` (on a
        thread, the steps seeing a protected view of X: see ``_beside``), and
        what was found acts when both are done; without it, before the body.
        """
        if getattr(self, "_fit_in_progress", False):
            yield X
            return
        X = materialize(X)
        if not hasattr(self, "_guarded_steps"):
            records = [unguarded_record(method, X, self.steps, self.pretrained)]
            self._keep_records(records)
            # Frames: _guarded_evaluation, the context manager's __enter__,
            # the method, the caller.
            self._react_to(records, stacklevel=4)
            yield X
            return
        before = replaced_step_records(method, X, self.steps, self._guarded_steps)
        after = frozen_step_records(method, X, self.steps, self._frozen_input_summaries)
        training, fitted = self._rows_to_check()
        rows_check = (evaluation_rows_record_of, X, method, training, fitted)
        if beside and training is not None and not leaks_in(before + after):
            rows, pending = start_beside(X, *rows_check)
        else:
            rows, pending = X, Done(*rows_check)
        if isinstance(pending, Done):
            # Checked already: a leak acts before the steps run.
            self._record_evaluation(before, pending, after)
            pending = None
        try:
            with explained_writes(rows, X):
                yield rows
        finally:
            if pending is not None:  # read beside the steps: acts now
                self._record_evaluation(before, pending, after)

    def _rows_to_check(self):
        """``(training rows, names of the fitted steps)`` for the row check;
        training rows None when the training rows were not fingerprinted."""
        if getattr(self, "train_fingerprints_", None) is None:
            return None, ()
        training = TrainingRows(
            self.train_fingerprints_,
            self._n_duplicated_training_rows,
            getattr(self, "_class_duplicates", None),  # pickled before it existed
        )
        fitted = [name for name, step in self.steps if not is_passthrough(step)]
        return training, fitted

    def _record_evaluation(self, before, pending, after):
        """Keep the records of an evaluation and act on its leaks."""
        rows_record = pending.result()
        # Frames: _record_evaluation, _guarded_evaluation, the context
        # manager's __enter__ or __exit__, the method, the caller.
        self._warn_not_fingerprinted(rows_record, stacklevel=5)
        records = [*before, rows_record, *after]
        self._keep_records(records)
        self._react_to(records, stacklevel=5)  # as for the warning above

    def _warn_not_fingerprinted(self, rows_record, stacklevel):
        """Warn when the rows could not be fingerprinted (their record says
        why); ``stacklevel`` is what :func:`warnings.warn` would take in the
        caller of this method."""
        skipped = rows_record["status"] == "skipped"
        if skipped and rows_record["check"] == "row fingerprints":
            message = rows_record["message"]
            warnings.warn(message, UserWarning, stacklevel=stacklevel + 1)

    def _react_to(self, records, stacklevel):
        """React to the leaks among ``records``; ``stacklevel`` is what
        :func:`warnings.warn` would take in the caller of this method."""
        leaks = leaks_in(records)
        if leaks:
            self._react(leaks, stacklevel=stacklevel + 2)

    def _keep_records(self, records):
        if not records:
            return
        checks = getattr(self, "leak_checks_", None)
        if checks is None:
            checks = self.leak_checks_ = []
        keep_bounded(checks, records)

    def _react(self, leaks, stacklevel=4):
        """Warn and raise, warn, or stay silent, as ``on_leak`` says."""
        if self.on_leak not in ON_LEAK_MODES:
            self._validate_params()  # raises the standard parameter error
        if self.on_leak == "ignore":
            return
        message = "\n\n".join(record["message"] for record in leaks)
        # Warn before raising: cross_val_score and the searches turn errors into
        # NaN scores (error_score=np.nan); the warning keeps the message visible.
        warnings.warn(message, LeakageWarning, stacklevel=stacklevel)
        if self.on_leak == "raise":
            raise LeakageError(message)

    @available_if(final_estimator_has("predict"))
    def predict(self, X, **params):
        """Check the rows of X for leaks, then ``predict`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to predict on.

        **params : dict of str -> object
            Parameters passed as in :meth:`sklearn.pipeline.Pipeline.predict`.

        Returns
        -------
        y_pred : ndarray
            Result of ``predict`` of the final step.

        Raises
        ------
        LeakageError
            If the rows were learned from and ``on_leak="raise"``.
        """
        check_is_fitted(self)
        with self._guarded_evaluation(X, "predict") as rows:
            return super().predict(rows, **params)

    @available_if(final_estimator_has("predict_proba"))
    def predict_proba(self, X, **params):
        """Check the rows of X for leaks, then ``predict_proba`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to predict on.

        **params : dict of str -> object
            Parameters passed as in :meth:`sklearn.pipeline.Pipeline.predict_proba`.

        Returns
        -------
        y_proba : ndarray of shape (n_samples, n_classes)
            Result of ``predict_proba`` of the final step.
        """
        check_is_fitted(self)
        with self._guarded_evaluation(X, "predict_proba") as rows:
            return super().predict_proba(rows, **params)

    @available_if(final_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X, **params):
        """Check the rows of X for leaks, then ``predict_log_proba`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to predict on.

        **params : dict of str -> object
            Parameters passed as in
            :meth:`sklearn.pipeline.Pipeline.predict_log_proba`.

        Returns
        -------
        y_log_proba : ndarray of shape (n_samples, n_classes)
            Result of ``predict_log_proba`` of the final step.
        """
        check_is_fitted(self)
        with self._guarded_evaluation(X, "predict_log_proba") as rows:
            return super().predict_log_proba(rows, **params)

    @available_if(final_estimator_has("decision_function"))
    def decision_function(self, X, **params):
        """Check the rows of X for leaks, then ``decision_function`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to predict on.

        **params : dict of str -> object
            Parameters passed as in
            :meth:`sklearn.pipeline.Pipeline.decision_function`.

        Returns
        -------
        y_score : ndarray of shape (n_samples, n_classes)
            Result of ``decision_function`` of the final step.
        """
        check_is_fitted(self)
        with self._guarded_evaluation(X, "decision_function") as rows:
            return super().decision_function(rows, **params)

    @available_if(final_estimator_has("score_samples"))
    def score_samples(self, X):
        """Check the rows of X for leaks, then ``score_samples`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to score.

        Returns
        -------
        y_score : ndarray of shape (n_samples,)
            Result of ``score_samples`` of the final step.
        """
        check_is_fitted(self)
        with self._guarded_evaluation(X, "score_samples") as rows:
            return super().score_samples(rows)

    @available_if(can_transform)
    def transform(self, X, **params):
        """Check the rows of X for leaks, then ``transform`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to transform.

        **params : dict of str -> object
            Parameters passed as in :meth:`sklearn.pipeline.Pipeline.transform`.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_transformed_features)
            Transformed data.
        """
        check_is_fitted(self)
        with self._guarded_evaluation(X, "transform", beside=False) as rows:
            return super().transform(rows, **params)

    @available_if(final_estimator_has("score"))
    def score(self, X, y=None, sample_weight=None, **params):
        """Check the rows of X for leaks, then ``score`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to score.

        y : iterable, default=None
            Targets used for scoring.

        sample_weight : array-like, default=None
            Passed to the final step's ``score``, as in
            :meth:`sklearn.pipeline.Pipeline.score`.

        **params : dict of str -> object
            Routed metadata, as in :meth:`sklearn.pipeline.Pipeline.score`.

        Returns
        -------
        score : float
            Result of ``score`` of the final step.
        """
        check_is_fitted(self)
        with self._guarded_evaluation(X, "score") as rows:
            return super().score(rows, y, sample_weight=sample_weight, **params)
