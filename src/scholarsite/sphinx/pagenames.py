"""Names of the pages written without a source file (one per paper), in one place.

A BibTeX key may hold any character but a comma or a brace (``../../pwned`` included), so
pages are named by :func:`~scholarsite.paths.safe_stem` of the key: ordinary keys keep their
own name, others get a slug that cannot leave the output folder.
"""

from __future__ import annotations

from sphinx.environment import BuildEnvironment

from ..paths import safe_stem

READ_FOLDER = "papers"


def paper_page(env: BuildEnvironment, key: str) -> str:
    """The owner's own paper: ``publications/<key>``."""
    return f"{env.config.scholarsite_publications_page}/{safe_stem(key)}"


def read_paper_page(key: str) -> str:
    """A paper the notes read (not the owner's): ``papers/<key>``."""
    return f"{READ_FOLDER}/{safe_stem(key)}"
