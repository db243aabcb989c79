"""The checked bibliography kept between builds, keyed by the bytes of its files.

pybtex has no cache, and parsing and checking 5,000 entries takes over a second: most of a
rebuild that changed no .bib file. The result of :func:`load_bibliography` is pickled beside
the doctrees together with a digest of every file's path and bytes and of the code that read
them; any difference, and the files are read again. A missing or unreadable cache is simply
rebuilt; errors in the files are never cached, so they are reported on every build.
Beside it are the parsed entry commands, so an edit parses only what it touched. The entries'
digests (what views compare to tell an edited entry) are computed before pickling, so builds
that changed no .bib file read them instead of hashing thousands of entries.

A warm process (``scholarsite serve``: :func:`keep_in_memory`) also keeps the last
bibliography and its parsed commands in memory: after an edit it neither unpickles them nor
checks again the entries it already checked, and the pickle is written by :func:`save`, once
the rebuild is served (pickling 5,000 entries takes a fifth of a second).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

import pybtex

from ..atomic import write_atomically
from .chunks import Commands, parse_reusing
from .load import Bibliography, load_bibliography
from .publications import entry_digest

CACHE_NAME = "scholarsite-bibliography.pickle"
_CODE = sorted(Path(__file__).parent.glob("*.py"))
_UNREADABLE = (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError,
               AttributeError, ImportError)  # no cache yet, or one from other code


@dataclass
class _Loaded:
    """A bibliography as loaded in this process, and the cache file it belongs in."""

    cache: Path
    digest: bytes
    bib: Bibliography
    commands: Commands
    saved: bool


#: the last bibliography loaded, once :func:`keep_in_memory` turned keeping on (else None)
_KEPT: dict[str, _Loaded] | None = None


def keep_in_memory(on: bool = True) -> None:
    """Keep the last bibliography loaded in this process and defer writing its cache to
    :func:`save` (``on=False``: stop, and write at once again)."""
    global _KEPT
    _KEPT = {} if on else None


def _digest(paths: list[Path]) -> bytes:
    digest = hashlib.sha256(pybtex.__version__.encode())
    for code in _CODE:
        digest.update(code.read_bytes())
    for path in paths:
        digest.update(f"\0{path}\0".encode())
        digest.update(path.read_bytes())
    return digest.digest()


def _write(loaded: _Loaded) -> None:
    for key in loaded.bib.data.entries:  # every build compares them: kept with the entries
        entry_digest(loaded.bib, key)
    blobs = (pickle.dumps(loaded.bib, protocol=pickle.HIGHEST_PROTOCOL),
             pickle.dumps(loaded.commands, protocol=pickle.HIGHEST_PROTOCOL))
    write_atomically(loaded.cache, pickle.dumps((loaded.digest, *blobs),
                                                protocol=pickle.HIGHEST_PROTOCOL))
    loaded.saved = True


def save() -> None:
    """Write the cache of the bibliography kept in memory, if it is not written yet."""
    loaded = (_KEPT or {}).get("last")
    if loaded is not None and not loaded.saved:
        _write(loaded)


def _stored(cache: Path, digest: bytes, keeping: bool) -> _Loaded | Commands:
    """The cache file's bibliography when it is of ``digest``, else its parsed commands."""
    try:
        with cache.open("rb") as stored:
            # two blobs, so each build unpickles only the one it needs
            stored_digest, bib_blob, commands_blob = pickle.load(stored)
        if stored_digest == digest:
            bib = pickle.loads(bib_blob)
            if isinstance(bib, Bibliography):
                commands = pickle.loads(commands_blob) if keeping else {}
                return _Loaded(cache, digest, bib, commands, saved=True)
        return pickle.loads(commands_blob)
    except _UNREADABLE:
        return {}


def cached_bibliography(paths: list[Path], cache_dir: Path | None) -> Bibliography:
    """:func:`load_bibliography` of ``paths``, from ``cache_dir`` when the files are
    unchanged since it was stored there; when they changed, unchanged entries are not parsed
    again (:mod:`.chunks`)."""
    if cache_dir is None or not all(path.is_file() for path in paths):
        return load_bibliography(paths)
    digest = _digest(paths)
    cache = cache_dir / CACHE_NAME
    last = _KEPT.get("last") if _KEPT is not None else None
    if last is not None and last.cache != cache:
        last = None
    if last is not None and last.digest == digest:
        return last.bib
    previous = None
    if last is not None:
        previous, commands = last.bib, last.commands
    else:
        stored = _stored(cache, digest, keeping=_KEPT is not None)
        if isinstance(stored, _Loaded):
            if _KEPT is not None:
                _KEPT["last"] = stored
            return stored.bib
        commands = stored
    current: Commands = {}
    parsed = parse_reusing(tuple(paths), commands, current)
    loaded = _Loaded(cache, digest, load_bibliography(paths, parsed, previous),
                     current if parsed is not None else {}, saved=False)
    if _KEPT is None:
        _write(loaded)
    else:
        _KEPT["last"] = loaded
    return loaded.bib
