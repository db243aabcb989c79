"""Recognising the owner among a paper's authors, whatever form the name takes.

BibTeX writes one person as "Lingyun Yang", "Yang, Lingyun", "L. Yang", "{L}ingyun Yang" or
with TeX accents. Names are compared after TeX decoding, accent folding and case folding; a
first name also matches its initial, so the alias "L. Yang" matches "Lingyun Yang".
"""

from __future__ import annotations

import re
import unicodedata

from pybtex.database import Person

from .tex import to_text


_PLAIN = re.compile(r"[A-Za-z .'-]*")


def _fold(value: str) -> str:
    if _PLAIN.fullmatch(value):  # most names: no TeX to decode, no accents to fold
        return re.sub(r"[^a-z]", "", value.lower())
    decomposed = unicodedata.normalize("NFKD", to_text(value))
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z]", "", ascii_only.casefold())


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
    parts = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    return tuple(token for token in map(_fold, parts) if token)


def _given_match(alias: str, actual: str) -> bool:
    if len(alias) == 1 or len(actual) == 1:  # an initial matches any name it starts
        return alias[:1] == actual[:1]
    return alias == actual


class OwnerMatcher:
    """Matches authors against the owner's name and configured aliases."""

    def __init__(self, names: list[str]) -> None:
        self.names = tuple(names)
        self._patterns = [_tokens(Person(name)) for name in names]
        self._last = {pattern[-1] for pattern in self._patterns if pattern}

    def matches(self, person: Person) -> bool:
        last = _fold(person.last_names[-1]) if person.last_names else ""
        if last and last not in self._last:  # the common case, without folding every part
            return False
        actual = _tokens(person)
        return any(
            len(pattern) == len(actual) and pattern[-1:] == actual[-1:]
            and all(map(_given_match, pattern[:-1], actual[:-1]))
            for pattern in self._patterns
        )
