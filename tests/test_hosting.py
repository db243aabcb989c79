"""Hosting: Read the Docs and GitHub Pages configuration, and the canonical URL."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from fixture_site import write_site


def test_readthedocs_config() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["build"]["tools"]["python"] == "3.11"
    assert "fonts-noto-cjk" in config["build"]["apt_packages"]  # the CV PDF needs CJK glyphs
    assert config["python"]["install"] == [{"method": "pip", "path": "."}]
    assert config["sphinx"]["configuration"] == "docs/conf.py"


def test_pages_workflow_builds_with_the_package_and_deploys() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = [step.get("uses", step.get("run", "")) for job in workflow["jobs"].values()
             for step in job["steps"]]
    assert "pip install ." in steps
    assert any(step.startswith("actions/upload-pages-artifact@") for step in steps)
    assert any(step.startswith("actions/deploy-pages@") for step in steps)


def test_canonical_url_from_read_the_docs(build_sandbox, sandbox: Path, monkeypatch) -> None:
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://lyang.readthedocs.io/en/latest/")
    app = build_sandbox(sandbox)
    html = BeautifulSoup((Path(app.outdir) / "cv.html").read_text(), "html.parser")
    assert html.select_one('link[rel="canonical"]')["href"] == (
        "https://lyang.readthedocs.io/en/latest/cv.html")
    not_found = (Path(app.outdir) / "404.html").read_text()
    assert 'href="/en/latest/_static/' in not_found


def test_404_links_resolve_from_a_nested_missing_url(site: Path) -> None:
    """GitHub Pages and Read the Docs serve 404.html at any missing URL, at any depth."""
    page = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    missing = "https://www.lingyunyang.com/notes/missing/deep.html"
    links = [tag.get("href") or tag.get("src") for tag in page.select("[href], [src]")]
    checked = 0
    for link in links:
        if link.startswith("#"):
            continue
        url = urlsplit(urljoin(missing, link))
        if url.scheme not in {"http", "https"} or url.hostname != "www.lingyunyang.com":
            continue
        path = url.path.lstrip("/") or "index.html"
        assert (site / path).is_file() or (site / path / "index.html").is_file(), link
        checked += 1
    assert checked >= 15  # assets, the sidebar and the page's own links


def test_index_pages_are_canonical_as_folders(site: Path) -> None:
    for name, url in (("index.html", "https://www.lingyunyang.com/"),
                      ("notes/index.html", "https://www.lingyunyang.com/notes/")):
        page = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        assert page.select_one('link[rel="canonical"]')["href"] == url
        assert page.select_one('meta[property="og:url"]')["content"] == url
    cv = BeautifulSoup((site / "cv.html").read_text(encoding="utf-8"), "html.parser")
    assert cv.select_one('link[rel="canonical"]')["href"].endswith("/cv.html")


def test_sitemap_lists_only_pages_worth_finding(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert not [url for url in locations
                if url.rsplit("/", 1)[-1] in {"404.html", "genindex.html", "search.html"}]
    assert any("/publications/weng2023beware.html" in url for url in locations)


def test_builds_print_only_what_the_owner_should_act_on(tmp_path: Path) -> None:
    docs = write_site(tmp_path)
    out = tmp_path / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", str(docs), str(out)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    (docs / "notes" / "first.md").write_text(
        (docs / "notes" / "first.md").read_text() + "\nMore.\n")
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    for printed in (first.stdout + first.stderr, again.stdout + again.stderr):
        assert "matplotlib" not in printed and "MdParserConfig" not in printed
    assert "The configuration has changed" not in again.stdout
    changed = subprocess.run([*command, "-D", "html_title=Elsewhere"], capture_output=True,
                             text=True, check=True)
    line = next(line for line in changed.stdout.splitlines()
                if "The configuration has changed" in line)  # the owner's change still shows
    assert "'html_title'" in line


def test_every_page_describes_itself(site: Path) -> None:
    """Search engines and shared links show a page's description: every page has one, and
    it is sentences, not a run of section headings."""
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        if name in {"genindex.html", "search.html"}:
            continue  # noindex pages
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = page.select_one('meta[name="description"]')
        assert meta is not None and meta["content"].strip(), name
        assert not re.search(r"(By \w+: ){2}", meta["content"]), name
