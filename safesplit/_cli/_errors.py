"""The command line's own error: a mistake in the command or its input."""


class UserError(Exception):
    """A mistake in the command or its input: reported in one line, exit 2."""
