"""An incremental build after an edit gives the very tree a clean build gives."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DOCS, REFS

EDITS = {
    "note title": ("docs/notes/morphling.md", "# Morphling (SoCC ’21)", "# Morphling revisited"),
    "note body": ("docs/notes/morphling.md", "## Problem", "## The problem"),
    "bib entry": ("refs.bib", "Workload Management in {Alibaba} Clusters",
                  "Workloads in {Alibaba} Clusters"),
    "CV data": ("docs/cv.yaml", "National Scholarship", "National Excellence Scholarship"),
}


def build(root: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d",
                    str(out.parent / f"{out.name}-doctrees"), str(root / "docs"), str(out)],
                   check=True, capture_output=True)


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("edit", list(EDITS))
def test_incremental_equals_clean(tmp_path: Path, edit: str) -> None:
    site = tmp_path / "site"
    shutil.copytree(DOCS, site / "docs")
    shutil.copy(REFS, site / "refs.bib")
    build(site, tmp_path / "incremental")
    path, old, new = EDITS[edit]
    source = site / path
    source.write_text(source.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    build(site, tmp_path / "incremental")
    build(site, tmp_path / "clean")
    incremental, clean = tmp_path / "incremental", tmp_path / "clean"
    assert files(incremental) == files(clean)
    _, mismatch, errors = filecmp.cmpfiles(incremental, clean, files(clean), shallow=False)
    assert [m for m in mismatch if m != ".buildinfo"] == [] and errors == []


def test_unchanged_generated_pages_are_not_rendered_again(tmp_path: Path) -> None:
    """Paper pages come from html-collect-pages, which Sphinx renders on every build; only
    the page of the edited entry is written again, and the sitemap still lists them all."""
    site, out = tmp_path / "site", tmp_path / "html"
    shutil.copytree(DOCS, site / "docs")
    shutil.copy(REFS, site / "refs.bib")
    build(site, out)
    pages = [*(out / "publications").glob("*.html"), *(out / "papers").glob("*.html")]
    assert len(pages) > 1
    written = {page: page.stat().st_mtime_ns for page in pages}
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    build(site, out)
    assert {page: page.stat().st_mtime_ns for page in pages} == written
    assert (out / "sitemap.xml").read_text(encoding="utf-8") == sitemap
    assert all(page.relative_to(out).as_posix() in sitemap for page in pages)
    bib = site / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{Morphling}: Fast", "{Morphling}: Quick"),
                   encoding="utf-8")
    build(site, out)
    again = [page for page in pages if page.stat().st_mtime_ns != written[page]]
    assert again == [out / "publications" / "wang2021morphling.html"]
    assert "Morphling: Quick" in again[0].read_text(encoding="utf-8")
