"""Package metadata that no file of the repository states: where the repository lives.

The project URLs and the README shown on the package index need the repository's public
address, which is known only where the package is built: in GitHub Actions
(``GITHUB_SERVER_URL``/``GITHUB_REPOSITORY``, as in the release workflow) or from a clone's
``origin`` remote. With neither, the package has no project URLs rather than invented ones.
The README's relative links (screenshots, ARCHITECTURE.md) are made absolute at that address,
since the index shows the README away from the repository. A wheel built from the sdist reads
both back from the sdist's PKG-INFO, so it equals the wheel built from the tree.

Hatchling has no setting for either (its static ``urls`` and ``readme`` cannot depend on the
build's environment), hence this metadata hook.
"""

from __future__ import annotations

import os
import re
import subprocess
from email.parser import Parser
from pathlib import Path
from typing import Any

from hatchling.metadata.plugin.interface import MetadataHookInterface

#: a Markdown link or image target that is a path in the repository
RELATIVE_LINK = re.compile(r"(!?)\[([^\]]*)\]\((?!https?:|mailto:|#)([^)\s]+)\)")


def repository_url(root: Path) -> str | None:
    server, name = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if server and name:
        return f"{server.rstrip('/')}/{name}"
    try:
        remote = subprocess.run(["git", "-C", str(root), "config", "--get",
                                 "remote.origin.url"], capture_output=True, text=True,
                                timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.fullmatch(r"(?:https://|git@)github\.com[/:]([\w.-]+/[\w.-]+?)(?:\.git)?/?",
                         remote)
    return f"https://github.com/{match.group(1)}" if match else None


def absolute_links(readme: str, repository: str) -> str:
    ref = (os.environ["GITHUB_REF_NAME"] if os.environ.get("GITHUB_REF_TYPE") == "tag"
           else "HEAD")

    def absolute(match: re.Match[str]) -> str:
        kind = "raw" if match.group(1) else "blob"
        return f"{match.group(1)}[{match.group(2)}]({repository}/{kind}/{ref}/{match.group(3)})"

    return RELATIVE_LINK.sub(absolute, readme)


class CustomMetadataHook(MetadataHookInterface):
    def update(self, metadata: dict[str, Any]) -> None:
        root = Path(self.root)
        pkg_info = root / "PKG-INFO"
        if pkg_info.is_file():  # building from the sdist: what the sdist recorded
            recorded = Parser().parsestr(pkg_info.read_text(encoding="utf-8"))
            urls = dict(line.split(", ", 1) for line in recorded.get_all("Project-URL") or [])
            readme = str(recorded.get_payload())
        else:
            readme = (root / "README.md").read_text(encoding="utf-8")
            repository = repository_url(root)
            urls = {} if repository is None else {
                "Homepage": repository,
                "Source": repository,
                "Issues": f"{repository}/issues",
                "Changelog": f"{repository}/blob/HEAD/CHANGELOG.md",
            }
            if repository:
                readme = absolute_links(readme, repository)
        metadata["readme"] = {"content-type": "text/markdown", "text": readme}
        if urls:
            metadata["urls"] = urls
