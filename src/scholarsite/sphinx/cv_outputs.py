"""``cv.pdf`` and ``cv.json`` written with every HTML build, from the same models as the pages.

They are written when the build has finished (so a failed build writes neither), into the
output root, where the CV and home pages link to them. The PDF is written atomically, and only
when its typst source differs from the last one or the file is not as that build left it.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from ..build import caching
from ..atomic import write_atomically
from ..cv.jsonresume import json_resume
from ..cv.pdf import compile_pdf
from .data import site_data

PDF_NAME = "cv.pdf"
JSON_NAME = "cv.json"
PDF_RECORD = "scholarsite-cv-pdf.json"  # what the last PDF was typeset from (cv.pdf.compile_pdf)


def build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    data = site_data(app.env)
    config = app.config
    out = Path(app.outdir)
    compile_pdf(data, out / PDF_NAME, paper=config.scholarsite_cv_paper,
                show_phone=config.scholarsite_show_phone,
                show_email=config.scholarsite_pdf_email,
                fonts=tuple(config.scholarsite_cv_fonts),
                citation_summary=config.scholarsite_citation_summary,
                record=Path(app.doctreedir) / PDF_RECORD if caching(app) else None)
    document = json_resume(data.cv, list(data.publications),
                           show_phone=config.scholarsite_show_phone)
    write_atomically(out / JSON_NAME,
                     (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode())
