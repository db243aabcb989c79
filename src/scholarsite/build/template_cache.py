"""Compiled Jinja templates kept beside the doctrees, for the theme's and the package's own.

Jinja compiles every template to Python on first use, in every process; neither Sphinx nor
furo keeps the result, so each build compiled furo's page templates and the package's
fragments again (a quarter of a second, a tenth of a one-note rebuild). Jinja's own
bytecode cache keeps them, checked against each template's source on load.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx

from . import caching
from ..render import environment

FOLDER = "scholarsite-jinja"


def use_bytecode_cache(app: Sphinx) -> None:
    """At ``builder-inited``, once the builder has set up its templates."""
    if not caching(app):
        environment().bytecode_cache = None  # as a process's earlier build may have left it
        return
    folder = Path(app.doctreedir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    cache = FileSystemBytecodeCache(str(folder))
    environment().bytecode_cache = cache
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.bytecode_cache = cache
