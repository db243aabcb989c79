"""A work as a service describes it, and the BibTeX entry written for it.

The services give plain text (sometimes with HTML or MathML in titles); BibTeX wants TeX:
special characters escaped, acronyms and proper nouns in braces so a style's sentence case
keeps them, the month as a macro. Only fields the service gave are written; nothing is
guessed. Written by hand: the rules are BibTeX's own, a few lines each.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

#: BibTeX's month macros, by month number
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: words a key's title part skips
_STOPWORDS = frozenset("a an the on of in for to and with from by at as is are via towards "
                       "toward".split())


@dataclass
class Person:
    family: str
    given: str = ""
    literal: bool = False  # an organisation: written in braces, never split


@dataclass
class Work:
    """What the entry will say; every field as the service gave it (empty: not given)."""

    kind: str  # BibTeX type: article, inproceedings, book, incollection, misc, ...
    title: str
    authors: list[Person] = field(default_factory=list)
    editors: list[Person] = field(default_factory=list)
    year: str = ""
    month: int | None = None
    journal: str = ""
    booktitle: str = ""
    publisher: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    doi: str = ""
    eprint: str = ""  # arXiv id
    url: str = ""
    isbn: str = ""
    pmid: str = ""
    howpublished: str = ""
    note: str = ""
    school: str = ""
    institution: str = ""

    @property
    def venue(self) -> str:
        return self.journal or self.booktitle


def plain(text: str) -> str:
    """Text from a service: HTML and MathML tags dropped, entities decoded, spaces joined."""
    text = re.sub(r"<[^>]{0,500}>", "", text or "")
    return " ".join(html.unescape(text).split())


# braces as commands: BibTeX counts every brace, escaped or not, so ``\}`` would end a value
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
            "&": r"\&", "%": r"\%",
            "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}"}


def tex(text: str) -> str:
    """Plain text as TeX that prints it: BibTeX's and TeX's special characters escaped."""
    return "".join(_SPECIAL.get(char, char) for char in plain(text))


def _protected(word: str, sentence_case: bool, first: bool) -> bool:
    parts = [re.sub(r"[^\w]", "", part) for part in word.split("-")]
    if not any(part[:1].isupper() or any(c.isupper() for c in part[1:]) for part in parts):
        return False
    if any(any(char.isupper() for char in part[1:]) for part in parts):  # GPU, PyTorch, iOS
        return True
    return sentence_case and not first  # a capital the title writes on purpose: Kubernetes


def title_tex(title: str) -> str:
    """The title as TeX with its acronyms and proper nouns braced. In a title written in
    sentence case every capitalised word after the first (and after a colon) is a name; in
    title case only words with inner capitals (acronyms, camel case) can be told apart."""
    text = plain(title)
    if re.fullmatch(r"[^$]*(\$[^$]+\$[^$]*)+", text) and all(
            _balanced(piece) for piece in re.findall(r"\$[^$]+\$", text)):
        return _with_math(text)  # TeX math as services pass it on
    words = text.split(" ")
    later = [word for index, word in enumerate(words)
             if index and not words[index - 1].endswith(":") and word[:1].isalpha()
             and word.lower() not in _STOPWORDS]
    sentence_case = bool(later) and sum(word[:1].isupper() for word in later) * 2 < len(later)
    out = []
    for index, word in enumerate(words):
        first = index == 0 or words[index - 1].endswith(":")
        escaped = tex(word)
        out.append(f"{{{escaped}}}" if _protected(word, sentence_case, first) else escaped)
    return " ".join(out)


def _balanced(math: str) -> bool:
    """Whether a formula can be written as it is: its braces pair up, no escaped dollar, no
    ``@`` (nothing that could end the value or start another entry)."""
    depth = 0
    for char in math:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and "\\$" not in math and "@" not in math


def _with_math(text: str) -> str:
    """A title holding ``$...$``: the formulas kept as TeX, the text between them escaped and
    braced as any title's."""
    pieces = re.split(r"(\$[^$]+\$)", text)
    return "".join(piece if piece.startswith("$") or not piece.strip() else
                   piece[:len(piece) - len(piece.lstrip())] + title_tex(piece)
                   + piece[len(piece.rstrip()):] for piece in pieces)


