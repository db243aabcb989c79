"""``scholarsite import-al-folio SRC [DIR]``: an al-folio site as a scholarsite site.

Hand-written: al-folio is a Jekyll theme with its own data files, and nothing converts them.
Real al-folio sites are messy, so the importer repairs what it can and says so, and lists
everything it could not convert with file:line; the result always builds and passes check.

- ``_config.yml``: the owner's name. ``scholar: last_name/first_name`` (the forms jekyll-
  scholar underlines) are used when plausible, that is unless they are the template's
  ``Einstein`` while the site is someone else's; else ``first_name``/``last_name``.
- ``_bibliography/papers.bib`` (al-folio's list of the owner's papers) → refs.bib: repaired
  (a key with spaces, a field given twice), the template's Einstein examples left out, author
  marks (``Einstein*†``) stripped from names (``*`` becomes ``equal``), al-folio's fields
  mapped (``arxiv`` → eprint, ``html`` → url unless there is one; ``abbr``, ``award``,
  ``award_name``, ``annotation``, ``additional_info``, ``blog``, ``supp``, ``hal`` and the other
  links are read as they are; a ``pdf`` naming a file of ``assets/pdf`` is copied to
  ``docs/papers/``);
  every entry is the owner's, so a name form that matches no alias yet (``Rai
  Bhatnagar, Sahir``) becomes one, written to conf.py. al-folio's third-party citation badges
  (``altmetric``, ``dimensions``, ``google_scholar_id``) stay in the entry; the report points
  to ``scholarsite citations update``, which counts citations without third-party scripts.
- ``_data/socials.yml`` → e-mail and the profiles (GitHub, LinkedIn, Google Scholar, ORCID,
  DBLP, Semantic Scholar, X, Bluesky, Mastodon); ``assets/json/resume.json`` (JSON
  Resume, through :mod:`.cv.from_jsonresume`) or else ``_data/cv.yml`` → the CV (education,
  experience and awards by section title; other lists as miscellaneous lines);
  ``_pages/about.md`` → the interests (first paragraph), the bio (the others) and the photo
  (``profile: image:``, from ``assets/img``).
- ``_projects/`` → pages under ``docs/projects/`` with an index in the navigation.
- ``_data/coauthors.yml`` → ``docs/coauthors.yml``, ``_data/venues.yml`` → ``docs/venues.yml``
  (the same formats: co-authors' names link to their homepages, venues give badges).
- Reported, not converted: profiles of networks scholarsite does not know, Liquid and HTML
  blocks of the about page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pydantic import BaseModel

from .bib.chunks import split_commands
from .bib.coauthors import load_coauthors
from .bib.load import KNOWN_TYPES, entry_problems
from .bib.names import OwnerMatcher
from .bib.publications import LINK_FIELDS
from .bib.venues import load_venues
from .bib.writer import SourceWriter
from .cv.from_jsonresume import Converter as ResumeConverter
from .cv.from_jsonresume import cv_yaml, model_problems, read_json
from .cv.profiles import profile_url
from .cv.schema import Education, Honor, Position, check_text
from .errors import ScholarsiteError, located, read_text
from .html_markdown import has_html, to_markdown
from .notes.gitbook import Fences, Headings
from .notes.raw_html import sanitise
from .paths import inside
from .urls import is_site_file

#: al-folio's ``_data/socials.yml`` keys -> the CV's profile fields (cv/profiles.py)
SOCIALS = {"github_username": "github", "linkedin_username": "linkedin",
           "scholar_userid": "google_scholar", "orcid_id": "orcid", "dblp_url": "dblp",
           "semanticscholar_id": "semantic_scholar", "x_username": "x",
           "twitter_username": "x", "bluesky_url": "bluesky", "mastodon_username": "mastodon"}
#: al-folio's third-party citation badges: scholarsite counts citations itself
#: (``scholarsite citations update``); the fields stay in the entry
BADGES = ("altmetric", "dimensions", "google_scholar_id")
#: link fields of ours, and those al-folio resolves against assets/pdf when relative
LINKS = frozenset(name for name, _ in LINK_FIELDS)
FILE_LINKS = frozenset({"pdf", "slides", "poster"})
_MARKS = re.compile(r"[*†‡§¶#^]+")
_HEAD = re.compile(r"^(\s*@\s*\w+\s*[{(]\s*)([^,]*?)(\s*,)", re.S)


@dataclass
class Report:
    counts: dict[str, str] = field(default_factory=dict)
    repaired: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join([*(f"{name}: {value}" for name, value in self.counts.items()),
                          *(f"repaired: {line}" for line in self.repaired),
                          *(f"not converted: {line}" for line in self.skipped)])


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def read_yaml(path: Path, report: Report) -> Any:
    """YAML as al-folio sites write it: tabs used for indenting are repaired (and reported);
    anything else that does not parse is reported and read as empty."""
    if not path.is_file():
        return None
    text = read_text(path, "al-folio data file")
    if re.search(r"^\t+", text, re.M):
        text = re.sub(r"^\t+", lambda m: "  " * len(m[0]), text, flags=re.M)
        report.repaired.append(f"{path}: tabs indenting YAML read as spaces")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.skipped.append(located(path, mark.line + 1 if mark else None,
                                      f"invalid YAML ({getattr(exc, 'problem', exc)}): "
                                      "file not converted"))
        return None


def _fields(body: str) -> list[str]:
    """An entry body split at the commas between fields (braces and quotes respected)."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(body):
        if char == '"' and depth == 0 and (index == 0 or body[index - 1] != "\\"):
            quoted = not quoted
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0 and not quoted:
            parts.append(body[start:index])
            start = index + 1
    return [*parts, body[start:]]


