"""Social and scholarly profiles: one id per network in cv.yaml, one link in every view.

The CV's identity names each profile by the id the network uses (``orcid: 0000-0002-1825-0097``,
``google_scholar: AbCdEfGhIjKl``, ``mastodon: @ada@hachyderm.io``) or by its profile URL. The
id is checked against the network's form when the CV is read, so a typo fails with its line
instead of publishing a dead link; every view (home page, CV page, PDF, cv.json, the home
page's JSON-LD ``sameAs``) builds the URL here. Hand-written: a table of URL forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..urls import is_safe_url


@dataclass(frozen=True)
class Network:
    key: str  # the field in cv.yaml's identity
    label: str  # as the link and JSON Resume name it
    pattern: str  # the id, as a regular expression
    url: str  # the profile URL, from the id's named groups
    example: str
    hosts: tuple[str, ...] = ()  # hosts a profile URL may be on (empty: any, for Mastodon)
    show_id: bool = False  # ids that are names people recognise are shown after the label


#: in the order the views list them
NETWORKS = (
    Network("github", "GitHub", r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))",
            "https://github.com/{id}", "octocat", ("github.com",), True),
    Network("linkedin", "LinkedIn", r"(?P<id>[\w-]{3,100})",
            "https://www.linkedin.com/in/{id}", "jane-doe-123", ("linkedin.com",), True),
    Network("google_scholar", "Google Scholar", r"(?P<id>[\w-]{12})",
            "https://scholar.google.com/citations?user={id}", "AbCdEfGhIjKl",
            ("scholar.google.com",)),
    Network("orcid", "ORCID", r"(?P<id>\d{4}-\d{4}-\d{4}-\d{3}[\dX])",
            "https://orcid.org/{id}", "0000-0002-1825-0097", ("orcid.org",)),
    Network("dblp", "DBLP", r"(?P<id>[\w-]+(?:/[\w-]+)+)", "https://dblp.org/pid/{id}.html",
            "123/4567", ("dblp.org", "dblp.uni-trier.de")),
    Network("semantic_scholar", "Semantic Scholar", r"(?P<id>\d+)",
            "https://www.semanticscholar.org/author/{id}", "1741101",
            ("semanticscholar.org",)),
    Network("x", "X", r"@?(?P<id>\w{1,15})", "https://x.com/{id}", "@ada",
            ("x.com", "twitter.com"), True),
    Network("bluesky", "Bluesky", r"@?(?P<id>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)",
            "https://bsky.app/profile/{id}", "ada.bsky.social", ("bsky.app",), True),
    Network("mastodon", "Mastodon", r"@?(?P<user>\w+)@(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)",
            "https://{host}/@{user}", "@ada@hachyderm.io", (), True),
)
BY_KEY = {network.key: network for network in NETWORKS}


@dataclass(frozen=True)
class Profile:
    network: Network
    value: str  # as written in cv.yaml
    url: str

    @property
    def text(self) -> str:
        """The link text: the label, with the handle where people know it by that."""
        shown = self.network.show_id and not self.value.startswith("https://")
        return f"{self.network.label}: {self.value}" if shown else self.network.label


def profile_url(key: str, value: str) -> str:
    """The profile URL for ``value`` (an id or a URL) on network ``key``; ValueError naming
    the expected form otherwise."""
    network = BY_KEY[key]
    value = value.strip()
    if value.startswith("https://"):
        host = (urlsplit(value).hostname or "").removeprefix("www.")
        if is_safe_url(value) and host and (not network.hosts or host in network.hosts):
            return value
    elif match := re.fullmatch(network.pattern, value):
        return network.url.format(**match.groupdict())
    hosts = " or ".join(network.hosts) or "your instance"
    raise ValueError(f"{value!r} is not a valid {network.label} id like {network.example!r} nor an "
                     f"https:// URL on {hosts}")
