"""
The report in a notebook and as a page
======================================

A ``LeakageReport`` renders as HTML in a notebook cell (as at the end of this page),
and ``report.to_html()`` (or ``safesplit audit ... --format html``) writes the same as
a self-contained page: no script, no style sheet or font to fetch, figures as inline
SVG, so it opens offline from a CI artefact and reflows on a phone. It shows what was
audited, the counts per severity, each finding with its evidence drawn and its fix,
and the splits of the validation it audited.

Here the validation audited is a shuffled K-fold on daily market data whose labels
look ten days ahead: the audit finds training labels that overlap each test period
and a shuffled score far above the time-ordered one.
"""

# %%
import shutil
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
from sklearn.model_selection import KFold

from safesplit import audit
from safesplit._datasets import make_market_data

X, y, end_times = make_market_data(n_days=500, horizon_days=10, random_state=0)
report = audit(X, y, cv=KFold(5, shuffle=True, random_state=0), end_times=end_times)

# %%
# ``report.plot()`` draws the same evidence with matplotlib: per split, the share of
# training rows whose label overlaps the test period; the same model on shuffled and
# on time-ordered folds.
report.plot()
plt.show()

# %%
# The page, written to a file (a CI job would keep it as an artefact):
page = Path(tempfile.mkdtemp(prefix="safesplit-report-")) / "audit.html"
html = report.to_html()
page.write_text(html, encoding="utf-8")
print(f"{page.name}: {len(html) / 1024:.0f} kB, {html.count('<svg')} inline figures")
shutil.rmtree(page.parent)

# %%
# And the report itself, as a notebook shows it:
report
