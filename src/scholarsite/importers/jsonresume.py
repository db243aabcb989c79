"""``scholarsite import-jsonresume FILE [DIR]``: a JSON Resume (schema 1.x) as a site's CV.

Hand-written: no library maps JSON Resume to another CV schema. Real files are messy
(missing fields, extra fields, dates as "2019", "2019-05" or "2019-05-01"), so every item is
converted on its own and validated with our schema's model; an item that does not fit is
listed with its JSON path and reason, never silently dropped. What we have a place for:

- ``basics``: name, label (position), email, phone, url (homepage), summary (interests),
  location (address), GitHub and LinkedIn profiles;
- ``work`` → experience, ``volunteer`` → other experience (summary and highlights as items),
  ``education`` (studyType and area as the degree, score as GPA, courses as items),
  ``awards`` and ``certificates`` → honors, ``skills``, ``languages``, ``interests`` and
  ``projects`` → miscellaneous lines, ``meta.lastModified`` → updated;
- ``publications`` → BibTeX entries in refs.bib with the owner as author (JSON Resume does
  not name co-authors: the report says to add them).

Everything else (``basics.image``, other profiles, ``references``, unknown keys) is listed
as not converted. A day in a date is dropped (the CV shows months), and the report says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import json5
import yaml
from pydantic import BaseModel, ValidationError

from ..atomic import replace_with_backup, write_atomically
from ..cv.load import dotted, load_cv
from ..cv.schema import Education, Honor, Identity, Language, Position, SkillGroup
from ..errors import ScholarsiteError, read_text
from ..text import NOT_ONE_LINE, one_line
from ..urls import is_safe_url
from .report import Report as BaseReport
from .resume_shape import shape

SECTIONS = {"basics", "work", "volunteer", "education", "awards", "certificates",
            "publications", "skills", "languages", "interests", "references", "projects",
            "meta", "$schema"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T.*)?$")


@dataclass
class Report(BaseReport):
    """The shared report, with each JSON Resume section counted: items carried over of those
    found; what is left out is in ``skipped`` by JSON path."""

    carried: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        self.counts |= {name: f"{self.carried[name]} of {self.total[name]} carried over"
                        for name in self.total}
        return super().lines()


def model_problems(model: type[BaseModel], data: dict[str, Any], where: str,
                   ) -> list[tuple[str, str]]:
    """(place, message) of each way ``data`` does not fit ``model`` (importers validate each
    item on its own, so one bad item is reported and left out, not the whole CV)."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [(f"{where}.{dotted(tuple(e['loc']))}" if e["loc"] else where, e["msg"])
                for e in exc.errors()]
    return []


def read_json(path: Path, what: str) -> tuple[Any, str | None]:
    """A JSON file as people write it: strict JSON, else JSON5 (comments, trailing commas,
    single quotes: what hand-edited resume.json files hold, read by the json5 library) with a
    note saying so; a file neither reads is one error naming its line."""
    text = read_text(path, what)
    try:
        try:
            return json.loads(text), None
        except json.JSONDecodeError as strict:
            try:
                return json5.loads(text), (f"{path.name} has comments or trailing commas "
                                           "(JSON5): read as written; strict JSON tools may "
                                           "refuse it")
            except ValueError as exc:
                found = re.match(r"<string>:(\d+) (.*)", str(exc))
                line, message = (found[1], found[2]) if found else (
                    strict.lineno, f"{strict.msg}, column {strict.colno}")
                raise ScholarsiteError(f"{path}:{line}: invalid JSON ({message}): fix the "
                                       "file, or export it again") from None
    except RecursionError:
        raise ScholarsiteError(f"{path}: nested too deeply to be a {what}: fix the file, or "
                               "export it again") from None


def read_resume(path: Path) -> tuple[dict[str, Any], str | None]:
    """The resume and, when it is JSON5 rather than JSON, a note for the report."""
    data, note = read_json(path, "JSON Resume")
    if not isinstance(data, dict) or not isinstance(data.get("basics"), dict):
        raise ScholarsiteError(f"{path}: not a JSON Resume: it needs a \"basics\" object "
                               "(https://jsonresume.org/schema)")
    return data, note


