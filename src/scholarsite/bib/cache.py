"""The checked bibliography kept between builds, keyed by the bytes of its files.

pybtex has no cache, and parsing and checking 5,000 entries takes over a second: most of a
rebuild that changed no .bib file. The result of :func:`load_bibliography` is pickled beside
the doctrees together with a digest of every file's path and bytes and of the code that read
them; any difference, and the files are read again. A missing or unreadable cache is simply
rebuilt; errors in the files are never cached, so they are reported on every build.
Beside it are the parsed entry commands, so an edit parses only what it touched. The entries'
digests (what views compare to tell an edited entry) are computed before pickling, so builds
that changed no .bib file read them instead of hashing thousands of entries.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pybtex

from ..atomic import write_atomically
from .chunks import Commands, parse_reusing
from .load import Bibliography, load_bibliography
from .publications import entry_digest

CACHE_NAME = "scholarsite-bibliography.pickle"
_CODE = sorted(Path(__file__).parent.glob("*.py"))


def _digest(paths: list[Path]) -> bytes:
    digest = hashlib.sha256(pybtex.__version__.encode())
    for code in _CODE:
        digest.update(code.read_bytes())
    for path in paths:
        digest.update(f"\0{path}\0".encode())
        digest.update(path.read_bytes())
    return digest.digest()


def cached_bibliography(paths: list[Path], cache_dir: Path | None) -> Bibliography:
    """:func:`load_bibliography` of ``paths``, from ``cache_dir`` when the files are
    unchanged since it was stored there; when they changed, unchanged entries are not parsed
    again (:mod:`.chunks`)."""
    if cache_dir is None or not all(path.is_file() for path in paths):
        return load_bibliography(paths)
    digest = _digest(paths)
    cache = cache_dir / CACHE_NAME
    previous: Commands = {}
    try:
        with cache.open("rb") as stored:
            # two blobs, so each build unpickles only the one it needs
            stored_digest, bib_blob, commands_blob = pickle.load(stored)
        if stored_digest == digest:
            bib = pickle.loads(bib_blob)
            if isinstance(bib, Bibliography):
                return bib
        previous = pickle.loads(commands_blob)
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError,
            ImportError):
        pass  # no cache yet, or one from other code: parse everything
    commands: Commands = {}
    parsed = parse_reusing(tuple(paths), previous, commands)
    # pickled now: loading resolves crossrefs into the very same entry objects
    commands_blob = pickle.dumps(commands if parsed is not None else {},
                                 protocol=pickle.HIGHEST_PROTOCOL)
    bib = load_bibliography(paths, parsed)
    for key in bib.data.entries:  # every build compares them: kept with the entries
        entry_digest(bib, key)
    bib_blob = pickle.dumps(bib, protocol=pickle.HIGHEST_PROTOCOL)
    write_atomically(cache, pickle.dumps((digest, bib_blob, commands_blob),
                                         protocol=pickle.HIGHEST_PROTOCOL))
    return bib
