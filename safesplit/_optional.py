"""Optional dependencies, imported only when a feature needs them."""


def pyplot():
    """``matplotlib.pyplot``, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Plotting needs matplotlib, which is not installed. Install the plot "
            "extra: pip install 'safesplit-cv[plot]' (or pip install matplotlib)."
        ) from exc
    return plt