class Converter:
    def __init__(self, path: Path, resume: dict[str, Any]) -> None:
        self.path, self.report = path, Report()
        found: list[str] = []
        shaped = shape(resume, found)
        for line in found:  # values of the wrong type: repaired, or left out
            (self.report.skipped if line.endswith("left out") else self.report.repaired
             ).append(f"{path.name}: {line}")
        self.resume = self.no_file_links(shaped, "")
        self.dropped_days = False

    # ---- helpers
    def skip(self, where: str, why: str) -> None:
        self.report.skipped.append(f"{self.path.name}: {where}: {why}")

    def date(self, value: object, where: str) -> str | None:
        match = _DATE.match(str(value).strip()) if value else None
        if not match:
            if value:
                self.skip(where, f"{value!r} is not a date like 2019, 2019-05 or 2019-05-01")
            return None
        self.dropped_days |= bool(match[3])
        return f"{match[1]}-{match[2]}" if match[2] else match[1]

    def fit(self, model: type[BaseModel], data: dict[str, Any], where: str) -> bool:
        """Whether ``data`` is valid for ``model``; if not, each problem is reported."""
        problems = model_problems(model, data, where)
        for place, message in problems:
            self.skip(place, f"{message}: not converted")
        return not problems

    def keep(self, model: type[BaseModel], item: dict[str, Any], where: str, section: str,
             out: list[dict[str, Any]]) -> None:
        """Add ``item`` to ``out`` and count it, if it fits ``model`` (else it is reported)."""
        if self.fit(model, item, where):
            out.append(item)
            self.report.carried[section] += 1

    def extra(self, item: dict[str, Any], known: set[str], where: str) -> None:
        for key in item:
            if key not in known:
                self.skip(f"{where}.{key}", "no place for it in the CV: not converted")

    def items(self, entry: dict[str, Any]) -> list[str]:
        lines = [entry.get("summary") or entry.get("description") or "",
                 *entry.get("highlights", [])]
        return [str(line).strip() for line in lines if str(line).strip()]

    def each(self, section: str) -> list[tuple[str, dict[str, Any]]]:
        if section not in self.resume:
            return []
        value = self.resume[section] or []
        if not isinstance(value, list):
            self.skip(section, "expected a list: not converted")
            return []
        self.report.total[section] = len(value)
        out = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                out.append((f"{section}[{index}]", item))
            else:
                self.skip(f"{section}[{index}]", "expected an object: not converted")
        return out

    # ---- sections
    def identity(self) -> dict[str, Any]:
        basics = self.resume["basics"]
        self.extra(basics, {"name", "label", "email", "phone", "url", "summary", "location",
                            "profiles", "image"}, "basics")
        work = self.resume.get("work") or [{}]
        position = one_line(basics.get("label") or (work[0].get("position") if work and
                            isinstance(work[0], dict) else None) or "")
        if not basics.get("label"):
            self.report.notes.append("no basics.label: " + (
                f"position set to {position!r} (the latest work entry)" if position else
                "no position shown; add one to docs/cv.yaml if you like"))
        who: dict[str, Any] = {"name": one_line(basics.get("name") or "")}
        if position:
            who["position"] = position
        for key, target in (("email", "email"), ("phone", "phone"), ("url", "homepage")):
            if basics.get(key):
                if self.fit(Identity, {**who, target: basics[key]}, f"basics.{key}"):
                    who[target] = basics[key]
        location = basics.get("location") or {}
        parts = [location.get(k) for k in ("address", "city", "region", "postalCode",
                                            "countryCode") if location.get(k)]
        if parts:
            who["address"] = ", ".join(map(str, parts))
        for index, profile in enumerate(basics.get("profiles") or []):
            network = str(profile.get("network", "")).casefold()
            user = profile.get("username") or str(profile.get("url", "")).rstrip("/") \
                .rsplit("/", 1)[-1]
            if network in {"github", "linkedin"} and user:
                if self.fit(Identity, {**who, network: user}, f"basics.profiles[{index}]"):
                    who[network] = user
            else:
                self.skip(f"basics.profiles[{index}]", f"no place for a {profile.get('network')}"
                          " profile yet: not converted")
        if basics.get("image"):
            self.skip("basics.image", "no place for a photo yet: not converted")
        if not who["name"]:
            raise ScholarsiteError(f"{self.path}: basics.name is empty: a CV needs a name")
        return who

    def positions(self, section: str, organisation: str) -> list[dict[str, Any]]:
        out = []
        for where, entry in self.each(section):
            self.extra(entry, {organisation, "position", "startDate", "endDate", "summary",
                               "highlights", "location", "url", "description"}, where)
            item = {"organization": entry.get(organisation), "role": entry.get("position"),
                    "url": entry.get("url"),
                    "start": self.date(entry.get("startDate"), f"{where}.startDate"),
                    "end": self.date(entry.get("endDate"), f"{where}.endDate") or "present",
                    "items": self.items(entry)}
            if entry.get("location"):
                item["location"] = entry["location"]
            item = {k: v for k, v in item.items() if v not in (None, [])}
            self.keep(Position, item, where, section, out)
        return out

    def education(self) -> list[dict[str, Any]]:
        out = []
        for where, entry in self.each("education"):
            self.extra(entry, {"institution", "url", "area", "studyType", "startDate",
                               "endDate", "score", "courses"}, where)
            degree = " in ".join(str(p) for p in (entry.get("studyType"), entry.get("area"))
                                 if p)
            item: dict[str, Any] = {
                "institution": entry.get("institution"), "degree": degree or "Studies",
                "url": entry.get("url"),
                "start": self.date(entry.get("startDate"), f"{where}.startDate"),
                "end": self.date(entry.get("endDate"), f"{where}.endDate") or "present"}
            if entry.get("score"):
                item["gpa"] = str(entry["score"])
            if entry.get("courses"):  # one item each: cv.json writes items back as courses
                item["items"] = [str(course) for course in entry["courses"] if str(course)]
            item = {k: v for k, v in item.items() if v is not None}
            self.keep(Education, item, where, "education", out)
        return out

    def honors(self) -> list[dict[str, Any]]:
        out = []
        for section, title, issuer in (("awards", "title", "awarder"),
                                       ("certificates", "name", "issuer")):
            for where, entry in self.each(section):
                self.extra(entry, {title, "date", issuer, "summary", "url"}, where)
                for key in ("summary", "url"):
                    if entry.get(key):
                        self.skip(f"{where}.{key}", "no place for it on an honor yet: not "
                                                    "converted")
                item = {"title": entry.get(title), "date": self.date(entry.get("date"),
                                                                     f"{where}.date"),
                        "issuer": entry.get(issuer)}
                item = {k: v for k, v in item.items() if v}
                self.keep(Honor, item, where, section, out)
        return out

    def skills(self) -> list[dict[str, Any]]:
        out = []
        for where, entry in self.each("skills"):
            self.extra(entry, {"name", "level", "keywords"}, where)
            items = [str(k) for k in entry.get("keywords") or []] or [entry.get("level")]
            item = {"category": entry.get("name"), "items": [i for i in items if i]}
            self.keep(SkillGroup, item, where, "skills", out)
        return out

    def languages(self) -> list[dict[str, Any]]:
        out = []
        for where, entry in self.each("languages"):
            self.extra(entry, {"language", "fluency"}, where)
            item = {k: v for k, v in (("language", entry.get("language")),
                                      ("fluency", entry.get("fluency"))) if v}
            self.keep(Language, item, where, "languages", out)
        return out

    def misc(self) -> list[str]:
        lines = []
        for where, entry in self.each("interests"):
            self.extra(entry, {"name", "keywords"}, where)
            keywords = ", ".join(map(str, entry.get("keywords") or []))
            if entry.get("name"):
                lines.append(f"{entry['name']}: {keywords}" if keywords else str(entry["name"]))
                self.report.carried["interests"] += 1
        for where, entry in self.each("projects"):
            self.extra(entry, {"name", "description", "highlights", "url", "startDate",
                               "endDate", "roles", "entity", "type", "keywords"}, where)
            name, url = entry.get("name"), entry.get("url")
            if not name:
                self.skip(where, "a project without a name: not converted")
                continue
            head = f"[{name}]({url})" if url and is_safe_url(url) else str(name)
            lines.append(": ".join([f"**{head}**", *self.items(entry)][:2]))
            self.report.carried["projects"] += 1
        for where, _ in self.each("references"):
            self.skip(where, "references are other people's words about you: not converted")
        return lines

    def bibtex(self, name: str) -> str:
        entries, keys = [], set()
        last = re.sub(r"[^a-z]", "", name.split()[-1].casefold()) or "me"
        for where, entry in self.each("publications"):
            self.extra(entry, {"name", "publisher", "releaseDate", "url", "summary"}, where)
            year = (self.date(entry.get("releaseDate"), f"{where}.releaseDate") or "")[:4]
            if not entry.get("name") or not year:
                self.skip(where, "a publication needs a name and a releaseDate: not converted")
                continue
            word = re.sub(r"[^a-z]", "", str(entry["name"]).split()[0].casefold()) or "paper"
            key = f"{last}{year}{word}"
            while key in keys:
                key += "x"
            keys.add(key)
            fields = {"author": name, "title": entry["name"], "year": year,
                      "howpublished": entry.get("publisher"), "abstract": entry.get("summary")}
            if entry.get("url") and is_safe_url(entry["url"]):
                fields["url"] = entry["url"]
            body = ",\n".join(f"  {k} = {{{_bib(v)}}}" for k, v in fields.items() if v)
            entries.append(f"@misc{{{key},\n{body}\n}}\n")
            self.report.carried["publications"] += 1
        if entries:
            self.report.notes.append("publications: JSON Resume names no co-authors, so "
                                     "refs.bib lists you alone: add your co-authors")
        return "\n".join(entries)

    def convert(self) -> tuple[dict[str, Any], str]:
        for key in self.resume:
            if key not in SECTIONS:
                self.skip(key, "not a JSON Resume section: not converted")
        who = self.identity()
        updated = dt.date.today()
        modified = (self.resume.get("meta") or {}).get("lastModified")
        if modified and (match := re.match(r"(\d{4}-\d{2}-\d{2})", str(modified))):
            try:
                updated = dt.date.fromisoformat(match[1])
            except ValueError:
                self.skip("meta.lastModified", f"{modified!r} is no day of the calendar: "
                                               "today's date used")
        summary = self.resume["basics"].get("summary")
        if not summary:
            self.report.notes.append("no basics.summary: interests are a placeholder; edit "
                                     "docs/cv.yaml")
        cv: dict[str, Any] = {
            "updated": updated, "identity": who,
            "interests": summary or "What I work on, in a sentence or two.",
            "education": self.education(), "experience": self.positions("work", "name"),
            "honors": self.honors(), "other_experience":
                self.positions("volunteer", "organization"),
            "skills": self.skills(), "languages": self.languages(), "misc": self.misc()}
        bib = self.bibtex(who["name"])
        if self.dropped_days:
            self.report.notes.append("dates: days dropped (the CV shows years and months)")
        return {k: v for k, v in cv.items() if v != []}, bib

    def no_file_links(self, value: Any, where: str) -> Any:
        """``value`` with each Markdown link, image or autolink of its texts whose target is
        no web address reduced to its text (reported): a resume comes without the files a
        relative path would name, so such a link could only be broken or point off the site,
        and a script address would cost the whole entry the build's refusal."""
        if isinstance(value, dict):
            return {key: self.no_file_links(item, f"{where}.{key}".lstrip("."))
                    for key, item in value.items()}
        if isinstance(value, list):
            return [self.no_file_links(item, f"{where}[{index}]")
                    for index, item in enumerate(value)]
        if not isinstance(value, str):
            return value

        def text(link: re.Match[str]) -> str:
            target = link["bracketed"] or link["target"] or link["auto"] or ""
            if re.match(r"(https?:|mailto:)", target, re.I):
                return link[0]
            self.report.repaired.append(f"{self.path.name}: {where}: a link to {target[:60]!r}, "
                                        "no web address: its text kept")
            return target if link["auto"] else link["text"]
        return _LINK.sub(text, value)


