"""Inline Markdown of CV text fields, rendered to HTML.

CV items carry emphasis, bold and links (``*ParaSet*``, ``<https://...>``). markdown-it-py
(already a dependency through myst-parser) parses them with raw HTML disabled, so whatever an
owner types is escaped; links pass the project's URL policy. Only inline output is wanted, so
text is parsed as inline (a field starting with "* " or "1. " is not a list).
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from .urls import is_safe_url


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=1)
def _permissive() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def unsafe_links(text: str) -> list[str]:
    """The link targets in ``text`` that the URL policy refuses. Rendering would print such a
    link as text; the loader uses this to fail instead, so nothing is dropped unseen."""
    found = []
    for block in _permissive().parseInline(text):
        for token in block.children or []:
            href = token.attrGet("href") if token.type == "link_open" else None
            if isinstance(href, str) and not is_safe_url(href):
                found.append(href)
    return found


def inline_html(text: str) -> Markup:
    """Render one inline Markdown string to safe HTML (no block elements)."""
    return Markup(_parser().renderInline(text).strip())


def plain_text(text: str) -> str:
    """The same string with Markdown markup removed, for meta tags and plain outputs; a
    link keeps its address after its text, "text (https://...)", unless they are the same."""
    tokens = _parser().parseInline(text)
    parts: list[str] = []
    for token in tokens:
        href, start = "", 0
        for child in token.children or []:
            if child.type in {"text", "code_inline"}:
                parts.append(child.content)
            elif child.type in {"softbreak", "hardbreak"}:
                parts.append(" ")
            elif child.type == "link_open":
                href, start = str(child.attrGet("href") or ""), len(parts)
            elif child.type == "link_close" and href and "".join(parts[start:]) != href:
                parts.append(f" ({href})")
    return "".join(parts)
