"""Reading the configured .bib files into one pybtex ``BibliographyData``.

The files are parsed in the configured order by one pybtex parser, so ``@string`` macros of
an earlier file serve later ones. pybtex errors know the entry but rarely the line, so they are
re-raised as :class:`~scholarsite.errors.ScholarsiteError` with the file and, where it can be
found, the line of the offending entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from ..errors import ScholarsiteError, located


def line_of_key(path: Path, key: str) -> int | None:
    pattern = re.compile(r"@\w+\s*[{(]\s*" + re.escape(key) + r"\s*,")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.search(line):
            return number
    return None


@dataclass(frozen=True)
class Bibliography:
    """All entries of the configured files, and the file each entry came from."""

    data: BibliographyData
    source: dict[str, Path]


def load_bibliography(paths: list[Path]) -> Bibliography:
    """Parse ``paths`` in order; raise :class:`ScholarsiteError` naming file and line."""
    parser = Parser(encoding="UTF-8")
    source: dict[str, Path] = {}
    for path in paths:
        if not path.is_file():
            raise ScholarsiteError(
                f"{path}: bibliography file not found: fix bibtex_bibfiles in conf.py")
        try:
            parser.parse_file(str(path))
        except PybtexSyntaxError as exc:
            raise ScholarsiteError(located(path, exc.lineno, f"BibTeX syntax error: {exc.message}"
                                           "; fix the entry")) from None
        except PybtexError as exc:
            key = re.search(r"entry:? (\S+)", str(exc))
            line = line_of_key(path, key[1]) if key else None
            raise ScholarsiteError(located(path, line, f"{exc}; fix or remove the entry")) from None
        source.update((key, path) for key in parser.data.entries if key not in source)
    return Bibliography(parser.data, source)
