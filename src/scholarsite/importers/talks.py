"""The talks of a site being imported: the CV's ``talks`` and a page for each talk with text.

Hand-written: each template states a talk in its own front matter (academicpages' ``_talks``,
Hugo Blox's events); what they become is the same, and is written once here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cv.schema import Talk
from .jsonresume import model_problems
from .pages import index_page, plain_title
from .site import Site, page_stem


@dataclass
class Talks:
    """The talks found so far, newest first when :meth:`done`."""

    site: Site
    items: list[dict[str, Any]] = field(default_factory=list)
    pages: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: Path, talk: dict[str, Any], source: tuple[str, int],
            lead: str = "") -> None:
        """A talk read from ``path`` (fields as cv.yaml's; empty ones dropped); one that does
        not fit the CV is reported. ``source`` is the page's body and its line offset: with
        text (or a ``lead``, such as the abstract) the talk also gets a page under talks/."""
        talk = {name: value for name, value in talk.items() if value}
        problems = model_problems(Talk, talk, str(path))
        if problems:
            self.site.report.skipped += [f"{where}: {why}: talk not imported"
                                         for where, why in problems]
            return
        self.items.append(talk)
        text = self.site.body(path, source[0], source[1], "talks/images").strip()
        if not text and not lead:
            return
        stem = self.site.page_name("talks", page_stem(path), "talk")
        where = ", ".join(plain_title(value) for value in (
            talk.get("event"), talk.get("location"), talk["date"]) if value)
        self.site.files[f"docs/talks/{stem}.md"] = (
            f"# {plain_title(talk['title'])}\n\n*{where}*\n\n"
            + (f"{lead}\n\n" if lead else "") + f"{text}\n")
        self.pages.append((talk["date"], stem))

    def done(self) -> list[dict[str, Any]]:
        """The talks for cv.yaml, newest first; the talks page that lists those with pages."""
        if self.pages:
            self.site.files["docs/talks/index.md"] = index_page(
                "Talks", [stem for _, stem in sorted(self.pages, reverse=True)],
                "Every talk is on the [CV](/cv.md); these have pages of their own.")
        self.site.report.counts["talks"] = \
            f"{len(self.items)} on the CV, {len(self.pages)} with a page"
        return sorted(self.items, key=lambda talk: talk["date"], reverse=True)
