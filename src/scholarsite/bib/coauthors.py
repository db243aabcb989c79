"""Co-authors' homepages: one data file, every list links their names.

The file is al-folio's ``_data/coauthors.yml``, read as it is: keyed by last name (lower case,
no accents), each key a list of people with the first-name forms they publish under and a URL
(an ``affiliation`` may be added). An author of any entry whose last name and one of whose
first-name forms match gets a link; the owner never does. Hand-written because it is a lookup
over our own name folding (:mod:`.names`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pybtex.database import Person
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from ..cv.load import load_data_file
from ..urls import http_url
from .names import fold_name


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Coauthor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    firstname: Annotated[list[str], BeforeValidator(_as_list)]
    url: Annotated[str, AfterValidator(http_url)]
    affiliation: str | None = None


class _File(BaseModel):
    people: dict[str, list[Coauthor]]


@dataclass(eq=False)
class Coauthors:
    """Who is who: a person's homepage from their name, in any form BibTeX writes it."""

    people: dict[str, list[Coauthor]]
    path: Path | None = field(default=None, compare=False)  # a dependency, not content

    def __post_init__(self) -> None:
        self.people = {fold_name(last): entries for last, entries in self.people.items()}

    def url(self, person: Person) -> str:
        last = fold_name(" ".join(person.last_names))
        given = [fold_name(name) for name in (*person.first_names, *person.middle_names)]
        for entry in self.people.get(last, []):
            forms = {fold_name(form.replace(".", " ").split()[0]) if form.strip() else ""
                     for form in entry.firstname}
            if given and (given[0] in forms or any(
                    len(form) == 1 and given[0].startswith(form) for form in forms if form)):
                return entry.url
        return ""


def load_coauthors(path: Path) -> Coauthors:
    """The file if it exists (it is optional); bad entries fail naming file and line."""
    loaded = load_data_file(path, "co-authors file", _File, "people",
                            "lastname: [{firstname: [...], url: https://...}]")
    return Coauthors(loaded.people if loaded else {}, path if path.is_file() else None)
