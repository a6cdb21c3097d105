"""``python -m safesplit``: the same command line as ``safesplit``."""

import sys

from safesplit._cli import main

if __name__ == "__main__":
    sys.exit(main())
