"""``scholarsite import-hugo-blox SRC DIR``: a Hugo Blox site (Wowchemy, Hugo Academic) as a
scholarsite site.

Hand-written: the theme keeps its facts in Hugo content sections and data files of its own,
over three generations, and nothing converts them. What becomes what:

- The owner: the profile in ``data/authors/me.yaml`` (newest kit), else the superuser of
  ``content/authors/`` (``admin``), else ``name`` in the site's params (Hugo Academic). Its
  role, organizations, interests, education, social links (told by their hosts), e-mail,
  avatar and biography (the profile page's text) fill the CV's identity.
- ``content/publication(s)/``: one entry each in refs.bib, from the ``cite.bib`` beside the
  page when there is one, else of what the page states (title, authors with ``admin`` as the
  owner and other profiles by their names, date, ``publication_types`` as the entry type,
  ``publication`` as the venue, DOI, abstract); the page's links (``url_pdf``, ``url_code``,
  ``url_slides``, ``links:``...) in either case, files of the bundle copied.
- ``content/event(s)/``, ``content/talk(s)/``: the CV's talks; a talk with text gets a page.
- ``content/project(s)/``: project pages; ``content/teaching/``, ``content/courses/``: teaching
  pages; ``content/post/``, ``content/blog/``: news items.
- Shortcodes are converted or reported (:mod:`.templating`); drafts and the starter's own
  examples are left out and reported. A multilingual site's default-language tree is read.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser

from ..cv.schema import Education
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
from .dates import iso, when
from .frontmatter import read_data
from .jsonresume import cv_yaml, model_problems
from .owner import Owner, own_entries, site_owner
from .pages import interests_line
from .profile import add_email, add_homepage, add_link
from .report import Report
from .site import Site
from .talks import Talks
from .templating import shortcodes

#: titles of the starters' example pages
TEMPLATE = re.compile(
    r"(an example (journal article|conference paper|preprint|talk|event)|example (talk|event|"
    r"project|course|page)|external project|internal project|welcome to (wowchemy|hugo blox)|"
    r"display jupyter|writing technical content|get started|getting started|learn "
    r"(hugo blox|data science|python|javascript)|hugo blox|documentation|👋 welcome|"
    r"🎉 easily create|✅ manage your projects|🧠 sharpen)", re.I)
#: the starters' example events (the talks of every new site)
_EXAMPLE_EVENT = re.compile(r"\b(theme|hugo blox|wowchemy|academic theme) conference\b", re.I)
#: Hugo Blox's numbered publication types, and CSL's names, as BibTeX types
TYPES = {"0": "misc", "1": "inproceedings", "2": "article", "3": "misc", "4": "techreport",
         "5": "book", "6": "incollection", "7": "phdthesis", "8": "misc",
         "article-journal": "article", "paper-conference": "inproceedings",
         "chapter": "incollection", "book": "book", "thesis": "phdthesis",
         "report": "techreport", "manuscript": "misc", "article": "misc", "patent": "misc",
         "dataset": "misc", "software": "misc", "speech": "misc"}
#: link fields of the page -> BibTeX link fields (``url_dataset`` has no place: reported)
LINKS = {"url_pdf": "pdf", "url_code": "code", "url_slides": "slides", "url_video": "video",
         "url_poster": "poster", "url_project": "project", "url_source": "url",
         "url_preprint": "url"}
_LINK_NAMES = (("pdf", "pdf"), ("code", "code"), ("github", "code"), ("slide", "slides"),
               ("video", "video"), ("poster", "poster"), ("supp", "supp"),
               ("project", "project"), ("blog", "blog"))


def content_root(src: Path) -> Path:
    """The content folder; a multilingual site's English (else first) language tree."""
    content = src / "content"
    for language in ("en", "en-us", "en-gb"):
        if (content / language).is_dir() and not (content / "publication").is_dir():
            return content / language
    return content


