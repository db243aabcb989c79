"""One way to fail: bad input ends the build with its message and a non-zero exit.

Sphinx 9 prints every exception that leaves a build, its own ``SphinxError`` included, as a
crash report (traceback, versions, "please open an issue at sphinx-doc"), and saves it to a
file. That is right for bugs and wrong for a misspelt date in cv.yaml. So a
:class:`~scholarsite.errors.ScholarsiteError` is caught where the build ends and turned into
one logged error paragraph and ``SystemExit(1)``, which Sphinx's command line lets through:
``python -m sphinx``, ``scholarsite build`` and Read the Docs all show the message alone.

- Every handler of ours is connected through :func:`connect`. While the build runs, it
  re-raises our error as :class:`BadInput`, a ``SphinxError``, which Sphinx lets through
  its event manager unwrapped (any other exception it wraps in an ``ExtensionError``).
  Sphinx's ``Sphinx.build`` then does its own clean-up (it deletes the saved environment so
  the next build starts fresh) and emits ``build-finished`` with the exception;
  :func:`build_failed` is the last handler of that event. Directives and roles raise our
  error directly; it reaches :func:`build_failed` the same way.
- Before the build runs (``config-inited``, ``builder-inited``, inside ``Sphinx()``), the
  wrapper stops at once: there is nothing to clean up yet.
- In a parallel reader, Sphinx hands the parent a ``SphinxParallelError`` carrying the
  worker's ``Type: message`` line, recognised by our types' names.

Any other exception is a bug and keeps Sphinx's report.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn

from sphinx.application import Sphinx
from sphinx.errors import SphinxError, SphinxParallelError
from sphinx.util import logging

from ..errors import ScholarsiteError

logger = logging.getLogger(__name__)

#: Events emitted while ``Sphinx()`` is made, before ``Sphinx.build`` can clean up.
EARLY_EVENTS = frozenset({"config-inited", "builder-inited"})


class BadInput(SphinxError):
    """Our error crossing Sphinx's event manager (which wraps anything but a SphinxError)."""

    category = "scholarsite: bad input"


#: How a worker process describes our errors to the parent (``traceback`` module format).
_WORKER_PREFIXES = tuple(f"{kind.__module__}.{kind.__qualname__}: "
                         for kind in (ScholarsiteError, BadInput))


def bad_input(exc: BaseException | None) -> str | None:
    """The message of a bad-input error, also when Sphinx wrapped it (an event handler's
    exception becomes an ``ExtensionError`` caused by it) or a worker process raised it."""
    while exc is not None:
        if isinstance(exc, ScholarsiteError | BadInput):
            return str(exc)
        if isinstance(exc, SphinxParallelError):
            prefix = next((p for p in _WORKER_PREFIXES if exc.message.startswith(p)), None)
            return exc.message.removeprefix(prefix) if prefix else None
        exc = exc.__cause__
    return None


def stop(message: str) -> NoReturn:
    """Log the message as the build's error and end the process's build with exit status 1."""
    logger.error(message)
    raise SystemExit(1)


def build_failed(app: Sphinx, exception: BaseException | None) -> None:
    """The last ``build-finished`` handler: a bad-input error stops here, with no report."""
    message = bad_input(exception)
    if message is not None:
        stop(message)


def connect(app: Sphinx, event: str, handler: Callable[..., Any], priority: int = 500) -> None:
    """``app.connect`` for our handlers: bad input leaves them as described above."""

    @functools.wraps(handler)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except ScholarsiteError as exc:
            if event in EARLY_EVENTS:
                stop(str(exc))
            raise BadInput(str(exc)) from None

    app.connect(event, guarded, priority=priority)
