"""BibTeX of imported sites, repaired and made what the build accepts.

Hand-written on top of pybtex: real sites' .bib files have keys with spaces, fields given
twice, misspelt entry types and names with marks glued on, and pybtex refuses a whole file
for one such entry. Each entry is parsed on its own, repaired where the intent is plain
(reported), and left out (reported) when the build would refuse it; the text written back is
the entry as read (:func:`..bib.writer.to_bibtex`, no LaTeX re-encoding).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError

from ..lookup.ids import bare_doi
from ..bib.chunks import split_commands
from ..bib.load import KNOWN_TYPES, entry_problems
from ..bib.names import OwnerMatcher
from ..bib.publications import LINK_FIELDS, PENDING
from ..bib.writer import to_bibtex
from ..errors import read_text
from .owner import Owner, similar, strip_marks
from .report import Report

_HEAD = re.compile(r"^(\s*@\s*\w+\s*[{(]\s*)([^,]*?)(\s*,)", re.S)
#: the link fields of the build (a relative one names a file the importer must copy)
LINKS = frozenset(name for name, _ in LINK_FIELDS)
#: third-party citation badges al-folio shows; scholarsite counts citations itself
#: (``scholarsite citations update``), so the fields stay in the entry and the report says so
BADGES = ("altmetric", "dimensions", "google_scholar_id")


def _fields(body: str) -> list[str]:
    """An entry body split at the commas between fields (braces and quotes respected)."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(body):
        if char == '"' and depth == 0 and (index == 0 or body[index - 1] != "\\"):
            quoted = not quoted
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0 and not quoted:
            parts.append(body[start:index])
            start = index + 1
    return [*parts, body[start:]]


_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}


def _value(name: str, value: str, strings: set[str], where: tuple[Path, int, Report]) -> str:
    """One field's value as BibTeX reads it: a bare word that names no @string (``true``, a
    URL) braced; an author list written with commas (``A B, C D, E F``) joined by ``and``."""
    path, line, report = where
    bare = value.strip()
    if bare and re.fullmatch(r"[^\s{}\"#,]+", bare) and not bare.isdigit() and \
            bare.casefold() not in strings | _MONTHS:
        report.repair(path, line, f"{name} = {bare[:40]}: no @string of that name: read as "
                                  "text")
        return value.replace(bare, "{" + bare + "}", 1)
    inner = bare[1:-1] if bare[:1] in "{\"" else ""
    parts = [part.strip() for part in re.split(r",|\s+and\s+", inner) if part.strip()]
    if name in {"author", "editor"} and inner.count(",") >= 2 and all(
            len(part.split()) >= 2 for part in parts):  # no "Last, First" among them
        report.repair(path, line, f"{name}s separated by commas: joined by 'and'")
        return value.replace(inner, " and ".join(parts), 1)
    return value


def repair_entry(command: str, where: Path, line: int, report: Report,
                 strings: set[str] | None = None) -> str:
    """A key with spaces joined by ``_``; a field given twice kept once (the first); values
    repaired as :func:`_value` says (``strings``: the @string names defined before)."""
    head = _HEAD.match(command)
    if not head:
        return command
    lines, side = [], None
    for number, text in enumerate(command.split("\n")):  # a git merge left unresolved:
        if re.match(r"(<{7}|={7}|>{7})( |$)", text):  # the first side kept
            side = {"<": "first", "=": "second", ">": None}[text[0]]
            if text[0] == "<":
                report.repair(where, line + number, "a git merge conflict left in the "
                                                    "file: its first side kept")
        elif side != "second":
            lines.append(text)
    for number, text in enumerate(lines):  # ``html=https://x},`` with fields after it: the
        # value's opening brace was lost (else that brace would end the entry)
        lost = re.fullmatch(r"(\s*[\w-]+\s*=\s*)([^\s{}\"#,=]+\})(\s*,\s*)", text)
        if lost and any(re.match(r"\s*[\w-]+\s*=", later) for later in lines[number + 1:]):
            report.repair(where, line + number, f"{lost[1].strip()} {lost[2][:40]}: the "
                                                "value's opening brace added")
            lines[number] = lost[1] + "{" + lost[2] + lost[3]
    depth = 0
    for number, text in enumerate(lines):  # ``year={2023}`` then ``abstract = {...}``: the
        depth += text.count("{") - text.count("\\{") - text.count("}") + text.count("\\}")
        following = next((later for later in lines[number + 1:] if later.strip()), "")
        if depth == 1 and number and re.search(r"[}\"\w]\s*$", text) and \
                re.match(r"\s*[\w-]+\s*=", following):  # comma between them was lost
            report.repair(where, line + number, "a comma added after "
                                                f"{text.strip()[:30]!r}")
            lines[number] = text.rstrip() + ","
    command = "\n".join(lines)
    key = head[2]
    if re.search(r"\s", key.strip()):
        new = re.sub(r"\s+", "_", key.strip())
        report.repair(where, line, f"key {key.strip()!r} has spaces: now {new!r}")
        command = command[:head.start(2)] + new + command[head.end(2):]
        head = _HEAD.match(command)
    close = command.rstrip().rfind("}" if head[1].rstrip().endswith("{") else ")")
    fields, seen, kept = _fields(command[head.end():close]), set(), []
    for text in fields:
        name = text.split("=", 1)[0].strip().lower()
        if name and "=" in text and name in seen:
            report.repair(where, line, f"entry {head[2].strip()!r} gives {name!r} twice: the "
                                       "first kept")
            continue
        seen.add(name)
        if "=" in text:
            field, value = text.split("=", 1)
            text = field + "=" + _value(name, value, strings or set(), (where, line, report))
        kept.append(text)
    return command[:head.end()] + ",".join(kept) + command[close:]


