"""``scholarsite import-academicpages SRC DIR``: an academicpages site as a scholarsite site.

Hand-written: academicpages (a Jekyll template) keeps its facts in its own collections, and
nothing converts them. What becomes what:

- ``_config.yml``'s ``author:`` block: the owner's name (HTML and titles like ``, PhD`` taken
  off; a second script after ``<br>`` as the native name), the line under the name as the
  position, employer, location, e-mail, the avatar (from ``images/``) and the profiles scholarsite
  knows; others reported. ``url``/``baseurl``: the homepage.
- ``_publications/``: one entry each in refs.bib. Its BibTeX when the site has it (the file
  ``bibtexurl`` names, or an entry of any .bib in the site with the same title), else an
  entry made of what the page states: title, venue (its words choose the type), year and
  month (``date``, else a year in it or the file name), authors (``authors``, else read from
  the ``citation`` line; when neither names them, the owner and ``others``, reported),
  ``paperurl`` (a PDF of the site is copied), ``doi``, slides, excerpt or abstract. No field
  is invented.
- ``_talks/``: the CV's talks (title, venue as the event, location, date, ``talk_url``); a
  talk with text gets a page under talks/.
- ``_teaching/``: the CV's teaching (grouped by institution and type; the code and term from
  the title or the date) with a page per course; ``_portfolio/``: project pages;
  ``_posts/``: news items; ``_pages/about.md``: interests and bio; ``_data/cv.json`` (JSON
  Resume), when it is the owner's: the rest of the CV.
- The template's own examples (``Paper Title Number 1``, ``Talk 1 on Relevant Topic in Your
  Field``...) are left out and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser

from ..cv.schema import Teaching
from ..errors import ScholarsiteError
from .bibtex import (
    VENUE_FIELD,
    clean_bib,
    key_for,
    make_entry,
    people_of,
    plain,
    read_bib,
    tex,
    venue_type,
)
from .citation import citation_authors
from .dates import iso, when
from .frontmatter import read_data
from .gitbook import title_key
from .jsonresume import cv_yaml, model_problems, site_resume
from .owner import Owner, own_entries, site_owner
from .pages import interests_line
from .profile import add_email, add_homepage, add_profile
from .report import Report
from .site import Site, slug
from .talks import Talks

#: titles of the template's example pages
TEMPLATE = re.compile(
    r"(paper title number \d+|(talk|tutorial|conference proceeding talk) \d+ on relevant topic "
    r"in your field|teaching experience \d+|portfolio item number \d+|blog post number \d+|"
    r"future blog post|sliders and images|markdown|page archive)\b", re.I)
#: author: keys -> the CV's profile networks
SOCIALS = {"github": "github", "googlescholar": "google_scholar", "orcid": "orcid",
           "linkedin": "linkedin", "twitter": "x", "bluesky": "bluesky", "mastodon": "mastodon",
           "semantic": "semantic_scholar", "dblp": "dblp"}
#: author: keys that are not profiles
_AUTHOR_FIELDS = {"name", "avatar", "bio", "location", "employer", "email", "uri",
                  "pronouns", "home"}
_EXAMPLE_BIO = re.compile(r"short biography|your sidebar|^my name is", re.I)
_SEASON = re.compile(r"\b(Spring|Summer|Fall|Autumn|Winter)\s+((?:19|20)\d\d)\b", re.I)
_CODE = re.compile(r"^([A-Z]{2,}[A-Z]*[ -]?\d{2,}[A-Za-z0-9]*)\b[\s:,.-]*")
_IGNORED_DIRS = {"_site", "vendor", "node_modules", ".git", ".bundle"}


@dataclass
class Paper:
    path: Path
    key: str
    entry: Entry
    authorless: bool = False  # neither an author list nor a readable citation
    permalink: str = ""  # the page's address on the old site


def person_name(value: object) -> tuple[str, str]:
    """The owner's name as the template shows it, and a second form after ``<br>`` (a name
    in another script): tags, titles (``Dr.``, ``, PhD``) and separators taken off."""
    parts = [plain(part).strip(" /|,") for part in re.split(r"<br\s*/?>", str(value or ""),
                                                            flags=re.I)]
    parts = [re.sub(r"^(dr|prof)\.?\s+|,?\s*(ph\.?\s?d\.?|m\.?d\.?|dr)\.?$", "", part,
                    flags=re.I).strip() for part in parts if part]
    return (parts[0] if parts else ""), (parts[1] if len(parts) > 1 else "")


def bib_index(site: Site) -> dict[str, tuple[Path, Entry]]:
    """Every entry of the site's .bib files by its title's letters (the first of equals)."""
    found: dict[str, tuple[Path, Entry]] = {}
    for path in sorted(site.src.rglob("*.bib")):
        if _IGNORED_DIRS & set(path.relative_to(site.src).parts) or not path.is_file():
            continue
        quiet = Report()  # files that only help are not reported entry by entry
        for entry in read_bib(path, quiet).entries.values():
            found.setdefault(title_key(plain(entry.fields.get("title", ""))), (path, entry))
    return found


def _bibtexurl(site: Site, front: dict[str, Any]) -> Entry | None:
    """The one entry of the .bib file a page's ``bibtexurl`` names, if it is the site's."""
    path = site.file(str(front.get("bibtexurl") or ""))
    if path is None or path.suffix.lower() != ".bib":
        return None
    entries = list(read_bib(path, Report()).entries.values())
    return entries[0] if len(entries) == 1 else None


def made_entry(site: Site, path: Path, front: dict[str, Any], body: str
               ) -> tuple[Entry, bool] | None:
    """An entry of what the page states; None (reported) when it gives no year."""
    title = plain(front.get("title") or "")
    venue = plain(front.get("venue") or front.get("journal") or "")
    found = when(front.get("date") or front.get("year"), path.name) or when(
        plain(front.get("citation") or ""))
    if not title or found is None:
        site.report.skip(path, 1, "no title or no year in the page: paper not imported")
        return None
    kind = venue_type(venue, str(front.get("category") or front.get("type") or
                                 front.get("pubtype") or ""))
    fields = {"title": tex(title), VENUE_FIELD.get(kind, "howpublished"): tex(venue),
              "year": str(found[0])}
    if found[1]:
        fields["month"] = str(found[1])
    for name, source in (("url", "paperurl"), ("url", "link"), ("slides", "slidesurl"),
                         ("doi", "doi"), ("hal", "hal"), ("pages", "pages"),
                         ("publisher", "publisher")):
        value = plain(front.get(source) or "")
        if name == "doi":
            value = re.sub(r"^(https?://)?(dx\.)?doi\.org/", "", value, flags=re.I)
        if not value or name in fields:
            continue
        if name in {"url", "slides"} and not re.match(r"https?://[^\s{}\\]+$", value, re.I):
            new = site.copy(value, "papers")  # a file of the site, else no address
            if new is None:
                site.report.skip(path, 1, f"{source} {value[:60]!r}: no such file in the "
                                          "site: left out")
                continue
            name, value = ("pdf" if name == "url" and new.endswith(".pdf") else name), new
        elif re.search(r"[{}\\]", value):
            continue
        fields.setdefault(name, value if name not in {"publisher", "pages"} else tex(value))
    abstract = plain(front.get("abstract") or front.get("excerpt") or "")
    text = plain(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body))
    text = re.sub(r"(?i)^abstract:?\s*", "", re.split(r"(?i)recommended citation|download "
                                                       r"(the )?(paper|pdf)", text)[0]).strip()
    if not abstract and len(text) > 40:
        abstract = text
    fields["abstract"] = tex(re.sub(r"(?i)^abstract:?\s*", "", abstract))
    given = front.get("authors")
    names, more = ([str(name) for name in given], False) if isinstance(given, list) else \
        citation_authors(str(given or front.get("citation") or ""), title)
    people, etc = people_of(names)
    more = more or etc
    if people and more:
        people.append(Person("others"))
    return make_entry(kind, fields, people), not people


def read_papers(site: Site) -> tuple[list[Paper], int]:
    """The publication pages' entries (their BibTeX, else made), and how many papers the
    site lists."""
    index = bib_index(site)
    papers: list[Paper] = []
    taken: set[str] = set()
    pages = site.sources("_publications", TEMPLATE)
    for path, front, body, _ in pages:
        bib = _bibtexurl(site, front) or index.get(title_key(plain(front.get("title") or "")),
                                                   (None, None))[1]
        if bib is not None:
            entry = Entry(bib.original_type, fields=list(bib.fields.items()),
                          persons=[(role, list(people)) for role, people in bib.persons.items()])
            url = str(front.get("paperurl") or "")
            if re.match(r"https?://\S+$", url) and "url" not in entry.fields:
                entry.fields["url"] = url
            key = bib.key if bib.key.casefold() not in {k.casefold() for k in taken} else \
                key_for(entry.persons.get("author", []), entry.fields.get("year", ""),
                        plain(entry.fields.get("title", "")), taken)
            taken.add(key)
            papers.append(Paper(path, key, entry, permalink=str(front.get("permalink") or "")))
            continue
        made = made_entry(site, path, front, body)
        if made is not None:
            entry, authorless = made
            key = key_for(entry.persons.get("author", []), entry.fields["year"],
                          plain(front.get("title")), taken)
            papers.append(Paper(path, key, entry, authorless,
                                str(front.get("permalink") or "")))
    return papers, len(pages)


def convert_talks(site: Site) -> list[dict[str, Any]]:
    """``_talks/``: the CV's talks, newest first; a talk with text also gets a page."""
    talks = Talks(site)
    for path, front, body, offset in site.sources("_talks", TEMPLATE):
        found = when(front.get("date"), path.name)
        title = plain(front.get("title") or "")
        if found is None or not title:
            site.report.skip(path, 1, "no title or no date with a year: talk not imported")
            continue
        url = str(front.get("talk_url") or front.get("talkurl") or "").strip()
        if url and not re.match(r"https?://\S+$", url):
            site.report.skip(path, 1, f"talk_url {url[:60]!r} is not an http(s) address: "
                                      "left out")
            url = ""
        talks.add(path, {"title": title, "event": plain(front.get("venue") or ""),
                         "location": plain(front.get("location") or ""), "date": iso(found),
                         "url": url}, (body, offset))
    return talks.done()


