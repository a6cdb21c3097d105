"""The guard's pass over the rows, run beside the steps' own work on them.

Fingerprinting the rows (and sorting or looking up the fingerprints) reads
them once. Done first, in the calling thread, that read adds its whole time to
every fit and every evaluation; a fit or a prediction rarely keeps a second
core busy, so the guard reads the rows on a thread of its own while the steps
work, and waits for it before the method returns. Beside a fit, which is long
and often leaves a core idle between its own parallel parts, the thread takes
the lowest priority (where the system allows it), so that it uses idle time
and never slows the fit; beside a prediction, which is short, it shares the
cores as an equal.

Meanwhile the steps must not change the values being read. They are handed
rows that they cannot write through: a read-only view of an ndarray, or a
shallow copy of a pandas DataFrame under copy-on-write (a step that writes to
it writes to its own copy). scikit-learn's estimators accept read-only input,
as joblib's memory-mapped arrays already require of them, and those that work
in place (``copy=False``) copy read-only input first. Other inputs (lists,
sparse matrices, polars frames, pandas without copy-on-write) are read before
the steps run, as before.
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import contextlib
import os
import threading

import numpy as np
import pandas as pd

from safesplit._fingerprint import one_thread

# Below this many values the rows are read before the steps run: starting a
# thread costs about as much as reading that many values.
BESIDE_MIN_VALUES = 1 << 17


def _copy_on_write():
    """Whether pandas copies shared data before a write: always from pandas 3
    (whose option is deprecated, so it is not read there), by option before."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return True
    return pd.options.mode.copy_on_write is True


def protected_rows(X):
    """X as the steps may see it while the guard reads it, or None when X cannot
    be protected from writes.

    A read-only view of an ndarray (the caller's array keeps its flags), or a
    shallow copy of a pandas DataFrame under copy-on-write.
    """
    if type(X) is np.ndarray:
        view = X.view()
        view.flags.writeable = False
        return view
    if type(X) is pd.DataFrame and _copy_on_write():
        return X.copy(deep=False)
    return None


def worth_a_thread(X):
    """Whether X holds enough values for reading it on a thread to pay."""
    shape = getattr(X, "shape", ())
    return int(np.prod(shape, dtype=np.int64)) >= BESIDE_MIN_VALUES


def _yield_to_the_steps():
    """Give this thread the lowest priority, where the system allows it: it
    then reads the rows when the steps leave a core idle, and runs at full
    speed only once the method waits for it."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):  # not Linux, or not permitted
        pass


class Beside:
    """``function(*args)`` run on a thread of its own; :meth:`result` waits for
    it and returns what it returned, or raises what it raised."""

    def __init__(self, function, *args, low_priority=False):
        self._outcome = None
        self._thread = threading.Thread(
            target=self._run,
            args=(function, args, low_priority),
            name="safesplit-guard",
        )
        self._thread.start()

    def _run(self, function, args, low_priority):
        if low_priority:
            _yield_to_the_steps()
        try:
            # One thread: the calling thread keeps a core busy with the steps.
            with one_thread():
                self._outcome = (True, function(*args))
        except BaseException as exc:  # handed to the caller by result()
            self._outcome = (False, exc)

    def result(self):
        self._thread.join()
        succeeded, value = self._outcome
        if not succeeded:
            raise value
        return value


class Done:
    """A result computed already, with the interface of :class:`Beside`."""

    def __init__(self, function, *args):
        self._value = function(*args)

    def result(self):
        return self._value


def start_beside(X, function, *args, low_priority=False):
    """``(rows for the steps, pending result of function(*args))``.

    ``function`` runs on its own thread when X can be protected and is large
    enough; otherwise it runs now and the steps get X itself.
    """
    rows = protected_rows(X)
    if rows is None:
        return X, Done(function, *args)
    if not worth_a_thread(X):
        return rows, Done(function, *args)
    return rows, Beside(function, *args, low_priority=low_priority)


@contextlib.contextmanager
def explained_writes(rows, X):
    """Inside: the steps work on ``rows``; a step that fails writing to them
    because they are a read-only view of X gets an error that says why."""
    try:
        yield
    except ValueError as exc:
        if rows is X or "read-only" not in str(exc):
            raise
        raise ValueError(
            "A step wrote into its input X, which GuardedPipeline hands to the "
            "steps read-only while it fingerprints the rows (so that no step "
            "changes the rows being read). Make the step copy its input before "
            "writing to it, as scikit-learn's own steps do with copy=False "
            f"(numpy said: {exc})."
        ) from exc
