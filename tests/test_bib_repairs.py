"""Real .bib files of imported sites, read entry by entry: what is repaired (each reported
with its line), and an entry the build would refuse is left out saying what it lacks."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import Person

from scholarsite.importers.bibtex import clean_bib, read_bib
from scholarsite.importers.owner import Owner
from scholarsite.importers.report import Report

BIB = """\
@article{lost,
title={A lost brace},
author={Doe, Jane},
journal={J},
year={2025},
html=https://example.org/paper},
doi={10.1000/xyz},
abbr={J}
}

@misc{ends, title = {Ends well}, author = {Doe, Jane}, year = 2020}

@misc{noyear,
  author = {Jane Doe and Ann Roe},
  title = {No year},
  note = {forthcoming}
}

@article{nocomma,
  title={Lost comma},
  author={Doe, Jane},
  journal={J},
  year={2023}
  abstract = {An abstract, with {braces} and a = sign}
}

@article{merged,
  title={Merged},
  author={Doe, Jane},
<<<<<<< HEAD
  journal={Ours},
=======
  journal={Theirs},
>>>>>>> 1234abc
  year={2022}
}

@article{commas, author = {Jane Doe, Ann Roe, Bob Poe}, title = {T}, journal = {J},
  year = {2021}, url = https://example.org/bare}
"""


def test_repairs_named_by_line_and_entries_left_out_say_why(tmp_path: Path) -> None:
    path = tmp_path / "papers.bib"
    path.write_text(BIB, encoding="utf-8")
    report = Report()
    data = read_bib(path, report)
    assert data.entries["lost"].fields["html"] == "https://example.org/paper"
    assert data.entries["lost"].fields["doi"] == "10.1000/xyz"  # fields after it kept
    assert data.entries["ends"].fields["year"] == "2020"  # a closing brace is not lost
    assert [str(p) for p in data.entries["commas"].persons["author"]] == \
        ["Doe, Jane", "Roe, Ann", "Poe, Bob"]
    assert data.entries["commas"].fields["url"] == "https://example.org/bare"
    text = str(report)
    assert f"{path}:6: html= https://example.org/paper}}: the value's opening brace added" \
        in text
    assert "authors separated by commas" in text
    assert data.entries["nocomma"].fields["abstract"].startswith("An abstract")
    assert "a comma added after 'year={2023}'" in text
    assert data.entries["merged"].fields["journal"] == "Ours"
    assert "a git merge conflict left in the file: its first side kept" in text
    clean_bib(data, path, Owner("Jane Doe", ["Jane Doe"]), report, lambda *_: None)
    assert "noyear: lacks year: add it; entry not imported" in str(report)
    assert all(isinstance(p, Person) for p in data.entries["lost"].persons["author"])