def repair_entry(command: str, where: Path, line: int, report: Report) -> str:
    """A key with spaces joined by ``_``; a field given twice kept once (the first)."""
    head = _HEAD.match(command)
    if not head:
        return command
    key = head[2]
    if re.search(r"\s", key.strip()):
        new = re.sub(r"\s+", "_", key.strip())
        report.repaired.append(located(where, line, f"key {key.strip()!r} has spaces: now "
                                                    f"{new!r}"))
        command = command[:head.start(2)] + new + command[head.end(2):]
        head = _HEAD.match(command)
    close = command.rstrip().rfind("}" if head[1].rstrip().endswith("{") else ")")
    fields, seen, kept = _fields(command[head.end():close]), set(), []
    for text in fields:
        name = text.split("=", 1)[0].strip().lower()
        if name and "=" in text and name in seen:
            report.repaired.append(located(where, line, f"entry {head[2].strip()!r} gives "
                                                        f"{name!r} twice: the first kept"))
            continue
        seen.add(name)
        kept.append(text)
    return command[:head.end()] + ",".join(kept) + command[close:]


@dataclass
class Owner:
    name: str
    aliases: list[str]


#: entry types real papers.bib files misspell, and the type BibTeX means
TYPE_SPELLINGS = {"masterthesis": "mastersthesis", "masters": "mastersthesis",
                  "phd": "phdthesis", "inproceeding": "inproceedings",
                  "proceeding": "proceedings", "journal": "article", "paper": "article",
                  "preprint": "misc", "talk": "misc", "presentation": "misc", "poster": "misc"}

#: words of a site title that name a group or a site, not a person
_GROUP = re.compile(r"'s\b|\u2019s\b|\b(group|lab|laboratory|research|team|center|centre|"
                    r"institute|homepage|website|site|blog|portfolio)\b", re.I)