#: entry types real papers.bib files misspell, and the type BibTeX means
TYPE_SPELLINGS = {"masterthesis": "mastersthesis", "masters": "mastersthesis",
                  "phd": "phdthesis", "inproceeding": "inproceedings",
                  "proceeding": "proceedings", "journal": "article", "paper": "article",
                  "preprint": "misc", "talk": "misc", "presentation": "misc", "poster": "misc"}


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def read_bib(path: Path, report: Report, parser: Parser | None = None) -> BibliographyData:
    """A .bib file parsed entry by entry, each repaired first; one pybtex refuses is reported
    and left out. Several files may share one ``parser`` (their entries then gather in it)."""
    text = read_text(path, "bibliography")
    parser = parser or Parser(encoding="UTF-8")
    offset, strings = 0, set()
    for command in split_commands(text)[0]:
        line = _line(text, offset)
        offset += len(command)
        defined = re.match(r"\s*@\s*string\s*[{(]\s*([^=\s]+)\s*=", command, re.I)
        strings |= {defined[1].casefold()} if defined else set()
        entry = re.match(r"\s*@\s*(?!string|preamble|comment)\w", command, re.I)
        fixed = repair_entry(command, path, line, report, strings) if entry else command
        head = _HEAD.match(fixed) if entry else None
        if head and head[2].strip() in parser.data.entries:  # a key given twice
            new, number = head[2].strip(), 1
            while new in parser.data.entries:
                number += 1
                new = f"{head[2].strip()}-{number}"
            report.repair(path, line, f"key {head[2].strip()!r} given twice: this entry's is "
                                      f"now {new!r}")
            fixed = fixed[:head.start(2)] + new + fixed[head.end(2):]
        try:
            parser.parse_string(fixed)
        except PybtexError as exc:
            report.skip(path, line, f"{exc}: entry not imported")
    return parser.data


def _web(value: str) -> bool:
    """A web address (or mail): not a file or page of the old site."""
    return bool(re.match(r"\s*(https?://|mailto:)", value, re.I))


def _same_title(one: Entry, other: Entry) -> bool:
    """Whether two entries name one paper: their titles' letters, one within the other
    (an accepted version, a subtitle)."""
    first, second = (re.sub(r"[\W_]+", "", plain(e.fields.get("title", "")).casefold())
                     for e in (one, other))
    return bool(first and second) and (first in second or second in first)


def _work_ids(fields: dict[str, str]) -> list[str]:
    """The identifiers that name the work (DOI, arXiv id); a DOI written as ``doi:...`` or
    a doi.org address is written as the DOI."""
    ids = []
    for name in [n for n in fields if n.lower() == "doi"]:
        doi = bare_doi(fields[name])
        fields[name] = doi
        ids.append("doi:" + doi.lower())
    eprint = (fields.get("eprint") or fields.get("arxiv") or "").strip().lower()
    if eprint and (fields.get("arxiv") or fields.get("archiveprefix", "arxiv").lower() ==
                   "arxiv"):
        ids.append("arxiv:" + re.sub(r"v\d+$", "", eprint))
    return ids


