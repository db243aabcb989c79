"""``scholarsite sync``: the owner's papers that the profiles named in cv.yaml list and refs.bib
does not hold, and the preprints in refs.bib that now have a published version.

The profiles: ORCID (``/{orcid}/works``), OpenAlex by the same ORCID
(``/works?filter=author.orcid:``), DBLP (``/pid/{pid}.xml``) and Semantic Scholar
(``/author/{id}/papers``). A work several profiles list is one work (the same DOI, arXiv id or
title and year). Without ``--write`` nothing is written; with it each missing work is added
through :func:`.add.add` by its best identifier (a DOI, else an arXiv id, else a DBLP key);
a preprint is rewritten from its published version only with ``--update``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..bib.load import Bibliography
from ..net import Client, NotFound, Unavailable, json_of
from .add import Holdings, _arxiv_of, normal_title
from .ids import bare_doi
from .services import _xml
from .work import plain

ARXIV_DOI = "10.48550/arxiv."


@dataclass
class Listed:
    """A work a profile lists: its title, year and identifiers, and which profiles list it."""

    title: str
    year: str
    doi: str = ""
    arxiv: str = ""
    dblp: str = ""
    sources: list[str] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        """The best identifier to add it by."""
        if self.doi and not self.doi.startswith(ARXIV_DOI):
            return self.doi
        return f"arXiv:{self.arxiv}" if self.arxiv else self.dblp or self.doi

    def merge(self, other: Listed) -> None:
        self.doi = self.doi if self.doi and not self.doi.startswith(ARXIV_DOI) else \
            other.doi or self.doi
        self.arxiv = self.arxiv or other.arxiv
        self.dblp = self.dblp or other.dblp
        self.sources += [source for source in other.sources if source not in self.sources]


def _doi(value: Any) -> str:
    text = bare_doi(str(value or "")).lower()
    if text.startswith(ARXIV_DOI):
        return text
    return text if re.fullmatch(r"10\.\d{4,9}/\S+", text) else ""


def _arxiv_from(text: str) -> str:
    match = re.search(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv[.:]|abs-)(\d{4}[.-]\d{4,5})",
                      text, re.I)
    return match[1].replace("-", ".") if match else ""


def orcid_works(client: Client, orcid: str) -> Iterator[Listed]:
    answer = json_of(client.get("orcid", f"/{orcid}/works", cached=False))
    for group in answer.get("group") or []:
        summaries = group.get("work-summary") or []
        if not summaries:
            continue
        summary = summaries[0]
        title = plain(((summary.get("title") or {}).get("title") or {}).get("value", ""))
        year = str((((summary.get("publication-date") or {}).get("year")) or {})
                   .get("value", "") or "")
        found = Listed(title, year, sources=["ORCID"])
        for ident in ((group.get("external-ids") or {}).get("external-id") or []):
            kind = str(ident.get("external-id-type", "")).lower()
            value = str(ident.get("external-id-value", ""))
            if kind == "doi":
                found.doi = found.doi or _doi(value)
            elif kind == "arxiv":
                found.arxiv = found.arxiv or _arxiv_from(f"arxiv:{value.removeprefix('arXiv:')}")
        if title:
            yield found


def openalex_works(client: Client, orcid: str) -> Iterator[Listed]:
    answer = json_of(client.get("openalex", "/works", {"filter": f"author.orcid:{orcid}",
                                                        "per-page": "200"}, cached=False))
    for work in answer.get("results") or []:
        title = plain(str(work.get("title") or work.get("display_name") or ""))
        landing = str((work.get("primary_location") or {}).get("landing_page_url") or "")
        if title:
            yield Listed(title, str(work.get("publication_year") or ""),
                         doi=_doi(work.get("doi")), arxiv=_arxiv_from(landing),
                         sources=["OpenAlex"])


def dblp_works(client: Client, pid: str) -> Iterator[Listed]:
    root = _xml(client.get("dblp", f"/pid/{pid}.xml", accept="application/xml",
                           cached=False))
    for holder in root.findall("r"):
        for record in holder:
            title = plain("".join(record.find("title").itertext())) \
                if record.find("title") is not None else ""
            links = [ee.text or "" for ee in record.findall("ee")]
            doi = next((_doi(link) for link in links if "doi.org/" in link), "")
            arxiv = next((found for link in links if (found := _arxiv_from(link))), "") or \
                _arxiv_from(record.get("key", ""))
            if title:
                yield Listed(title.rstrip("."), record.findtext("year", ""), doi=doi,
                             arxiv=arxiv, dblp=record.get("key", ""), sources=["DBLP"])


def semantic_scholar_works(client: Client, author: str) -> Iterator[Listed]:
    answer = json_of(client.get("semantic_scholar", f"/author/{author}/papers",
                                {"fields": "title,year,externalIds", "limit": "1000"},
                                cached=False))
    for paper in answer.get("data") or []:
        ids = paper.get("externalIds") or {}
        title = plain(str(paper.get("title") or ""))
        if title:
            yield Listed(title, str(paper.get("year") or ""), doi=_doi(ids.get("DOI")),
                         arxiv=str(ids.get("ArXiv") or ""), dblp=str(ids.get("DBLP") or ""),
                         sources=["Semantic Scholar"])


PROFILES: dict[str, tuple[str, Callable[[Client, str], Iterator[Listed]]]] = {
    "orcid": ("ORCID", orcid_works), "openalex": ("OpenAlex", openalex_works),
    "dblp": ("DBLP", dblp_works), "semantic_scholar": ("Semantic Scholar",
                                                       semantic_scholar_works)}


@dataclass
class Found:
    missing: list[Listed] = field(default_factory=list)
    published: list[tuple[str, Listed]] = field(default_factory=list)  # (preprint key, work)
    problems: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)


def profile_ids(identity: Any) -> dict[str, str]:
    """The profiles of cv.yaml's identity that list papers (OpenAlex by the ORCID)."""
    from ..cv.profiles import BY_KEY

    found = {}
    for key in ("orcid", "dblp", "semantic_scholar"):
        value = getattr(identity, key, None)
        if value:
            match = re.search(BY_KEY[key].pattern.replace("(?P<id>", "("), str(value)
                              .split("/pid/")[-1].removesuffix(".html"))
            found[key] = match[0] if match else str(value)
    if "orcid" in found:
        found["openalex"] = found["orcid"]
    return found


