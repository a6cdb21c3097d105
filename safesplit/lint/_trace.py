"""What the flow analysis observed, for the rules to judge.

The analysis does not decide what is a leak: it records neutral events (a statistic
met held-out rows, a model was scored on some rows, scores were compared, rows were
split for validation, a search's best score was read) and each rule reads the ones
it needs.
"""

from dataclasses import dataclass, field

from safesplit.lint._values import EMPTY, is_held_out, rows_overlap


@dataclass(frozen=True)
class Exposure:
    """A value carrying ``taint`` held rows that validation holds out (``via``:
    ``"split"``, ``"index"``, ``"transform"``, ``"predict"``, ``"cv"`` or
    ``"evaluation"``), and the statistic was learned from some of them."""

    taint: object
    site: object
    via: str
    target: bool
    rows: frozenset


@dataclass
class Evaluation:
    """A model scored on ``rows`` (``via``: ``"score"``, ``"metric"`` or ``"cv"``).

    ``varies``: the enclosing loops in which the model changes; ``over_models``:
    those that iterate over several estimators.
    """

    id: int
    seq: int
    obj: object
    fit_rows: frozenset
    fit_site: object
    rows: frozenset
    site: object
    via: str
    loops: tuple = ()
    varies: frozenset = EMPTY
    over_models: frozenset = EMPTY

    @property
    def held_out(self):
        """Scored on rows the model did not learn from (and known rows)."""
        return (
            self.via != "cv"
            and bool(self.rows)
            and self.fit_rows is not None
            and not rows_overlap(self.rows, self.fit_rows)
        )


@dataclass(frozen=True)
class Selection:
    """Scores compared, ranked, plotted or reduced to a best one."""

    site: object
    evals: frozenset


@dataclass(frozen=True)
class SplitUse:
    """Rows split for validation: by ``train_test_split``, a cross-validation
    function or search, or a splitter's ``split``."""

    site: object
    fix_site: object
    how: str
    splitter: object  # the splitter's class name, or None for a default
    shuffled: bool
    ordered: bool  # keeps the future out of training
    time: object  # (Site, why) when the rows are shown to be in time order


@dataclass(frozen=True)
class ScoreRead:
    """A search's ``best_score_`` read."""

    site: object
    obj: object
    fit_rows: object
    fit_seq: int
    seq: int


@dataclass(frozen=True)
class EarlyStop:
    """A model fitted with early stopping on ``rows`` (``eval_set``,
    ``validation_data``)."""

    site: object
    obj: object
    rows: frozenset
    seq: int


@dataclass
class Trace:
    exposures: list = field(default_factory=list)
    evaluations: list = field(default_factory=list)
    selections: list = field(default_factory=list)
    splits: list = field(default_factory=list)
    score_reads: list = field(default_factory=list)
    early_stops: list = field(default_factory=list)
    seq: int = 0

    def tick(self):
        self.seq += 1
        return self.seq

    def expose(self, value, site, via, learned=None):
        """Record the taints of ``value`` that meet its held-out rows.

        For ``via="cv"`` every row is held out in some fold; for
        ``"evaluation"`` the rows the model did not learn from (``learned``);
        otherwise the held-out parts of splits.
        """
        if not value.taints or not value.rows:
            return
        if via == "cv":
            held = value.rows
        elif via == "evaluation":
            held = frozenset(
                atom
                for atom in value.rows
                if learned is None or not rows_overlap({atom}, learned)
            )
        else:
            held = frozenset(atom for atom in value.rows if is_held_out(atom))
        if not held:
            return
        for taint in value.taints:
            if rows_overlap(taint.rows, held):
                self.exposures.append(
                    Exposure(taint, site, via, value.target, value.rows)
                )
