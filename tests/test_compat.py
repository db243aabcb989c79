"""Upstream releases that rename what scholarsite reaches into leave every site building.

``scholarsite.compat`` holds every use of another package's internals, each name in
``compat.NAMES``. Each name is renamed here in turn, as the next release of Sphinx, furo,
sphinxcontrib-bibtex, sphinx-sitemap or sphinx-autobuild might: the example site still builds
without a warning, says once which speed-up is off, and is the same site byte for byte.
A grep keeps other packages' private names out of the rest of the package.
"""

from __future__ import annotations

import ast
import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from conftest import ROOT
from scholarsite import compat

EXAMPLE = ROOT / "tests" / "data" / "example-site"
RENAMED = "scholarsite_renamed_upstream"
#: names a build of the example site uses; the rest belong to ``serve`` (tested below)
SERVE_ONLY = {"builtin extensions", "environment loader", "fresh environment flag",
              "project walk", "autobuild builder", "autobuild filter", "autobuild middleware",
              "autobuild server", "autobuild message", "autobuild command"}
#: names whose absence costs nothing worth a line: asked for only when another one is
#: missing, or answered as cheaply without (no sitemap queue: nothing to complete)
QUIET = {"registered settings", "bibtex citation refs", "bibtex cited", "sitemap queue"}
BUILD_NAMES = sorted(set(compat.NAMES) - SERVE_ONLY)
#: names whose fallback the command line's build takes (``python -m sphinx``), not an
#: in-process one
COMMAND_LINE = {"builder cleanup"}


def site_copy(root: Path) -> Path:
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("_build"))
    return root