def _name_part(text: str) -> str:
    """A part of a name; braced when BibTeX would read it as more than one name or part (a
    comma, or the word "and")."""
    escaped = tex(text)
    return f"{{{escaped}}}" if re.search(r"\band\b|,", text, re.I) else escaped


def person_tex(person: Person) -> str:
    """``Family, Given``; an organisation (or a name given as one string) in braces; empty
    for a person with no name."""
    if not plain(person.family):
        return _name_part(person.given) if plain(person.given) else ""
    if person.literal or not person.given:
        return f"{{{tex(person.family)}}}" if person.literal or " " in person.family \
            else _name_part(person.family)
    return f"{_name_part(person.family)}, {_name_part(person.given)}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode().lower())


def key_for(work: Work, pattern: str, taken: set[str]) -> str:
    """A citation key from ``pattern`` (``{surname}``, ``{year}``, ``{firstword}``), made
    unique against ``taken`` with a letter (``smith2020scheduling``, ``...a``, ``...b``)."""
    surname = _ascii(work.authors[0].family if work.authors else "") or "anon"
    words = [_ascii(word) for word in plain(work.title).split()]
    firstword = next((word for word in words if word and word not in _STOPWORDS), "") or "work"
    base = pattern.format(surname=surname, year=work.year or "nd", firstword=firstword)
    base = re.sub(r"[^\w:.-]", "", base) or "work"
    key, suffix = base, 0
    while key.lower() in {existing.lower() for existing in taken}:
        key = base + "abcdefghijklmnopqrstuvwxyz"[suffix % 26] * (suffix // 26 + 1)
        suffix += 1
    return key


def _verbatim(value: str, web: bool = False) -> str:
    """An identifier or address written as it is (BibTeX reads it verbatim): empty when it
    could break the entry (braces, spaces, control characters) or, for ``web``, when it is
    not an http(s) address."""
    value = value.strip()
    if not value or re.search(r"[{}\s\\\x00-\x1f\x7f]", value):
        return ""
    return "" if web and not re.match(r"https?://", value, re.I) else value


def fields_of(work: Work, abbr: str = "") -> list[tuple[str, str, bool]]:
    """(name, value, bare) in the order entries are written; bare values are macros."""
    found: list[tuple[str, str, bool]] = []

    def add(name: str, value: str, bare: bool = False) -> None:
        if value:
            found.append((name, value, bare))

    add("author", " and ".join(name for person in work.authors if (name := person_tex(person))))
    add("editor", " and ".join(name for person in work.editors if (name := person_tex(person))))
    add("title", title_tex(work.title))
    add("journal", tex(work.journal))
    add("booktitle", tex(work.booktitle))
    add("abbr", tex(abbr))
    add("howpublished", tex(work.howpublished))
    add("school", tex(work.school))
    add("institution", tex(work.institution))
    add("publisher", tex(work.publisher))
    add("volume", tex(work.volume))
    add("number", tex(work.number))
    add("pages", tex(work.pages).replace("-", "--").replace("----", "--"))
    add("year", work.year if re.fullmatch(r"\d{3,4}", work.year.strip()) else "")
    if work.month and 1 <= work.month <= 12:
        add("month", MONTHS[work.month - 1], bare=True)
    add("doi", _verbatim(work.doi))
    if _verbatim(work.eprint):
        add("eprint", _verbatim(work.eprint))
        add("archiveprefix", "arXiv")
    add("isbn", _verbatim(work.isbn))
    add("pmid", _verbatim(work.pmid))
    add("url", _verbatim(work.url, web=True))
    add("note", tex(work.note))
    return found


def entry_text(key: str, kind: str, fields: list[tuple[str, str, bool]]) -> str:
    """One entry as BibTeX source: braced values, macros bare."""
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {value if bare else '{' + value + '}'}," for name, value, bare in fields]
    return "\n".join(lines) + "\n}\n"
