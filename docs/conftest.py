"""pytest runs the examples of the pages in docs/; it skips what Sphinx reads or
writes: the Sphinx configuration (it sets environment variables for the build) and
the built site, the generated API pages and the gallery sphinx-gallery writes."""

collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*", "generated/*", "auto_examples/*"]
