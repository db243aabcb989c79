"""Generated Python holds user text only as literals: whatever a name, an alias or an address
holds (newlines, quotes, triple quotes, backslashes, Jinja or Python syntax), every
generator's conf.py is settings of literal values that read back as given, and runs nothing
else; a value the build would refuse is refused before anything is written."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from alfolio_fixture import write_alfolio

from scholarsite.cli import main
from scholarsite.cv.load import load_cv

HOSTILE = [
    'O\'Neil """ \\ {{ name }} {% raw %} #',
    "x'); __import__('os').system('id'); ('",
    'Ana """\nimport os',
    "Zoë \\\nDüring\x85",
    "Ana\x81 Ünal",  # a C1 control: no line break, still not one line's text
]


def settings(conf: Path) -> dict[str, object]:
    """conf.py's settings, read without running it: a statement that is not an assignment
    of a literal fails the test."""
    values: dict[str, object] = {}
    for statement in ast.parse(conf.read_text(encoding="utf-8")).body:
        assert isinstance(statement, ast.Assign), ast.dump(statement)
        assert all(isinstance(target, ast.Name) for target in statement.targets)
        values[statement.targets[0].id] = ast.literal_eval(statement.value)
    return values


@pytest.mark.parametrize("name", HOSTILE)
def test_init_writes_a_name_as_data_or_refuses_it(tmp_path: Path, capsys, name: str) -> None:
    site = tmp_path / "site"
    code = main(["init", str(site), "--yes", "--name", name,
                 "--url", f"https://x.example.org/{name[:3]}'\"/"])
    if any(c in name for c in "\n\x85\x81"):  # a heading, a title: one line, as the build wants
        assert code == 1 and "write it on one line" in capsys.readouterr().err
        assert not site.exists()
        return
    assert code == 0
    values = settings(site / "docs" / "conf.py")
    assert values["html_baseurl"] == f"https://x.example.org/{name[:3]}'\"/"
    assert load_cv(site / "docs" / "cv.yaml")[0].identity.name == name
    assert name not in (site / "docs" / "conf.py").read_text()  # not in a comment either


@pytest.mark.parametrize("name", HOSTILE)
def test_importers_write_names_as_data(tmp_path: Path, capsys, name: str) -> None:
    """al-folio's scholar names and JSON Resume's name: the aliases conf.py gets read back
    as written; a name is written on one line."""
    src = write_alfolio(tmp_path / "src")
    config = src / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "\tlast_name: [Einstein]\n\tfirst_name: [Albert, A.]",
        f"\tlast_name: [Bhatnagar]\n\tfirst_name: [Sahir, {json.dumps(name)}]"),
        encoding="utf-8")
    assert main(["import-al-folio", str(src), str(tmp_path / "site")]) == 0, \
        capsys.readouterr().err
    values = settings(tmp_path / "site" / "docs" / "conf.py")
    assert all(isinstance(alias, str) for alias in values["scholarsite_author_aliases"])
    assert "\n" not in load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0].identity.name

    resume = tmp_path / "resume.json"
    resume.write_text(json.dumps({"basics": {"name": name, "label": name}}), encoding="utf-8")
    assert main(["import-jsonresume", str(resume), str(tmp_path / "cv-site")]) == 0, \
        capsys.readouterr().err
    settings(tmp_path / "cv-site" / "docs" / "conf.py")
    identity = load_cv(tmp_path / "cv-site" / "docs" / "cv.yaml")[0].identity
    assert identity.name == " ".join(name.replace("\x85", " ").replace("\x81", " ").split())
