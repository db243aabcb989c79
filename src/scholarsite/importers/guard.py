"""The last pass over every imported page: MyST's own parser says what the build would run.

Imported text is someone else's, and the converters before this pass work line by line, as
converters must (they keep the page's layout). A line-based pass can be led astray where
the parser is not: a fence closed by a longer one, backtick runs of unequal length, ``<!-->``
(a whole comment to a browser), a directive inside a callout. So each page is parsed here
with the markdown-it set-up and MyST extensions the build uses, and every token that would
do more than show text is judged:

- directives: only those whose content is text (admonitions, tabs, math, code, figures and
  images of files inside the site); ``raw``, ``include``, ``literalinclude``, ``eval-rst``,
  ``csv-table`` and every other become a code block showing what was written;
- roles: only citations, ``math``, ``sub``/``sup``, ``abbr``, ``kbd``, ``code`` and
  ``download`` of a file inside the site; any other is escaped, so it shows as text;
- raw HTML: only what :mod:`.raw_html` keeps as it is (allowlisted tags and attributes,
  links by the URL policy) and whole comments, never ``<!-->`` (a browser ends it there);
- links and images: only http(s), mailto and relative addresses that stay inside the site.

What fails is rewritten as text (a code block of the lines as written) and reported at its
line; the page is parsed again until nothing fails, so no rewrite can leave a live
construct behind. Hand-written: no library judges MyST by the build's rules.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from ..sphinx.settings import MYST_EXTENSIONS
from ..urls import is_safe_url
from .pages import MARKDOWN_DIRECTIVES
from .raw_html import sanitise
from .report import Report

_PARSER = create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)),
                           RendererHTML)
#: directives whose content is shown, never run or read from a file
DIRECTIVES = frozenset(MARKDOWN_DIRECTIVES | {
    "tab-set", "tab-item", "math", "code-block", "code", "sourcecode", "figure", "image",
    "epigraph", "pull-quote", "highlights", "topic", "sidebar", "rubric", "list-table", "table",
})
#: directives whose argument is a file of the site
_FILE_DIRECTIVES = frozenset({"figure", "image"})
#: roles that only show text or link a file of the site
ROLES = frozenset({"cite", "cite:p", "cite:t", "cite:ps", "cite:ts", "cite:ct", "cite:cp",
                   "math", "sub", "sup", "abbr", "kbd", "code", "download", "paper"})
_DIRECTIVE = re.compile(r"\{([\w:.-]+)\}\s*(.*)")


def _site_file(target: str, here: str) -> str | None:
    """The file a path names, from the site's root, if it stays inside the site: no scheme,
    and from ``here`` (the page's folder, relative to the site's root) no ``..`` leads out
    of it."""
    target = target.strip().strip("<>").split("#")[0].split("?")[0].replace("\\", "/")
    if not target or not is_safe_url(target) or re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
        return None
    where = posixpath.normpath(target.lstrip("/") if target.startswith("/") else
                               posixpath.join(here, target))
    return None if where == ".." or where.startswith("../") else where


def _not_a_file(target: str, here: str, exists: Callable[[str], bool]) -> str | None:
    """Why ``target`` is no file the new site has: outside it, or not among its files."""
    where = _site_file(target, here)
    if where is None:
        return f"{target.strip()[:60]!r}, not a file of the site"
    return None if exists(where) else f"{target.strip()[:60]!r}, a file that was not found"


def _html_image(content: str) -> bool:
    """Whether raw HTML shows an image of a file: the importers make every image of the
    site's files a Markdown image of its copy, so one left in HTML is one they could not
    place, and the build would look for a file that is not there."""
    return any(not re.match(r"https?://", source, re.I) for source in re.findall(
        r"""<img\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]*)""", content, re.I))


#: a whole HTML comment, none of the forms a browser ends early (``<!-->``, ``<!--->``)
_COMMENT = re.compile(r"<!--(?!-?>)(?:(?!--).)*-->", re.S)


def _html_clean(content: str) -> bool:
    """Whether raw HTML is what :mod:`.raw_html` keeps as it is. Anchors it wrote already
    (``id="imported-x"``, ``href="#x"``) and whole comments are harmless; a comment a
    browser ends early (``<!-->``) is not."""
    probe = re.sub(r"""\s(?:id="imported-[\w.:-]*"|href="#[^"<>]*")""", "",
                   _COMMENT.sub("", content))
    problems: list[str] = []
    return "<!" not in probe and sanitise(probe, lambda *_: problems.append("x")) == probe \
        and not problems


