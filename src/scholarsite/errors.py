"""The one exception type for bad owner input, free of Sphinx.

Loaders (bib/, cv/, notes/) and commands raise :class:`ScholarsiteError` with a message that
reads ``file:line: what is wrong: what to do``. Whoever runs them decides how to stop: the
CLI prints ``error: <message>``; inside Sphinx, :mod:`scholarsite.sphinx.failure` turns it
into one logged paragraph and a failed build, with no traceback and no crash report. Any
other exception is a bug and keeps its traceback, so the two are told apart.
"""

from __future__ import annotations

from pathlib import Path

from .paths import readable


class ScholarsiteError(Exception):
    """Bad input in a source file: says where, what is wrong and what to do."""


def located(path: str | Path, line: int | None, message: str) -> str:
    """Format ``file:line: message`` the way compilers do, so editors can jump to it."""
    where = str(path) if line is None else f"{path}:{line}"
    return f"{where}: {message}"


def read_text(path: Path, what: str) -> str:
    """A source file's text as UTF-8, a leading byte-order mark dropped (editors on Windows
    write one, and it would hide front matter); a file that is not UTF-8 fails naming the
    line of the first bad byte."""
    if not readable(path):
        raise ScholarsiteError(f"{path}: links to {path.resolve()}, outside the folder being "
                               f"imported: the {what} is not read; copy the file in or remove "
                               "the link")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScholarsiteError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScholarsiteError(located(
            path, line, f"byte 0x{data[exc.start]:02x} is not UTF-8: save the file as UTF-8 "
            "(most editors: 'Save with encoding')")) from None
    return text.removeprefix("\ufeff")
