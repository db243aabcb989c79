"""The venue registry: each venue described once, every paper there shows its badge.

The file is al-folio's ``_data/venues.yml``, read as it is: keyed by the short name a badge
shows (``ATC``), each with an optional ``url`` and ``color``. scholarsite adds ``name`` (the
full name, for tooltips and where an entry gives none), ``kind`` (conference, journal or
workshop: files the paper under that kind), ``rank`` (``CCF A``, ``CORE A*``), ``acceptance``
(one rate, or one per year) and ``aliases`` (other spellings of the venue in booktitle or
journal). An entry names its venue with al-folio's ``abbr`` field, or is matched: by the full
name or an alias inside its booktitle/journal, else by the short name as a word there.
Hand-written: a lookup over our own data file, with no library that knows venues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict

from ..cv.load import load_data_file
from ..urls import http_url

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def _colour(value: str) -> str:
    if not _HEX.fullmatch(value.strip()):
        raise ValueError(f"colour {value!r} is not a hex colour: write it like \"#00369f\"")
    return value.strip().lower()


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rgb``/``#rrggbb`` colour."""
    digits = colour[1:] if len(colour) == 7 else "".join(c * 2 for c in colour[1:])
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG contrast ratio)."""
    light = _luminance(colour)
    return "#000" if (light + 0.05) / 0.05 > 1.05 / (light + 0.05) else "#fff"


class Venue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    url: Annotated[str, AfterValidator(http_url)] | None = None
    color: Annotated[str, AfterValidator(_colour)] | None = None
    kind: Literal["conference", "journal", "workshop"] | None = None
    rank: str | None = None
    acceptance: str | dict[int, str] | None = None
    aliases: list[str] = []


class _File(BaseModel):
    venues: dict[str, Venue | None]


@dataclass(frozen=True)
class Badge:
    """A paper's venue as its list entry shows it."""

    short: str
    name: str
    url: str
    color: str
    ink: str
    notes: tuple[str, ...]  # rank, the year's acceptance rate
    kind: str | None


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


@dataclass(eq=False)
class Venues:
    """Short names to venues, and the venue of an entry from its ``abbr`` or its text."""

    venues: dict[str, Venue]
    path: Path | None = field(default=None, compare=False)  # a dependency, not content
    _folded: dict[str, str] = field(init=False, compare=False, repr=False)
    _phrases: list[tuple[str, str]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._folded = {short.casefold(): short for short in self.venues}
        phrases = [(_normal(phrase), short) for short, venue in self.venues.items()
                   for phrase in (venue.name or "", *venue.aliases) if _normal(phrase)]
        self._phrases = sorted(phrases, key=lambda pair: -len(pair[0]))

    def find(self, abbr: str, written: str) -> str | None:
        """The short name of the venue named by ``abbr``, else the one ``written`` (the
        booktitle or journal as text) names; None when the registry has none."""
        if abbr:
            return self._folded.get(abbr.casefold())
        text = f" {_normal(written)} "
        for phrase, short in self._phrases:
            if f" {phrase} " in text:
                return short
        return next((short for short in self.venues
                     if re.search(rf"(?<!\w){re.escape(short)}(?!\w)", written)), None)

    def badge(self, abbr: str, written: str, year: int) -> Badge | None:
        """The badge of an entry: from the registry, or al-folio's plain ``abbr`` badge."""
        short = self.find(abbr, written)
        if short is None:
            return Badge(abbr, "", "", "", "", (), None) if abbr else None
        venue = self.venues[short]
        rate = venue.acceptance.get(year) if isinstance(venue.acceptance, dict) \
            else venue.acceptance
        notes = tuple(note for note in (venue.rank, rate and f"acceptance rate {rate}") if note)
        colour = venue.color or ""
        return Badge(short, venue.name or "", venue.url or "", colour,
                     ink(colour) if colour else "", notes, venue.kind)


def load_venues(path: Path) -> Venues:
    """The file if it exists (it is optional); bad entries fail naming file and line."""
    loaded = load_data_file(path, "venues file", _File, "venues",
                            'ATC: {name: ..., url: https://..., color: "#00369f", '
                            "kind: conference}")
    venues = loaded.venues if loaded else {}
    return Venues({str(short): venue or Venue() for short, venue in venues.items()},
                  path if path.is_file() else None)
