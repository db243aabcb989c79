"""A publication list using every feature at once: the venue registry (badges, kinds, rank and
acceptance, lint), al-folio's fields (annotation, additional_info, identifier links), read
back from the built HTML, the CV PDF and ``scholarsite check``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from fixture_site import write_site

VENUES = """\
OSDI:
  name: USENIX Symposium on Operating Systems Design and Implementation
  url: https://www.usenix.org/conference/osdi24
  color: "#ffd700"
  rank: CCF A
  acceptance: {2024: "19%"}
HotStorage:
  name: ACM Workshop on Hot Topics in Storage and File Systems
  kind: workshop
"Phys. Rev.":
  url: https://journals.aps.org/
"""

ENTRIES = r"""
@inproceedings{example2024osdi, author = {Example, Ada* and Doe, Jane* and Roe, Richard†},
  title = {Fast {OSDI} Things},
  booktitle = {Proceedings of the 18th USENIX Symposium on Operating Systems Design and Implementation (OSDI '24)},
  year = {2024}, hal = {hal-01234567}, pmid = {12345678}, arxiv = {2401.00001},
  annotation = {Alphabetical order<br>Work done at the *Example* Lab},
  additional_info = {. *More* at [the lab](https://lab.example.org/)}}
@inproceedings{example2022osdi, author = {Example, Ada}, title = {Older OSDI Things},
  booktitle = {Proc. of OSDI (OSDI '22)}, year = {2022}}
@inproceedings{example2023hot, author = {Example, Ada}, title = {A Hot Topic},
  booktitle = {HotStorage '23}, year = {2023}}
@article{example2021prl, author = {Example, Ada}, title = {A Letter},
  journal = {Physical Review Letters}, abbr = {Phys. Rev.}, year = {2021}}
@inproceedings{example2020nosuch, author = {Example, Ada}, title = {Nowhere},
  booktitle = {Some Conference}, abbr = {NoSuch}, year = {2020}}
@inproceedings{example2019socc, author = {Example, Ada}, title = {Cloud One},
  booktitle = {Proceedings of the ACM Symposium on Cloud Computing (SoCC '19)}, year = {2019}}
@inproceedings{example2018socc, author = {Example, Ada}, title = {Cloud Two},
  booktitle = {SoCC: Cloud Computing Symposium (SoCC '18)}, year = {2018}}
@article{example2099next, author = {Example, Ada}, title = {Not Out Yet},
  journal = {Journal of Examples}, year = {forthcoming}}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("features")
    docs = write_site(root)
    (docs / "venues.yml").write_text(VENUES, encoding="utf-8")
    with (root / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(ENTRIES)
    return root


@pytest.fixture(scope="module")
def built(site: Path) -> Path:
    out = site / "html"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(site / "docs"), str(out)]) == 0
    return out


def entry(built: Path, key: str) -> BeautifulSoup:
    page = BeautifulSoup((built / "publications.html").read_text(encoding="utf-8"),
                         "html.parser")
    found = page.find("li", id=key)
    assert found is not None, key
    return found


def text(node: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True))


def test_venue_badges_from_the_registry(built: Path) -> None:
    osdi = entry(built, "example2024osdi").select_one(".ss-pub__side .ss-venue")
    assert (osdi.name, osdi.get_text(), osdi["href"]) == (
        "a", "OSDI", "https://www.usenix.org/conference/osdi24")
    assert osdi["title"].startswith("USENIX Symposium on Operating Systems")
    assert osdi["style"] == "--ss-venue: #ffd700; --ss-venue-ink: #000"  # dark text on gold
    chips = [text(c) for c in entry(built, "example2024osdi").select(".ss-venue-note")]
    assert chips == ["CCF A", "acceptance rate 19%"]
    older = entry(built, "example2022osdi")  # matched by its short name; no rate that year
    assert older.select_one(".ss-venue").get_text() == "OSDI"
    assert [text(c) for c in older.select(".ss-venue-note")] == ["CCF A"]
    prl = entry(built, "example2021prl").select_one(".ss-venue")  # abbr, URL, no name
    assert (prl.name, prl["href"], prl.get("title"), prl.get("style")) == (
        "a", "https://journals.aps.org/", None, None)
    plain = entry(built, "example2020nosuch").select_one(".ss-venue")  # al-folio's plain abbr
    assert (plain.name, plain.get_text()) == ("span", "NoSuch")
    assert entry(built, "example2019socc").select_one(".ss-venue") is None
    paper = BeautifulSoup((built / "publications" / "example2024osdi.html").read_text(
        encoding="utf-8"), "html.parser")
    assert paper.select_one(".ss-paper__venue .ss-venue").get_text() == "OSDI"


def test_registry_kind_files_a_paper_under_workshops(built: Path) -> None:
    hot = entry(built, "example2023hot")
    assert hot.select_one(".ss-pub__label").get_text() == "[W1]"
    assert hot.find_parent("section").find("h2").get_text().startswith("Workshop Papers")


def test_annotation_additional_info_and_identifier_links(built: Path) -> None:
    osdi = entry(built, "example2024osdi")
    annotation = osdi.select_one(".ss-pub__annotation")
    assert annotation.find("br") is not None and annotation.find("em").get_text() == "Example"
    assert "Alphabetical order" in text(annotation) and "<br>" not in text(annotation)
    additional = osdi.select_one(".ss-pub__additional")
    assert additional.find("em").get_text() == "More"
    assert additional.find("a")["href"] == "https://lab.example.org/"
    assert not text(additional).startswith(".")
    links = {a.get_text(): a["href"] for a in osdi.select(".ss-pub__actions a.ss-button")}
    assert links["HAL"] == "https://hal.science/hal-01234567"
    assert links["PubMed"] == "https://pubmed.ncbi.nlm.nih.gov/12345678/"
    assert links["arXiv"] == "https://arxiv.org/abs/2401.00001"
    assert [mark.get_text() for mark in osdi.select(".ss-mark")] == ["*", "*", "†"]


def test_pdf_shows_full_venue_notes_and_al_folio_texts(built: Path) -> None:
    pdf = subprocess.run(["pdftotext", str(built / "cv.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", pdf)
    assert "Operating Systems Design and Implementation (OSDI ’24)" in flat or \
        "Operating Systems Design and Implementation (OSDI '24)" in flat
    assert "(CCF A; acceptance rate 19%)" in flat
    assert "(Alphabetical order Work done at the Example Lab)" in flat or \
        "Alphabetical order" in flat and "Work done at the Example Lab" in flat
    assert "More at the lab" in flat


def test_check_lints_venues_with_the_registry(site: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "from scholarsite.cli import run; run()",
                           "check", "docs"], cwd=site, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "example2020nosuch: abbr 'NoSuch' is not in" in done.stderr
    assert "venue SOCC is written 2 ways" in done.stderr and "aliases" in done.stderr
    assert "venue OSDI is written" not in done.stderr  # the registry merges its spellings
    assert "unknown to scholarsite" not in done.stderr  # al-folio's fields are known


@pytest.mark.parametrize(("venues", "expected"), [
    ('ATC:\n  color: red\n', "venues.yml:2: ATC.color: colour 'red' is not a hex colour"),
    ('ATC:\n  url: javascript:alert(1)\n', "venues.yml:2: ATC.url:"),
    ('ATC:\n  kind: symposium\n', "venues.yml:2: ATC.kind:"),
    ('ATC:\n  colour: "#fff"\n', "venues.yml:2: ATC.colour: Extra inputs are not permitted"),
])
def test_bad_venues_file_fails_with_its_line(tmp_path: Path, failing_build, venues: str,
                                             expected: str) -> None:
    docs = write_site(tmp_path)
    (docs / "venues.yml").write_text(venues, encoding="utf-8")
    assert expected in failing_build(docs)


def test_labels_own_papers_like_the_cv_and_others_alpha(built: Path) -> None:
    references = BeautifulSoup((built / "references.html").read_text(encoding="utf-8"),
                               "html.parser")
    labels = {c["id"]: c.select_one(".label").get_text() for c in references.select(".citation")}
    own = entry(built, "example2023own").select_one(".ss-pub__label").get_text()
    assert labels["cite-example2023own"] == own  # [C…] as on the list
    assert re.fullmatch(r"\[DR20\]", labels["cite-doe2020read"])  # another's paper: alpha
    note = BeautifulSoup((built / "notes" / "first.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert own.strip("[]") in {a.get_text() for a in note.select(".bibtex-citation a")}


def test_a_paper_with_no_year_yet_is_listed_first_as_forthcoming(built: Path) -> None:
    """al-folio sites write year = {forthcoming}: listed, newest, dated by its state, and
    no date is invented for it in meta tags or JSON-LD."""
    found = entry(built, "example2099next")
    assert "Journal of Examples , Forthcoming." in text(found)
    page = BeautifulSoup((built / "publications.html").read_text(encoding="utf-8"),
                         "html.parser")
    journals = [li["id"] for li in page.select("li.ss-pub") if li["id"] in
                {"example2099next", "example2021prl"}]
    assert journals == ["example2099next", "example2021prl"]  # newest first
    paper = (built / "publications" / "example2099next.html").read_text(encoding="utf-8")
    assert "citation_publication_date" not in paper and "datePublished" not in paper
    assert "Journal of Examples, Forthcoming." in paper
