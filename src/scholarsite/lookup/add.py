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

from pybtex.database import Entry

from ..atomic import write_atomically
from ..bib.chunks import split_commands
from ..bib.load import Bibliography, load_bibliography
from ..bib.venues import Venues
from ..errors import ScholarsiteError
from ..net import Client, NotFound, Unavailable
from .ids import Identifier, UnknownIdentifier, parse
from .services import Refused, look_up
from .work import Work, entry_text, fields_of, key_for

def normal_title(title: str) -> str:
    folded = unicodedata.normalize("NFKD", re.sub(r"\\[a-zA-Z]+|[{}]", "", title))
    return " ".join(re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode().lower()))


def _arxiv_of(entry: Entry) -> str:
    for name in ("eprint", "arxiv"):
        value = entry.fields.get(name, "").strip()
        if value and (name == "arxiv" or entry.fields.get("archiveprefix", "arXiv").lower()
                      == "arxiv"):
            return re.sub(r"v\d+$", "", value.removeprefix("arXiv:"))
    match = re.search(r"arxiv\.org/(?:abs|pdf)/([\w./-]+?)(?:v\d+)?(?:\.pdf)?$",
                      entry.fields.get("url", ""))
    return match[1] if match else ""


@dataclass
class Holdings:
    """What the bibliography holds, by each way a work is told apart."""

    dois: dict[str, str] = field(default_factory=dict)
    arxiv: dict[str, str] = field(default_factory=dict)
    titles: dict[tuple[str, str], str] = field(default_factory=dict)
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
        if doi.strip():
            self.dois[re.sub(r"^https?://(dx\.)?doi\.org/", "", doi.strip().lower())] = key
        if arxiv:
            self.arxiv[arxiv] = key
        if normal_title(title):
            self.titles[normal_title(title), year.strip()] = key

    def holding(self, work: Work, asked: Identifier) -> str | None:
        doi = work.doi or (asked.value if asked.kind == "doi" else "")
        arxiv = work.eprint or (asked.value if asked.kind == "arxiv" else "")
        return (self.dois.get(doi.lower()) if doi else None) or \
            (self.arxiv.get(arxiv) if arxiv else None) or \
            self.titles.get((normal_title(work.title), work.year))


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
    newline = "\r\n" if b"\r\n" in raw else "\n"  # written back as the file has them
    text = raw.decode("utf-8").replace("\r\n", "\n")
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
            if not update:
                outcome.held.append(f"{written}: already in the bibliography as {key}: "
                                    "nothing added (--update rewrites it from the source)")
                continue
            text, entry = _updated(text, key, bib.data.entries[key], work, abbr, written)
            if entry is None:
                outcome.problems.append(f"{written}: {key} is not in {target}: update it "
                                        "there by hand, or pass --to with its file")
                continue
        else:
            key = key_for(work, pattern, held.keys)
            entry = entry_text(key, work.kind, fields_of(work, abbr))
            text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + entry
        held.note(key, work.doi, work.eprint, work.title, work.year)
        outcome.keys[written] = key
        outcome.written.append(entry)
        say(entry)
    if outcome.written:
        _check([*files, target] if target not in files else files, target, text)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text.replace("\n", newline).encode("utf-8"))
    return outcome


def _updated(text: str, key: str, old: Entry, work: Work, abbr: str,
             written: str) -> tuple[str, str | None]:
    """The file's text with entry ``key`` rewritten from ``work``: the service's fields, then
    every other field the entry had, as it had it."""
    commands, _ = split_commands(text)
    index = next((i for i, command in enumerate(commands)
                  if re.match(rf"@\s*\w+\s*[{{(]\s*{re.escape(key)}\s*,", command, re.I)), None)
    if index is None:
        return text, None
    given = fields_of(work, abbr)
    names = {name for name, _, _ in given}
    kept = [(role, " and ".join(str(person) for person in people), False)
            for role, people in old.persons.items() if role.lower() not in names]
    kept += [(name, value, False) for name, value in old.fields.items()
             if name.lower() not in names]
    trailing = commands[index][len(commands[index].rstrip()):]
    entry = entry_text(key, work.kind if work.kind != "misc" else old.original_type,
                       [*given, *kept])
    commands[index] = entry.rstrip("\n") + (trailing or "\n")
    return "".join(commands), entry


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
