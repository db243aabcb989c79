"""One way to fail: bad input ends the build with its message and a non-zero exit.

Sphinx 9 prints every exception that leaves a build, its own ``SphinxError`` included, as a
crash report (traceback, versions, "please open an issue at sphinx-doc"), and saves it to a
file. That is right for bugs and wrong for a misspelt date in cv.yaml. So a
:class:`~scholarsite.errors.ScholarsiteError` is caught where the build ends and turned into
one logged error paragraph and ``SystemExit(1)``, which Sphinx's command line lets through:
``python -m sphinx``, ``scholarsite build`` and Read the Docs all show the message alone.

- Raised while the build runs (directives, roles, events, the writer): Sphinx's
  ``Sphinx.build`` first does its own clean-up (it deletes the saved environment so the next
  build starts fresh) and emits ``build-finished`` with the exception; :func:`build_failed`
  is the last handler of that event.
- Raised before it runs (``config-inited``): :func:`fail_cleanly` wraps the handler.
- Raised in a parallel reader: Sphinx hands the parent a ``SphinxParallelError`` carrying
  the worker's ``Type: message`` line, which is recognised by our type's name.

Any other exception is a bug and keeps Sphinx's report.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from sphinx.application import Sphinx
from sphinx.errors import SphinxParallelError
from sphinx.util import logging

from ..errors import ScholarsiteError

logger = logging.getLogger(__name__)

#: How a worker process describes our error to the parent (``traceback`` module format).
_WORKER_PREFIX = f"{ScholarsiteError.__module__}.{ScholarsiteError.__qualname__}: "

Handler = TypeVar("Handler", bound=Callable[..., Any])


def bad_input(exc: BaseException | None) -> str | None:
    """The message of a bad-input error, also when Sphinx wrapped it (an event handler's
    exception becomes an ``ExtensionError`` caused by it) or a worker process raised it."""
    while exc is not None:
        if isinstance(exc, ScholarsiteError):
            return str(exc)
        if isinstance(exc, SphinxParallelError) and exc.message.startswith(_WORKER_PREFIX):
            return exc.message.removeprefix(_WORKER_PREFIX)
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


def fail_cleanly(handler: Handler) -> Handler:
    """For handlers that run before ``Sphinx.build`` (outside :func:`build_failed`'s reach)."""

    @functools.wraps(handler)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except ScholarsiteError as exc:
            stop(str(exc))

    return wrapped  # type: ignore[return-value]
