"""The line a generated ``requirements.txt`` gives for scholarsite: one that the hosts can install.

Read the Docs and the GitHub Pages workflow install a site's ``requirements.txt`` on a clean
machine, so the line must name a scholarsite that pip finds there:

- installed from a package index (no PEP 610 record): ``scholarsite==X.Y.Z``, that release;
- installed from a VCS URL (``direct_url.json`` holds ``vcs_info``): that URL at that commit,
  the way pip writes a direct reference (``scholarsite @ git+https://...@<commit>``);
- installed from an archive URL on the web: that URL;
- installed from a local folder or file (``dir_info``, a ``file:`` URL, or a source tree that
  is not installed at all), which no host can reach: the version pin, and advice to print
  once, saying what to change before publishing.

``importlib.metadata`` reads the installed distribution; PEP 610 defines the record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from urllib.parse import urlsplit, urlunsplit

from . import __version__


@dataclass(frozen=True)
class Requirement:
    line: str
    advice: str | None = None  # printed when the hosts cannot install the line as it is


def _public(url: str) -> str | None:
    """``url`` without credentials if a host could fetch it (http or https), else None."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _local(where: str) -> Requirement:
    pin = f"scholarsite=={__version__}"
    return Requirement(pin, (
        f"requirements.txt says {pin}, but this scholarsite was installed from {where}, which "
        "Read the Docs and GitHub Actions cannot reach: unless that version is on PyPI, "
        "replace the line with where the hosts can get it, e.g. "
        "'scholarsite @ git+https://github.com/OWNER/REPO@COMMIT', before you publish"))


def requirement(dist: Distribution | None = None) -> Requirement:
    """The requirement line for the scholarsite running now (or ``dist``)."""
    if dist is None:
        try:
            dist = distribution("scholarsite")
        except PackageNotFoundError:
            return _local("a source tree that is not installed")
    record = dist.read_text("direct_url.json")
    if not record:
        return Requirement(f"scholarsite=={__version__}")
    try:
        direct = json.loads(record)
        url = str(direct["url"])
    except (ValueError, KeyError, TypeError):
        return _local("a place its installation record does not say")
    public = _public(url)
    vcs = direct.get("vcs_info")
    if public and isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        line = f"scholarsite @ {vcs['vcs']}+{public}@{vcs['commit_id']}"
        subdirectory = direct.get("subdirectory")
        return Requirement(line + (f"#subdirectory={subdirectory}" if subdirectory else ""))
    if public and "archive_info" in direct:
        return Requirement(f"scholarsite @ {public}")
    return _local(url)
