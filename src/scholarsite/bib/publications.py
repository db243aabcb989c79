"""Bibliography entries as a CV shows them: authors, title, venue, links, badges, labels.

Everything here is derived from the .bib files; nothing is typed by hand. :func:`describe`
turns any entry into a :class:`Publication`; :func:`own_publications` keeps the owner's and
labels each kind in reverse chronological order (C3, C2, C1...), the way an academic CV does.

Conventions for fields beyond BibTeX (README, "Adding a paper"):

- author marks: ``equal = {1,2}`` (``*``, co-first), ``corresponding = {3}`` (``†``), biblatex's
  ``author+an = {1=equal; 3=corresponding}``, or marks typed after a name (``Einstein*†``,
  al-folio's style), which are taken off the name; other symbols mean what
  ``scholarsite_author_marks`` says (default: ``‡`` equal advising);
- ``selected = {true}``: on the home page;
- ``award = {Best Paper}``: an award badge (inline Markdown, no raw HTML); with
  ``award_name = {Best Paper}``, the name is the badge and the award text a reveal beside it;
- ``artifact = {available, functional, reproduced}``: artifact evaluation badges;
- ``pdf``, ``code``, ``slides``, ``video``, ``poster``, ``trace``, ``project``, and al-folio's
  ``html``, ``website``, ``blog``, ``supp``: link buttons; identifiers ``arxiv``, ``hal``,
  ``pmid``, ``inspirehep_id`` become links to their archives;
- al-folio's ``annotation`` (after the authors) and ``additional_info`` (after the reference):
  inline Markdown, ``<br>`` read as a line break.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup
from pybtex.database import BibliographyData, Entry, Person

from ..errors import ScholarsiteError, located
from ..markup import inline_html
from ..text import CONTROL
from ..urls import is_safe_url
from .citation_counts import CitationCounts, Count
from .coauthors import Coauthors
from .load import Bibliography
from .names import OwnerMatcher, display_name
from .venues import Badge, Venues
from .writer import to_bibtex

#: (kind, label prefix, heading), in the order a CV lists them.
KINDS = (
    ("conference", "C", "Conference Papers"),
    ("journal", "J", "Journal Articles"),
    ("workshop", "W", "Workshop Papers"),
    ("preprint", "P", "Preprints"),
    ("book", "B", "Books"),
    ("chapter", "BC", "Book Chapters"),
    ("thesis", "T", "Theses"),
    ("report", "R", "Technical Reports"),
    ("patent", "Pat", "Patents"),
    ("software", "S", "Software"),
    ("dataset", "D", "Datasets"),
    ("other", "O", "Other Publications"),
)
#: entry types of each kind that depends on the type alone
_TYPE_KINDS = {"phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
               "book": "book", "mvbook": "book", "incollection": "chapter", "inbook": "chapter",
               "bookinbook": "chapter", "techreport": "report", "report": "report",
               "patent": "patent", "software": "software", "dataset": "dataset"}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: Bib fields that become buttons, in display order: (field, label).
LINK_FIELDS = (("pdf", "PDF"), ("url", "URL"), ("code", "Code"), ("slides", "Slides"),
               ("video", "Video"), ("poster", "Poster"), ("trace", "Trace"),
               ("project", "Project"), ("html", "HTML"), ("website", "Website"),
               ("blog", "Blog"), ("supp", "Supp"))
#: Identifier fields that name a record in an archive: (field, label, URL pattern).
ID_FIELDS = (("arxiv", "arXiv", "https://arxiv.org/abs/{}"), ("hal", "HAL", "https://hal.science/{}"),
             ("pmid", "PubMed", "https://pubmed.ncbi.nlm.nih.gov/{}/"),
             ("inspirehep_id", "INSPIRE", "https://inspirehep.net/literature/{}"))

#: Artifact evaluation badges, as USENIX and ACM name them.
ARTIFACT_BADGES = {"available": "Artifacts Available", "functional": "Artifacts Functional",
                   "reusable": "Artifacts Reusable", "reproduced": "Results Reproduced",
                   "replicated": "Results Replicated"}

#: BibTeX's and biblatex's fields as styles print them: all the BibTeX reveal shows.
STANDARD_FIELDS = frozenset({
    "address", "author", "booktitle", "booksubtitle", "chapter", "date", "doi", "edition",
    "editor", "eprint", "eprintclass", "eprinttype", "archiveprefix", "primaryclass",
    "eventdate", "eventtitle", "holder", "howpublished", "institution", "isbn", "issn", "issue",
    "journal", "journaltitle", "language", "location", "maintitle", "month", "note", "number",
    "organization", "pages", "pagetotal", "pubstate", "publisher", "school", "series",
    "subtitle", "title", "titleaddon", "translator", "type", "url", "urldate", "venue",
    "version", "volume", "year",
})
#: Fields reference managers write for themselves: not shown, not reported.
TOOL_FIELDS = frozenset({"abstract", "annote", "comment", "crossref", "file",
                         "ids", "key", "keywords", "mendeley-tags", "owner", "timestamp",
                         "related",
                         # al-folio's switches for third-party badges and its BibTeX button:
                         # scholarsite always shows the BibTeX, and counts citations itself
                         "altmetric", "dimensions", "google_scholar_id", "bibtex_show"})
#: Fields scholarsite reads beyond the standard ones (README, "A paper").
CUSTOM_FIELDS = frozenset({"equal", "corresponding", "author+an", "selected", "award",
                           "award_name",
                           "artifact", "code", "slides", "video", "poster", "trace", "project",
                           "pdf", "preview", "html", "website", "blog", "supp", "arxiv",
                           "hal", "pmid", "inspirehep_id", "annotation", "additional_info",
                           "abbr"})


#: Author marks and what legends say of them ("* denotes co-first authors").
DEFAULT_MARKS = {"*": "co-first authors", "†": "corresponding authors", "‡": "equal advising"}
#: marks typed right after a name, as al-folio sites write them
_GLUED = re.compile(r"[*†‡§¶]+")


@dataclass(frozen=True)
class Context:
    """What entries are read with beyond their own fields: the owner's names (in bold), the
    meanings of author marks beyond :data:`DEFAULT_MARKS`, co-authors' homepages, venues,
    citation counts."""

    owner: OwnerMatcher | None = None
    meanings: dict[str, str] = field(default_factory=dict)
    coauthors: Coauthors = field(default_factory=lambda: Coauthors({}))
    venues: Venues = field(default_factory=lambda: Venues({}))
    counts: CitationCounts = field(default_factory=lambda: CitationCounts({}))

    @property
    def paths(self) -> tuple[Path, ...]:
        """The data files read, for dependencies."""
        return tuple(path for path in (self.coauthors.path, self.venues.path, self.counts.path)
                     if path)


@dataclass(frozen=True)
class Author:
    name: str
    is_owner: bool
    marks: str = ""
    url: str = ""  # a co-author's homepage (bib/coauthors.py)

    @property
    def equal(self) -> bool:
        return "*" in self.marks


@dataclass(frozen=True)
class Publication:
    key: str
    kind: str
    label: str
    authors: tuple[Author, ...]
    title: str
    title_html: Markup
    venue: str
    venue_html: Markup
    venue_prefix: str
    venue_source: str
    details: str
    year: int
    month: int | None
    selected: bool
    links: tuple[tuple[str, str], ...]
    abstract_html: Markup
    bibtex: str
    award: Markup  # the badge: award_name, or the award text when there is no name
    award_detail: Markup  # the award text, when award_name names it
    artifacts: tuple[tuple[str, str], ...]
    doi: str
    arxiv: str
    et_al: bool = False  # the author list ended in BibTeX's "and others"
    legend: tuple[tuple[str, str], ...] = ()  # (mark, meaning) of the marks shown
    preview: str = ""  # a thumbnail: a file of the site (papers/x.png) or an http(s) URL
    annotation: str = ""  # inline Markdown shown after the authors (al-folio's annotation)
    badge: Badge | None = None  # the venue's badge (bib/venues.py)
    cited: Count | None = None  # citation count (bib/citation_counts.py)
    additional: str = ""  # inline Markdown shown after the reference (additional_info)
    pending: str = ""  # no year yet: the state its year field gives ("Forthcoming")

    @property
    def date(self) -> str:
        """ISO date as far as known: YYYY or YYYY-MM; empty when the year is unknown."""
        if not self.year:
            return ""
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


def kind_of(entry: Entry) -> str:
    fields = entry.fields
    if entry.type in _TYPE_KINDS:
        return _TYPE_KINDS[entry.type]
    if "eprint" in fields and entry.type in {"misc", "unpublished", "online", "article"}:
        if entry.type != "article" or "arxiv" in fields.get("journal", "arXiv").lower():
            return "preprint"
    if entry.type == "inproceedings":
        return "workshop" if "workshop" in fields.get("booktitle", "").lower() else "conference"
    if entry.type == "article":
        return "journal"
    return "other"


def _month(bib: Bibliography, entry: Entry) -> int | None:
    raw = bib.tex.text(entry.fields.get("month", "")).lower()
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    return next((i for i, name in enumerate(MONTHS, 1)
                 if raw and name.lower().startswith(raw[:3])), None)


def _marks(entry: Entry, people: list[Person]) -> dict[int, str]:
    """Each author position's marks, from the fields and from marks typed after names."""
    fields = entry.fields
    marks: dict[int, str] = defaultdict(str)
    for name, symbol in (("equal", "*"), ("corresponding", "†")):
        for position in re.findall(r"\d+", fields.get(name, "")):
            marks[int(position)] += symbol
    for match in re.finditer(r"(\d+)\s*=\s*([^;]*)", fields.get("author+an", "")):
        for word, symbol in (("equal", "*"), ("corresponding", "†")):
            if word in match[2]:
                marks[int(match[1])] += symbol
    for position, person in enumerate(people, 1):
        marks[position] += "".join(_GLUED.findall(str(person)))
    order = list(DEFAULT_MARKS)
    return {position: "".join(sorted(set(symbols), key=lambda s: (s not in order,
                                                                  order.index(s) if s in order
                                                                  else 0, s)))
            for position, symbols in marks.items() if symbols}


