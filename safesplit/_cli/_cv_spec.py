"""``--cv SPEC``: the validation to audit, named on the command line."""

import re

from safesplit._cli._errors import UserError

CV_GRAMMAR = """\
--cv SPEC, SPEC = NAME[:N][,KEY=VALUE...]  (N = number of splits, default 5)
  auto               what a careful user would choose (the default): purged
                     K-fold when --time is given, grouped K-fold with --group,
                     stratified K-fold for classes, shuffled K-fold otherwise
  kfold              KFold(N), rows in file order (in time order with --time)
  shuffled-kfold     KFold(N, shuffle=True)
  stratified         StratifiedKFold(N, shuffle=True)
  group              GroupKFold(N) over --group
  stratified-group   StratifiedGroupKFold(N, shuffle=True) over --group
  timeseries         TimeSeriesSplit(N); keys: gap (rows)
  purged             PurgedKFold(N) over --time; keys: horizon, embargo
  walk-forward       WalkForward(N) over --time; keys: horizon, gap,
                     test_size, train_size
  VALUE: an int (periods), a float in (0, 1) (embargo: a fraction of periods)
  or a duration such as 5D or 12h.
  Examples: purged:5,embargo=5D   walk-forward:8,horizon=10D   group:10"""

_CV_NAMES = (
    "auto",
    "kfold",
    "shuffled-kfold",
    "stratified",
    "group",
    "stratified-group",
    "timeseries",
    "purged",
    "walk-forward",
)
_CV_KEYS = {
    "timeseries": ("gap",),
    "purged": ("horizon", "embargo"),
    "walk-forward": ("horizon", "gap", "test_size", "train_size"),
}
_SPEC = re.compile(
    r"^(?P<name>[a-z-]+)(?::(?P<n>[^,]*))?(?P<rest>(?:,[^,]*)*)$", re.IGNORECASE
)


def _spec_value(text, key, spec):
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", text):
        return float(text)
    import pandas as pd

    try:
        value = pd.Timedelta(text)
    except (ValueError, TypeError):
        raise UserError(
            f"bad --cv {spec!r}: {key}={text!r} is neither an int, a fraction nor "
            "a duration such as 5D"
        ) from None
    if pd.isna(value):
        raise UserError(f"bad --cv {spec!r}: {key} must not be NaT")
    return text


def _check_row_gap(params, spec):
    """TimeSeriesSplit counts its gap in rows and does not check it: a negative
    gap tests rows it trains on, a float or duration fails inside it."""
    gap = params.get("gap", 0)
    if not isinstance(gap, int) or gap < 0:
        raise UserError(
            f"bad --cv {spec!r}: gap must be an int >= 0 (rows left out between "
            f"training and test), got {gap!r}"
        )


def parse_cv_spec(spec, *, random_state=0, has_time=False, has_group=False):
    """Turn a ``--cv`` SPEC into a splitter (None for ``auto``) and ``n_splits``.

    Examples
    --------
    >>> from safesplit._cli import parse_cv_spec
    >>> parse_cv_spec("purged:4,embargo=5D", has_time=True)
    (PurgedKFold(embargo='5D', horizon=0, n_splits=4, time_column=None), 4)
    >>> parse_cv_spec("auto")
    (None, None)
    """
    match = _SPEC.match(spec.strip()) if spec else None
    if match is None or match["name"].lower() not in _CV_NAMES:
        raise UserError(
            f"bad --cv {spec!r}: expected NAME[:N][,KEY=VALUE...] with NAME one of "
            f"{', '.join(_CV_NAMES)} (see safesplit audit --help)"
        )
    name = match["name"].lower()
    n_splits = None
    if match["n"] is not None:
        if not re.fullmatch(r"\d+", match["n"]) or int(match["n"]) < 2:
            raise UserError(
                f"bad --cv {spec!r}: the number of splits must be an int >= 2, got "
                f"{match['n']!r}"
            )
        n_splits = int(match["n"])
    params = {}
    for item in filter(None, match["rest"].split(",")):
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        allowed = _CV_KEYS.get(name, ())
        if not sep or key not in allowed:
            raise UserError(
                f"bad --cv {spec!r}: {item!r} is not a KEY=VALUE that {name} takes"
                + (f" ({', '.join(allowed)})" if allowed else " (it takes none)")
            )
        params[key] = _spec_value(value, key, spec)
    if name == "timeseries":
        _check_row_gap(params, spec)
    if name == "auto":
        return None, n_splits
    k = 5 if n_splits is None else n_splits
    if name in ("group", "stratified-group") and not has_group:
        raise UserError(f"--cv {name} needs --group COL (the entity column)")
    if name in ("purged", "walk-forward") and not has_time:
        raise UserError(f"--cv {name} needs --time COL (the time column)")
    from sklearn.model_selection import (
        GroupKFold,
        KFold,
        StratifiedGroupKFold,
        StratifiedKFold,
        TimeSeriesSplit,
    )

    from safesplit import PurgedKFold, WalkForward

    try:
        cv = {
            "kfold": lambda: KFold(k),
            "shuffled-kfold": lambda: KFold(k, shuffle=True, random_state=random_state),
            "stratified": lambda: StratifiedKFold(
                k, shuffle=True, random_state=random_state
            ),
            "group": lambda: GroupKFold(k),
            "stratified-group": lambda: StratifiedGroupKFold(
                k, shuffle=True, random_state=random_state
            ),
            "timeseries": lambda: TimeSeriesSplit(k, **params),
            "purged": lambda: PurgedKFold(k, **params),
            "walk-forward": lambda: WalkForward(k, **params),
        }[name]()  # every splitter validates its parameters at construction
    except (TypeError, ValueError) as exc:
        raise UserError(f"bad --cv {spec!r}: {exc}") from None
    return cv, k
