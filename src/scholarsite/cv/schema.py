"""The CV data file's schema.

pydantic validates the owner's YAML into immutable models; every view (CV page, home page,
research and teaching pages) reads these models and never the file. Unknown keys are errors
(``extra="forbid"``) so a misspelt field fails the build instead of vanishing from the site.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from ..markup import unsafe_links
from ..text import NOT_ONE_LINE
from ..urls import http_url, is_site_file, safe_url
from .profiles import NETWORKS, Profile, profile_url

#: Month abbreviations as academic CVs write them (the seed writes "Sept.").
MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.",
          "Jul.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")

SECTION_NAMES = (
    "interests", "education", "experience", "publications", "talks", "honors", "services",
    "teaching", "other_experience", "skills", "languages", "misc",
)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, or a year and month: CVs rarely know the day."""

    year: int
    month: int | None = None

    def __str__(self) -> str:
        return f"{MONTHS[self.month - 1]} {self.year}" if self.month else str(self.year)

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


def _parse_date(value: object) -> object:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and (match := _DATE_RE.match(value.strip())):
        month = int(match[2]) if match[2] else None
        if month is None or 1 <= month <= 12:
            return PartialDate(int(match[1]), month)
    raise ValueError(f"expected a date like 2019 or 2019-05, got {value!r}")


ONGOING = frozenset({"present", "now", "current", "today", "ongoing"})


def _parse_end(value: object) -> object:
    """An end date, or a word for "still going" (written present, now, current...)."""
    if isinstance(value, str) and value.strip().casefold() in ONGOING:
        return "present"
    try:
        return _parse_date(value)
    except ValueError:
        raise ValueError(f"expected a date like 2019 or 2019-05, or present, got {value!r}"
                         ) from None


#: "2015 - now", "2015-2017", "2019-05 – 2020-01" (but not "2023-05", a year and a month)
_PERIOD = re.compile(r"^\s*(\d{4}(?:-\d{1,2})?)\s*(?:-|–|—|to)\s*"
                     r"(\d{4}(?:-\d{1,2})?|[A-Za-z]+)\s*$")


def _split_period(data: object, start: str) -> object:
    """``start: 2015 - now`` (a period in one field, as al-folio CVs write it) read as
    ``start: 2015`` and ``end: now``."""
    if isinstance(data, dict) and "end" not in data and isinstance(data.get(start), str):
        if match := _PERIOD.match(data[start]):
            return {**data, start: match[1], "end": match[2]}
    return data


Date = Annotated[PartialDate, BeforeValidator(_parse_date)]
End = Annotated[Literal["present"] | PartialDate, BeforeValidator(_parse_end)]
Url = Annotated[str, AfterValidator(safe_url)]
def check_text(value: str) -> str:
    """Text fields hold inline Markdown: not blank, and every link in them allowed."""
    if not value.strip():
        raise ValueError("is blank: write the text, or remove the field")
    if bad := unsafe_links(value):
        raise ValueError(f"links to {bad[0]!r}: only http(s), mailto and relative URLs are "
                         "allowed")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(check_text)]


def _one_line(value: str) -> str:
    if NOT_ONE_LINE.search(value):
        raise ValueError("holds a line break or control character: write it on one line")
    return value


#: a name: inline text on one line (it is a heading, a title, a PDF's author)
Line = Annotated[str, Field(min_length=1), AfterValidator(check_text), AfterValidator(_one_line)]

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TERM_RE = re.compile(r"^(Spring|Summer|Fall|Autumn|Winter) \d{4}$")


def _email(value: str) -> str:
    if not _EMAIL_RE.match(value):
        raise ValueError(f"expected an e-mail address like name@example.org, got {value!r}")
    return value


def _term(value: str) -> str:
    if not _TERM_RE.match(value):
        raise ValueError(f"expected a term like 'Spring 2024' or 'Fall 2023', got {value!r}")
    return value


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _check_order(start: PartialDate, end: object) -> None:
    if isinstance(end, PartialDate) and (end.year, end.month or 12) < (start.year,
                                                                         start.month or 1):
        raise ValueError(f"ends ({end}) before it starts ({start}): swap the dates or fix one")


class _Period(Model):
    """A start and an optional end, checked in order; the period may be written in the
    start field alone ("2015 - now"). Subclasses name their start field."""

    start_field: ClassVar[str] = "start"

    @model_validator(mode="before")
    @classmethod
    def _one_field_period(cls, data: object) -> object:
        return _split_period(data, cls.start_field)

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        _check_order(getattr(self, self.start_field), getattr(self, "end", None))
        return self