def _people(entry: Entry) -> tuple[list[Person], bool]:
    """The authors (else editors) without BibTeX's "and others", and whether it was there."""
    people = entry.persons.get("author") or entry.persons.get("editor", [])
    et_al = bool(people) and str(people[-1]).strip().lower() == "others"
    return (people[:-1] if et_al else list(people)), et_al


def _legend(marks: dict[int, str], count: int,
            context: Context) -> tuple[tuple[str, str], ...]:
    """(mark, meaning) of each mark the ``count`` authors carry, in their order."""
    meaning = {**DEFAULT_MARKS, **context.meanings}
    used = "".join(dict.fromkeys("".join(marks.get(n, "") for n in range(1, count + 1))))
    return tuple((mark, meaning.get(mark, "as marked in the paper")) for mark in used)


def legend(bib: Bibliography, key: str, context: Context | None = None,
           ) -> tuple[tuple[str, str], ...]:
    """:func:`describe`'s ``legend`` alone: a bibliography of thousands of entries needs the
    marks of each, not the whole description (its BibTeX text costs a millisecond)."""
    people, _ = _people(bib.data.entries[key])
    return _legend(_marks(bib.data.entries[key], people), len(people), context or Context())


def _unmarked(person: Person) -> Person:
    text = str(person)
    return Person(_GLUED.sub("", text)) if _GLUED.search(text) else person