def _names(value: object) -> list[str]:
    """jekyll-scholar's name lists, which al-folio also accepts as one string."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(name) for name in value if isinstance(name, str | int) and str(name).strip()]
    return []


def owner_from_config(config: dict[str, Any], report: Report,
                      papers: BibliographyData | None = None) -> Owner:
    """Whose site: ``scholar:`` names (a list or one string) unless they are the template's
    or name the author of few of the site's papers; else the site's first/last name when
    papers.bib knows it as an author; else the author of most of papers.bib (a group site
    lists its head's papers). Never a site title."""
    first = " ".join(str(config.get(k) or "") for k in ("first_name", "middle_name")).strip()
    site_name = " ".join(p for p in (first, str(config.get("last_name") or "")) if p).strip()
    scholar = config.get("scholar") if isinstance(config.get("scholar"), dict) else {}
    lasts, firsts = _names(scholar.get("last_name")), _names(scholar.get("first_name"))
    template = lasts == ["Einstein"] and "einstein" not in site_name.casefold()
    own = _own_entries(papers)
    head = _head_author(own)
    personal = bool(site_name) and not _GROUP.search(site_name) and (
        not own or _share(own, [site_name]) > 0)
    if lasts and firsts and not template:
        forms = [f"{f} {last}" for last in lasts for f in firsts]
        if head is not None and _share(own, forms) * 2 < len(own):
            report.repaired.append(f"_config.yml: scholar: names {forms[0]!r}, the author of "
                                   f"few entries of papers.bib: the owner is {head.name!r}, "
                                   "an author of most of them")
            return Owner(head.name, [*head.aliases, *forms])
        named = personal and any(site_name.casefold().endswith(last.casefold())
                                 for last in lasts)
        if site_name and not named:
            report.repaired.append(f"_config.yml: the site's name {site_name!r} is not the "
                                   f"person's: the owner is {forms[0]!r} (scholar: names)")
        return Owner(site_name if named else forms[0], forms)
    if template:
        report.repaired.append("_config.yml: scholar: names are the template's Einstein: "
                               "they are not used")
    if personal:
        return Owner(site_name, [site_name])
    if head is not None:
        report.repaired.append(f"_config.yml: the site's name {site_name!r} names no author "
                               f"of papers.bib: the owner is {head.name!r}, an author of most "
                               "of its entries")
        return head
    raise ScholarsiteError("_config.yml: no first_name/last_name naming a person, no scholar: "
                           "names, and no author shared by most of papers.bib: cannot tell "
                           "whose site this is; add scholar: first_name and last_name to "
                           "_config.yml")


def _own_entries(papers: BibliographyData | None) -> list[list[Person]]:
    """The authors of each entry of papers.bib that is not the template's example (an
    Einstein paper), marks like ``*`` and ``†`` taken off."""
    out = []
    for entry in papers.entries.values() if papers else []:
        people = [Person(_MARKS.sub("", str(person))) for person in
                  entry.persons.get("author", [])]
        if people and not any("einstein" in str(person).casefold() for person in people):
            out.append(people)
    return out


def _key(person: Person) -> tuple[str, str]:
    """A person as told apart across name forms: last name, and first initial."""
    first = " ".join(person.first_names + person.middle_names).strip("{}.")
    return " ".join(person.last_names).strip("{}").casefold(), first[:1].casefold()


def _share(entries: list[list[Person]], names: list[str]) -> int:
    """How many entries one of ``names`` wrote (by last name and first initial; by last name
    alone when the name gives no first)."""
    wanted = {_key(Person(name)) for name in names}
    lasts = set() if any(initial for _, initial in wanted) else {last for last, _ in wanted}
    return sum(any(key in wanted or key[0] in lasts for key in map(_key, people))
               for people in entries)


def _head_author(entries: list[list[Person]]) -> Owner | None:
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


def _strip_marks(entry: Entry) -> list[int]:
    """Names with al-folio's marks glued on (``Einstein*†``) cleaned; the co-first (``*``)
    positions (1-based)."""
    equal = []
    for role, people in entry.persons.items():
        cleaned = []
        for position, person in enumerate(people, 1):
            text = str(person)
            if _MARKS.search(text):
                if "*" in text and role == "author":
                    equal.append(position)
                person = Person(_MARKS.sub("", text))
            cleaned.append(person)
        entry.persons[role] = cleaned
    return equal


def _similar(owner: Owner, person: Person) -> bool:
    """A name form that is plausibly the owner's: a last-name word or the full first name
    in common (al-folio lists only the owner's papers, so one author must be the owner)."""
    want = {w.casefold() for name in owner.aliases for w in name.split()[-1:]}
    words = {w.casefold().strip(".,{}") for w in str(person).replace(",", " ").split()}
    return bool(want & words)


def read_papers(src: Path, report: Report) -> BibliographyData | None:
    """papers.bib parsed entry by entry, each repaired first; one pybtex refuses is reported
    and left out. None without a papers.bib."""
    path = src / "_bibliography" / "papers.bib"
    if not path.is_file():
        report.counts["papers"] = "no _bibliography/papers.bib"
        return None
    text = read_text(path, "bibliography")
    parser = Parser(encoding="UTF-8")
    offset = 0
    for command in split_commands(text)[0]:
        line = _line(text, offset)
        offset += len(command)
        fixed = repair_entry(command, path, line, report) if re.match(
            r"\s*@\s*(?!string|preamble|comment)\w", command, re.I) else command
        try:
            parser.parse_string(fixed)
        except PybtexError as exc:
            report.skipped.append(located(path, line, f"{exc}: entry not imported"))
    return parser.data


def convert_bib(src: Path, owner: Owner, report: Report, files: dict[str, str | bytes],
                data: BibliographyData | None) -> tuple[str, list[str]]:
    """papers.bib (as :func:`read_papers` gave it) as refs.bib text, and the aliases added to
    find the owner in every entry; the PDFs it links are added to ``files`` (docs/papers/)."""
    if data is None:
        return "", []
    path = src / "_bibliography" / "papers.bib"
    out, aliases = BibliographyData(), list(owner.aliases)
    badged: set[str] = set()
    matcher = OwnerMatcher(aliases)
    for key, entry in data.entries.items():
        names = " ".join(str(p) for p in entry.persons.get("author", []))
        if "einstein" in names.casefold() and not any(
                "einstein" in a.casefold() for a in owner.aliases):
            report.skipped.append(f"{path}: {key}: the template's example (Einstein): left out")
            continue
        entry.type = TYPE_SPELLINGS.get(entry.type, entry.type)
        if entry.type not in KNOWN_TYPES:
            report.repaired.append(f"{path}: {key}: @{entry.type} is no BibTeX type: "
                                   "imported as @misc")
            entry.type = "misc"
        problems = entry_problems(key, entry)
        if problems:  # the build would refuse it: left out, said why
            report.skipped.append(f"{path}: {key}: {problems[0].split(': ', 1)[-1]}: entry "
                                  "not imported")
            continue
        equal = _strip_marks(entry)
        fields = entry.fields
        for name in list(fields):
            low = name.lower()
            if low == "arxiv":
                fields["eprint"], fields["archiveprefix"] = fields.pop(name), "arXiv"
            elif low == "html" and is_site_file(fields[name].strip()):
                report.skipped.append(f"{path}: {key}: html = {{{fields.pop(name)}}}: a page "
                                      "of the old site, not a paper's address: left out")
            elif low == "html" and "url" not in fields:
                fields["url"] = fields.pop(name)
            elif low == "preview" and is_site_file(fields[name].strip()):
                local = src / "assets" / "img" / "publication_preview" / fields[name].strip()
                if local.is_file() and inside(src, local):
                    files[f"docs/papers/previews/{local.name}"] = local.read_bytes()
                    fields[name] = f"papers/previews/{local.name}"
                else:
                    report.skipped.append(f"{path}: {key}: preview = {{{fields.pop(name)}}}: "
                                          "no such file in assets/img/publication_preview: "
                                          "left out")
            elif low in LINKS and is_site_file(fields[name].strip()):
                local = src / "assets" / "pdf" / fields[name].strip()  # where al-folio looks
                if low in FILE_LINKS and local.is_file() and inside(src, local):
                    files[f"docs/papers/{local.name}"] = local.read_bytes()
                    fields[name] = f"papers/{local.name}"
                else:
                    report.skipped.append(f"{path}: {key}: {name} = {{{fields.pop(name)}}}: "
                                          "no such file in assets/pdf: left out")
            elif low in BADGES:
                badged.add(key)
        if equal:
            fields["equal"] = ",".join(map(str, equal))
        people = entry.persons.get("author", [])
        if people and not any(matcher.matches(p) for p in people):
            similar = next((p for p in people if _similar(owner, p)), None)
            if similar is None:
                report.skipped.append(f"{path}: {key}: none of its authors looks like "
                                      f"{owner.name}: kept, not listed as yours")
            else:
                aliases.append(str(similar))
                matcher = OwnerMatcher(aliases)
                report.repaired.append(f"{path}: {key}: your name written {str(similar)!r}: "
                                       "added to scholarsite_author_aliases")
        out.add_entry(key, entry)
    report.counts["papers"] = f"{len(out.entries)} of {len(data.entries)} entries imported"
    if badged:
        report.counts["citation badges"] = (
            f"{len(badged)} entries asked for altmetric, dimensions or Google Scholar badges: "
            "run 'scholarsite citations update' for counts from OpenAlex (by DOI or arXiv id)")
    return SourceWriter().to_string(out), aliases[len(owner.aliases):]


_YEARS = re.compile(r"^\s*(\d{4})(?:\s*[-–—]+\s*(\d{4}|present|now|current))?\s*$", re.I)
#: al-folio cv.yml section titles (lower case, first word) -> our section
CV_SECTIONS = {"education": "education", "experience": "experience", "work": "experience",
               "employment": "experience", "positions": "experience", "awards": "honors",
               "honors": "honors", "honours": "honors", "scholarships": "honors"}


def _period(year: object) -> tuple[str, str] | None:
    match = _YEARS.match(str(year or ""))
    if not match:
        return None
    end = match[2] or match[1]
    return match[1], "present" if end.lower() in {"present", "now", "current"} else end


def _lines(description: object) -> list[str]:
    """al-folio descriptions: a string, a list of strings, or titled sub-lists."""
    if isinstance(description, str):
        return [description]
    out = []
    for item in description or []:
        if isinstance(item, dict):
            out += [f"{item.get('title', '')}: {', '.join(map(str, item.get('contents') or []))}"
                    .strip(": ")]
        elif item:
            out.append(str(item))
    return out


def _misc(cv: dict[str, Any], line: str, where: str, report: Report) -> None:
    try:
        cv.setdefault("misc", []).append(check_text(line))
    except ValueError as exc:
        report.skipped.append(f"{where}: {line[:60]!r} {exc}: not converted")


def _fits(model: type[BaseModel], data: dict[str, Any], where: str, report: Report) -> bool:
    problems = model_problems(model, data, where)
    report.skipped += [f"{place}: {message}: not converted" for place, message in problems]
    return not problems


def convert_cv_yml(sections: list[Any], path: Path, cv: dict[str, Any],
                   report: Report) -> None:
    """al-folio's ``_data/cv.yml`` sections into ``cv``: education, experience and awards by
    title, other lists as miscellaneous lines; what does not fit is reported."""
    for number, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        title = str(section.get("title") or f"section {number + 1}")
        kind = CV_SECTIONS.get(title.casefold().split()[0].strip(",&"))
        contents = section.get("contents") or []
        if section.get("type") == "map":
            for pair in contents:
                if str(pair.get("name", "")).casefold() == "full name" and pair.get("value"):
                    continue  # the name comes from _config.yml
                report.skipped.append(f"{path}: {title}: {pair.get('name')}: no place for it")
            continue
        for item in contents if isinstance(contents, list) else []:
            if not isinstance(item, dict):
                _misc(cv, f"{title}: {item}", f"{path}: {title}", report)
                continue
            period = _period(item.get("year"))
            if kind in {"education", "experience"} and period and item.get("title") and \
                    item.get("institution"):
                entry = {("degree" if kind == "education" else "role"): str(item["title"]),
                         ("institution" if kind == "education" else "organization"):
                             str(item["institution"]),
                         "start": period[0], "end": period[1],
                         "items": _lines(item.get("description"))}
                entry = {k: v for k, v in entry.items()  # one year: no period
                         if v != [] and not (k == "end" and v == period[0])}
                if _fits(Education if kind == "education" else Position, entry,
                         f"{path}: {title}", report):
                    cv.setdefault(kind, []).append(entry)
            elif kind == "honors" and period:
                for line in _lines(item.get("items")) or [str(item.get("title") or "")]:
                    if line:
                        honor = {"title": line, "date": period[0]}
                        if period[1] != period[0]:
                            honor["end"] = period[1]
                        if _fits(Honor, honor, f"{path}: {title}", report):
                            cv.setdefault("honors", []).append(honor)
            else:
                text = " ".join(str(v) for v in (item.get("title"), item.get("institution"),
                                                 item.get("year")) if v)
                lines = [text, *_lines(item.get("description")), *_lines(item.get("items"))]
                _misc(cv, f"{title}: " + "; ".join(line for line in lines if line),
                      f"{path}: {title}", report)
                report.repaired.append(f"{path}: {title}: {text or 'an item'} written as a "
                                       "line of the CV's miscellaneous section")


def front_matter(text: str) -> tuple[dict[str, Any] | None, str, int]:
    """A Jekyll page's front matter (None if it is not YAML), its body, and the number of
    lines before the body."""
    match = re.match(r"---[ \t]*\n(.*?\n)---[ \t]*\n", text, re.S)
    if not match:
        return {}, text, 0
    try:
        front = yaml.safe_load(match[1]) or {}
    except yaml.YAMLError:
        return None, text[match.end():], match[0].count("\n")
    return front if isinstance(front, dict) else {}, text[match.end():], match[0].count("\n")


def convert_cv(src: Path, owner: Owner, config: dict[str, Any], report: Report,
               files: dict[str, str | bytes]) -> dict[str, Any]:
    """The CV: resume.json (JSON Resume) if it reads, else the basics al-folio knows; the
    profiles of socials.yml, the about page's bio and photo (added to ``files``)."""
    resume_path = src / "assets" / "json" / "resume.json"
    cv: dict[str, Any] | None = None
    if resume_path.is_file():
        try:
            resume, note = read_json(resume_path, "resume")
            if not isinstance(resume, dict) or not isinstance(resume.get("basics", {}), dict):
                raise ScholarsiteError("not a JSON Resume (no \"basics\" object)")
            example = str(resume.get("basics", {}).get("name") or "")
            if "einstein" in example.casefold() and "einstein" not in owner.name.casefold():
                raise ScholarsiteError(f"the template's example ({example}), not the owner's")
            resume.setdefault("basics", {}).setdefault("name", owner.name)
            converter = ResumeConverter(resume_path, resume)
            cv, _ = converter.convert()
            report.repaired += [note] if note else []
            report.skipped += converter.report.skipped
        except ScholarsiteError as exc:
            report.skipped.append(f"{resume_path}: {exc}: not converted; the CV starts "
                                  "from the basics")
    if cv is None:
        cv = {"updated": dt.date.today(), "identity": {"name": owner.name},
              "interests": str(config.get("description") or "").strip() or
              "What I work on, in a sentence or two."}
        cv_yml = read_yaml(src / "_data" / "cv.yml", report)
        if isinstance(cv_yml, list):
            convert_cv_yml(cv_yml, src / "_data" / "cv.yml", cv, report)
    who = cv["identity"]
    socials = read_yaml(src / "_data" / "socials.yml", report) or {}
    if not isinstance(socials, dict):
        socials = {}
    for key, value in socials.items():
        address = re.sub(r"\s*\[at\]\s*", "@", str(value)).split()[0] if value else ""
        network = SOCIALS.get(key)
        if key == "email" and "@" in address and "email" not in who:
            who["email"] = address
        elif network and value:
            text = str(value).strip()
            if key == "mastodon_username" and (m := re.fullmatch(r"([\w.-]+)/@(\w+)", text)):
                text = f"@{m[2]}@{m[1]}"  # al-folio writes instance/@user
            try:
                profile_url(network, text)
            except ValueError as exc:
                report.skipped.append(f"{src / '_data' / 'socials.yml'}: {key}: {exc}: not "
                                      "converted")
                continue
            who.setdefault(network, text)
        else:
            report.skipped.append(f"{src / '_data' / 'socials.yml'}: {key}: no place for this "
                                  "profile yet")
    url = str(config.get("url") or "").strip().rstrip("/")
    if url and not re.match(r"https?://", url, re.I) and re.fullmatch(r"[\w.-]+\.[a-z]{2,}",
                                                                          url, re.I):
        report.repaired.append(f"_config.yml: url {url!r} has no scheme: https://{url} used")
        url = f"https://{url}"
    if url and "homepage" not in who:
        if re.match(r"https?://[^\s/]+", url, re.I):
            who["homepage"] = url + "/" + str(config.get("baseurl") or "").strip("/")
        else:
            report.skipped.append(f"_config.yml: url {url[:60]!r} is not an http(s) address: "
                                  "left out")
    about = src / "_pages" / "about.md"
    if about.is_file():
        front, body, offset = front_matter(read_text(about, "about page"))
        paragraphs = _bio_paragraphs(about, body, offset, report)
        if paragraphs:
            cv["interests"] = re.sub(r"\s+", " ", paragraphs[0])
        if len(paragraphs) > 1:  # the first became the interests
            who["bio"] = "\n\n".join(paragraphs[1:])
        profile = (front or {}).get("profile")
        image = profile.get("image") if isinstance(profile, dict) else None
        if image:
            photo = src / "assets" / "img" / str(image)
            if photo.is_file() and inside(src, photo):
                files[f"docs/images/{photo.name}"] = photo.read_bytes()
                who["photo"] = f"images/{photo.name}"
            else:
                report.skipped.append(f"{about}: profile image {image!r}: no such file in "
                                      "assets/img: left out")
    return cv


_LIQUID = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_FIGURE = re.compile(r"{%\s*include\s+figure\.liquid\b[^%]*?path=[\"']?([^\"'\s%]+)[^%]*%}")


_CITE = re.compile(r"{%\s*cite\s+([^%]+?)\s*%}")


def _bio_paragraphs(path: Path, body: str, offset: int, report: Report) -> list[str]:
    """The about page's paragraphs as Markdown: HTML converted (most real about pages are
    HTML), Liquid values resolved, links to the old site's own pages mapped; Liquid blocks
    and headings left out. Each change is reported."""
    paragraphs: list[str] = []
    for found in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", body):
        block, line = found[0].strip(), _line(body, found.start()) + offset
        if not block:
            continue
        if block.startswith(("{%", "#")):
            report.skipped.append(located(path, line, f"{block[:40]!r}: Liquid or a heading in "
                                                      "the bio: left out"))
            continue
        block = _liquid_inline(path, line, block, report)
        if has_html(block):
            block = to_markdown(block, lambda message, at=line: report.skipped.append(
                located(path, at, message)))
        block = _old_site_links(path, line, block, report)
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n", block) if p.strip()]
    return paragraphs


#: the pages of a new site that an al-folio site's own pages become (first path segment)
_OLD_PAGES = {"": "/index.md", "about": "/index.md", "publications": "/publications.md",
              "cv": "/cv.md"}


def _old_site_links(path: Path, line: int, text: str, report: Report) -> str:
    """Markdown links to the al-folio site's own pages (``/publications/``): to the new
    site's page when it has one, else their text (reported); a link to a missing page
    would fail the build's check."""

    def link(match: re.Match[str]) -> str:
        segments = [s for s in match[2].split("#")[0].split("/") if s]
        known = [s for s in segments if s.split(".")[0] in _OLD_PAGES]
        if not segments or known:  # a baseurl (al-folio/...) may come first
            return f"[{match[1]}]({_OLD_PAGES[known[0].split('.')[0] if known else '']})"
        report.skipped.append(located(path, line, f"link to the old site's page "
                                                  f"{match[2]!r}: its text kept"))
        return match[1]

    return re.sub(r"(?<!!)\[([^\]]*)\]\((/[^)\s]*)\)", link, text)


def _liquid_inline(path: Path, line: int, text: str, report: Report) -> str:
    """Liquid in a paragraph: ``{{ 'x' | relative_url }}`` (or ``absolute_url``) as the path
    it names, any other tag left out (reported): MyST would read ``{{`` as a substitution."""

    def value(match: re.Match[str]) -> str:
        url = re.fullmatch(r"{{-?\s*['\"]([^'\"]*)['\"]\s*\|\s*(?:relative|absolute)_url\s*-?}}",
                           match[0])
        if url:
            return url[1]
        report.skipped.append(located(path, line, f"Jekyll tag {match[0][:50]!r}: left out"))
        return ""

    return _LIQUID.sub(value, text)


def _page_body(src: Path, path: Path, body: str, offset: int, images: str,
               context: tuple[set[str], dict[str, str | bytes], Report]) -> str:
    """An al-folio page's body as MyST: figures copied to ``images`` (a docs/ folder),
    ``{% cite key %}`` of imported papers as citations, other Liquid tags and unsafe HTML
    reported (imported text is someone else's: its HTML passes the notes' allowlist)."""
    keys, files, report = context
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.casefold()).strip("-") or "page"

    def figure(match: re.Match[str]) -> str:
        image = src / match[1].lstrip("/")
        if image.is_file() and inside(src, image):
            name = f"{stem}-{image.name}"
            files[f"docs/{images}/{name}"] = image.read_bytes()
            return f"![]({'images/' + name})" + "\n" * match[0].count("\n")
        report.skipped.append(f"{path}: figure {match[1]!r} not found: left out")
        return "\n" * match[0].count("\n")  # later lines keep their numbers

    def liquid(match: re.Match[str]) -> str:
        cite = _CITE.fullmatch(match[0])
        cited = cite[1].split() if cite else []
        if cited and all(key in keys for key in cited):
            return "{cite:p}`" + ",".join(cited) + "`"
        line = _line(match.string, match.start()) + offset
        if match[0].startswith("{{"):  # a value: a URL filter's path, else nothing
            return _liquid_inline(path, line, match[0], report)
        report.skipped.append(located(path, line, f"Jekyll tag {match[0][:50]!r}: left out"))
        return "\n" * match[0].count("\n")

    body = _LIQUID.sub(liquid, _FIGURE.sub(figure, body))
    body = "\n".join(_old_site_links(path, number + offset, text, report)
                     for number, text in enumerate(body.split("\n"), 1))
    return _under_title(sanitise(body, lambda line, message: report.skipped.append(
        located(path, line + offset, message))))