def sections(src: Path, content: Path, *names: str) -> list[str]:
    """The content sections among ``names`` that the site has, as folders of ``src``."""
    return [str((content / name).relative_to(src)) for name in names
            if (content / name).is_dir()]


def read_settings(src: Path, report: Report) -> dict[str, Any]:
    """The site's params, from any generation's settings files, merged (later wins)."""
    params: dict[str, Any] = {}
    for name in ("config.toml", "config.yaml", "hugo.toml", "hugo.yaml",
                 "config/_default/config.toml", "config/_default/config.yaml",
                 "config/_default/hugo.toml", "config/_default/hugo.yaml"):
        data = read_data(src / name, report)
        if isinstance(data, dict):
            params |= data.get("params") if isinstance(data.get("params"), dict) else {}
            params.setdefault("baseurl", data.get("baseurl") or data.get("baseURL"))
    for name in ("config/_default/params.toml", "config/_default/params.yaml"):
        data = read_data(src / name, report)
        if isinstance(data, dict):
            params |= data
    return params


class Profiles:
    """The people of ``content/authors/`` and ``data/authors/``: their names by slug, and
    the owner's profile (the newest kit's ``me``, else a superuser, ``admin`` first)."""

    def __init__(self, site: Site, content: Path) -> None:
        self.names: dict[str, str] = {}
        self.owner: tuple[str, dict[str, Any], str, Path] | None = None  # slug, data, body, path
        ranked = []
        for path in sorted((site.src / "data" / "authors").glob("*.y*ml")):
            data = read_data(path, site.report)
            if isinstance(data, dict):
                name = data.get("name")
                name = name.get("display") or " ".join(
                    str(name.get(k) or "") for k in ("given", "family")).strip() \
                    if isinstance(name, dict) else name
                self.names[path.stem] = plain(name or "")
                if data.get("is_owner") or path.stem == "me":
                    ranked.append((0, path.stem, data, "", path))
        for path in sorted((content / "authors").glob("*/_index.md")):
            front, body, _ = site.read(path, "author profile")
            if front:
                slug_ = path.parent.name
                self.names[slug_] = plain(front.get("title") or front.get("name") or "")
                if slug_ == "admin" or front.get("superuser"):
                    ranked.append((1 if slug_ == "admin" else 2, slug_, front, body, path))
        if ranked:
            _, slug_, data, body, path = min(ranked, key=lambda r: (r[0], r[1]))
            self.owner = (slug_, data, body, path)

    def person(self, slug_or_name: str, owner: str) -> str:
        """An author as written in a page: a profile's slug as its name, ``admin`` or
        ``me`` as the owner, markup taken off."""
        text = plain(slug_or_name).strip(" *")
        if self.owner and text == self.owner[0] or text in {"admin", "me"}:
            return owner
        return self.names.get(text) or text


def _venue(front: dict[str, Any]) -> str:
    return re.sub(r"^(in|at)\s+", "", plain(front.get("publication") or
                                            front.get("publication_short") or ""), flags=re.I)


def _kind(front: dict[str, Any], venue: str) -> str:
    types = front.get("publication_types")
    types = types if isinstance(types, list) else [types] if types else []
    named = [TYPES.get(str(t).strip().strip("'\"").casefold()) for t in types]
    return next((t for t in named if t), None) or venue_type(venue)


def _links(site: Site, path: Path, front: dict[str, Any], fields: dict[str, str]) -> None:
    """The page's links into ``fields`` (kept where the entry has them): web addresses as
    they are, files of the bundle or the site copied to docs/papers/."""
    pairs = [(LINKS[name], value) for name, value in front.items() if name in LINKS]
    for link in front.get("links") or [] if isinstance(front.get("links"), list) else []:
        if isinstance(link, dict):
            label = str(link.get("name") or link.get("type") or link.get("label") or "").lower()
            field = next((f for word, f in _LINK_NAMES if word in label), "url")
            pairs.append((field, link.get("url")))
    for name, value in front.items():
        if name.startswith("url_") and name not in LINKS and value:
            site.report.skip(path, None, f"{name}: no place for this link yet")
    for field, value in pairs:
        value = value[0] if isinstance(value, list) and value else value
        text = str(value or "").strip()
        if not text or field in fields or re.search(r"[{}\s\\]", text):
            continue
        if re.match(r"https?://", text, re.I):
            fields[field] = text
        elif new := site.copy(text, "papers", page=path):
            fields[field] = new
        else:
            site.report.skip(path, None, f"{field} {text[:60]!r}: no such file: left out")


