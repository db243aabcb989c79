"""``scholarsite init [DIR]``: a complete new site, for any researcher.

The site has the pages every portfolio has (home, CV, publications, reading notes, 404), a
commented CV data file with every section (filled in: the answers; commented out: examples),
an empty refs.bib that says what goes in it, the set-up of the hosts it will be published on
(Read the Docs, GitHub Pages, both or neither) and a .gitignore. It builds and passes
``scholarsite check`` as written, and holds no fact of anyone but what the answers give.
Sections left commented out are simply not shown.

Questions are asked in a terminal (answers default to the flags, Enter keeps a default);
``--yes`` or a non-interactive stdin takes the flags and defaults as they are. Nothing is ever
overwritten: if any file to be written exists, the command lists them and writes nothing.
"""

from __future__ import annotations

import ast
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .cv.load import load_cv
from .errors import ScholarsiteError
from .render import environment
from .requirement import requirement

#: output path -> template (under ``templates/init/``; dotfiles are stored without the dot)
FILES = {
    "docs/conf.py": "docs/conf.py.jinja",
    "docs/cv.yaml": "docs/cv.yaml",
    "docs/index.md": "docs/index.md",
    "docs/cv.md": "docs/cv.md",
    "docs/publications.md": "docs/publications.md",
    "docs/notes/index.md": "docs/notes/index.md",
    "docs/references.md": "docs/references.md",
    "docs/404.md": "docs/404.md",
    "refs.bib": "refs.bib",
    "requirements.txt": "requirements.txt",
    "README.md": "README.md",
    ".readthedocs.yaml": "readthedocs.yaml",
    ".github/workflows/pages.yml": "github/workflows/pages.yml",
    ".gitignore": "gitignore",
}

#: the hosts a site can be published on, and the files only that host needs
HOST_FILES = {
    "github-pages": {".github/workflows/pages.yml"},
    "readthedocs": {".readthedocs.yaml"},
}
#: the answers to "where will the site be hosted", and the hosts each means
HOSTS = {"both": ("github-pages", "readthedocs"), "github-pages": ("github-pages",),
         "readthedocs": ("readthedocs",), "none": ()}


@dataclass
class Answers:
    """What the site needs to know; each field is a question (its help text below)."""

    name: str = "Your Name"
    position: str = "Researcher"
    university: str = ""
    email: str = ""
    url: str = ""
    github: str = ""
    interests: str = "What I work on, in a sentence or two."
    host: str = "both"


QUESTIONS = {
    "name": "Your name, as on your papers",
    "position": "Your position (e.g. Ph.D. Candidate, Assistant Professor)",
    "university": "Your university or institution (optional)",
    "email": "Your e-mail address (optional; shown as a link, never as plain text)",
    "url": "The site's public URL, e.g. https://you.github.io/ (optional for now)",
    "github": "Your GitHub user name (optional)",
    "interests": "Your research interests, in a sentence or two",
    "host": f"Where the site will be hosted ({', '.join(HOSTS)})",
}


def ask(answers: Answers, prompt: Callable[[str], str] | None = None) -> Answers:
    """Ask each question in turn (with ``input`` unless told otherwise); Enter keeps the
    value shown in brackets."""
    for field in fields(answers):
        current = getattr(answers, field.name)
        reply = (prompt or input)(f"{QUESTIONS[field.name]} [{current}]: ").strip()
        if reply:
            setattr(answers, field.name, reply)
    return answers


def render_site(answers: Answers, today: dt.date, aliases: list[str] | None = None,
                pages: list[str] | None = None) -> dict[str, str]:
    env = environment()
    context = {field.name: getattr(answers, field.name) for field in fields(answers)}
    url = answers.url
    if url and not url.endswith("/"):
        context["url"] = url + "/"
    hosts = HOSTS[answers.host]
    context.update(today=today.isoformat(), requirement=requirement().line,
                   aliases=aliases or [], pages=pages or [], hosts=hosts)
    left_out = {name for host, names in HOST_FILES.items() if host not in hosts
                for name in names}
    return {target: env.get_template(f"init/{template}").render(**context) + "\n"
            for target, template in FILES.items() if target not in left_out}


def init_site(folder: Path, answers: Answers, today: dt.date | None = None,
              overrides: dict[str, str | bytes] | None = None,
              aliases: list[str] | None = None, skip_existing: bool = False) -> list[Path]:
    """Write the site into ``folder`` (``overrides``: files whose text an importer gives;
    ``aliases``: the owner's other name forms); the files written. Nothing is written if any
    of them exists, unless ``skip_existing``: then those are kept as they are."""
    if not answers.name.strip():
        raise ScholarsiteError("init: the name may not be blank: pass --name or answer the "
                               "first question")
    if answers.host not in HOSTS:
        raise ScholarsiteError(f"init: --host {answers.host!r} is not a host scholarsite sets "
                               f"up: answer one of {', '.join(HOSTS)}")
    if answers.url and not answers.url.startswith(("http://", "https://")):
        raise ScholarsiteError(f"init: --url {answers.url!r} is not an http(s) URL: give the "
                               "site's address like https://you.github.io/, or leave it out")
    extra = sorted(name[len("docs/"):-len(".md")] for name in overrides or {}
                   if name.endswith("/index.md"))  # imported sections join the navigation
    files: dict[str, str | bytes] = {**render_site(answers, today or dt.date.today(), aliases,
                                                   extra), **(overrides or {})}
    _check(folder, files)
    existing = sorted(name for name in files if (folder / name).exists())
    if skip_existing:
        files = {name: text for name, text in files.items() if name not in existing}
    elif existing:
        raise ScholarsiteError(f"{folder}: holds {', '.join(existing)} already: start the site "
                               "in an empty folder (scholarsite init DIR), or move them away; "
                               "nothing was written")
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _check(folder: Path, files: dict[str, str | bytes]) -> None:
    """What is about to be written is what the build accepts: the CV by the build's own
    loader, conf.py as settings of literal values only (user text in it is a Python literal,
    so no answer or imported name can add code that every build would run)."""
    cv = files.get("docs/cv.yaml")
    if isinstance(cv, str):
        try:
            load_cv(folder / "docs" / "cv.yaml", cv)
        except ScholarsiteError as exc:
            raise ScholarsiteError(f"{exc}\nnothing was written: fix the answer or the "
                                   "imported value named above") from None
    conf = files.get("docs/conf.py")
    if isinstance(conf, str):
        for statement in ast.parse(conf).body:
            if not isinstance(statement, ast.Assign) or not all(
                    isinstance(target, ast.Name) for target in statement.targets):
                raise ScholarsiteError("init: conf.py would hold more than settings: "
                                       "nothing was written (a bug: please report it)")
            ast.literal_eval(statement.value)


def site_from_cv(folder: Path, cv: dict[str, Any], files: dict[str, str | bytes],
                 aliases: list[str] | None = None, host: str = "both") -> list[Path]:
    """A new site for an imported CV (``files``: the imported cv.yaml and refs.bib texts; an
    empty refs.bib keeps the explanatory one), set up for ``host``."""
    who = cv["identity"]
    answers = Answers(name=who["name"], position=who.get("position", ""),
                      email=who.get("email", ""),
                      url=who.get("homepage", ""), github=who.get("github", ""),
                      interests=cv["interests"], host=host)
    return init_site(folder, answers, overrides={k: v for k, v in files.items() if v},
                     aliases=aliases)


def interactive() -> bool:
    return sys.stdin.isatty()
