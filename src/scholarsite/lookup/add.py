"""``scholarsite add ID...``: one clean entry per identifier into refs.bib, never twice.

A work already in the bibliography (the same DOI, the same arXiv id, or the same title and
year once case, accents and punctuation are set aside) is not added again: the line names the
entry that holds it, and ``--update`` rewrites that entry's fields from the service, keeping
every field the service does not give (``selected``, ``pdf``, notes of the owner's own).
Every entry is judged by the build's own loader as the file would be, then the file is
written once, atomically; an identifier that fails is one line and leaves the others be.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import Entry
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.exceptions import PybtexError

from ..atomic import write_atomically
from ..bib.chunks import split_commands
from ..bib.load import Bibliography, entry_problems, load_bibliography
from ..bib.venues import Venues
from ..errors import ScholarsiteError
from ..net import Client, NotFound, Unavailable
from .ids import Identifier, UnknownIdentifier, bare_doi, parse
from .services import Refused, look_up
from .work import Work, entry_text, fields_of, key_for


def normal_title(title: str) -> str:
    folded = unicodedata.normalize("NFKD", re.sub(r"\\[a-zA-Z]+|[{}]", "", title))
    return " ".join(re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode().lower()))


def _arxiv_of(entry: Entry) -> str:
    """The arXiv id an entry names: in ``eprint``/``arxiv``, its URL, or as Google Scholar
    writes preprints (``journal = {arXiv preprint arXiv:2101.00001}``)."""
    for name in ("eprint", "arxiv"):
        value = entry.fields.get(name, "").strip()
        if value and (name == "arxiv" or entry.fields.get("archiveprefix", "arXiv").lower()
                      == "arxiv"):
            return re.sub(r"v\d+$", "", value.removeprefix("arXiv:"))
    match = re.search(r"arxiv\.org/(?:abs|pdf)/([\w./-]+?)(?:v\d+)?(?:\.pdf)?$",
                      entry.fields.get("url", ""))
    if match:
        return match[1]
    for name in ("journal", "howpublished", "note", "volume", "booktitle"):
        found = re.search(r"(?:arxiv[: ]|abs/)\s*(\d{4}\.\d{4,5})", entry.fields.get(name, ""),
                          re.I)
        if found:
            return found[1]
    return ""


@dataclass
class Holdings:
    """What the bibliography holds, by each way a work is told apart."""

    dois: dict[str, str] = field(default_factory=dict)
    arxiv: dict[str, str] = field(default_factory=dict)
    titles: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (key, DOI)
    keys: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, bib: Bibliography) -> Holdings:
        held = cls()
        for key, entry in bib.data.entries.items():
            held.note(key, entry.fields.get("doi", ""), _arxiv_of(entry),
                      entry.fields.get("title", ""), entry.fields.get("year", ""))
        return held

    def note(self, key: str, doi: str, arxiv: str, title: str, year: str) -> None:
        self.keys.add(key)
        doi = bare_doi(doi).lower()
        if doi:
            self.dois[doi] = key
        if arxiv:
            self.arxiv[arxiv] = key
        if normal_title(title):
            self.titles[normal_title(title), year.strip()] = (key, doi)

    def holder(self, doi: str, arxiv: str, title: str, year: str) -> str | None:
        """The entry that holds a work: the same DOI or arXiv id, or the same title and
        year when the two do not have different DOIs (two papers called "Preface")."""
        doi = bare_doi(doi).lower()
        if doi and doi in self.dois:
            return self.dois[doi]
        if arxiv and arxiv in self.arxiv:
            return self.arxiv[arxiv]
        key, held_doi = self.titles.get((normal_title(title), year.strip()), (None, ""))
        return key if key is not None and not (doi and held_doi and doi != held_doi) else None

    def holding(self, work: Work, asked: Identifier) -> str | None:
        """The entry that holds ``work``, looked up as ``asked``."""
        return self.holder(work.doi or (asked.value if asked.kind == "doi" else ""),
                           work.eprint or (asked.value if asked.kind == "arxiv" else ""),
                           work.title, work.year)


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)  # the entries' text
    problems: list[str] = field(default_factory=list)  # one line each
    held: list[str] = field(default_factory=list)  # "ID is in refs.bib as KEY"
    keys: dict[str, str] = field(default_factory=dict)  # each identifier's entry, as written


def add(ids: list[str], bibfiles: list[Path], target: Path, client: Client, venues: Venues,
        pattern: str, update: bool = False, into: dict[str, str] | None = None,
        say: Callable[[str], None] = print) -> Outcome:
    """Look each identifier up and write what is new to ``target`` (one of ``bibfiles`` or a
    file of its own); the others are read to know what is held. ``into`` names, for some
    identifiers, the entry they rewrite (``sync``: a preprint's published version)."""
    files = [path for path in dict.fromkeys([*bibfiles, target]) if path.exists()]
    bib = load_bibliography(files)
    held = Holdings.of(bib)
    raw = target.read_bytes() if target.exists() else b""
    # a file written with CRLF throughout is written back so; a mixed one is left as it is
    crlf = b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    text = raw.decode("utf-8").replace("\r\n", "\n") if crlf else raw.decode("utf-8")
    outcome = Outcome()
    for written in ids:
        try:
            asked = parse(written)
        except UnknownIdentifier:
            outcome.problems.append(
                f"{written}: not a DOI, arXiv id, DBLP key, PubMed id or ISBN (or a URL of "
                "one): check it")
            continue
        try:
            work = look_up(client, asked)
        except NotFound:
            outcome.problems.append(f"{written}: the service does not know this {asked.kind}:"
                                    " check it for typos")
            continue
        except Unavailable as error:
            outcome.problems.append(f"{written}: {error}: try again later (what was added "
                                    "so far is kept)")
            continue
        except Refused as error:
            outcome.problems.append(f"{written}: not added: {error}")
            continue
        abbr = (venues.find("", work.venue) or "") if work.venue else ""
        if (key := (into or {}).get(written) or held.holding(work, asked)) is not None:
            outcome.keys[written] = key
            if not update or key not in bib.data.entries:  # or written by this very run
                outcome.held.append(f"{written}: already in the bibliography as {key}: "
                                    "nothing added (--update rewrites it from the source)")
                continue
            updated, entry = _updated(text, key, bib.data.entries[key], work, abbr, written)
            if entry is None:
                outcome.problems.append(f"{written}: {key} is not in {target}: update it "
                                        "there by hand, or pass --to with its file")
                continue
            if (problem := _refused(key, entry)) is not None:
                outcome.problems.append(f"{written}: {problem}")
                continue
            text = updated
        else:
            key = key_for(work, pattern, held.keys)
            entry = entry_text(key, work.kind, fields_of(work, abbr))
            if (problem := _refused(key, entry)) is not None:
                outcome.problems.append(f"{written}: {problem}")
                continue
            text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + entry
        held.note(key, work.doi, work.eprint, work.title, work.year)
        outcome.keys[written] = key
        outcome.written.append(entry)
        say(entry)
    if outcome.written:
        _check([*files, target] if target not in files else files, target, text)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, (text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
    return outcome


def _entry_end(command: str) -> int | None:
    """Where the entry that ``command`` starts with ends (after its closing ``}`` or ``)``),
    or None when it does not close."""
    opening = re.match(r"@\s*\w+\s*([{(])", command)
    if opening is None:
        return None
    closer, depth = "}" if opening[1] == "{" else ")", 0
    for index in range(opening.end(1), len(command)):
        char = command[index]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index + 1 if closer == "}" else None
            depth -= 1
        elif char == ")" and closer == ")" and depth == 0:
            return index + 1
    return None


_FIELD = re.compile(r"\s*([\w:.+-]+)\s*=\s*")


def _raw_fields(entry: str) -> dict[str, str]:
    """Each field of an entry's source (without its closing brace) as written (``{...}``,
    ``"..."``, macros, ``#``), by lower-cased name: kept fields are written back as the owner
    wrote them."""
    body = entry[entry.index(",") + 1:] if "," in entry else ""
    fields: dict[str, str] = {}
    position = 0
    while (match := _FIELD.match(body, position)) is not None:
        index, depth, quoted = match.end(), 0, False
        while index < len(body):
            char = body[index]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0:
                quoted = not quoted
            elif char == "," and depth == 0 and not quoted:
                break
            index += 1
        fields[match[1].lower()] = body[match.end():index].strip()
        position = index + 1
    return fields


def _updated(text: str, key: str, old: Entry, work: Work, abbr: str,
             written: str) -> tuple[str, str | None]:
    """The file's text with entry ``key`` rewritten from ``work``: the service's fields, then
    every other field the entry had, as it had it (its text, macros and all); what follows
    the entry before the next one (comments) stays."""
    commands, _ = split_commands(text)
    index = next((i for i, command in enumerate(commands)
                  if re.match(rf"@\s*\w+\s*[{{(]\s*{re.escape(key)}\s*,", command, re.I)), None)
    end = _entry_end(commands[index]) if index is not None else None
    if index is None or end is None:
        return text, None
    given = fields_of(work, abbr)
    names = {name for name, _, _ in given}
    raw = _raw_fields(commands[index][:end - 1])
    kept = [(name, value, True) for name, value in raw.items() if name not in names]
    entry = entry_text(key, work.kind if work.kind != "misc" else old.original_type,
                       [*given, *kept])
    commands[index] = entry.rstrip("\n") + commands[index][end:]
    return "".join(commands), entry


def _refused(key: str, entry: str) -> str | None:
    """Why the build would refuse this one entry (a service that gives no year, say), as the
    rest of a line naming its identifier; None when it would not."""
    with pybtex.errors.capture() as errors:  # an owner's @string macro is defined elsewhere
        try:
            parsed = Parser(encoding="UTF-8").parse_string(entry).entries
        except PybtexError as error:
            errors.append(error)
    broken = [error for error in errors if not isinstance(error, UndefinedMacro)]
    if broken or key not in parsed:
        return (f"the service's answer makes no valid entry ({broken[0] if broken else key}):"
                " add it by hand")
    problems = entry_problems(key, parsed[key])
    if problems:
        reason = problems[0].removeprefix(f"entry {key!r} ").split(": ")[0]
        return f"not added: the build would refuse the entry ({reason}): add it by hand"
    return None


def _check(files: list[Path], target: Path, text: str) -> None:
    """The bibliography as it would be, judged by the build's loader (nothing written if it
    refuses)."""
    with tempfile.TemporaryDirectory(prefix="scholarsite-add-") as folder:
        trial = Path(folder) / target.name
        trial.write_text(text, encoding="utf-8")
        try:
            load_bibliography([trial if path == target else path for path in files])
        except ScholarsiteError as error:
            raise ScholarsiteError(str(error).replace(str(trial), str(target))
                                   + "\nnothing was written: add the entry by hand") from None
