"""The one network client of the commands that ask open services (``add``, ``sync``, ``new-note``
with an identifier, ``citations update``); builds never use the network.

requests does the HTTP (connection reuse, redirects, TLS, encodings). Around it, what every
service asks of a polite client and what a command needs to end in one line:

- each service's address from :data:`SERVICES`, overridable by ``SCHOLARSITE_<NAME>_URL`` (a
  mirror, or a local fake in tests); the paths below it are the service's own public API;
- a User-Agent naming scholarsite and the owner's contact address (Crossref's and OpenAlex's
  "polite pool" ask for one);
- a deadline per request, body included (a server that sends a byte every few seconds
  cannot hold the command: the request runs in a thread left behind when time is up),
  retries with backoff on 429 and 5xx and on lost connections, honouring ``Retry-After`` up
  to :data:`MAX_WAIT` (longer: stop and say when to try again);
- a response cache file (answers 200 and 404 by URL), so a repeated run asks nothing.

Every failure is :class:`Unavailable` (try again later) or :class:`NotFound` (the service does
not know the identifier); callers turn them into one line naming the identifier. Written here
rather than taken from requests-cache and urllib3's ``Retry``: the cache is a dozen lines of
JSON, and ``Retry`` neither caps ``Retry-After`` nor bounds a slow body.
"""

from __future__ import annotations

import email.utils
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import requests

from . import __version__
from .atomic import write_atomically

#: each service's public API, by the name its ``SCHOLARSITE_<NAME>_URL`` variable uses
SERVICES = {
    "crossref": "https://api.crossref.org",
    "datacite": "https://api.datacite.org",
    "arxiv": "https://export.arxiv.org/api",
    "dblp": "https://dblp.org",
    "pubmed": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils",
    "openlibrary": "https://openlibrary.org",
    "orcid": "https://pub.orcid.org/v3.0",
    "openalex": "https://api.openalex.org",
    "semantic_scholar": "https://api.semanticscholar.org/graph/v1",
}
#: seconds one request may take, body included
TIMEOUT = 20.0
ATTEMPTS = 4
#: the longest wait a ``Retry-After`` may ask for before the command stops instead
MAX_WAIT = 30.0
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: how a run waits between attempts (a test counts the waits instead)
pause: Callable[[float], None] = time.sleep
#: seconds an answer is kept in the response cache: a record (200) and a "not known" (404,
#: which a new DOI may stop being within a day)
KEEP_FOUND = 30 * 86_400
KEEP_MISSING = 86_400
#: the largest answer read (a book's record is a few kilobytes, a 500-author paper ~200 KB)
MAX_BYTES = 20 * 1024 * 1024


class Unavailable(Exception):
    """The service did not answer usefully (offline, timeout, rate limit, server error,
    unreadable answer): the same request may work later."""


class NotFound(Exception):
    """The service answered that it does not know what was asked."""


def base_url(service: str) -> str:
    return os.environ.get(f"SCHOLARSITE_{service.upper()}_URL", SERVICES[service]).rstrip("/")


