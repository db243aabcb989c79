"""Ready to release: the sdist and wheel carry every package file and the index's metadata,
pass the ecosystem's checkers, and the version is written once."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from email.parser import Parser
from importlib.metadata import PathDistribution, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement as Pep508

import scholarsite
from conftest import ROOT, release_env
from scholarsite.cli import main
from scholarsite.requirement import requirement

BIN = Path(sys.executable).parent


def wheel_of(dist: Path) -> Path:
    return next(dist.glob("scholarsite-*.whl"))


def metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(archive.read(name).decode("utf-8"))


def test_twine_and_check_wheel_contents_pass(dist: Path) -> None:
    files = sorted(str(path) for path in dist.iterdir())
    assert sorted(Path(f).suffix for f in files) == [".gz", ".whl"]
    subprocess.run([BIN / "twine", "check", "--strict", *files], check=True,
                   capture_output=True)
    subprocess.run([BIN / "check-wheel-contents", str(wheel_of(dist))], check=True,
                   capture_output=True)


def test_wheel_holds_every_package_file(dist: Path) -> None:
    tracked = subprocess.run(["git", "ls-files", "src/scholarsite"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split()
    with zipfile.ZipFile(wheel_of(dist)) as archive:
        names = set(archive.namelist())
    missing = [path for path in tracked if path.removeprefix("src/") not in names]
    assert not missing, missing
    assert any(name.endswith("templates/init/github/workflows/pages.yml") for name in names)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_sdist_builds_the_same_wheel(dist: Path, tmp_path: Path) -> None:
    """``python -m build`` made the wheel from the sdist; the tree gives the same bytes."""
    subprocess.run([sys.executable, "-m", "build", "--wheel", "-o", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, env=release_env())
    assert wheel_of(tmp_path).read_bytes() == wheel_of(dist).read_bytes()


def test_index_page_metadata(dist: Path) -> None:
    meta = metadata(wheel_of(dist))
    assert meta["Version"] == scholarsite.__version__
    assert meta["License-Expression"] == "MIT"
    assert "Framework :: Sphinx :: Extension" in meta.get_all("Classifier")
    urls = dict(line.split(", ", 1) for line in meta.get_all("Project-URL"))
    assert urls["Source"] == "https://github.com/owner/scholarsite"
    assert urls["Issues"] == "https://github.com/owner/scholarsite/issues"
    readme = meta.get_payload()
    assert meta["Description-Content-Type"] == "text/markdown"
    assert readme.startswith("# scholarsite")
    # the index shows the README away from the repository: its own links are absolute
    assert "](https://github.com/owner/scholarsite/raw/HEAD/.github/screenshots/" in readme
    assert "](https://github.com/owner/scholarsite/blob/HEAD/ARCHITECTURE.md)" in readme
    assert "](ARCHITECTURE.md)" not in readme


def test_version_is_written_once(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"scholarsite {scholarsite.__version__}"
    assert version("scholarsite") == scholarsite.__version__
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '\nversion = ' not in pyproject and '"version"' in pyproject  # dynamic, from hatch
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "## Unreleased" in changelog


def installed(tmp_path: Path, direct_url: dict | None) -> PathDistribution:
    """An installed distribution's record as pip writes it (PEP 610's direct_url.json)."""
    info = tmp_path / f"scholarsite-{scholarsite.__version__}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: scholarsite\n"
                                   f"Version: {scholarsite.__version__}\n")
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url))
    return PathDistribution(info)


COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(("record", "line", "advice"), [
    (None, f"scholarsite=={scholarsite.__version__}", False),
    ({"url": "https://github.com/owner/scholarsite", "vcs_info": {
        "vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}},
     f"scholarsite @ git+https://github.com/owner/scholarsite@{COMMIT}", False),
    ({"url": "https://user:token@github.com/owner/mono", "subdirectory": "pkg",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
     f"scholarsite @ git+https://github.com/owner/mono@{COMMIT}#subdirectory=pkg", False),
    ({"url": "https://example.org/scholarsite-0.1.0.tar.gz",
      "archive_info": {"hashes": {"sha256": "00"}}},
     "scholarsite @ https://example.org/scholarsite-0.1.0.tar.gz", False),
    ({"url": "file:///home/me/scholarsite", "dir_info": {"editable": True}},
     f"scholarsite=={scholarsite.__version__}", True),
    ({"url": "ssh://git@example.org/owner/scholarsite",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
     f"scholarsite=={scholarsite.__version__}", True),
    ({"broken": True}, f"scholarsite=={scholarsite.__version__}", True),
])
def test_requirement_line_names_an_installable_scholarsite(
        tmp_path: Path, record: dict | None, line: str, advice: bool) -> None:
    found = requirement(installed(tmp_path, record))
    assert found.line == line
    assert Pep508(found.line).name == "scholarsite"  # pip reads it
    assert (found.advice is not None) == advice
    if advice:
        assert "requirements.txt" in found.advice and "git+https://" in found.advice
    assert "token" not in found.line


def test_local_install_is_pinned_with_one_line_of_advice(tmp_path: Path, capsys) -> None:
    """This checkout is installed from its folder (pip install -e .), which no host reaches."""
    assert main(["init", str(tmp_path / "site"), "--yes"]) == 0
    printed = capsys.readouterr().out
    lines = (tmp_path / "site" / "requirements.txt").read_text().splitlines()
    assert f"scholarsite=={scholarsite.__version__}" in lines
    notes = [line for line in printed.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and "requirements.txt" in notes[0]
