"""The corpus holds scripts and notebooks to be read, never imported or run."""

collect_ignore_glob = ["corpus/*"]