def _address(site: Site, page: Path) -> str:
    """A content page's address on the old site (``publication/x``), as links name it."""
    parts = page.relative_to(site.src).parts[1:]  # below content/
    parts = parts[1:] if parts and parts[0] in {"en", "en-us", "en-gb"} else parts
    return "/".join([*parts[:-1], *([] if page.stem == "index" else [page.stem])])


def read_papers(site: Site, content: Path, profiles: Profiles, owner: str
                ) -> tuple[BibliographyData, int]:
    """The publication pages as entries (their cite.bib, else made), and how many pages."""
    data, taken = BibliographyData(), set()
    pages = [page for folder in sections(site.src, content, "publication", "publications")
             for page in site.sources(folder, TEMPLATE)]
    for path, front, _, _ in pages:
        fields: dict[str, str] = {}
        _links(site, path, front, fields)
        cite = path.parent / "cite.bib" if path.stem.partition(".")[0] == "index" \
            else path.with_suffix(".bib")
        entries = list(read_bib(cite, site.report).entries.values()) if cite.is_file() else []
        if len(entries) == 1:
            entry = entries[0]
            for name, value in fields.items():
                entry.fields.setdefault(name, value)
            _complete(site, path, entry, front, profiles, owner)
            key = entry.key if entry.key.casefold() not in {k.casefold() for k in taken} \
                else key_for(entry.persons.get("author", []), entry.fields.get("year", ""),
                             plain(entry.fields.get("title", "")), taken)
            taken.add(key)
            data.add_entry(key, entry)
            site.papers[_address(site, path)] = key
            continue
        title, venue = plain(front.get("title") or ""), _venue(front)
        found = when(front.get("date") or front.get("publishDate"))
        if not title or found is None:
            site.report.skip(path, 1, "no title or no date: paper not imported")
            continue
        kind = _kind(front, venue)
        fields |= {"title": tex(title), VENUE_FIELD.get(kind, "howpublished"): tex(venue),
                   "year": str(found[0]), "abstract": tex(front.get("abstract") or "")}
        if found[1]:
            fields["month"] = str(found[1])
        ids = front.get("hugoblox", {}).get("ids", {}) if isinstance(
            front.get("hugoblox"), dict) else {}
        doi = plain(front.get("doi") or (ids.get("doi") if isinstance(ids, dict) else "") or "")
        doi = re.sub(r"^(https?://)?(dx\.)?doi\.org/", "", doi, flags=re.I)
        if doi and not re.search(r"[{}\s\\]", doi):
            fields["doi"] = doi
        people, more = _page_people(front, profiles, owner)
        if not people:
            people = [Person(tex(owner))]
            more = True
            site.report.skip(path, 1, f"no authors: written as {owner} and others; add the "
                                      "co-authors")
        if more:
            people.append(Person("others"))
        entry = make_entry(kind, fields, people)
        key = key_for(people, fields["year"], title, taken)
        data.add_entry(key, entry)
        site.papers[_address(site, path)] = key
    return data, len(pages)


def _page_people(front: dict[str, Any], profiles: Profiles, owner: str
                 ) -> tuple[list[Person], bool]:
    """The authors a publication page names (profiles by their names, ``admin`` the owner),
    and whether it ends with "et al."."""
    authors = front.get("authors") or front.get("author") or []
    return people_of([profiles.person(str(a), owner) for a in
                      (authors if isinstance(authors, list) else [authors])])


