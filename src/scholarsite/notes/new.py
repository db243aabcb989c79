"""``scholarsite new-note KEY``: a note skeleton for a bibliography entry.

The front matter is filled from the entry (title, paper, venue, year) so the note is findable
from the first build; the sections are the ones a reading note usually has. ``--bib`` first
appends a BibTeX entry to the first bibliography file, after checking that it parses and that
its key is new. Nothing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError

from ..bib.load import load_bibliography
from ..bib.publications import describe
from ..errors import ScholarsiteError
from ..paths import safe_stem
from ..render import render


def add_bibtex(bibfile: Path, bibtex: str, key: str) -> None:
    try:
        parsed = Parser(encoding="UTF-8").parse_string(bibtex)
    except PybtexSyntaxError as exc:
        raise ScholarsiteError(f"--bib: {exc}: fix the BibTeX entry") from None
    if list(parsed.entries) != [key]:
        raise ScholarsiteError(f"--bib must hold exactly one entry with key {key!r}, "
                               f"found {list(parsed.entries) or 'none'}")
    text = bibfile.read_text(encoding="utf-8")
    bibfile.write_text(text.rstrip("\n") + "\n\n" + bibtex.strip() + "\n", encoding="utf-8")


def new_note(notes_dir: Path, bibfiles: list[Path], key: str, bibtex: str | None = None,
             today: dt.date | None = None) -> Path:
    target = notes_dir / f"{safe_stem(key)}.md"
    if target.exists():
        raise ScholarsiteError(f"{target} exists already: edit it, or remove it first")
    if bibtex:
        if key in load_bibliography(bibfiles).data.entries:
            raise ScholarsiteError(f"{key!r} is in the bibliography already: drop --bib")
        add_bibtex(bibfiles[0], bibtex, key)
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
    notes_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(render("notes/new.md", front_matter=front_matter, title=pub.title,
                             key=key), encoding="utf-8")
    return target
