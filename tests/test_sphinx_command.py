"""`python -m sphinx` (Read the Docs, CI) gets the up-to-date check of `scholarsite build`:
a second run with the same command line and files does nothing, any change or -E builds, and
a build that fails under -W exits 1 and records nothing. The process stays Sphinx's: other
exit handlers run, the garbage collector keeps its thresholds."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from test_incremental import site_copy

UP_TO_DATE = "is up to date"


def sphinx(site: Path, *options: str, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sphinx", *options, "-b", "html",
                           str(site / "docs"), str(site / "html")],
                          capture_output=True, text=True, env=env)


def test_a_second_identical_run_is_skipped_and_any_change_builds(tmp_path: Path) -> None:
    site = site_copy(tmp_path)
    first = sphinx(site)
    assert first.returncode == 0 and "build succeeded" in first.stdout
    page = site / "html" / "notes" / "morphling.html"
    written = page.stat().st_mtime_ns
    again = sphinx(site)
    assert again.returncode == 0 and UP_TO_DATE in again.stdout
    assert "build succeeded" not in again.stdout and page.stat().st_mtime_ns == written

    note = site / "docs" / "notes" / "morphling.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nA thought added later.\n",
                    encoding="utf-8")
    edited = sphinx(site)
    assert edited.returncode == 0 and UP_TO_DATE not in edited.stdout
    assert "A thought added later." in page.read_text(encoding="utf-8")
    assert UP_TO_DATE in sphinx(site).stdout

    assert UP_TO_DATE not in sphinx(site, "-E").stdout  # a fresh environment always builds
    assert UP_TO_DATE not in sphinx(site, "-q").stdout  # another command line: its own record
    (site / "html" / "index.html").unlink()  # an output removed
    rebuilt = sphinx(site)
    assert UP_TO_DATE not in rebuilt.stdout and (site / "html" / "index.html").is_file()


def test_a_failing_build_exits_1_and_is_never_skipped(tmp_path: Path) -> None:
    site = site_copy(tmp_path)
    (site / "docs" / "notes" / "broken.md").write_text(
        "# Broken\n\nSee {doc}`no-such-page`.\n", encoding="utf-8")
    run = sphinx(site, "-W", "--keep-going")
    assert run.returncode == 1 and "no-such-page" in run.stderr
    again = sphinx(site, "-W", "--keep-going")  # Sphinx's own incremental build, not skipped
    assert UP_TO_DATE not in again.stdout and "build" in again.stdout


def test_the_process_stays_sphinxs_exit_handlers_run(tmp_path: Path) -> None:
    """What coverage or a temporary-file cleaner would register at start-up (here through
    ``sitecustomize``) runs at the end of the build, and sees the collector's thresholds
    Python started with."""
    site = site_copy(tmp_path)
    hooks, mark = tmp_path / "hooks", tmp_path / "exit-handler-ran"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(textwrap.dedent(f"""\
        import atexit, gc
        start = gc.get_threshold()
        atexit.register(lambda: open({str(mark)!r}, "w").write(
            "same" if gc.get_threshold() == start else "changed"))
        """), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(hooks), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = sphinx(site, env=env)
    assert done.returncode == 0, done.stderr
    assert mark.read_text() == "same"
