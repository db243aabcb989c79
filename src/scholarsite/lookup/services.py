"""Each service asked for an identifier, and its answer read into a :class:`.work.Work`.

Crossref ``/works/{doi}`` (DataCite ``/dois/{doi}`` for the DOIs Crossref does not register:
datasets, software), arXiv ``/query?id_list=`` (Atom; when arXiv knows the published DOI, the
published record from Crossref with the arXiv id kept), DBLP ``/rec/{key}.xml``, PubMed's
E-utilities ``esummary.fcgi``, Open Library ``/api/books``. A field the answer does not give
stays empty; an answer of the wrong shape is :class:`scholarsite.net.Unavailable`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from ..net import Client, NotFound, Unavailable, json_of
from .ids import Identifier
from .work import Person, Work, plain


class Refused(Exception):
    """The service knows the identifier, and it is not a work to cite (a retraction notice)."""


_CROSSREF_KINDS = {
    "journal-article": "article", "proceedings-article": "inproceedings",
    "book-chapter": "incollection", "book-section": "incollection", "book-part": "incollection",
    "reference-entry": "incollection", "book": "book", "monograph": "book",
    "edited-book": "book", "reference-book": "book", "dissertation": "phdthesis",
    "report": "techreport", "posted-content": "misc", "dataset": "misc",
}


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return plain(str(value)) if isinstance(value, (str, int, float)) else ""


def _date(parts: Any) -> tuple[str, int | None]:
    try:
        first = parts["date-parts"][0]
        year = str(int(first[0]))
        month = int(first[1]) if len(first) > 1 and first[1] else None
    except (KeyError, IndexError, TypeError, ValueError, OverflowError):
        return "", None
    return year, month if month and 1 <= month <= 12 else None


def _crossref_people(people: Any) -> list[Person]:
    found = []
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        if person.get("family"):
            found.append(Person(_text(person["family"]), _text(person.get("given", ""))))
        elif person.get("name"):
            found.append(Person(_text(person["name"]), literal=True))
    return found


def crossref_work(message: dict[str, Any]) -> Work:
    kind = _CROSSREF_KINDS.get(str(message.get("type")), "misc")
    relations = message.get("update-to") or []
    retracts = [item.get("DOI", "") for item in relations if isinstance(item, dict)
                and str(item.get("type", "")).lower() in ("retraction", "removal")]
    if retracts:
        raise Refused(f"it is the retraction notice of {', '.join(retracts)}, not a paper")
    year, month = "", None
    for name in ("published-print", "published-online", "published", "issued", "created"):
        if isinstance(message.get(name), dict):
            year, month = _date(message[name])
            if year:
                break
    container = _text(message.get("container-title"))
    title = _text(message.get("title"))
    if subtitle := _text(message.get("subtitle")):
        title = f"{title}: {subtitle}"
    if not title:
        raise Unavailable("the record has no title")
    work = Work(kind=kind, title=title, authors=_crossref_people(message.get("author")),
                editors=_crossref_people(message.get("editor")), year=year, month=month,
                publisher=_text(message.get("publisher")), volume=_text(message.get("volume")),
                number=_text(message.get("issue")), pages=_text(message.get("page")),
                doi=_text(message.get("DOI")).lower(), url=_text(message.get("URL")),
                isbn=_text(message.get("ISBN")))
    if kind == "article":
        work.journal = container
    elif kind in ("inproceedings", "incollection"):
        work.booktitle = container
    elif kind == "phdthesis":
        work.school = _text((message.get("institution") or [{}])[0].get("name", "")) \
            if isinstance(message.get("institution"), list) else ""
    elif kind == "techreport":
        work.institution = work.publisher
    elif kind == "misc" and message.get("type") == "posted-content":
        work.howpublished = container or work.publisher
    if kind in ("article", "techreport"):  # a journal's or institution's, not cited
        work.publisher = ""
    return work


def datacite_work(data: dict[str, Any]) -> Work:
    attributes = data.get("attributes") if isinstance(data, dict) else None
    if not isinstance(attributes, dict):
        raise Unavailable("the answer has no attributes")
    titles = attributes.get("titles") or []
    title = _text(titles[0].get("title", "")) if titles and isinstance(titles[0], dict) else ""
    if not title:
        raise Unavailable("the record has no title")
    people = []
    for creator in attributes.get("creators") or []:
        if not isinstance(creator, dict):
            continue
        if creator.get("familyName"):
            people.append(Person(_text(creator["familyName"]), _text(creator.get("givenName"))))
        elif creator.get("name"):
            literal = creator.get("nameType") != "Personal" or "," not in str(creator["name"])
            family, _, given = str(creator["name"]).partition(",")
            people.append(Person(_text(creator["name"]), literal=True) if literal
                          else Person(_text(family), _text(given)))
    publisher = attributes.get("publisher")
    publisher = publisher.get("name", "") if isinstance(publisher, dict) else publisher
    kind = str((attributes.get("types") or {}).get("resourceTypeGeneral", "")).lower()
    return Work(kind="misc", title=title, authors=people,
                year=_text(attributes.get("publicationYear")), publisher=_text(publisher),
                doi=_text(attributes.get("doi")).lower(), url=_text(attributes.get("url")),
                howpublished={"dataset": "Dataset", "software": "Software"}.get(kind, ""),
                note=f"Version {_text(attributes['version'])}" if attributes.get("version")
                else "")


def _path(doi: str) -> str:
    """A DOI in a URL path: ``#``, ``?``, ``%`` and spaces escaped (SICI DOIs hold ``#``)."""
    return quote(doi, safe="/:;()<>[]-._~!$&'*+,=@")