def _venue(bib: Bibliography, entry: Entry, kind: str) -> tuple[str, str]:
    """(prefix, venue as TeX) as the CV writes it: "in the" *Proceedings of ...*."""
    fields = entry.fields
    if kind == "preprint":
        archive = fields.get("archiveprefix", "arXiv")
        return "", f"{archive} preprint {archive}:{fields['eprint'].strip()}"
    if kind == "patent" and fields.get("number", "").strip():
        return "", f"{fields.get('type', '').strip() or 'Patent'} {fields['number'].strip()}"
    if kind == "software" and fields.get("version", "").strip():
        return "", f"version {fields['version'].strip()}"
    for name in ("booktitle", "journal", "school", "institution", "publisher", "howpublished",
                 "organization"):
        if fields.get(name, "").strip():
            value = fields[name]
            prefix = ""
            if name == "booktitle":
                prefix = "in the " if bib.tex.text(value).startswith("Proceedings") else "in "
            return prefix, value
    return "", ""


#: what a year field says of a paper that has no year yet (al-folio and biblatex's pubstate)
PENDING = {"forthcoming": "Forthcoming", "in press": "In press", "inpress": "In press",
           "to appear": "To appear", "accepted": "Accepted", "submitted": "Submitted",
           "under review": "Under review", "in review": "Under review",
           "in preparation": "In preparation", "in prep": "In preparation",
           "in revision": "In revision", "revise and resubmit": "Revise and resubmit",
           "r&r": "Revise and resubmit", "under submission": "Submitted",
           "working paper": "Working paper", "in progress": "In progress",
           "unpublished": "Unpublished"}


