"""``scholarsite import-jsonresume``: a messy JSON Resume (written here from the documented
schema: missing, extra and odd fields, three date forms) becomes a site that builds and
passes ``check``; every field is carried over or listed; our own cv.json goes round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from scholarsite.cli import main
from scholarsite.cv.load import load_cv

AWKWARD = Path(__file__).parent / "data" / "jsonresume" / "awkward.json"


def run(args: list[str], capsys) -> tuple[int, str, str]:
    status = main(args)
    printed = capsys.readouterr()
    return status, printed.out, printed.err


@pytest.fixture
def imported(tmp_path: Path, capsys) -> tuple[Path, str]:
    status, out, err = run(["import-jsonresume", str(AWKWARD), str(tmp_path / "site")], capsys)
    assert status == 0, err
    return tmp_path / "site", out


def test_fields_land_in_the_cv(imported: tuple[Path, str]) -> None:
    site, _ = imported
    cv = load_cv(site / "docs" / "cv.yaml")[0]
    who = cv.identity
    assert (who.name, who.position, who.email, who.phone, who.homepage, who.github,
            who.linkedin) == ("Marie Curie-Skłodowska", "Professor of Physics",
                              "marie@example.org", "+33 1 00 00 00 00",
                              "https://marie.example.org", "mcurie", "marie-curie")
    assert who.address == "1 Rue Pierre, Paris, FR"
    assert cv.interests == "Radioactivity, *polonium* and radium."
    assert [(p.organization, p.role, p.period) for p in cv.experience] == [
        ("University of Paris", "Professor", "May 1906 – Present"),
        ("ESPCI", "Researcher", "1895 – Apr. 1906")]
    assert [i.text for i in cv.experience[0].items] == ["First woman professor.",
                                                         "Taught physics"]
    assert cv.experience[0].url == "https://u-paris.fr"
    edu = cv.education[0]
    assert (edu.degree, edu.gpa, edu.period, edu.items[0].text) == (
        "Doctorate in Physics", "très honorable", "1897 – Jun. 1903", "Physics")
    assert [(h.title, h.when) for h in cv.honors] == [("Nobel Prize in Physics", "Dec. 1903"),
                                                      ("Nobel Prize in Chemistry", "1911")]
    assert [(s.category, s.items) for s in cv.skills] == [
        ("Chemistry", ["isolation", "spectroscopy"]), ("Driving", ["Expert"])]
    assert [lang.text for lang in cv.languages] == ["Polish (Native speaker)", "French"]
    assert cv.misc == ["Cycling: touring",
                       "**[Radium Institute](https://example.org/ri)**: Founded a lab."]
    assert [(p.organization, p.role) for p in cv.other_experience] == [("Red Cross",
                                                                        "Radiologist")]
    assert str(cv.updated) == "2024-02-03"


def test_every_field_left_out_is_reported(imported: tuple[Path, str]) -> None:
    _, report = imported
    for where in ("favouriteColour", "basics.profiles[2]", "basics.image",
                  "work[2].startDate", "work[2].role", "awards[0].summary", "awards[2].date",
                  "references[0]"):
        assert re.search(rf"not converted: awkward\.json: {re.escape(where)}:", report), where
    assert "work: 2 of 3 carried over" in report and "certificates" not in report
    assert "days dropped" in report and "add your co-authors" in report


def test_imported_site_builds_passes_check_and_lists_the_paper(imported: tuple[Path, str],
                                                               tmp_path: Path, capsys) -> None:
    site, _ = imported
    status, _, err = run(["check", str(site / "docs"), "--out", str(tmp_path / "out")], capsys)
    assert status == 0, err
    page = (tmp_path / "out" / "publications.html").read_text(encoding="utf-8")
    assert "Recherches sur les substances radioactives" in page
    assert "Thesis {with braces}." in (tmp_path / "out" / "publications" /
                                       "curieskodowska1903recherches.html").read_text()


def test_round_trip_through_our_own_cv_json(imported: tuple[Path, str], tmp_path: Path,
                                            capsys) -> None:
    site, _ = imported
    assert main(["build", str(site / "docs"), "--out", str(tmp_path / "one")]) == 0
    first = json.loads((tmp_path / "one" / "cv.json").read_text(encoding="utf-8"))
    status, _, err = run(["import-jsonresume", str(tmp_path / "one" / "cv.json"),
                          str(tmp_path / "again")], capsys)
    assert status == 0, err
    assert main(["build", str(tmp_path / "again" / "docs"), "--out",
                 str(tmp_path / "two")]) == 0
    second = json.loads((tmp_path / "two" / "cv.json").read_text(encoding="utf-8"))
    for section in ("education", "awards", "skills", "languages", "volunteer", "interests"):
        assert second.get(section) == first.get(section), section
    assert [(w["name"], w["position"]) for w in second["work"]] == \
        [(w["name"], w["position"]) for w in first["work"]]
    assert second["basics"]["name"] == first["basics"]["name"]


@pytest.mark.parametrize(("content", "message"), [
    ('{"basics": {"name": "A",}', r"resume\.json:1: invalid JSON"),
    ("[1, 2]", r"not a JSON Resume: it needs a \"basics\" object"),
    ('{"work": []}', r"not a JSON Resume"),
    ('{"basics": {"label": "x"}}', r"basics\.name is empty"),
    (b'{"basics": {"name": "Jos\xe9"}}', r"resume\.json:1: byte 0xe9 is not UTF-8"),
])
def test_bad_files_are_named(content: str | bytes, message: str, tmp_path: Path,
                             capsys) -> None:
    path = tmp_path / "resume.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    status, _, err = run(["import-jsonresume", str(path), str(tmp_path / "site")], capsys)
    assert status == 1 and re.search(message, err), err
    assert not (tmp_path / "site").exists()


def test_an_existing_cv_is_replaced_only_with_force(imported: tuple[Path, str],
                                                    capsys) -> None:
    site, _ = imported
    (site / "docs" / "cv.yaml").write_text("mine")
    status, _, err = run(["import-jsonresume", str(AWKWARD), str(site)], capsys)
    assert status == 1 and "exists already" in err and "--force" in err
    assert (site / "docs" / "cv.yaml").read_text() == "mine"
    status, _, _ = run(["import-jsonresume", str(AWKWARD), str(site), "--force"], capsys)
    assert status == 0 and load_cv(site / "docs" / "cv.yaml")[0].identity.name.startswith("Marie")


COMMENTED = """\
// exported by hand, then edited
{
  "basics": {
    "name": "Grace Hopper", /* as on her papers */
    "label": "Professor",
    "url": "https://grace.example.org/",
  },
  "education": [
    {"institution": "Yale University", "studyType": "Ph.D.", "area": "Mathematics",
     "startDate": "1930", "endDate": "1934",},
  ],
}
"""


def test_comments_and_trailing_commas_are_read_and_reported(tmp_path: Path, capsys) -> None:
    resume = tmp_path / "resume.json"
    resume.write_text(COMMENTED)
    status, out, err = run(["import-jsonresume", str(resume), str(tmp_path / "site")], capsys)
    assert status == 0, err
    assert "note: resume.json has comments or trailing commas (JSON5)" in out
    cv = load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0]
    assert cv.identity.name == "Grace Hopper"
    assert cv.education[0].institution == "Yale University"


@pytest.mark.parametrize(("text", "line"), [
    ('{\n  "basics": {"name": "A"},\n  "work": [1 2]\n}\n', 3),
    ('// a comment\n{\n  "basics": tru,\n}\n', 3),
    ("[" * 100_000 + "]" * 100_000, None),
])
def test_json_neither_strict_nor_json5_is_one_error_with_its_line(
        tmp_path: Path, capsys, text: str, line: int | None) -> None:
    resume = tmp_path / "resume.json"
    resume.write_text(text)
    status, out, err = run(["import-jsonresume", str(resume), str(tmp_path / "site")], capsys)
    assert status == 1 and "Traceback" not in err
    assert err.startswith(f"error: {resume}" + (f":{line}: invalid JSON" if line else ": "))
    assert not (tmp_path / "site").exists()


def test_force_twice_adds_nothing_twice_and_keeps_what_it_replaced(tmp_path: Path,
                                                                  capsys) -> None:
    site = tmp_path / "site"
    assert run(["import-jsonresume", str(AWKWARD), str(site)], capsys)[0] == 0
    refs = (site / "refs.bib").read_bytes()
    keys = set(parse_file(str(site / "refs.bib")).entries)
    assert keys  # the resume's publications
    (site / "docs" / "cv.yaml").write_text((site / "docs" / "cv.yaml").read_text() + "# mine\n")
    mine = (site / "docs" / "cv.yaml").read_bytes()
    for _ in range(2):
        status, out, _ = run(["import-jsonresume", str(AWKWARD), str(site), "--force"], capsys)
        assert status == 0 and "in refs.bib already: not added again" in out
    assert (site / "refs.bib").read_bytes() == refs  # nothing added twice, nothing rewritten
    assert (site / "docs" / "cv.yaml.bak").read_bytes() == mine
    assert (site / "docs" / "cv.yaml.bak.2").is_file()
    assert load_cv(site / "docs" / "cv.yaml")[0].identity.name.startswith("Marie")


@pytest.mark.parametrize(("resume", "reported", "check"), [
    ({"basics": {"name": "A", "location": "Paris, France"}},
     "basics.location: one string read as the address",
     lambda cv: cv.identity.address == "Paris, France"),
    ({"basics": {"name": "A", "profiles": {"network": "GitHub", "username": "ann"}}},
     "basics.profiles: one object where a list goes", lambda cv: cv.identity.github == "ann"),
    ({"basics": {"name": "A"}, "work": {"name": "Lab", "position": "Postdoc",
                                        "startDate": "2020"}},
     "work: one object where a list goes", lambda cv: cv.experience[0].role == "Postdoc"),
    ({"basics": {"name": 1984}}, "basics.name: the number 1984 read as text",
     lambda cv: cv.identity.name == "1984"),
    ({"basics": {"name": "A"}, "work": [{"name": "Lab", "position": "P", "startDate": "2020",
                                         "highlights": "Built the cluster"}]},
     "work[0].highlights: one string where a list goes",
     lambda cv: [i.text for i in cv.experience[0].items] == ["Built the cluster"]),
    ({"basics": {"name": "A"}, "work": ["Lab", 3]}, "work[0]: a string where an object goes",
     lambda cv: cv.experience == []),
    ({"basics": {"name": "A"}, "meta": {"lastModified": "2020-13-45"}},
     "meta.lastModified: '2020-13-45' is no day of the calendar", lambda cv: True),
    ({"basics": {"name": "A"}, "education": [{"institution": True, "startDate": [2019]}]},
     "education[0].institution: the value true where text goes: left out", lambda cv: True),
])
def test_values_of_the_wrong_type_are_repaired_or_reported(tmp_path: Path, capsys, resume,
                                                           reported: str, check) -> None:
    path = tmp_path / "resume.json"
    path.write_text(json.dumps(resume))
    status, out, err = run(["import-jsonresume", str(path), str(tmp_path / "site")], capsys)
    assert status == 0 and "Traceback" not in out + err, err
    assert reported in out, out
    assert check(load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0])


def test_a_name_that_is_nan_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "resume.json"
    path.write_text('{"basics": {"name": NaN}}')
    status, _, err = run(["import-jsonresume", str(path), str(tmp_path / "site")], capsys)
    assert status == 1 and "basics.name is empty" in err and len(err.splitlines()) == 1


def test_values_the_build_would_refuse_are_left_out_one_by_one(tmp_path: Path,
                                                               capsys) -> None:
    """A bad e-mail, a script URL, a GitHub name with a quote, a publication title with stray
    braces: each is reported or written as text the loader reads; the rest comes over."""
    path = tmp_path / "resume.json"
    path.write_text(json.dumps({
        "basics": {"name": "Ada", "email": "not-an-email", "url": "javascript:alert(1)",
                   "profiles": [{"network": "GitHub", "username": 'a"b'}]},
        "publications": [{"name": "A {b} c} d {", "releaseDate": "2020",
                          "publisher": "P \\ q"}]}))
    status, out, err = run(["import-jsonresume", str(path), str(tmp_path / "site")], capsys)
    assert status == 0, err
    assert "basics.profiles[0].github" in out and "basics.email" in out and "basics.url" in out
    identity = load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0].identity
    assert (identity.name, identity.email, identity.github, identity.homepage) == \
        ("Ada", None, None, None)
    entry = next(iter(parse_file(str(tmp_path / "site" / "refs.bib")).entries.values()))
    assert entry.fields["title"] == "A b c d"
    assert main(["check", str(tmp_path / "site" / "docs"), "--out", str(tmp_path / "out")]) == 0


def test_a_long_resume_without_aliases_is_not_an_alias_bomb(tmp_path: Path, capsys) -> None:
    path = tmp_path / "resume.json"
    path.write_text(json.dumps({"basics": {"name": "Ada"}, "work": [
        {"name": f"Lab {i}", "position": "P", "startDate": "2020"} for i in range(20_000)]}))
    status, _, err = run(["import-jsonresume", str(path), str(tmp_path / "site")], capsys)
    assert status == 0 and "aliases" not in err
    assert len(load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0].experience) == 20_000
