"""BibTeX written back as it was read.

pybtex's Writer LaTeX-encodes every field value on the way out (``_`` becomes ``\\_``, ``%``
becomes ``\\%``, ``\\"o`` loses its backslash), which is right for plain text but corrupts an
entry that was parsed from BibTeX: its values are BibTeX source already, URLs, DOIs and TeX
alike. pybtex has no option for it (only a private method to override), so this module writes
pybtex's layout and quoting itself, values verbatim: a few lines over pybtex's public brace
scanner and name parts.
"""

from __future__ import annotations

from pybtex.bibtex.exceptions import BibTeXError
from pybtex.bibtex.utils import scan_bibtex_string
from pybtex.database import BibliographyData, Person


def _quoted(value: str) -> str:
    """``"value"``, or ``{value}`` when it holds a double quote (as pybtex quotes)."""
    tokens = list(scan_bibtex_string(value))
    if tokens and tokens[-1][1] != 0:
        raise BibTeXError(f"String has unmatched braces: {value}")
    return f'"{value}"' if '"' not in value else f"{{{value}}}"


def _name(person: Person) -> str:
    """``von Last, Jr, First Middle``: every part kept, as pybtex writes names."""
    def join(*parts: str) -> str:
        return " ".join(part for part in parts if part)

    last = person.get_part_as_text("last")
    text = join(person.get_part_as_text("prelast"), last) if last else ""
    if lineage := person.get_part_as_text("lineage"):
        text += f", {lineage}"
    given = join(person.get_part_as_text("first"), person.get_part_as_text("middle"))
    return f"{text}, {given}" if given else text


def to_bibtex(data: BibliographyData) -> str:
    """The entries of ``data`` as BibTeX, each value as its source was written."""
    out = []
    for key, entry in data.entries.items():
        lines = [f"@{entry.original_type}{{{key}"]
        lines += [f",\n    {role} = {_quoted(' and '.join(_name(p) for p in persons))}"
                  for role, persons in entry.persons.items() if persons]
        lines += [f",\n    {name} = {_quoted(value)}" for name, value in entry.fields.items()]
        out.append("".join(lines) + "\n}\n")
    return "\n".join(out)