def clean_bib(data: BibliographyData, path: Path, owner: Owner, report: Report,
              local: Callable[[str, str, str], str | None]) -> tuple[str, list[str]]:
    """The entries of ``data`` (read from ``path``) as refs.bib text the build accepts, and the
    name forms added to find the owner in every entry (the site lists only the owner's
    papers). ``local(key, field, value)`` gives the new value of a link field naming a file
    of the old site (the importer copies it), or None to leave the field out (it reports)."""
    out, aliases = BibliographyData(), list(owner.aliases)
    badged: set[str] = set()
    works: dict[str, str] = {}  # DOI or arXiv id -> the key that has it
    matcher = OwnerMatcher(aliases)
    for key, entry in data.entries.items():
        names = " ".join(str(p) for p in entry.persons.get("author", []))
        if "einstein" in names.casefold() and not any(
                "einstein" in a.casefold() for a in owner.aliases):
            report.skip(path, None, f"{key}: the template's example (Einstein): left out")
            continue
        kind = TYPE_SPELLINGS.get(entry.type, entry.type)
        if kind not in KNOWN_TYPES:
            report.repair(path, None, f"{key}: @{kind} is no BibTeX type: imported as @misc")
            kind = "misc"
        if kind != entry.type:  # pybtex writes the type as it was read
            entry.type = entry.original_type = kind
        problems = entry_problems(key, entry)
        if problems:  # the build would refuse it: left out, said why
            why = re.sub(r"^entry '.*?' \(@\w+\) ", "", problems[0])
            report.skip(path, None, f"{key}: {why}; entry not imported")
            continue
        year = re.sub(r"[{}]", "", entry.fields.get("year", ""))
        if year and not re.search(r"\d{4}", year) and " ".join(
                year.casefold().rstrip(".").split()) not in PENDING:
            report.skip(path, None, f"{key}: year {year!r} is neither a year nor a paper's "
                                    "state the build knows (forthcoming, submitted...): entry "
                                    "not imported")
            continue
        equal = strip_marks(entry)
        fields = entry.fields
        work = _work_ids(fields)
        twin = next((works[w] for w in work if w in works), None)
        if twin is not None and _same_title(out.entries[twin], entry):
            report.skip(path, None, f"{key}: the same work as {twin} (same DOI or arXiv id): "
                                    "left out")  # the build refuses two entries of one work
            continue
        if twin is not None:  # another paper's identifier, pasted: not this one's
            for name in [n for n in fields if n.lower() in {"doi", "eprint", "arxiv"}]:
                report.repair(path, None, f"{key}: {name} {fields.pop(name)} is {twin}'s, "
                                          "a paper of another title: removed")
            work = []
        works |= dict.fromkeys(work, key)
        for name in list(fields):
            low = name.lower()
            if low == "arxiv":
                fields["eprint"], fields["archiveprefix"] = fields.pop(name), "arXiv"
            elif low == "html" and "url" not in fields and _web(fields[name]):
                fields["url"] = fields.pop(name)
            elif (low in LINKS or low in {"html", "preview"}) and not _web(fields[name]):
                new = local(key, low, fields[name].strip())
                if new is None:
                    fields.pop(name)
                else:
                    fields[name] = new
            elif low in BADGES:
                badged.add(key)
        if equal:
            fields["equal"] = ",".join(map(str, equal))
        people = entry.persons.get("author", [])
        if people and not any(matcher.matches(p) for p in people):
            found = next((p for p in people if similar(owner, p)), None)
            if found is None:  # the old site listed it: so does the new one
                words = [w for w in re.split(r"[,;]\s*", fields.get("keywords", "")) if w]
                fields["keywords"] = ", ".join([*words, "own"])
                report.repair(path, None, f"{key}: none of its authors looks like "
                                          f"{owner.name}: listed as the site's (keywords = "
                                          "{own}); remove 'own' to leave it out")
            else:
                aliases.append(str(found))
                matcher = OwnerMatcher(aliases)
                report.repair(path, None, f"{key}: your name written {str(found)!r}: added "
                                          "to scholarsite_author_aliases")
        out.add_entry(key, entry)
    report.counts["papers"] = f"{len(out.entries)} of {len(data.entries)} entries imported"
    if badged:
        report.counts["citation badges"] = (
            f"{len(badged)} entries asked for altmetric, dimensions or Google Scholar badges: "
            "run 'scholarsite citations update' for counts from OpenAlex (by DOI or arXiv id)")
    return (to_bibtex(out) if out.entries else ""), aliases[len(owner.aliases):]


# Entries made from another template's front matter (academicpages, Hugo Blox) when the
# site has no BibTeX for a paper: only the fields the page states, as BibTeX source.

_TEX_SPECIAL = str.maketrans({"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$",
                              "{": "", "}": "", "\\": "", "~": " ", "^": ""})