#: a Markdown link or image, ``[text](target "title")`` (a target may hold balanced
#: parentheses), or an autolink, ``<scheme:...>``
_LINK = re.compile(r"!?\[(?P<text>(?:[^\]\\]|\\.)*)\]\(\s*(?:<(?P<bracketed>[^<>\n]*)>|"
                   r"(?P<target>(?:[^()\s]|\([^()\s]*\))*))(?:\s+\"[^\"]*\")?\s*\)"
                   r"|<(?P<auto>[a-z][a-z0-9+.-]{1,31}:[^<>\s]*)>", re.I)


def _bib(value: object) -> str:
    """Text as a braced BibTeX value that stays text: braces, backslashes and dollars
    escaped; braces kept when they pair up, else dropped (BibTeX counts even escaped ones)."""
    text = str(value)
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", "").replace("}", "")
    return re.sub(r"([{}\\$])", r"\\\1", text)


def cv_yaml(cv: dict[str, Any], source: str, command: str = "import-jsonresume") -> str:
    """The CV as cv.yaml's text, saying where it came from (``source``) and how."""
    source = NOT_ONE_LINE.sub("?", source)  # one comment line
    header = (f"# Imported from {source} by scholarsite {command}.\n"
              "# The one place for every CV fact; see the README's 'The CV data file'.\n")
    return header + yaml.safe_dump(cv, allow_unicode=True, sort_keys=False, width=100)


