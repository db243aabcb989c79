"""Property: a value of the wrong type anywhere in a site's YAML ends in a report or one
clear line, never a traceback.

Real al-folio, academicpages and Hugo Blox sites give lists where a text is expected, a
number for a name, a mapping for a link, an empty key. hypothesis picks a YAML file or front
matter of each template's fixture, a key in it (at any depth) and a value of another type,
then runs the importer in this process: it must return 0 or 1 (a ScholarsiteError, said in
one line), and anything else (an exception) fails the case. A first run of every key with
every value of ``VALUES`` (about 4,000 imports) found one crash, a Hugo profile's ``social``
given as a number; this is its regression guard on a fixed budget.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from academicpages_fixture import FILES as ACADEMICPAGES
from alfolio_fixture import FILES as ALFOLIO
from hugoblox_fixture import FILES as HUGOBLOX
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_files import write_files

from scholarsite.cli import main

TEMPLATES = {"import-al-folio": ALFOLIO, "import-academicpages": ACADEMICPAGES,
             "import-hugo-blox": HUGOBLOX}
VALUES = [[1, 2], {"a": {"b": 1}}, 7, 1.5, True, None, dt.date(2020, 1, 1), "x\ny",
          [[[[[]]]]], "", {"": None}, "{{ x }}", -1]


def _documents(files: dict[str, str | bytes]) -> list[tuple[str, str | None, Any]]:
    """(file name, the page body after its front matter or None for a YAML file, data)."""
    found = []
    for name, content in files.items():
        if not isinstance(content, str):
            continue
        if name.endswith((".yml", ".yaml")):
            data, body = yaml.safe_load(content.replace("\t", "  ")), None
        elif name.endswith(".md") and content.startswith("---\n"):
            end = content.index("\n---", 4)
            data, body = yaml.safe_load(content[4:end]), content[end + 4:]
        else:
            continue
        if isinstance(data, dict) and data:
            found.append((name, body, data))
    return found


def _keys(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return []
    return [path for key, value in items
            for path in [(*prefix, key), *_keys(value, (*prefix, key))]]


CASES = [(command, name, body, data, path) for command, files in TEMPLATES.items()
         for name, body, data in _documents(files) for path in _keys(data)]


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(CASES), st.sampled_from(VALUES))
def test_a_value_of_the_wrong_type_is_reported_not_a_crash(
        tmp_path_factory: pytest.TempPathFactory,
        case: tuple[str, str, str | None, Any, tuple[Any, ...]], value: Any) -> None:
    command, name, body, data, path = case
    changed = copy.deepcopy(data)
    place = changed
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = value
    text = yaml.safe_dump(changed, allow_unicode=True)
    files = {**TEMPLATES[command], name: text if body is None else f"---\n{text}---{body}"}
    root = tmp_path_factory.mktemp("types")
    src = write_files(root / "src", files)
    assert main([command, str(src), str(root / "site")]) in (0, 1)


def test_every_template_offers_keys_to_spoil() -> None:
    assert {command for command, *_ in CASES} == set(TEMPLATES)
    assert len(CASES) > 100
