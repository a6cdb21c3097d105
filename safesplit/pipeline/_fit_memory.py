"""What a GuardedPipeline remembers from its fit, for its checks at evaluation.

The functions return the attributes to set on the pipeline, by name, so that
every attribute of the guard's state is listed here:

- ``_guarded_steps``: the step objects this pipeline fitted (compared by
  identity): a fitted step that is not among them at evaluation was put in
  after the fit. Its presence also says that the pipeline was fitted by
  ``GuardedPipeline.fit``.
- ``train_fingerprints_``: sorted fingerprints of the training rows; None if
  they could not be fingerprinted, or in a slice that starts after the input.
  Whether evaluation rows can be checked is derived from it, never stored.
- ``_n_duplicated_training_rows``: how many training rows have a duplicate among
  them, which sets the rate of the overlap test; ``train_duplicate_rate_`` is
  derived from it and the fingerprints.
- ``_class_duplicates``: the training rows and their duplicated rows counted by
  class (a :class:`~._records.ClassDuplicates`), or None without duplicates or
  classes: copies concentrated in one class are not natural duplicates.
- ``_frozen_input_summaries``: for each frozen step, the column summary of its
  input at fit, against which its statistics are compared at evaluation.
- ``_pending_frozen``: the frozen steps whose input is known only once the
  steps before them are fitted (removed by :func:`add_frozen_input_summaries`).
- ``_fit_in_progress``: True while ``Pipeline``'s own fit runs; the evaluation
  methods called meanwhile (on metadata, by ``transform_input``) check nothing.
  A slice taken then inherits it.
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

from safesplit.pipeline._evidence import column_summary, input_of_step


def fit_memory(fresh_steps, training, frozen, first_summary):
    """The state that a fit starting with ``fresh_steps`` keeps.

    ``training`` is the :class:`~._records.TrainingRows` of the fit (its
    fingerprints None when the rows could not be fingerprinted); ``frozen`` the
    ``(index, name)`` of the frozen steps; ``first_summary`` the column summary
    of X, if it was taken.
    """
    # Statistics of each frozen step's input, for the proof at evaluation:
    # known now for the first step, after the fit for later ones.
    summaries = {}
    if frozen and frozen[0][0] == 0 and first_summary is not None:
        summaries[frozen[0][1]] = first_summary
    return {
        "_guarded_steps": tuple(step for _, step in fresh_steps),
        **training_memory(training),
        "_frozen_input_summaries": summaries,
        "_pending_frozen": frozen,
    }


def training_memory(training):
    """What the fit keeps of its training rows (a :class:`~._records.TrainingRows`)."""
    return {
        "train_fingerprints_": training.fingerprints,
        "_n_duplicated_training_rows": training.n_duplicated,
        "_class_duplicates": training.by_class,
    }


def add_frozen_input_summaries(summaries, steps, X, pending):
    """Add to ``summaries`` those of the inputs of the ``pending`` frozen steps,
    now that the steps before them are fitted."""
    for index, name in pending:
        if name in summaries:
            continue
        try:
            step_input = input_of_step(steps, X, index)
        except Exception:  # statistics are evidence when available, no more
            continue
        summary = column_summary(step_input)
        if summary is not None:
            summaries[name] = summary


def slice_memory(parent, ind, names):
    """The state a slice ``parent[ind]`` (with the steps ``names``) inherits.

    The fit records of its steps; the training fingerprints only if the slice
    starts at the input: a later slice takes transformed rows.
    """
    # A slice taken while the parent fits (transform_input does so) is used
    # on metadata, not on evaluation rows: it checks nothing.
    memory = {"_fit_in_progress": getattr(parent, "_fit_in_progress", False)}
    if not hasattr(parent, "_guarded_steps"):
        return memory
    starts_at_input = ind.indices(len(parent.steps))[0] == 0
    memory.update(
        {
            "_guarded_steps": parent._guarded_steps,
            "leak_checks_": [
                record
                for record in parent.leak_checks_
                if record["method"] == "fit"
                and (record["step"] is None or record["step"] in names)
            ],
            "train_fingerprints_": (
                parent.train_fingerprints_ if starts_at_input else None
            ),
            "_n_duplicated_training_rows": parent._n_duplicated_training_rows,
            "_class_duplicates": getattr(parent, "_class_duplicates", None),
            "_frozen_input_summaries": {
                name: summary
                for name, summary in parent._frozen_input_summaries.items()
                if starts_at_input and name in names
            },
        }
    )
    return memory
