"""Inline Markdown of CV text fields, rendered to HTML.

CV items carry emphasis, bold and links (``*ParaSet*``, ``<https://...>``). markdown-it-py
(already a dependency through myst-parser) parses them with raw HTML disabled, so whatever an
owner types is escaped; links pass the project's URL policy. Only inline output is wanted, so
the paragraph wrapper of a one-paragraph render is removed.
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


def inline_html(text: str) -> Markup:
    """Render one inline Markdown string to safe HTML (no block elements)."""
    html = _parser().render(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def plain_text(text: str) -> str:
    """The same string with Markdown markup removed, for meta tags and plain outputs."""
    tokens = _parser().parseInline(text)
    parts: list[str] = []
    for token in tokens:
        for child in token.children or []:
            if child.type in {"text", "code_inline"}:
                parts.append(child.content)
            elif child.type in {"softbreak", "hardbreak"}:
                parts.append(" ")
    return "".join(parts)
