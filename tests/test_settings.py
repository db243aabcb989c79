"""Settings are declared once (``scholarsite.options``) and the owner's values win.

The README's table is the declaration; the extension registers exactly it; a MyST extension
list in conf.py is the owner's; ``scholarsite_caches = False`` builds the same site with
nothing kept between builds.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from conftest import ROOT
from scholarsite import options

EXAMPLE = ROOT / "tests" / "data" / "example-site"
SCHOLARSITE = [sys.executable, "-c", "from scholarsite.cli import run; run()"]
#: what the speed caches keep beside the doctrees
CACHE_FILES = {"scholarsite-bibliography.pickle", "scholarsite-citation-html.pickle",
               "scholarsite-cv-pdf.json", "scholarsite-jinja", "scholarsite-manifest.json",
               "scholarsite-navigation.json", "scholarsite-pages.json",
               "scholarsite-stems.pickle"}


def test_the_readme_table_is_the_declaration() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert options.markdown_table() in readme
    rows = [line for line in readme.splitlines() if line.startswith("| `scholarsite_")]
    assert len(rows) == len(options.SETTINGS)


def _site(root: Path, conf_lines: str = "") -> Path:
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("_build"))
    if conf_lines:
        with (root / "docs" / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(conf_lines)
    return root


def test_the_extension_registers_every_declared_setting(tmp_path: Path) -> None:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    site = _site(tmp_path / "site")
    with docutils_namespace():  # the directives it registers go when it does
        app = Sphinx(str(site / "docs"), str(site / "docs"), str(tmp_path / "out"),
                     str(tmp_path / "doctrees"), "html", status=None, warning=None)
    for setting in options.SETTINGS:
        written = {"scholarsite_cv": "cv.yaml", "scholarsite_show_phone": False,
                   "scholarsite_author_aliases": ["L. Yang", "Yang, Lingyun"]}
        assert app.config[setting.name] == written.get(setting.name, setting.default)


def _text(out: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("conf", ["", 'myst_enable_extensions = ["colon_fence"]\n'])
def test_the_owners_myst_extensions_are_theirs(conf: str, tmp_path: Path) -> None:
    site = _site(tmp_path / "site", conf)
    (site / "docs" / "maths.md").write_text("# Maths\n\nEnergy $E = mc^2$ here.\n\n"
                                           ":::{note}\nA fenced note.\n:::\n",
                                           encoding="utf-8")
    out = tmp_path / "out"
    assert build_main(["-q", "-b", "html", str(site / "docs"), str(out)]) == 0
    page = _text(out, "maths.html")
    assert page.select_one("div.admonition.note") is not None  # colon_fence in both
    assert (page.select_one("math") is not None) is (conf == "")  # dollarmath only by default


def _build(site: Path) -> str:
    done = subprocess.run([*SCHOLARSITE, "build", "docs", "--out", "_build/html"], cwd=site,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _edit(site: Path) -> None:
    note = site / "docs" / "notes" / "morphling.md"
    note.write_text(note.read_text(encoding="utf-8").replace(
        "auto-configuration for", "auto-configuration (edited) for"), encoding="utf-8")
    bib = site / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    assert "Morphling" in text
    bib.write_text(text.replace("Morphling", "Morphling Edited", 1), encoding="utf-8")


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_without_caches_the_same_site_and_nothing_kept(tmp_path: Path) -> None:
    """Default and ``scholarsite_caches = False``: a first build, a repeat, and a build after
    an edit of a note and of a bib entry write the same bytes; without caches nothing is
    kept for the next build and a repeat build runs Sphinx again."""
    cached = _site(tmp_path / "cached")
    plain = _site(tmp_path / "plain", "scholarsite_caches = False\n")
    for site in (cached, plain):
        _build(site)
    assert "is up to date" in _build(cached)
    assert "is up to date" not in _build(plain)
    for site in (cached, plain):
        _edit(site)
        _build(site)
    kept = {path.name for path in (plain / "_build" / ".html-doctrees").iterdir()}
    assert kept & CACHE_FILES == set()
    assert CACHE_FILES <= {path.name for path in (cached / "_build" / ".html-doctrees").iterdir()}
    a, b = cached / "_build" / "html", plain / "_build" / "html"
    assert _files(a) == _files(b)
    _, mismatch, errors = filecmp.cmpfiles(a, b, _files(a), shallow=False)
    assert (mismatch, errors) == ([], [])
    assert "Morphling Edited" in (a / "references.html").read_text(encoding="utf-8")


def test_the_build_state_is_one_domains_data(tmp_path: Path) -> None:
    """Nothing of ours is set on the environment itself: the notes and the digests travel in
    the ``scholarsite`` domain's data, which Sphinx pickles, clears per page and merges."""
    import pickle

    site = _site(tmp_path / "site")
    _build(site)
    with (site / "_build" / ".html-doctrees" / "environment.pickle").open("rb") as saved:
        env = pickle.load(saved)
    assert [name for name in vars(env) if "scholarsite" in name] == []
    data = env.domaindata["scholarsite"]
    assert set(data["notes"]) == {"notes/morphling", "notes/fragmentation-gradient-descent"}
    assert {"package_digest", "nav_fingerprint", "cited_digests", "reference_memo"} <= set(data)
    (site / "docs" / "notes" / "morphling.md").unlink()
    _build(site)
    with (site / "_build" / ".html-doctrees" / "environment.pickle").open("rb") as saved:
        assert set(pickle.load(saved).domaindata["scholarsite"]["notes"]) == {
            "notes/fragmentation-gradient-descent"}
