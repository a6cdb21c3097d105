"""
The command line in CI: exit codes and JSON
===========================================

``safesplit audit FILE --target COL`` audits a CSV or Parquet file and exits with
status 0 when no finding reaches ``--fail-on`` (default: high), 1 when one does, and 2
for a usage or input error, so a CI step fails on a leaky data set. ``--format json``
writes the versioned report (see :doc:`/report_schema`) for a script to read,
``--format html`` the page to keep as an artefact, and ``--plot`` a figure of the
splits and findings.

A CI job runs, for example::

    safesplit audit data/leads.csv --target converted --time created_at \\
        --group customer_id --format html --output audit.html --fail-on high

Here we run the same command from Python, on a file written from the lead-scoring
data, before and after the fix.
"""

# %%
# A data set on disk
# ------------------
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

from safesplit._datasets import make_lead_data

folder = Path(tempfile.mkdtemp(prefix="safesplit-ci-"))
X, y, created_at, _ = make_lead_data(n_leads=1200, random_state=0)
data = X.assign(converted=y, created_at=created_at)
data.to_csv(folder / "leads.csv", index=False)


def safesplit_audit(*arguments):
    """Run ``safesplit audit`` as CI would; return its exit status and output."""
    command = [sys.executable, "-m", "safesplit", "audit", *map(str, arguments)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=folder)
    return done.returncode, done.stdout


# %%
# The leaky export fails the step
# -------------------------------
status, out = safesplit_audit(
    "leads.csv",
    "--target", "converted",
    "--time", "created_at",
    "--group", "customer_id",
    "--format", "json",
    "--plot", "audit.png",
)  # fmt: skip
report = json.loads(out)
print("exit status:", status)
print("counts:", report["counts"])
for finding in report["findings"]:
    print(f"{finding['severity']:>6}  {finding['kind']:<13} {finding['columns']}")

# %%
# ``--plot`` saved the splits the audit used (time-ordered folds, each customer on
# one side) above the findings and their evidence.
image = plt.imread(folder / "audit.png")
fig, ax = plt.subplots(figsize=(10, 10 * image.shape[0] / image.shape[1]))
ax.imshow(image)
ax.set_axis_off()
plt.tight_layout()
plt.show()

# %%
# A script can read the JSON to decide, for example, which columns to drop.
flagged = sorted(
    {
        column
        for finding in report["findings"]
        if finding["kind"] in ("target_proxy", "identifier")
        and finding["severity"] in ("high", "medium")
        for column in finding["columns"]
    }
)
print("columns to drop:", flagged)

# %%
# After the fix, the step passes
# ------------------------------
# Without the leaky columns nothing reaches ``--fail-on high``: the exit status is 0.
# The medium finding (features scaled on the whole export) is still reported; it is
# fixed in the modelling code, by scaling inside the pipeline, and
# ``--fail-on medium`` would hold the step until it is.
fixed = data.drop(columns=flagged)
fixed.to_csv(folder / "leads_fixed.csv", index=False)
status, out = safesplit_audit(
    "leads_fixed.csv",
    "--target", "converted",
    "--time", "created_at",
    "--group", "customer_id",
    "--format", "json",
)  # fmt: skip
print("exit status:", status)
print("counts:", json.loads(out)["counts"])

# %%
# An input error is status 2, with the reason on stderr.
status, _ = safesplit_audit("leads.csv", "--target", "no_such_column")
print("exit status:", status)
shutil.rmtree(folder)
