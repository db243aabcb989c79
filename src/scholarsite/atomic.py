"""Writing build outputs whole or not at all: a temporary file renamed into place.

A failed or interrupted build must never leave a half-written PDF or JSON file where a
visitor (or a deploy step) would pick it up.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}-",
                                     delete=False) as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o644)  # mkstemp makes 0600; a web server must read the file
    os.replace(tmp.name, path)


def replace_with_backup(path: Path, data: bytes) -> Path:
    """A user's file replaced whole by ``data`` (a command that rewrites cv.yaml or refs.bib),
    what it held kept first beside it as ``<name>.bak`` (``.bak.2``... when that is taken,
    so no earlier backup is lost). The backup's path."""
    backup, number = path.with_name(f"{path.name}.bak"), 1
    while backup.exists():
        number += 1
        backup = path.with_name(f"{path.name}.bak.{number}")
    write_atomically(backup, path.read_bytes())
    write_atomically(path, data)
    return backup