def _under_title(body: str) -> str:
    """The body's headings closed up below the page's title (Jekyll pages jump from # to
    ####, which MyST warns about): the outline keeps its shape, starting at ##."""
    code, levels, out = Fences(), Headings(), []
    for line in body.split("\n"):
        heading = None if code.holds(line) else re.match(r"^(#{1,6})(\s.*)$", line)
        if heading:
            line = "#" * min(6, levels.level(len(heading[1])) + 1) + heading[2]
        out.append(line)
    return "\n".join(out)


def convert_projects(src: Path, context: tuple[set[str], dict[str, str | bytes], Report]
                     ) -> dict[str, str | bytes]:
    """``_projects/*.md`` as pages under docs/projects/ (ordered by al-folio's
    ``importance``), with an index."""
    _, files, report = context
    folder, pages = src / "_projects", []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        parsed, body, offset = front_matter(read_text(path, "project page"))
        if parsed is None:
            report.skipped.append(located(path, 1, "front matter is not YAML: title and order "
                                                   "taken from the file name"))
        front = parsed or {}
        stem = re.sub(r"[^a-z0-9]+", "-", path.stem.casefold()).strip("-") or "project"
        body = _page_body(src, path, body, offset, "projects/images", context)
        title = str(front.get("title") or path.stem)
        description = str(front.get("description") or "").strip()
        page = f"# {title}\n\n" + (f"*{description}*\n\n" if description else "") + \
            body.strip() + "\n"
        files[f"docs/projects/{stem}.md"] = page
        pages.append((front.get("importance", 99), stem))
    if pages:
        entries = "\n".join(stem for _, stem in sorted(pages, key=lambda p: (str(p[0]), p[1])))
        files["docs/projects/index.md"] = ("# Projects\n\n```{toctree}\n:maxdepth: 1\n\n"
                                          f"{entries}\n```\n")
        report.counts["projects"] = f"{len(pages)} pages"
    return files


