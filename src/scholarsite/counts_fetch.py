"""``scholarsite citations update``: ask open APIs for the own papers' citation counts.

OpenAlex first (by DOI, or by an arXiv id through arXiv's DOI 10.48550/arXiv.<id>), Semantic
Scholar when OpenAlex does not know the paper. The counts go to the citations file
(:mod:`.bib.citation_counts`), written whole; a paper the services do not know, a network
error or a rate limit is reported and keeps the count it had, and never fails the command.
The services' addresses can be changed (``SCHOLARSITE_OPENALEX_URL``,
``SCHOLARSITE_SEMANTIC_SCHOLAR_URL``) for a mirror or for tests. urllib from the standard
library: two GET requests per paper need no HTTP library.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

from .atomic import write_atomically
from .bib.citation_counts import Count, load_counts
from .bib.publications import Publication
from .errors import ScholarsiteError

#: seconds a whole run may take: every paper asked, two services each (a long list of papers
#: on slow services ends, keeping the counts it could not refresh)
DEADLINE = 600
OPENALEX = "https://api.openalex.org"
SEMANTIC_SCHOLAR = "https://api.semanticscholar.org/graph/v1"
TIMEOUT = 20


class Unavailable(Exception):
    """The service could not answer (network, rate limit, server error): try again later."""


@dataclass
class Update:
    found: dict[str, Count] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _get(url: str, deadline: float) -> dict[str, object] | None:
    """The JSON at ``url``; None when the service does not know the paper (404). The request
    has :data:`TIMEOUT` seconds in all, and none past ``deadline`` (a ``time.monotonic``
    value): a socket's timeout bounds each read only, and a server that sends a byte every
    few seconds would hold it forever, so the request runs in a thread that is left behind."""
    wait = min(TIMEOUT, deadline - time.monotonic())
    if wait <= 0:
        raise Unavailable("not asked: the run's time was up")
    answer: dict[str, object] = {}

    def ask() -> None:
        try:
            answer["data"] = _fetch(url)
        except Unavailable as exc:
            answer["error"] = exc

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    thread.join(wait)
    if thread.is_alive():
        raise Unavailable(f"no whole answer within {wait:.0f} s")
    if "error" in answer:
        raise answer["error"]  # type: ignore[misc]
    return answer.get("data")  # type: ignore[return-value]


def _fetch(url: str) -> dict[str, object] | None:
    """One GET of ``url`` as JSON (see :func:`_get`)."""
    request = urllib.request.Request(url, headers={"User-Agent": "scholarsite (citations)"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        if exc.code == 429:
            raise Unavailable("rate limited (HTTP 429): run the command again later") from None
        raise Unavailable(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise Unavailable(f"no answer ({getattr(exc, 'reason', exc)})") from None
    except (ValueError, UnicodeDecodeError):
        raise Unavailable("an answer that is not JSON") from None
    except RecursionError:  # JSON nested thousands deep: no service answers so
        raise Unavailable("an answer nested too deeply to be a count") from None
    return data if isinstance(data, dict) else None


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


def _count(pub: Publication, today: dt.date, deadline: float) -> tuple[Count | None, str]:
    """The paper's count, or why there is none."""
    openalex = os.environ.get("SCHOLARSITE_OPENALEX_URL", OPENALEX).rstrip("/")
    semantic = os.environ.get("SCHOLARSITE_SEMANTIC_SCHOLAR_URL", SEMANTIC_SCHOLAR).rstrip("/")
    pairs = _ids(pub)
    if not pairs:
        return None, "no doi, eprint or arxiv field to look it up by: add one if it has one"
    failures = []
    for service, base, pick in (
            ("OpenAlex", openalex, lambda pair: f"/works/{quote(pair[0], safe=':/')}"),
            ("Semantic Scholar", semantic,
             lambda pair: f"/paper/{quote(pair[1], safe=':/')}?fields=citationCount")):
        for pair in pairs:
            try:
                data = _get(base + pick(pair), deadline)
            except Unavailable as exc:
                failures.append(f"{service}: {exc}")
                break
            number = (data or {}).get("cited_by_count" if service == "OpenAlex"
                                      else "citationCount")
            if type(number) is int and number >= 0:  # not ``true``, which is an int too
                return Count(count=number, source=service, fetched=today), ""
    return None, "; ".join(failures) or "unknown to OpenAlex and Semantic Scholar"


def update_counts(path: Path, pubs: list[Publication], today: dt.date,
                  progress: Callable[[str], None] = lambda line: None) -> Update:
    """Fetch every paper's count and write the file; what failed keeps its old count. The
    whole run has ``SCHOLARSITE_CITATIONS_DEADLINE`` seconds (default :data:`DEADLINE`);
    papers not asked by then keep theirs. ``progress`` is told of each paper as it is done.
    Interrupted (Ctrl-C), it writes nothing."""
    old = load_counts(path).papers
    update = Update()
    deadline = time.monotonic() + _seconds(os.environ.get("SCHOLARSITE_CITATIONS_DEADLINE"))
    for number, pub in enumerate(pubs, 1):
        count, problem = _count(pub, today, deadline)
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
