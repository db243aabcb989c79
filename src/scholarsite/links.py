"""Internal link integrity of a built site: every relative link and anchor must resolve.

Sphinx's ``linkcheck`` builder checks external URLs over the network; nothing checks that the
HTML the site actually ships (including links inside raw HTML fragments, templates and the
theme) points at files and ids that exist. This module reads the built files with the
standard library's HTML parser and reports each broken link with the page that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
               ("iframe", "src"), ("source", "src")}


@dataclass(frozen=True)
class BrokenLink:
    page: Path
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url}: {self.reason}"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in {"id", "name"} and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in _LINK_ATTRS:
                self.links.append(value)


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def check_site(root: Path) -> list[BrokenLink]:
    """All broken relative links and fragments in the HTML pages under ``root``."""
    pages = {path.resolve(): _parse(path) for path in sorted(root.rglob("*.html"))}
    broken: list[BrokenLink] = []
    for page, parsed in pages.items():
        if page.name == "404.html":  # served at any path: its links are absolute on purpose
            continue
        for url in parsed.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # external: the linkcheck builder's business
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(BrokenLink(page.relative_to(root.resolve()), url, "no such file"))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if fragment not in ids:
                    broken.append(BrokenLink(page.relative_to(root.resolve()), url,
                                             f"no element with id {fragment!r}"))
    return broken
