"""Progress of an audit on stderr, only when asked or when the audit turns out slow."""

import sys
import time

# Audits that take longer than this show what they are doing; quicker ones stay
# silent (a notebook cell or a CI log need no chatter for a 1-second audit).
PROGRESS_AFTER_SECONDS = 2.0


class Progress:
    """Print timed progress lines to stderr.

    Parameters
    ----------
    verbose : bool
        Print every message; otherwise only those after ``PROGRESS_AFTER_SECONDS``,
        so that quick audits stay silent.
    """

    def __init__(self, verbose):
        self.verbose = bool(verbose)
        self.start = time.perf_counter()
        self.shown = False

    def __call__(self, message):
        elapsed = time.perf_counter() - self.start
        if self.verbose or elapsed > PROGRESS_AFTER_SECONDS:
            print(
                f"[safesplit audit {elapsed:5.1f}s] {message}",
                file=sys.stderr,
                flush=True,
            )
            self.shown = True

    @property
    def elapsed(self):
        """Seconds since the audit started."""
        return time.perf_counter() - self.start
