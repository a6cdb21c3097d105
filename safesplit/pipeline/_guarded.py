"""A Pipeline that refuses to learn from rows outside its training fold.

``GuardedPipeline`` is the scikit-learn adapter: it takes the parameters, gives
every fit fresh clones of the steps, and runs the checks before it delegates to
``Pipeline``. The checks themselves are in ``_records`` (one function a check,
each making the records of ``leak_checks_``), from the evidence that
``_evidence`` reads in the steps, in the words of ``_messages``.
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import contextlib

from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.utils.metaestimators import available_if

from safesplit._sklearn_compat import (
    PIPELINE_HAS_TRANSFORM_INPUT,
    StrOptions,
    _fit_context,
)
from safesplit.pipeline._beside import Done, explained_writes, start_beside
from safesplit.pipeline._evaluation import (
    ON_LEAK_MODES,
    GuardedEvaluationMixin,
    can_fit_transform,
    final_estimator_has,
)
from safesplit.pipeline._fit_memory import (
    add_frozen_input_summaries,
    fit_memory,
    slice_memory,
    training_memory,
)
from safesplit.pipeline._messages import names
from safesplit.pipeline._records import (
    TrainingRows,
    fresh_start_records,
    leaks_in,
    materialize,
    n_rows_of,
    training_rows_record_of,
)

__all__ = ["GuardedPipeline", "make_guarded_pipeline"]


class GuardedPipeline(GuardedEvaluationMixin, Pipeline):
    """A :class:`~sklearn.pipeline.Pipeline` that refuses to learn from evaluation rows.

    It is a drop-in replacement for ``Pipeline`` (same steps, same ``step__param``
    names, same methods) that turns the ways a pipeline silently learns from the
    rows it is evaluated on into clear refusals:

    1. **Every fit starts clean.** Each fit works on fresh clones of the steps,
       so no state survives from an earlier fit (``warm_start``, a pipeline
       re-used across the folds of a hand-written loop). A step that cannot be
       given a fresh start (its ``clone`` returns itself) falls under 2.
    2. **No step learns outside the fold.** A step that is already fitted and
       would not be refitted by the pipeline's fit (a
       :class:`~sklearn.frozen.FrozenEstimator`, a step whose ``clone`` returns
       itself or keeps a fitted sub-estimator, a fitted step passed in) is
       refused at fit, unless its name is listed in ``pretrained``. Whenever the
       statistics of a frozen step show that it was fitted on the very rows being
       evaluated (a scaler's ``mean_`` equal to the mean of the training and
       evaluation rows together), evaluation is refused even for a declared step:
       that is proof, not suspicion.
    3. **No evaluation on rows it learned from.** Fit keeps an 8-byte fingerprint
       of each training row. ``predict``, ``predict_proba``,
       ``predict_log_proba``, ``decision_function``, ``score``, ``score_samples``
       and ``transform`` check the rows they are given: evaluation rows found
       among the training rows beyond what the training data's own duplicate rate
       explains are a leak. Evaluating on exactly the training rows (training
       scores, ``return_train_score=True``, ``learning_curve``) is allowed.
    4. **Visible inside cross-validation.** A refusal is also issued as a
       :class:`~safesplit.LeakageWarning` before the :class:`~safesplit.LeakageError`
       is raised, so it is seen even where scikit-learn turns errors into NaN
       scores (``error_score=np.nan``).
    5. **Findings are recorded** in ``leak_checks_``, in every ``on_leak`` mode.

    With no leak it computes exactly what ``Pipeline`` computes.

    Read more in the guard's page of the documentation (``docs/guard.md``).

    Parameters
    ----------
    steps : list of tuples
        List of ``(name, estimator)`` tuples chained in order, as in
        :class:`~sklearn.pipeline.Pipeline`. All steps but the last must be
        transformers; any step may be ``"passthrough"`` or ``None``.

    on_leak : {"raise", "warn", "ignore"}, default="raise"
        What to do on a leak: raise a :class:`~safesplit.LeakageError` (after
        issuing the message as a :class:`~safesplit.LeakageWarning`), only warn,
        or only record it in ``leak_checks_``.

    pretrained : list or tuple of str, default=()
        Names of the steps allowed to carry state learned before the pipeline's
        fit, because they were deliberately trained on external data (a frozen
        embedding, a scaler fitted on a reference population). Such steps are not
        refused at fit; frozen ones keep being checked against every evaluation
        set for proof that they were fitted on it. To keep a step's pre-trained
        state, wrap it in :class:`~sklearn.frozen.FrozenEstimator`: a step that
        is merely fitted is refitted on the training rows, as ``Pipeline`` does.

    memory : str or object with the joblib.Memory interface, default=None
        Used to cache the fitted transformers, as in
        :class:`~sklearn.pipeline.Pipeline`.

    verbose : bool, default=False
        If True, the time elapsed while fitting each step is printed.

    transform_input : list of str, default=None
        Names of the metadata parameters of ``fit`` to be transformed by the
        steps before the step that consumes them, as in
        :class:`~sklearn.pipeline.Pipeline` (scikit-learn >= 1.6, with metadata
        routing enabled). Transforming them is not checked for leaks.

    Attributes
    ----------
    named_steps : :class:`~sklearn.utils.Bunch`
        Access to the steps by name.

    classes_ : ndarray of shape (n_classes,)
        The class labels, if the last step is a classifier.

    n_features_in_ : int
        Number of features seen by the first step during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen by the first step during fit, when known.

    leak_checks_ : list of dict
        One record per check made: at fit, one per step (fresh start) and one for
        the row fingerprints; at each evaluation, one for the evaluation rows and
        one per frozen step. Each record has the keys ``"method"`` (``"fit"``,
        ``"predict"``, ...), ``"step"`` (step name, or None for the whole
        pipeline), ``"check"``, ``"code"`` (the leakage taxonomy code, such as
        ``"L1.1"``), ``"status"`` (``"ok"``, ``"leak"``, ``"declared"`` or
        ``"skipped"``), ``"n_rows"``, ``"n_overlap"`` and ``"message"``. The
        last 100 evaluation records are kept; a refused fit leaves its records
        too. ``pd.DataFrame(pipe.leak_checks_)`` makes a table of them.

    train_fingerprints_ : ndarray of shape (n_training_rows,), dtype uint64
        Sorted fingerprints of the rows the pipeline was fitted on, 8 bytes a
        row; None if the rows could not be fingerprinted.

    train_duplicate_rate_ : float or None
        Fraction of the training rows that have a duplicate among the training
        rows: how often a fresh row can be expected to match a training row.
        None when ``train_fingerprints_`` is None.

    See Also
    --------
    make_guarded_pipeline : Build a GuardedPipeline without naming the steps.
    sklearn.pipeline.Pipeline : The pipeline it extends.

    Notes
    -----
    Differences from ``Pipeline`` that follow from the guarantees:

    - The estimators given in ``steps`` are never fitted themselves: each fit
      fits clones, which replace them in ``steps`` (as with ``memory`` in
      ``Pipeline``). Inspect fitted steps through ``named_steps``.
    - A step with ``warm_start=True`` starts from scratch at every fit.
    - ``predict`` and the other evaluation methods refuse rows seen at fit,
      unless they are exactly the training rows. To use a model on its own
      training data on purpose (model inspection), set ``on_leak="ignore"``.
    - ``inverse_transform`` takes transformed data and is not checked.
    - With ``n_jobs > 1`` in cross-validation, the warning of a refusal at
      scoring time is issued in a worker process, which prints it on standard
      error; the parent process only sees the NaN score.
    - In ``fit``, ``fit_predict``, ``predict``, ``predict_proba``,
      ``predict_log_proba``, ``decision_function``, ``score`` and
      ``score_samples``, the steps receive a read-only view of an ndarray X
      (and, under pandas' copy-on-write, a shallow copy of a DataFrame), while
      the guard reads the rows on a second thread. scikit-learn's steps accept
      read-only input (joblib's memory-mapped data requires it; those with
      ``copy=False`` copy it first), so a step never changes the caller's X in
      place; a custom step that writes into its input gets an error that says
      so. A leak found there acts once the method's own work is done.
      ``fit_transform`` and ``transform``, which may return the rows
      themselves, check first and hand over X as given.

    The row check is statistical: with ``k`` of ``m`` evaluation rows found among
    ``n`` training rows of which ``d`` have a duplicate, it refuses when
    ``k`` is improbable (p < 1e-6) under a binomial law of rate
    ``(d + 1) / (n + 1)``. When ``y`` at fit is a classification target, each
    class is credited with its own duplicate rate up to 4 times that of the other
    classes: copies of one class's rows (oversampling before the split) are not
    natural duplicates and explain no overlap. A handful of natural duplicates
    never triggers it; a check on very few rows cannot tell a leak from a
    duplicate. Rows are
    compared by value (see :mod:`safesplit._fingerprint`): int 3, float 3.0 and
    ``True``/``1`` are equal, ``-0.0`` equals ``0.0``, all NaNs are equal, and
    numbers below ``2**24`` compare at float32 precision, so rows cast to float32
    are the rows they were cast from.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn.preprocessing import StandardScaler
    >>> from safesplit import GuardedPipeline
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> pipe = GuardedPipeline(
    ...     [("scaler", StandardScaler()), ("clf", LogisticRegression())]
    ... )
    >>> float(cross_val_score(pipe, X, y, cv=5).mean().round(3))
    0.935

    Scoring on rows the pipeline was fitted on is a leak. With
    ``on_leak="ignore"`` it is only recorded:

    >>> _ = pipe.fit(X, y)
    >>> pipe.set_params(on_leak="ignore").score(X[:50], y[:50])
    0.98
    >>> record = pipe.leak_checks_[-1]
    >>> record["status"], record["code"], record["n_overlap"], record["n_rows"]
    ('leak', 'L1.1', 50, 50)

    With the default ``on_leak="raise"`` it is refused:

    >>> pipe.set_params(on_leak="raise").score(X[:50], y[:50])
    Traceback (most recent call last):
    ...
    safesplit._exceptions.LeakageError: GuardedPipeline.score refused a leak: ...
    """

    _parameter_constraints: dict = {
        **Pipeline._parameter_constraints,
        "transform_input": [list, None],
        "on_leak": [StrOptions(set(ON_LEAK_MODES))],
        "pretrained": [list, tuple],
    }

    def __init__(
        self,
        steps,
        *,
        on_leak="raise",
        pretrained=(),
        memory=None,
        verbose=False,
        transform_input=None,
    ):
        # Set directly rather than through Pipeline.__init__, whose signature
        # lacks transform_input before scikit-learn 1.6.
        self.steps = steps
        self.on_leak = on_leak
        self.pretrained = pretrained
        self.memory = memory
        self.verbose = verbose
        self.transform_input = transform_input

    @property
    def train_duplicate_rate_(self):
        """Fraction of the training rows that have a duplicate among them.

        Derived from ``train_fingerprints_``: None when the training rows were
        not fingerprinted (or in a slice that starts after the input).
        """
        fingerprints = self.train_fingerprints_  # AttributeError before fit
        if fingerprints is None:
            return None
        n_rows = len(fingerprints)
        return self._n_duplicated_training_rows / n_rows if n_rows else 0.0

    # ------------------------------------------------------------------
    # Slicing keeps the class, the settings and what the fit recorded.

    def __getitem__(self, ind):
        """Return a sub-pipeline (for a slice) or a single step.

        A slice is a ``GuardedPipeline`` with the same settings (``on_leak``,
        ``memory``, ``verbose``, ``transform_input`` and the ``pretrained``
        names it contains) and the fit records of its steps. It shares the step
        objects with this pipeline, as ``Pipeline`` slices do. A slice starting
        at the first step keeps the training-row fingerprints; a later slice
        takes transformed input, so its evaluation rows are not checked.

        Parameters
        ----------
        ind : int, str or slice
            Position, name, or slice of steps.

        Returns
        -------
        step_or_pipeline : estimator or GuardedPipeline
            The step, or the sub-pipeline.
        """
        if not isinstance(ind, slice):
            return super().__getitem__(ind)
        if ind.step not in (1, None):
            raise ValueError("Pipeline slicing only supports a step of 1")
        params = self.get_params(deep=False)
        params["steps"] = self.steps[ind]
        kept = {name for name, _ in params["steps"]}
        if isinstance(self.pretrained, (list, tuple)):
            params["pretrained"] = type(self.pretrained)(
                name for name in self.pretrained if name in kept
            )
        sub_pipeline = type(self)(**params)
        vars(sub_pipeline).update(slice_memory(self, ind, kept))
        return sub_pipeline

    # ------------------------------------------------------------------
    # Fit: fresh clones, pre-trained steps, row fingerprints.

    def _validated_steps(self):
        """Validate the steps as Pipeline does, naming the parameter in errors."""
        try:
            self._validate_steps()
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"Invalid 'steps' parameter of {type(self).__name__}: {exc}"
            ) from exc

    def _check_pretrained_names(self):
        names_of_steps = [name for name, _ in self.steps]
        unknown = [name for name in self.pretrained if name not in names_of_steps]
        if unknown:
            raise ValueError(
                f"Invalid 'pretrained' parameter of {type(self).__name__}: "
                f"{names(unknown)} {'is' if len(unknown) == 1 else 'are'} not "
                f"the name of a step; the steps are {names_of_steps}."
            )

    def _check_transform_input_support(self):
        if self.transform_input is not None and not PIPELINE_HAS_TRANSFORM_INPUT:
            raise ValueError(
                "The 'transform_input' parameter of GuardedPipeline requires "
                "scikit-learn >= 1.6."
            )

    def _start_fit(self, X, y, *, beside=True):
        """Check the steps and make fresh clones; start fingerprinting the
        training rows (with the classes of y, whose duplicates tell copies from
        natural ones).

        Returns X (materialised if an iterator), the rows to hand the steps and
        the pending training-rows result: with ``beside``, computed on a thread
        while the steps fit a protected view of X (see ``_beside``).
        """
        self._check_transform_input_support()
        self._validated_steps()
        self._check_pretrained_names()
        X = materialize(X)
        if beside:
            rows, pending = start_beside(
                X, training_rows_record_of, X, y, low_priority=True
            )
        else:
            rows, pending = X, Done(training_rows_record_of, X, y)

        fresh_steps, records, frozen, summary = fresh_start_records(
            self.steps,
            X,
            n_rows_of(X),
            previously_fitted=getattr(self, "_guarded_steps", ()),
            pretrained=self.pretrained,
        )
        self.leak_checks_ = records
        leaks = leaks_in(records)
        if leaks:
            pending.result()  # the thread ends before the error leaves
            # Frames: _react, _start_fit, fit, the _fit_context wrapper, caller.
            self._react(leaks, stacklevel=5)

        self.steps = fresh_steps
        # Recorded before fitting: if the fit fails half-way, the steps it did
        # fit are still known as this pipeline's own at the next fit. The
        # training rows are recorded by _training_rows once they are read.
        vars(self).update(
            fit_memory(fresh_steps, TrainingRows(None, 0, None), frozen, summary)
        )
        return X, rows, pending

    @contextlib.contextmanager
    def _training_rows(self, pending):
        """Fit inside: record the training rows when they are read, also when
        the fit fails (the thread is always waited for)."""
        try:
            yield
        finally:
            training, n_duplicated, by_class, rows_record = pending.result()
            self.leak_checks_.append(rows_record)
            vars(self).update(
                training_memory(TrainingRows(training, n_duplicated, by_class))
            )
        # Frames: _training_rows, contextmanager's __exit__, fit, its
        # _fit_context wrapper, the caller.
        self._warn_not_fingerprinted(rows_record, stacklevel=5)

    def _finish_fit(self, X):
        # With memory caching, the fitted steps are new objects.
        self._guarded_steps = tuple(step for _, step in self.steps)
        pending = self.__dict__.pop("_pending_frozen", [])
        add_frozen_input_summaries(self._frozen_input_summaries, self.steps, X, pending)

    @contextlib.contextmanager
    def _fitting(self):
        self._fit_in_progress = True
        try:
            yield
        finally:
            self._fit_in_progress = False

    @_fit_context(
        # the steps are validated when they are fitted
        prefer_skip_nested_validation=False
    )
    def fit(self, X, y=None, **params):
        """Fit fresh clones of the steps on X, after checking them for leaks.

        Every step is cloned and fitted from scratch; a pre-trained step that
        is not declared in ``pretrained`` is refused (see the class
        documentation). The training rows are fingerprinted for the checks made
        at evaluation.

        Parameters
        ----------
        X : iterable
            Training data. Must fulfill input requirements of the first step.

        y : iterable, default=None
            Training targets.

        **params : dict of str -> object
            Parameters passed to the steps, as in
            :meth:`sklearn.pipeline.Pipeline.fit` (``step__param`` names, or
            routed metadata when metadata routing is enabled).

        Returns
        -------
        self : object
            The pipeline, with fitted steps.

        Raises
        ------
        LeakageError
            If a step is pre-trained and ``on_leak="raise"``.
        """
        X, rows, pending = self._start_fit(X, y)
        with self._fitting(), self._training_rows(pending), explained_writes(rows, X):
            super().fit(rows, y, **params)
        self._finish_fit(X)
        return self

    @available_if(can_fit_transform)
    @_fit_context(prefer_skip_nested_validation=False)
    def fit_transform(self, X, y=None, **params):
        """Fit fresh clones of the steps, then transform X with the final step.

        The ``fit_transform`` of each step is used where it exists, so steps whose
        ``fit_transform`` differs from ``fit`` then ``transform`` (such as
        :class:`~sklearn.preprocessing.TargetEncoder`, which cross-fits) keep
        their behaviour.

        Parameters
        ----------
        X : iterable
            Training data.

        y : iterable, default=None
            Training targets.

        **params : dict of str -> object
            Parameters passed to the steps, as in
            :meth:`sklearn.pipeline.Pipeline.fit_transform`.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_transformed_features)
            Transformed samples.
        """
        X, rows, pending = self._start_fit(X, y, beside=False)
        with self._fitting(), self._training_rows(pending):
            Xt = super().fit_transform(rows, y, **params)
        self._finish_fit(X)
        return Xt

    @available_if(final_estimator_has("fit_predict"))
    @_fit_context(prefer_skip_nested_validation=False)
    def fit_predict(self, X, y=None, **params):
        """Fit fresh clones of the steps, then ``fit_predict`` with the final step.

        Parameters
        ----------
        X : iterable
            Training data.

        y : iterable, default=None
            Training targets.

        **params : dict of str -> object
            Parameters passed to the steps, as in
            :meth:`sklearn.pipeline.Pipeline.fit_predict`.

        Returns
        -------
        y_pred : ndarray
            Result of ``fit_predict`` of the final step.
        """
        X, rows, pending = self._start_fit(X, y)
        with self._fitting(), self._training_rows(pending), explained_writes(rows, X):
            y_pred = super().fit_predict(rows, y, **params)
        self._finish_fit(X)
        return y_pred


def make_guarded_pipeline(
    *steps,
    on_leak="raise",
    pretrained=(),
    memory=None,
    transform_input=None,
    verbose=False,
):
    """Construct a :class:`GuardedPipeline` from estimators, naming them automatically.

    This is :func:`sklearn.pipeline.make_pipeline` for :class:`GuardedPipeline`:
    each step is named after its class in lowercase (with a numeric suffix when
    a class appears twice).

    Parameters
    ----------
    *steps : list of estimators
        The estimators chained together.

    on_leak : {"raise", "warn", "ignore"}, default="raise"
        What to do on a leak; see :class:`GuardedPipeline`.

    pretrained : list or tuple of str, default=()
        Names (as generated, e.g. ``"frozenestimator"``) of the steps allowed to
        carry state learned before the pipeline's fit; see
        :class:`GuardedPipeline`.

    memory : str or object with the joblib.Memory interface, default=None
        Used to cache the fitted transformers.

    transform_input : list of str, default=None
        Names of the metadata parameters of ``fit`` to be transformed by the
        steps before the step that consumes them; see :class:`GuardedPipeline`.

    verbose : bool, default=False
        If True, the time elapsed while fitting each step is printed.

    Returns
    -------
    pipeline : GuardedPipeline
        The guarded pipeline.

    See Also
    --------
    GuardedPipeline : The pipeline class, with step names of your choice.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.preprocessing import StandardScaler
    >>> from safesplit import make_guarded_pipeline
    >>> make_guarded_pipeline(StandardScaler(), LogisticRegression(), on_leak="warn")
    GuardedPipeline(on_leak='warn',
                    steps=[('standardscaler', StandardScaler()),
                           ('logisticregression', LogisticRegression())])
    """
    named_steps = make_pipeline(*steps).steps
    return GuardedPipeline(
        named_steps,
        on_leak=on_leak,
        pretrained=pretrained,
        memory=memory,
        verbose=verbose,
        transform_input=transform_input,
    )
