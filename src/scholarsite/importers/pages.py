"""Page bodies of imported sites made what the build accepts: headings that do not jump,
links to the old site's own pages mapped to the new site's, HTML paragraphs of a bio as
Markdown.

Hand-written: these are policies of this site (MyST warns about heading jumps, ``check``
fails on links to missing pages, a bio may hold no raw HTML), applied line by line with code
blocks left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from .html import has_html, to_markdown
from .report import Report

class Fences:
    """Fenced code blocks met line by line: which lines are code (the fences included), so
    that converters leave them as they are."""

    def __init__(self) -> None:
        self.fence = ""  # the open fence's backticks or tildes; "" outside code

    def holds(self, line: str) -> bool:
        if not self.fence:
            opening = re.match(r"^\s*(`{3,}|~{3,})", line)
            self.fence = opening[1] if opening else ""
            return bool(opening)
        if line.strip().startswith(self.fence) and not line.strip()[len(self.fence):].strip():
            self.fence = ""
        return True


class Headings:
    """GitBook accepts heading levels that jump (# then ###); MyST warns. Each heading gets
    the level of its place in the outline: one below the nearest heading above it with a
    smaller written level, so the outline keeps its shape without gaps."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, int]] = []  # (written level, new level)

    def level(self, written: int) -> int:
        while self.stack and self.stack[-1][0] >= written:
            self.stack.pop()
        new = self.stack[-1][1] + 1 if self.stack else 1
        self.stack.append((written, new))
        return new


def under_title(body: str) -> str:
    """The body's headings closed up below the page's title (Jekyll and Hugo pages jump from
    # to ####, which MyST warns about): the outline keeps its shape, starting at ##."""
    code, levels, out = Fences(), Headings(), []
    for line in body.split("\n"):
        heading = None if code.holds(line) else re.match(r"^(#{1,6})(\s.*)$", line)
        if heading:
            line = "#" * min(6, levels.level(len(heading[1])) + 1) + heading[2]
        out.append(line)
    return "\n".join(out)


def site_links(path: Path, offset: int, body: str,
               resolve: Callable[[str, str], str | None], report: Report) -> str:
    """Markdown links to the old site's own pages and files (``/publications/``,
    ``/files/cv.pdf``, ``talks/x``) as ``resolve(text, target)`` writes them for the new site;
    one it cannot place keeps its text (reported): a link to a missing page would fail the
    build's check. Web addresses, anchors and code blocks are left as they are."""
    code, out = Fences(), []
    for number, line in enumerate(body.split("\n"), offset + 1):

        def link(match: re.Match[str], at: int = number) -> str:
            target = match[2].strip("<>")
            if re.match(r"[a-z][a-z0-9+.-]*:|#|//", target, re.I) or not target:
                return match[0]
            new = resolve(match[1], target)
            if new is not None:
                return new
            report.skip(path, at, f"link to the old site's page {target!r}: its text kept")
            return match[1]

        out.append(line if code.holds(line) else
                   re.sub(r"(?<!!)\[([^\]]*)\]\((<[^>]*>|[^)\s]*)\)", link, line))
    return "\n".join(out)


def paragraphs(path: Path, offset: int, body: str, report: Report) -> list[tuple[int, str]]:
    """A bio's paragraphs as Markdown, each with its line: HTML converted (most real about
    pages are HTML); headings and blocks of code left out (a bio has neither), each change
    reported."""
    out: list[tuple[int, str]] = []
    for found in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", body):
        block, line = found[0].strip(), body.count("\n", 0, found.start()) + 1 + offset
        if not block:
            continue
        if block.startswith(("#", "```", "~~~")):
            report.skip(path, line, f"{block[:40]!r}: a heading or code in the bio: left out")
            continue
        if has_html(block):
            block = to_markdown(block, lambda message, at=line: report.skip(path, at, message))
        out += [(line, p.strip()) for p in re.split(r"\n\s*\n", block) if p.strip()]
    return out


def plain_title(value: object) -> str:
    """A title from someone's front matter as the plain text of a heading: tags dropped,
    whitespace collapsed, every character MyST would read as markup escaped (a title may
    not start a role, a substitution, math or raw HTML)."""
    text = " ".join(BeautifulSoup(str(value), "html.parser").get_text().split())
    return re.sub(r"([\\`*_\[\]<>{}$|~#])", r"\\\1", text)


def index_page(title: str, stems: list[str]) -> str:
    """A section's index page: its title and the pages under it, in order."""
    return f"# {title}\n\n```{{toctree}}\n:maxdepth: 1\n\n" + "\n".join(stems) + "\n```\n"


def local_images(path: Path, offset: int, body: str, image: Callable[[str], str | None],
                 report: Report) -> str:
    """Markdown images of the old site's files (``![x](/images/x.png)``) pointed at the copy
    ``image`` makes; one it cannot find becomes its alt text (reported): MyST would warn
    about a missing image. Code blocks are left as they are."""
    code, out = Fences(), []
    for number, line in enumerate(body.split("\n"), offset + 1):

        def picture(match: re.Match[str], at: int = number) -> str:
            target = match[2].strip().strip("<>").split(" ")[0]
            if re.match(r"https?://", target, re.I):
                return match[0]
            new = image(target)
            if new is None:
                report.skip(path, at, f"image {target[:60]!r}: no such file: its alt text kept")
                return match[1]
            return f"![{match[1]}]({new})"

        out.append(line if code.holds(line) else
                   re.sub(r"!\[([^\]]*)\]\(([^)]*)\)", picture, line))
    return "\n".join(out)
