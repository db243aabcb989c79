"""The lowest versions pyproject.toml allows, as a pip constraints file on standard output.

Usage: python scripts/lowest.py > lowest.txt; pip install -c lowest.txt -e ".[test]"

Each runtime dependency's lower bound (``name>=X``) becomes ``name==X``, so an install with
these constraints tries exactly the oldest versions the package claims to support: if pip
cannot resolve them, or the build tests fail on them, the bounds in pyproject.toml are not
true. Written by hand: pip has no "lowest" resolution (uv's ``--resolution lowest`` would,
but is not in the stack).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def constraints(pyproject: Path = PYPROJECT) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    found = []
    for requirement in project["dependencies"]:
        bound = re.match(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([^,;\s]+)", requirement)
        if bound is None:
            sys.exit(f"{pyproject}: {requirement!r} has no lower bound (name>=version)")
        found.append(f"{bound[1]}=={bound[2]}")
    return found


if __name__ == "__main__":
    print("\n".join(constraints()))
