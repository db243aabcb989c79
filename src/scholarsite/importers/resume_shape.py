"""A JSON Resume brought to the schema's shape before it is converted, each repair reported.

People write JSON Resume by hand and by a dozen exporters: ``location`` as one string,
``profiles`` or ``work`` as one object instead of a list, ``highlights`` as one sentence, a
name that is a number, ``NaN``. The converter reads the schema's shape; anything else made it
fail or read a sentence letter by letter. Here every value the schema names is checked
against its type and either repaired where the intent is plain (a string where a list of
strings goes becomes a one-item list; one object where a list goes, a list of it; a number
where text goes, its digits; a location string, the address) or left out, each with its JSON
path. Hand-written rather than a pydantic model: a model refuses the whole document on the
first wrong value, where an import should carry over everything else and say what it could
not.
"""

from __future__ import annotations

import math
from typing import Any

#: the schema's shape (https://jsonresume.org/schema, 1.x): str for text, a dict for an
#: object, a one-element list for a list of that
_DATED = {"startDate": str, "endDate": str, "summary": str, "highlights": [str], "url": str}
SHAPE: dict[str, Any] = {
    "basics": {"name": str, "label": str, "image": str, "email": str, "phone": str,
               "url": str, "summary": str,
               "location": {"address": str, "postalCode": str, "city": str,
                            "countryCode": str, "region": str},
               "profiles": [{"network": str, "username": str, "url": str}]},
    "work": [{"name": str, "position": str, "location": str, "description": str, **_DATED}],
    "volunteer": [{"organization": str, "position": str, **_DATED}],
    "education": [{"institution": str, "url": str, "area": str, "studyType": str,
                   "startDate": str, "endDate": str, "score": str, "courses": [str]}],
    "awards": [{"title": str, "date": str, "awarder": str, "summary": str}],
    "certificates": [{"name": str, "date": str, "url": str, "issuer": str}],
    "publications": [{"name": str, "publisher": str, "releaseDate": str, "url": str,
                      "summary": str}],
    "skills": [{"name": str, "level": str, "keywords": [str]}],
    "languages": [{"language": str, "fluency": str}],
    "interests": [{"name": str, "keywords": [str]}],
    "references": [{"name": str, "reference": str}],
    "projects": [{"name": str, "description": str, "entity": str, "type": str,
                  "roles": [str], "keywords": [str], **_DATED}],
    "meta": {"canonical": str, "version": str, "lastModified": str},
}


def shape(resume: dict[str, Any], report: list[str]) -> dict[str, Any]:
    """``resume`` in the schema's shape; ``report`` gets one line per repair or value left
    out (``path: what happened``). Keys the schema does not name are kept as they are (the
    converter reports them)."""
    return _object(resume, SHAPE, "", report)


def _object(value: dict[str, Any], fields: dict[str, Any], path: str,
            report: list[str]) -> dict[str, Any]:
    out = {}
    for key, item in value.items():
        where = f"{path}.{key}" if path else key
        if key not in fields or item is None:
            out[key] = item
            continue
        fixed = _value(item, fields[key], where, report)
        if fixed is not _GONE:
            out[key] = fixed
    return out


_GONE = object()


def _value(value: Any, kind: Any, where: str, report: list[str]) -> Any:
    if kind is str:
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool) and \
                math.isfinite(value):
            report.append(f"{where}: the number {value!r} read as text")
            return str(value)
        report.append(f"{where}: {_what(value)} where text goes: left out")
        return _GONE
    if isinstance(kind, dict):
        if isinstance(value, dict):
            return _object(value, kind, where, report)
        if isinstance(value, str) and "address" in kind:  # "location": "Paris, France"
            report.append(f"{where}: one string read as the address")
            return {"address": value}
        report.append(f"{where}: {_what(value)} where an object goes: left out")
        return _GONE
    item = kind[0]
    if isinstance(value, list):
        items = [_value(element, item, f"{where}[{index}]", report)
                 for index, element in enumerate(value)]
        return [element for element in items if element is not _GONE]
    if isinstance(value, dict) and isinstance(item, dict) or \
            isinstance(value, str) and item is str:
        report.append(f"{where}: one {'object' if isinstance(value, dict) else 'string'} "
                      "where a list goes: read as a list of it")
        fixed = _value(value, item, f"{where}[0]", report)
        return [] if fixed is _GONE else [fixed]
    report.append(f"{where}: {_what(value)} where a list goes: left out")
    return _GONE


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"the number {value!r}"
    return {dict: "an object", list: "a list", str: "a string"}.get(
        type(value), f"the value {value!r}")
