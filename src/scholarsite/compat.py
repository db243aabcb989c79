"""Other packages' internals that scholarsite reaches, each behind feature detection.

Read the Docs installs the newest Sphinx, furo and MyST on every build, and the lowest
versions pyproject.toml allows must work too (``scripts/lowest.py``). Where the public API
differs between those versions, the difference is settled here, once, so the rest of the
package calls one name. Issue 23 moves every other such use here; this module is where they
go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application of a build environment: ``env._app`` from Sphinx 8.2 on (where
    ``env.app`` is deprecated), ``env.app`` before it."""
    app = getattr(env, "_app", None)
    return app if app is not None else env.app
