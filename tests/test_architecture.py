"""The map a newcomer reads first matches the code: ARCHITECTURE.md names every module of the
package, every test file and every script, and the README's pointers ("see ...") lead to
sections that exist."""

from __future__ import annotations

import re

from conftest import ROOT

ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "src" / "scholarsite"


def _named(path: str) -> bool:
    """``path`` (``sphinx/state.py``) in backquotes, or its file name in backquotes on a line
    that names its folder (rows that list a folder's modules) or in a section whose heading
    names it (the build machinery's table)."""
    if f"`{path}`" in ARCHITECTURE:
        return True
    folder, _, name = path.rpartition("/")
    if any(f"`{name}`" in line and (not folder or f"{folder}/" in line)
           for line in ARCHITECTURE.splitlines()):
        return True
    sections = ARCHITECTURE.split("\n## ")
    return bool(folder) and any(f"`{folder}/`" in section.split("\n", 1)[0]
                                and f"`{name}`" in section for section in sections)


def test_every_module_is_on_the_map() -> None:
    modules = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
               if path.name != "__init__.py" or path.parent == PACKAGE]
    assert [module for module in sorted(modules) if not _named(module)] == []


def test_every_test_file_and_script_is_on_the_map() -> None:
    files = [path.name for folder in ("tests", "scripts") for path in (ROOT / folder).glob("*.py")
             if path.name != "__init__.py"]
    assert [name for name in sorted(files) if f"`{name}`" not in ARCHITECTURE] == []


def test_the_readmes_pointers_lead_to_sections() -> None:
    sections = {line.lstrip("#").strip() for line in README.splitlines()
                if line.startswith("#")}
    pointers = [" ".join(name.split()) for name in re.findall(r'(?:see|in) "([^"]+)"', README)]
    assert pointers and [name for name in pointers if name not in sections] == []
