"""What al-folio and academicpages share as Jekyll sites: page bodies with Liquid, links to
the old site's own pages, the about page as the owner's bio, files named by site paths.

Hand-written for the same reason as the importers: these are Jekyll's conventions, which no
library reads outside Jekyll. Each page goes through one pipeline: Liquid converted or
reported (:mod:`.templating`), links to the old site's pages mapped, raw HTML through the
allowlist (:mod:`.raw_html`), headings closed up (:mod:`.pages`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import read_text
from ..paths import inside
from .frontmatter import front_matter
from .pages import paragraphs, site_links, under_title
from .raw_html import sanitise
from .report import Report
from .templating import Links, liquid


def slug(name: str, fallback: str) -> str:
    """A file name as a page name: lower case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or fallback


@dataclass
class Site:
    """One Jekyll site being imported: where it is, what the new site gets, what happened."""

    src: Path
    report: Report
    files: dict[str, str | bytes] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)  # the bibliography's keys, for {% cite %}
    #: the first path segment of an old site's page -> the new site's page
    pages: dict[str, str] = field(default_factory=lambda: {
        "": "/index.md", "about": "/index.md", "publications": "/publications.md",
        "cv": "/cv.md"})

    def file(self, site_path: str) -> Path | None:
        """The old site's file at a site path (``/images/x.png``), if it is one inside it."""
        path = self.src / site_path.split("?")[0].split("#")[0].lstrip("/")
        return path if path.is_file() and inside(self.src, path) else None

    def copy(self, site_path: str, folder: str, prefix: str = "") -> str | None:
        """The file at ``site_path`` copied to the new site's ``docs/<folder>``; its path from
        docs/, or None when there is no such file."""
        path = self.file(site_path)
        if path is None:
            return None
        self.files[f"docs/{folder}/{prefix}{path.name}"] = path.read_bytes()
        return f"{folder}/{prefix}{path.name}"

    def old_page(self, url: str) -> str | None:
        """A link to the old site's page as one to the new site's (a baseurl may come
        first), or None when the new site has no such page."""
        segments = [s.split(".")[0] for s in url.split("#")[0].split("?")[0].split("/") if s]
        known = [s for s in segments if s in self.pages]
        if not segments or known:
            return self.pages[known[0] if known else ""]
        return None

    def links(self, page: Path, images: str) -> Links:
        """How a page's Liquid reaches files, papers and pages."""
        return Links(
            image=lambda path: self._image(page, path, images),
            cite=lambda keys: "{cite:p}`" + ",".join(keys) + "`"
            if keys and all(key in self.keys for key in keys) else None,
            page=self.old_page)

    def _image(self, page: Path, path: str, images: str) -> str | None:
        """An image of a page copied beside it (``images`` is ``<folder>/images``)."""
        new = self.copy(path, images, slug(page.stem, "page") + "-")
        return new and "images/" + new.rsplit("/", 1)[-1]

    def body(self, path: Path, body: str, offset: int, images: str) -> str:
        """A page body as MyST (its first line is line ``offset + 1`` of ``path``): figures
        copied to ``docs/<images>`` (a folder ``images`` beside the page)."""
        body = liquid(body, path, offset, self.report, self.links(path, images))
        body = site_links(path, offset, body, self.old_page, self.report)
        return under_title(sanitise(body, lambda line, message: self.report.skip(
            path, line + offset, message)))

    def read(self, path: Path, what: str) -> tuple[dict[str, Any] | None, str, int]:
        """A page's front matter (None when unreadable: reported), body and body offset."""
        return front_matter(path, read_text(path, what), self.report)

    def bio(self, path: Path, body: str, offset: int) -> list[str]:
        """The about page's paragraphs as Markdown: Liquid values resolved, HTML converted,
        links to the old site's pages mapped."""
        body = liquid(body, path, offset, self.report, Links(page=self.old_page))
        return [site_links(path, line - 1, text, self.old_page, self.report)
                for line, text in paragraphs(path, offset, body, self.report)]
