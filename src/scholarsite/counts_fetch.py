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
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

from .atomic import write_atomically
from .bib.citation_counts import Count, load_counts
from .bib.publications import Publication

OPENALEX = "https://api.openalex.org"
SEMANTIC_SCHOLAR = "https://api.semanticscholar.org/graph/v1"
TIMEOUT = 20


class Unavailable(Exception):
    """The service could not answer (network, rate limit, server error): try again later."""


@dataclass
class Update:
    found: dict[str, Count] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _get(url: str) -> dict[str, object] | None:
    """The JSON at ``url``; None when the service does not know the paper (404)."""
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
    return data if isinstance(data, dict) else None


def _ids(pub: Publication) -> list[tuple[str, str]]:
    """(OpenAlex id, Semantic Scholar id) pairs to try, DOI first."""
    pairs = []
    if pub.doi:
        doi = pub.doi.removeprefix("https://doi.org/")
        pairs.append((f"doi:{doi}", f"DOI:{doi}"))
    if pub.arxiv:
        pairs.append((f"doi:10.48550/arXiv.{pub.arxiv}", f"arXiv:{pub.arxiv}"))
    return pairs


def _count(pub: Publication, today: dt.date) -> tuple[Count | None, str]:
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
                data = _get(base + pick(pair))
            except Unavailable as exc:
                failures.append(f"{service}: {exc}")
                break
            number = (data or {}).get("cited_by_count" if service == "OpenAlex"
                                      else "citationCount")
            if isinstance(number, int) and number >= 0:
                return Count(count=number, source=service, fetched=today), ""
    return None, "; ".join(failures) or "unknown to OpenAlex and Semantic Scholar"


def update_counts(path: Path, pubs: list[Publication], today: dt.date) -> Update:
    """Fetch every paper's count and write the file; what failed keeps its old count."""
    old = load_counts(path).papers
    update = Update()
    for pub in pubs:
        count, problem = _count(pub, today)
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
