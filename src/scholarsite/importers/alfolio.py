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
  Resume, through :mod:`.jsonresume`) or else ``_data/cv.yml`` → the CV (education,
  experience and awards by section title; other lists as miscellaneous lines);
  ``_pages/about.md`` → the interests (first paragraph), the bio (the others) and the photo
  (``profile: image:``, from ``assets/img``).
- ``_projects/`` → pages under ``docs/projects/`` with an index in the navigation.
- ``_data/coauthors.yml`` → ``docs/coauthors.yml``, ``_data/venues.yml`` → ``docs/venues.yml``
  (the same formats: co-authors' names link to their homepages, venues give badges).
- Reported, not converted: profiles of networks scholarsite does not know, Liquid without an
  equivalent (:mod:`.templating`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser
from pydantic import BaseModel

from ..bib.coauthors import load_coauthors
from ..bib.venues import load_venues
from ..cv.schema import Education, Honor, Position, check_text
from ..errors import ScholarsiteError
from ..paths import inside
from .bibtex import clean_bib, read_bib
from .frontmatter import read_data
from .jsonresume import cv_yaml, model_problems, site_resume
from .owner import GROUP, Owner, config_names, head_author, own_entries, share
from .pages import interests_line
from .profile import add_email, add_homepage, add_profile
from .report import Report
from .site import Site

#: al-folio's ``_data/socials.yml`` keys -> the CV's profile fields (cv/profiles.py)
SOCIALS = {"github_username": "github", "linkedin_username": "linkedin",
           "scholar_userid": "google_scholar", "orcid_id": "orcid", "dblp_url": "dblp",
           "semanticscholar_id": "semantic_scholar", "x_username": "x",
           "twitter_username": "x", "bluesky_url": "bluesky", "mastodon_username": "mastodon"}
#: link fields al-folio resolves against assets/pdf when relative
FILE_LINKS = frozenset({"pdf", "slides", "poster"})


def owner_from_config(config: dict[str, Any], report: Report,
                      papers: BibliographyData | None = None) -> Owner:
    """Whose site: ``scholar:`` names (a list or one string) unless they are the template's
    or name the author of few of the site's papers; else the site's first/last name when
    papers.bib knows it as an author; else the author of most of papers.bib (a group site
    lists its head's papers). Never a site title."""
    first = " ".join(str(config.get(k) or "") for k in ("first_name", "middle_name")).strip()
    site_name = " ".join(p for p in (first, str(config.get("last_name") or "")) if p).strip()
    scholar = config.get("scholar") if isinstance(config.get("scholar"), dict) else {}
    lasts, firsts = config_names(scholar.get("last_name")), config_names(scholar.get("first_name"))
    template = lasts == ["Einstein"] and "einstein" not in site_name.casefold()
    own = own_entries(papers)
    head = head_author(own)
    personal = bool(site_name) and not GROUP.search(site_name) and (
        not own or share(own, [site_name]) > 0)
    if lasts and firsts and not template:
        forms = [f"{f} {last}" for last in lasts for f in firsts]
        if head is not None and share(own, forms) * 2 < len(own):
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


def convert_cv(site: Site, owner: Owner, config: dict[str, Any]) -> dict[str, Any]:
    """The CV: resume.json (JSON Resume) if it reads, else the basics al-folio knows; the
    profiles of socials.yml, the about page's bio and photo (added to ``files``)."""
    src, report, files = site.src, site.report, site.files
    cv = site_resume(src / "assets" / "json" / "resume.json", owner.name, report)
    if cv is None:
        cv = {"updated": dt.date.today(), "identity": {"name": owner.name},
              "interests": str(config.get("description") or "").strip() or
              "What I work on, in a sentence or two."}
        cv_yml = read_data(src / "_data" / "cv.yml", report)
        if isinstance(cv_yml, list):
            convert_cv_yml(cv_yml, src / "_data" / "cv.yml", cv, report)
    who = cv["identity"]
    socials = read_data(src / "_data" / "socials.yml", report) or {}
    if not isinstance(socials, dict):
        socials = {}
    where = src / "_data" / "socials.yml"
    for key, value in socials.items():
        if key == "email":
            add_email(who, str(value or "").split()[0] if str(value or "").split() else "")
        elif key in SOCIALS:
            add_profile(who, SOCIALS[key], value, where, report, key)
        else:
            report.skip(where, None, f"{key}: no place for this profile yet")
    if config.get("url"):
        add_homepage(who, str(config["url"]).strip().rstrip("/") + "/" + str(
            config.get("baseurl") or "").strip("/"), src / "_config.yml", report)
    about = src / "_pages" / "about.md"
    if about.is_file():
        front, body, offset = site.read(about, "about page")
        bio = site.bio(about, body, offset)
        if bio:
            cv["interests"] = interests_line(bio[0])
        if len(bio) > 1:  # the first became the interests
            who["bio"] = "\n\n".join(bio[1:])
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
    site = Site(src, Report())
    report = site.report
    config = read_data(src / "_config.yml", report)
    if not isinstance(config, dict):
        raise ScholarsiteError(f"{src / '_config.yml'}: cannot be read as settings: fix it")
    path = src / "_bibliography" / "papers.bib"
    papers = read_bib(path, report) if path.is_file() else None
    if papers is None:
        report.counts["papers"] = "no _bibliography/papers.bib"
    owner = owner_from_config(config, report, papers)
    bib, added = clean_bib(papers, path, owner, report, partial(_local, site, path)) \
        if papers is not None else ("", [])
    owner.aliases += added
    cv = convert_cv(site, owner, config)
    site.files |= {"docs/cv.yaml": cv_yaml(cv, f"{src.name} (al-folio)", "import-al-folio"),
                   "refs.bib": bib,
                   **data_files(src, report)}
    site.keys = set(Parser().parse_string(bib).entries) if bib else set()
    site.collection(["_projects"], "projects", "Projects", order="importance")
    site.news("_news")
    return cv, site.files, report, owner


def _local(site: Site, path: Path, key: str, name: str, value: str) -> str | None:
    """A papers.bib field naming a file of the site, where al-folio looks for it: a preview
    in assets/img/publication_preview, a PDF, slides or poster in assets/pdf; an ``html``
    naming a page of the old site is no paper's address."""
    folder, target = {"preview": ("assets/img/publication_preview", "papers/previews")}.get(
        name, ("assets/pdf", "papers"))
    where = value if value.startswith("/") else f"{folder}/{value}"
    new = site.copy(where, target) if name in FILE_LINKS | {"preview"} else None
    if new is None:
        why = ("a page of the old site, not a paper's address" if name == "html"
               else f"no such file in {folder}")
        site.report.skip(path, None, f"{key}: {name} = {{{value}}}: {why}: left out")
    return new
