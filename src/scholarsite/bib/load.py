"""Reading the configured .bib files into one validated bibliography.

pybtex parses; this module adds what a site needs and pybtex leaves out:

- files are parsed in the configured order by one parser, so ``@string`` macros of an earlier
  file serve later ones; ``@preamble`` macro definitions feed the TeX reader;
- ``crossref`` is resolved (fields and editors inherited, a parent's ``title`` becoming the
  child's ``booktitle``), which pybtex does not do for data access;
- every entry is checked (known type, required fields after inheritance, crossref target), and
  every problem is reported with its file and line, all at once, with what to do.

The parsed entries are never changed: an entry that inherits (or whose type is renamed) is a
copy. So a warm process can keep the parsed commands (:mod:`.cache`) and the last bibliography,
and after an edit take each unchanged entry's check and digest from the last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from ..errors import ScholarsiteError, located, read_text
from .tex import MacroError, TeX

#: BibTeX's and biblatex's entry types; ``@conference`` is read as ``@inproceedings``.
KNOWN_TYPES = frozenset({
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings",
    "manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
    "online", "electronic", "www", "thesis", "report", "collection", "mvbook", "mvcollection",
    "periodical", "suppbook", "suppcollection", "dataset", "software", "patent", "reference",
    "inreference", "mvproceedings", "bookinbook",
})
#: Types whose author is required (BibTeX's rules); book-like types accept an editor instead.
NEEDS_AUTHOR = frozenset({"article", "inproceedings", "conference", "incollection",
                          "phdthesis", "mastersthesis", "techreport", "unpublished", "thesis",
                          "report"})
NEEDS_AUTHOR_OR_EDITOR = frozenset({"book", "inbook", "mvbook"})
#: Child types that take a cross-referenced parent's title as their booktitle.
#: Fields that identify or locate the parent itself, never its parts: a chapter does not
#: share its proceedings volume's DOI, arXiv id, links, pages or abstract.
NOT_INHERITED = frozenset({"crossref", "key", "title", "doi", "url", "eprint", "archiveprefix",
                           "primaryclass", "pages", "abstract", "pdf", "code", "slides", "video",
                           "poster", "trace", "project", "selected", "equal", "award",
                           "artifact", "ids"})
BOOKTITLE_CHILDREN = frozenset({"inproceedings", "conference", "incollection", "inbook",
                                "bookinbook", "suppbook", "suppcollection"})

#: The deepest brace nesting a field may have: real titles nest three or four levels; the TeX
#: reader recurses per level, so a pathological field must fail here, with its line.
MAX_BRACE_DEPTH = 32
_DOLLAR = re.compile(r"(?<!\\)\$")
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]*)[ \t]*,", re.M)


@dataclass(frozen=True)
class Place:
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Bibliography:
    """All entries of the configured files, where each was written, and the TeX reader."""

    data: BibliographyData
    places: dict[str, Place]
    tex: TeX
    files: tuple[Path, ...]
    #: per-entry digests (``publications.entry_digest``), pickled with the bibliography
    digests: dict[str, str] = field(default_factory=dict, compare=False)
    #: the entries in a plain dict, in order: going through pybtex's case-insensitive one
    #: takes a Python call per item (5,000 entries: a hundredth of a second a pass)
    by_key: dict[str, Entry] = field(default_factory=dict, compare=False)

    def place(self, key: str) -> Place:
        return self.places[key]

    def entry_count_in_files(self) -> int:
        """Entries as written in the files (``@string``/``@preamble``/``@comment`` aside)."""
        return sum(1 for _ in _scan_all(self.files))


def _scan(path: Path) -> list[tuple[str, str, int]]:
    """(type, key, line) of every entry in one file, from the text itself."""
    text = path.read_text(encoding="utf-8", errors="replace")
    found = []
    line, counted = 1, 0
    for match in _ENTRY_START.finditer(text):
        line += text.count("\n", counted, match.start(1))
        counted = match.start(1)
        kind = match[1].lower()
        if kind not in {"string", "preamble", "comment"}:
            found.append((kind, match[2], line))
    return found


def _scan_all(paths: tuple[Path, ...]) -> list[tuple[str, str, Path, int]]:
    return [(kind, key, path, line) for path in paths for kind, key, line in _scan(path)]


def parse_files(paths: tuple[Path, ...]) -> BibliographyData:
    parser = Parser(encoding="UTF-8")
    for path in paths:
        if not path.is_file():
            raise ScholarsiteError(
                f"{path}: bibliography file not found: fix bibtex_bibfiles in conf.py")
        text = read_text(path, "bibliography file")  # not UTF-8: names the line
        try:
            parser.parse_string(text)
        except PybtexSyntaxError as exc:
            hint = ("check the braces and quotes of the entry above this line (every { needs "
                    "its }), and the commas between fields")
            if "undefined string" in str(exc):
                hint = ("define it with @string{name = {...}} in this or an earlier file of "
                        "bibtex_bibfiles, or put the value in braces")
            message = re.sub(r"^syntax error in line \d+: ", "", str(exc))
            raise ScholarsiteError(located(path, exc.lineno, f"{message}: {hint}")) from None
        except PybtexError as exc:
            repeated = re.match(r"repeated bibliography entry: (.+)", str(exc))
            if not repeated:
                raise ScholarsiteError(f"{path}: {exc}") from None
            key = repeated[1].strip()
            places = [(p, line) for _, k, p, line in _scan_all(paths)
                      if k.lower() == key.lower()]
            first, again = places[0], places[-1]
            message = (f"duplicate key {key!r}, first used at {first[0]}:{first[1]}: rename one "
                       "of the two entries or remove the copy")
            raise ScholarsiteError(located(again[0], again[1], message)) from None
    return parser.data


def _inherit(child: Entry, parent: Entry) -> None:
    if child.type in BOOKTITLE_CHILDREN and "booktitle" not in child.fields \
            and "title" in parent.fields:
        child.fields["booktitle"] = parent.fields["title"]
    for name, value in parent.fields.items():
        if name.lower() not in NOT_INHERITED and name not in child.fields:
            child.fields[name] = value
    if "title" not in child.fields and "title" in parent.fields:
        child.fields["title"] = parent.fields["title"]
    for role, persons in parent.persons.items():
        if role not in child.persons:
            child.persons[role] = list(persons)


def _depth(value: str) -> int:
    depth = deepest = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def _field_problems(key: str, entry: Entry) -> list[str]:
    problems = []
    for name, value in entry.fields.items():
        if value.count("{") > MAX_BRACE_DEPTH and _depth(value) > MAX_BRACE_DEPTH:
            problems.append(f"entry {key!r}: field {name!r} nests braces more than "
                            f"{MAX_BRACE_DEPTH} deep: remove the extra braces")
        if name.lower() in {"title", "booktitle", "journal"} and len(_DOLLAR.findall(value)) % 2:
            problems.append(f"entry {key!r}: field {name!r} has a $ that opens math but none "
                            "that closes it: add the closing $, or write \\$ for a dollar sign")
    return problems


def _crossref_loop(key: str, lower: dict[str, Entry]) -> list[str] | None:
    """The chain of crossrefs from ``key`` if it comes back to an entry already in it."""
    chain, current = [key], lower.get(key.lower())
    while current is not None and (target := current.fields.get("crossref", "").strip()):
        if target.lower() in {k.lower() for k in chain}:
            return [*chain, target]
        chain.append(target)
        current = lower.get(target.lower())
    return None


def entry_problems(key: str, entry: Entry) -> list[str]:
    """What the build refuses in one entry (unknown type, missing fields, braces, math)."""
    problems = _field_problems(key, entry)
    if entry.type not in KNOWN_TYPES:
        problems.append(f"entry {key!r} has unknown type @{entry.type}: use a BibTeX type "
                        "such as @article, @inproceedings, @book or @misc")
    missing = [name for name in ("title",) if not entry.fields.get(name, "").strip()]
    if not (entry.fields.get("year", "").strip() or entry.fields.get("date", "").strip()):
        missing.append("year")
    if entry.type in NEEDS_AUTHOR and "author" not in entry.persons:
        missing.append("author")
    if entry.type in NEEDS_AUTHOR_OR_EDITOR and not entry.persons:
        missing.append("author or editor")
    if missing:
        problems.append(f"entry {key!r} (@{entry.type}) lacks {', '.join(missing)}: add "
                        f"{'it' if len(missing) == 1 else 'them'}")
    return problems


def _copy(entry: Entry) -> Entry:
    copy = Entry(entry.original_type, fields=list(entry.fields.items()),
                 persons=[(role, list(people)) for role, people in entry.persons.items()])
    copy.key = entry.key
    return copy


def load_bibliography(paths: list[Path], parsed: BibliographyData | None = None,
                      previous: Bibliography | None = None) -> Bibliography:
    """Parse ``paths`` in order (unless ``parsed`` holds their parse), resolve crossrefs and
    check every entry. An entry of ``parsed`` that is the very object ``previous`` (a
    bibliography loaded before) held under its key is not checked again, and keeps its digest.

    Raises :class:`ScholarsiteError` listing each problem as ``file:line: problem: fix``.
    """
    files = tuple(paths)
    parsed = parse_files(files) if parsed is None else parsed
    places: dict[str, Place] = {}
    for _, key, path, line in _scan_all(files):
        places.setdefault(key.lower(), Place(path, line))
    place_of = {key: places.get(key.lower(), Place(files[-1], 0)) for key in parsed.entries}
    lower = {key.lower(): entry for key, entry in parsed.entries.items()}
    seen, known = (previous.by_key, previous.digests) if previous else ({}, {})

    problems: list[str] = []
    data = BibliographyData(preamble=parsed.preamble_list)
    digests: dict[str, str] = {}
    by_key: dict[str, Entry] = {}
    for key, entry in parsed.entries.items():
        target = entry.fields.get("crossref", "").strip()
        if target and (loop := _crossref_loop(key, lower)):
            problems.append(located(place_of[key].path, place_of[key].line,
                                    f"entry {key!r}: crossref goes round in a loop "
                                    f"({' -> '.join(loop)}): point it at the proceedings or "
                                    "book the entry is part of"))
            continue
        if target:
            # a parent loaded already has inherited from its own parent: pass that on
            parent = data.entries.get(target) or lower.get(target.lower())
            if parent is None:
                problems.append(located(place_of[key].path, place_of[key].line,
                                        f"entry {key!r} has crossref {target!r}, which no file "
                                        "defines: add that entry or fix the crossref"))
                continue
            entry = _copy(entry)
            _inherit(entry, parent)
        if entry.type == "conference":
            entry = entry if target else _copy(entry)
            entry.type = "inproceedings"
        data.entries[key] = by_key[key] = entry
        if key in known and seen.get(key) is entry:  # checked and digested before, unchanged
            digests[key] = known[key]
        else:
            problems += [located(place_of[key].path, place_of[key].line, problem)
                         for problem in entry_problems(key, entry)]
    if problems:
        raise ScholarsiteError("invalid bibliography\n" + "\n".join(problems))
    try:
        tex = TeX.from_preamble("\n".join(data.preamble_list))
    except MacroError as exc:
        path, line = _preamble_place(files)
        raise ScholarsiteError(located(path, line, f"@preamble: {exc}")) from None
    return Bibliography(data, place_of, tex, files, digests, by_key)


def _preamble_place(files: tuple[Path, ...]) -> tuple[Path, int | None]:
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if match := re.search(r"^[ \t]*@[ \t]*preamble", text, re.M | re.I):
            return path, text[: match.start()].count("\n") + 1
    return files[0], None


def line_of_key(bib: Bibliography, key: str) -> Place:
    return bib.place(key)
