"""``scholarsite import-gitbook SRC DEST``: a GitBook space as MyST notes, nothing dropped.

Hand-written because no library converts GitBook's Markdown dialect. What it does:

- ``SUMMARY.md`` gives the navigation: its nesting becomes toctrees (any depth), its order
  is kept; a folder's ``README.md`` becomes that folder's ``index.md``; pages missing from
  SUMMARY.md are imported too, listed under "Not in SUMMARY.md", and reported.
- ``{% hint %}`` → admonitions, ``{% tabs %}`` → sphinx-design tab sets, ``{% embed %}`` and
  ``{% content-ref %}`` → links, ``<figure>`` and Markdown images → figures and images with the
  file copied from ``.gitbook/assets`` under a URL-safe name, ``$$..$$`` → inline or display
  math (GitBook writes both the same way), ``\\[``/``\\]`` inside math unescaped, links to pages,
  folders and anchors rewritten, front matter ``description`` → ``summary`` with its
  ``#hashtags`` → ``tags``.
- Every page, image and link is counted in and out; whatever cannot be converted (an unknown
  ``{% tag %}``, a link to a missing page, a missing image) is listed with file:line.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import yaml

from ..atomic import replace_with_backup
from ..cv.load import parse_yaml
from ..errors import ScholarsiteError, read_text
from ..paths import inside
from ..urls import is_safe_url
from .guard import guard
from .pages import Fences, Headings
from .raw_html import sanitise
from .report import Report as BaseReport

HINTS = {"info": "note", "warning": "warning", "danger": "danger", "success": "tip"}
_BLOCK = re.compile(r"{%\s*(?P<end>end)?(?P<kind>hint|tabs|tab)\b(?P<args>[^%]*)%}")
ASSETS = "_assets"


@dataclass
class Report(BaseReport):
    """The shared report, with what a space has: pages, images and links counted in and
    out; what is left out is in ``skipped`` (file:line)."""

    pages_in: int = 0
    pages_out: int = 0
    images_in: int = 0
    images_out: int = 0
    links_in: int = 0
    links_rewritten: int = 0
    links_external: int = 0
    not_in_summary: list[str] = field(default_factory=list)
    papers: list[str] = field(default_factory=list)  # pages on a paper of the bibliography
    kept: list[str] = field(default_factory=list)  # --update: edited since the last import
    removed: list[str] = field(default_factory=list)  # --update: gone from the space
    backups: list[str] = field(default_factory=list)  # --force: what a file held before

    def lines(self) -> list[str]:
        self.counts |= {
            "pages": f"{self.pages_in} in, {self.pages_out} written",
            "images": f"{self.images_in} referenced, {self.images_out} copied",
            "links": f"{self.links_in} in, {self.links_rewritten} rewritten to pages, "
                     f"{self.links_external} external, {len(self.broken_links)} broken"}
        if self.not_in_summary:
            self.counts["not in SUMMARY.md (imported, listed last)"] = \
                ", ".join(self.not_in_summary)
        return [*super().lines(),
                *(f"note on a paper of the bibliography: {p}" for p in self.papers),
                *(f"kept (edited since the last import): {p}" for p in self.kept),
                *(f"removed (no longer in the space): {p}" for p in self.removed),
                *(f"replaced (--force), what it held kept in {p}" for p in self.backups)]

    @property
    def broken_links(self) -> list[str]:
        return [p for p in self.skipped if "link to missing page" in p]


@dataclass
class Entry:
    title: str
    source: str | None  # posix path relative to SRC, or an http(s) URL
    children: list[Entry] = field(default_factory=list)
    line: int = 0  # in SUMMARY.md


def target_name(source: str) -> str:
    """Where a GitBook page lands: README.md → index.md, everything else keeps its path."""
    path = PurePosixPath(source)
    if path.name.lower() == "readme.md":
        return str(path.with_name("index.md"))
    return str(path)


def _summary_target(link: str, pages: set[str]) -> str | None:
    """The page a SUMMARY link names: the whole link when a page has that name (file names
    may hold a ``#``), else the part before its anchor."""
    whole = unquote(link).strip("<>")
    if whole in pages or re.match(r"https?://", whole, re.I):
        return whole
    return unquote(link.split("#")[0]).strip("<>") or None


def parse_summary(text: str, pages: set[str]) -> list[Entry]:
    """SUMMARY.md's nested list, any depth; part headings (``## Part``) are kept as groups."""
    root: list[Entry] = []
    stack: list[tuple[int, list[Entry]]] = [(-1, root)]
    for number, line in enumerate(text.splitlines(), 1):
        heading = re.match(r"^#{2,}\s+(.*)", line)
        if heading:
            part = Entry(heading[1].strip(), None, line=number)
            root.append(part)
            stack = [(-1, root), (-1, part.children)]
            continue
        item = re.match(r"^(\s*)[*+-]\s+\[(.*?)\]\((.*?)\)", line)
        if not item:
            continue
        indent = len(item[1].replace("\t", "    "))
        while len(stack) > 1 and stack[-1][0] >= indent:
            stack.pop()
        entry = Entry(item[2], _summary_target(item[3], pages), line=number)
        stack[-1][1].append(entry)
        stack.append((indent, entry.children))
    return root


class Converter:
    """Converts one space; :meth:`run` returns the report."""

    def __init__(self, src: Path, dest: Path, papers: dict[str, str] | None = None) -> None:
        self.src = src.resolve()
        self.dest = dest
        self.papers = papers or {}  # a title's key (title_key) -> the bib entry's key
        self.report = Report()
        self.pages: set[str] = set()
        for found in self.src.rglob("*.md"):
            relative = found.relative_to(self.src).as_posix()
            if ".gitbook" in found.parts or found.name == "SUMMARY.md":
                continue
            if inside(self.src, found):
                self.pages.add(relative)
            else:  # a link to a file elsewhere on this machine: never publish it
                self.report.skip(relative, 1, "a link to a file outside the space: "
                                                 "not imported")
        self.copied: dict[Path, str] = {}
        self.titles: dict[str, list[str]] | None = None

    # ---- whole space
    def run(self) -> Report:
        summary_path = self.src / "SUMMARY.md"
        entries = parse_summary(read_text(summary_path, "GitBook summary"), self.pages) \
            if summary_path.is_file() and inside(self.src, summary_path) else []
        self.report.pages_in = len(self.pages)
        children: dict[str, list[str]] = {}
        top: list[str] = []
        self._toctrees(entries, None, children, top)
        listed = {e.source for e in _walk(entries) if e.source}
        missing = sorted(self.pages - listed - {"README.md"})
        self.report.not_in_summary = missing
        for source in sorted(self.pages):
            self._page(source, children.get(source, []))
        self._root_index(top, missing, entries)
        return self.report

    def _toctrees(self, entries: list[Entry], parent: str | None,
                  children: dict[str, list[str]], top: list[str]) -> None:
        for entry in entries:
            if entry.source is None:  # a part heading: its pages hang from the root
                self._toctrees(entry.children, parent, children, top)
                continue
            if re.match(r"https?://", entry.source, re.I):  # GitBook lists links too
                if is_safe_url(entry.source) and "<" not in entry.source + entry.title:
                    (children.setdefault(parent, []) if parent else top).append(
                        f"{' '.join(entry.title.split())} <{entry.source}>")
                else:
                    self.report.skip("SUMMARY.md", entry.line,
                                        f"link {entry.source!r} left out of the navigation")
                continue
            found = self._page_named(entry.source)
            if found is None:
                self.report.skip("SUMMARY.md", entry.line,
                                    f"lists {entry.source}, which is missing")
                continue
            if found != entry.source:
                self.report.repaired.append(f"SUMMARY.md:{entry.line}: {entry.source} is "
                                            f"{found}")
                entry.source = found
            if entry.source != "README.md":
                (children.setdefault(parent, []) if parent else top).append(entry.source)
            self._toctrees(entry.children, entry.source, children, top)

    def _root_index(self, top: list[str], missing: list[str], entries: list[Entry]) -> None:
        index = self.dest / "index.md"
        body = read_text(index, "page") if "README.md" in self.pages else \
            f"# {self.src.name}\n"
        body += _toctree([_doc(page) if page in self.pages else page for page in top])
        if missing:
            body += _toctree([_doc(page) for page in missing], "Not in SUMMARY.md")
        index.write_text(body, encoding="utf-8")
        if "README.md" not in self.pages:
            self.report.pages_out += 1

    # ---- one page
    def _page(self, source: str, kids: list[str]) -> None:
        path = self.src / source
        front, body, offset = _split_front_matter(path, read_text(path, "GitBook page"))
        converted = self._convert(source, body, offset)
        meta = self._front_matter(source, front)
        title = _first_heading(body)
        paper = self.papers.get(title_key(title)) if title else None
        if paper:  # a note on a paper of the bibliography: the note cites it
            meta["paper"] = paper
            self.report.papers.append(f"{source}: {paper}")
        if kids:
            converted = converted.rstrip("\n") + "\n" + _toctree(
                [_relative_doc(source, kid) if kid in self.pages else kid for kid in kids])
        out = self.dest / target_name(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        header = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n" \
            if meta else ""
        out.write_text(header + converted, encoding="utf-8")
        self.report.pages_out += 1

    def _front_matter(self, source: str, front: dict[str, object]) -> dict[str, object]:
        meta: dict[str, object] = {}
        description = str(front.pop("description", "") or "")
        if description:
            tags = re.findall(r"(?<![\w&])#([\w-]+)", description)
            summary = re.sub(r"\s*(?<![\w&])#[\w-]+", "", description).strip()
            if summary:
                meta["summary"] = summary
            if tags:
                meta["tags"] = tags
        for key in front:
            self.report.skip(source, 1, f"front matter {key!r} has no equivalent; dropped")
        return meta

    def _blocks(self, source: str, body: str, offset: int) -> str:
        """Hints, tab sets and tabs as MyST colon fences, paired like brackets: a block gets
        one colon more than the deepest block inside it (MyST closes a fence at the first
        line of as many colons), and an opener or closer without its pair stays text."""
        tokens = list(_BLOCK.finditer(body))
        pairs: dict[int, int] = {}
        stack: list[int] = []
        for index, token in enumerate(tokens):
            if not token["end"]:
                stack.append(index)
            elif stack and tokens[stack[-1]]["kind"] == token["kind"]:
                pairs[stack.pop()] = index
        height: dict[int, int] = {}
        for opener in sorted(pairs, key=lambda i: pairs[i] - i):  # inner blocks first
            inner = [height[o] for o in pairs if opener < o < pairs[opener] and o in height]
            height[opener] = 1 + max(inner, default=0)
        fences: dict[int, str] = {}
        for opener, closer in pairs.items():
            colons = ":" * (2 + height[opener])
            token = tokens[opener]
            if token["kind"] == "hint":
                style = re.search(r'style="(\w+)"', token["args"])
                head = f"{{{HINTS.get(style[1] if style else '', 'note')}}}"
            elif token["kind"] == "tabs":
                head = "{tab-set}"
            else:
                title = re.search(r'title="([^"]*)"', token["args"])
                head = f"{{tab-item}} {title[1] if title else ''}".rstrip()
            fences[opener], fences[closer] = colons + head, colons
        paired = set(fences)
        for index, token in enumerate(tokens):
            if index not in paired:
                line = body[: token.start()].count("\n") + 1 + offset
                what = "closes no block" if token["end"] else "is never closed"
                self.report.skip(source, line, f"{token[0]} {what}: kept as text")
        out, last = [], 0
        for index, token in enumerate(tokens):
            if index in fences:
                out += [body[last: token.start()], fences[index]]
                last = token.end()
        return "".join([*out, body[last:]])

    def _convert(self, source: str, body: str, offset: int) -> str:
        out: list[str] = []
        body = sanitise(body, lambda line, message: self.report.skip(
            source, line + offset, message))
        lines = self._blocks(source, body, offset).splitlines()
        index, code, levels = 0, Fences(), Headings()
        while index < len(lines):
            line = lines[index]
            number = index + 1 + offset
            if code.holds(line):  # code is copied as it is
                out.append(line)
            elif heading := re.match(r"^(#{1,6})(\s.*)$", line):
                out.append("#" * levels.level(len(heading[1])) + self._line(source, number,
                                                                            heading[2]))
            elif "<figure" in line:  # GitBook writes a figure on one or a few lines
                block = line
                while "</figure>" not in block and index + 1 < len(lines):
                    index += 1
                    block += "\n" + lines[index]
                out.append(self._figure(source, number, block))
            else:
                out.append(self._line(source, number, line))
            index += 1
        return guard(Path(source), offset, "\n".join(out), self.report,
                     posixpath.dirname(target_name(source)) or ".",
                     lambda where: (self.dest / where).is_file()) + "\n"

    def _line(self, source: str, number: int, line: str) -> str:
        line = self._tags(source, number, line)
        line = self._math(line)
        line = re.sub(r"(!?)\[((?:[^\]\\]|\\.)*)\]\((<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)",
                      lambda m: self._link(source, number, m), line)
        return re.sub(r'(<a\b[^>]*?) href="([^"]*)"', lambda m: self._html_link(source, number, m),
                      line)

    def _html_link(self, source: str, number: int, match: re.Match[str]) -> str:
        """A link of a raw HTML ``<a>`` (GitBook writes tables as HTML) to a page of the
        space: to its HTML file, which is what a raw link reaches; an external link as it is
        (the sanitiser checked it), a link to a missing page without its ``href``."""
        url = html.unescape(match[2])
        if not url or url.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
            return match[0]
        self.report.links_in += 1
        relative = self._page_link(source, number, url)
        if relative is None:
            return match[1]
        path, _, anchor = relative.partition("#")
        target = path.removesuffix(".md") + ".html" + ("#" + anchor if anchor else "")
        return f'{match[1]} href="{html.escape(target, quote=True)}"'

    # ---- constructs
    def _tags(self, source: str, number: int, line: str) -> str:
        def embed(match: re.Match[str]) -> str:
            self.report.links_in += 1
            if not is_safe_url(match[1]):
                self.report.skip(source, number, f"embed of {match[1]!r} is not allowed: "
                                                    "dropped")
                return ""
            self.report.links_external += 1
            return f"<{match[1]}>"

        line = re.sub(r'{%\s*embed\s+url="([^"]+)"\s*%}', embed, line)
        line = re.sub(r"{%\s*endembed\s*%}", "", line)
        line = re.sub(r'{%\s*content-ref\s+url="[^"]*"\s*%}', "", line)
        line = re.sub(r"{%\s*endcontent-ref\s*%}", "", line)
        for leftover in re.findall(r"{%.*?%}", line):
            if not _BLOCK.fullmatch(leftover):  # unpaired blocks were reported already
                self.report.skip(source, number,
                                    f"unknown GitBook block {leftover}: kept as text")
        return line

    @staticmethod
    def _math(line: str) -> str:
        """GitBook writes all math as $$..$$: a line that is one formula (after a list marker
        at most) is display math, any other is inline, however many share the line; code
        spans are left as they are, and so is an escaped ``\\$``."""
        def fix(tex: str) -> str:
            return tex.replace("\\[", "[").replace("\\]", "]")

        whole = re.match(r"^(\s*(?:[*+-]|\d+\.)?\s*)\$\$((?:(?!\$\$).)+)\$\$\s*$", line)
        if whole:
            return f"{whole[1]}$${fix(whole[2])}$$"
        parts = re.split(r"(`+[^`]*`+)", line)  # odd parts are code spans
        return "".join(part if index % 2 else re.sub(
            r"(?<!\\)\$\$((?:(?!\$\$).)+?)\$\$", lambda m: f"${fix(m[1]).strip()}$", part)
            for index, part in enumerate(parts))

    def _link(self, source: str, number: int, match: re.Match[str]) -> str:
        bang, text, url = match[1], match[2], match[3].strip("<>")
        if bang:
            self.report.images_in += 1
            new = self._asset(source, number, url)
            if new == "":  # refused or missing
                return text
            # no alt text: docutils would write the path there; the file's name reads better
            text = text or PurePosixPath(unquote(url)).stem.replace("-", " ")
            return f"![{text}]({new})"
        self.report.links_in += 1
        if not is_safe_url(url):
            self.report.skip(source, number, f"link to {url!r} is not allowed: written as "
                                                "its text")
            return text
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("#"):
            self.report.links_external += not url.startswith("#")
            return match[0]
        relative = self._page_link(source, number, url)
        return f"[{text}]({relative})" if relative else text

    def _titled(self) -> dict[str, list[str]]:
        """The pages by the slug of their first heading, as GitBook names files."""
        if self.titles is None:
            self.titles = {}
            for page in sorted(self.pages):
                title = _first_heading(read_text(self.src / page, "GitBook page"))
                if title:
                    self.titles.setdefault(_slug(title), []).append(page)
        return self.titles

    def _page_link(self, source: str, number: int, url: str) -> str | None:
        """The relative path (with its anchor) of the page a link names, None when no page
        has that name (reported)."""
        path, _, anchor = unquote(url).partition("#")
        found = self._page_named(_resolve(source, path))
        if found is None:
            self.report.skip(source, number, f"link to missing page {url!r}: "
                                                "written as plain text")
            return None
        self.report.links_rewritten += 1
        relative = _relative(target_name(source), target_name(found))
        return relative + ("#" + anchor if anchor else "")

    def _page_named(self, path: str) -> str | None:
        """The page at ``path`` (a page, a folder's README or the name without ``.md``); else
        the one page with the same name in another letter case or folder, as GitBook leaves
        links when a page is renamed or moved (reported as repaired)."""
        path = path.strip("/")
        candidates = [path, f"{path}/README.md", f"{path}.md"]
        found = next((c for c in candidates if c in self.pages), None)
        if found is not None or not path:
            return found
        folded = {c.casefold() for c in candidates}
        same = [page for page in self.pages if page.casefold() in folded]
        name = PurePosixPath(path).name.casefold().removesuffix(".md")
        if len(same) != 1:
            same = [page for page in self.pages if _page_key(page) == name]
        if len(same) != 1:  # GitBook names a new page's file after its title
            same = self._titled().get(name, [])
        if len(same) == 1:
            self.report.repaired.append(f"{path} is {same[0]}")
            return same[0]
        return None

    def _asset(self, source: str, number: int, url: str) -> str:
        """The image's new URL; "" when it is refused or missing (the page gets its alt text
        or caption: the build would refuse an image it cannot find)."""
        written = unquote(url)
        # GitBook reads "/x" from the space's root; anything that resolves (through "..",
        # or a symbolic link) to a file outside the space is refused, never copied
        base = self.src if written.startswith(("/", "\\")) else \
            self.src / PurePosixPath(source).parent
        path = (base / written.lstrip("/\\")).resolve()
        if not inside(self.src, path) or not path.is_file():
            found = self._asset_named(PurePosixPath(written).name)
            if found is None:
                self.report.skip(source, number, f"image {url!r} " + (
                    "not found: left out" if inside(self.src, path) else
                    "is outside the space: not copied") + ", its alt text or caption written")
                return ""
            path = found
            self.report.repaired.append(f"{source}:{number}: image {url!r} is "
                                        f"{path.relative_to(self.src).as_posix()}")
        if path not in self.copied:
            name = _safe_name(path.name, set(self.copied.values()))
            (self.dest / ASSETS).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, self.dest / ASSETS / name)
            self.copied[path] = name
            self.report.images_out += 1
        return _relative(target_name(source), f"{ASSETS}/{self.copied[path]}")

    def _asset_named(self, name: str) -> Path | None:
        """GitBook keeps every upload in ``.gitbook/assets/`` and finds it by name, so a page
        moved to another folder keeps a relative path that no longer resolves; a name given
        an extension twice (``x.png.png``) is looked up once more without it."""
        assets = self.src / ".gitbook" / "assets"
        for candidate in dict.fromkeys([name, re.sub(r"(\.\w+)\1$", r"\1", name)]):
            path = assets / candidate
            if candidate and "/" not in candidate and path.is_file() and inside(self.src, path):
                return path.resolve()
        return None

    def _figure(self, source: str, number: int, block: str) -> str:
        img = re.search(r'<img[^>]*src="([^"]+)"', block)
        alt = re.search(r'<img[^>]*alt="([^"]*)"', block)
        caption = re.search(r"<figcaption>(.*?)</figcaption>", block, re.S)
        if not img:
            self.report.skip(source, number, "figure without an image: kept as HTML")
            return block
        self.report.images_in += 1
        new = self._asset(source, number, img[1])
        text = re.sub(r"<[^>]+>", "", caption[1]).strip() if caption else ""
        if new == "":  # refused or missing
            return text or (alt[1] if alt else "")
        lines = [f"```{{figure}} {new}"]
        written = alt[1].strip() if alt else ""
        if not written or "/" in written or written == img[1]:  # GitBook puts the path there
            written = text or PurePosixPath(unquote(img[1])).stem.replace("-", " ")
        lines.append(f":alt: {' '.join(written.split())}")
        lines += ["", text, "```"] if text else ["```"]
        return "\n".join(lines)


def _walk(entries: list[Entry]) -> list[Entry]:
    return [e for entry in entries for e in (entry, *_walk(entry.children))]


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, object], str, int]:
    match = re.match(r"---[ \t]*\n(.*?\n)---[ \t]*\n", text, re.S)
    if not match:
        return {}, text, 0
    # GitBook writes `description: text #tag #tag` unquoted, and YAML reads " #tag" as a
    # comment: such a plain value is quoted first, so the hashtags reach the tags
    front = re.sub(r"^(description:[ \t]*)([^'\"|>\s][^\n]*?[ \t]#[^\n]*?)[ \t]*$",
                   lambda m: m[1] + json.dumps(m[2], ensure_ascii=False), match[1],
                   flags=re.M)
    data, _ = parse_yaml(path, front, offset=1)
    return (data if isinstance(data, dict) else {}), text[match.end():], match[0].count("\n")


