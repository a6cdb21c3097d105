"""Open built pages in headless Chromium and save screenshots, on a desktop and a
phone-sized window; fail when a screenshot is missing or blank.

python docs/screenshots.py [--html docs/_build/html] [--out docs/_build/screenshots]

Run it after the docs build (``sphinx-build ... docs docs/_build/html``). It shoots
the home page, an API page, a gallery example and an HTML leakage report (which it
writes first, from the lead-scoring data), each in a 1280 x 900 and a 390 x 844
window. A screenshot is blank when it is nearly one colour. Chromium runs without a
sandbox, GPU, network services or profile (a new temporary one each time), so that
it works in a container and leaves nothing behind; Debian's package is ``chromium``.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
WINDOWS = {"desktop": (1280, 900), "phone": (390, 844)}
PAGES = {
    "home": "index.html",
    "api": "generated/safesplit.audit.html",
    "example": "auto_examples/audit/plot_lead_scoring.html",
}
# A screenshot is blank when fewer than this share of its pixels differ from its
# most common colour (a page of text and figures has far more).
MIN_INK = 0.01
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find_chromium():
    """The Chromium executable, or a RuntimeError that says how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError(
        "headless Chromium is needed for the screenshots: apt-get install chromium"
    )


def screenshot(chromium, url, target, size, timeout=120):
    """Save a PNG of ``url`` in a window of ``size`` (width, height)."""
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="safesplit-chromium-") as profile:
        command = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={target}",
            url,
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)


def ink(path):
    """Share of a PNG's pixels that differ from its most common colour."""
    import numpy as np
    from matplotlib.image import imread

    pixels = imread(path)[..., :3].reshape(-1, 3)
    codes = (np.round(pixels * 255).astype(np.int64) * [65536, 256, 1]).sum(axis=1)
    values, counts = np.unique(codes, return_counts=True)
    return 1.0 - counts.max() / codes.size


def write_report(path):
    """An HTML leakage report of the lead-scoring data, written to ``path`` by the
    safesplit of this checkout (not another one installed)."""
    sys.path.insert(0, str(DOCS.parent))
    from safesplit import audit
    from safesplit._datasets import make_lead_data

    X, y, created_at, X_at_creation = make_lead_data(n_leads=2000)
    later = created_at >= created_at.iloc[1500]
    report = audit(X, y, times=created_at, X_new=X_at_creation[later])
    path.write_text(report.to_html(), encoding="utf-8")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=DOCS / "_build" / "html")
    parser.add_argument("--out", type=Path, default=DOCS / "_build" / "screenshots")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    args.out.mkdir(parents=True, exist_ok=True)
    targets = {name: args.html / page for name, page in PAGES.items()}
    targets["report"] = write_report(args.out / "report.html")
    problems = []
    for name, page in targets.items():
        if not page.exists():
            problems.append(f"{page} does not exist (build the docs first)")
            continue
        for window, size in WINDOWS.items():
            target = args.out / f"{name}-{window}.png"
            screenshot(chromium, page.resolve().as_uri(), target, size)
            if not target.exists() or target.stat().st_size == 0:
                problems.append(f"{target}: no screenshot")
                continue
            share = ink(target)
            print(f"{target}: {share:.1%} of pixels drawn")
            if share < MIN_INK:
                problems.append(f"{target}: blank ({share:.2%} of pixels drawn)")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
