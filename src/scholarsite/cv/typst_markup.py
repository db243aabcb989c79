"""Owner data as typst code that can only print, never act as markup.

Every string enters typst as a *string literal* (:func:`lit`), so characters that typst
markup treats specially (``# $ * _ @ < > \\ ~ [ ] "`` and backticks) always print as
themselves. Emphasis and links come from the data's own structure (inline Markdown in CV
fields, TeX in bib fields) and become typst function calls around literals. Hand-written:
no library converts Markdown or TeX to typst this strictly.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..bib.tex import Rich
from ..urls import is_safe_url

_MD = MarkdownIt("commonmark", {"html": False})
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def lit(text: str) -> str:
    """A typst string literal holding ``text`` exactly."""
    body = "".join(_ESCAPES.get(ch, ch if ch >= " " else f"\\u{{{ord(ch):x}}}") for ch in text)
    return f'"{body}"'


def _content(parts: list[str]) -> str:
    return "[" + "".join(parts) + "]"


def _texts(children: list[str | Rich]) -> list[str | Rich]:
    """Adjacent strings merged, empty ones dropped: fewer, longer literals."""
    merged: list[str | Rich] = []
    for child in children:
        if isinstance(child, str) and merged and isinstance(merged[-1], str):
            merged[-1] += child
        elif child != "":
            merged.append(child)
    return merged


def _inline_tokens(tokens: list[Token]) -> list[str]:
    out: list[str] = []
    stack: list[tuple[str, list[str]]] = []
    for token in tokens:
        target = stack[-1][1] if stack else out
        if token.type in {"text", "code_inline"} and not token.content:
            continue
        if token.type in {"text", "code_inline"}:
            target.append(f"#{lit(token.content)}" if token.type == "text"
                          else f"#raw({lit(token.content)})")
        elif token.type == "softbreak":
            target.append('#" "')
        elif token.type == "hardbreak":
            target.append("#linebreak()")
        elif token.type.endswith("_open"):
            stack.append((token.type, []))
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                stack[-1] = (f"link:{href}", [])
        elif token.type.endswith("_close") and stack:
            kind, parts = stack.pop()
            outer = stack[-1][1] if stack else out
            if kind == "em_open":
                outer.append(f"#emph{_content(parts)}")
            elif kind == "strong_open":
                outer.append(f"#strong{_content(parts)}")
            elif kind.startswith("link:") and is_safe_url(kind[5:]):
                outer.append(f"#link({lit(kind[5:])}){_content(parts)}")
            else:
                outer.extend(parts)
    return out


def markdown(text: str) -> str:
    """Inline Markdown (CV text fields) as typst content."""
    tokens = [child for block in _MD.parseInline(text) for child in block.children or []]
    return _content(_inline_tokens(tokens))


_RICH_CALLS = {"em": "emph", "strong": "strong", "sup": "super", "sub": "sub", "code": "raw"}


def rich(value: Rich) -> str:
    """TeX-derived rich text (bib fields) as typst content."""
    parts = []
    for child in _texts(value.children):
        if isinstance(child, str):
            parts.append(f"#{lit(child)}")
        elif child.style == "code":
            parts.append(f"#raw({lit(child.text())})")
        elif child.style in _RICH_CALLS:
            parts.append(f"#{_RICH_CALLS[child.style]}{rich(child)}")
        else:
            parts.append(rich(child)[1:-1])
    return _content(parts)
