"""Run ``scholarsite add``'s Crossref reader over real recorded answers.

Usage: python scripts/lookup_corpus.py FOLDER

FOLDER holds VCR cassettes (YAML) recorded from the Crossref REST API by other projects' test
suites (e.g. sckott/habanero's ``test/cassettes``, fetched outside this repository). Every
``work`` and ``work-list`` answer in them is read into an entry as ``add`` would: the script
counts the works, the entries written, the ones the build would refuse (and why), the
answers refused as unusable, and any crash or malformed entry, which must be zero.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pybtex.database import parse_string

from scholarsite.lookup import services
from scholarsite.lookup.add import _refused
from scholarsite.lookup.work import entry_text, fields_of, key_for
from scholarsite.net import Unavailable


def answers(folder: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Each Crossref work in the cassettes of ``folder``."""
    for cassette in sorted(folder.rglob("*.yaml")):
        for interaction in (yaml.safe_load(cassette.read_text(encoding="utf-8")) or {}).get(
                "interactions", []):
            body = interaction["response"]["body"]
            text = body.get("string") if isinstance(body, dict) else body
            if isinstance(text, bytes):
                try:
                    text = gzip.decompress(text).decode("utf-8")
                except OSError:
                    text = text.decode("utf-8", "replace")
            try:
                answer = json.loads(text)
            except (TypeError, ValueError):
                continue
            if not isinstance(answer, dict):
                continue
            if answer.get("message-type") == "work":
                yield cassette, answer["message"]
            elif answer.get("message-type") == "work-list":
                for item in answer["message"].get("items", []):
                    yield cassette, item


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    folder = parser.parse_args().folder
    outcomes: Counter[str] = Counter()
    refusals: Counter[str] = Counter()
    for cassette, message in answers(folder):
        try:
            work = services.crossref_work(message)
        except services.Refused:
            outcomes["retraction notices refused"] += 1
            continue
        except Unavailable as error:
            outcomes[f"unusable answer: {error}"] += 1
            continue
        key = key_for(work, "{surname}{year}{firstword}", set())
        text = entry_text(key, work.kind, fields_of(work))
        if list(parse_string(text, "bibtex").entries) != [key]:
            outcomes["MALFORMED"] += 1
            print(f"{cassette}: malformed entry\n{text}")
        elif (why := _refused(key, text)) is not None:
            outcomes["refused by the build's checks"] += 1
            refusals[why.removeprefix("not added: the build would refuse the entry (")
                     .removesuffix("): add it by hand")] += 1
        else:
            outcomes["entries written"] += 1
    for outcome, count in outcomes.most_common():
        print(f"{count:5d}  {outcome}")
    for reason, count in refusals.most_common():
        print(f"{count:5d}    {reason}")


if __name__ == "__main__":
    main()
