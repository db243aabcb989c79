"""``scholarsite deploy``: publish the checked site on a ``gh-pages`` branch.

For people who serve GitHub Pages from a branch rather than from the Actions workflow. The
commit itself is ghp-import's (the library MkDocs' ``gh-deploy`` uses): it writes the built
folder as the branch's one new commit, with ``.nojekyll`` (Jekyll would hide ``_static/``)
and, when ``html_baseurl`` is a custom domain, ``CNAME``. What is written here is only what
ghp-import leaves to its caller: the remote branch fetched first (so the push is a fast
forward), a committer when git has none configured, and failures said as one paragraph.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ghp_import import GhpError, ghp_import

from .errors import ScholarsiteError


def custom_domain(base_url: str) -> str | None:
    """The domain GitHub Pages must be told of (its ``CNAME`` file) for a site at
    ``base_url``: a host of the owner's at the root, not a ``github.io`` or Read the Docs one."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if not host or host.endswith((".github.io", ".readthedocs.io")) or parts.path not in {"", "/"}:
        return None
    return host


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)


def repository_of(folder: Path, remote: str, branch: str) -> Path:
    """The root of the git repository holding ``folder``, which must have ``remote`` and
    accept ``branch`` as a branch name: asked before the build, so that a mistake costs none."""
    try:
        found = _git(folder, "rev-parse", "--show-toplevel")
    except OSError:
        raise ScholarsiteError("deploy: git is not installed: install git, then run "
                               "scholarsite deploy again") from None
    if found.returncode:
        raise ScholarsiteError(f"deploy: {folder.resolve()} is not in a git repository: run "
                               "'git init' and add the remote to publish to (git remote add "
                               "origin URL), then run scholarsite deploy again")
    repo = Path(found.stdout.strip())
    if _git(repo, "remote", "get-url", remote).returncode:
        raise ScholarsiteError(f"deploy: {repo} has no remote named {remote!r}: add it (git "
                               f"remote add {remote} URL) or name another with --remote; "
                               "nothing was pushed")
    if branch.startswith("-") or _git(repo, "check-ref-format", "--branch", branch).returncode:
        raise ScholarsiteError(f"deploy: --branch {branch!r} is not a branch name git accepts: "
                               "name one like gh-pages; nothing was pushed")
    return repo


def fresh_output(out: Path, source: Path, repo: Path) -> None:
    """Empty the output folder before the build, so that no page of a deleted source is
    published (Sphinx leaves old outputs in place); the doctrees beside it are kept, so
    only changed sources are read again. A folder holding the site's sources is refused."""
    target, sources = out.resolve(), source.resolve()
    if (target in {sources, repo.resolve(), *sources.parents} or sources in target.parents
            or (target / "conf.py").exists()):
        raise ScholarsiteError(f"deploy: --out {out} holds the site's sources: name a build "
                               "folder of its own (the default is _build/html)")
    shutil.rmtree(target, ignore_errors=True)


@contextlib.contextmanager
def _committer(repo: Path) -> Iterator[None]:
    """ghp-import commits as git's configured user; a fresh machine (CI) may have none."""
    added = {}
    for key, variable, fallback in (("user.name", "GIT_COMMITTER_NAME", "scholarsite deploy"),
                                    ("user.email", "GIT_COMMITTER_EMAIL", "scholarsite@localhost")):
        if variable not in os.environ and not _git(repo, "config", key).stdout.strip():
            added[variable] = fallback
    os.environ.update(added)
    try:
        yield
    finally:
        for variable in added:
            del os.environ[variable]


def publish(out: Path, repo: Path, remote: str, branch: str, cname: str | None) -> str:
    """Commit ``out`` as ``branch`` of ``repo`` and push it to ``remote``; the commit's id."""
    # the remote's branch as the parent of the new commit, so that the push fast-forwards
    _git(repo, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    head = _git(repo, "rev-parse", "--short", "HEAD").stdout.strip() or "an unborn branch"
    with contextlib.chdir(repo), _committer(repo):
        try:
            ghp_import(str(out.resolve()), mesg=f"Deploy the site built from {head}",
                       remote=remote, branch=branch, push=True, nojekyll=True, cname=cname)
        except (GhpError, subprocess.CalledProcessError) as exc:
            raise ScholarsiteError(f"deploy: git could not publish {branch!r} to {remote!r} "
                                   f"({exc}): see git's message above, fix the remote or your "
                                   "access to it, and run scholarsite deploy again") from None
    return _git(repo, "rev-parse", branch).stdout.strip()
