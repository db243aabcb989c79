"""Lighthouse scores of the built site, per page type, on a phone and on a desktop.

Usage: python scripts/lighthouse.py [BUILD_DIR] [--runs N]
Serves BUILD_DIR (default _build/html) on localhost, runs Lighthouse 13 (installed with npm
into _build/lighthouse on first use) in Debian's Chromium (CHROME_PATH=/usr/bin/chromium) on
every page type of tests/browser.py, and prints a Markdown table of the four category scores
(performance, accessibility, best practices, SEO) for the README. Each cell is the median of
N runs (default 3), as performance varies from run to run. Search and 404 pages are
``noindex`` on purpose, so their SEO score is shown but not a target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import CHROMIUM, PAGES, serve  # noqa: E402

VERSION = "13"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = "--headless=new --no-sandbox --disable-gpu"


def lighthouse(tools: Path) -> Path:
    binary = tools / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        tools.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(tools),
                        f"lighthouse@{VERSION}"], check=True, stdout=subprocess.DEVNULL)
    return binary


def scores(binary: Path, url: str, desktop: bool) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
                   f"--chrome-flags={FLAGS}",
                   f"--only-categories={','.join(CATEGORIES)}"]
        if desktop:
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
        data = json.loads(report.read_text())
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", nargs="?", default="_build/html", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = lighthouse(Path("_build/lighthouse"))
    rows = []
    with serve(args.build) as base:
        for name, path in PAGES.items():
            cells = []
            for desktop in (False, True):
                runs = [scores(binary, base + path, desktop) for _ in range(args.runs)]
                cells += ["/".join(str(round(statistics.median(r[c] for r in runs)))
                                   for c in CATEGORIES)]
            rows.append(f"| {name} | {cells[0]} | {cells[1]} |")
            print(rows[-1], file=sys.stderr)
    print("| page | mobile (perf/a11y/best/SEO) | desktop (perf/a11y/best/SEO) |")
    print("|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