def convert_news(src: Path, context: tuple[set[str], dict[str, str | bytes], Report]
                 ) -> dict[str, str | bytes]:
    """``_news/*.md`` as items under docs/news/ with a news page: the date kept, ``inline``
    kept, a title from the front matter or else the first words of the text."""
    _, files, report = context
    count = 0
    for path in sorted((src / "_news").glob("*.md")) if (src / "_news").is_dir() else []:
        parsed, body, offset = front_matter(read_text(path, "news item"))
        front = parsed or {}
        date = front.get("date")
        day = re.match(r"\d{4}-\d{2}-\d{2}", str(date or ""))
        if parsed is None or not day:
            report.skipped.append(located(path, 1, "no date in the front matter: news item "
                                                   "not imported"))
            continue
        body = _page_body(src, path, body, offset, "news/images", context).strip()
        words = re.sub(r"[*_`#>\[\]]|\(https?://[^)]*\)|{cite:p}`[^`]*`", "", body).split()
        title = str(front.get("title") or "").strip() or " ".join(words[:8]) + (
            "…" if len(words) > 8 else "") or day[0]
        stem = re.sub(r"[^a-z0-9]+", "-", path.stem.casefold()).strip("-") or "item"
        inline = "true" if front.get("inline") else "false"
        files[f"docs/news/{stem}.md"] = (f"---\ndate: {day[0]}\ninline: {inline}\n---\n\n"
                                         f"# {title}\n\n{body}\n")
        count += 1
    if count:
        files["docs/news/index.md"] = "# News\n\n```{news}\n```\n"
        report.counts["news"] = f"{count} items"
    return files


