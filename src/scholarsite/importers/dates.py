"""Dates as other templates' front matter writes them, down to what the site shows.

Real pages write ``2019-05-01``, ``2019-05-01T10:00:00+02:00``, ``1/2/2014``, ``07/08/2020``,
``14-Sep`` or only ``year: '2011'``; Jekyll and Hugo also date a file by its name
(``2019-05-01-title.md``). The CV and the bibliography want a year and, when the source says
it plainly, a month: a day-month order that could be read both ways gives the year alone.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^\s*((?:19|20)\d\d)(?:-(\d{1,2}))?(?:-\d{1,2})?(?:[T ].*)?\s*$")
_SLASHED = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\s*$")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_NAMED = re.compile(r"^(\d{4})-(\d{2})-\d{2}-")


def when(value: object, file_name: str = "") -> tuple[int, int | None] | None:
    """(year, month or None) from a front-matter value, else from a dated file name."""
    if isinstance(value, dt.date):
        return value.year, value.month
    text = str(value or "")
    month: int | None
    if iso := _ISO.match(text):
        month = int(iso[2]) if iso[2] and 1 <= int(iso[2]) <= 12 else None
        return int(iso[1]), month
    if slashed := _SLASHED.match(text):
        first, second = int(slashed[1]), int(slashed[2])
        month = second if first > 12 >= second else first if second > 12 >= first else None
        return int(slashed[3]), month
    named = _NAMED.match(file_name)
    if named and not _YEAR.search(text):
        return int(named[1]), int(named[2]) if 1 <= int(named[2]) <= 12 else None
    year = _YEAR.search(text)
    return (int(year[1]), None) if year else None


def iso(found: tuple[int, int | None]) -> str:
    """As the CV writes a date: ``2019-05`` or ``2019``."""
    return f"{found[0]:04d}-{found[1]:02d}" if found[1] else f"{found[0]:04d}"


def is_day(text: str) -> bool:
    """Whether ``YYYY-MM-DD`` is a day of the calendar (sites write 2020-02-31)."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
