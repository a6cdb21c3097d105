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


def check_axes(ax, name="ax"):
    """Refuse an ``ax`` that is neither None nor a matplotlib Axes (matplotlib is
    imported by then)."""
    from matplotlib.axes import Axes

    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(
            f"{name} must be a matplotlib Axes (from plt.subplots()) or None for a "
            f"new figure, got {type(ax).__name__}."
        )
    return ax
