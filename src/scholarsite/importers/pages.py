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
    that converters leave them as they are. With ``prose``, the body of a directive whose
    content is Markdown (``{note}``, ``{dropdown}``...; a converted callout or hint) counts
    as text, its fences as code."""

    def __init__(self, prose: bool = False) -> None:
        self.prose = prose
        self.open: list[tuple[str, bool]] = []  # the open fences: marker, body is Markdown

    def holds(self, line: str) -> bool:
        stripped = line.strip()
        if self.open and re.fullmatch(re.escape(self.open[-1][0][0]) +
                                      f"{{{len(self.open[-1][0])},}}", stripped):
            self.open.pop()  # a fence closes on a line of at least as many of its marks
            return True
        if self.open and not self.open[-1][1]:
            return True
        opening = re.match(r"^\s*(`{3,}|~{3,})\s*(?:\{([\w:-]+)\})?", line)
        if opening:
            self.open.append((opening[1], self.prose and opening[2] in MARKDOWN_DIRECTIVES))
        return bool(opening)


#: directives whose content is Markdown, as the importers write them
MARKDOWN_DIRECTIVES = {"note", "tip", "hint", "important", "warning", "caution", "attention",
                       "danger", "error", "seealso", "admonition", "dropdown"}


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


def prose(body: str, offset: int, change: Callable[[str, Callable[[int], int]], str]) -> str:
    """``body`` with ``change(text, line_of)`` applied to each run of lines outside code
    blocks (so links and images written over several lines are found); ``line_of(index)``
    is the file line of an index into that text."""
    code, out, run, first = Fences(prose=True), [], [], 0
    lines = body.split("\n")

    def flush() -> None:
        if run:
            text, start = "\n".join(run), first
            out.append(change(text, lambda index: start + text.count("\n", 0, index)))
            run.clear()

    for number, line in enumerate(lines, offset + 1):
        if code.holds(line):
            flush()
            out.append(line)
        else:
            first = number if not run else first
            run.append(line)
    flush()
    return "\n".join(out)


_DEFINITION = re.compile(
    r"^ {0,3}\[(?!\^)([^\]]+)\]:[ \t]*(<[^>]*>|\S+)(?:[ \t]+[\"'(].*)?[ \t]*$\n?", re.M)


def inline_references(body: str, offset: int) -> str:
    """Reference links (``[text][x]``, ``[x][]``, ``[x]`` with ``[x]: target`` elsewhere)
    written inline, their definitions dropped: a bio is cut into paragraphs shown apart
    (interests, bio), and a definition would reach only its own paragraph."""
    found: dict[str, str] = {}

    def collect(text: str, _line_of: Callable[[int], int]) -> str:
        for match in _DEFINITION.finditer(text):
            found.setdefault(match[1].casefold(), match[2].strip("<>"))
        return text

    prose(body, offset, collect)
    if not found:
        return body

    def change(text: str, _line_of: Callable[[int], int]) -> str:
        def use(match: re.Match[str]) -> str:
            target = found.get((match[3] or match[2]).casefold())
            return match[0] if target is None else f"{match[1]}[{match[2]}](<{target}>)"

        text = _DEFINITION.sub(lambda m: "" if m[1].casefold() in found else m[0], text)
        return re.sub(r"(?<![\]\\])(!?)\[(?!\^)([^\]]+)\](?:\[([^\]]*)\])?(?![(:\[])", use, text)

    return prose(body, offset, change)


def site_links(path: Path, offset: int, body: str,
               resolve: Callable[[str, str], str | None], report: Report) -> str:
    """Links to the old site's own pages and files (``/publications/``, ``/files/cv.pdf``,
    ``talks/x``) as ``resolve(text, target)`` writes them for the new site; one it cannot
    place keeps its text (reported): a link to a missing page would fail the build's check.
    Web addresses, anchors and code blocks are left as they are; reference definitions to
    nowhere (``[x]: #``) are dropped, and links in raw HTML keep their text unless they name
    a web address."""

    def change(text: str, line_of: Callable[[int], int]) -> str:
        def link(match: re.Match[str]) -> str:
            target = match[2].strip("<>")
            if target in {"", "#"}:  # a link to nowhere: MyST warns
                return match[1]
            if target.startswith("#"):  # the old page's anchors are not the new page's
                report.skip(path, line_of(match.start()), f"link to the anchor {target!r}: "
                                                          "its text kept")
                return match[1]
            if re.match(r"[a-z][a-z0-9+.-]*:|//", target, re.I):
                return match[0]
            new = resolve(match[1], target)
            if new is not None:
                return new
            report.skip(path, line_of(match.start()), f"link to the old site's page "
                                                      f"{target!r}: its text kept")
            return match[1]

        def anchor(match: re.Match[str]) -> str:
            href = re.search(r"""\shref\s*=\s*["']?([^"'\s>]*)""", match[0], re.I)
            target = href[1] if href else None
            if target is None or re.match(r"[a-z][a-z0-9+.-]*:|#|//", target, re.I):
                return match[0]
            new = resolve("", target)
            web = re.search(r"\((https?://[^)\s]+)\)", new or "")
            if web:
                return match[0][:href.start(1)] + web[1] + match[0][href.end(1):]
            report.skip(path, line_of(match.start()), f"link to the old site's page "
                                                      f"{target!r} in HTML: its text kept")
            return "<a>"

        def definition(match: re.Match[str]) -> str:
            target = match[2].strip("<>")
            if re.match(r"[a-z][a-z0-9+.-]*:|#.|//", target, re.I):
                return match[0]
            new = re.fullmatch(r"\[x\]\(([^)\s]+)\)", resolve("x", target) or "") \
                if target not in {"", "#"} else None
            if new is None:
                report.skip(path, line_of(match.start()), f"link to the old site's page "
                                                          f"{target!r}: its text kept")
                return ""
            return f"{match[1]} {new[1]}{match[3] or ''}"

        text = re.sub(r"^( {0,3}\[[^\]]+\]:)[ \t]*(\S*)([ \t]+[\"'(].*)?[ \t]*$\n?",
                      definition, text, flags=re.M)
        text = re.sub(r"(?<!!)\[([^\]]*)\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?"
                      r"\s*\)", link, text)  # the address may have spaces and a title about it
        return re.sub(r"<a\s[^<>]*>", anchor, text, flags=re.I)

    return prose(body, offset, change)


def paragraphs(path: Path, offset: int, body: str, report: Report) -> list[tuple[int, str]]:
    """A bio's paragraphs as Markdown, each with its line: HTML converted (most real about
    pages are HTML); headings and blocks of code left out (a bio has neither), each change
    reported."""
    out: list[tuple[int, str]] = []
    if "<!--" in body:  # commented-out text (often the template's) is no one's bio
        report.skip(path, None, "HTML comments in the bio: left out")
        body = re.sub(r"<!--.*?(-->|$)", lambda m: "\n" * m[0].count("\n"), body, flags=re.S)
    for found in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", body):
        block, line = found[0].strip(), body.count("\n", 0, found.start()) + 1 + offset
        if not block:
            continue
        if block.startswith(("#", "```", "~~~")):
            report.skip(path, line, f"{block[:40]!r}: a heading or code in the bio: left out")
            continue
        if has_html(block):
            block = to_markdown(block, lambda message, at=line: report.skip(path, at, message))
        if re.search(r"!\[", block):
            report.skip(path, line, "images in the bio: left out, their alt text kept")
            block = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", block)
        block = re.sub(r"^\s*([-*_])(\s*\1){2,}\s*$", "", block, flags=re.M)  # rules
        if "[^" in block:  # a bio has no footnotes: the note's text is kept in its place
            report.skip(path, line, "footnote marks in the bio: left out, the notes' text kept")
            block = re.sub(r"\[\^[^\]\s]+\]:?", "", block)
        out += [(line, p.strip()) for p in re.split(r"\n\s*\n", block) if p.strip()]
    return out


def plain_title(value: object) -> str:
    """A title from someone's front matter as the plain text of a heading: tags dropped,
    whitespace collapsed, every character MyST would read as markup escaped (a title may
    not start a role, a substitution, math or raw HTML)."""
    text = " ".join(BeautifulSoup(str(value), "html.parser").get_text().split())
    return re.sub(r"([\\`*_\[\]<>{}$|~#])", r"\\\1", text)


def index_page(title: str, stems: list[str], lead: str = "") -> str:
    """A section's index page: its title, a ``lead`` paragraph, the pages under it in order."""
    return f"# {title}\n\n" + (f"{lead}\n\n" if lead else "") + \
        "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(stems) + "\n```\n"


def local_images(path: Path, offset: int, body: str, image: Callable[[str], str | None],
                 report: Report) -> str:
    """Images of the old site's files (Markdown ``![x](/images/x.png)`` and HTML ``<img>``)
    pointed at the copy ``image`` makes: an HTML one becomes a Markdown image in a paragraph
    of its own, since the build copies only the images MyST reads. One it cannot find becomes
    its alt text (reported): the build would warn about a missing image. Code blocks are left
    as they are."""

    def change(text: str, line_of: Callable[[int], int]) -> str:
        def picture(match: re.Match[str]) -> str:
            target = match[2].strip().strip("<>").split(" ")[0]
            if re.match(r"https?://", target, re.I):
                return match[0]
            new = image(target)
            if new is None:
                report.skip(path, line_of(match.start()), f"image {target[:60]!r}: no such "
                                                          "file: its alt text kept")
                return match[1]
            return f"![{match[1]}]({new})"

        def tag(match: re.Match[str]) -> str:
            source = re.search(r"""\ssrc\s*=\s*["']?([^"'\s>]+)""", match[0], re.I)
            target = source[1] if source else ""
            if re.match(r"https?://", target, re.I):
                return match[0]
            alt = re.search(r"""\salt\s*=\s*["']([^"']*)["']""", match[0], re.I)
            words = " ".join((alt[1] if alt else "").split()).replace("]", "")
            new = image(target) if target else None
            if new is None:
                report.skip(path, line_of(match.start()), f"image {target[:60]!r}: no such "
                            "file: left out" + (", its alt text kept" if words else ""))
                return words
            return f"\n\n![{words}]({new})\n\n"

        text = re.sub(r"!\[([^\]]*)\]\(([^)]*)\)", picture, text)
        return re.sub(r"<img\b[^<>]*>", tag, text, flags=re.I)

    return prose(body, offset, change)


def interests_line(paragraph: str) -> str:
    """A bio paragraph as the CV's interests: one line, links to the site's own pages as
    their text (the interests are shown on several pages, as inline Markdown)."""
    text = re.sub(r"(?<!!)\[([^\]]*)\]\((?!https?:|mailto:)[^)]*\)", r"\1", paragraph)
    return re.sub(r"\s+", " ", text).strip()


_MARK = re.compile(r"\[\^([^\]\s]+)\]")


def _is_note(text: str, mark: re.Match[str]) -> bool:
    """Whether a ``[^x]`` starts a footnote (``[^x]:`` at the start of a line), not marks."""
    start = text.rfind("\n", 0, mark.start()) + 1
    return text[mark.end():mark.end() + 1] == ":" and len(text[start:mark.start()]) <= 3 \
        and not text[start:mark.start()].strip()


def footnotes(path: Path, offset: int, body: str, report: Report) -> str:
    """Footnote marks without a note, notes no mark points to and notes given twice (MyST
    warns of each; real pages lose or repeat one in edits): the mark dropped, the note kept
    as a paragraph; each reported. Code blocks are left as they are."""
    code, plain_lines = Fences(prose=True), []
    for line in body.split("\n"):
        plain_lines.append("" if code.holds(line) else line)
    text = "\n".join(plain_lines)
    definitions = re.findall(r"^ {0,3}\[\^([^\]\s]+)\]:", text, re.M)
    defined = set(definitions)
    used = {m[1] for m in _MARK.finditer(text) if not _is_note(text, m)}
    if defined == used and len(definitions) == len(defined):
        return body
    seen: set[str] = set()

    def change(chunk: str, line_of: Callable[[int], int]) -> str:
        def note(match: re.Match[str]) -> str:
            why = "has no mark" if match[1] not in used else \
                "is given twice" if match[1] in seen else ""
            if not why:
                seen.add(match[1])
                return match[0]
            report.skip(path, line_of(match.start()), f"footnote [^{match[1]}] {why}: kept "
                                                      "as a paragraph")
            return match[0][:match.start(1) - match.start() - 2]

        return re.sub(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*", note, chunk, flags=re.M)

    def marks(chunk: str, line_of: Callable[[int], int]) -> str:
        def mark(match: re.Match[str]) -> str:
            report.skip(path, line_of(match.start()), f"footnote mark [^{match[1]}] has no "
                                                      "note: left out")
            return ""

        return _MARK.sub(lambda m: m[0] if m[1] in defined or _is_note(chunk, m)
                         else mark(m), chunk)

    return prose(prose(body, offset, change), offset, marks)
