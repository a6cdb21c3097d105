"""The HTML report: a self-contained page, every finding with its evidence drawn,
its fix and the audited splits; valid nesting; nothing fetched from a network."""

import re
from html.parser import HTMLParser

import numpy as np
import pytest

from safesplit import LeakageReport, audit
from safesplit._datasets import make_lead_data, make_market_data
from safesplit.report import KINDS, Finding, SplitSketch
from safesplit.report._evidence import evidence_charts

# Elements that have no end tag in HTML.
VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "col", "area"}


class Structure(HTMLParser):
    """Checks that every element is closed in order and records tags and
    attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.tags = []
        self.attributes = []
        self.text = []
        self.style = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        (self.style if self.stack[-1:] == ["style"] else self.text).append(data)


def parse(page):
    structure = Structure()
    structure.feed(page)
    structure.close()
    assert not structure.errors, structure.errors[:5]
    assert not structure.stack, f"left open: {structure.stack}"
    return structure


def assert_self_contained(page):
    """No script, no linked resource, no URL to fetch: the page opens offline.

    Text may mention a URL (a column's name, escaped); markup and style may not.
    """
    structure = parse(page)
    assert "script" not in structure.tags
    assert "link" not in structure.tags and "img" not in structure.tags
    for name, value in structure.attributes:
        assert name not in ("src", "href", "xlink:href", "srcset"), (name, value)
    markup = [value or "" for _, value in structure.attributes] + structure.style
    for text in markup:
        assert not re.search(r"https?:|//[a-z]|url\(|@import", text, flags=re.I), text
    return structure


@pytest.fixture(scope="module")
def lead_report():
    X, y, created_at, X_at_creation = make_lead_data(n_leads=1500)
    later = created_at >= created_at.iloc[1000]
    return audit(X, y, times=created_at, X_new=X_at_creation[later])


@pytest.fixture(scope="module")
def market_report():
    from sklearn.model_selection import KFold

    X, y, end_times = make_market_data(n_days=400)
    return audit(X, y, cv=KFold(5, shuffle=True, random_state=0), end_times=end_times)


def test_page_of_an_audit_shows_every_finding_its_figures_and_the_splits(lead_report):
    page = lead_report.to_html()
    assert page.startswith("<!DOCTYPE html>")
    structure = assert_self_contained(page)
    assert '<meta name="viewport" content="width=device-width' in page
    text = " ".join(structure.text)
    assert "Leakage audit" in text
    findings = lead_report.findings
    assert len(findings) >= 3
    for number, finding in enumerate(findings, start=1):
        section = re.search(
            rf'<section class="ss-finding" id="finding-{number}".*?</section>',
            page,
            flags=re.S,
        ).group(0)
        heading = f"{finding.kind} ({finding.code})"
        assert heading in section
        for column in finding.columns[:6]:
            assert column in section
        # Every chart the evidence gives is drawn as an inline SVG in the section.
        n_charts = len(evidence_charts(finding, lead_report.summary["metric"]))
        assert n_charts >= 1
        assert section.count("<svg") == n_charts
        assert "Fix." in section and "The numbers behind it" in section
    # Counts per severity, then the splits the audit validated with.
    for severity in ("high", "medium", "low", "info"):
        n = sum(f.severity == severity for f in findings)
        assert f">{severity}</span>{n} finding" in page
    assert lead_report.splits.n_splits == 5
    splits = page[page.index('<section class="ss-splits">') :]
    assert splits.count("split ") >= 5 and "<svg" in splits
    assert "PurgedKFold" in splits


def test_notebook_fragment_is_the_page_content_with_scoped_style(lead_report):
    fragment = lead_report._repr_html_()
    structure = assert_self_contained(fragment)
    assert structure.tags[:2] == ["div", "style"]
    assert "html" not in structure.tags and "body" not in structure.tags
    style = fragment[fragment.index("<style>") + 7 : fragment.index("</style>")]
    rules = [rule for rule in re.findall(r"([^{}]+)\{", style) if "@media" not in rule]
    # Every rule is scoped to the report, so a notebook's own style is untouched.
    for selector in ",".join(rules).split(","):
        assert selector.strip().startswith(".ss-report"), selector
    # The same content as the page, below the page's own heading.
    page = lead_report.to_html()
    findings = fragment[fragment.index("<h2>Findings</h2>") :]
    assert findings in page


def test_temporal_findings_draw_per_split_shares_and_the_shuffled_gap(market_report):
    page = market_report.to_html()
    assert_self_contained(page)
    assert "Training rows whose label span overlaps the test period" in page
    assert "shuffled folds" in page and "time-ordered folds" in page
    # A shuffled K-fold: the sketch's test bins are scattered over time.
    sketch = market_report.splits
    assert sketch.n_splits == 5
    tested = sketch.counts[:, :, 2].sum(axis=1) / sketch.n_samples
    assert tested.tolist() == pytest.approx([0.2] * 5, abs=0.01)
    # Test rows in every part of time in every split (a contiguous fold of a fifth
    # of the rows would leave gaps of four fifths).
    for split in range(5):
        bins = np.flatnonzero(sketch.counts[split, :, 2])
        limit = 0.1 * sketch.n_bins
        assert bins[0] < limit and bins[-1] > sketch.n_bins - limit
        assert np.diff(bins).max() < limit


def test_report_by_hand_without_summary_or_splits():
    finding = Finding(
        "duplicate",
        "low",
        "L1.4",
        ["<a href='https://x'>"],
        [1],
        {"fraction_per_split": [0.1, 0.2]},
        "Copies <script>alert(1)</script>.",
    )
    page = LeakageReport([finding]).to_html()
    structure = assert_self_contained(page)
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert '<section class="ss-splits">' not in page  # no sketch to draw
    assert "Test rows with an identical copy in training" in " ".join(structure.text)
    empty = LeakageReport([]).to_html()
    assert_self_contained(empty)
    assert "No leakage found." in empty and '<section class="ss-finding"' not in empty


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders(kind):
    finding = Finding(kind, "medium", "L2", ["a column"], [0], {"x": 1.5}, "Why.")
    page = LeakageReport([finding]).to_html()
    assert_self_contained(page)
    assert f"{kind} (L2): a column" in page


def test_splits_must_be_a_sketch():
    with pytest.raises(TypeError, match="splits must be a SplitSketch"):
        LeakageReport([], splits=np.zeros((2, 3)))
    sketch = SplitSketch("cv", np.eye(6, dtype=int)[None, :, :])  # one row a role
    page = LeakageReport([], splits=sketch).to_html()
    assert_self_contained(page)
    for role in ("train", "test", "purged", "embargoed", "group removed", "unused"):
        assert f"</svg>{role}</li>" in page


def test_report_pickles_with_its_splits(lead_report):
    import pickle

    clone = pickle.loads(pickle.dumps(lead_report))
    assert clone.to_html() == lead_report.to_html()
    # A report pickled before reports carried their splits still renders.
    state = dict(lead_report.__dict__)
    del state["splits"]
    old = LeakageReport.__new__(LeakageReport)
    old.__setstate__(state)
    assert old.splits is None
    assert_self_contained(old.to_html())