def _flat(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _flat(token.children or [])


def _raw(token: Token) -> str | None:
    """Why a substitution or raw HTML (a block, or within a line) would do more than show
    text."""
    if token.type in {"substitution_block", "substitution_inline"}:
        return "a substitution ({{ ... }}), which the build would run as a template"
    if token.type in {"html_block", "html_inline"} and not _html_clean(token.content):
        return "raw HTML the site does not allow"
    if token.type in {"html_block", "html_inline"} and _html_image(token.content):
        return "an image in raw HTML of a file that was not found"
    return None


def _failure(token: Token, here: str, exists: Callable[[str], bool]) -> str | None:
    """Why a block token (with its inline children) would do more than show text."""
    if token.type in {"fence", "colon_fence"} and token.info.strip().startswith("{"):
        found = _DIRECTIVE.match(token.info.strip())
        name = found[1] if found else token.info.strip()
        if name not in DIRECTIVES:
            return f"directive {{{name}}} is not allowed in imported pages"
        if name in _FILE_DIRECTIVES and found and (why := _not_a_file(found[2], here, exists)):
            return f"{{{name}}} of {why}"
        if re.search(r"^\s*:(file|url|encoding|raw)\s*:", token.content, re.M):
            return f"{{{name}}} reads a file or address"
        return None
    if why := _raw(token):
        return why
    for child in _flat(token.children or []):
        if child.type == "myst_role" and child.meta.get("name") not in ROLES:
            return f"role {{{child.meta.get('name')}}} is not allowed in imported pages"
        if child.type == "myst_role" and child.meta.get("name") == "download" and (
                why := _not_a_file(re.sub(r"^.*<(.*)>\s*$", r"\1", child.content, flags=re.S),
                                   here, exists)):
            return f"a download of {why}"
        if why := _raw(child):
            return why
        if child.type == "link_open" and not is_safe_url(str(child.attrs.get("href", ""))):
            return f"a link to {str(child.attrs.get('href'))[:60]!r}"
        source = str(child.attrs.get("src", ""))
        if child.type == "image" and not re.match(r"https?://", source) and (
                why := _not_a_file(source, here, exists)):
            return f"an image of {why}"
    return None


def _empty_box(token: Token) -> str | None:
    """The name of an admonition or dropdown with nothing in it (a callout whose only image
    was not found): docutils refuses it."""
    found = _DIRECTIVE.match(token.info.strip()) if token.type in {"fence", "colon_fence"} \
        else None
    return found[1] if found and found[1] in MARKDOWN_DIRECTIVES and \
        not token.content.strip() else None


#: what puts a line in a quote or list item: its container's marks
_CONTAINER = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t>]*")


def _escaped(text: str) -> str:
    """One line of Markdown shown as written: every ASCII punctuation mark escaped, so
    nothing in it is markup (a heading stays the page's title, as text)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(text.split()))


def _as_text(lines: list[str]) -> list[str]:
    """Lines shown as written: a code block whose fence no line of them can close."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+|~+", line)),
                  default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", *(line.replace("\t", "    ") for line in lines), fence]


#: allowed directives whose content is shown as written, not read as MyST
_VERBATIM = frozenset({"math", "code-block", "code", "sourcecode"})


def guard(path: Path, offset: int, body: str, report: Report, here: str = ".",
          exists: Callable[[str], bool] = lambda where: True) -> str:
    """``body`` with everything that would run, read a file or leave the site shown as text
    instead; each such block reported at its line (``offset``: the line before the body).
    ``here``: the page's folder, relative to the root its files must stay in; ``exists``:
    whether a path from that root is a file the new site will have (a figure of a file that
    is not there would fail the build)."""
    for _ in range(8):  # a rewrite is a code block, which is safe; the loop only proves it
        lines = body.split("\n")
        tokens = _PARSER.parse(body)
        edits: list[tuple[int, int, list[str]]] = []
        for index, token in enumerate(tokens):
            if token.map is None or token.nesting == -1 or token.map[1] <= token.map[0]:
                continue
            start, end = token.map  # an inline token carries its paragraph's lines
            why, box = _failure(token, here, exists), _empty_box(token)
            if box and not any(edit[0] <= start < edit[1] for edit in edits):
                report.skip(path, start + 1 + offset, f"an empty {{{box}}} box "
                            "(what it held was left out): left out, as the build refuses it")
                edits.append((start, end, []))
            elif why and not any(edit[0] <= start < edit[1] for edit in edits):
                report.skip(path, start + 1 + offset, f"{why}: shown as text")
                heading = tokens[index - 1] if index else token
                if heading.type == "heading_open" and heading.map:  # it stays the heading,
                    within = _CONTAINER.match(lines[heading.map[0]])[0]  # in its quote or list
                    edits.append((*heading.map, [f"{within}{'#' * int(heading.tag[1])} "
                                                 f"{_escaped(token.content)}"]))
                else:
                    edits.append((start, end, _as_text(lines[start:end])))
            elif token.type in {"fence", "colon_fence"} and token.info.strip().startswith(
                    "{") and token.content.strip() and _DIRECTIVE.match(token.info.strip()) \
                    and _DIRECTIVE.match(token.info.strip())[1] not in _VERBATIM:
                last = start + 1 + len(token.content.splitlines())  # a fence left open runs
                inner = "\n".join(lines[start + 1:last])  # to the end; MyST reads it as a page
                new = guard(path, offset + start + 1, inner, report, here, exists)
                if new != inner:
                    edits.append((start + 1, last, new.split("\n")))
        for start, end, new in sorted(_outermost(edits), reverse=True):
            lines[start:end] = new
        changed = "\n".join(lines)
        if changed == body:
            return body
        body = changed
    return "\n".join(_as_text(body.split("\n")))  # never reached by any known input


def _outermost(edits: list[tuple[int, int, list[str]]]) -> list[tuple[int, int, list[str]]]:
    """Of nested line ranges (a paragraph in a list item in a quote), the outermost one."""
    kept: list[tuple[int, int, list[str]]] = []
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], -edit[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, new))
    return kept
