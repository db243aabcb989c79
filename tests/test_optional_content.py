"""Optional content is optional: a CV section with no data is left out of every view (the CV
page, the PDF, cv.json), never shown as an empty heading. Built from the fixture site, whose
CV has no experience, services, teaching, skills or languages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from fixture_site import write_site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("optional")
    out = root / "html"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(write_site(root)), str(out)]) == 0
    return out


def test_cv_page_shows_only_sections_with_data(built: Path) -> None:
    page = BeautifulSoup((built / "cv.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")]
    assert headings == ["Research Interests", "Education", "Publications",
                        "Honors and Scholarships", "Miscellaneous"]


def test_cv_json_leaves_out_empty_sections(built: Path) -> None:
    document = json.loads((built / "cv.json").read_text(encoding="utf-8"))
    assert {"education", "awards", "publications", "interests"} <= set(document)
    assert not {"work", "volunteer", "skills", "languages", "projects"} & set(document)
    assert all(value != [] for value in document["basics"].values())


def test_cv_pdf_leaves_out_empty_sections(built: Path) -> None:
    text = subprocess.run(["pdftotext", str(built / "cv.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "EDUCATION" in text and "HONORS AND SCHOLARSHIPS" in text  # small caps
    for absent in ("TEACHING ACTIVITIES", "SKILLS", "LANGUAGES", "ACADEMIC SERVICES",
                   "PROFESSIONAL EXPERIENCE"):
        assert absent not in text