#: words a venue name uses, and the entry type they mean
_VENUE_KINDS = (
    (re.compile(r"\b(arxiv|biorxiv|medrxiv|ssrn|preprint|working paper|submitted|under "
                r"review|manuscript|in preparation)\b", re.I), "misc"),
    (re.compile(r"\b(thesis|dissertation)\b", re.I), "phdthesis"),
    (re.compile(r"\b(proc\.?|proceedings|conference|conf\.?|workshop|symposium|meeting|"
                r"congress|colloquium)\b", re.I), "inproceedings"),
)
#: the field that names the venue, by entry type
VENUE_FIELD = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle",
               "misc": "howpublished", "phdthesis": "school", "mastersthesis": "school",
               "techreport": "institution", "book": "publisher", "inbook": "publisher"}


def plain(value: object) -> str:
    """Front-matter text as plain text: HTML entities decoded (some sites escape twice), tags,
    Markdown emphasis and link addresses dropped, whitespace collapsed."""
    text = str(value or "")
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    if "<" in text:
        text = BeautifulSoup(text, "html.parser").get_text(" ")
    text = re.sub(r"(\*\*|__|\*|(?<!\w)_)(\S(?:.*?\S)?)\1", r"\2", text)
    text = re.sub(r"(?<!!)\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)", r"\1", text)
    return " ".join(text.replace("\ufeff", "").split())


def tex(value: object) -> str:
    """Plain text as a BibTeX value that reads back as that text (TeX's specials escaped,
    braces and backslashes, which only TeX source has, dropped)."""
    text = plain(value)
    if text.count("$") % 2 == 0 and re.search(r"\$[^$]+\$", text):  # math: kept as written
        return re.sub(r"[{}]", "", text)
    return text.translate(_TEX_SPECIAL)


def venue_type(venue: str, hint: str = "") -> str:
    """The entry type a venue's name (and a category the template gives) points to; a
    journal by default, as most venues are."""
    hint = hint.casefold()
    if hint.startswith(("conference", "proceeding", "paper-conference")) or hint == "1":
        return "inproceedings"
    if hint.startswith(("book", "chapter")):
        return "incollection" if "chapter" in hint else "book"
    if hint.startswith(("thesis", "dissertation")):
        return "phdthesis"
    if hint.startswith(("preprint", "manuscript", "report", "working", "3")):
        return "misc"
    if not venue:
        return "misc"
    return next((kind for pattern, kind in _VENUE_KINDS if pattern.search(venue)), "article")


def key_for(people: list[Person], year: str, title: str, taken: set[str]) -> str:
    """A key as people write them (``surname2024firstword``), ASCII, unique in ``taken``."""
    def ascii_word(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", folded.casefold())

    surname = ascii_word(" ".join(people[0].last_names)) if people else ""
    words = [w for w in (ascii_word(w) for w in title.split()) if w and w not in
             {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with"}]
    base = f"{surname or 'paper'}{year}{words[0] if words else ''}"[:60]
    key, suffix = base, 0
    while key.casefold() in {k.casefold() for k in taken}:
        suffix += 1
        key = f"{base}{chr(ord('a') + suffix - 1) if suffix <= 26 else suffix}"
    taken.add(key)
    return key


def make_entry(kind: str, fields: dict[str, str], people: list[Person]) -> Entry:
    """An entry of ``kind`` with the given fields (values already BibTeX source) and
    authors; empty fields left out."""
    entry = Entry(kind, fields=[(name, value) for name, value in fields.items() if value])
    if people:
        entry.persons["author"] = people
    return entry


_MORE_NAMES = re.compile(r"(et\.? al\.?|others|\.\.\.|\u2026)", re.I)


def people_of(names: list[str]) -> tuple[list[Person], bool]:
    """Authors written one per item (a list that may hold ``et al.``, or one item listing
    several, ``A, B and C``), as pybtex persons, and whether the list says there are more.
    A name pybtex cannot read (too many commas) is split at its commas."""
    out, more = [], False
    for name in names:
        name = plain(name).strip(" *")
        if _MORE_NAMES.fullmatch(name):
            more = True
            continue
        parts = re.split(r"\s+and\s+", name)
        if len(parts) == 1 and name.count(",") > 1:
            parts = name.split(",")
        for part in (p.strip(" ,") for p in parts):
            if not part:
                continue
            try:
                out.append(Person(tex(part)))
            except PybtexError:
                out += [Person(tex(word)) for word in part.split(",") if tex(word).strip()]
    return out, more
