"""Shared by the importers' tests: a fixture site written from a dict of files, and one
import-then-check run of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scholarsite.cli import main


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Each ``name: content`` of ``files`` written under ``root``; ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def import_and_check(tmp_path_factory: pytest.TempPathFactory, command: str,
                     write: Callable[[Path], Path]) -> tuple[Path, Path, str]:
    """(site, checked output, printed report): the site ``write`` makes, imported by
    ``command`` and checked, each once."""
    root = tmp_path_factory.mktemp(command)
    src = write(root / "src")
    with pytest.MonkeyPatch.context() as patch:
        out: list[str] = []
        patch.setattr("builtins.print", lambda *args, **kw: out.append(" ".join(map(str, args))))
        assert main([command, str(src), str(root / "site")]) == 0
    assert main(["check", str(root / "site" / "docs"), "--out", str(root / "out")]) == 0
    return root / "site", root / "out", "\n".join(out)
