"""A reading note's front matter, validated.

Everything is optional: a note may be a bare MyST file. Missing facts are derived when the
note is collected (title from the first heading, venue and year from the cited paper). Keys
that Sphinx, MyST or furo read themselves are allowed beside ours; anything else is an error,
so a misspelt ``tgas:`` fails the build instead of silently dropping the tags.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

#: Front matter keys other tools read (Sphinx file-wide metadata, MyST, furo, OpenGraph).
FOREIGN_KEYS = frozenset({"orphan", "nocomments", "nosearch", "tocdepth", "hide-toc",
                          "hide-navigation", "html_meta", "myst", "substitutions",
                          "description", "og:description", "og:title", "og:image",
                          "ogp_disable", "jupytext", "kernelspec"})


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _as_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


class NoteMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = None
    paper: Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_as_list)] = []
    tags: Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_as_list)] = []
    venue: str | None = None
    year: int | None = None
    status: Literal["to-read", "reading", "read"] | None = None
    date: Annotated[dt.date | None, BeforeValidator(_as_date)] = None
    summary: str | None = None
