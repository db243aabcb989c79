"""Recognising the owner among a paper's authors, whatever form the name takes.

BibTeX writes one person as "Lingyun Yang", "Yang, Lingyun", "L. Yang", "{L}ingyun Yang" or
with TeX accents. Names are compared after TeX decoding, accent folding and case folding; a
first name also matches its initial, so the alias "L. Yang" matches "Lingyun Yang".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from pybtex.database import Person

from .tex import to_text

_PLAIN = re.compile(r"[A-Za-z .'-]*")


@cache  # the same authors recur across thousands of entries, build after build
def fold_name(value: str) -> str:
    if _PLAIN.fullmatch(value):  # most names: no TeX to decode, no accents to fold
        return re.sub(r"[^a-z]", "", value.lower())
    decomposed = unicodedata.normalize("NFKD", to_text(value))
    unaccented = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # letters of any script stay (Ł, ß, 杨 have no ASCII form); digits and marks go
    return re.sub(r"[\W\d_]", "", unaccented.casefold())


def display_name(person: Person) -> str:
    """"First Middle von Last, Jr." in reading order, TeX decoded."""
    parts = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    name = " ".join(to_text(part) for part in parts)
    if person.lineage_names:
        name += ", " + " ".join(to_text(part) for part in person.lineage_names)
    return name


def _tokens(person: Person) -> tuple[str, ...]:
    # Reading order, ignoring BibTeX's split into parts: "{L}ingyun Yang" is parsed with a
    # "von" part (its first letter at brace level 0 is lowercase) yet names the same person.
    # A part written as an abbreviation ("L.", "Ch.", "Ĳ.") keeps a trailing dot: it is an
    # initial, whatever its length once folded.
    parts = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    tokens = []
    for part in parts:
        folded = fold_name(part)
        if folded:
            tokens.append(folded + "." if part.rstrip("}").endswith(".") else folded)
    if tokens:
        tokens[-1] = tokens[-1].rstrip(".")  # the last name is never an initial
    return tuple(tokens)


def _given_match(alias: str, actual: str) -> bool:
    """Given names match when equal, or when one is an initial the other starts with
    ("L." or "L" matches "Lingyun"; "Li" does not: it is a name of its own)."""
    a, b = alias.rstrip("."), actual.rstrip(".")
    if alias.endswith(".") or len(a) == 1:
        return b.startswith(a)
    if actual.endswith(".") or len(b) == 1:
        return a.startswith(b)
    return a == b


@dataclass(eq=False)
class OwnerMatcher:
    """Matches authors against the owner's name and configured aliases (the names are its
    cache key, :mod:`scholarsite.keys`; the rest is made from them)."""

    names: tuple[str, ...]
    _patterns: list[tuple[str, ...]] = field(init=False, compare=False, repr=False)
    _last: set[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.names = tuple(self.names)
        self._patterns = [_tokens(Person(name)) for name in self.names]
        self._last = {pattern[-1] for pattern in self._patterns if pattern}

    def matches(self, person: Person) -> bool:
        last = fold_name(person.last_names[-1]) if person.last_names else ""
        if last and last not in self._last:  # the common case, without folding every part
            return False
        actual = _tokens(person)
        return any(
            len(pattern) == len(actual) and pattern[-1:] == actual[-1:]
            and all(map(_given_match, pattern[:-1], actual[:-1]))
            for pattern in self._patterns
        )