#: names the templates' example resumes are written for
_EXAMPLES = ("einstein", "your name", "john doe", "richard hendriks")


def site_resume(path: Path, owner: str, report: BaseReport) -> dict[str, Any] | None:
    """The CV from a JSON Resume a site keeps (al-folio's resume.json, academicpages'
    cv.json), or None (reported) when there is none, it does not read, or it is the
    template's example."""
    if not path.is_file():
        return None
    try:
        resume, note = read_json(path, "resume")
        if not isinstance(resume, dict) or not isinstance(resume.get("basics", {}), dict):
            raise ScholarsiteError("not a JSON Resume (no \"basics\" object)")
        example = str(resume.get("basics", {}).get("name") or "")
        if any(name in example.casefold() and name not in owner.casefold()
               for name in _EXAMPLES):
            raise ScholarsiteError(f"the template's example ({example}), not the owner's")
        resume.setdefault("basics", {}).setdefault("name", owner)
        converter = Converter(path, resume)
        cv, _ = converter.convert()
    except ScholarsiteError as exc:
        report.skipped.append(f"{path}: {exc}: not converted; the CV starts from the basics")
        return None
    report.repaired += [note] if note else []
    report.skipped += converter.report.skipped
    return cv


_ENTRY_START = re.compile(r"^@", re.M)
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,")


