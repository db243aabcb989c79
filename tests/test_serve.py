"""``scholarsite serve``: the preview a browser gets is the site a build writes. A note saved
while the server runs reaches the served page, and the output tree then equals a clean build's,
file for file; a broken save keeps the server up and serving."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from test_incremental import assert_equal_trees, build, site_copy

SCHOLARSITE = [sys.executable, "-c", "from scholarsite.cli import run; run()"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # a page read while the build rewrites it
        return ""


def wait_for(url: str, text: str, seconds: float = 120) -> str:
    """The page at ``url`` once it contains ``text`` (a generous limit: not a timing test)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {text!r}")


def settle(log: list[str], seconds: float = 120) -> None:
    """Wait until the server is idle: its last word is where it serves (said after each
    build), and nothing more was said for two seconds."""
    deadline = time.monotonic() + seconds
    seen, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        if len(log) != seen:
            seen, since = len(log), time.monotonic()
        status = [line for line in log if "[sphinx-autobuild]" in line]
        if status and "Serving on" in status[-1] and time.monotonic() - since > 2:
            return
        time.sleep(0.2)
    raise AssertionError("".join(log))


def wait_until(condition: Callable[[], bool], log: list[str]) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, "".join(log)
        time.sleep(0.1)


def test_saved_note_is_served_and_the_tree_equals_a_clean_build(tmp_path: Path) -> None:
    site, out = site_copy(tmp_path), tmp_path / "html"
    port = free_port()
    server = subprocess.Popen([*SCHOLARSITE, "serve", "docs", "--out", str(out), "--port",
                               str(port)], cwd=site, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(server.stdout), daemon=True)
    reader.start()
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + "notes/morphling.html", "Morphling")
        note = site / "docs" / "notes" / "morphling.md"
        note.write_text(note.read_text(encoding="utf-8") + "\nA thought saved live.\n",
                        encoding="utf-8")
        page = wait_for(base + "notes/morphling.html", "A thought saved live.")
        assert "/websocket-reload" in page  # the browser is told to reload
        bad = site / "docs" / "notes" / "broken.md"
        bad.write_text("---\nstatus: done\n---\n\n# Broken\n", encoding="utf-8")
        deadline = time.monotonic() + 120
        while not any("keeps serving the last good build" in line for line in log):
            assert time.monotonic() < deadline, "".join(log)
            time.sleep(0.2)
        assert any("broken.md:2: front matter status" in line for line in log)
        # fixed in place (a file only modified, after a failed build): built and served
        bad.write_text("---\nstatus: read\n---\n\n# Broken no more\n", encoding="utf-8")
        wait_for(base + "notes/broken.html", "Broken no more")
        bad.unlink()
        note.write_text(note.read_text(encoding="utf-8") + "\nAnd a second one.\n",
                        encoding="utf-8")
        wait_for(base + "notes/morphling.html", "And a second one.")  # the server survived
        # a bib edit: the server process loads the sources again after the rebuild, so the
        # next rebuild (a note) starts with the edited entry, not the one it held before
        refs = site / "refs.bib"
        refs.write_text(refs.read_text(encoding="utf-8").replace(
            "Beware of Fragmentation:", "Beware of Live Fragmentation:"), encoding="utf-8")
        wait_for(base + "publications/weng2023beware.html", "Beware of Live Fragmentation")
        note.write_text(note.read_text(encoding="utf-8") + "\nAnd a third.\n",
                        encoding="utf-8")
        wait_for(base + "notes/morphling.html", "And a third.")
        # a note added, then one only modified (which reuses the documents found last)
        added = site / "docs" / "notes" / "added-live.md"
        added.write_text("---\ndate: 2024-05-01\n---\n\n# Added live\n\nNew.\n",
                         encoding="utf-8")
        wait_for(base + "notes/added-live.html", "Added live")
        note.write_text(note.read_text(encoding="utf-8") + "\nAnd a fourth.\n",
                        encoding="utf-8")
        wait_for(base + "notes/morphling.html", "And a fourth.")
        # a note added while the bibliography is broken: those builds stop before saving
        # anything, so the one after the fix (a file only modified) looks for documents again
        def failures() -> int:
            return sum("keeps serving the last good build" in line for line in log)

        good, failed = refs.read_text(encoding="utf-8"), failures()
        refs.write_text(good + "\n@misc{broken, title = {Unclosed, year = 2020\n",
                        encoding="utf-8")
        wait_until(lambda: failures() > failed, log)
        (site / "docs" / "notes" / "during-break.md").write_text(
            "---\ndate: 2024-05-02\n---\n\n# During the break\n", encoding="utf-8")
        wait_until(lambda: failures() > failed + 1, log)
        refs.write_text(good, encoding="utf-8")
        wait_for(base + "notes/during-break.html", "During the break")
        # the source folder gone a while (a branch switch, a move): one line, no crash
        # report; served again once it is back
        failed = failures()
        (site / "docs").rename(tmp_path / "docs-away")
        wait_until(lambda: failures() > failed, log)
        assert any("no conf.py: run from the repository root" in line for line in log)
        (tmp_path / "docs-away").rename(site / "docs")
        note.write_text(note.read_text(encoding="utf-8") + "\nAnd a fifth.\n",
                        encoding="utf-8")
        wait_for(base + "notes/morphling.html", "And a fifth.")
        assert not any("Traceback" in line or "sphinx-err-" in line for line in log)
        settle(log)  # the page is written before the PDF, sitemap...: let the build end
    finally:
        server.terminate()
        server.wait(timeout=30)
    build(site, tmp_path / "clean")
    assert_equal_trees(out, tmp_path / "clean")


