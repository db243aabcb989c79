"""The command line: the same site as plain Sphinx, and a check that fails on bad links."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

from scholarsite.cli import main

from conftest import DOCS


def html_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.html"))


def test_scholarsite_build_equals_plain_sphinx(tmp_path: Path) -> None:
    """Read the Docs runs ``python -m sphinx -b html docs OUT``: it must give the same site."""
    plain = tmp_path / "plain"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(DOCS), str(plain)],
                   check=True)
    ours = tmp_path / "ours"
    assert main(["build", str(DOCS), "--out", str(ours)]) == 0
    assert html_files(plain) == html_files(ours)
    assert len(html_files(ours)) > 10
    _, mismatch, errors = filecmp.cmpfiles(plain, ours, html_files(ours), shallow=False)
    assert mismatch == [] and errors == []


def test_check_passes_on_the_real_site(tmp_path: Path) -> None:
    assert main(["check", str(DOCS), "--out", str(tmp_path / "html")]) == 0


def test_check_fails_on_a_broken_internal_link(sandbox: Path, tmp_path: Path, capsys) -> None:
    page = sandbox / "research.md"
    page.write_text(page.read_text() + '\n<a href="missing.html#nowhere">raw link</a>\n')
    assert main(["check", str(sandbox), "--out", str(tmp_path / "out")]) == 1
    assert "research.html: missing.html#nowhere: no such file" in capsys.readouterr().err


def test_parallel_clean_build_is_byte_identical_to_serial(tmp_path: Path) -> None:
    """The extension claims parallel safety: a -j 2 build must give the very same site."""
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    for out, extra in ((serial, []), (parallel, ["-j", "2"])):
        subprocess.run([sys.executable, "-m", "sphinx", "-q", *extra, "-b", "html",
                        "-d", str(out.parent / f"{out.name}-doctrees"), str(DOCS), str(out)],
                       check=True)
    files = sorted(str(p.relative_to(serial)) for p in serial.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(parallel)) for p in parallel.rglob("*")
                           if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(serial, parallel, files, shallow=False)
    assert mismatch == [] and errors == []


def test_build_is_skipped_only_while_no_input_or_output_changed(sandbox: Path, tmp_path: Path,
                                                                capsys, monkeypatch) -> None:
    """``scholarsite build`` runs Sphinx unless the last successful build read the very same
    files with the same options and environment, and left the very same outputs."""
    out = tmp_path / "html"
    index = out / "index.html"

    def build() -> bool:
        """Build; whether Sphinx ran."""
        capsys.readouterr()
        assert main(["build", str(sandbox), "--out", str(out)]) == 0
        return "is up to date" not in capsys.readouterr().out

    assert build()
    written = index.stat().st_mtime_ns
    assert not build()
    assert index.stat().st_mtime_ns == written
    note = sandbox / "notes" / "morphling.md"
    note.write_text(note.read_text(encoding="utf-8").replace("## Problem", "## The problem"),
                    encoding="utf-8")
    assert build()
    assert "The problem" in (out / "notes" / "morphling.html").read_text(encoding="utf-8")
    assert not build()
    (sandbox.parent / "refs.bib").touch()  # outside the source folder, read through conf.py
    assert build()
    (out / "cv.pdf").unlink()
    assert build() and (out / "cv.pdf").is_file()
    (sandbox / "notes" / "scratch.txt").write_text("a new file", encoding="utf-8")
    assert build()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    assert build()
    assert not build()
    os.utime(sysconfig.get_paths()["purelib"])  # as installing or upgrading a package does
    assert build()
    assert not build()


def test_a_source_added_while_building_is_built_next_time(tmp_path: Path) -> None:
    """The manifest records what the build saw when it started: a note saved during a build
    (as `serve` sees it happen) must not make the next build say "up to date"."""
    from scholarsite.build.uptodate import Manifest

    source, out, doctrees = tmp_path / "docs", tmp_path / "html", tmp_path / "doctrees"
    source.mkdir()
    out.mkdir()
    doctrees.mkdir()
    (source / "index.md").write_text("# Home\n")
    manifest = Manifest(source, out, doctrees, ["-b", "html"])

    def build_while_a_note_is_saved() -> int:
        (source / "new.md").write_text("# New\n")
        return 0

    assert manifest.build(build_while_a_note_is_saved) == 0
    assert not manifest.current()
    assert manifest.build(lambda: 0) == 0
    assert manifest.current()


def test_ctrl_c_while_the_command_loads_is_one_line(tmp_path: Path) -> None:
    """Ctrl-C in the second the console script spends importing Sphinx: delivered here, for a
    deterministic test, by an import hook at the module that import reaches."""
    interrupt = textwrap.dedent("""\
        import sys
        class Interrupt:
            def find_spec(self, name, path=None, target=None):
                if name == "sphinx.cmd.build":
                    raise KeyboardInterrupt
        sys.meta_path.insert(0, Interrupt())
        sys.argv = ["scholarsite", "build", "docs"]
        from scholarsite.console import run
        run()
        """)
    done = subprocess.run([sys.executable, "-c", interrupt], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 130
    assert done.stderr == "error: interrupted (Ctrl-C): run the command again\n"
