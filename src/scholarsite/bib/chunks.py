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

import bisect
import hashlib
import re
from pathlib import Path

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError

#: entries by digest of (command text, macros before it)
Commands = dict[str, list[tuple[str, Entry]]]
#: each file's text as last split in this process, and where its commands start
_SPLIT: dict[Path, tuple[str, list[int]]] = {}

_TOKEN = re.compile(r"[{}]|^[ \t]*@", re.M)
#: an entry command: ``@`` and a type other than pybtex's special commands
_ENTRY = re.compile(r"\s*@\s*(?!(?:string|preamble|comment)\b)\w+", re.I)
#: commands with effects beyond their entries, wherever they stand in the text
_EFFECTS = re.compile(r"@\s*(string|preamble)\b", re.I)


def _starts(text: str, begin: int = 0, until: int | None = None) -> list[int] | None:
    """Where each command starts from ``begin`` (a start: depth 0) on; with ``until`` (an
    old start), only up to it, and ``None`` unless it is a start again (depth 0 there)."""
    starts, depth = [begin], 0
    for match in _TOKEN.finditer(text, begin):
        if until is not None and match.start() >= until:
            return starts if match.start() == until and depth == 0 and \
                match[0] not in "{}" else None
        token = match[0]
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and match.start() > begin:
            starts.append(match.start())
    return starts if until is None else None


def _common(old: str, new: str) -> tuple[int, int]:
    """How many characters the texts share at their start and (apart from that) at their
    end: halving, each step a comparison of slices."""
    low, high = 0, min(len(old), len(new))
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if old[:middle] == new[:middle] else (low, middle - 1)
    prefix, low, high = low, 0, min(len(old), len(new)) - low
    while low < high:
        middle = (low + high + 1) // 2
        same = old[len(old) - middle:] == new[len(new) - middle:]
        low, high = (middle, high) if same else (low, middle - 1)
    return prefix, low


def split_commands(text: str, last: tuple[str, list[int]] | None = None,
                   ) -> tuple[list[str], list[int]]:
    """``text`` cut before each line-starting ``@`` at brace depth 0, and where each piece
    starts. With ``last`` (an earlier text of the file and its starts), only the part around
    what changed is scanned again: an edit in a file of 5,000 entries costs a few commands'
    scan, not the file's (its braces, one by one, take a twentieth of a second)."""
    starts = None
    if last is not None:
        old, old_starts = last
        prefix, suffix = _common(old, text)
        # two commands of margin: a start is found by the characters around it
        before = max(bisect.bisect_left(old_starts, prefix) - 2, 0)
        after = bisect.bisect_right(old_starts, len(old) - suffix) + 1
        if after < len(old_starts):
            shift = len(text) - len(old)
            middle = _starts(text, old_starts[before], old_starts[after] + shift)
            if middle is not None:
                starts = [*old_starts[:before], *middle,
                          *(start + shift for start in old_starts[after:])]
    if starts is None:
        starts = _starts(text)
    assert starts is not None
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)])], starts


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
            text = path.read_text(encoding="utf-8-sig")
            commands, starts = split_commands(text, _SPLIT.get(path))
            _SPLIT[path] = (text, starts)
            for command in commands:
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
