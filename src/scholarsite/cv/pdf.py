"""The CV as a typeset PDF: CV data + publications → typst source → PDF bytes.

typst (the PyPI binding, fully offline: no package downloads) typesets the source rendered
from ``templates/cv/cv.typ``; :mod:`.typst_markup` turns every string from the owner's data into
typst string literals, so no character of a field can act as markup.

Each generated entry carries a ``// cv: <field>`` comment, so a typst error is reported with
the CV field it stands in. The PDF is written to a temporary file and renamed into place: a
failed build never leaves a half-written PDF.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

import typst

from ..options import BY_NAME
from ..atomic import write_atomically
from ..bib.publications import grouped
from ..errors import ScholarsiteError
from ..paths import file_state
from ..render import render
from ..sources import SiteData

PAPERS = ("a4", "us-letter")
DEFAULT_FONTS = tuple(BY_NAME["scholarsite_cv_fonts"].default)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def source_date_epoch() -> dt.date | None:
    """The date of SOURCE_DATE_EPOCH (reproducible builds), if set; checked, since Sphinx
    itself crashes on a value that is not a number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise ScholarsiteError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a time: set it to seconds since 1970 "
            "(e.g. $(git log -1 --format=%ct)) or unset it") from None


def source_date(updated: dt.date) -> dt.date:
    """The date printed and stamped in the PDF: SOURCE_DATE_EPOCH if set, else the CV's."""
    return source_date_epoch() or updated


def typst_source(data: SiteData, *, paper: str = "a4", show_phone: bool = False,
                 show_email: bool = False, fonts: tuple[str, ...] = DEFAULT_FONTS,
                 citation_summary: bool = False) -> str:
    """The complete typst document for the CV."""
    cv = data.cv
    pubs = list(data.publications)
    summary = data.context.counts.summary([p.key for p in pubs]) if citation_summary else None
    return render(
        "cv/cv.typ", cv=cv, groups=grouped(pubs), labels={p.key: p.label for p in pubs},
        legend=list(dict.fromkeys(pair for p in pubs for pair in p.legend)),
        show_phone=show_phone,
        show_email=show_email, paper=paper,
        fonts=fonts, date=source_date(cv.updated), tex=data.bib.tex,
        entries=data.bib.data.entries, summary=summary,
    )


def _field_at(source: str, line: int) -> str | None:
    for text in reversed(source.splitlines()[:line]):
        if match := re.search(r"// cv: (\S+)", text):
            return match[1]
    return None


def _check_fonts(source_text: str, fonts: tuple[str, ...]) -> None:
    if not _CJK.search(source_text):
        return
    available = set(typst.Fonts(include_system_fonts=True).families())
    if not available & set(fonts[1:]):
        raise ScholarsiteError(
            f"the CV has CJK text but none of the fonts {', '.join(fonts[1:])} is installed: "
            "install Debian's fonts-noto-cjk (or set scholarsite_cv_fonts in conf.py)")


def compile_pdf(data: SiteData, out: Path, *, paper: str = "a4", show_phone: bool = False,
                show_email: bool = False, fonts: tuple[str, ...] = DEFAULT_FONTS,
                citation_summary: bool = False, record: Path | None = None) -> Path:
    """Typeset the CV into ``out`` atomically; a typst error names the CV field.

    With ``record`` (a file among a build's caches), a source typeset before into an ``out``
    that is still as that run left it is not typeset again: most builds change no CV fact,
    and typesetting is a fifth of a one-note rebuild."""
    if paper not in PAPERS:
        raise ScholarsiteError(f"paper size {paper!r} is not supported: use {' or '.join(PAPERS)}")
    source = typst_source(data, paper=paper, show_phone=show_phone, show_email=show_email,
                          fonts=fonts, citation_summary=citation_summary)
    digest = hashlib.sha256(f"{typst.__version__}\n{source}".encode()).hexdigest()
    state = _state(digest, out)
    if record is not None and state is not None and _recorded(record) == state:
        return out
    _check_fonts(source, fonts)
    try:
        pdf = typst.compile(source.encode("utf-8"))
    except typst.TypstError as exc:
        raise ScholarsiteError(_explain(source, exc)) from None
    write_atomically(out, pdf)
    if record is not None:
        write_atomically(record, json.dumps(_state(digest, out)).encode())
    return out


def _state(digest: str, out: Path) -> list[object] | None:
    state = file_state(out)
    return None if state is None else [digest, *state]


def _recorded(record: Path) -> list[object] | None:
    try:
        return json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _explain(source: str, exc: typst.TypstError) -> str:
    """The error with the CV field of the innermost data line typst names (its call site)."""
    diagnostic = str(getattr(exc, "diagnostic", "") or exc)
    lines = [int(n) for n in re.findall(r"\.typ:(\d+):\d+", diagnostic)]
    field = next((f for line in reversed(lines) if (f := _field_at(source, line))), None)
    where = f"CV field {field}" if field else "the CV template"
    return f"typst could not typeset the CV at {where}: {getattr(exc, 'message', exc)}"
