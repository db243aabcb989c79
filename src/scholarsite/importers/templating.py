"""Liquid tags (Jekyll: al-folio, academicpages) and Hugo shortcodes (Hugo Blox) in imported
pages: converted where the site has an equivalent, else left out and reported with file and
line.

Hand-written: no library renders another generator's templates outside it, and rendering
them would run the old site's logic. MyST would read a leftover ``{{ x }}`` as a substitution
(and fail the build) and print a leftover shortcode as text, so none may stay.

Equivalents: a URL filter (``{{ '/x' | relative_url }}``) or a base path
(``{{ base_path }}``, ``{{ site.baseurl }}``) becomes the path it names; ``{% cite %}`` and
Hugo's ``cite`` of known papers become citations; figures become images (the file copied by
the importer's ``image`` callback); ``highlight`` becomes a code block, ``raw`` its content;
Hugo's ``callout``/``alert`` become admonitions, ``spoiler`` a dropdown, ``youtube`` and
``vimeo`` links, ``staticref`` and ``ref`` links to the files and pages they name (for the
importer's link pass, :func:`.pages.site_links`, to map); ``hl``,
``math`` and ``mention`` their text. Any other tag is left out (a paired shortcode keeps its
content) and reported.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .pages import prose
from .report import Report

#: Jekyll's set-up tags that only prepare variables the converted page does not need
_PLUMBING = {"include base_path", "include base_path.html"}
_LIQUID = re.compile(r"{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%}|{{-?(?P<value>.*?)-?}}", re.S)
_URL_FILTER = re.compile(r"\s*['\"]([^'\"]*)['\"]\s*\|\s*(?:relative|absolute)_url\s*")
_BASE = re.compile(r"\s*(?:base_path|site\.baseurl|site\.url|site\.url\s*\}\}\{\{\s*site\.baseurl)"
                   r"\s*")
_FIGURE = re.compile(r"""path\s*=\s*["']?([^"'\s%]+)""")
_SHORTCODE = re.compile(r"{{(?P<open>[<%])\s*(?P<close>/)?\s*(?P<name>[\w/-]+)(?P<args>.*?)"
                        r"\s*(?P=open)?[>%]}}", re.S)
#: shortcodes that wrap content, whose closing tag is searched
_PAIRED = {"callout", "alert", "spoiler", "staticref", "hl", "math", "cta", "list_children",
           "details", "highlight", "markdown"}
_ADMONITIONS = {"note": "note", "warning": "warning", "tip": "tip", "danger": "danger",
                "info": "note", "important": "important", "caution": "caution"}


@dataclass
class Links:
    """What the importer resolves for the converter: each returns the new site's path (or
    role text) or None when the old site's target is not imported. Links to pages and files
    are written with the old site's paths: the importer's link pass maps those."""

    image: Callable[[str], str | None] = lambda path: None
    cite: Callable[[list[str]], str | None] = lambda keys: None


def _line(text: str, index: int, offset: int) -> int:
    return text.count("\n", 0, index) + 1 + offset


def _empty_links(text: str) -> str:
    """``[text]()``, where a link's target was left out, as its text."""
    return re.sub(r"(?<!!)\[([^\]]*)\]\(\s*\)", r"\1", text)


def liquid(text: str, path: Path, offset: int, report: Report, links: Links) -> str:
    """Liquid tags and values in a Jekyll page's ``text`` (its first line is line
    ``offset + 1`` of ``path``) converted or left out."""

    def tag(match: re.Match[str]) -> str:
        line = _line(match.string, match.start(), offset)
        keep_lines = "\n" * match[0].count("\n")  # later lines keep their numbers
        if match["value"] is not None:
            url = _URL_FILTER.fullmatch(match["value"])
            if url:
                return url[1]
            if _BASE.fullmatch(match["value"]):
                return ""
            report.skip(path, line, f"Jekyll value {match[0][:50]!r}: left out")
            return keep_lines
        name, args = match["tag"], match["args"].strip()
        if f"{name} {args}".strip() in _PLUMBING:
            return keep_lines
        if name == "cite" and (role := links.cite(args.split())):
            return role
        if name == "include" and args.startswith("figure") and (found := _FIGURE.search(args)):
            new = links.image(found[1])
            if new:
                return f"![]({new})" + keep_lines
            report.skip(path, line, f"figure {found[1]!r}: no such file: left out")
            return keep_lines
        report.skip(path, line, f"Jekyll tag {match[0][:50]!r}: left out")
        return keep_lines

    text = re.sub(r"{%-?\s*raw\s*-?%}(.*?){%-?\s*endraw\s*-?%}",
                  lambda m: _protect(m[1]), text, flags=re.S)
    text = re.sub(r"{%-?\s*highlight\s+(\w+)[^%]*%}\n?(.*?){%-?\s*endhighlight\s*-?%}",
                  lambda m: f"```{m[1]}\n{_protect(m[2]).rstrip()}\n```", text, flags=re.S)
    return _restore(_empty_links(_LIQUID.sub(tag, text)))


# Text that must pass the tag pass unchanged (a raw block, code) is hidden behind
# placeholders of private-use characters, which no source file writes.
_HIDE = str.maketrans({"{": "\ue000", "}": "\ue001"})
_SHOW = str.maketrans({"\ue000": "{", "\ue001": "}"})


def _protect(text: str) -> str:
    return text.translate(_HIDE)


def _restore(text: str) -> str:
    return text.translate(_SHOW)


def _arguments(args: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments, as Hugo splits them."""
    try:
        words = shlex.split(args.replace("\u201c", '"').replace("\u201d", '"'))
    except ValueError:
        words = args.split()
    named = dict(w.split("=", 1) for w in words if re.match(r"^[\w-]+=", w))
    return [w for w in words if not re.match(r"^[\w-]+=", w)], named


def shortcodes(text: str, path: Path, offset: int, report: Report, links: Links) -> str:
    """Hugo shortcodes in a Hugo page's ``text`` converted or left out."""
    out, at = [], 0
    for match in _SHORTCODE.finditer(text):
        if match.start() < at:
            continue  # inside a paired shortcode already converted
        out.append(text[at:match.start()])
        at = match.end()
        name = match["name"].lstrip("/")
        line = _line(text, match.start(), offset)
        if match["close"] or match["name"].startswith("/"):
            continue  # a closing tag met on its own: its opening was reported
        inner = None
        if name in _PAIRED:
            closing = re.compile(r"{{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]}}")
            end = closing.search(text, match.end())
            if end:
                inner = shortcodes(text[match.end():end.start()], path,
                                   _line(text, match.end(), offset) - 1, report,
                                   links).strip("\n")
                at = end.end()
        positional, named = _arguments(match["args"])
        out.append(_shortcode(name, positional, named, inner, (path, line), report, links)
                   + ("\n" * match[0].count("\n") if inner is None else ""))
    out.append(text[at:])
    text = _empty_links("".join(out))
    # Hugo shows ``{{ x }}`` in content as written; MyST would read it as a substitution
    return prose(text, 0, lambda chunk, _: re.sub(
        r"(`+)[^`]*?\1|(?<!\\){{", lambda m: m[0] if m[1] else "\\{{", chunk)) \
        if "{{" in text else text


def _shortcode(name: str, positional: list[str], named: dict[str, str], inner: str | None,
               where: tuple[Path, int], report: Report, links: Links) -> str:
    """One shortcode's equivalent ("" when it has none, reported)."""
    first = positional[0] if positional else ""
    if name in {"callout", "alert"} and inner is not None:
        kind = _ADMONITIONS.get(first.casefold(), "note")
        return f"\n```{{{kind}}}\n{inner}\n```\n"
    if name in {"spoiler", "details"} and inner is not None:
        title = " ".join((named.get("text") or named.get("summary") or "More").split())
        return f"\n```{{dropdown}} {title}\n{inner}\n```\n"
    if name in {"hl", "math", "markdown"} and inner is not None:
        return inner
    if name == "staticref" and inner is not None:  # a link to a file of the site: the
        return f"[{inner}](/{first.lstrip('/')})"  # importer's link pass copies it
    if name in {"ref", "relref"}:  # a page of the site: the importer's link pass maps it
        return "/" + first.lstrip("/") if first else ""
    if name == "figure":
        source = named.get("src") or named.get("library") or first
        new = links.image(source) if source else None
        caption = " ".join((named.get("caption") or named.get("title") or "").split())
        if new:
            alt = " ".join((named.get("alt") or caption).split()).replace("]", "")
            return f"\n![{alt}]({new})\n" + (f"\n{caption}\n" if caption else "")
        report.skip(*where, f"figure {source!r}: no such file: left out"
                    + (", its caption kept" if caption else ""))
        return caption
    if name in {"youtube", "vimeo"} and (video := named.get("id") or first):
        if re.fullmatch(r"[\w-]+", video):
            url = (f"https://www.youtube.com/watch?v={video}" if name == "youtube"
                   else f"https://vimeo.com/{video}")
            return f"[Video]({url})"
    if name == "cite" and (page := named.get("page") or first):
        role = links.cite([page.rstrip("/").rsplit("/", 1)[-1]])
        if role:
            return role
    if name == "mention" and first:
        return first
    report.skip(*where, f"Hugo shortcode {name!r}: no equivalent: left out"
                + (", its content kept" if inner else ""))
    return inner or ""
