"""Citation counts of the owner's papers: a small data file the build reads, never the network.

``scholarsite citations update`` (:mod:`scholarsite.counts_fetch`) writes
``docs/citations.yml``; the owner commits it, so every build (CI, Read the Docs) shows the
same counts and never waits on, or fails with, an API. Each paper keeps its count, the
service that gave it and the day it was fetched. Hand-written: a lookup and an h-index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..cv.load import load_data_file

SOURCES = ("OpenAlex", "Semantic Scholar")


class Count(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    count: int = Field(ge=0, strict=True)  # ``true`` is no count (YAML reads it as 1)
    source: Literal["OpenAlex", "Semantic Scholar"]
    fetched: dt.date


class _Papers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    papers: dict[str, Count] = {}


class _File(BaseModel):
    file: _Papers


@dataclass(frozen=True)
class Summary:
    total: int
    h_index: int
    fetched: dt.date  # the oldest fetch among the papers counted
    sources: tuple[str, ...]


@dataclass(eq=False)
class CitationCounts:
    """Counts by citation key."""

    papers: dict[str, Count]
    path: Path | None = field(default=None, compare=False)  # a dependency, not content

    def count(self, key: str) -> Count | None:
        return self.papers.get(key)

    def summary(self, keys: list[str]) -> Summary | None:
        """Total and h-index over ``keys`` (the owner's papers); None without counts."""
        found = [self.papers[key] for key in keys if key in self.papers]
        if not found:
            return None
        counts = sorted((c.count for c in found), reverse=True)
        h_index = sum(1 for rank, count in enumerate(counts, 1) if count >= rank)
        return Summary(sum(counts), h_index, min(c.fetched for c in found),
                       tuple(sorted({c.source for c in found})))


def load_counts(path: Path) -> CitationCounts:
    """The file if it exists (it is optional); a bad entry fails naming file and line."""
    loaded = load_data_file(path, "citation counts file", _File, "file",
                            "papers: {key: {count: 12, source: OpenAlex, fetched: 2024-05-01}}")
    return CitationCounts(loaded.file.papers if loaded else {},
                          path if path.is_file() else None)