def _term(front: dict[str, Any], title: str, path: Path) -> str | None:
    season = _SEASON.search(title) or _SEASON.search(str(front.get("date") or ""))
    if season:
        name = season[1].capitalize()
        return f"{'Fall' if name == 'Autumn' else name} {season[2]}"
    found = when(front.get("date") or front.get("begindate"), path.name)
    if found is None or found[1] is None:
        return None
    return ("Spring" if found[1] <= 5 else "Summer" if found[1] <= 8 else "Fall") + \
        f" {found[0]}"


def convert_teaching(site: Site) -> list[dict[str, Any]]:
    """``_teaching/``: courses grouped by institution and kind, each with its page."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    codes: set[str] = set()
    for path, front, body, offset in site.sources("_teaching", TEMPLATE):
        title = plain(front.get("title") or "")
        term = _term(front, title, path)
        institution = plain(front.get("institution") or front.get("venue") or "")
        if not title or term is None or not institution:
            site.report.skip(path, 1, "no title, institution (venue) or date: course not "
                                      "imported")
            continue
        code_match = _CODE.match(title)
        code = re.sub(r"\s+", "-", code_match[1]) if code_match else slug(path.stem, "course")
        code = re.sub(r"[^A-Za-z0-9_-]", "", code)[:40] or "course"
        while code.lower() in codes:
            code += "-2"
        codes.add(code.lower())
        name = _SEASON.sub("", title[code_match.end():] if code_match else title)
        name = name.strip(" ()-:,") or title
        course = {"code": code, "title": name, "terms": [term]}
        role = plain(front.get("type") or "") or "Teaching"
        if model_problems(Teaching, {"institution": institution, "role": role,
                                     "courses": [course]}, str(path)):
            site.report.skip(path, 1, "course does not fit the CV: not imported")
            continue
        groups.setdefault((institution, role), []).append(course)
        text = site.body(path, body, offset, "teaching/images").strip()
        site.files[f"docs/teaching/{code.lower()}.md"] = (
            f"# {{course-title}}`{code}`\n\n```{{course}} {code}\n```\n\n{text}\n")
    if groups:
        site.files["docs/teaching/index.md"] = "# Teaching\n\n```{teaching}\n```\n"
        site.pages["teaching"] = "/teaching/index.md"
    site.report.counts["teaching"] = f"{len(codes)} courses"
    return [{"institution": institution, "role": role, "courses": courses}
            for (institution, role), courses in groups.items()]


def convert_identity(site: Site, config: dict[str, Any], owner: Owner,
                     cv: dict[str, Any]) -> None:
    """The author block, the site's address, the about page and the avatar into ``cv``."""
    author = config.get("author") if isinstance(config.get("author"), dict) else {}
    who, where = cv["identity"], site.src / "_config.yml"
    native = person_name(author.get("name"))[1]
    if native and native != owner.name:
        who.setdefault("native_name", native)
    line = plain(author.get("bio") or "")
    if line and len(line) <= 120 and not _EXAMPLE_BIO.search(line):
        who.setdefault("position", line)
    for field, source in (("university", "employer"), ("address", "location")):
        if plain(author.get(source) or ""):
            who.setdefault(field, plain(author[source]))
    add_email(who, author.get("email"))
    for key, value in author.items():
        if key in SOCIALS:
            add_profile(who, SOCIALS[key], value, where, site.report)
        elif value and key not in _AUTHOR_FIELDS:
            site.report.skip(where, None, f"author: {key}: no place for this profile yet")
    add_homepage(who, str(config.get("url") or "").rstrip("/") + "/" + str(
        config.get("baseurl") or "").strip("/") if config.get("url") else "", where,
        site.report)
    about = site.src / "_pages" / "about.md"
    if about.is_file():
        _, body, offset = site.read(about, "about page")
        bio = site.bio(about, body, offset)
        if bio:
            cv["interests"] = interests_line(bio[0])
        if len(bio) > 1:
            who["bio"] = "\n\n".join(bio[1:])
    avatar = str(author.get("avatar") or "")
    if avatar:
        new = site.copy(f"images/{avatar}" if "/" not in avatar else avatar, "images")
        if new:
            who["photo"] = new
        else:
            site.report.skip(where, None, f"author: avatar {avatar!r}: no such file in "
                                          "images/: left out")


