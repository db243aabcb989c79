"""The owner's publications as the CV shows them: grouped, labelled, with marks and links.

Everything here is derived from refs.bib; nothing is typed by hand. Labels (C3, C2, C1, P1)
number each group in reverse chronological order, so a new paper renumbers the list the way
an academic CV does. Conventions for extra fields: ``equal = {1,2}`` lists co-first authors
by position, ``selected = {true}`` puts a paper on the home page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from pybtex.database import BibliographyData, Entry

from ..errors import ScholarsiteError, located
from ..urls import is_safe_url
from .load import line_of_key
from .names import OwnerMatcher, display_name
from .tex import to_text

#: (kind, label prefix, heading), in the order a CV lists them.
KINDS = (
    ("conference", "C", "Conference Papers"),
    ("journal", "J", "Journal Articles"),
    ("workshop", "W", "Workshop Papers"),
    ("preprint", "P", "Preprints"),
    ("thesis", "T", "Theses"),
    ("other", "O", "Other Publications"),
)
PREFIX = {kind: prefix for kind, prefix, _ in KINDS}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: Bib fields that become buttons, in display order: (field, label).
LINK_FIELDS = (("pdf", "PDF"), ("url", "URL"), ("code", "Code"), ("slides", "Slides"),
               ("video", "Video"), ("poster", "Poster"), ("project", "Project"))


@dataclass(frozen=True)
class Author:
    name: str
    is_owner: bool
    equal: bool


@dataclass(frozen=True)
class Publication:
    key: str
    kind: str
    label: str
    authors: tuple[Author, ...]
    title: str
    venue: str
    venue_prefix: str
    details: str
    year: int
    month: int | None
    selected: bool
    links: tuple[tuple[str, str], ...]

    @property
    def has_equal(self) -> bool:
        return any(author.equal for author in self.authors)


def _kind(entry: Entry) -> str:
    fields = entry.fields
    if entry.type in {"phdthesis", "mastersthesis"}:
        return "thesis"
    if "eprint" in fields and entry.type in {"misc", "unpublished", "online", "article"}:
        if entry.type != "article" or "arxiv" in fields.get("journal", "arXiv").lower():
            return "preprint"
    if entry.type in {"inproceedings", "conference"}:
        return "workshop" if "workshop" in fields.get("booktitle", "").lower() else "conference"
    if entry.type == "article":
        return "journal"
    return "other"


def _month(entry: Entry) -> int | None:
    raw = to_text(entry.fields.get("month", "")).lower()
    if not raw:
        return None
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    return next((i for i, name in enumerate(MONTHS, 1) if name.lower().startswith(raw[:3])), None)


def _positions(value: str) -> set[int]:
    return {int(part) for part in re.findall(r"\d+", value)}


def _venue(entry: Entry, kind: str) -> tuple[str, str]:
    """(prefix, venue name) as the CV writes it: "in the" + *Proceedings of ...*."""
    fields = entry.fields
    if kind == "preprint":
        archive = to_text(fields.get("archiveprefix", "arXiv"))
        eprint = to_text(fields["eprint"])
        return "", f"{archive} preprint {archive}:{eprint}"
    for field in ("booktitle", "journal", "school", "institution", "publisher", "howpublished"):
        if field in fields:
            name = to_text(fields[field])
            if field == "booktitle":
                return ("in the " if name.startswith("Proceedings") else "in "), name
            return "", name
    return "", ""


def _links(entry: Entry, path: Path) -> tuple[tuple[str, str], ...]:
    fields = entry.fields
    links: list[tuple[str, str]] = []
    if fields.get("archiveprefix", "").lower() == "arxiv" and "eprint" in fields:
        links.append(("arXiv", f"https://arxiv.org/abs/{fields['eprint']}"))
    if "doi" in fields:
        links.append(("DOI", f"https://doi.org/{fields['doi']}"))
    for field, label in LINK_FIELDS:
        if field in fields:
            url = fields[field].strip()
            if not is_safe_url(url):
                raise ScholarsiteError(located(
                    path, line_of_key(path, entry.key),
                    f"entry {entry.key!r}: field {field!r} has URL {url!r}; only http(s), "
                    "mailto and relative URLs are allowed: fix the URL"))
            links.append((label, url))
    return tuple(links)


def _publication(key: str, entry: Entry, owner: OwnerMatcher, path: Path) -> Publication:
    kind = _kind(entry)
    equal = _positions(entry.fields.get("equal", ""))
    authors = tuple(
        Author(display_name(person), owner.matches(person), position in equal)
        for position, person in enumerate(entry.persons.get("author", []), 1)
    )
    prefix, venue = _venue(entry, kind)
    place = to_text(entry.fields.get("address", ""))
    month = _month(entry)
    year = int(re.sub(r"\D", "", entry.fields.get("year", "0")) or 0)
    date = f"{MONTHS[month - 1]} {year}" if month else str(year)
    details = ", ".join(part for part in (place, date) if part)
    return Publication(
        key=key, kind=kind, label="", authors=authors, title=to_text(entry.fields["title"]),
        venue=venue, venue_prefix=prefix, details=details, year=year, month=month,
        selected=entry.fields.get("selected", "").strip().lower() in {"true", "yes", "1"},
        links=_links(entry, path),
    )


def own_publications(
    bib: BibliographyData, owner: OwnerMatcher, path_of: dict[str, Path]
) -> list[Publication]:
    """The owner's papers, newest first, each labelled within its kind (C3, C2, C1...)."""
    mine = [
        _publication(key, entry, owner, path_of[key])
        for key, entry in bib.entries.items()
        if any(owner.matches(person) for person in entry.persons.get("author", []))
    ]
    mine.sort(key=lambda pub: (pub.year, pub.month or 0, pub.key), reverse=True)
    labelled = []
    for kind, prefix, _ in KINDS:
        group = [pub for pub in mine if pub.kind == kind]
        for index, pub in enumerate(group):
            labelled.append(replace(pub, label=f"{prefix}{len(group) - index}"))
    order = {pub.key: i for i, pub in enumerate(mine)}
    return sorted(labelled, key=lambda pub: order[pub.key])


def grouped(pubs: list[Publication]) -> list[tuple[str, str, list[Publication]]]:
    """(kind, heading, publications) for each kind that has any, in CV order."""
    return [(kind, heading, [p for p in pubs if p.kind == kind])
            for kind, _, heading in KINDS if any(p.kind == kind for p in pubs)]
