"""Math and code blocks of imported pages that the build would warn about, made plain.

Other sites render math in the reader's browser (MathJax, KaTeX) with macros of their own
(``\\score``), and Markdown escapes inside it (``\\_``); scholarsite renders math at build time
(:mod:`..sphinx.mathml`) and a formula it cannot render is a warning, which fails ``check``.
Code blocks name languages Pygments may not know or cannot lex (a ``toml`` block holding
``+++``), another warning. Each such formula is kept as code (its TeX shown as written) and
each such block as plain text, and reported: the page builds, nothing is lost. Both are
found with MyST's own parser (the myst-parser markdown-it set-up the build uses), so they are
found exactly where the build would find them.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from pygments.lexers import get_lexer_by_name
from pygments.token import Error
from pygments.util import ClassNotFound

from ..sphinx.mathml import MathError, to_mathml
from .report import Report

#: R Markdown's code chunks (```{r label}), which MyST would read as directives
_KNITR = re.compile(r"\{(r|python|julia|bash|sh|sql|stan|rcpp|js|css|cpp|c|octave|perl|ruby)"
                    r"\b[^}]*\}", re.I)
_PARSER = create_md_parser(MdParserConfig(enable_extensions={"dollarmath", "amsmath"}),
                           RendererHTML)


def renders(tex: str, display: bool) -> bool:
    """Whether the build renders ``tex`` (inline, or ``display``)."""
    try:
        to_mathml(tex, display)
    except MathError:
        return False
    return True


def _lexes(language: str, code: str) -> bool:
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return False
    return not any(kind is Error for kind, _ in lexer.get_tokens(code))


def _code_span(text: str) -> str:
    fence = "`"
    while fence in text:
        fence += "`"
    return f"{fence} {text} {fence}"


def _display_blocks(body: str) -> str:
    """``$$`` lines inside a paragraph (MathJax reads them anywhere; MyST only as a block of
    their own) set apart by blank lines; ``$$x$$`` within a line of text (kramdown's inline
    math, which al-folio pages use) written ``$x$``; code blocks are left as they are."""
    out: list[str] = []
    fence, inside = "", False
    for line in body.split("\n"):
        opening = re.match(r"^\s*(`{3,}|~{3,})", line)
        if fence or opening and not inside:
            fence = "" if fence and line.strip().startswith(fence) else (
                fence or opening[1])
            out.append(line)
            continue
        if not inside and re.sub(r"\$\$[^$\n]+\$\$", "", line).strip() and \
                re.search(r"\$\$[^$\n]+\$\$", line) and "`" not in line:
            line = re.sub(r"\$\$([^$\n]+)\$\$", lambda found: f"${found[1].strip()}$", line)
        if line.strip().startswith("$$") and (line.strip() == "$$" or inside or
                                             line.strip().endswith("$$")):
            alone = line.strip() != "$$" and line.strip().endswith("$$") and \
                len(line.strip()) > 4 and not inside
            if not inside and out and out[-1].strip():
                out.append("")
            out.append(line)
            inside = not inside if not alone else False
            if not inside:
                out.append("")
            continue
        if inside and line.strip().endswith("$$"):
            out += [line, ""]
            inside = False
            continue
        out.append(line)
    return "\n".join(out)


def plain_math_and_code(path: Path, offset: int, body: str, report: Report) -> str:
    """``body`` with each formula that does not render written as code and each code block
    whose language does not lex as plain text; each reported at its line."""
    lines = _display_blocks(body).split("\n")
    body = "\n".join(lines)
    edits: list[tuple[int, int, list[str]]] = []  # (first line, end line, new lines)
    for token in _PARSER.parse(body):
        if token.map is None:
            continue
        start, end = token.map
        if token.type in {"math_block", "math_block_label", "amsmath"}:
            if not renders(token.content, True):
                report.skip(path, start + 1 + offset, "math does not render here: kept as a "
                                                      "code block")
                indent = lines[start][:len(lines[start]) - len(lines[start].lstrip())]
                edits.append((start, end, [f"{indent}```text", *lines[start:end],
                                           f"{indent}```"]))
        elif token.type == "fence" and (engine := _KNITR.match(token.info)):
            report.repair(path, start + 1 + offset, f"R Markdown chunk {{{engine[1]}}}: "
                                                    "shown as code")
            marker = lines[start].lstrip()[:len(token.markup)]
            indent = lines[start][:len(lines[start]) - len(lines[start].lstrip())]
            language = engine[1] if _lexes(engine[1], token.content) else "text"
            edits.append((start, start + 1, [f"{indent}{marker}{language}"]))
        elif token.type == "fence" and token.info.startswith("{") and end - start > 2:
            inner = "\n".join(lines[start + 1:end - 1])  # a directive's content is MyST too
            new = plain_math_and_code(path, offset + start + 1, inner, report)
            if new != inner:
                edits.append((start + 1, end - 1, new.split("\n")))
        elif token.type == "fence" and token.info.strip() and not token.info.startswith("{"):
            language = token.info.split()[0]
            if not _lexes(language, token.content):
                report.repair(path, start + 1 + offset, f"code block in {language!r}, which "
                                                        "does not highlight: shown as text")
                marker = lines[start].lstrip()[:len(token.markup)]
                indent = lines[start][:len(lines[start]) - len(lines[start].lstrip())]
                edits.append((start, start + 1, [f"{indent}{marker}text"]))
        elif token.type == "inline":
            _inline(token, lines, edits, (path, offset, report))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = new
    return "\n".join(lines)


def _inline(token: Token, lines: list[str], edits: list[tuple[int, int, list[str]]],
            where: tuple[Path, int, Report]) -> None:
    """Inline formulas of one paragraph that do not render, as code spans."""
    path, offset, report = where
    start, end = token.map or (0, 0)
    text = "\n".join(lines[start:end])
    changed = False
    for child in token.children or []:
        if child.type == "math_inline" and not renders(child.content, False):
            words = [re.escape(word) for word in child.content.split()]
            written = re.search(r"\$\$?\s*" + r"\s+".join(words) + r"\s*\$\$?", text)
            if words and written:
                span = _code_span(" ".join(child.content.split()))
                text = text[:written.start()] + span + text[written.end():]
                changed = True
                report.skip(path, start + 1 + offset, "math does not render here: kept as code")
    if changed:
        edits.append((start, end, text.split("\n")))
