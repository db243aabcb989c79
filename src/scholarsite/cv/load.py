"""Reading the CV data file: YAML in, a validated :class:`~.schema.CV` out.

The only code that opens the file. Errors name the file, the line, the field path and what
was expected, because pydantic's own messages know neither files nor lines: the YAML node
tree (``yaml.compose``) supplies the line of every value. Duplicate keys, which YAML loaders
silently resolve to the last value, are refused too.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import ScholarsiteError, located
from .schema import CV

Loc = tuple[str | int, ...]

_HINTS = {
    "missing": "add this required field",
    "extra_forbidden": "remove it or fix its spelling (see 'The CV data file' in README.md)",
}


class SourceMap:
    """Finds the line of a value in the YAML file from a pydantic-style location."""

    def __init__(self, root: yaml.Node) -> None:
        self.root = root

    def line(self, loc: Loc) -> int:
        node = self.root
        for part in loc:
            child = _child(node, part)
            if child is None:  # union member names and the like are not in the file
                continue
            node = child
        return node.start_mark.line + 1


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        if 0 <= part < len(node.value):
            return node.value[part]
    return None


def check_duplicate_keys(path: Path, node: yaml.Node, offset: int = 0) -> None:
    """Refuse repeated mapping keys (YAML loaders keep the last silently); ``offset`` is the
    line of the YAML text's first line in the file, minus one."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1 + offset
            if key.value in seen:
                raise ScholarsiteError(located(
                    path, line, f"duplicate key {key.value!r} (first on line {seen[key.value]}):"
                    " keep one of them"))
            seen[key.value] = line
            check_duplicate_keys(path, value, offset)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            check_duplicate_keys(path, item, offset)


def parse_yaml(path: Path, text: str, offset: int = 0) -> tuple[object, yaml.Node | None]:
    """The data and its node tree (which knows every value's line), from one parse.

    Duplicate keys are refused; a syntax error names the file and line. ``offset`` is the line
    of the text's first line in the file, minus one (front matter starts on line 2).
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScholarsiteError(located(path, line, f"invalid YAML: {problem}")) from None
    finally:
        loader.dispose()
    if root is not None:
        check_duplicate_keys(path, root, offset)
    return data, root


def dotted(loc: Loc) -> str:
    """``('experience', 0, 'role')`` as ``experience[0].role``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_cv(path: Path) -> tuple[CV, SourceMap]:
    """Parse and validate the CV data file; raise :class:`ScholarsiteError` on bad input."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScholarsiteError(
            f"{path}: cannot read the CV data file ({exc.strerror}): create it or set "
            "scholarsite_cv in conf.py") from exc
    data, root = parse_yaml(path, text)
    if root is None or not isinstance(data, dict):
        raise ScholarsiteError(located(path, 1, "expected a mapping of CV sections"))
    sources = SourceMap(root)
    try:
        cv = CV.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            hint = _HINTS.get(error["type"], "fix the value")
            message = f"{dotted(loc)}: {error['msg']}; {hint}"
            lines.append(located(path, sources.line(loc), message))
        raise ScholarsiteError("invalid CV data\n" + "\n".join(lines)) from None
    return cv, sources
