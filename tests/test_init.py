"""``scholarsite init``: a new site that builds and passes ``check`` at once, holds none of
the example owner's facts, asks every question, and never overwrites a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import DOCS
from scholarsite import cli
from scholarsite.cli import main
from scholarsite.cv.load import load_cv
from scholarsite.init import FILES, QUESTIONS

FLAGS = {"name": "Ada Lovelace", "position": "Assistant Professor",
         "university": "University of Examples", "email": "ada@example.org",
         "url": "https://ada.example.org", "github": "ada-l",
         "interests": "Analytical *engines* and their programs."}


def owner_facts() -> list[str]:
    """Distinctive facts of the example site's owner, read from its CV (not written here)."""
    who = load_cv(DOCS / "cv.yaml")[0].identity
    return [fact for fact in (who.name, who.native_name, who.email, who.github,
                              who.linkedin, who.office) if fact]


def site_text(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
                     if p.suffix in {".html", ".json", ".xml", ".js", ".txt"})


def check(folder: Path, out: Path, capsys) -> str:
    status = main(["check", str(folder / "docs"), "--out", str(out)])
    printed = capsys.readouterr()
    assert status == 0, printed.err
    return printed.err


def test_defaults_build_pass_check_and_hold_no_owner_fact(tmp_path: Path, capsys) -> None:
    assert main(["init", str(tmp_path / "site"), "--yes"]) == 0
    assert sorted(str(p.relative_to(tmp_path / "site")) for p in (tmp_path / "site").rglob("*")
                  if p.is_file()) == sorted(FILES)
    errors = check(tmp_path / "site", tmp_path / "out", capsys)
    assert "html_baseurl is not set" in errors  # the one thing a new site must still set
    text = site_text(tmp_path / "out")
    assert "Your Name" in text
    for fact in owner_facts():
        assert fact not in text, fact
        assert fact not in "".join(p.read_text() for p in (tmp_path / "site").rglob("*")
                                   if p.is_file())


def test_every_flag_reaches_the_site(tmp_path: Path, capsys) -> None:
    args = [arg for name, value in FLAGS.items() for arg in (f"--{name}", value)]
    assert main(["init", str(tmp_path / "site"), "--yes", *args]) == 0
    cv = load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0]
    assert (cv.identity.name, cv.identity.position, cv.identity.university, cv.identity.email,
            cv.identity.github, cv.identity.homepage, cv.interests) == (
        "Ada Lovelace", "Assistant Professor", "University of Examples", "ada@example.org",
        "ada-l", "https://ada.example.org/", "Analytical *engines* and their programs.")
    assert 'html_baseurl = "https://ada.example.org/"' in \
        (tmp_path / "site" / "docs" / "conf.py").read_text().replace("'", '"')
    errors = check(tmp_path / "site", tmp_path / "out", capsys)
    assert "warning:" not in errors
    home = (tmp_path / "out" / "index.html").read_text()
    assert "Ada Lovelace" in home and "<em>engines</em>" in home
    assert (tmp_path / "out" / "sitemap.xml").is_file()


def test_each_question_is_asked_in_a_terminal(tmp_path: Path, monkeypatch, capsys) -> None:
    asked: list[str] = []
    replies = iter(["Grace Hopper", "", "Navy", "", "https://grace.example.org/", "gh", "",
                    "readthedocs"])

    def prompt(question: str) -> str:
        asked.append(question)
        return next(replies)

    monkeypatch.setattr(cli, "interactive", lambda: True)
    monkeypatch.setattr("builtins.input", prompt)
    assert main(["init", str(tmp_path / "site"), "--position", "Admiral"]) == 0
    assert [q.split(" [")[0] for q in asked] == list(QUESTIONS.values())
    assert asked[1].endswith("[Admiral]: ")  # a flag is the default shown
    cv = load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0]
    assert (cv.identity.name, cv.identity.position, cv.identity.university) == (
        "Grace Hopper", "Admiral", "Navy")
    assert (tmp_path / "site" / ".readthedocs.yaml").is_file()  # the host answered
    assert not (tmp_path / "site" / ".github").exists()
    check(tmp_path / "site", tmp_path / "out", capsys)


def test_never_overwrites(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "cv.yaml").write_text("mine")
    assert main(["init", str(site), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "holds docs/cv.yaml already" in err and "nothing was written" in err
    assert (site / "docs" / "cv.yaml").read_text() == "mine"
    assert sorted(p.name for p in site.rglob("*")) == ["cv.yaml", "docs"]


def test_skip_existing_keeps_files_and_writes_the_rest(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "README.md").write_text("my repository")
    assert main(["init", str(site), "--yes", "--skip-existing"]) == 0
    assert (site / "README.md").read_text() == "my repository"
    assert "README.md" not in capsys.readouterr().out
    check(site, tmp_path / "out", capsys)


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--name", "   ", "the name may not be blank"),
    ("--url", "javascript:alert(1)", "is not an http(s) URL"),
])
def test_bad_answers_are_refused(tmp_path: Path, capsys, flag: str, value: str,
                                 message: str) -> None:
    assert main(["init", str(tmp_path / "site"), "--yes", flag, value]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_answers_cannot_break_the_files(tmp_path: Path, capsys) -> None:
    """Quotes, colons, hashes and backslashes in answers stay text in YAML and Python."""
    name = "O'Neil \"Q\" #1: \\x"
    assert main(["init", str(tmp_path / "site"), "--yes", "--name", name,
                 "--url", "https://x.example.org/\"+__import__('os')+\""]) == 0
    assert load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0].identity.name == name
    conf = (tmp_path / "site" / "docs" / "conf.py").read_text()
    namespace: dict[str, object] = {}
    exec(compile(conf, "conf.py", "exec"), namespace)  # noqa: S102 - our own generated file
    assert namespace["html_baseurl"] == "https://x.example.org/\"+__import__('os')+\"/"
    assert yaml.safe_load((tmp_path / "site" / ".readthedocs.yaml").read_text())["version"] == 2


def test_a_paper_and_a_note_added_to_a_new_site(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site), "--yes", "--name", "Ada Lovelace",
                 "--url", "https://ada.example.org/"]) == 0
    (site / "refs.bib").write_text(
        "@inproceedings{lovelace2024, author = {Lovelace, Ada}, title = {Notes on the Engine},"
        " booktitle = {Proc. Examples}, year = {2024}, pages = {1--2}, selected = {true}}\n",
        encoding="utf-8")
    entry = ("@article{babbage1864, author = {Babbage, Charles}, title = {Passages},"
             " journal = {J. Examples}, year = {1864}, volume = {1}, pages = {1--9}}")
    assert main(["new-note", "babbage1864", str(site / "docs"), "--bib", entry]) == 0
    capsys.readouterr()
    check(site, tmp_path / "out", capsys)
    home = (tmp_path / "out" / "index.html").read_text()
    assert re.search(r"Selected publications.*Notes on the Engine", home, re.S)
    assert "Latest notes" in home and "Passages" in home
    assert (tmp_path / "out" / "publications" / "lovelace2024.html").is_file()
