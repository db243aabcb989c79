"""Names of the pages written without a source file (one per paper), in one place."""

from __future__ import annotations

from sphinx.environment import BuildEnvironment

READ_FOLDER = "papers"


def paper_page(env: BuildEnvironment, key: str) -> str:
    """The owner's own paper: ``publications/<key>``."""
    return f"{env.config.scholarsite_publications_page}/{key}"


def read_paper_page(key: str) -> str:
    """A paper the notes read (not the owner's): ``papers/<key>``."""
    return f"{READ_FOLDER}/{key}"
