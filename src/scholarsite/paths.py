"""File names made from untrusted text, the rule that output stays inside its folder, and
what tells that a file changed.

A BibTeX key, a note's key or a GitBook file name is text the owner (or a file they
imported) wrote: ``../../pwned`` is a valid BibTeX key. Every file name derived from such
text goes through :func:`safe_stem`, and every write into an output folder can be checked
with :func:`inside`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def safe_stem(text: str) -> str:
    """``text`` itself when it is a plain file name (letters, digits, ``_ . -``, not starting
    with a dot, at most 100 characters: every ordinary BibTeX key); otherwise a slug of it
    with a short hash, so that two different texts never share a name."""
    if _PLAIN.fullmatch(text) and not text.endswith("."):
        return text
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "entry"
    return f"{slug}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` (links resolved) lies inside ``root``."""
    return path.resolve().is_relative_to(root.resolve())


#: the folders an importer reads (empty: no limit); links out of them are not followed
_READ_ROOTS: ContextVar[tuple[Path, ...]] = ContextVar("scholarsite_read_roots", default=())


@contextmanager
def reading_inside(*roots: Path) -> Iterator[None]:
    """While importing, :func:`readable` says whether a path is inside ``roots`` (the site
    read, and the importer's own output folder): a page that is a symbolic link to
    ``/etc/passwd`` or ``~/.ssh`` is someone else's file."""
    token = _READ_ROOTS.set(tuple(root.resolve() for root in roots))
    try:
        yield
    finally:
        _READ_ROOTS.reset(token)


def readable(path: Path) -> bool:
    """Whether ``path`` may be read: inside the folders being imported, links resolved."""
    roots = _READ_ROOTS.get()
    return not roots or any(path.resolve().is_relative_to(root) for root in roots)


def file_state(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """The file's modification time (ns) and size, None when there is no file: what the
    caches kept between builds compare to tell that a file changed."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
