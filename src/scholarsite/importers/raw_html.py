"""Raw HTML in imported pages, kept only where it is safe.

A GitBook page is Markdown with HTML in it (figures, tables, ``<details>``, ``<mark>``), and
MyST passes raw HTML to the page as it is. An imported space is someone else's text, so its
HTML may run script (``<script>``, ``onerror=``, ``javascript:`` links). Why by hand: HTML
sanitisers (nh3, bleach) take a whole document as HTML and would escape the Markdown around
the tags (``>`` quotes, ``<https://...>`` links); here only the tags themselves are touched,
and code (fenced blocks, inline spans) is left alone.

- A tag on the allowlist (what GitBook writes) is rebuilt from its parsed attributes: only
  allowlisted attributes are kept, ``href``/``src`` only when the URL policy allows them, and
  every value is escaped.
- Any other tag is escaped, so it shows as text; each change is reported with its line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

from ..urls import is_safe_url

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q",
    "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
ATTRIBUTES = frozenset({"alt", "title", "width", "height", "align", "colspan", "rowspan",
                        "open", "href", "src", "start", "scope", "lang", "dir"})
URL_ATTRIBUTES = frozenset({"href", "src"})

_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|`[^`\n]+`", re.M | re.S)
#: anchors a page's HTML defines and links to (Word's footnotes: ``<a name="_ftn1">``), kept
#: under a prefix no page or script of the site uses, so they cannot clobber its names
_ANCHOR = re.compile(r"""<[a-z][a-z0-9]*\s[^<>]*?\b(?:id|name)\s*=\s*["']?"""
                     r"""([A-Za-z_][\w.:-]{0,63})["'\s>]""", re.I)
PREFIX = "imported-"
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?(/?)>|<!--.*?-->", re.S)


class _Attributes(HTMLParser):
    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = attrs

    handle_startendtag = handle_starttag


def sanitise(text: str, problem: Callable[[int, str], None]) -> str:
    """``text`` with every raw HTML tag outside code made safe; ``problem(line, message)``
    is told of each tag escaped and each attribute dropped (line 1 = the text's first)."""
    code = [(found.start(), found.end()) for found in _CODE.finditer(text)]
    anchors = {found[1] for found in _ANCHOR.finditer(text)
               if not any(start <= found.start() < end for start, end in code)}

    def replace(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in code):
            return match[0]
        return _tag(match, text.count("\n", 0, match.start()) + 1, problem, anchors)

    return _TAG.sub(replace, text)


def _tag(match: re.Match[str], line: int, problem: Callable[[int, str], None],
         anchors: set[str]) -> str:
    whole, closing, name = match[0], match[1], (match[2] or "").lower()
    if whole.startswith("<!--"):
        return whole
    if name not in TAGS:
        if not closing:
            problem(line, f"raw HTML <{name}> is not allowed in notes: written as text")
        return html.escape(whole, quote=False)
    if closing:
        return f"</{name}>"
    kept = []
    for attribute, value in _Attributes(whole).attrs:
        if attribute in {"id", "name"} and value in anchors:  # footnotes' own anchors
            kept.append(f' id="{PREFIX}{value}"')
            continue
        if attribute == "href" and (value or "").startswith("#"):
            if value[1:] in anchors:
                kept.append(f' href="#{PREFIX}{value[1:]}"')
            else:  # the old page's anchor, not the new page's: the link would be broken
                problem(line, f"link to the anchor {value[:60]!r}, which the page does not "
                              "have: its text kept")
            continue
        if attribute not in ATTRIBUTES or (attribute in URL_ATTRIBUTES and
                                           not is_safe_url(value or "")):
            problem(line, f"attribute {attribute}={value!r} of <{name}> dropped")
            continue
        kept.append(f' {attribute}="{html.escape(value or "", quote=True)}"'
                    if value is not None else f" {attribute}")
    if name == "img" and not any(part.startswith(" src=") for part in kept):
        problem(line, "an image without an address it may show: left out")
        return ""  # docutils refuses <img> without src
    return f"<{name}{''.join(kept)}{' /' if match[4] else ''}>"
