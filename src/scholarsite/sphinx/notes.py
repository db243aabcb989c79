"""Reading notes: collected as pages are read, listed and cross-linked when pages are written.

A note is any page under ``scholarsite_notes_dir`` (its ``index`` aside). Its front matter is
read from the file and validated (:class:`~scholarsite.notes.schema.NoteMeta`); missing facts
are derived: the title from the first heading, venue and year from the paper it names. The
records live in the environment (purged per document, merged across parallel readers).

Lists and indexes (``{note-list}``, ``{note-index}``) and each note's paper card depend on
other notes, so they are placeholders filled in at ``doctree-resolved``. When a note is
added, changed or removed, the pages that list notes and the notes that share a paper with it
(their cards name each other) are *rewritten* (returned from ``env-updated``), not re-read.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from pydantic import ValidationError
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..cv.load import dotted, parse_yaml
from ..errors import ScholarsiteError, located
from ..notes.schema import FOREIGN_KEYS, NoteMeta
from ..render import render
from ..text import CONTROL
from .data import site_data
from .pagenames import paper_page, read_paper_page
from .state import CHANGED_NOTES, CHANGED_PAPERS, NOTE_LISTS, NOTES, state

INDEX_KINDS = ("tag", "venue", "year", "status")
STATUS_ORDER = ("reading", "to-read", "read")


@dataclass(frozen=True)
class NoteRecord:
    docname: str
    title: str
    papers: tuple[str, ...]
    tags: tuple[str, ...]
    venue: str
    year: int | None
    status: str
    date: str
    summary: str

    def groups(self, kind: str) -> tuple[str, ...]:
        """The index groups this note belongs to, for ``kind`` (tag, venue, year, status)."""
        if kind == "tag":
            return self.tags
        value = {"venue": self.venue, "year": str(self.year or ""), "status": self.status}[kind]
        return (value,) if value else ()


class note_list(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder: ``kind`` is "all" (``limit`` caps it) or an index kind."""


