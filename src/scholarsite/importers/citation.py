"""The authors of a paper from the citation string a site shows for it.

academicpages keeps no author list for a paper, only a formatted ``citation:`` line
(``Geiger, R. Stuart and David Ribes (2010). "The Work of ..." In Proceedings...``), in
whatever style the owner pasted: APA, IEEE, "Last, F.", "First Last", with HTML or Markdown
around names. Hand-written: citation parsers (anystyle, GROBID) are services or models far
too heavy for an importer, and the part wanted here is small: the text before the title or
the year, split into names. A list that cannot be told apart gives no authors (the importer
then says so); ``et al.`` and ellipses mean more authors (BibTeX's ``and others``).
"""

from __future__ import annotations

import re

from .bibtex import plain

_INITIALS = re.compile(r"(?:[A-Z\u00c0-\u00de][a-z]?\.?[\s-]*){1,4}")
_MORE = re.compile(r",?\s*(?:et\.? al\.?|\u2026|\.\.\.|and others)\s*,?", re.I)
_YEAR = re.compile(r"[\s,.]*\(?\s*(?:19|20)\d\d[a-z]?\s*\)?[\s,.:]*$")


def _names_in(chunk: str) -> list[str]:
    """One chunk between ``and``/``&``/``;`` as names: ``Last, F., Last, F.`` paired,
    ``First Last, First Last`` split at commas."""
    tokens = [t.strip() for t in chunk.split(",") if t.strip()]
    if len(tokens) <= 1:
        return tokens
    if all(len(t.split()) > 1 and not _INITIALS.fullmatch(t) for t in tokens):
        return tokens  # First Last, First Last
    names, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if following and (_INITIALS.fullmatch(following) or (
                len(token.split()) == 1 and len(following.split()) <= 2
                and not _INITIALS.fullmatch(token))):
            names.append(f"{token}, {following}")
            index += 2
        else:
            names.append(token)
            index += 1
    return names


def citation_authors(citation: str, title: str) -> tuple[list[str], bool]:
    """The names before ``title`` (or before the year) in ``citation``, and whether the
    list says there are more; ([], False) when none can be told."""
    text = plain(citation)
    cut = len(text)
    words = [w for w in re.findall(r"\w+", plain(title))[:3]]
    if words:
        found = re.search(r"\W*".join(map(re.escape, words)), text, re.I)
        cut = found.start() if found else cut
    year = re.search(r"\(?\b(?:19|20)\d\d[a-z]?\b\)?", text[:cut])
    quote = re.search(r"[\"\u201c\u2018']", text[:cut])
    cut = min([cut, *(m.start() for m in (year, quote) if m)])
    head = _YEAR.sub("", text[:cut]).strip(" .,:;\"\u201c")
    if not head or len(head) > 2000:
        return [], False
    more = bool(_MORE.search(head))
    head = _MORE.sub(",", head)
    chunks = re.split(r"\s*(?:;|&|\band\b)\s*", head)
    names = [re.sub(r"[*\u2020\u2021\d]+$", "", name).strip(" .,")
             for chunk in chunks for name in _names_in(chunk.strip(" ,"))]
    names = [_vancouver(name) for name in names if name]
    if not names or any(len(name.split()) > 6 or re.search(r"[\d/@<>=]", name)
                        or not re.search(r"[^\W\d_]", name) for name in names):
        return [], False
    return names, more


def _vancouver(name: str) -> str:
    """``Smith JA`` (Vancouver style) as ``Smith, J. A.``; a bare initial ends with a dot."""
    short = re.fullmatch(r"([^\W\d_][\w'\u2019-]+(?: [^\W\d_][\w'\u2019-]+)*) ([A-Z]{1,3})",
                         name)
    if short and "," not in name:
        return f"{short[1]}, " + " ".join(f"{letter}." for letter in short[2])
    return name + ("." if re.search(r"(?:^|[\s.,-])[^\W\d_]$", name) else "")