class Dated(_Period):
    """Something that happened over a period (``start`` .. ``end``) or at one date."""

    start: Date
    end: End | None = None

    @property
    def period(self) -> str:
        if self.end is None:
            return str(self.start)
        end = "Present" if self.end == "present" else str(self.end)
        return f"{self.start} – {end}"


def _number_as_text(value: object) -> object:
    """An id YAML read as a number (``semantic_scholar: 1741101``) as the text written."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _profile(key: str) -> object:
    """An id or URL of a profile on network ``key``, checked by :mod:`.profiles`."""
    def check(value: str) -> str:
        profile_url(key, value)
        return value.strip()
    return Annotated[str, BeforeValidator(_number_as_text), AfterValidator(check)] | None


def _bio(value: str) -> str:
    """Paragraphs, emphasis, links and roles such as {cite}; no directives, which could
    include files or raw HTML into the home page (a bio may come from an imported site)."""
    if match := re.search(r"^[ \t]*(`{3,}|~{3,}|:{3,})[ \t]*\{([^}]*)\}", value, re.M):
        raise ValueError(f"directive {{{match[2]}}} is not allowed in the bio: write "
                         "paragraphs, emphasis, links and roles like {cite}`key`")
    return value


def _photo(value: str) -> str:
    if not is_site_file(value) or ".." in value.split("/"):
        raise ValueError(f"expected an image file of the site relative to the CV's folder, like "
                         f"images/me.jpg, got {value!r}")
    return value


class Identity(Model):
    name: Line
    native_name: Line | None = None
    position: Line | None = None  # optional: an imported CV may not state one
    department: str | None = None
    university: str | None = None
    address: str | None = None
    office: str | None = None
    email: Annotated[str, AfterValidator(_email)] | None = None
    phone: str | None = None
    homepage: Annotated[Url, AfterValidator(http_url)] | None = None
    notes_site: Annotated[Url, AfterValidator(http_url)] | None = None
    photo: Annotated[str, AfterValidator(_photo)] | None = None
    photo_alt: str | None = None  # default: the owner's name
    bio: Annotated[Text, AfterValidator(_bio)] | None = None  # MyST, on the home page
    github: _profile("github") = None  # type: ignore[valid-type]
    linkedin: _profile("linkedin") = None  # type: ignore[valid-type]
    google_scholar: _profile("google_scholar") = None  # type: ignore[valid-type]
    orcid: _profile("orcid") = None  # type: ignore[valid-type]
    dblp: _profile("dblp") = None  # type: ignore[valid-type]
    semantic_scholar: _profile("semantic_scholar") = None  # type: ignore[valid-type]
    x: _profile("x") = None  # type: ignore[valid-type]
    bluesky: _profile("bluesky") = None  # type: ignore[valid-type]
    mastodon: _profile("mastodon") = None  # type: ignore[valid-type]

    @property
    def profiles(self) -> list[Profile]:
        """The profiles given, in :data:`.profiles.NETWORKS` order."""
        return [Profile(network, value, profile_url(network.key, value))
                for network in NETWORKS if (value := getattr(self, network.key))]


def _item(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


class Item(Model):
    """One bullet: inline Markdown text, the papers it is about, and extra links."""

    text: Text
    papers: list[Text] = []
    links: dict[str, Url] = {}


Items = list[Annotated[Item, BeforeValidator(_item)]]


#: a web page for a school, a position, a project or a teaching role
Link = Annotated[Url, AfterValidator(http_url)] | None


class Education(Dated):
    institution: Text
    url: Link = None
    short: str | None = None
    unit: str | None = None
    degree: Text
    advisor: str | None = None
    class_: str | None = Field(None, alias="class")
    gpa: str | None = None
    items: Items = []


class Project(Model):
    title: Text
    url: Link = None
    items: Items = []


class Position(Dated):
    """A job, internship, club or camp; the same shape serves both experience sections."""

    organization: Text
    url: Link = None
    short: str | None = None
    location: str | None = None
    role: Text
    unit: str | None = None
    mentor: str | None = None
    advisor: str | None = None
    coach: str | None = None
    items: Items = []
    projects: list[Project] = []

    @property
    def people(self) -> list[tuple[str, str]]:
        """The supervisors as (role, name), in the order a CV lists them."""
        pairs = [("Advisor", self.advisor), ("Mentor", self.mentor), ("Coach", self.coach)]
        return [(label, name) for label, name in pairs if name]


class Honor(_Period):
    start_field: ClassVar[str] = "date"

    title: Text
    date: Date
    end: End | None = None
    issuer: str | None = None

    @property
    def when(self) -> str:
        return Dated(start=self.date, end=self.end).period


class Talk(Model):
    """A talk given: what, where (the event and its place), when; the slides or recording."""

    title: Text
    event: Text | None = None
    location: str | None = None
    date: Date
    url: Link = None

    @property
    def where(self) -> str:
        return ", ".join(part for part in (self.event, self.location) if part)


class Venue(Model):
    name: Text
    years: list[int] = Field(min_length=1)


class Service(Model):
    role: Text
    venues: list[Venue] = Field(min_length=1)


class Course(Model):
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")]
    title: Text
    terms: list[Annotated[str, AfterValidator(_term)]] = Field(min_length=1)

    @property
    def slug(self) -> str:
        """The course page's name under ``teaching/``."""
        return self.code.lower()


