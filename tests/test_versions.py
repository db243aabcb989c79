"""The lowest versions pyproject.toml allows install together and build the example site.

``scripts/lowest.py`` turns every lower bound into a pin; a fresh virtual environment gets
scholarsite's released wheel (the ``dist`` fixture) with those pins, then builds docs/ as Read
the Docs would (``python -m sphinx -W --keep-going``). The pages a visitor reads hold what
the same build at the newest versions (this environment, the session's ``site``) holds: the
same pages, the same CV and publication list, word for word. A lower bound that is not true
(a package too old for an API the code uses, pins pip cannot resolve) fails here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bs4 import BeautifulSoup
from conftest import DOCS, ROOT
from hosts import fresh_venv, run


def _lowest() -> list[str]:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lowest.py")],
                          capture_output=True, text=True, check=True)
    return done.stdout.split()


def _article(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return " ".join(soup.select_one("article[role=main]").get_text(" ").split())


#: the build tests run again at the lowest versions: the compatibility fallbacks, settings
#: and caches, the command line, the sidebar against Sphinx's own, the live preview
BUILD_TESTS = ("tests/test_compat.py", "tests/test_settings.py", "tests/test_cli.py",
               "tests/test_navigation.py", "tests/test_serve.py")


@pytest.fixture(scope="module")
def lowest(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh virtual environment with scholarsite's wheel (and its test extras) installed at
    every runtime dependency's lower bound; its environment variables."""
    work = tmp_path_factory.mktemp("lowest")
    pins = _lowest()
    assert "sphinx==8.2" in pins and len(pins) > 15
    (work / "lowest.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
    env = fresh_venv(work / "venv", dist)
    wheel = next(dist.glob("*.whl"))
    run(["python", "-m", "pip", "install", "-q", "-c", str(work / "lowest.txt"),
         f"{wheel}[test]"], work, env)
    installed = run(["python", "-m", "pip", "list", "--format=freeze"], work, env)
    for pin in pins:  # each at its lower bound, as pinned
        name, version = pin.split("==")
        assert any(line.lower().replace("_", "-") == f"{name.lower()}=={version}" or
                   line.lower().replace("_", "-").startswith(f"{name.lower()}=={version}.")
                   for line in installed.splitlines()), (pin, installed)
    return env


def test_the_lowest_allowed_versions_build_the_same_site(lowest: dict[str, str], site: Path,
                                                         tmp_path: Path) -> None:
    shutil.copytree(DOCS, tmp_path / "site" / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy(DOCS.parent / "refs.bib", tmp_path / "site" / "refs.bib")
    out = tmp_path / "html"
    run(["python", "-m", "sphinx", "-W", "--keep-going", "-q", "docs", str(out)],
        tmp_path / "site", lowest)
    pages = {path.relative_to(out).as_posix() for path in out.rglob("*.html")}
    assert pages == {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    for name in ("cv.html", "publications.html", "index.html", "notes/morphling.html"):
        assert _article(out / name) == _article(site / name), name


def test_the_build_tests_pass_at_the_lowest_versions(lowest: dict[str, str]) -> None:
    """The suite itself runs at the newest versions the ranges allow (the README's command
    installs them); these build tests run again here, against the installed wheel."""
    done = subprocess.run(["python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *BUILD_TESTS], cwd=ROOT, env=lowest, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout
    imported = subprocess.run(["python", "-c", "import scholarsite; print(scholarsite.__file__)"],
                              cwd=ROOT, env=lowest, capture_output=True, text=True)
    assert "site-packages" in imported.stdout  # the wheel, not this checkout's sources
