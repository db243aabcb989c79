"""``scholarsite deploy``: the checked site on a gh-pages branch of a (local, bare) remote, with
.nojekyll and the custom domain's CNAME; a failed check pushes nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scholarsite.cli import main
from scholarsite.deploy import custom_domain


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def fresh_git(monkeypatch, tmp_path: Path) -> None:
    """git as on a new machine: no user name or e-mail configured anywhere."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for variable in ("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(variable, raising=False)


def new_site(tmp_path: Path, url: str, remote: str = "origin") -> tuple[Path, Path]:
    """A site from init in a git repository whose ``remote`` is a bare repository."""
    site, bare = tmp_path / "site", tmp_path / "remote.git"
    assert main(["init", str(site), "--yes", "--url", url]) == 0
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    git(site.parent, "init", "-q", str(site))
    git(site, "add", "-A")
    git(site, "-c", "user.name=Owner", "-c", "user.email=o@example.org", "commit", "-qm", "site")
    git(site, "remote", "add", remote, str(bare))
    return site, bare


def test_deploy_pushes_the_built_site_with_nojekyll_and_cname(tmp_path: Path, fresh_git,
                                                              monkeypatch, capsys) -> None:
    site, bare = new_site(tmp_path, "https://www.ada.example.org/")
    monkeypatch.chdir(site)
    assert main(["deploy"]) == 0
    assert "pushed _build/html to origin/gh-pages" in capsys.readouterr().out
    files = set(git(bare, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    built = {str(p.relative_to(site / "_build" / "html")) for p in
             (site / "_build" / "html").rglob("*") if p.is_file()}
    assert files == built | {".nojekyll", "CNAME"}
    assert git(bare, "show", "gh-pages:CNAME") == "www.ada.example.org"
    assert git(bare, "show", "gh-pages:index.html") == \
        (site / "_build/html/index.html").read_text().strip()
    assert git(site, "status", "--porcelain") == ""  # the owner's branch is left as it was

    (site / "docs" / "notes" / "second.md").write_text("# A second note\n\nMore.\n")
    (site / "_build" / "html" / "stale.html").write_text("a page of a deleted source")
    assert main(["deploy"]) == 0  # again: a fast-forward on top of the first deploy
    assert git(bare, "rev-list", "--count", "gh-pages") == "2"
    assert git(bare, "log", "-1", "--format=%cn", "gh-pages") == "scholarsite deploy"
    files = git(bare, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "notes/second.html" in files and "stale.html" not in files


def test_remote_and_branch_flags_and_no_cname_on_github_io(tmp_path: Path, monkeypatch,
                                                           capsys) -> None:
    site, bare = new_site(tmp_path, "https://ada.github.io/", remote="upstream")
    monkeypatch.chdir(site)
    assert main(["deploy", "--remote", "upstream", "--branch", "site"]) == 0
    files = git(bare, "ls-tree", "--name-only", "site").splitlines()
    assert ".nojekyll" in files and "index.html" in files and "CNAME" not in files


def test_a_failed_check_pushes_nothing(tmp_path: Path, monkeypatch, capsys) -> None:
    site, bare = new_site(tmp_path, "https://ada.example.org/")
    (site / "docs" / "notes" / "broken.md").write_text("# Broken\n\nSee {doc}`nowhere`.\n")
    monkeypatch.chdir(site)
    assert main(["deploy"]) == 1
    err = capsys.readouterr().err
    assert "deploy refused: the check above failed, so nothing was pushed" in err
    assert "Traceback" not in err
    assert git(bare, "branch", "--list") == ""


@pytest.mark.parametrize("args", [["--branch", "--upload-pack=touch x"], ["--branch", "a..b"],
                                  ["--out", "."], ["--out", "docs"], ["--out", ".."]])
def test_odd_flags_are_refused_before_anything_is_built_or_deleted(
        tmp_path: Path, monkeypatch, capsys, args: list[str]) -> None:
    site, bare = new_site(tmp_path, "https://ada.example.org/")
    monkeypatch.chdir(site)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert main(["deploy", *args]) == 1
    assert capsys.readouterr().err.startswith("error: deploy: ")
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert git(bare, "branch", "--list") == ""


@pytest.mark.parametrize("setup", ["no repository", "no remote"])
def test_deploy_without_somewhere_to_push_says_what_to_do(tmp_path: Path, monkeypatch,
                                                          capsys, setup: str) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site), "--yes"]) == 0
    if setup == "no remote":
        git(tmp_path, "init", "-q", str(site))
    monkeypatch.chdir(site)
    assert main(["deploy"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: deploy: ") and "Traceback" not in err
    assert ("git init" in err) if setup == "no repository" else ("git remote add origin" in err)


@pytest.mark.parametrize(("url", "domain"), [
    ("https://www.lingyunyang.com/", "www.lingyunyang.com"),
    ("https://Example.ORG", "example.org"),
    ("https://ada.github.io/", None),
    ("https://ada.github.io/site/", None),
    ("https://example.org/project/", None),  # a project site below the owner's domain
    ("https://lyang.readthedocs.io/en/latest/", None),
    ("", None),
])
def test_custom_domain(url: str, domain: str | None) -> None:
    assert custom_domain(url) == domain


def test_a_push_that_fails_is_one_paragraph(tmp_path: Path, monkeypatch, capsys) -> None:
    site, bare = new_site(tmp_path, "https://ada.example.org/")
    git(site, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    monkeypatch.chdir(site)
    assert main(["deploy"]) == 1
    err = capsys.readouterr().err
    assert "error: deploy: git could not publish 'gh-pages' to 'origin'" in err
    assert "Traceback" not in err