class Teaching(Model):
    institution: Text
    url: Link = None
    role: Text
    department: str | None = None
    courses: list[Course] = Field(min_length=1)


class SkillGroup(Model):
    category: Text
    items: list[Text] = Field(min_length=1)


class Language(Model):
    language: Text
    fluency: Text | None = None

    @property
    def text(self) -> str:
        return f"{self.language} ({self.fluency})" if self.fluency else self.language


class CustomSection(Model):
    """A section of the owner's own (Invited Talks, Patents, ...): a title and items."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]  # how `sections` names it
    title: Text
    items: Items = []


def _sections(names: list[str], info: ValidationInfo) -> list[str]:
    """The order of the CV's sections: built-in names and custom sections' ids, each once."""
    allowed = [*SECTION_NAMES, *(c.id for c in info.data.get("custom", []))]
    for name in names:
        if name not in allowed:
            raise ValueError(f"{name!r} is not a section: use {', '.join(allowed)}")
    twice = next((name for i, name in enumerate(names) if name in names[:i]), None)
    if twice:
        raise ValueError(f"{twice!r} is listed twice: list each section once")
    return names


class CV(Model):
    """The whole CV data file."""

    updated: dt.date
    identity: Identity
    interests: Text
    custom: list[CustomSection] = []  # before `sections`, which may name them
    sections: Annotated[list[str], AfterValidator(_sections)] = list(SECTION_NAMES)
    education: list[Education] = []
    experience: list[Position] = []
    talks: list[Talk] = []
    honors: list[Honor] = []
    services: list[Service] = []
    teaching: list[Teaching] = []
    other_experience: list[Position] = []
    skills: list[SkillGroup] = []
    languages: list[Language] = []
    misc: list[Text] = []

    @model_validator(mode="before")
    @classmethod
    def _custom_last_by_default(cls, data: object) -> object:
        if isinstance(data, dict) and "sections" not in data and data.get("custom"):
            ids = [c.get("id") for c in data["custom"] if isinstance(c, dict)]
            return {**data, "sections": [*SECTION_NAMES, *(i for i in ids if i)]}
        return data

    def custom_section(self, name: str) -> CustomSection | None:
        return next((section for section in self.custom if section.id == name), None)

    def courses(self) -> list[tuple[Teaching, Course]]:
        return [(group, course) for group in self.teaching for course in group.courses]

    def course(self, code: str) -> tuple[Teaching, Course] | None:
        wanted = code.lower()
        return next((pair for pair in self.courses() if pair[1].slug == wanted), None)

    def cited_papers(self) -> list[tuple[str, tuple[str | int, ...]]]:
        """Every bib key a CV item cites, with its location in the file (for error messages)."""
        found: list[tuple[str, tuple[str | int, ...]]] = []

        def scan(items: list[Item], loc: tuple[str | int, ...]) -> None:
            for i, item in enumerate(items):
                found.extend((key, (*loc, i, "papers", k)) for k, key in enumerate(item.papers))

        for name in ("experience", "other_experience"):
            for p, pos in enumerate(getattr(self, name)):
                scan(pos.items, (name, p, "items"))
                for j, proj in enumerate(pos.projects):
                    scan(proj.items, (name, p, "projects", j, "items"))
        for e, edu in enumerate(self.education):
            scan(edu.items, ("education", e, "items"))
        for c, section in enumerate(self.custom):
            scan(section.items, ("custom", c, "items"))
        return found
