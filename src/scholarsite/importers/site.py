"""What the site importers (al-folio, academicpages, Hugo Blox) share: page bodies with
template tags, images and links to the old site's own pages, the about page as the owner's
bio, collections of pages as sections, news items, files named by site paths.

Hand-written for the same reason as the importers: these are the generators' conventions,
which no library reads outside them. Each page goes through one pipeline: Liquid or Hugo
shortcodes converted or reported (:mod:`.templating`), images copied, links to the old
site's pages mapped, raw HTML through the allowlist (:mod:`.raw_html`), headings closed up
(:mod:`.pages`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import read_text
from ..paths import inside, readable
from ..text import CONTROL
from .bibtex import plain
from .dates import is_day
from .frontmatter import front_matter
from .guard import guard
from .mathcode import plain_math_and_code, renders
from .pages import (
    footnotes,
    index_page,
    inline_references,
    local_images,
    paragraphs,
    plain_title,
    site_links,
    under_title,
)
from .raw_html import sanitise
from .report import Report
from .templating import Links, liquid

#: a thematic break (Markdown's rule); MyST warns of one at a page's or section's edge
RULE = r"[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})"


def slug(name: str, fallback: str) -> str:
    """A file name as a page name: lower case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or fallback


#: the page formats of a source, most wanted first: a page written in R Markdown is read
#: only when the site has no rendered Markdown or HTML of it (blogdown keeps both)
_FORMATS = (".md", ".markdown", ".html", ".rmarkdown", ".rmd")


def page_stem(path: Path) -> str:
    """The name of the page a source file is: its own, or its bundle's (``x/index.en.md``)."""
    stem = path.stem.partition(".")[0]
    return path.parent.name if stem in {"index", "_index"} else stem


def _page_files(base: Path) -> list[Path]:
    """The pages of a folder: its files, and the index of each bundle (``<name>/index.md``,
    ``index.en.markdown``, ...), one file per page: a translation (``x.fr.md`` beside
    ``x.md`` or ``x.en.md``) and the other formats of a page are left out."""

    def rank(path: Path) -> tuple[int, int]:
        language = path.stem.partition(".")[2]
        return (0 if language in {"", "en"} else 1, _FORMATS.index(path.suffix.lower()))

    pages: dict[tuple[Path, str], Path] = {}
    files = sorted(base.glob("*")) + sorted(base.glob("*/index.*")) if base.is_dir() else []
    for path in files:
        if path.suffix.lower() not in _FORMATS or not path.is_file() \
                or path.name.startswith("_index."):
            continue
        page = (path.parent, page_stem(path))
        if page not in pages or rank(path) < rank(pages[page]):
            pages[page] = path
    return sorted(pages.values())