def data_files(src: Path, report: Report) -> dict[str, str | bytes]:
    """``_data/coauthors.yml`` and ``_data/venues.yml`` as they are (scholarsite reads al-folio's
    formats), each only if it reads."""
    files: dict[str, str | bytes] = {}
    for name, what, count in (
            ("coauthors.yml", "co-authors", lambda path: "{} with homepages".format(
                sum(map(len, load_coauthors(path).people.values())))),
            ("venues.yml", "venues", lambda path: "{} (badges beside their papers)".format(
                len(load_venues(path).venues)))):
        path = src / "_data" / name
        if not path.is_file():
            continue
        try:
            report.counts[what] = count(path)
        except ScholarsiteError as exc:
            report.skipped.append(f"{exc}: {what} not imported")
            continue
        files[f"docs/{name}"] = path.read_bytes()
    return files




def import_alfolio(src: Path) -> tuple[dict[str, Any], dict[str, str | bytes], Report, Owner]:
    """The CV, the files of the new site (path → text), what happened, and whose site."""
    if not (src / "_config.yml").is_file():
        raise ScholarsiteError(f"{src}: not an al-folio site: no _config.yml (name the "
                               "folder of the al-folio repository)")
    report = Report()
    config = read_yaml(src / "_config.yml", report)
    if not isinstance(config, dict):
        raise ScholarsiteError(f"{src / '_config.yml'}: cannot be read as settings: fix it")
    papers = read_papers(src, report)
    owner = owner_from_config(config, report, papers)
    files: dict[str, str | bytes] = {}
    bib, added = convert_bib(src, owner, report, files, papers)
    owner.aliases += added
    cv = convert_cv(src, owner, config, report, files)
    files |= {"docs/cv.yaml": cv_yaml(cv, src / "_config.yml"), "refs.bib": bib,
              **data_files(src, report)}
    keys = set(Parser().parse_string(bib).entries) if bib else set()
    files |= convert_projects(src, (keys, files, report))
    files |= convert_news(src, (keys, files, report))
    return cv, files, report, owner