def _pending(bib: Bibliography, entry: Entry) -> str:
    """The state of a paper whose year field is a word like "forthcoming", else ""."""
    written = bib.tex.text(entry.fields.get("year", "")).strip().rstrip(".").casefold()
    return PENDING.get(" ".join(written.split()), "")


def _details(bib: Bibliography, entry: Entry, kind: str, month: int | None, year: int) -> str:
    fields = entry.fields
    parts = []
    if kind == "journal":
        volume = bib.tex.text(fields.get("volume", ""))
        number = bib.tex.text(fields.get("number", ""))
        if volume:
            parts.append(f"vol. {volume}" + (f", no. {number}" if number else ""))
        if fields.get("pages"):
            parts.append(f"pp. {bib.tex.text(fields['pages'])}")
    elif fields.get("address"):
        parts.append(bib.tex.text(fields["address"]))
    date = f"{MONTHS[month - 1]} {year}" if month and year else (
        str(year) if year else _pending(bib, entry))
    if date:
        parts.append(date)
    return ", ".join(parts)


def _refuse(bib: Bibliography, key: str, message: str) -> ScholarsiteError:
    place = bib.place(key)
    return ScholarsiteError(located(place.path, place.line, f"entry {key!r}: {message}"))


def _links(bib: Bibliography, key: str, entry: Entry) -> tuple[tuple[str, str], ...]:
    fields = entry.fields
    links: list[tuple[str, str]] = []
    if fields.get("archiveprefix", "").lower() == "arxiv" and fields.get("eprint"):
        links.append(("arXiv", f"https://arxiv.org/abs/{quote(fields['eprint'].strip())}"))
    if fields.get("doi"):
        links.append(("DOI", f"https://doi.org/{fields['doi'].strip()}"))
    for name, label, pattern in ID_FIELDS:
        if fields.get(name, "").strip():
            link = (label, pattern.format(quote(fields[name].strip())))
            if link not in links:
                links.append(link)
    for name, label in LINK_FIELDS:
        if name in fields:
            url = bib.tex.text(fields[name]) if name == "url" else fields[name].strip()
            if not is_safe_url(url):
                raise _refuse(bib, key, f"field {name!r} has URL {url!r}; only http(s), mailto "
                                        "and relative URLs are allowed: fix the URL")
            links.append((label, url))
    return tuple(links)


def _artifacts(bib: Bibliography, key: str, entry: Entry) -> tuple[tuple[str, str], ...]:
    values = [v.strip().lower() for v in entry.fields.get("artifact", "").split(",") if v.strip()]
    unknown = [v for v in values if v not in ARTIFACT_BADGES]
    if unknown:
        raise _refuse(bib, key, f"artifact badge {unknown[0]!r} is unknown: use "
                                f"{', '.join(ARTIFACT_BADGES)}")
    return tuple((value, ARTIFACT_BADGES[value]) for value in values)