def _local(site: Site, path: Path, key: str, name: str, value: str) -> str | None:
    """A file of the site a paper links (``/files/paper.pdf``): copied to docs/papers/."""
    if f"docs/{value}" in site.files:
        return value  # copied when the entry was made
    new = site.copy(value, "papers") if name in {"pdf", "slides", "poster", "url"} else None
    if new is None:
        site.report.skip(path, None, f"{key}: {name} = {{{value}}}: no such file in the "
                                     "site: left out")
    return new


def import_academicpages(src: Path) -> tuple[dict[str, Any], dict[str, str | bytes], Report,
                                               Owner]:
    """The CV, the files of the new site (path → text), what happened, and whose site."""
    if not (src / "_config.yml").is_file():
        raise ScholarsiteError(f"{src}: not an academicpages site: no _config.yml (name the "
                               "folder of the academicpages repository)")
    site = Site(src, Report())
    site.pages |= {"talks": "/cv.md", "teaching": "/cv.md", "year-archive": "/index.md"}
    config = read_data(src / "_config.yml", site.report)
    if not isinstance(config, dict):
        raise ScholarsiteError(f"{src / '_config.yml'}: cannot be read as settings: fix it")
    author = config.get("author") if isinstance(config.get("author"), dict) else {}
    papers, listed = read_papers(site)
    data = BibliographyData()
    for paper in papers:
        data.add_entry(paper.key, paper.entry)
        for address in (paper.permalink, f"publication/{paper.path.stem}"):
            site.papers[address.strip("/")] = paper.key
    owner = site_owner(person_name(author.get("name"))[0], f"{src / '_config.yml'}: author: "
                       "name", own_entries(data), site.report, plain(author.get("bio") or ""))
    for paper in papers:
        if paper.authorless:
            paper.entry.persons["author"] = [Person(owner.name), Person("others")]
            site.report.skip(paper.path, 1, "no authors and no citation naming them: written "
                                            f"as {owner.name} and others; add the co-authors")
    bib, added = clean_bib(data, src / "_publications", owner, site.report,
                           partial(_local, site, src / "_publications"))
    owner.aliases += added
    site.report.counts["papers"] = f"{len(Parser().parse_string(bib).entries) if bib else 0} " \
                                   f"of {listed} publication pages imported"
    cv = site_resume(src / "_data" / "cv.json", owner.name, site.report) or {
        "updated": dt.date.today(), "identity": {"name": owner.name},
        "interests": plain(config.get("description") or "") or
        "What I work on, in a sentence or two."}
    cv["identity"]["name"] = owner.name
    site.keys = set(Parser().parse_string(bib).entries) if bib else set()
    if talks := convert_talks(site):
        cv["talks"] = talks
    if teaching := convert_teaching(site):
        cv["teaching"] = teaching
    site.collection(["_portfolio"], "projects", "Projects", TEMPLATE)
    site.news("_posts", TEMPLATE)
    convert_identity(site, config, owner, cv)  # last: the bio may link the pages above
    site.files |= {"docs/cv.yaml": cv_yaml(cv, f"{src.name} (academicpages)",
                                           "import-academicpages"), "refs.bib": bib}
    return cv, site.files, site.report, owner
