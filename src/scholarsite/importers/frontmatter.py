"""Front matter and data files of imported sites, read as their generators read them.

Jekyll (al-folio, academicpages) writes YAML front matter between ``---`` lines; Hugo
(Hugo Blox) writes YAML or TOML (``+++``), and its settings are YAML or TOML files. PyYAML and
tomllib do the parsing; what is added here is the importers' policy: a repeated key keeps
the last value (as Jekyll and Hugo do), tabs used for indenting YAML are read as spaces,
alias bombs are refused (the build's own check, :func:`..cv.load.check_expansion`), and a
file that does not parse is reported with its line and read as nothing: never a traceback.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from ..cv.load import DateLoader, check_expansion
from ..errors import ScholarsiteError, read_text
from .report import Report

_FENCES = {"---": "yaml", "+++": "toml"}
_FRONT = re.compile(r"(---|\+\+\+)[ \t]*\r?\n(.*?\r?\n)?\1[ \t]*(?:\r?\n|$)", re.S)


class _Loader(DateLoader):
    """A date that does not exist (``2020-02-31``, ``last_updated: 2020-13-45``) kept as the
    text written: importers read dates from text too, and one bad date must not lose the
    whole settings file or page it is in."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(self, node)
        except ValueError:
            return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def parse(path: Path, text: str, kind: str, report: Report, offset: int = 0) -> Any:
    """``text`` (YAML or TOML) as data; None, reported, when it does not parse."""
    if kind == "toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = re.search(r"line (\d+)", str(exc))
            report.skip(path, int(line[1]) + offset if line else None,
                        f"invalid TOML ({exc}): not converted")
            return None
    if re.search(r"^\t+|[ \t]+$", text, re.M):  # YAML refuses tabs, Jekyll's Ruby reader not
        text = re.sub(r"^\t+", lambda m: "  " * len(m[0]), text, flags=re.M)
        text = re.sub(r"[ \t]+$", "", text, flags=re.M)
        report.repair(path, None, "tabs in YAML read as spaces")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        check_expansion(path, root, offset)
        return loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.skip(path, mark.line + 1 + offset if mark else None,
                    f"invalid YAML ({getattr(exc, 'problem', None) or exc}): not converted")
    except ScholarsiteError as exc:
        report.skipped.append(f"{exc}: not converted")
    except RecursionError:
        report.skip(path, None, "nested too deeply to read: not converted")
    finally:
        loader.dispose()
    return None


def read_data(path: Path, report: Report) -> Any:
    """A settings or data file (YAML, or TOML by its suffix); None when missing or unreadable
    (reported)."""
    if not path.is_file():
        return None
    kind = "toml" if path.suffix == ".toml" else "yaml"
    return parse(path, read_text(path, "data file"), kind, report)


def front_matter(path: Path, text: str, report: Report) -> tuple[dict[str, Any] | None, str, int]:
    """A page's front matter (``{}`` without one; None, reported, when it does not parse or
    is not a mapping), its body, and the number of lines before the body."""
    match = _FRONT.match(text)
    if not match:
        return {}, text, 0
    lines = match[0].count("\n")
    data = parse(path, match[2] or "", _FENCES[match[1]], report, offset=1)
    if data is not None and not isinstance(data, dict):
        report.skip(path, 2, "front matter is not a list of settings: not converted")
        data = None
    return ({} if data is None and not (match[2] or "").strip() else data), \
        text[match.end():], lines