def build(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    out = site / "_build" / "html"
    status = build_main(["-W", "--keep-going", "-b", "html", str(site / "docs"), str(out),
                         "-d", str(site / "_build" / "doctrees")])
    output = capsys.readouterr()
    assert status == 0, output.err
    return out, output.out


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def assert_same_site(built: Path, normal: Path) -> None:
    assert files(built) == files(normal)
    _, mismatch, errors = filecmp.cmpfiles(built, normal, files(normal), shallow=False)
    assert (mismatch, errors) == ([], [])


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = site_copy(tmp_path_factory.mktemp("normal") / "site")
    out = site / "_build" / "html"
    assert build_main(["-W", "--keep-going", "-q", "-b", "html", str(site / "docs"), str(out),
                       "-d", str(site / "_build" / "doctrees")]) == 0
    return out


@pytest.mark.parametrize("what", BUILD_NAMES)
def test_a_renamed_internal_leaves_the_same_site(what: str, normal: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(compat.NAMES, what, RENAMED)
    monkeypatch.setattr(compat, "_REPORTED", set())
    out, said = build(site_copy(tmp_path / "site"), capsys)
    assert_same_site(out, normal)
    offs = [line for line in said.splitlines() if line.startswith("scholarsite: ")]
    if what in QUIET | COMMAND_LINE:
        assert offs == []
    else:
        assert len(offs) == 1 and "is off" in offs[0], said


def test_without_sphinxs_set_of_listing_pages_they_are_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The fallback of ``glob_toctrees``: a note added later reaches the notes index and the
    home page's list in an incremental build, as in a clean one."""
    monkeypatch.setitem(compat.NAMES, "glob toctree pages", RENAMED)
    site = site_copy(tmp_path / "site")
    build(site, capsys)
    note = site / "docs" / "notes" / "added-later.md"
    note.write_text("---\npaper: wang2021morphling\ntags: [serving]\n---\n# Added later\n\nText.\n",
                    encoding="utf-8")
    out, _ = build(site, capsys)
    clean = site_copy(tmp_path / "clean")
    shutil.copy(note, clean / "docs" / "notes")
    assert "added-later.html" in (out / "notes" / "index.html").read_text(encoding="utf-8")
    assert_same_site(out, build(clean, capsys)[0])


def test_without_the_builders_cleanup_nothing_is_skipped(tmp_path: Path) -> None:
    """``python -m sphinx`` records a finished build after the builder's ``cleanup``; renamed,
    the second build runs Sphinx again (no "up to date") and writes the same site."""
    site = site_copy(tmp_path / "site")
    command = [sys.executable, "-c", (
        "import runpy, sys; from scholarsite import compat; "
        f"compat.NAMES['builder cleanup'] = {RENAMED!r}; "
        "sys.argv = ['sphinx', '-W', '-b', 'html', 'docs', '_build/html']; "
        "runpy.run_module('sphinx', run_name='__main__', alter_sys=True)")]
    first = subprocess.run(command, cwd=site, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "skipping builds whose sources did not change is off" in first.stdout
    again = subprocess.run(command, cwd=site, capture_output=True, text=True)
    assert again.returncode == 0 and "is up to date" not in again.stdout
    assert "reading sources" in again.stdout


@pytest.mark.parametrize("what", sorted(SERVE_ONLY - {"autobuild command"}))
def test_serve_falls_back_when_an_internal_is_renamed(what: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part of the warm server is checked before use: renamed, its step is skipped (or
    ``serve`` runs sphinx-autobuild's own command), and nothing is replaced in Sphinx."""
    from sphinx.application import Sphinx
    from sphinx.project import Project

    monkeypatch.setitem(compat.NAMES, what, RENAMED)
    monkeypatch.setattr(compat, "_REPORTED", set())
    loader, discover = Sphinx._load_existing_env, Project.discover
    monkeypatch.setattr(Sphinx, "_load_existing_env", loader)  # restored after the test
    monkeypatch.setattr(Project, "discover", discover)
    if what.startswith("autobuild"):
        assert compat.autobuild() is False
    elif what == "builtin extensions":
        assert compat.builtin_extensions() == ()
    elif what == "environment loader":
        assert compat.replace_environment_loader(lambda *args: None) is False
        assert Sphinx._load_existing_env is loader
    elif what == "project walk":
        assert compat.take_known_documents() is False
        assert Project.discover is discover
    else:
        app = type("App", (), {})()
        app._fresh_env_used = True
        compat.environment_reused(app)
        assert app._fresh_env_used is True
    assert compat.autobuild() is (not what.startswith("autobuild"))


def test_serve_runs_sphinx_autobuild_itself_when_its_parts_changed(tmp_path: Path) -> None:
    """The last fallback of ``serve``: sphinx-autobuild's own command serves the site."""
    import socket
    import time
    import urllib.request

    site = site_copy(tmp_path / "site")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = ("import sys; from scholarsite import compat; "
            f"compat.NAMES['autobuild server'] = {RENAMED!r}; "
            "from scholarsite.cli import run; "
            f"sys.argv = ['scholarsite', 'serve', 'docs', '--port', '{port}']; run()")
    server = subprocess.Popen([sys.executable, "-c", code], cwd=site, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        page = ""
        for _ in range(240):
            time.sleep(0.5)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/cv.html") as answer:
                    page = answer.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
        assert "Lingyun Yang" in page
    finally:
        os.killpg(server.pid, 9)
        output = server.communicate()[0]
    assert "the warm live preview is off" in output


#: where other packages' private names may be used
ALLOWED = {Path("compat.py")}
#: the standard library's documented names that start with an underscore
DOCUMENTED = {"_exit"}


def _own_names(package: Path) -> set[str]:
    """Every name the package itself defines (its own private helpers are its business)."""
    names = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return names


def test_no_private_name_of_another_package_outside_compat() -> None:
    package = ROOT / "src" / "scholarsite"
    own = _own_names(package)
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package) in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [*node.module.split("."), *(alias.name for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [part for alias in node.names for part in alias.name.split(".")]
            elif isinstance(node, ast.Attribute):
                names = [node.attr]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id in {"getattr", "setattr", "hasattr", "delattr"}
                  and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)):
                names = [str(node.args[1].value)]
            private = [name for name in names if name.startswith("_")
                       and not name.startswith("__") and name not in own | DOCUMENTED]
            if private:
                found.append(f"{path.relative_to(package)}:{node.lineno}: {private}")
    assert found == []


def test_no_class_overrides_a_private_method_of_another_package() -> None:
    """A subclass's ``_name`` that a base class from another package also defines is an
    override of that package's internals: only in compat.py."""
    import importlib
    import inspect
    import pkgutil

    import scholarsite

    found = []
    for module in pkgutil.walk_packages(scholarsite.__path__, "scholarsite."):
        if module.name.endswith("__main__") or module.name == "scholarsite.compat":
            continue
        loaded = importlib.import_module(module.name)
        for cls in vars(loaded).values():
            if not inspect.isclass(cls) or cls.__module__ != loaded.__name__:
                continue
            foreign = [base for base in cls.__mro__[1:]
                       if not base.__module__.startswith("scholarsite") and base is not object]
            found += [f"{module.name}.{cls.__qualname__}.{name} ({base.__qualname__})"
                      for name in vars(cls) if name.startswith("_") and not name.startswith("__")
                      and name != "_abc_impl"  # ABCMeta's own, on every class it makes
                      for base in foreign if name in vars(base)]
    assert found == []
