"""The checked bibliography kept between builds, keyed by the bytes of its files.

pybtex has no cache, and parsing and checking 5,000 entries takes over a second: most of a
rebuild that changed no .bib file. The result of :func:`load_bibliography` is pickled beside
the doctrees together with a digest of every file's path and bytes and of the code that read
them; any difference, and the files are read again. A missing or unreadable cache is simply
rebuilt; errors in the files are never cached, so they are reported on every build.
Beside it are the parsed entry commands, holding the bibliography's own entry objects, so an
edit parses, checks and digests only the entries it touched. The entries' digests (what views
compare to tell an edited entry) are computed before pickling, so builds that changed no .bib
file read them instead of hashing thousands of entries.

A warm process (``scholarsite serve``: :func:`keep_in_memory`) also keeps the last
bibliography and its parsed commands in memory: after an edit it neither unpickles them nor
checks again the entries it already checked, and the pickle is written by :func:`save`, once
the rebuild is served, in a process of its own (pickling 5,000 entries takes a fifth of a
second).
"""

from __future__ import annotations

import functools
import hashlib
import io
import multiprocessing
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pybtex
from pybtex.database import Entry

from ..atomic import write_atomically
from .chunks import Commands, parse_reusing
from .load import Bibliography, load_bibliography
from .publications import entry_digest

CACHE_NAME = "scholarsite-bibliography.pickle"
_CODE = sorted(Path(__file__).parent.glob("*.py"))
_UNREADABLE = (OSError, EOFError, ValueError, TypeError, KeyError, pickle.UnpicklingError,
               AttributeError, ImportError)


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


@functools.cache
def _code() -> bytes:
    """A digest of the code reading the files, as this process runs it."""
    digest = hashlib.sha256(pybtex.__version__.encode())
    for code in _CODE:
        digest.update(code.read_bytes())
    return digest.digest()


def _digest(paths: list[Path]) -> bytes:
    digest = hashlib.sha256(_code())
    for path in paths:
        digest.update(f"\0{path}\0".encode())
        digest.update(path.read_bytes())
    return digest.digest()


def _digests(loaded: _Loaded) -> None:
    for key in loaded.bib.by_key:  # every build compares them: kept with the entries
        entry_digest(loaded.bib, key)


class _CommandsPickler(pickle.Pickler):
    """Pickles the parsed commands with each entry the bibliography holds as it is (all but
    crossref children) named by its key: the file holds each entry once, and unpickled, the
    commands hold the bibliography's very entry objects (which says which were checked)."""

    def __init__(self, file: io.BytesIO, entries: Mapping[str, Entry]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.entries = entries

    def persistent_id(self, obj: object) -> str | None:
        if isinstance(obj, Entry) and self.entries.get(obj.key) is obj:
            return obj.key
        return None


class _CommandsUnpickler(pickle.Unpickler):
    def __init__(self, blob: bytes, entries: Mapping[str, Entry]) -> None:
        super().__init__(io.BytesIO(blob))
        self.entries = entries

    def persistent_load(self, key: str) -> Entry:
        return self.entries[key]


def _write(loaded: _Loaded) -> None:
    commands = io.BytesIO()
    _CommandsPickler(commands, loaded.bib.data.entries).dump(loaded.commands)
    blobs = (pickle.dumps(loaded.bib, protocol=pickle.HIGHEST_PROTOCOL), commands.getvalue())
    write_atomically(loaded.cache, pickle.dumps((_code(), loaded.digest, *blobs),
                                                protocol=pickle.HIGHEST_PROTOCOL))


def save(background: bool = False) -> None:
    """Write the cache of the bibliography kept in memory, if it is not written yet; with
    ``background``, in a process forked for it (this one goes on watching for edits)."""
    loaded = (_KEPT or {}).get("last")
    if loaded is None or loaded.saved:
        return
    _digests(loaded)  # here: the next edit takes the unchanged entries' digests from it
    if background:
        multiprocessing.get_context("fork").Process(target=_write, args=(loaded,)).start()
    else:
        _write(loaded)
    loaded.saved = True


def _stored(cache: Path, digest: bytes, keeping: bool) -> _Loaded | None:
    """The bibliography in the cache file, and its parsed commands unless it is of
    ``digest`` and not to be kept (a build that changed no .bib file needs no more)."""
    try:
        with cache.open("rb") as stored:
            # two blobs, so such a build unpickles only the one it needs
            code, stored_digest, bib_blob, commands_blob = pickle.load(stored)
        if code != _code():  # read by other code: its checks may not be this code's
            return None
        bib = pickle.loads(bib_blob)
        if not isinstance(bib, Bibliography):
            return None
        commands = {} if stored_digest == digest and not keeping else \
            _CommandsUnpickler(commands_blob, bib.data.entries).load()
        return _Loaded(cache, stored_digest, bib, commands, saved=True)
    except _UNREADABLE:
        return None  # no cache yet, or one from other code: parse everything


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
    if last is None:
        last = _stored(cache, digest, keeping=_KEPT is not None)
        if last is not None and last.digest == digest:
            if _KEPT is not None:
                _KEPT["last"] = last
            return last.bib
    current: Commands = {}
    parsed = parse_reusing(tuple(paths), last.commands if last else {}, current)
    loaded = _Loaded(cache, digest, load_bibliography(paths, parsed, last and last.bib),
                     current if parsed is not None else {}, saved=False)
    if _KEPT is None:
        _digests(loaded)
        _write(loaded)
    else:
        _KEPT["last"] = loaded
    return loaded.bib
