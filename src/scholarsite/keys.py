"""Cache keys derived from what a value holds, never from a hand-written ``__repr__``.

A page kept between builds is reused while the key of everything it shows is unchanged, so a
key that misses a field leaves stale pages. :func:`key_text` walks dataclasses by their
compared fields, pydantic models by their data, and containers in a stable order; a field
added to a model is in the key at once. A value it does not know how to key (an object with
an address in its ``repr``) raises ``TypeError``, so the mistake shows in the tests, not as a
page that never updates. Written by hand: ``pickle`` and ``repr`` are not stable across
processes for sets and arbitrary objects, and no small library keys dataclasses and pydantic
models together.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

_PLAIN = (str, int, float, bool, type(None), bytes, dt.date)


def _keyed(value: Any) -> Any:
    if isinstance(value, _PLAIN):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__,
                [(item.name, _keyed(getattr(value, item.name)))
                 for item in dataclasses.fields(value) if item.compare])
    if isinstance(value, BaseModel):
        return (type(value).__qualname__, _keyed(value.model_dump(mode="json")))
    if isinstance(value, Mapping):
        return sorted((repr(_keyed(key)), _keyed(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_keyed(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_keyed(item)) for item in value)
    if isinstance(value, PurePath):
        return str(value)
    raise TypeError(f"no stable key for a {type(value).__qualname__}: make it a dataclass "
                    "(derived fields with compare=False) or key its data explicitly")


def key_text(value: Any) -> str:
    """Text equal for equal contents, in every process."""
    return repr(_keyed(value))


def key_digest(value: Any) -> str:
    return hashlib.sha256(key_text(value).encode()).hexdigest()
