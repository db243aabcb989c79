"""``scholarsite new-note KEY``: a note skeleton for a bibliography entry.

The front matter is filled from the entry (title, paper, venue, year) so the note is findable
from the first build; the sections are the ones a reading note usually has. ``--bib`` first
adds a BibTeX entry to the first bibliography file, after the build's own loader has accepted
the file as it would be. The title is written as text (a heading may not run a role or raw
HTML). Nothing is ever overwritten, and a refused command writes nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError

from ..atomic import write_atomically
from ..bib.chunks import split_commands
from ..bib.load import load_bibliography
from ..bib.publications import describe
from ..errors import ScholarsiteError, read_text
from ..importers.pages import plain_title
from ..paths import safe_stem
from ..render import render


def _with_entry(bibfile: Path, bibtex: str, key: str) -> bytes:
    """The first bibliography file with the ``--bib`` entry added: the entry must be exactly
    one entry named ``key`` (no @string or @preamble beside it, which would change other
    entries)."""
    try:
        parsed = Parser(encoding="UTF-8").parse_string(bibtex)
    except PybtexSyntaxError as exc:
        raise ScholarsiteError(f"--bib: {exc}: fix the BibTeX entry") from None
    if list(parsed.entries) != [key] or len(split_commands(bibtex.strip())[0]) != 1:
        raise ScholarsiteError(f"--bib must hold exactly one entry with key {key!r} and "
                               f"nothing else, found {list(parsed.entries) or 'no entry'}")
    text = read_text(bibfile, "bibliography") if bibfile.is_file() else ""
    return (text.rstrip("\n") + "\n\n" + bibtex.strip() + "\n").encode()


def new_note(notes_dir: Path, bibfiles: list[Path], key: str, bibtex: str | None = None,
             today: dt.date | None = None) -> Path:
    """The note file written. Everything is checked first (with ``--bib``, the bibliography
    as it would be, by the build's own loader); then the note and the bibliography file are
    each written whole, so a refused entry leaves every file as it was."""
    target = notes_dir / f"{safe_stem(key)}.md"
    if target.exists():
        raise ScholarsiteError(f"{target} exists already: edit it, or remove it first")
    if "`" in key:
        raise ScholarsiteError(f"{key!r}: a key with a backtick cannot be cited: rename it")
    if not bibfiles:
        raise ScholarsiteError("conf.py names no bibliography (bibtex_bibfiles): add one")
    added = None
    if bibtex:
        if key in load_bibliography(bibfiles).data.entries:
            raise ScholarsiteError(f"{key!r} is in the bibliography already: drop --bib")
        added = _with_entry(bibfiles[0], bibtex, key)
        with tempfile.TemporaryDirectory(prefix="scholarsite-new-note-") as folder:
            trial = Path(folder) / bibfiles[0].name  # the loader judges the file as it would be
            trial.write_bytes(added)
            try:
                bib = load_bibliography([trial, *bibfiles[1:]])
            except ScholarsiteError as exc:
                raise ScholarsiteError(str(exc).replace(str(trial), f"--bib (for {bibfiles[0]})")
                                       + "\nnothing was written") from None
    else:
        bib = load_bibliography(bibfiles)
    if key not in bib.data.entries:
        raise ScholarsiteError(f"{key!r} is not in {', '.join(map(str, bibfiles))}: add the "
                               "entry or pass it with --bib")
    pub = describe(bib, key)
    front = {"title": pub.title, "paper": key, "venue": pub.venue or None,
             "year": pub.year or None, "status": "to-read", "tags": [],
             "date": (today or dt.date.today()).isoformat(), "summary": ""}
    front_matter = yaml.safe_dump({k: v for k, v in front.items() if v is not None},
                                  allow_unicode=True, sort_keys=False).strip()
    note = render("notes/new.md", front_matter=front_matter, title=plain_title(pub.title),
                  key=key)
    if added is not None:
        write_atomically(bibfiles[0], added)
    write_atomically(target, (note + "\n").encode())
    return target
