"""Author marks: from fields (equal, corresponding, author+an) or typed after names
(al-folio's ``Einstein*†``); never printed raw in names, meta tags or JSON-LD; a legend line
per mark in lists, paper pages, the references page and the PDF."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from fixture_site import write_site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("marks")
    docs = write_site(root)
    bib = root / "refs.bib"
    bib.write_text(bib.read_text()
                   .replace("author    = {Example, Ada and Doe, Jane}",
                            "author    = {Example*†, Ada and Doe*, Jane and Roe§, Rick}")
                   .replace("author  = {Doe, Jane and Roe, Richard}",
                            "author  = {Doe, Jane and Roe, Richard},\n  corresponding = {2}"))
    (docs / "conf.py").write_text((docs / "conf.py").read_text() +
                                  'scholarsite_author_marks = {"§": "work done at Example Lab"}\n')
    out = root / "html"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0
    return out


def soup(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


def test_marks_follow_the_names_and_the_legend_explains_them(built: Path) -> None:
    page = soup(built, "publications.html")
    authors = page.select_one(".ss-pub__authors").get_text()
    assert authors == "Ada Example*†, Jane Doe*, and Rick Roe§"
    assert page.select_one(".ss-owner").get_text() == "Ada Example*†"  # still the owner
    legend = [p.get_text() for p in page.select(".ss-legend")]
    assert legend == ["* denotes co-first authors", "† denotes corresponding authors",
                      "§ denotes work done at Example Lab"]


def test_marks_never_reach_meta_tags_json_ld_or_bibtex(built: Path) -> None:
    page = soup(built, "publications/example2023own.html")
    assert [m["content"] for m in page.select('meta[name="citation_author"]')] == [
        "Ada Example", "Jane Doe", "Rick Roe"]
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert [a["name"] for a in data["author"]] == ["Ada Example", "Jane Doe", "Rick Roe"]
    bibtex = page.select_one("pre").get_text()
    assert "Example, Ada" in bibtex and not re.search(r"[*†§]", bibtex)


def test_a_field_mark_on_a_paper_read_and_its_reference(built: Path) -> None:
    references = soup(built, "references.html")
    assert "Richard Roe†" in references.get_text()
    assert "† denotes corresponding authors" in [p.get_text() for p in
                                                 references.select(".ss-legend")]


def test_pdf_shows_marks_and_legend(built: Path) -> None:
    text = subprocess.run(["pdftotext", str(built / "cv.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert "Ada Example*†" in flat and "§ denotes work done at Example Lab" in flat
