"""A web page on a school, a position, a project or a teaching role links its name on the CV
page, in the PDF and in cv.json; only http(s) URLs are taken."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

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
    try:
        status = build_main(["-q", "-b", "html", str(docs), str(tmp_path / "out")])
    except SystemExit as stop:
        status = stop.code
    assert status == 1
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
    cv.write_text(cv.read_text() + "sections: [interests, talks]\n")
    try:
        status = build_main(["-q", "-b", "html", str(docs), str(tmp_path / "out")])
    except SystemExit as stop:
        status = stop.code
    assert status == 1
    assert "sections: 'talks' is not a section: use interests, education" in \
        capsys.readouterr().err