@dataclass
class Site:
    """One site being imported: where it is, what the new site gets, what happened."""

    src: Path
    report: Report
    #: the generator's template tags: Jekyll's Liquid, or Hugo's shortcodes
    markup: Callable[..., str] = liquid
    #: folders that site paths (``/images/x.png``) are found in, the site's folder by default
    roots: list[Path] = field(default_factory=list)
    files: dict[str, str | bytes] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)  # the bibliography's keys, for {% cite %}
    #: the old site's addresses of paper pages (``publication/x``) -> bibliography keys
    papers: dict[str, str] = field(default_factory=dict)
    #: the first path segment of an old site's page -> the new site's page
    pages: dict[str, str] = field(default_factory=lambda: {
        "": "/index.md", "about": "/index.md", "publications": "/publications.md",
        "cv": "/cv.md"})

    def file(self, site_path: str, page: Path | None = None) -> Path | None:
        """The old site's file at a site path (``/images/x.png``), or at a path relative to
        ``page`` (a Hugo bundle's ``featured.jpg``), if it is one inside the site."""
        name = site_path.split("?")[0].split("#")[0]
        if re.match(r"[a-z][a-z0-9+.-]*:|//", name, re.I) or not name.strip():
            return None
        bases = [page.parent] if page is not None and not name.startswith("/") else []
        for base in [*bases, *(self.roots or [self.src])]:
            path = base / name.lstrip("/")
            if path.is_file() and inside(self.src, path):
                return path
        return None

    def copy(self, site_path: str, folder: str, prefix: str = "",
             page: Path | None = None) -> str | None:
        """The file at ``site_path`` copied to the new site's ``docs/<folder>``; its path from
        docs/, or None when there is no such file."""
        path = self.file(site_path, page)
        if path is None:
            return None
        data = path.read_bytes()
        # ASCII names: MyST percent-encodes a link's other letters, and Sphinx then looks
        # for a file named so; files whose names fold alike both come over
        stem, suffix = (re.sub(r"[^A-Za-z0-9._-]+", "-", unicodedata.normalize(
            "NFKD", part).encode("ascii", "ignore").decode()).strip("-")
            for part in (path.stem, path.suffix))
        name = base = f"{prefix}{stem or 'file'}"
        number = 1
        while self.files.get(f"docs/{folder}/{name}{suffix}", data) != data:
            number += 1
            name = f"{base}-{number}"
        self.files[f"docs/{folder}/{name}{suffix}"] = data
        return f"{folder}/{name}{suffix}"

    def link(self, text: str, url: str, downloads: bool = True,
             page: Path | None = None) -> str | None:
        """A Markdown link to a page or file of the old site as the new site's: its page, a
        download of the file (copied to docs/files/; not in a bio, which is plain Markdown),
        a web address for a bare domain (``example.org``); None when there is none. A path
        may be the site's (``/project/x/``) or relative to ``page`` (``../x/``,
        ``./slides.pdf``)."""
        target = url.split("#")[0].split("?")[0]
        address = re.sub(r"^(?:\.{1,2}/)+", "", target)
        paper = self.papers.get(re.sub(r"(/index)?(\.html)?/?$", "", address).strip("/"))
        if paper in self.keys and downloads:  # a page, where roles work: cite the paper
            return f"{text} {{cite:p}}`{paper}`"
        if re.search(r"\.[A-Za-z0-9]{1,5}$", address) and \
                not address.endswith((".html", ".htm", ".md")):  # a file
            new = self.copy(target, "files", page=page) if downloads else None
            if new is not None:
                label = " ".join(re.sub(r"<[^>]*>|[`<>]", " ", text).split())  # a role's
                return f"{{download}}`{label or new} </{new}>`"  # text: no markup, no <>
        elif (new_page := self.old_page(address)) is not None:
            return f"[{text}]({new_page})"
        if re.fullmatch(r"(www\.)?[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/\S*)?", url, re.I):
            return f"[{text}](https://{url})"
        return None

    def old_page(self, url: str) -> str | None:
        """A link to the old site's page as one to the new site's (a baseurl may come
        first): the page itself (``project/x``) when it came over, else its section's index;
        None when the new site has no such page."""
        segments = [s.split(".")[0].casefold() for s in url.split("#")[0].split("?")[0]
                    .split("/") if s]
        pairs = [f"{a}/{b}" for a, b in zip(segments, segments[1:]) if f"{a}/{b}" in self.pages]
        known = pairs or [s for s in segments if s in self.pages]
        if not segments or known:
            return self.pages[known[0] if known else ""]
        return None

    def page_name(self, folder: str, name: str, fallback: str) -> str:
        """A page name under ``docs/<folder>/`` for a source named ``name``, not taken yet:
        two sources whose names slug alike both come over, and ``index`` stays the folder's
        index page."""
        base = stem = slug(name, fallback)
        number = 1
        while stem == "index" or f"docs/{folder}/{stem}.md" in self.files:
            number += 1
            stem = f"{base}-{number}"
        return stem

    def links(self, page: Path, images: str) -> Links:
        """How a page's Liquid reaches files, papers and pages."""
        return Links(
            image=lambda path: self._image(page, path, images),
            cite=lambda keys: "{cite:p}`" + ",".join(keys) + "`"
            if keys and all(key in self.keys for key in keys) else None)

    def _image(self, page: Path, path: str, images: str) -> str | None:
        """An image of a page copied beside it (``images`` is ``<folder>/images``)."""
        if path.startswith("images/") and f"docs/{images}/{path[7:]}" in self.files:
            return path  # copied already (by a template tag)
        stem = slug(page_stem(page), "page")
        new = self.copy(path, images, stem + "-", page)
        return new and "images/" + new.rsplit("/", 1)[-1]

    def body(self, path: Path, body: str, offset: int, images: str) -> str:
        """A page body as MyST (its first line is line ``offset + 1`` of ``path``): figures
        copied to ``docs/<images>`` (a folder ``images`` beside the page)."""
        links = self.links(path, images)
        body = self.markup(body, path, offset, self.report, links)  # may write images
        body = local_images(path, offset, body, links.image, self.report)
        body = site_links(path, offset, body, partial(self.link, page=path), self.report)
        looks: list[str] = []

        def problem(line: int, message: str) -> None:
            if re.match(r"attribute (?!href=|src=|on)[\w:-]+=", message):
                looks.append(message.split("=", 1)[0].split()[-1])
            else:
                self.report.skip(path, line + offset, message)

        body = plain_math_and_code(path, offset, under_title(sanitise(body, problem)),
                                   self.report)
        body = footnotes(path, offset, body, self.report)
        rule = RULE  # a page may not begin or end with a rule (a transition)
        lines = body.strip("\n").split("\n")
        while lines and (re.fullmatch(rule, lines[0]) or not lines[0].strip()):
            lines.pop(0)
        while lines and (re.fullmatch(rule, lines[-1]) or not lines[-1].strip()):
            lines.pop()
        body = "\n".join(lines)
        # nor may a section begin with one, or two follow each other
        after = re.compile(rf"(^#{{1,6}} [^\n]*\n|^{rule}\n)(\s*\n)*{rule}\n", re.M)
        while after.search(body):
            body = after.sub(r"\1", body)
        body = guard(path, offset, body, self.report, images.rsplit("/", 1)[0],
                     lambda where: f"docs/{where}" in self.files)
        if looks:  # styling is the new theme's: one line, not one per attribute
            self.report.skip(path, None, f"{len(looks)} styling attributes of its HTML "
                                         f"dropped ({', '.join(sorted(set(looks))[:6])})")
        return body

    def read(self, path: Path, what: str) -> tuple[dict[str, Any] | None, str, int]:
        """A page's front matter (None when unreadable: reported), body and body offset."""
        text = read_text(path, what).replace("\r\n", "\n")
        if CONTROL.search(text):  # the build refuses them; they are no one's text
            self.report.repair(path, None, "control characters removed")
            text = CONTROL.sub("", text)
        return front_matter(path, text, self.report)

    def line(self, path: Path, value: object) -> str:
        """A front-matter text shown on one line (a lead, an abstract): its template tags
        resolved (``{{< math >}}``), then plain text with the inline formulas that render
        kept as math."""
        text = self.markup(str(value or ""), path, 0, self.report, Links())
        parts = re.split(r"(\$[^$\n]+\$)", " ".join(text.split()))
        return "".join(
            part if part.startswith("$") and len(part) > 2 and renders(part[1:-1], False)
            else (" " if part[:1].isspace() else "") + plain_title(plain(part))
            + (" " if part[-1:].isspace() else "") for part in parts).strip()

    def bio(self, path: Path, body: str, offset: int) -> list[str]:
        """The about page's paragraphs as Markdown: Liquid values resolved, HTML converted,
        links to the old site's pages mapped."""
        body = inline_references(self.markup(body, path, offset, self.report, Links()), offset)
        found = [guard(path, line - 1, plain_math_and_code(path, line - 1, site_links(
            path, line - 1, text, partial(self.link, downloads=False), self.report),
            self.report), self.report)
            for line, text in paragraphs(path, offset, body, self.report)]
        return [text for text in found if text.strip()]

    def sources(self, folder: str, template: re.Pattern[str] | None = None
                ) -> list[tuple[Path, dict[str, Any], str, int]]:
        """The pages of a collection (Jekyll's ``_talks``; a Hugo section, whose pages may be
        bundles: ``<name>/index.md``): path, front matter, body, body offset. A draft or a
        page whose title is the template's example is left out (reported)."""
        found = []
        for path in _page_files(self.src / folder):
            if not readable(path):  # a link to someone else's file (/etc/passwd)
                self.report.skip(path, None, f"links to {path.resolve()}, outside the site: "
                                             "not read")
                continue
            front, body, offset = self.read(path, "page")
            title = str((front or {}).get("title") or "")
            if template is not None and template.match(title.strip()):
                self.report.skip(path, 1, f"{title!r} is the template's example: left out")
                continue
            if (front or {}).get("draft") is True or (front or {}).get("published") is False:
                self.report.skip(path, 1, "a draft, not published: left out")
                continue
            found.append((path, front or {}, body, offset))
        return found

    def collection(self, folders: list[str], target: str, heading: str,
                   template: re.Pattern[str] | None = None, order: str = "") -> int:
        """The pages of collections (``_projects``, ``_portfolio``; Hugo's ``project`` and
        ``projects``) as pages under ``docs/<target>/``: the title, the description or
        excerpt as a lead line, the body; an index page ``heading`` lists them by the number
        in the front-matter field ``order`` (else by file name). The number of pages."""
        pages: list[tuple[float, str]] = []
        for folder in folders:
            for path, front, body, offset in self.sources(folder, template):
                stem = self.page_name(target, page_stem(path), "page")
                text = self.body(path, body, offset, f"{target}/images").strip()
                lead = self.line(path, front.get("description") or front.get("excerpt") or
                                 front.get("summary") or "")
                title = plain_title(front.get("title") or page_stem(path))
                self.pages[f"{Path(folder).name.strip('_')}/{page_stem(path)}".casefold()] = \
                    f"/{target}/{stem}.md"
                self.files[f"docs/{target}/{stem}.md"] = (
                    f"# {title}\n\n" + (f"*{lead}*\n\n" if lead else "") + text + "\n")
                rank = str(front.get(order, "")) if order else ""
                pages.append((float(rank) if re.fullmatch(r"-?\d+(\.\d+)?", rank) else
                              float("inf"), stem))
        if pages:
            self.files[f"docs/{target}/index.md"] = index_page(
                heading, [stem for _, stem in sorted(pages)])
            self.report.counts[target] = f"{len(pages)} pages"
            self.pages |= {Path(folder).name.strip("_"): f"/{target}/index.md"
                           for folder in folders}
        return len(pages)

    def news(self, folder: str, template: re.Pattern[str] | None = None) -> int:
        """News items or posts (``_news``, ``_posts``) as items under docs/news/ with a news
        page: the date (front matter, else the file name) and ``inline`` kept, a title from
        the front matter or else the first words of the text. The number of items."""
        count = 0
        for path, front, body, offset in self.sources(folder, template):
            days = [found[0] for text in (str(front.get("date") or ""), path.name,
                                          path.parent.name)
                    if (found := re.match(r"\d{4}-\d{2}-\d{2}", text))]
            real = [day for day in days if is_day(day)]
            if not real:
                self.report.skip(path, 1, (f"{days[0]} is no day of the calendar" if days else
                                           "no date in the front matter or the file name")
                                 + ": news item not imported")
                continue
            if days[0] not in real:
                self.report.skip(path, 1, f"{days[0]} is no day of the calendar: the file "
                                          f"name's {real[0]} used")
            day = real[0]
            text = self.body(path, body, offset, "news/images").strip()
            if front.get("inline"):  # shown inside the news list, where a rule may not be
                text = re.sub(rf"^{RULE}$", "", text, flags=re.M)
            words = re.sub(r"[*_`#>\[\]]|\(https?://[^)]*\)|{cite:p}`[^`]*`", "",
                           text).split()
            title = plain_title(front.get("title") or "") or plain_title(
                " ".join(words[:8]) + ("…" if len(words) > 8 else "")) or day
            inline = "true" if front.get("inline") else "false"
            stem = self.page_name("news", page_stem(path), "item")
            self.files[f"docs/news/{stem}.md"] = (
                f"---\ndate: {day}\ninline: {inline}\n---\n\n# {title}\n\n{text}\n")
            count += 1
        if count:
            self.files["docs/news/index.md"] = "# News\n\n```{news}\n```\n"
            self.report.counts["news"] = f"{count} items"
            self.pages[Path(folder).name.strip("_")] = "/news/index.md"
        return count