def _first_heading(text: str) -> str | None:
    """A page's title as GitBook shows it: its first ``#`` heading."""
    heading = re.search(r"^#\s+(.+)$", text, re.M)
    return heading[1] if heading else None


def title_key(title: str) -> str:
    """A title as compared with another: letters and digits only, in one case, so that a
    page's heading meets its paper's BibTeX title (``{GPU}``, dashes, a trailing period)."""
    folded = unicodedata.normalize("NFKD", title).casefold()
    return "".join(char for char in folded if char.isalnum())


def _slug(title: str) -> str:
    """A title as GitBook turns it into a file name: lower case, runs of other characters
    as one hyphen."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _page_key(page: str) -> str:
    """A page's name as links may give it: the file's stem, or its folder's for a README."""
    path = PurePosixPath(page)
    return (path.parent.name if path.name.lower() == "readme.md" else path.stem).casefold()


def _resolve(source: str, path: str) -> str:
    parts: list[str] = []
    for part in (PurePosixPath(source).parent / path.rstrip("/")).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in {".", ""}:
            parts.append(part)
    return "/".join(parts)


def _relative(from_page: str, to: str) -> str:
    base = PurePosixPath(from_page).parent
    up = len(base.parts)
    common = 0
    target = PurePosixPath(to).parts
    while common < min(up, len(target) - 1) and base.parts[common] == target[common]:
        common += 1
    return "/".join([".."] * (up - common) + list(target[common:]))


