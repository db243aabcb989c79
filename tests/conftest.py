"""Shared fixtures: one strict build of the real docs/, throwaway copies to break, and a
browser on the served build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from browser import launch, serve
from bs4 import BeautifulSoup
from playwright.sync_api import Browser
from sphinx.cmd.build import build_main
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import docutils_namespace

pytest_plugins = ["sphinx.testing.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
#: The machinery's tests build a snapshot of the example site (tests/data/example-site), not
#: the repository's docs/ and refs.bib: a researcher who replaces those with their own keeps
#: every machinery test passing. Only test_site.py checks the live example content.
EXAMPLE = ROOT / "tests" / "data" / "example-site"
DOCS = EXAMPLE / "docs"
REFS = EXAMPLE / "refs.bib"


def build_status(argv: list[str]) -> int:
    """``python -m sphinx`` in-process: its exit status, also when bad input stops it."""
    try:
        return build_main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


def strict_build(source: Path, out: Path) -> int:
    """What ``scholarsite check`` runs: warnings are errors, references nitpicky."""
    return build_main(["-W", "--keep-going", "-n", "-q", "-b", "html",
                       "-d", str(out.parent / "doctrees"), str(source), str(out)])


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built once per test session; the path of the HTML output."""
    out = tmp_path_factory.mktemp("site") / "html"
    assert strict_build(DOCS, out) == 0, "the example site must build without warnings"
    return out


def pages_of(site: Path) -> Callable[[str], BeautifulSoup]:
    """Parse a built page by its path relative to the output root (each page once)."""
    cache: dict[str, BeautifulSoup] = {}

    def load(name: str) -> BeautifulSoup:
        if name not in cache:
            cache[name] = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        return cache[name]

    return load


@pytest.fixture(scope="session")
def page(site: Path) -> Callable[[str], BeautifulSoup]:
    return pages_of(site)


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A writable copy of docs/ and refs.bib (laid out like the repo); returns its docs/."""
    shutil.copytree(DOCS, tmp_path / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy(REFS, tmp_path / "refs.bib")
    return tmp_path / "docs"


@pytest.fixture
def build_sandbox(tmp_path: Path) -> Iterator[Callable[[Path], SphinxTestApp]]:
    """Build a sandbox with sphinx.testing's app; the caller asserts on what it raises."""
    apps: list[SphinxTestApp] = []

    def build(srcdir: Path, warning: StringIO | None = None) -> SphinxTestApp:
        app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "_build",
                            warning=warning or StringIO())
        apps.append(app)
        app.build()
        return app

    yield build
    for app in apps:
        app.cleanup()


@pytest.fixture
def failing_build(build_sandbox: Callable[..., SphinxTestApp]) -> Callable[[Path], str]:
    """Build a sandbox that must fail on bad input: the build stops with exit status 1 and
    no traceback or crash report; returns the error Sphinx printed (colours removed)."""

    def build(srcdir: Path) -> str:
        warning = StringIO()
        # as in build_main: a build that exits leaves docutils' registries as they were
        with docutils_namespace(), pytest.raises(SystemExit) as info:
            build_sandbox(srcdir, warning)
        assert info.value.code == 1
        printed = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
        assert "Traceback" not in printed and "sphinx-err-" not in printed
        return printed

    return build


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The session's build of the example site, served on localhost."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch() as chromium:
        yield chromium


#: the repository's address as GitHub Actions gives it to the release build (hatch_build.py)
REPOSITORY = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "owner/scholarsite"}


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built as a release is: ``python -m build`` (the sdist, then the wheel from
    the sdist) in an isolated environment; the folder holding both."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "-o", str(out), str(ROOT)], check=True,
                   capture_output=True, env=release_env())
    return out


def release_env() -> dict[str, str]:
    """This process's environment, with the repository named as in the release workflow."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    return {**env, **REPOSITORY}
