"""Bibliography lint: what loads fine but a careful researcher would fix.

Errors (a non-zero exit from ``scholarsite check``): the same work entered twice, recognised by
the same DOI or the same arXiv id. Warnings: near-identical titles (often a preprint beside its
published version), missing recommended fields per entry type, one venue written several ways
that the venue registry does not merge, an ``abbr`` the registry does not know,
fields unknown to scholarsite (``titel``, other tools' fields), and TeX macros the reader does
not know. Each finding names file:line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from .load import Bibliography
from .publications import CUSTOM_FIELDS, STANDARD_FIELDS, TOOL_FIELDS
from .venues import Venues

#: Fields BibTeX styles print when present; their absence makes a weaker reference.
RECOMMENDED = {
    "article": ("journal", "volume", "pages"),
    "inproceedings": ("booktitle", "pages"),
    "incollection": ("booktitle", "publisher", "pages"),
    "book": ("publisher",),
    "inbook": ("publisher", "pages"),
    "phdthesis": ("school",),
    "mastersthesis": ("school",),
    "techreport": ("institution",),
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def _normal_title(bib: Bibliography, value: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", bib.tex.text(value).casefold()).strip()


_EDITION = re.compile(r"\b(\d+(st|nd|rd|th)|(19|20)\d\d|first|second|third|fourth|fifth|"
                      r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|the|of|on|in)\b")


def _venue_family(text: str) -> tuple[str, str] | None:
    """("socc", series name) for "Proceedings of ... (SoCC '21)": the acronym names the series;
    editions, years and small words are dropped so that yearly volumes compare equal."""
    match = re.search(r"\(([A-Za-z][\w&-]*)\s*(?:['’]\d{2}|\d{4})?\)", text)
    if not match:
        return None
    rest = _EDITION.sub(" ", (text[: match.start()] + text[match.end():]).casefold())
    return match[1].lower(), " ".join(re.findall(r"[a-z0-9]+", rest))


def lint(bib: Bibliography, venues: Venues | None = None) -> list[Finding]:
    """Findings over every entry; ``venues`` (the registry) merges a venue's spellings."""
    venues = venues or Venues({})
    findings: list[Finding] = []
    entries = bib.data.entries

    def add(key: str, severity: str, message: str) -> None:
        place = bib.place(key)
        findings.append(Finding(str(place.path), place.line, severity, f"{key}: {message}"))

    by_doi: dict[str, list[str]] = defaultdict(list)
    by_arxiv: dict[str, list[str]] = defaultdict(list)
    by_words: dict[str, list[tuple[str, str]]] = defaultdict(list)
    families: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for key, entry in entries.items():
        fields = entry.fields
        missing = [name for name in RECOMMENDED.get(entry.type, ()) if not fields.get(name)]
        if missing:
            add(key, "warning", f"@{entry.type} without {', '.join(missing)}: add "
                                f"{'it' if len(missing) == 1 else 'them'} if known")
        if fields.get("doi"):
            by_doi[fields["doi"].strip().lower().removeprefix("https://doi.org/")].append(key)
        if fields.get("eprint") and fields.get("archiveprefix", "arxiv").lower() == "arxiv":
            by_arxiv[re.sub(r"v\d+$", "", fields["eprint"].strip().lower())].append(key)
        title = _normal_title(bib, fields.get("title", ""))
        by_words[" ".join(title.split()[:3])].append((key, title))
        for name in ("booktitle", "journal"):
            written = bib.tex.text(fields.get(name, ""))
            family = _venue_family(written)
            if family:
                families[family[0]].setdefault(family[1], (key, written))
    for what, groups in (("DOI", by_doi), ("arXiv id", by_arxiv)):
        for value, keys in groups.items():
            for key in keys[1:]:
                add(key, "error", f"same {what} {value} as {keys[0]} "
                                  f"({bib.place(keys[0])}): keep one entry")
    for group in by_words.values():
        for i, (key, title) in enumerate(group):
            for other, other_title in group[:i]:
                if SequenceMatcher(None, title, other_title).ratio() >= 0.92:
                    add(key, "warning", f"title nearly identical to {other} "
                                        f"({bib.place(other)}): the same work twice? (a preprint "
                                        "and its published version can cite the published one)")
                    break
    for acronym, forms in families.items():
        shorts = {venues.find("", written) for _, written in forms.values()}
        if len(forms) > 1 and (len(shorts) > 1 or None in shorts):
            names = "; ".join(f"{written!r} ({key})" for key, written in forms.values())
            first_key = next(iter(forms.values()))[0]
            add(first_key, "warning", f"venue {acronym.upper()} is written {len(forms)} ways: "
                                      f"{names}: use one spelling, or give the venue one entry "
                                      "in venues.yml with these spellings as its aliases")
    known = STANDARD_FIELDS | CUSTOM_FIELDS | TOOL_FIELDS
    for key, entry in entries.items():
        fields = sorted(name for name in entry.fields if name.lower() not in known)
        if fields:
            add(key, "warning", f"field(s) {', '.join(fields)} unknown to scholarsite (a typo, "
                                "or a field of another tool): fix the name or remove them")
        abbr = bib.tex.text(entry.fields.get("abbr", "")).strip()
        if abbr and venues.venues and venues.find(abbr, "") is None:
            add(key, "warning", f"abbr {abbr!r} is not in {venues.path}: add the venue there "
                                "or fix the spelling")
        unknown = set().union(*(bib.tex.unknown_macros(v) for v in entry.fields.values()))
        if unknown:
            add(key, "warning", f"unknown TeX macro(s) {', '.join(sorted(unknown))}: define "
                                "them in @preamble or write the text")
    return sorted(findings)
