"""Parsing .bib files command by command, reusing the commands that did not change.

pybtex parses a whole file or nothing: at 5,000 entries that is over two seconds, most of a
rebuild after editing one entry. A file is a sequence of commands (``@article{...}``,
``@string{...}``); each entry's parse depends only on its own text and on the ``@string``
macros defined before it. So the files are split at each ``@`` that starts a line outside
braces, and an entry command whose text and preceding macros are unchanged takes the entries
it gave last time (:class:`Commands`); the rest go through pybtex's own parser, with the
macros carried from command to command as in one parse.

Anything unusual (a command that fails to parse, a repeated key) returns ``None``: the
caller then parses the files whole, and pybtex's error, with its line, is reported as usual.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError

#: entries by digest of (command text, macros before it)
Commands = dict[str, list[tuple[str, Entry]]]

_TOKEN = re.compile(r"[{}]|^[ \t]*@", re.M)
#: an entry command: ``@`` and a type other than pybtex's special commands
_ENTRY = re.compile(r"\s*@\s*(?!(?:string|preamble|comment)\b)\w+", re.I)
#: commands with effects beyond their entries, wherever they stand in the text
_EFFECTS = re.compile(r"@\s*(string|preamble)\b", re.I)


def split_commands(text: str) -> list[str]:
    """``text`` cut before each line-starting ``@`` at brace depth 0."""
    starts, depth = [0], 0
    for match in _TOKEN.finditer(text):
        token = match[0]
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and match.start() > 0:
            starts.append(match.start())
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)])]


def parse_reusing(paths: tuple[Path, ...], previous: Commands,
                  current: Commands) -> BibliographyData | None:
    """The files parsed in order as pybtex would, taking unchanged entry commands from
    ``previous``; every entry command's result is put in ``current``. ``None`` when
    something needs pybtex's whole-file parse to be reported.

    The macros before a command are named by a digest of every text defining macros before
    it, so an edited macro parses every entry after it again; text that defines macros or a
    preamble is always parsed."""
    data = BibliographyData()
    parser = Parser(encoding="UTF-8")  # one parser: its macros carry over, as in one parse
    macros = hashlib.sha256()
    try:
        for path in paths:
            parser.filename = str(path)
            for command in split_commands(path.read_text(encoding="utf-8-sig")):
                effects = {found.lower() for found in _EFFECTS.findall(command)}
                digest = hashlib.sha256(f"{macros.hexdigest()}\0{command}".encode()).hexdigest()
                if not effects and _ENTRY.match(command) and digest in previous:
                    entries = previous[digest]
                else:
                    parser.data = BibliographyData()
                    parsed = parser.parse_string(command)
                    entries = list(parsed.entries.items())
                    for preamble in parsed.preamble_list:
                        data.add_to_preamble(preamble)
                    if "string" in effects:
                        macros.update(command.encode())
                if entries:
                    current[digest] = entries
                for key, entry in entries:
                    data.add_entry(key, entry)
    except (PybtexError, UnicodeDecodeError):
        return None
    return data
