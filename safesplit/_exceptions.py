"""Errors and warnings shared by every part of safesplit."""


class LeakageError(ValueError):
    """Raised when safesplit finds that data leaked between training and evaluation.

    It is a :class:`ValueError`, so code that already catches bad-input errors
    keeps working; catch ``LeakageError`` to handle leaks on their own.

    Examples
    --------
    >>> from safesplit import LeakageError
    >>> issubclass(LeakageError, ValueError)
    True
    """


class LeakageWarning(UserWarning):
    """Warned when safesplit finds leakage and was asked to warn instead of raise.

    Examples
    --------
    >>> import warnings
    >>> from safesplit import LeakageWarning
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("scaler fitted on test rows", LeakageWarning)
    >>> caught[0].category.__name__
    'LeakageWarning'
    """