def _complete(site: Site, path: Path, entry: Entry, front: dict[str, Any],
              profiles: Profiles, owner: str) -> None:
    """A cite.bib entry without a year or authors completed from its page, which states
    them (the build refuses an entry without them)."""
    found = when(front.get("date") or front.get("publishDate"))
    if "year" not in entry.fields and found is not None:
        entry.fields["year"] = str(found[0])
        site.report.repair(path, 1, f"{entry.key}: no year in cite.bib: the page's "
                                    f"({found[0]})")
    people, more = _page_people(front, profiles, owner)
    if not entry.persons.get("author") and people:
        entry.persons["author"] = people + ([Person("others")] if more else [])
        site.report.repair(path, 1, f"{entry.key}: no authors in cite.bib: the page's")


def convert_talks(site: Site, content: Path) -> list[dict[str, Any]]:
    """Events and talks: the CV's talks, newest first; a talk with text also gets a page."""
    talks = Talks(site)
    for folder in sections(site.src, content, "event", "events", "talk", "talks"):
        for path, front, body, offset in site.sources(folder, TEMPLATE):
            if _EXAMPLE_EVENT.search(str(front.get("event") or "")):
                site.report.skip(path, 1, f"{front.get('title')!r} at "
                                          f"{front.get('event')!r} is the template's example: "
                                          "left out")
                continue
            found = when(front.get("date") or front.get("event_start") or
                         front.get("time_start"))
            title = plain(front.get("title") or "")
            if found is None or not title:
                site.report.skip(path, 1, "no title or no date: talk not imported")
                continue
            address = front.get("address") if isinstance(front.get("address"), dict) else {}
            location = plain(front.get("location") or ", ".join(
                str(address[k]) for k in ("city", "region", "country") if address.get(k)))
            url = next((str(v) for v in (front.get("url_slides"), front.get("url_video"),
                                         front.get("event_url")) if v and re.match(
                r"https?://\S+$", str(v))), None)
            talks.add(path, {"title": title, "event": plain(front.get("event") or
                                                            front.get("event_name") or ""),
                             "location": location, "date": iso(found), "url": url},
                      (body, offset),
                      site.line(path, front.get("abstract") or front.get("summary") or ""))
    return talks.done()


def convert_profile(site: Site, profiles: Profiles, params: dict[str, Any],
                    cv: dict[str, Any]) -> None:
    """The owner's profile (or the params' name, role and organization) into ``cv``."""
    who = cv["identity"]
    slug_, data, body, path = profiles.owner or ("", params, "", site.src / "config.toml")
    role = plain(data.get("role") or "")
    if role:
        who["position"] = role
    organizations = data.get("organizations") or data.get("affiliations") or []
    if isinstance(organizations, list) and organizations and isinstance(organizations[0], dict):
        name = plain(organizations[0].get("name") or "")
        if name:
            who["university"] = name
    elif data.get("organization"):
        who["university"] = plain(data["organization"])
    add_email(who, data.get("email"))
    social = data.get("social") or data.get("links") or []
    for link in social if isinstance(social, list) else [social]:
        if isinstance(link, dict):
            add_link(who, link.get("link") or link.get("url"), path, site.report,
                     str(link.get("icon") or ""))
        else:
            site.report.skip(path, None, f"social: {str(link)[:60]!r} is not a link with an "
                                         "icon and a URL: left out")
    interests = data.get("interests")
    if isinstance(interests, list) and interests:
        cv["interests"] = "; ".join(plain(i) for i in interests if plain(i)) + "."
    education = data.get("education")
    courses = education.get("courses") if isinstance(education, dict) else education
    for course in courses if isinstance(courses, list) else []:
        if not isinstance(course, dict):
            continue
        start = when(course.get("start") or course.get("year"))
        end = when(course.get("end")) if course.get("end") else None
        item = {"degree": plain(course.get("course") or course.get("degree") or
                                course.get("area") or ""),
                "institution": plain(course.get("institution") or ""),
                **({"start": iso(start)} if start else {}),
                **({"end": iso(end)} if end and start and end != start else {})}
        problems = model_problems(Education, item, f"{path}: education")
        if problems:
            site.report.skipped += [f"{where}: {why}: not converted" for where, why in problems]
        else:
            cv.setdefault("education", []).append(item)
    text = body or str(data.get("bio") or "")
    bio = site.bio(path, text, 0) if text.strip() else []
    if bio and not (isinstance(interests, list) and interests):
        cv["interests"] = interests_line(bio.pop(0))
    if bio:
        who["bio"] = "\n\n".join(bio)
    folder = path.parent
    avatars = [*sorted(folder.glob("avatar.*")), *sorted(
        (site.src / "assets" / "media" / "authors").glob(f"{slug_}.*"))] if slug_ else []
    if avatars:
        new = site.copy(str(avatars[0].relative_to(site.src)), "images")
        if new:
            who["photo"] = new


