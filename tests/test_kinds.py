"""Kinds of publication beyond papers (books, chapters, theses, reports, patents, software,
datasets) get their own groups and labels; an entry without a venue ends after its title in
every view; the BibTeX reveal shows standard fields only."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from fixture_site import write_site

ENTRIES = """
@book{example2021book, author = {Example, Ada}, title = {A Book}, publisher = {Example Press},
  year = {2021}}
@incollection{example2020chapter, author = {Example, Ada}, title = {A Chapter},
  booktitle = {The Collection}, publisher = {Example Press}, year = {2020}}
@phdthesis{example2019thesis, author = {Example, Ada}, title = {A Thesis},
  school = {Example University}, year = {2019}}
@techreport{example2018report, author = {Example, Ada}, title = {A Report},
  institution = {Example Lab}, year = {2018}}
@patent{example2022patent, author = {Example, Ada}, title = {A Patent}, number = {US1234567},
  type = {U.S. Patent}, year = {2022}}
@software{example2023tool, author = {Example, Ada}, title = {A Tool}, version = {2.1},
  year = {2023}, titel = {typo}, abbr = {TOOL}}
@dataset{example2024data, author = {Example, Ada}, title = {A Dataset}, year = {2024}}
@misc{example1905novenue, author = {Example, Ada}, title = {On Nothing in Particular}}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kinds")
    docs = write_site(root)
    (root / "refs.bib").write_text((root / "refs.bib").read_text() +
                                   ENTRIES.replace("title = {On Nothing in Particular}}",
                                                   "title = {On Nothing in Particular},"
                                                   " year = {1905}}"))
    out = root / "html"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0
    return out


def test_each_kind_has_its_group_and_labels(built: Path) -> None:
    page = BeautifulSoup((built / "publications.html").read_text(), "html.parser")
    groups = {h.get_text(strip=True).rstrip("¶"): [s.get_text() for s in
                                                   h.find_parent("section").select(".ss-pub__label")]
              for h in page.select("article section h2")}
    assert groups["Books"] == ["[B1]"] and groups["Book Chapters"] == ["[BC1]"]
    assert groups["Theses"] == ["[T1]"] and groups["Technical Reports"] == ["[R1]"]
    assert groups["Patents"] == ["[Pat1]"] and groups["Software"] == ["[S1]"]
    assert groups["Datasets"] == ["[D1]"]
    text = page.get_text(" ")
    assert "U.S. Patent US1234567" in text and "version 2.1" in text


def test_no_venue_leaves_no_stray_punctuation(built: Path) -> None:
    page = BeautifulSoup((built / "publications.html").read_text(), "html.parser")
    entry = next(li for li in page.select("li.ss-pub") if "Nothing" in li.get_text())
    reference = re.sub(r"\s+", " ", entry.select_one(".ss-pub__body").get_text(" ", strip=True))
    assert "“ On Nothing in Particular ,” 1905." in reference
    dataset = next(li for li in page.select("li.ss-pub") if "A Dataset" in li.get_text())
    assert not re.search(r",\s*,|,”\s*,|\(\s*\)", dataset.get_text(" "))
    pdf = subprocess.run(["pdftotext", str(built / "cv.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert not re.search(r",”\s*,", pdf) and "“On Nothing in Particular,” 1905." in \
        re.sub(r"\s+", " ", pdf)


def test_bibtex_reveal_shows_standard_fields_only(built: Path) -> None:
    page = BeautifulSoup((built / "publications" / "example2023tool.html").read_text(),
                         "html.parser")
    bibtex = page.select_one("pre").get_text()
    assert "version = " in bibtex and "titel" not in bibtex and "abbr" not in bibtex


def test_thumbnails_lazy_sized_and_linked_from_every_depth(tmp_path: Path, capsys) -> None:
    from edits import png

    from scholarsite.cli import main

    docs = write_site(tmp_path / "site")
    (docs / "papers").mkdir()
    (docs / "papers" / "own.png").write_bytes(png(8))
    (docs / "papers" / "big.png").write_bytes(png(8) + b"\0" * 400_000)
    bib = tmp_path / "site" / "refs.bib"
    bib.write_text(bib.read_text().replace("  selected  = {true}",
                                           "  selected  = {true},\n  preview = {papers/own.png}")
                   + "@misc{example2020big, author = {Example, Ada}, title = {Big},"
                     " year = {2020}, preview = {papers/big.png}}\n")
    out = tmp_path / "out"
    assert main(["check", str(docs), "--out", str(out)]) == 0
    assert re.search(r"refs\.bib:\d+: warning: example2020big: preview papers/big\.png is 39\d "
                     r"KB: make it smaller than 300 KB", capsys.readouterr().err)
    for name, src in (("publications.html", "papers/own.png"),
                      ("publications/example2023own.html", "../papers/own.png"),
                      ("index.html", "papers/own.png")):
        img = BeautifulSoup((out / name).read_text(), "html.parser").select_one(
            'img.ss-pub__preview[src$="own.png"]')
        assert img["src"] == src and img["alt"] == "An Own Paper on Storage", name
        assert (img["loading"], img["width"], img["height"]) == ("lazy", "160", "120")
    assert (out / "papers" / "own.png").read_bytes() == png(8)