def compare(client: Client, identity: Any, bib: Bibliography) -> Found:
    """What the profiles list that ``bib`` lacks, and its preprints published since."""
    out = Found()
    listed: list[Listed] = []
    for profile, value in profile_ids(identity).items():
        name, works = PROFILES[profile]
        out.asked.append(name)
        try:
            listed += list(works(client, value))
        except NotFound:
            out.problems.append(f"{name}: the profile {value} was not found: check it in "
                                "cv.yaml")
        except Unavailable as error:
            out.problems.append(f"{name}: {error}: try again later (the other profiles are "
                                "compared)")
        except (AttributeError, TypeError, KeyError, ValueError) as error:
            out.problems.append(f"{name}: the answer has an unexpected shape "
                                f"({type(error).__name__}): try again later")
    works: list[Listed] = []
    for item in listed:
        same = next((work for work in works if _same(work, item)), None)
        if same is None:
            works.append(item)
        else:
            same.merge(item)
    held = Holdings.of(bib)
    preprints = {normal_title(entry.fields.get("title", "")): key
                 for key, entry in bib.data.entries.items() if _preprint(entry)}
    for work in works:
        holder = held.holder(work.doi, work.arxiv, work.title, work.year)
        preprint = preprints.get(normal_title(work.title))
        if preprint and work.doi and not work.doi.startswith(ARXIV_DOI) and \
                held.dois.get(work.doi) is None:
            out.published.append((preprint, work))
        elif holder is None and preprint is None:
            out.missing.append(work)
    return out


def _preprint(entry: Any) -> bool:
    """An entry with an arXiv id and no DOI but arXiv's own."""
    doi = _doi(entry.fields.get("doi"))
    return bool(_arxiv_of(entry)) and (not doi or doi.startswith(ARXIV_DOI))


def _same(a: Listed, b: Listed) -> bool:
    return bool(a.doi and a.doi == b.doi or a.arxiv and a.arxiv == b.arxiv or
                a.dblp and a.dblp == b.dblp or
                normal_title(a.title) == normal_title(b.title) and a.year == b.year)
