"""Whose site an imported site is: the owner's name and every form it is written in.

Hand-written: the answer is spread over sources no library reads together. The settings may
name a person (al-folio's ``scholar:`` names, academicpages' ``author: name``, Hugo Blox's
admin author), name a group or a site (``Javier del Pino's Group``), or still hold the
template's example; the bibliography tells who wrote the papers: a personal papers file
shares its owner across nearly every entry, a group site its head. Names there carry marks
(``Surname*†``) that are footnote signs, not letters. A site title is never taken for a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pybtex.database import BibliographyData, Entry, Person

from ..errors import ScholarsiteError
from ..text import one_line
from .report import Report

#: signs glued to names for equal contribution, correspondence and the like
MARKS = re.compile(r"[*†‡§¶#^]+")


@dataclass
class Owner:
    name: str
    aliases: list[str]


#: words of a site title that name a group or a site, not a person
GROUP = re.compile(r"'s\b|\u2019s\b|\b(group|lab|laboratory|research|team|center|centre|"
                    r"institute|homepage|website|site|blog|portfolio)\b", re.I)


def config_names(value: object) -> list[str]:
    """jekyll-scholar's name lists, which al-folio also accepts as one string."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(name) for name in value if isinstance(name, str | int) and str(name).strip()]
    return []


def own_entries(papers: BibliographyData | None) -> list[list[Person]]:
    """The authors of each entry of papers.bib that is not the template's example (an
    Einstein paper), marks like ``*`` and ``†`` taken off."""
    out = []
    for entry in papers.entries.values() if papers else []:
        people = [Person(MARKS.sub("", str(person))) for person in
                  entry.persons.get("author", [])]
        if people and not any("einstein" in str(person).casefold() for person in people):
            out.append(people)
    return out


def _key(person: Person) -> tuple[str, str]:
    """A person as told apart across name forms: last name, and first initial."""
    first = " ".join(person.first_names + person.middle_names).strip("{}.")
    last = " ".join(person.prelast_names + person.last_names).replace("{", "").replace("}", "")
    # the last word only: "David Van Dijcke" reads as last name Dijcke, "Van Dijcke, David"
    # as Van Dijcke
    return (last.split() or [""])[-1].casefold(), first[:1].casefold()


def share(entries: list[list[Person]], names: list[str]) -> int:
    """How many entries one of ``names`` wrote (by last name and first initial; by last name
    alone when the name gives no first)."""
    wanted = {_key(Person(name)) for name in names}
    lasts = set() if any(initial for _, initial in wanted) else {last for last, _ in wanted}
    return sum(any(key in wanted or key[0] in lasts for key in map(_key, people))
               for people in entries)


def head_author(entries: list[list[Person]]) -> Owner | None:
    """The author of at least half the entries, told by last name and first initial (ties:
    the one last in the author list more often, as a group's head is); named in the fullest
    form found, with every form as aliases."""
    forms: dict[tuple[str, str], list[str]] = {}
    lasts: dict[tuple[str, str], int] = {}
    for people in entries:
        seen = set()
        for position, person in enumerate(people, 1):
            key = _key(person)
            if key[0] and key not in seen:
                seen.add(key)
                forms.setdefault(key, []).append(" ".join(
                    person.first_names + person.middle_names + person.prelast_names
                    + person.last_names).replace("{", "").replace("}", ""))
                lasts[key] = lasts.get(key, 0) + (position == len(people))
    if not forms:
        return None
    key = max(forms, key=lambda found: (len(forms[found]), lasts[found]))
    if len(forms[key]) * 2 < len(entries):
        return None
    aliases = sorted(set(forms[key]), key=lambda form: (-len(form), form))
    return Owner(aliases[0], aliases)


def strip_marks(entry: Entry) -> list[int]:
    """Names with al-folio's marks glued on (``Einstein*†``) cleaned; the co-first (``*``)
    positions (1-based)."""
    equal = []
    for role, people in entry.persons.items():
        cleaned = []
        for position, person in enumerate(people, 1):
            text = str(person)
            if MARKS.search(text):
                if "*" in text and role == "author":
                    equal.append(position)
                person = Person(MARKS.sub("", text))
            cleaned.append(person)
        entry.persons[role] = cleaned
    return equal


def similar(owner: Owner, person: Person) -> bool:
    """A name form that is plausibly the owner's: a last-name word or the full first name
    in common (al-folio lists only the owner's papers, so one author must be the owner)."""
    want = {w.casefold() for name in owner.aliases for w in name.split()[-1:]}
    words = {w.casefold().strip(".,{}") for w in str(person).replace(",", " ").split()}
    return bool(want & words)


#: how a group's description names its head: "directed by Jane Doe", "PI: Prof. Jane Doe"
_HEAD = re.compile(r"\b(?:directed|led|headed|run|supervised|founded)\s+by|\bPI\s*:|"
                   r"\bprincipal investigator\s*:", re.I)
_PERSON = re.compile(r"\s*(?:(?:Prof\.?|Professor|Dr\.?)\s+)?((?:[A-Z][\w'’.-]*\s+"
                     r"(?:(?:van|von|de|del|der|da|di|du|la|le)\s+)?){1,3}[A-Z][\w'’-]+)")


def named_head(description: str) -> str | None:
    """The person a group's description names as its head, if it does."""
    found = _HEAD.search(description)
    person = found and _PERSON.match(description, found.end())
    return person[1] if person else None


def site_owner(name: str, where: str, entries: list[list[Person]], report: Report,
               description: str = "") -> Owner:
    """The owner when the settings give one ``name`` (``where`` says which setting): that
    person when the name is a person's and an author of some papers (or no one wrote most of
    them); else the author of most papers (a group site lists its head's); else the head the
    site's ``description`` names ("directed by ..."); never a site title."""
    name = one_line(name)
    head = head_author(entries)
    personal = bool(name) and not GROUP.search(name)
    if personal and (head is None or share(entries, [name]) > 0):
        return Owner(name, [name])
    if head is not None:
        if name:
            report.repair(where, None, f"{name!r} names no author of the papers: the owner "
                                       f"is {head.name!r}, an author of most of them")
        return head
    if (director := named_head(description)) is not None:
        report.repair(where, None, f"{name!r} is not a person's name: the owner is "
                                   f"{director!r}, whom the site names as its head")
        return Owner(director, [director])
    raise ScholarsiteError(f"{where}: {name or 'no name'!r} is not a person's name, and no "
                           "author is shared by most of the papers: cannot tell whose site "
                           "this is; write the owner's name there")
