"""The settings conf.py may give, declared once: name, type, default, one line of help.

The extension registers them from here (:func:`scholarsite.sphinx.settings.add_config_values`),
the commands that build nothing read conf.py through :func:`value`, and the README's settings
table is :func:`markdown_table` (``tests/test_settings.py`` compares them), so a default is
written in one place. Kept free of Sphinx: the CV PDF code and the commands import it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    #: what Sphinx redoes when it changes: "env" (read every page), "html" (write them),
    #: "" (nothing: an output written at the end, the CV PDF)
    rebuild: str
    help: str

    @property
    def kind(self) -> type:
        return type(self.default)


SETTINGS = (
    Setting("scholarsite_cv", "cv.yaml", "env", "the CV data file"),
    Setting("scholarsite_author_aliases", [], "env",
            "other forms of the owner's name in BibTeX"),
    Setting("scholarsite_coauthors", "coauthors.yml", "env",
            "the co-authors file (optional): al-folio's format, `lastname: [{firstname: [Jane, "
            "J.], url: https://...}]`; their names link to their homepages in lists, paper "
            "pages, notes and the CV page"),
    Setting("scholarsite_venues", "venues.yml", "env",
            "the venue registry (optional; see \"Venues\")"),
    Setting("scholarsite_citations", "citations.yml", "env",
            "citation counts written by `scholarsite citations update` (optional)"),
    Setting("scholarsite_citation_summary", False, "env",
            "total citations and h-index on the CV page and in the PDF"),
    Setting("scholarsite_author_marks", {}, "env",
            "legends of author marks beyond `*` (co-first), `†` (corresponding), `‡` (equal "
            "advising), e.g. `{\"§\": \"work done at Example Lab\"}`"),
    Setting("scholarsite_show_phone", False, "env",
            "publish the phone number from the CV data (pages, `{cv}` role, PDF, cv.json)"),
    Setting("scholarsite_pdf_email", False, "", "print the e-mail address in `cv.pdf`"),
    Setting("scholarsite_cv_paper", "a4", "", "the CV PDF's paper: `a4` or `us-letter`"),
    Setting("scholarsite_cv_fonts", ["Libertinus Serif", "Noto Serif CJK SC",
                                     "Noto Sans CJK SC"], "",
            "the CV PDF's fonts, in the order typst tries them (the build checks they exist)"),
    Setting("scholarsite_notes_dir", "notes", "env", "folder of reading notes"),
    Setting("scholarsite_news_dir", "news", "env", "folder of news items"),
    Setting("scholarsite_news_limit", 5, "env",
            "news items `{news}` shows outside the news page (`:limit:` overrides)"),
    Setting("scholarsite_teaching_dir", "teaching", "env", "folder of course pages"),
    Setting("scholarsite_publications_page", "publications", "env",
            "page that `[C3]` references link to"),
    Setting("scholarsite_nav_limit", 30, "html",
            "most items a sidebar list shows: a longer one (hundreds of notes) shows a window "
            "around the current page and a link to the section page that lists them all"),
    Setting("scholarsite_key_pattern", "{surname}{year}{firstword}", "",
            "the key `scholarsite add` gives a new entry: `{surname}` (the first author's), "
            "`{year}`, `{firstword}` (of the title); a letter is added when it is taken"),
    Setting("scholarsite_caches", True, "",
            "`False` turns every speed cache off (pages kept between builds, the "
            "bibliography's pickle, sidebar trees, compiled templates, stems, formatted "
            "references, the up-to-date check): slower builds, the same site"),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def value(settings: Mapping[str, Any], name: str) -> Any:
    """``name`` as conf.py's namespace ``settings`` gives it, else its default."""
    return settings.get(name, BY_NAME[name].default)


def _shown(default: Any) -> str:
    return f"`{default!r}`" if not isinstance(default, str) else f"`{default}`"


def markdown_table() -> str:
    """The README's rows for these settings (the table's other rows are Sphinx's)."""
    return "\n".join(f"| `{setting.name}` | {_shown(setting.default)} | {setting.help} |"
                     for setting in SETTINGS)