def _entries(text: str) -> list[tuple[str | None, str]]:
    """The entries of BibTeX text as (key, casefolded; None for @string and the like) and
    their text."""
    return [((found[1].casefold() if (found := _KEY.match(part)) else None), part)
            for part in ("@" + chunk for chunk in _ENTRY_START.split(text)[1:])]


def replace_cv(cv_file: Path, text: str, refs: Path, bib: str, report: BaseReport) -> None:
    """``import-jsonresume --force`` on an existing site: the new CV checked by the build's
    loader before anything is written; cv.yaml and refs.bib replaced whole, each kept as a
    backup first; only publications refs.bib does not hold yet (by key) added, so a second
    import adds nothing twice."""
    load_cv(cv_file, text)
    old = read_text(refs, "bibliography") if refs.is_file() else ""
    have = {key for key, _ in _entries(old) if key}
    entries = _entries(bib)
    new = [part for key, part in entries if key is None or key not in have]
    if len(new) < len(entries):
        report.notes.append(f"{len(entries) - len(new)} publications are in {refs.name} "
                            "already: not added again")
    backups = [replace_with_backup(cv_file, text.encode())]
    if new:
        added = (old.rstrip("\n") + "\n\n" if old.strip() else "") + "".join(new)
        if refs.is_file():
            backups.append(replace_with_backup(refs, added.encode()))
        else:
            write_atomically(refs, added.encode())
    report.notes.append("the files replaced are kept as " +
                        ", ".join(str(path) for path in backups))
