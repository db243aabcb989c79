"""What an identifier is: a DOI, an arXiv id, a DBLP key, a PubMed id or an ISBN, written bare,
with a prefix (``doi:``, ``arXiv:``, ``PMID:``, ``ISBN``) or as a URL of the service's page.

Written by hand: each form is one regular expression; no library knows all five.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Identifier:
    kind: str  # "doi", "arxiv", "dblp", "pubmed", "isbn"
    value: str  # normalised: DOI lower-case, arXiv without version, ISBN digits only
    written: str  # as the user wrote it (for messages)

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class UnknownIdentifier(ValueError):
    """Not a form of any supported identifier."""


_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(v\d+)?")
_ARXIV_OLD = re.compile(r"([a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?")
_DBLP = re.compile(r"(?:conf|journals|books|phd|series|reference|tr|persons|informal|"
                   r"homepages|ms|www)/[\w.+-]+(?:/[\w.+-]+)+")


def _isbn(text: str) -> str | None:
    digits = re.sub(r"[\s-]", "", text).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return digits if total % 11 == 0 else None
    if re.fullmatch(r"97[89]\d{10}", digits):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
        return digits if total % 10 == 0 else None
    return None


def bare_doi(text: str) -> str:
    """A DOI as BibTeX fields and services write it (``doi:10.1/x``, ``https://doi.org/10.1/x``)
    without its prefix; its case kept."""
    return re.sub(r"^(doi:\s*|(https?://)?(dx\.)?doi\.org/)", "", text.strip(), flags=re.I)


def parse(written: str) -> Identifier:
    """The identifier ``written`` names; :class:`UnknownIdentifier` when none."""
    text = written.strip().rstrip(".,;")
    if re.match(r"(www\.|dx\.)?(doi\.org|arxiv\.org|dblp\.org|pubmed\.ncbi\.nlm\.nih\.gov|"
                r"openlibrary\.org)/", text, re.I):
        text = "https://" + text  # a link written without its scheme
    lowered = text.lower()

    def found(kind: str, value: str) -> Identifier:
        return Identifier(kind, value, written)

    if re.match(r"https?://", lowered):
        parts = urlsplit(text)
        host, path = parts.hostname or "", unquote(parts.path)
        if host == "doi.org" or host.endswith(".doi.org"):
            if _DOI.fullmatch(path.lstrip("/")):
                return found("doi", path.lstrip("/").lower())
            raise UnknownIdentifier(written)
        if host.endswith("arxiv.org"):
            tail = re.sub(r"^/(abs|pdf|html)/", "", path).removesuffix(".pdf")
            if (match := _ARXIV_NEW.fullmatch(tail) or _ARXIV_OLD.fullmatch(tail)):
                return found("arxiv", match[1])
        if host.endswith("dblp.org") or host.endswith("dblp.uni-trier.de"):
            key = re.sub(r"^/(rec/)?(bibtex/|xml/)?", "", path)
            key = re.sub(r"\.(html|bib|xml)$", "", key)
            if _DBLP.fullmatch(key):
                return found("dblp", key)
        if (host == "pubmed.ncbi.nlm.nih.gov" and (match := re.fullmatch(r"/(\d{1,9})/?", path))
                or host.endswith("ncbi.nlm.nih.gov")
                and (match := re.fullmatch(r"/pubmed/(\d{1,9})/?", path))):
            return found("pubmed", match[1])
        if host.endswith("openlibrary.org") and (match := re.match(r"/isbn/([\dXx-]+)", path)):
            if (isbn := _isbn(match[1])) is not None:
                return found("isbn", isbn)
        if (match := _DOI.search(path)) and host.endswith(("acm.org", "ieee.org", "springer.com",
                                                           "wiley.com", "usenix.org")):
            # a publisher's page of the DOI: its view (/abstract, /full, /pdf) is not part of it
            doi = re.sub(r"/(abstract|full|fulltext|pdf|epdf|html|references)$", "", match[0],
                         flags=re.I)
            return found("doi", doi.lower())
        raise UnknownIdentifier(written)
    bare = re.sub(r"^(doi|arxiv|pmid|isbn(?:-1[03])?|dblp)\s*:?\s*", "", text, flags=re.I)
    prefix = lowered[:len(text) - len(bare)].rstrip(": ").strip()
    if _DOI.fullmatch(bare):
        return found("doi", bare.lower())
    if (match := _ARXIV_NEW.fullmatch(bare) or _ARXIV_OLD.fullmatch(bare)) and \
            prefix in ("", "arxiv"):
        return found("arxiv", match[1])
    if _DBLP.fullmatch(bare):
        return found("dblp", bare)
    if prefix.startswith("isbn") or prefix == "":
        isbn = _isbn(bare)
    else:
        isbn = None
    if isbn is not None:
        return found("isbn", isbn)
    if prefix in ("", "pmid") and re.fullmatch(r"\d{1,9}", bare):
        return found("pubmed", bare)
    raise UnknownIdentifier(written)
