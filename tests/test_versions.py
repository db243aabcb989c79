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


def test_the_lowest_allowed_versions_build_the_same_site(dist: Path, site: Path,
                                                         tmp_path: Path) -> None:
    pins = _lowest()
    assert "sphinx==8.2" in pins and len(pins) > 15
    (tmp_path / "lowest.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
    env = fresh_venv(tmp_path / "venv", dist)
    wheel = next(dist.glob("*.whl"))
    run(["python", "-m", "pip", "install", "-q", "-c", str(tmp_path / "lowest.txt"),
         str(wheel)], tmp_path, env)
    installed = run(["python", "-m", "pip", "list", "--format=freeze"], tmp_path, env)
    for pin in pins:  # each at its lower bound, as pinned
        name, version = pin.split("==")
        assert any(line.lower().replace("_", "-") == f"{name.lower()}=={version}" or
                   line.lower().replace("_", "-").startswith(f"{name.lower()}=={version}.")
                   for line in installed.splitlines()), (pin, installed)
    shutil.copytree(DOCS, tmp_path / "site" / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy(DOCS.parent / "refs.bib", tmp_path / "site" / "refs.bib")
    out = tmp_path / "html"
    run(["python", "-m", "sphinx", "-W", "--keep-going", "-q", "docs", str(out)],
        tmp_path / "site", env)
    pages = {path.relative_to(out).as_posix() for path in out.rglob("*.html")}
    assert pages == {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    for name in ("cv.html", "publications.html", "index.html", "notes/morphling.html"):
        assert _article(out / name) == _article(site / name), name
