"""A web page on a school, a position, a project or a teaching role links its name on the CV
page, in the PDF and in cv.json; only http(s) URLs are taken."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from conftest import build_status
from fixture_site import write_site

CV_LINKS = """\
experience:
  - organization: Example Lab
    url: https://lab.example.org/
    role: Researcher
    start: 2023
    projects:
      - title: The Engine
        url: https://engine.example.org/
        items: [Built it.]
"""


def test_urls_link_names_in_every_view(tmp_path: Path) -> None:
    docs = write_site(tmp_path / "site")
    cv = docs / "cv.yaml"
    cv.write_text(cv.read_text().replace("  - institution: Example University\n",
                                         "  - institution: Example University\n"
                                         "    url: https://uni.example.org/\n") + CV_LINKS)
    out = tmp_path / "out"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0
    page = BeautifulSoup((out / "cv.html").read_text(), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("article .ss-entry a, "
                                                          "article .ss-project a")}
    assert links["Example University"] == "https://uni.example.org/"
    assert links["Example Lab"] == "https://lab.example.org/"
    assert links["The Engine"] == "https://engine.example.org/"
    urls = subprocess.run(["pdfinfo", "-url", str(out / "cv.pdf")], capture_output=True,
                          text=True, check=True).stdout
    for url in ("https://uni.example.org/", "https://lab.example.org/",
                "https://engine.example.org/"):
        assert url in urls
    resume = json.loads((out / "cv.json").read_text())
    assert resume["education"][0]["url"] == "https://uni.example.org/"
    assert resume["work"][0]["url"] == "https://lab.example.org/"
    assert resume["projects"][0]["url"] == "https://engine.example.org/"


def test_a_url_must_be_http(tmp_path: Path, capsys) -> None:
    docs = write_site(tmp_path / "site")
    cv = docs / "cv.yaml"
    cv.write_text(cv.read_text().replace("  - institution: Example University\n",
                                         "  - institution: Example University\n"
                                         "    url: ftp://uni.example.org/\n"))
    assert build_status(["-q", "-b", "html", str(docs), str(tmp_path / "out")]) == 1
    assert "education[0].url" in capsys.readouterr().err


CUSTOM = """\
custom:
  - id: talks
    title: Invited Talks
    items:
      - "Talk at the [Example Seminar](https://seminar.example.org/), 2023"
      - text: Keynote on storage
        papers: [example2023own]
  - id: empty
    title: Nothing Yet
sections: [interests, talks, education, empty, honors]
"""


def test_custom_sections_where_the_owner_puts_them(tmp_path: Path) -> None:
    docs = write_site(tmp_path / "site")
    cv = docs / "cv.yaml"
    cv.write_text(cv.read_text() + CUSTOM)
    out = tmp_path / "out"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0
    page = BeautifulSoup((out / "cv.html").read_text(), "html.parser")
    assert [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")] == [
        "Research Interests", "Invited Talks", "Education", "Honors and Scholarships"]
    talks = page.select_one("#cv-talks")
    assert talks.select_one('a[href="https://seminar.example.org/"]').get_text() == \
        "Example Seminar"
    text = subprocess.run(["pdftotext", str(out / "cv.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert text.index("INVITED TALKS") < text.index("EDUCATION") and "NOTHING YET" not in text
    resume = json.loads((out / "cv.json").read_text())
    assert resume["x-scholarsite-sections"][0]["title"] == "Invited Talks"
    assert resume["x-scholarsite-sections"][0]["highlights"][0] == \
        "Talk at the Example Seminar (https://seminar.example.org/), 2023"  # text and URL


def test_an_unknown_section_names_the_choices(tmp_path: Path, capsys) -> None:
    docs = write_site(tmp_path / "site")
    cv = docs / "cv.yaml"
    cv.write_text(cv.read_text() + "sections: [interests, lectures]\n")
    assert build_status(["-q", "-b", "html", str(docs), str(tmp_path / "out")]) == 1
    assert "sections: 'lectures' is not a section: use interests, education" in \
        capsys.readouterr().err


COAUTHORS = """\
"doe":
  - firstname: ["Jane", "J."]
    url: https://jane.example.org/
"example":
  - firstname: ["Ada"]
    url: https://not-the-owner-link.example.org/
"""


def test_coauthors_link_in_lists_and_pages_but_not_the_owner(tmp_path: Path) -> None:
    docs = write_site(tmp_path / "site")
    (docs / "coauthors.yml").write_text(COAUTHORS)
    out = tmp_path / "out"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0
    for name in ("publications.html", "publications/example2023own.html", "cv.html",
                 "papers/doe2020read.html", "notes/first.html"):
        page = BeautifulSoup((out / name).read_text(), "html.parser")
        links = {a.get_text(): a["href"] for a in page.select("a.ss-coauthor")}
        assert links.get("Jane Doe") == "https://jane.example.org/", name
        assert "Ada Example" not in links, name


def test_a_coauthors_file_added_later_reaches_every_page(tmp_path: Path) -> None:
    """The file is optional; creating it rewrites the pages that list papers (incremental
    build equal to a clean one)."""
    docs = write_site(tmp_path / "site")
    out = tmp_path / "out"
    assert build_main(["-q", "-b", "html", str(docs), str(out)]) == 0
    (docs / "coauthors.yml").write_text(COAUTHORS)
    assert build_main(["-q", "-b", "html", str(docs), str(out)]) == 0
    clean = tmp_path / "clean"
    assert build_main(["-q", "-b", "html", str(docs), str(clean)]) == 0
    for name in ("publications.html", "notes/first.html", "index.html"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_a_bad_coauthors_file_names_the_line(tmp_path: Path, capsys) -> None:
    docs = write_site(tmp_path / "site")
    (docs / "coauthors.yml").write_text('"doe":\n  - firstname: [Jane]\n'
                                        "    url: javascript:alert(1)\n")
    assert build_status(["-q", "-b", "html", str(docs), str(tmp_path / "out")]) == 1
    assert "coauthors.yml:3: doe[0].url: URL 'javascript:alert(1)' is not allowed" in \
        capsys.readouterr().err