class note_card(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a note's paper card, under its title."""


def records(env: BuildEnvironment) -> dict[str, NoteRecord]:
    return state(env)[NOTES]  # type: ignore[no-any-return]


def list_pages(env: BuildEnvironment) -> set[str]:
    return state(env)[NOTE_LISTS]  # type: ignore[no-any-return]


def changed(env: BuildEnvironment) -> set[str]:
    return state(env)[CHANGED_NOTES]  # type: ignore[no-any-return]


def affected_papers(env: BuildEnvironment) -> set[str]:
    return state(env)[CHANGED_PAPERS]  # type: ignore[no-any-return]


def is_note(env: BuildEnvironment, docname: str) -> bool:
    """Pages under the notes folder, except folder indexes (the landing pages)."""
    folder = env.config.scholarsite_notes_dir.strip("/")
    return docname.startswith(folder + "/") and not docname.endswith("/index")


def slug(text: str) -> str:
    """An anchor for a group: the text itself when it is already one (lower-case letters of
    any script, digits, single dashes), else a readable part and a short hash, so ``C++``,
    ``C#`` and ``c`` (or two Chinese tags) never share an anchor."""
    if re.fullmatch(r"[^\W_A-Z]+(?:-[^\W_A-Z]+)*", text):
        return text
    readable = re.sub(r"[\W_]+", "-", text.casefold()).strip("-")
    digest = hashlib.sha256(text.encode()).hexdigest()[:6]
    return f"{readable}-{digest}" if readable else digest


# ---------------------------------------------------------------- collecting (read time)

def front_matter(path: Path, text: str) -> tuple[dict[str, object], dict[str, int]]:
    """The page's YAML front matter and the line of each top-level key."""
    match = re.match(r"---[ \t]*\n(.*?\n)---[ \t]*(\n|$)", text, re.S)
    if not match:
        return {}, {}
    data, _ = parse_yaml(path, match[1], offset=1)
    lines = {m[1]: match[1][: m.start()].count("\n") + 2
             for m in re.finditer(r"^([\w:-]+)\s*:", match[1], re.M)}
    return (data if isinstance(data, dict) else {}), lines


def _validate(path: Path, data: dict[str, object], lines: dict[str, int]) -> NoteMeta:
    ours = {key: value for key, value in data.items() if key not in FOREIGN_KEYS}
    try:
        return NoteMeta.model_validate(ours)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            hint = ("remove it or fix its spelling (note fields: "
                    f"{', '.join(NoteMeta.model_fields)})"
                    if error["type"] == "extra_forbidden" else "fix the value")
            problems.append(located(path, lines.get(field, 1),
                                    f"front matter {dotted(tuple(error['loc']))}: "
                                    f"{error['msg']}; {hint}"))
        raise ScholarsiteError("invalid note\n" + "\n".join(problems)) from None


#: front matter validated at source-read, for doctree-read (same process, same document)
_VALIDATED: dict[str, tuple[Path, NoteMeta, dict[str, int]]] = {}


def validate(app: Sphinx, docname: str, source: list[str]) -> None:
    """At ``source-read``, before MyST parses the page (and warns in its own words about
    front matter it cannot read): a bad front matter fails here, naming file and line."""
    if is_note(app.env, docname):
        path = Path(app.env.doc2path(docname))
        data, lines = front_matter(path, source[0])
        _VALIDATED[docname] = (path, _validate(path, data, lines), lines)


def collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    if docname not in _VALIDATED:
        return
    path, meta, lines = _VALIDATED.pop(docname)
    site = site_data(env)
    for key in meta.paper:
        if key not in site.bib.data.entries:
            raise ScholarsiteError(located(path, lines.get("paper", 1),
                                           f"front matter paper: unknown key {key!r}: add the "
                                           "entry to the bibliography or fix the key"))
    # keys match whatever their case (as in BibTeX); the page names use the entry's own
    papers = tuple(site.bib.data.entries[key].key for key in meta.paper)
    first = site.describe(papers[0]) if papers else None
    heading = next(iter(doctree.findall(nodes.title)), None)
    title = meta.title or (heading.astext() if heading else docname.rsplit("/", 1)[-1])
    if CONTROL.search(title):
        raise ScholarsiteError(located(
            path, heading.line if heading is not None and not meta.title else lines.get("title"),
            f"the title {title!r} holds a control character: remove it"))
    records(env)[docname] = NoteRecord(
        docname=docname, title=title, papers=papers, tags=tuple(meta.tags),
        venue=meta.venue or (first.venue if first else ""),
        year=meta.year or (first.year if first and first.year else None),
        status=meta.status or "", date=meta.date.isoformat() if meta.date else "",
        summary=meta.summary or "",
    )
    if heading is not None:  # the paper card sits right under the note's title
        section = heading.parent
        section.insert(section.index(heading) + 1, note_card())


# ---------------------------------------------------------------- bookkeeping

def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    changed(env).clear()
    affected_papers(env).clear()
    changed(env).update(doc for doc in docnames if is_note(env, doc))


def env_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """When a note changed: the pages listing notes, and the notes sharing a paper with it."""
    if not changed(env):
        return []
    notes = records(env)
    papers = affected_papers(env) | {key for doc in changed(env) if doc in notes
                                     for key in notes[doc].papers}
    siblings = {doc for doc, note in notes.items() if papers & set(note.papers)}
    return sorted((list_pages(env) | siblings) & set(env.all_docs))


# ---------------------------------------------------------------- writing

def ordered(env: BuildEnvironment) -> list[NoteRecord]:
    """Every note, newest first (undated notes last, then by title)."""
    found = sorted(records(env).values(), key=lambda note: note.title.casefold())
    return sorted(found, key=lambda note: note.date, reverse=True)


#: the group of notes without a value of their kind; only years list it (every note has a
#: year page, so the year pages reach them all)
NO_YEAR = "Unknown year"


def group_page(env: BuildEnvironment, kind: str, label: str) -> str:
    """The page listing one group's notes (``notes/tag/gpu``), see :mod:`.taxonomy`."""
    return f"{env.config.scholarsite_notes_dir.strip('/')}/{kind}/{slug(label)}"


def view(app: Sphinx, fromdocname: str, note: NoteRecord) -> dict[str, object]:
    builder = app.builder
    return {
        "record": note, "href": builder.get_relative_uri(fromdocname, note.docname),
        "tags": [(tag, builder.get_relative_uri(fromdocname, group_page(app.env, "tag", tag)))
                 for tag in note.tags],
    }


def groups(notes: list[NoteRecord], kind: str) -> list[tuple[str, list[NoteRecord]]]:
    """(label, notes) per group of ``kind``, in the index's order."""
    grouped: dict[str, list[NoteRecord]] = defaultdict(list)
    for note in notes:
        for group in note.groups(kind) or ((NO_YEAR,) if kind == "year" else ()):
            grouped[group].append(note)
    if kind == "year":
        # newest first, the notes without a year last
        keys = sorted(grouped, key=lambda year: (year != NO_YEAR, year), reverse=True)
    elif kind == "status":
        keys = sorted(grouped, key=lambda s: STATUS_ORDER.index(s) if s in STATUS_ORDER else 9)
    else:
        keys = sorted(grouped, key=str.casefold)
    return [(key, grouped[key]) for key in keys]


def _card(app: Sphinx, docname: str) -> nodes.raw:
    env = app.env
    note = records(env)[docname]
    site = site_data(env)
    own = {pub.key for pub in site.publications}
    papers = []
    for key in note.papers:
        pub = site.describe(key)
        page = paper_page(env, key) if key in own else read_paper_page(key)
        siblings = [view(app, docname, other) for other in ordered(env)
                    if key in other.papers and other.docname != docname]
        papers.append({"pub": pub, "href": app.builder.get_relative_uri(docname, page),
                       "siblings": siblings})
    if not (papers or note.date or note.tags or note.status):
        return nodes.raw("", "", format="html")  # nothing to show: no empty card
    html = render("notes/card.html", note=view(app, docname, note), papers=papers)
    return nodes.raw("", html, format="html")


def resolve(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    env = app.env
    for card in list(doctree.findall(note_card)):
        card.replace_self(_card(app, fromdocname))
    placeholders = list(doctree.findall(note_list))
    if not placeholders:
        return
    notes = ordered(env)
    for node in placeholders:
        if node["kind"] == "all":
            shown = notes[: node["limit"] or len(notes)]
            html = render("notes/list.html", notes=[view(app, fromdocname, n) for n in shown])
        else:  # counts per group, each linking to the group's page
            found = [(label, len(group), app.builder.get_relative_uri(
                fromdocname, group_page(env, node["kind"], label)))
                for label, group in groups(notes, node["kind"])]
            html = render("notes/index.html", kind=node["kind"], groups=found)
        node.replace_self(nodes.raw("", html, format="html"))


def papers_read(env: BuildEnvironment) -> set[str]:
    """Keys of the papers that notes name or cite (each gets a paper page)."""
    named = {key for note in records(env).values() for key in note.papers}
    cited = {target.key for ref in env.get_domain("cite").citation_refs
             if is_note(env, ref.docname) for target in ref.targets}
    return named | cited