def _local(site: Site, path: Path, key: str, name: str, value: str) -> str | None:
    """Links are resolved (and files copied) when the entry is read: keep those; another
    address of the old site (a cite.bib's ``url = {/publication/x}``) is left out."""
    if f"docs/{value}" in site.files:
        return value
    site.report.skip(path, None, f"{key}: {name} = {{{value}}}: a page or file of the old "
                                 "site: left out")
    return None


def import_hugoblox(src: Path) -> tuple[dict[str, Any], dict[str, str | bytes], Report, Owner]:
    """The CV, the files of the new site (path → text), what happened, and whose site."""
    content = content_root(src)
    if not content.is_dir():
        raise ScholarsiteError(f"{src}: not a Hugo Blox site: no content/ folder (name the "
                               "folder of the Hugo site's repository)")
    site = Site(src, Report(), markup=shortcodes, roots=[src / "static", src / "assets" /
                                                          "media", src])
    site.pages = {"": "/index.md", "publication": "/publications.md",
                  "publications": "/publications.md", "talk": "/cv.md", "event": "/cv.md",
                  "events": "/cv.md", "cv": "/cv.md", "authors": "/index.md"}
    params = read_settings(src, site.report)
    profiles = Profiles(site, content)
    name = profiles.names.get(profiles.owner[0], "") if profiles.owner else plain(
        params.get("name") or "")
    where = str(profiles.owner[3]) if profiles.owner else f"{src}: params: name"
    data, listed = read_papers(site, content, profiles, name or "the owner")
    owner = site_owner(name, where, own_entries(data), site.report, " ".join(
        (profiles.owner[2] if profiles.owner else "", plain(params.get("description") or ""))))
    if owner.name != name:  # the papers named the placeholder "the owner": rewrite them
        for entry in data.entries.values():
            entry.persons["author"] = [Person(owner.name) if str(p) == "the owner" else p
                                       for p in entry.persons.get("author", [])]
    bib, added = clean_bib(data, content / "publication", owner, site.report,
                           partial(_local, site, content / "publication"))
    owner.aliases += added
    site.report.counts["papers"] = f"{len(Parser().parse_string(bib).entries) if bib else 0} " \
                                   f"of {listed} publication pages imported"
    site.keys = set(Parser().parse_string(bib).entries) if bib else set()
    cv: dict[str, Any] = {"updated": dt.date.today(), "identity": {"name": owner.name},
                          "interests": "What I work on, in a sentence or two."}
    if talks := convert_talks(site, content):
        cv["talks"] = talks
    for names, target, heading in ((("project", "projects"), "projects", "Projects"),
                                   (("teaching", "courses"), "courses", "Teaching")):
        site.collection(sections(site.src, content, *names), target, heading, TEMPLATE)
    for folder in sections(site.src, content, "post", "posts", "blog", "news"):
        site.news(folder, TEMPLATE)
    add_homepage(cv["identity"], params.get("baseurl") or "", where, site.report)
    convert_profile(site, profiles, params, cv)
    site.files |= {"docs/cv.yaml": cv_yaml(cv, f"{src.name} (Hugo Blox)", "import-hugo-blox"),
                   "refs.bib": bib}
    return cv, site.files, site.report, owner