def by_doi(client: Client, doi: str) -> Work:
    try:
        answer = json_of(client.get("crossref", f"/works/{_path(doi)}"))
        message = answer.get("message") if isinstance(answer, dict) else None
        if not isinstance(message, dict):
            raise Unavailable("Crossref's answer has no record")
        return crossref_work(message)
    except NotFound:
        answer = json_of(client.get("datacite", f"/dois/{_path(doi)}"))
        return datacite_work(answer.get("data") if isinstance(answer, dict) else None)


_ATOM = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


def _xml(body: bytes) -> ElementTree.Element:
    if b"<!DOCTYPE" in body[:2000] or b"<!ENTITY" in body:
        raise Unavailable("the answer declares entities: not read")
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise Unavailable("the answer is not XML (garbled or an error page)") from None


def _split_name(name: str) -> Person:
    name = re.sub(r"\s+\d{4}$", "", plain(name))  # DBLP's homonym number: "Wei Wang 0001"
    given, _, family = name.rpartition(" ")
    return Person(family, given) if family else Person(name)


def by_arxiv(client: Client, arxiv_id: str) -> Work:
    feed = _xml(client.get("arxiv", "/query", {"id_list": arxiv_id, "max_results": "1"},
                           accept="application/atom+xml"))
    entry = feed.find("a:entry", _ATOM)
    if entry is None or "/api/errors" in (entry.findtext("a:id", "", _ATOM)) or \
            not entry.findtext("a:title", "", _ATOM).strip():
        raise NotFound(arxiv_id)
    published_doi = (entry.findtext("arxiv:doi", "", _ATOM).split() or [""])[0]
    if published_doi:
        try:
            work = by_doi(client, published_doi.lower())
            work.eprint = arxiv_id
            return work
        except (NotFound, Refused):
            pass  # the preprint's own record below
    published = entry.findtext("a:published", "", _ATOM)
    match = re.match(r"(\d{4})-(\d{2})", published)
    return Work(kind="misc", title=entry.findtext("a:title", "", _ATOM),
                authors=[_split_name(author.findtext("a:name", "", _ATOM))
                         for author in entry.findall("a:author", _ATOM)],
                year=match[1] if match else "",
                month=int(match[2]) if match and 1 <= int(match[2]) <= 12 else None,
                eprint=arxiv_id, howpublished=f"arXiv preprint arXiv:{arxiv_id}",
                url=f"https://arxiv.org/abs/{arxiv_id}")


_DBLP_KINDS = {"article": "article", "inproceedings": "inproceedings", "book": "book",
               "incollection": "incollection", "phdthesis": "phdthesis",
               "mastersthesis": "mastersthesis", "proceedings": "proceedings"}


