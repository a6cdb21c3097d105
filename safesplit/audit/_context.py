"""The audit context: the validated inputs, built once, and everything the checks
derive from them (splits, column screens, model skills), computed on first use and
cached, so that checks can ask for what they need in any order."""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from sklearn.metrics import get_scorer

from safesplit._validation import check_n_jobs, check_random_state, check_scoring
from safesplit.audit._columns import profile_column
from safesplit.audit._cv import (
    AuditedCV,
    SplitInputs,
    SplitRoles,
    resolve_cv,
    split,
    split_roles,
)
from safesplit.audit._input_checks import (
    check_auditable,
    check_estimator_for_task,
    check_feature_columns,
    check_features_given,
    check_target_given,
)
from safesplit.audit._inputs import (
    RowSamples,
    Target,
    Times,
    as_frame,
    as_new_frame,
    draw_row_samples,
    entity_group_codes,
    prepare_target,
    resolve_times,
    seed_from,
)
from safesplit.audit._progress import Progress
from safesplit.audit._screen import ROW_ORDER, screen_columns
from safesplit.audit._shift import codes_like, column_shift, sorted_values, transport
from safesplit.audit._skills import (
    CrossFit,
    coded_matrix,
    default_estimator,
    mean_se,
    model_bins,
    null_se,
)


@dataclass(frozen=True)
class ModelSkill:
    """Out-of-fold skill of the multi-column model on the audited validation.

    Attributes
    ----------
    per_split : ndarray
        Skill on each split of the model rows.
    mean, se : float
        Their mean and its standard error.
    user_scores : ndarray or None
        The user's ``scoring`` on each split; None without ``scoring``.
    """

    per_split: np.ndarray
    mean: float
    se: float
    user_scores: np.ndarray | None


@dataclass(frozen=True)
class _Splits:
    roles: SplitRoles
    screen: list
    model: list