def _preview(bib: Bibliography, key: str, fields: dict[str, str]) -> str:
    url = fields.get("preview", "").strip()
    if url and not is_safe_url(url):
        raise _refuse(bib, key, f"field 'preview' has URL {url!r}; only http(s) and relative "
                                "URLs are allowed: fix the URL")
    return url


def _markdown(bib: Bibliography, fields: dict[str, str], name: str) -> str:
    """An inline Markdown field, TeX read first; al-folio's ``<br>`` becomes a hard break."""
    text = bib.tex.text(fields.get(name, "")).strip()
    return re.sub(r"\s*<br\s*/?>\s*", lambda _: "\\\n", text, flags=re.I)


def _award(bib: Bibliography, fields: dict[str, str]) -> dict[str, Markup]:
    """The badge and the reveal text: TeX read first, then inline Markdown (raw HTML off,
    links by the URL policy), so al-folio's ``**Nobel Prize** *for ...*`` reads as written."""
    text = inline_html(bib.tex.text(fields.get("award", "")))
    name = bib.tex.text(fields.get("award_name", ""))
    if name:
        return {"award": Markup.escape(name), "award_detail": text}
    return {"award": text, "award_detail": Markup("")}


def clean_bibtex(key: str, entry: Entry) -> str:
    """The entry with standard BibTeX/biblatex fields only (ours, tools' and unknown ones
    left out), author marks off the names: ready to paste."""
    fields = {name: value for name, value in entry.fields.items()
              if name.lower() in STANDARD_FIELDS}
    persons = {role: [_unmarked(person) for person in people]
               for role, people in entry.persons.items()}
    clean = Entry(entry.type, fields=fields, persons=persons)
    # The writer class directly: BibliographyData.to_string looks the plugin up through
    # importlib entry points on every call, which costs milliseconds per entry.
    return CONTROL.sub(" ", to_bibtex(BibliographyData({key: clean})).strip())


def entry_digest(bib: Bibliography, key: str) -> str:
    """A digest of what :func:`describe` reads of one entry (type, fields after crossref,
    names), so views derived from it can tell whether it changed since the last build."""
    if key not in bib.digests:  # computed for every entry when the cache is written
        entry = bib.data.entries[key]
        persons = [(role, [(p.first_names, p.middle_names, p.prelast_names, p.last_names,
                            p.lineage_names) for p in people])  # the parts: no str() join
                   for role, people in entry.persons.items()]
        text = repr((key, entry.type, list(entry.fields.items()), persons))
        bib.digests[key] = hashlib.sha256(text.encode()).hexdigest()
    return bib.digests[key]