@dataclass
class Client:
    """Requests of one command run; ``cache`` is the response cache file (None: none)."""

    contact: str = ""
    cache: Path | None = None
    #: when the whole run ends (a ``time.monotonic`` value), for requests given no ``until``
    until: float | None = None
    sleep: Callable[[float], None] | None = None  # time.sleep (tests pass their own)
    _session: requests.Session = field(default_factory=requests.Session, repr=False)
    _answers: dict[str, list[Any]] | None = field(default=None, repr=False)
    _changed: bool = False

    @property
    def user_agent(self) -> str:
        # a header is Latin-1: an address with other letters (李明@example.cn) is %-encoded
        contact = f"; mailto:{quote(self.contact, safe='@.+-_')}" if self.contact else ""
        return f"scholarsite/{__version__} (https://pypi.org/project/scholarsite/{contact})"

    def _cached(self) -> dict[str, list[Any]]:
        if self._answers is None:
            self._answers = {}
            if self.cache is not None:
                try:
                    loaded = json.loads(self.cache.read_text(encoding="utf-8"))
                    if isinstance(loaded, dict):
                        self._answers = loaded
                except (OSError, ValueError):
                    pass  # no cache yet, or a damaged one: asked again
        return self._answers

    def save(self) -> None:
        """Write the response cache (whole, atomically) if this run added to it."""
        if self.cache is not None and self._changed:
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.cache, json.dumps(self._cached(), sort_keys=True).encode())
            self._changed = False

    def get(self, service: str, path: str, params: Mapping[str, str] | None = None,
            accept: str = "application/json", until: float | None = None,
            cached: bool = True) -> bytes:
        """The body of ``GET <service base><path>?<params>``; :class:`NotFound` for 404 and
        410, :class:`Unavailable` for anything else that is not a 200 after the retries.
        ``until`` (a ``time.monotonic`` value) ends the request and its retries then;
        ``cached=False`` asks anew (lists that change, a profile's papers) and keeps nothing."""
        url = base_url(service) + path + (f"?{urlencode(params)}" if params else "")
        until = self.until if until is None else until
        kept = self._cached().get(url) if cached else None
        if isinstance(kept, list) and len(kept) == 3 and time.time() - kept[2] < (
                KEEP_FOUND if kept[0] == 200 else KEEP_MISSING):
            if kept[0] == 404:
                raise NotFound(url)
            return str(kept[1]).encode("utf-8")
        failed: Unavailable | None = None
        for attempt in range(1, ATTEMPTS + 1):
            left = TIMEOUT if until is None else min(TIMEOUT, until - time.monotonic())
            if left <= 0:  # the run's time is up: the last failure, if any, says why
                raise failed or Unavailable("not asked: the run's time was up")
            try:
                status, headers, body = self._once(url, accept, left)
            except Unavailable as error:
                if attempt == ATTEMPTS:
                    raise
                failed = error
                self._wait(2.0 ** attempt / 2, until)
                continue
            if status == 200:
                if cached and "html" not in headers.get("Content-Type", "").lower():
                    self._remember(url, 200, body)  # not a portal's or proxy's page
                return body
            if status in (404, 410):
                if cached:
                    self._remember(url, 404, b"")
                raise NotFound(url)
            if status not in RETRY_STATUS:
                raise Unavailable(f"the service answered {status}")
            wait = _retry_after(headers.get("Retry-After"), 2.0 ** attempt / 2)
            if wait > MAX_WAIT:
                raise Unavailable(f"rate limited for {round(min(wait, 1e9))} s: try again later")
            failed = Unavailable(f"the service answered {status} {attempt} times"
                                 + (": rate limited, try again later" if status == 429 else ""))
            if attempt == ATTEMPTS:
                raise failed
            self._wait(wait, until)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _wait(self, seconds: float, until: float | None) -> None:
        if until is not None:
            seconds = max(0.0, min(seconds, until - time.monotonic()))
        (self.sleep or pause)(seconds)

    def _remember(self, url: str, status: int, body: bytes) -> None:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return  # kept out of the cache: its readers decode UTF-8
        self._cached()[url] = [status, text, time.time()]
        self._changed = True

    def _once(self, url: str, accept: str, limit: float) -> tuple[int, Mapping[str, str], bytes]:
        """One request, given ``limit`` seconds in all. A socket's timeout bounds each read
        only (a server sending a byte every few seconds would hold it for ever), so the
        request runs in a thread that is left behind when the time is up."""
        result: dict[str, Any] = {}

        def fetch() -> None:
            try:
                result["answer"] = self._fetch(url, accept, limit)
            except Exception as error:  # noqa: BLE001 (handed to the caller's thread)
                result["error"] = error

        worker = threading.Thread(target=fetch, daemon=True)
        worker.start()
        worker.join(limit)
        if worker.is_alive():
            raise Unavailable(f"no whole answer within {limit:g} s")
        if "error" in result:
            raise result["error"]
        return result["answer"]  # type: ignore[no-any-return]

    def _fetch(self, url: str, accept: str, limit: float) -> tuple[int, Mapping[str, str],
                                                                    bytes]:
        try:
            with self._session.get(url, headers={"User-Agent": self.user_agent,
                                                 "Accept": accept},
                                   timeout=(min(10, limit), limit), stream=True) as answer:
                body = bytearray()
                for chunk in answer.iter_content(65536):
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise Unavailable("the answer is too large")
                return answer.status_code, answer.headers, bytes(body)
        except requests.RequestException as error:
            raise Unavailable(_reason(error)) from None


def _retry_after(value: str | None, default: float) -> float:
    """``Retry-After`` in seconds (a number or an HTTP date), else ``default``."""
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else default  # NaN: not a number
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


def _reason(error: requests.RequestException) -> str:
    if isinstance(error, requests.Timeout):
        return f"no answer within {TIMEOUT:g} s"
    if isinstance(error, requests.ConnectionError):
        return "could not connect (offline?)"
    if isinstance(error, requests.TooManyRedirects):
        return "too many redirects"
    return f"the request failed ({type(error).__name__})"


def json_of(body: bytes) -> Any:
    """An answer's JSON; :class:`Unavailable` when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Unavailable("the answer is not JSON (garbled or an error page)") from None
    except RecursionError:  # JSON nested thousands deep: no service answers so
        raise Unavailable("an answer nested too deeply to be read") from None