def by_dblp(client: Client, key: str) -> Work:
    root = _xml(client.get("dblp", f"/rec/{key}.xml", accept="application/xml"))
    record = next(iter(root), None) if root.tag == "dblp" else root
    if record is None or record.tag not in _DBLP_KINDS and record.tag != "article":
        raise Unavailable("DBLP's answer holds no record")

    def text(tag: str) -> str:
        found = record.find(tag)
        return plain("".join(found.itertext())) if found is not None else ""

    doi = next((plain(ee.text or "").split("doi.org/", 1)[1] for ee in record.findall("ee")
                if "doi.org/" in (ee.text or "")), "")
    arxiv = next((m[1] for ee in record.findall("ee")
                  if (m := re.search(r"arxiv\.org/abs/([\w./-]+?)(v\d+)?$", ee.text or ""))), "")
    work = Work(kind=_DBLP_KINDS.get(record.tag, "misc"), title=text("title").rstrip("."),
                authors=[_split_name("".join(a.itertext())) for a in record.findall("author")],
                editors=[_split_name("".join(e.itertext())) for e in record.findall("editor")],
                year=text("year"), journal=text("journal"), booktitle=text("booktitle"),
                publisher=text("publisher"), volume=text("volume"), number=text("number"),
                pages=text("pages"), doi=doi.lower(), isbn=text("isbn"), school=text("school"))
    if record.tag == "article" and work.journal.lower().startswith("corr") and arxiv:
        work.kind, work.journal, work.eprint = "misc", "", arxiv
        work.howpublished = f"arXiv preprint arXiv:{arxiv}"
    if not work.title:
        raise Unavailable("DBLP's record has no title")
    return work


_PUBMED_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def by_pubmed(client: Client, pmid: str) -> Work:
    answer = json_of(client.get("pubmed", "/esummary.fcgi",
                                {"db": "pubmed", "id": pmid, "retmode": "json"}))
    record = answer.get("result", {}).get(pmid) if isinstance(answer, dict) else None
    if not isinstance(record, dict) or record.get("error"):
        raise NotFound(pmid)
    date = re.match(r"(\d{4})(?:\s+([A-Za-z]{3}))?", str(record.get("pubdate", "")))
    ids = {str(item.get("idtype")): str(item.get("value")) for item in
           record.get("articleids") or [] if isinstance(item, dict)}
    authors = []
    for author in record.get("authors") or []:
        name = plain(str(author.get("name", ""))) if isinstance(author, dict) else ""
        if not name:
            continue
        family, _, initials = name.rpartition(" ")
        # PubMed writes "Smith JA": the family name, then the initials without stops; a
        # group ("CollectiveName") as it is
        person = author.get("authtype") in (None, "Author") and family and \
            initials.isalpha() and initials.isupper() and len(initials) <= 4
        authors.append(Person(family, " ".join(f"{c}." for c in initials)) if person
                       else Person(name, literal=True))
    title = _text(record.get("title")).rstrip(".")
    if not title:
        raise Unavailable("PubMed's record has no title")
    return Work(kind="article", title=title, authors=authors,
                journal=_text(record.get("fulljournalname") or record.get("source")),
                volume=_text(record.get("volume")), number=_text(record.get("issue")),
                pages=_text(record.get("pages")), year=date[1] if date else "",
                month=_PUBMED_MONTHS.get((date[2] or "").lower()) if date else None,
                doi=ids.get("doi", "").lower(), pmid=pmid)


def by_isbn(client: Client, isbn: str) -> Work:
    key = f"ISBN:{isbn}"
    answer = json_of(client.get("openlibrary", "/api/books",
                                {"bibkeys": key, "format": "json", "jscmd": "data"}))
    record = answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(record, dict):
        raise NotFound(isbn)
    title = _text(record.get("title"))
    if subtitle := _text(record.get("subtitle")):
        title = f"{title}: {subtitle}"
    if not title:
        raise Unavailable("Open Library's record has no title")
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(record.get("publish_date", "")))
    publishers = record.get("publishers") or []
    return Work(kind="book", title=title,
                authors=[_split_name(str(author.get("name", ""))) for author in
                         record.get("authors") or [] if isinstance(author, dict)],
                publisher=_text(publishers[0].get("name", "")) if publishers and
                isinstance(publishers[0], dict) else "",
                year=year[1] if year else "", isbn=isbn)


LOOKUPS: dict[str, Callable[[Client, str], Work]] = {
    "doi": by_doi, "arxiv": by_arxiv, "dblp": by_dblp, "pubmed": by_pubmed, "isbn": by_isbn}


def look_up(client: Client, identifier: Identifier) -> Work:
    """The work ``identifier`` names, as its service describes it."""
    try:
        return LOOKUPS[identifier.kind](client, identifier.value)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError, ArithmeticError,
            RecursionError) as error:
        raise Unavailable(f"the answer has an unexpected shape ({type(error).__name__})") \
            from None