def describe(bib: Bibliography, key: str, context: Context | None = None) -> Publication:
    """Any entry as the parts a reference list shows (the owner in bold, co-authors linked,
    marks explained and the venue badged as ``context`` says)."""
    context = context or Context()
    owner, coauthors = context.owner, context.coauthors
    entry = bib.data.entries[key]
    kind = kind_of(entry)
    people, et_al = _people(entry)
    marks = _marks(entry, people)
    people = [_unmarked(person) for person in people]
    authors = []
    for position, person in enumerate(people, 1):
        mine = bool(owner and owner.matches(person))
        authors.append(Author(display_name(person), mine, marks.get(position, ""),
                              "" if mine else coauthors.url(person)))
    authors = tuple(authors)
    prefix, venue = _venue(bib, entry, kind)
    month = _month(bib, entry)
    year_text = entry.fields.get("year") or entry.fields.get("date", "")
    year = int(m[0]) if (m := re.search(r"\d{4}", year_text)) else 0
    fields = entry.fields
    badge = context.venues.badge(bib.tex.text(fields.get("abbr", "")).strip(),
                                 bib.tex.text(venue), year)
    if badge and badge.kind and kind in {"conference", "journal", "workshop"}:
        kind = badge.kind
    arxiv = fields["eprint"].strip() if fields.get("archiveprefix", "").lower() == "arxiv" \
        and fields.get("eprint") else fields.get("arxiv", "").strip()
    return Publication(
        key=key, kind=kind, label="", authors=authors,
        title=bib.tex.text(fields["title"]), title_html=bib.tex.html(fields["title"]),
        venue=bib.tex.text(venue), venue_html=bib.tex.html(venue), venue_prefix=prefix,
        venue_source=venue,
        details=_details(bib, entry, kind, month, year), year=year, month=month,
        selected=fields.get("selected", "").strip().lower() in {"true", "yes", "1"},
        links=_links(bib, key, entry),
        abstract_html=bib.tex.html(fields.get("abstract", "")),
        bibtex=clean_bibtex(key, entry), **_award(bib, fields),
        artifacts=_artifacts(bib, key, entry), doi=fields.get("doi", "").strip(), arxiv=arxiv,
        et_al=et_al, legend=_legend(marks, len(people), context),
        pending="" if year else _pending(bib, entry),
        preview=_preview(bib, key, fields),
        annotation=_markdown(bib, fields, "annotation"),
        additional=_markdown(bib, fields, "additional_info").lstrip(".,; "), badge=badge,
        cited=context.counts.count(key),
    )


def by_owner(entry: Entry, owner: OwnerMatcher) -> bool:
    """Whether the entry is one of the owner's papers: the owner is among its authors, or
    its ``keywords`` say ``own`` (biblatex's idiom for one's own papers, as in
    ``\\printbibliography[keyword=own]``: a group site lists its members' papers)."""
    if "own" in {word.strip().casefold() for word in
                 re.split(r"[,;]", entry.fields.get("keywords", ""))}:
        return True
    return any(owner.matches(person) for person in entry.persons.get("author", ()))


def own_publications(bib: Bibliography, context: Context,
                     keys: Iterable[str] | None = None) -> list[Publication]:
    """The owner's papers (``keys``, when known: else the entries :func:`by_owner`), newest
    first, each labelled within its kind (C3, C2, C1...)."""
    owner = context.owner
    assert owner is not None, "own papers need the owner's names"
    if keys is None:
        keys = [key for key, entry in bib.by_key.items() if by_owner(entry, owner)]
    mine = [describe(bib, key, context) for key in keys]
    for pub in mine:
        if not pub.year and not pub.pending:
            written = bib.data.entries[pub.key].fields.get("year", "")
            raise _refuse(bib, pub.key, f"year {written!r} holds no year: the owner's papers "
                                        "are numbered and dated by year; write e.g. "
                                        "year = {2023}, or the paper's state (year = "
                                        "{forthcoming}, {to appear}, {submitted}...)")
    mine.sort(key=_newest, reverse=True)
    labelled = {}
    for kind, prefix, _ in KINDS:
        group = [pub for pub in mine if pub.kind == kind]
        for index, pub in enumerate(group):
            labelled[pub.key] = replace(pub, label=f"{prefix}{len(group) - index}")
    return [labelled[pub.key] for pub in mine]


def _newest(pub: Publication) -> tuple[int, int, str]:
    """Newest first when reversed: a paper with no year yet (forthcoming) is the newest."""
    return (pub.year or 10_000, pub.month or 0, pub.key)


def grouped(pubs: list[Publication], by: str = "kind") -> list[tuple[str, str, list[Publication]]]:
    """(id, heading, publications) per kind in CV order, or per year newest first (papers
    with no year yet first, under "Forthcoming")."""
    if by == "year":
        years = sorted({pub.year for pub in pubs}, key=lambda year: year or 10_000,
                       reverse=True)
        return [(str(year) if year else "forthcoming", str(year) if year else "Forthcoming",
                 [p for p in pubs if p.year == year]) for year in years]
    return [(kind, heading, [p for p in pubs if p.kind == kind])
            for kind, _, heading in KINDS if any(p.kind == kind for p in pubs)]