def test_warm_up_imports_the_package_without_running_a_command(monkeypatch) -> None:
    """The warm-up imports every module of the package, but never ``__main__`` (importing it
    runs the command line: here, a second server inside the first)."""
    from scholarsite import serve

    monkeypatch.setattr(sys, "argv", ["scholarsite", "--version-that-does-not-exist"])
    monkeypatch.setattr("gc.freeze", lambda: None)  # keep the test process's collector as is
    serve.warm_up()
    assert "scholarsite.sphinx.taxonomy" in sys.modules
    assert "scholarsite.__main__" not in sys.modules


def test_remembered_sources_are_given_again_until_a_file_changes(tmp_path: Path) -> None:
    from scholarsite.sources import load_sources, remember_sources

    site = site_copy(tmp_path)
    settings = {"bibtex_bibfiles": ["../refs.bib"]}
    remember_sources()
    try:
        first = load_sources(site / "docs", settings)
        assert load_sources(site / "docs", settings) is first
        refs = site / "refs.bib"
        refs.write_text(refs.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        again = load_sources(site / "docs", settings)
        assert again is not first and again.cv is first.cv  # the CV file was not read again
        cv = site / "docs" / "cv.yaml"
        cv.write_text(cv.read_text(encoding="utf-8").replace("Lingyun Yang", "Lingyun Young", 1),
                      encoding="utf-8")
        edited = load_sources(site / "docs", settings)
        assert edited.cv.identity.name == "Lingyun Young"
        again = edited
        (site / "docs" / "venues.yml").unlink()  # an optional file removed
        assert load_sources(site / "docs", settings) is not again
    finally:
        remember_sources(False)
    assert load_sources(site / "docs", settings) is not load_sources(site / "docs", settings)


def test_remembered_sources_follow_a_bib_edit_entry_by_entry(tmp_path: Path) -> None:
    """serve's process derives the owner's papers and linked files again only for entries a
    bib edit touched: an entry that gains or loses the owner as author, or a linked file,
    shows it; the others are as a fresh load finds them."""
    from scholarsite.sources import load_sources, remember_sources

    site = site_copy(tmp_path)
    settings = {"bibtex_bibfiles": ["../refs.bib"]}
    refs, cache = site / "refs.bib", tmp_path / "cache"
    entry = ("\n@misc{{new2024, author = {{{who}}}, title = {{New}}, year = 2024,"
             " pdf = {{papers/{pdf}.pdf}}}}\n")
    remember_sources()
    try:
        first = load_sources(site / "docs", settings, cache_dir=cache)
        refs.write_text(refs.read_text(encoding="utf-8")
                        + entry.format(who="Yang, Lingyun", pdf="new"), encoding="utf-8")
        second = load_sources(site / "docs", settings, cache_dir=cache)
        text = refs.read_text(encoding="utf-8")
        refs.write_text(text.replace("{Yang, Lingyun}, title = {New}", "{Doe, Jane}, title = {New}")
                        .replace("papers/new.pdf", "papers/other.pdf"), encoding="utf-8")
        third = load_sources(site / "docs", settings, cache_dir=cache)
    finally:
        remember_sources(False)
    fresh = load_sources(site / "docs", settings)
    assert "new2024" in {pub.key for pub in second.publications}
    assert second.linked_files["papers/new.pdf"] == ("new2024", "pdf")
    assert "new2024" not in {pub.key for pub in third.publications}
    assert "papers/new.pdf" not in third.linked_files
    assert third.linked_files == fresh.linked_files
    assert [pub.key for pub in third.publications] == [pub.key for pub in fresh.publications]
    assert [pub.key for pub in first.publications] == [pub.key for pub in fresh.publications]
