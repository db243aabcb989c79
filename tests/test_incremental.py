"""An incremental build after an edit gives the very tree a clean build gives."""

from __future__ import annotations

import filecmp
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DOCS, REFS
from edits import EDITS

SCHOLARSITE = [sys.executable, "-c", "from scholarsite.cli import run; run()"]
# scholarsite, stopped by the signal numbered in its first argument right after Sphinx writes
# its first page: the environment is pickled by then and the output is half old, half new.
STOPPED_AFTER_FIRST_PAGE = [sys.executable, "-c", """
import os, signal, sys
from sphinx.builders.html import StandaloneHTMLBuilder
from scholarsite.cli import run
stop = int(sys.argv.pop(1))
write_doc = StandaloneHTMLBuilder.write_doc
def write_then_stop(self, docname, doctree):
    write_doc(self, docname, doctree)
    if stop == signal.SIGINT:  # what Ctrl-C raises when it surfaces here (a sent SIGINT
        raise KeyboardInterrupt  # surfaced later or not at all once on CI: exit 0)
    os.kill(os.getpid(), stop)
StandaloneHTMLBuilder.write_doc = write_then_stop
run()
"""]


def build(root: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d",
                    str(out.parent / f"{out.name}-doctrees"), str(root / "docs"), str(out)],
                   check=True, capture_output=True)


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def assert_equal_trees(incremental: Path, clean: Path) -> None:
    assert files(incremental) == files(clean)
    _, mismatch, errors = filecmp.cmpfiles(incremental, clean, files(clean), shallow=False)
    assert (mismatch, errors) == ([], [])


def site_copy(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(DOCS, site / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy(REFS, site / "refs.bib")
    return site


def scholarsite_build(site: Path, out: Path) -> str:
    return subprocess.run([*SCHOLARSITE, "build", "docs", "--out", str(out)], cwd=site,
                          check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("edit", [*EDITS, "image then no image"])
def test_incremental_equals_clean(tmp_path: Path, edit: str) -> None:
    """Each edit, then ``scholarsite build``: the clean tree, and "up to date" right after."""
    site, out = site_copy(tmp_path), tmp_path / "incremental"
    scholarsite_build(site, out)
    if edit == "image then no image":  # the image must leave _images, and the manifest
        EDITS["image"](site, 1)
        scholarsite_build(site, out)
        EDITS["image"](site, 2)
    else:
        EDITS[edit](site, 1)
    assert "is up to date" not in scholarsite_build(site, out)
    build(site, tmp_path / "clean")
    assert_equal_trees(out, tmp_path / "clean")
    assert "is up to date" in scholarsite_build(site, out)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_build_stopped_while_writing_is_repaired_by_the_next(tmp_path: Path,
                                                             stop: signal.Signals) -> None:
    """Stopped right after Sphinx starts writing pages (the environment is saved by then),
    the next ``scholarsite build`` writes the clean tree, and only then says up to date."""
    site, out = site_copy(tmp_path), tmp_path / "html"
    command = [*SCHOLARSITE, "build", "docs", "--out", str(out)]
    subprocess.run(command, cwd=site, check=True, capture_output=True)
    EDITS["note_body"](site, 1)
    EDITS["bib_title"](site, 1)
    # The build signals itself once the first page is written: reading the child's output
    # and signalling from here raced the end of a short build on a fast machine.
    stopped = subprocess.run([*STOPPED_AFTER_FIRST_PAGE, str(stop.value), "build", "docs",
                              "--out", str(out)], cwd=site, capture_output=True, text=True)
    assert stopped.returncode != 0
    again = subprocess.run(command, cwd=site, check=True, capture_output=True, text=True)
    assert "is up to date" not in again.stdout
    build(site, tmp_path / "clean")
    assert_equal_trees(out, tmp_path / "clean")
    assert "is up to date" in subprocess.run(command, cwd=site, check=True, capture_output=True,
                                             text=True).stdout


def test_unchanged_generated_pages_are_not_rendered_again(tmp_path: Path) -> None:
    """Paper pages come from html-collect-pages, which Sphinx renders on every build; only
    the page of the edited entry is written again, and the sitemap still lists them all."""
    site, out = site_copy(tmp_path), tmp_path / "html"
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


def test_an_edit_of_another_entry_leaves_the_owner_pages_unread(tmp_path: Path) -> None:
    """Pages that show the owner's data (CV, publications, home) are read again when one of
    the owner's papers changes, not after an edit of someone else's entry; the references
    page is written again with the edited entry, and read again only when keys change."""
    site, out = site_copy(tmp_path), tmp_path / "html"
    doctrees = tmp_path / "html-doctrees"
    EDITS["bib_add"](site, 1)
    note = site / "docs" / "notes" / "morphling.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nSee also {cite:p}`added1`.\n",
                    encoding="utf-8")
    build(site, out)
    owner_pages = ["cv", "publications", "index"]

    def read_times() -> dict[str, int]:
        return {page: (doctrees / f"{page}.doctree").stat().st_mtime_ns
                for page in [*owner_pages, "references"]}

    before = read_times()
    bib = site / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Added Work 1", "Added Work, Edited"),
                   encoding="utf-8")
    build(site, out)
    after = read_times()
    assert after == before  # none of them read again
    assert "Added Work, Edited" in (out / "references.html").read_text(encoding="utf-8")
    EDITS["bib_add"](site, 2)  # a new key: the references page is read again
    build(site, out)
    assert read_times()["references"] != after["references"]
    after = read_times()
    EDITS["bib_title"](site, 1)  # an own paper
    build(site, out)
    again = read_times()
    assert [page for page in owner_pages if again[page] == after[page]] == []
    assert "Morphling: Study 1" in (out / "publications.html").read_text(encoding="utf-8")
    build(site, tmp_path / "clean")
    assert_equal_trees(out, tmp_path / "clean")


def test_another_package_version_reads_every_page_again(tmp_path: Path) -> None:
    """Pages the package renders while reading (publication lists, the CV) are kept as
    doctrees: after an upgrade of scholarsite they must be read again, not reused."""
    site = site_copy(tmp_path)
    out = tmp_path / "html"
    build(site, out)
    args = ["-b", "html", "-d", str(tmp_path / "html-doctrees"), str(site / "docs"), str(out)]
    upgraded = f"""
import sys
from scholarsite.build import fingerprint
fingerprint.package_digest = lambda: "another version"
from sphinx.cmd.build import main
sys.exit(main({args!r}))
"""
    again = subprocess.run([sys.executable, "-m", "sphinx", *args], check=True,
                           capture_output=True, text=True).stdout
    assert "0 added, 0 changed, 0 removed" in again
    upgrade = subprocess.run([sys.executable, "-c", upgraded], check=True,
                             capture_output=True, text=True).stdout
    pages = len(list((site / "docs").rglob("*.md")))
    assert f"0 added, {pages} changed, 0 removed" in upgrade