@dataclass(frozen=True, eq=False)
class AuditContext:
    """What every check reads: the inputs of one audit and what follows from them.

    Build it with :meth:`build`. Fields are set once; derived data (column
    profiles, splits, single-column screens, the model's skill) are cached
    properties, computed when a check first asks for them.

    Attributes
    ----------
    frame : pandas.DataFrame
        ``X`` as a DataFrame (``X`` itself when it is one), every column; a
        user's estimator receives its rows.
    columns : list
        The feature columns (the splitter's ``time_column`` is not one).
    target : Target
    times : Times
    group_codes : ndarray or None
        Entity group of each row, as integer codes.
    n_groups : int
    seed : int
        Seed of the row samples, shuffled folds and default model.
    rows : RowSamples
    cv : AuditedCV
    estimator : estimator or None
        The user's model; None for the default one.
    scoring : str or callable or None
    n_jobs : int or None
    progress : Progress
    new_frame : pandas.DataFrame or None
        ``X_new``, the rows at prediction time, with ``frame``'s columns; None
        without it.
    """

    frame: pd.DataFrame
    columns: list
    target: Target
    times: Times
    group_codes: np.ndarray | None
    n_groups: int
    seed: int
    rows: RowSamples
    cv: AuditedCV
    estimator: object
    scoring: object
    n_jobs: int | None
    progress: Progress
    new_frame: pd.DataFrame | None = None

    @classmethod
    def build(
        cls,
        X,
        y,
        *,
        cv,
        groups,
        times,
        end_times,
        estimator,
        scoring,
        random_state,
        n_jobs,
        progress,
        X_new=None,
    ):
        """Validate the inputs of :func:`~safesplit.audit` into a context.

        Raises
        ------
        ValueError, TypeError
            With the inputs' first problem, in the order: ``X``, ``y``, times,
            groups, ``cv``, ``X_new``.
        """
        check_features_given(X)
        frame = as_frame(X)
        n_rows = frame.shape[0]
        target = prepare_target(check_target_given(y, X), n_rows)
        check_auditable(target, n_rows)
        check_estimator_for_task(estimator, target)
        check_scoring(scoring)
        check_n_jobs(n_jobs)
        seed = seed_from(check_random_state(random_state))
        resolved_times = resolve_times(X, cv, times, end_times)
        group_codes, n_groups = entity_group_codes(groups, n_rows, X)
        rows = draw_row_samples(n_rows, seed, frame.shape[1])
        audited_cv = resolve_cv(
            cv,
            target,
            n_rows,
            has_times=resolved_times.known,
            group_codes=group_codes,
            seed=seed,
            timeline=resolved_times.timeline,
        )
        columns = [c for c in frame.columns if c != resolved_times.column]
        check_feature_columns(frame, columns)
        new_frame = as_new_frame(X_new, frame)
        return cls(
            frame=frame,
            columns=columns,
            target=target,
            times=resolved_times,
            group_codes=group_codes,
            n_groups=n_groups,
            seed=seed,
            rows=rows,
            cv=audited_cv,
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            progress=progress,
            new_frame=new_frame,
        )

    def has_computed(self, name):
        """Whether the cached property ``name`` was computed already."""
        return name in self.__dict__

    @property
    def n_rows(self):
        return self.frame.shape[0]

    @property
    def task(self):
        return self.target.task

    # ----------------------------------------------------------------------------------
    # Columns and splits.

    @cached_property
    def profiles(self):
        """:class:`~safesplit.audit._columns.ColumnProfile` of each feature column."""
        self.progress(
            f"{self.n_rows:,} rows x {len(self.columns)} columns: profiling columns"
        )
        return {
            name: profile_column(name, self.frame[name], self.rows.profile)
            for name in self.columns
        }

    @cached_property
    def split_inputs(self):
        """The arguments of ``cv.split`` for every row (the entity groups only when
        the audited splitter is to keep entities apart)."""
        times = self.times
        return SplitInputs(
            self.frame,
            self.target.for_splitters,
            self.group_codes if self.cv.passes_groups else None,
            times.values,
            times.end_values,
        )

    @cached_property
    def model_split_inputs(self):
        """The arguments of ``cv.split`` for the model rows."""
        return self.split_inputs.of_rows(self.rows.model)

    @cached_property
    def _splits(self):
        # All splits of the audited cv are drawn together, in one order, so that a
        # splitter with a random state of its own gives the same folds whichever
        # check asks first.
        self.progress(f"splitting the data with {self.cv.text}")
        roles = split_roles(self.cv.splitter, self.split_inputs, self.cv.text)
        screen = split(self.cv.splitter, self.split_inputs.of_rows(self.rows.screen))
        model = split(self.cv.splitter, self.model_split_inputs)
        return _Splits(roles, screen, model)

    @property
    def roles(self):
        """:class:`~safesplit.audit._cv.SplitRoles` of every row."""
        return self._splits.roles

    @property
    def screen_splits(self):
        """Splits of the screen sample, ``[(train, test), ...]``."""
        return self._splits.screen

    @property
    def model_splits(self):
        """Splits of the model sample, ``[(train, test), ...]``."""
        return self._splits.model

    # ----------------------------------------------------------------------------------
    # Skills.

    @cached_property
    def null_se(self):
        """Standard error of skill without signal, on the screen sample."""
        return null_se(self.target.y[self.rows.screen], self.task)

    @cached_property
    def single(self):
        """Skill of each column alone: ``{column: (mean, se, per split)}``.

        The row position is screened too (key ``ROW_ORDER``) unless the rows are
        already in time order.
        """
        self.progress("screening single columns")
        rows = self.rows.screen
        return screen_columns(
            self.frame,
            self.profiles,
            rows,
            self.target.y[rows],
            self.task,
            self.target.n_classes,
            self.screen_splits,
            row_order=not self.times.known or self.roles.timeline.order is not None,
        )

    @cached_property
    def _coded(self):
        return coded_matrix(self.frame, self.profiles, self.rows.model)

    @property
    def default_model(self):
        """Whether the audit fits its own model (no ``estimator`` was given)."""
        return self.estimator is None

    @cached_property
    def model(self):
        """The multi-column model on the model rows, as a :class:`CrossFit`: the
        default one on coded columns, or the user's on ``X``'s rows as given."""
        if self.default_model:
            matrix, categorical = self._coded
            estimator = default_estimator(
                self.task, self.seed, categorical, self.target.n_classes, self._bins
            )
            return self._cross_fit(estimator, matrix)
        return self._cross_fit(
            self.estimator, self.frame.iloc[self.rows.model], self.target.labels
        )

    def _cross_fit(self, estimator, X, labels=None):
        return CrossFit(
            estimator,
            X,
            self.target.y[self.rows.model],
            self.task,
            self.target.n_classes,
            labels,
            self.n_jobs,
        )

    @property
    def model_text(self):
        """How the summary describes the model."""
        estimator = self.model.estimator
        if self.default_model:
            return (
                f"{type(estimator).__name__}(max_iter={estimator.max_iter}, "
                f"max_leaf_nodes={estimator.max_leaf_nodes}) on coded columns"
            )
        return type(estimator).__name__

    # ----------------------------------------------------------------------------------
    # Fold models, kept, and what they say about single columns: the skill lost
    # without a column (refits, for a few candidates only), when its values are
    # scrambled (permutation) or as they are at prediction time (``X_new``); both
    # of the latter cost predictions only.

    @cached_property
    def fold_models(self):
        """The model fitted on each model split, see :meth:`CrossFit.fit_folds`."""
        self.progress(f"fitting the model on {self.rows.model.shape[0]:,} rows")
        return self.model.fit_folds(self.model_splits)

    @cached_property
    def model_skill(self):
        """:class:`ModelSkill` of the model on the audited validation."""
        scorer = None if self.scoring is None else get_scorer(self.scoring)
        skills, scores = self.model.evaluate(self.fold_models, scorer)
        mean, se = mean_se(skills)
        return ModelSkill(skills, mean, se, scores if scorer is not None else None)

    @cached_property
    def model_matrix(self):
        """The default model's coded columns of the model rows and which of them
        are categories: ``(matrix, categorical)``, columns in ``columns`` order."""
        return self._coded

    @cached_property
    def _bins(self):
        """Bins of every fit of the default model, see :func:`model_bins`."""
        return model_bins(*self._coded)

    @cached_property
    def _refits(self):
        return {}

    def _refit_without(self, drop):
        """``(CrossFit, fold models, kept column names)`` of the default model
        without the columns in ``drop``; None when no column is left. Fitted once
        per set of columns."""
        key = frozenset(drop)
        if key not in self._refits:
            keep = [j for j, name in enumerate(self.columns) if name not in key]
            refit = None
            if keep:
                matrix, categorical = self._coded
                estimator = default_estimator(
                    self.task,
                    self.seed,
                    categorical[keep],
                    self.target.n_classes,
                    self._bins,
                )
                fit = self._cross_fit(estimator, matrix[:, keep])
                kept = [self.columns[j] for j in keep]
                refit = (fit, fit.fit_folds(self.model_splits), kept)
            self._refits[key] = refit
        return self._refits[key]

    def skills_without(self, drop):
        """Skill of the default model on each audited split without the columns in
        ``drop`` (zeros when no column is left); fitted once per set."""
        key = frozenset(drop)
        if key not in self._skills_without:
            refit = self._refit_without(key)
            self._skills_without[key] = (
                np.zeros(len(self.model_splits))
                if refit is None
                else refit[0].evaluate(refit[1])[0]
            )
        return self._skills_without[key]

    @cached_property
    def _skills_without(self):
        return {}

    def skill_without(self, drop):
        """Mean skill of the default model on the audited validation without the
        columns in ``drop`` (0 when no column is left)."""
        return mean_se(self.skills_without(drop))[0]

    @cached_property
    def _permutation_skills(self):
        return {}

    def permutation_skills(self, name, without=()):
        """Skill on each split of the fitted fold models (of the audited model, or
        of the default model without the columns ``without``) when the test values
        of column ``name`` are shuffled among the test rows: no refit."""
        key = (name, frozenset(without))
        if key not in self._permutation_skills:
            rng = np.random.default_rng([self.seed, self.columns.index(name)])

            def shuffle(values, fold_index):
                return values[rng.permutation(values.shape[0])]

            self._permutation_skills[key] = self._skills_replacing(
                name, key[1], shuffle
            )
        return self._permutation_skills[key]

    def _skills_replacing(self, name, without, replace):
        """Skill per split of the fitted fold models (the audited model's, or the
        default model's without the columns ``without``) with the test values of
        column ``name`` replaced by ``replace(values, fold_index)``."""
        if without:
            fit, folds, kept = self._refit_without(without)
            column = kept.index(name)
        else:
            fit, folds = self.model, self.fold_models
            column = self.columns.index(name) if self.default_model else name
        return fit.evaluate(folds, column=column, replace=replace)[0]

    @cached_property
    def prediction_time_shifts(self):
        """``{column: ColumnShift}`` between the training rows (the model sample)
        and ``X_new`` (as many rows at most); empty without ``X_new``."""
        if self.new_frame is None:
            return {}
        self.progress(f"comparing {self.new_frame.shape[0]:,} rows at prediction time")
        # The model rows stand for the training data; as many new rows at most.
        train = self.frame.iloc[self.rows.model]
        new = self.new_frame
        if new.shape[0] > train.shape[0]:
            new = new.sample(train.shape[0], random_state=self.seed)
        return {
            name: column_shift(name, train[name], new[name], self.profiles[name].kind)
            for name in self.columns
        }

    @cached_property
    def _prediction_time_skills(self):
        return {}

    def prediction_time_skills(self, name, without=()):
        """Skill on each split of the fitted fold models (of the audited model, or
        of the default model without the columns ``without``) when column ``name``
        takes the distribution it has in ``X_new``, each test row keeping its rank
        (no refit): what the model keeps of its skill at prediction time."""
        key = (name, frozenset(without))
        if key not in self._prediction_time_skills:
            new_values = self.new_frame[name]
            if key[1] or self.default_model:
                train = self.frame[name].iloc[self.rows.model]
                coded = codes_like(train, new_values, self.profiles[name].kind)
                new_sorted = np.sort(coded)  # NaN last
            else:
                new_sorted = sorted_values(new_values)

            def move(values, fold_index):
                return transport(values, new_sorted)

            self._prediction_time_skills[key] = self._skills_replacing(
                name, key[1], move
            )
        return self._prediction_time_skills[key]

    # ----------------------------------------------------------------------------------

    def strongest_single_columns(self, n):
        """The ``n`` columns with the highest skill alone, best first."""
        return sorted(
            (
                (name, value[0])
                for name, value in self.single.items()
                if name != ROW_ORDER and not np.isnan(value[0])
            ),
            key=lambda item: -item[1],
        )[:n]
