"""HTML in imported text (an al-folio about page, a bio) as the Markdown the build accepts.

Most real about pages are HTML paragraphs, and the build refuses raw HTML in a bio, so
dropping them loses the owner's bio and keeping them fails the build. markdownify (a
well-kept converter built on Beautiful Soup) turns them into Markdown; what is written here is
only the site's policy on top of it: a link whose URL the site does not allow keeps its text,
an image becomes its alt text (a bio's images are not copied), a line break a plain one (MyST
writes a hard break as raw HTML), script and style go with their content, and each change is
reported. Markdown around the tags is left as it is (no escaping
of ``*`` or ``_``), since about pages mix both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdownify import MarkdownConverter

from ..urls import is_safe_url

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")


def has_html(text: str) -> bool:
    """Whether ``text`` holds a tag or a comment (an about page's commented-out template
    text), either of which MyST would pass on as raw HTML."""
    return bool(_TAG.search(text))


class _Converter(MarkdownConverter):
    def __init__(self, problem: Callable[[str], None]) -> None:
        super().__init__(heading_style="ATX", bullets="*", escape_asterisks=False,
                         escape_underscores=False, escape_misc=False, strip_document="strip")
        self.problem = problem

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        href = el.get("href") or ""
        if href and not is_safe_url(href):
            self.problem(f"link to {href[:60]!r} is not allowed: its text kept")
            return text
        return str(super().convert_a(el, text, parent_tags))

    def convert_br(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return "\n"  # MyST writes a hard break as raw HTML, which a bio may not hold

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        alt = " ".join(str(el.get("alt") or "").split())
        self.problem(f"image {str(el.get('src') or '')[:60]!r}: left out"
                     + (", its alt text kept" if alt else ""))
        return alt


def to_markdown(text: str, problem: Callable[[str], None]) -> str:
    """``text`` (HTML, or Markdown with HTML in it) as Markdown; ``problem`` is told of each
    link or image left out."""
    return str(_Converter(problem).convert(text)).strip()
