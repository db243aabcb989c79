"""``scholarsite citations update``: ask open APIs for the own papers' citation counts.

OpenAlex first (by DOI, or by an arXiv id through arXiv's DOI 10.48550/arXiv.<id>), Semantic
Scholar when OpenAlex does not know the paper. The counts go to the citations file
(:mod:`.bib.citation_counts`), written whole; a paper the services do not know, a network
error or a rate limit is reported and keeps the count it had, and never fails the command.
Requests go through :mod:`.net` (the services' addresses from ``SCHOLARSITE_OPENALEX_URL``
and ``SCHOLARSITE_SEMANTIC_SCHOLAR_URL``, retries, deadlines), without its response cache:
counts change.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

from .atomic import write_atomically
from .bib.citation_counts import Count, load_counts
from .bib.publications import Publication
from .errors import ScholarsiteError
from .net import Client, NotFound, Unavailable, json_of

#: seconds a whole run may take: every paper asked, two services each (a long list of papers
#: on slow services ends, keeping the counts it could not refresh)
DEADLINE = 600


@dataclass
class Update:
    found: dict[str, Count] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _seconds(value: str | None) -> float:
    if value is None:
        return DEADLINE
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 0 < seconds < 86_400:
        raise ScholarsiteError(f"SCHOLARSITE_CITATIONS_DEADLINE={value!r}: give the seconds "
                               "a run may take, e.g. 300")
    return seconds


def _ids(pub: Publication) -> list[tuple[str, str]]:
    """(OpenAlex id, Semantic Scholar id) pairs to try, DOI first."""
    pairs = []
    if pub.doi:
        doi = pub.doi.removeprefix("https://doi.org/")
        pairs.append((f"doi:{doi}", f"DOI:{doi}"))
    if pub.arxiv:
        pairs.append((f"doi:10.48550/arXiv.{pub.arxiv}", f"arXiv:{pub.arxiv}"))
    return pairs


def _count(client: Client, pub: Publication, today: dt.date,
           deadline: float) -> tuple[Count | None, str]:
    """The paper's count, or why there is none."""
    pairs = _ids(pub)
    if not pairs:
        return None, "no doi, eprint or arxiv field to look it up by: add one if it has one"
    failures = []
    for service, label, pick in (
            ("openalex", "OpenAlex", lambda pair: f"/works/{quote(pair[0], safe=':/')}"),
            ("semantic_scholar", "Semantic Scholar",
             lambda pair: f"/paper/{quote(pair[1], safe=':/')}?fields=citationCount")):
        for pair in pairs:
            try:
                data = json_of(client.get(service, pick(pair), until=deadline))
            except NotFound:
                continue
            except Unavailable as exc:
                failures.append(f"{label}: {exc}")
                break
            number = data.get("cited_by_count" if service == "openalex" else
                              "citationCount") if isinstance(data, dict) else None
            if type(number) is int and number >= 0:  # not ``true``, which is an int too
                return Count(count=number, source=label, fetched=today), ""
    return None, "; ".join(failures) or "unknown to OpenAlex and Semantic Scholar"


def update_counts(path: Path, pubs: list[Publication], today: dt.date,
                  progress: Callable[[str], None] = lambda line: None,
                  contact: str = "") -> Update:
    """Fetch every paper's count and write the file; what failed keeps its old count. The
    whole run has ``SCHOLARSITE_CITATIONS_DEADLINE`` seconds (default :data:`DEADLINE`);
    papers not asked by then keep theirs. ``progress`` is told of each paper as it is done.
    Interrupted (Ctrl-C), it writes nothing."""
    old = load_counts(path).papers
    update = Update()
    deadline = time.monotonic() + _seconds(os.environ.get("SCHOLARSITE_CITATIONS_DEADLINE"))
    client = Client(contact=contact)
    for number, pub in enumerate(pubs, 1):
        count, problem = _count(client, pub, today, deadline)
        progress(f"[{number}/{len(pubs)}] {pub.key}: " +
                 (f"{count.count} ({count.source})" if count else "no count"))
        if count is not None:
            update.found[pub.key] = count
        else:
            kept = f" (kept {old[pub.key].count} of {old[pub.key].fetched})" \
                if pub.key in old else ""
            update.problems.append(f"{pub.key}: {problem}{kept}")
    papers = {**{key: count for key, count in old.items()
                 if key in {pub.key for pub in pubs}}, **update.found}
    data = {"papers": {key: {"count": c.count, "source": c.source, "fetched": c.fetched}
                       for key, c in sorted(papers.items())}}
    text = ("# Citation counts of the owner's papers, written by `scholarsite citations "
            "update`:\n# commit this file; the build reads only it, never the network.\n"
            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    write_atomically(path, text.encode("utf-8"))
    return update
