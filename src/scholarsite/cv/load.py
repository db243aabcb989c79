"""Reading the CV data file: YAML in, a validated :class:`~.schema.CV` out.

The only code that opens the file. Errors name the file, the line, the field path and what
was expected, because pydantic's own messages know neither files nor lines: the YAML node
tree (``yaml.compose``) supplies the line of every value. Duplicate keys, which YAML loaders
silently resolve to the last value, are refused too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import ScholarsiteError, located, read_text
from ..text import CONTROL
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


#: The most values a YAML text may stand for once its aliases are expanded. Aliases nest:
#: nine anchors of nine aliases each stand for 9**9 values, which would take hours to check
#: and validate; a CV or a note's front matter has a few hundred.
MAX_YAML_VALUES = 100_000


class DateLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with an impossible date reported at its line (PyYAML raises a
    bare ``ValueError`` that knows no place)."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a date ({exc}): write YYYY-MM-DD",
                node.start_mark) from None


DateLoader.add_constructor("tag:yaml.org,2002:timestamp", DateLoader.construct_yaml_timestamp)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_expansion(path: Path, root: yaml.Node, offset: int = 0) -> None:
    """Refuse an alias that contains itself and texts whose aliases expand past
    :data:`MAX_YAML_VALUES` values (counted once per node, so this check is linear)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    aliased, over = False, None  # a text without aliases is as big as it looks: never refused
    while stack:
        node, done = stack.pop()
        ident = id(node)
        if done:
            open_nodes.discard(ident)
            sizes[ident] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[ident] > MAX_YAML_VALUES and over is None:
                over = node
            continue
        if ident in sizes:
            aliased = True
            continue
        if ident in open_nodes:
            raise ScholarsiteError(located(
                path, node.start_mark.line + 1 + offset,
                "an alias (*name) used inside its own anchor (&name): remove the loop"))
        open_nodes.add(ident)
        stack.append((node, True))
        children = _children(node)
        aliased |= any(id(child) in sizes for child in children)
        stack.extend((child, False) for child in children if id(child) not in sizes)
    if aliased and over is not None:
        raise ScholarsiteError(located(
            path, over.start_mark.line + 1 + offset,
            f"its aliases expand to more than {MAX_YAML_VALUES:,} values: write the values "
            "out, or use fewer nested anchors (&name) and aliases (*name)"))


def check_nodes(path: Path, root: yaml.Node, offset: int = 0) -> None:
    """Refuse repeated mapping keys (YAML loaders keep the last silently) and control
    characters written as escapes (``"\\x01"``: they break the feed, the PDF and the JSON);
    ``offset`` is the line of the YAML text's first line in the file, minus one. A merge key
    (``<<: *base``) is no duplicate: the keys written beside it override the merged ones, as
    YAML says. Each node is checked once, however many aliases point at it."""
    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.ScalarNode) and CONTROL.search(node.value):
            raise ScholarsiteError(located(
                path, node.start_mark.line + 1 + offset,
                f"control character {CONTROL.search(node.value)[0]!r} in {node.value!r}: "
                "remove it"))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, _ in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    continue
                line = key.start_mark.line + 1 + offset
                if key.value in seen:
                    raise ScholarsiteError(located(
                        path, line, f"duplicate key {key.value!r} (first on line "
                        f"{seen[key.value]}): keep one of them"))
                seen[key.value] = line
        stack.extend(_children(node))


def parse_yaml(path: Path, text: str, offset: int = 0) -> tuple[object, yaml.Node | None]:
    """The data and its node tree (which knows every value's line), from one parse.

    Duplicate keys, self-containing aliases and alias bombs are refused, and so are control
    characters; a syntax error or an impossible date names the file and line. ``offset`` is
    the line of the text's first line in the file, minus one (front matter starts on line 2).
    """
    loader = None
    try:
        loader = DateLoader(text)
        root = loader.get_single_node()
        if root is not None:
            check_expansion(path, root, offset)
            check_nodes(path, root, offset)
            data = loader.construct_document(root)
        else:
            data = None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, unescaped
        line = text[: exc.position].count("\n") + 1 + offset
        raise ScholarsiteError(located(
            path, line, f"character {chr(exc.character)!r} is not allowed in YAML: remove it"
        )) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + offset if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScholarsiteError(located(path, line, f"invalid YAML: {problem}")) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, root


def user_loc(loc: tuple[str | int, ...]) -> Loc:
    """A pydantic location in the file's terms: the names pydantic gives the members of a
    type (``function-before[...]``, ``literal['present']``) are not fields anyone wrote."""
    return tuple(part for part in loc
                 if not (isinstance(part, str) and ("[" in part or "(" in part)))


def dotted(loc: Loc) -> str:
    """``('experience', 0, 'role')`` as ``experience[0].role``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_cv(path: Path, text: str | None = None) -> tuple[CV, SourceMap]:
    """Parse and validate the CV data file (or ``text``, a CV about to be written there);
    raise :class:`ScholarsiteError` on bad input."""
    if text is None and not path.is_file():
        raise ScholarsiteError(f"{path}: no CV data file: create it or set scholarsite_cv in "
                               "conf.py")
    text = read_text(path, "CV data file") if text is None else text
    data, root = parse_yaml(path, text)
    if root is None or not isinstance(data, dict):
        raise ScholarsiteError(located(path, 1, "expected a mapping of CV sections"))
    sources = SourceMap(root)
    try:
        cv = CV.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = user_loc(error["loc"])
            hint = _HINTS.get(error["type"], "fix the value")
            message = f"{dotted(loc)}: {error['msg'].removeprefix('Value error, ')}; {hint}"
            lines.append(located(path, sources.line(loc), message))
        raise ScholarsiteError("invalid CV data\n" + "\n".join(lines)) from None
    return cv, sources


M = TypeVar("M", bound=BaseModel)


def load_data_file(path: Path, what: str, model: type[M], field: str, fmt: str) -> M | None:
    """An optional YAML data file (co-authors, venues, news) validated as ``{field: data}``
    with ``model``: None when the file does not exist or is empty; each problem named by file
    and line, with the expected ``fmt``."""
    if not path.is_file():
        return None
    data, root = parse_yaml(path, read_text(path, what))
    if data is None:
        return None
    try:
        return model.model_validate({field: data})
    except ValidationError as exc:
        sources = SourceMap(root) if root is not None else None
        lines = []
        for error in exc.errors():
            loc = user_loc(error["loc"])[1:]  # without the wrapper's field
            line = sources.line(loc) if sources and loc else 1
            lines.append(located(path, line, f"{dotted(loc) or 'the file'}: "
                                             f"{error['msg'].removeprefix('Value error, ')}; "
                                             f"fix it (format: {fmt})"))
        raise ScholarsiteError(f"invalid {what}\n" + "\n".join(lines)) from None