def _doc(source: str) -> str:
    return target_name(source)[:-3]


def _relative_doc(parent: str, child: str) -> str:
    return _relative(target_name(parent), target_name(child))[:-3]


def _toctree(docs: list[str], caption: str | None = None) -> str:
    if not docs:
        return ""
    lines = ["", "```{toctree}", ":hidden:"]
    if caption:
        lines.append(f":caption: {caption}")
    return "\n".join([*lines, "", *docs, "```", ""])


def _safe_name(name: str, taken: set[str]) -> str:
    """A file name that URLs and directive arguments take as is: ASCII letters, digits, dots
    and dashes (MyST percent-encodes other characters, which Sphinx then cannot find)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, dot, ext = ascii_name.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9.-]+", "-", stem if dot else ascii_name).strip("-") or "image"
    candidate = f"{stem}.{ext}" if dot else stem
    counter = 2
    while candidate in taken:
        candidate = f"{stem}-{counter}.{ext}" if dot else f"{stem}-{counter}"
        counter += 1
    return candidate


#: what the last import wrote (path -> digest), so --update can tell the owner's edits
MANIFEST = ".scholarsite-import.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_folders(src: Path, dest: Path, force: bool, update: bool) -> None:
    if not src.is_dir():
        raise ScholarsiteError(f"{src}: no such GitBook folder: name the folder that holds "
                               "SUMMARY.md")
    if inside(src, dest) or inside(dest, src):
        raise ScholarsiteError(f"{dest}: the destination and the GitBook folder {src} contain "
                               "one another: import into a folder of its own under docs/notes/")
    if dest.exists() and not dest.is_dir():
        raise ScholarsiteError(f"{dest}: exists and is not a folder: name a folder")
    if update and not (dest / MANIFEST).is_file():
        raise ScholarsiteError(f"{dest}: no earlier import here ({MANIFEST} is missing), so "
                               "edits cannot be told apart: use --force to write over it")
    if dest.is_dir() and any(dest.iterdir()) and not (force or update):
        held = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
        shown = ", ".join(held[:5]) + (f" and {len(held) - 5} more" if len(held) > 5 else "")
        raise ScholarsiteError(f"{dest}: holds files already ({shown}): import into an empty "
                               "folder, pass --update to refresh an earlier import (pages you "
                               "edited since are kept), or --force to write over them")


def import_gitbook(src: Path, dest: Path, *, force: bool = False, update: bool = False,
                   papers: dict[str, str] | None = None) -> Report:
    """Convert into a staging folder beside ``dest`` and move the result in only when the
    whole space converted: an error leaves ``dest`` as it was. With ``update``, a file the
    owner changed since the last import stays as it is, and one the space no longer has goes
    (unless edited); both are reported. With ``force``, a file written over is kept first
    beside it as ``<name>.bak``."""
    _check_folders(src, dest, force, update)
    dest.parent.mkdir(parents=True, exist_ok=True)
    before: dict[str, str] = json.loads((dest / MANIFEST).read_text()) if update else {}
    with tempfile.TemporaryDirectory(prefix=".import-", dir=dest.parent) as staging:
        staged = Path(staging)
        report = Converter(src, staged, papers).run()
        written = {p.relative_to(staged).as_posix(): _digest(p)
                   for p in sorted(staged.rglob("*")) if p.is_file()}
        for name in written:
            target = dest / name
            if update and target.is_file() and _digest(target) != before.get(name):
                report.kept.append(name)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            data = (staged / name).read_bytes()
            if force and target.is_file() and not update and target.read_bytes() != data:
                backup = replace_with_backup(target, data)
                report.backups.append(backup.relative_to(dest).as_posix())
                continue
            target.write_bytes(data)
        for name in sorted(set(before) - set(written)):
            target = dest / name
            if target.is_file() and _digest(target) == before[name]:
                target.unlink()
                report.removed.append(name)
            elif target.is_file():
                report.kept.append(name)
    (dest / MANIFEST).write_text(json.dumps(written, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
    return report
