"""What a visitor's browser shows: no console errors, no sideways scrolling on a phone,
dark mode that is dark, and an e-mail link that works although the source hides it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sphinx.cmd.build import build_main

from browser import PAGES, VIEWPORTS, serve
from scholarsite.cv.load import load_cv

from conftest import DOCS
from fixture_site import write_site
from showcase_site import write_showcase

pytestmark = pytest.mark.browser

BROWSER_PAGES = ["home", "cv", "publications", "paper", "note", "course"]


def luminance(css_color: str) -> float:
    channels = [float(c) for c in css_color[css_color.index("(") + 1:-1].split(",")[:3]]
    return sum(channels) / 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.parametrize("name", BROWSER_PAGES)
def test_page_renders_cleanly(browser: Browser, base_url: str, name: str, device: str,
                              scheme: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[device], color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: errors.append(f"failed: {req.url}"))
    response = page.goto(base_url + PAGES[name], wait_until="load")
    assert response is not None and response.ok
    assert errors == []
    assert page.locator("article h1").first.is_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on {device}"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (luminance(background) < 80) is (scheme == "dark")
    context.close()


@pytest.fixture(scope="module")
def showcase_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("showcase")
    docs = write_showcase(root)
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(root / "html")]) == 0
    with serve(root / "html") as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.parametrize("path", ["index.html", "publications.html",
                                  "publications/example2024osdi.html", "cv.html"])
def test_every_feature_at_once_renders_cleanly(browser: Browser, showcase_url: str, path: str,
                                               device: str, scheme: str) -> None:
    """The showcase site (badges, thumbnail, reveals, photo, profiles, news) loads every
    resource, logs no error, and fits a phone; badge text is legible on its colour."""
    context = browser.new_context(viewport=VIEWPORTS[device], color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("requestfailed", lambda req: errors.append(f"failed: {req.url}"))
    response = page.goto(showcase_url + path, wait_until="load")
    assert response is not None and response.ok and errors == []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on {device}"
    # lazy thumbnails below the fold have not loaded yet: load each now and wait for it
    broken = page.evaluate("Promise.all([...document.images].map(i => { i.loading = 'eager'; "
                           "return i.decode().then(() => null, () => i.src); }))"
                           ".then(srcs => srcs.filter(Boolean))")
    assert broken == []
    for badge in page.locator(".ss-venue").all():
        ink, paper = badge.evaluate("b => [getComputedStyle(b).color, "
                                    "getComputedStyle(b).backgroundColor]")
        assert abs(luminance(ink) - luminance(paper)) > 100, (ink, paper)
    context.close()


def test_email_link_works_for_visitors(browser: Browser, base_url: str) -> None:
    address = load_cv(DOCS / "cv.yaml")[0].identity.email
    page = browser.new_page()
    page.goto(base_url + PAGES["home"])
    link = page.locator("a.ss-email")
    assert link.get_attribute("href") == f"mailto:{address}"
    assert link.inner_text().strip() == address
    page.close()


def test_mobile_navigation_reaches_every_section(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["mobile"])
    page = context.new_page()
    page.goto(base_url + PAGES["home"])
    page.locator(".mobile-header label.nav-overlay-icon").click()
    nav = page.locator(".sidebar-tree")
    for title in ("Curriculum Vitae", "Publications", "Research", "Teaching", "Reading notes"):
        assert nav.get_by_text(title, exact=True).first.is_visible()
    context.close()


def test_bibtex_reveal_opens_without_script_and_offers_copy(browser: Browser,
                                                          base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + PAGES["publications"])
    entry = page.locator("li#weng2023beware")
    bibtex = entry.locator("details.ss-reveal pre")
    assert not bibtex.is_visible()
    entry.locator("summary", has_text="BibTeX").click()
    assert bibtex.is_visible()
    assert bibtex.inner_text().startswith("@inproceedings{weng2023beware")
    assert entry.locator("details.ss-reveal button.copybtn").count() == 1
    page.close()


@pytest.mark.parametrize(("query", "expected"), [("Kubernetes", "Morphling (SoCC ’21)"),
                                                 ("fragmentation", "Beware of Fragmentation")])
def test_search_finds_notes_by_body_and_title(browser: Browser, base_url: str, query: str,
                                              expected: str) -> None:
    page = browser.new_page()
    page.goto(base_url + f"search.html?q={query}")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=10_000)
    assert any(text.startswith(expected) for text in results.all_inner_texts())
    page.close()


def test_non_ascii_email_link_works(browser: Browser, tmp_path: Path) -> None:
    """The address is UTF-8 under the base64: a visitor sees it as written, not mojibake."""
    docs = write_site(tmp_path / "site")
    cv = docs / "cv.yaml"
    cv.write_text(cv.read_text().replace("ada@example.org", "jörg@exämple.org"))
    out = tmp_path / "html"
    assert build_main(["-q", "-b", "html", str(docs), str(out)]) == 0
    with serve(out) as url:
        page = browser.new_page()
        page.goto(url + "index.html")
        link = page.locator("a.ss-email").first
        assert link.inner_text().strip() == "jörg@exämple.org"
        assert link.get_attribute("href") == "mailto:jörg@exämple.org"
        page.close()


def _contrast(foreground: str, background: str) -> float:
    def lum(css: str) -> float:
        channels = [float(c) / 255 for c in css[css.index("(") + 1:-1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((lum(foreground), lum(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_status_chips_are_legible_in_both_themes(browser: Browser, base_url: str,
                                                 scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + PAGES["notes"])
    chip = page.locator(".ss-chip--read").first
    ink, paper = chip.evaluate("c => [getComputedStyle(c).color, "
                               "getComputedStyle(c).backgroundColor]")  # the chip's own fill
    context.close()
    assert _contrast(ink, paper) >= 4.5, (ink, paper)
