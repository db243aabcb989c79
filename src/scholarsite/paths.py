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


#: the folder an importer reads (None: no limit); links out of it are not followed
_READ_ROOT: ContextVar[Path | None] = ContextVar("scholarsite_read_root", default=None)


@contextmanager
def reading_inside(root: Path) -> Iterator[None]:
    """While importing ``root``, :func:`readable` says whether a path is inside it: a page
    that is a symbolic link to ``/etc/passwd`` or ``~/.ssh`` is someone else's file."""
    token = _READ_ROOT.set(root.resolve())
    try:
        yield
    finally:
        _READ_ROOT.reset(token)


def readable(path: Path) -> bool:
    """Whether ``path`` may be read: inside the folder being imported, links resolved."""
    root = _READ_ROOT.get()
    return root is None or path.resolve().is_relative_to(root)


def file_state(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """The file's modification time (ns) and size, None when there is no file: what the
    caches kept between builds compare to tell that a file changed."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
