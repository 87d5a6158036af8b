"""GOPROXY lists with Go's semantics (cmd/go/internal/modfetch/proxy.go ``proxyList``).

Entries are separated by ``,`` or ``|``; the separator *after* an entry says when
the next one is tried: ``,`` only when this one answers "not found" (HTTP 404 or
410), ``|`` after any error.  ``off`` and ``direct`` end the list.  A bare host gets
``https://``.  When GONOPROXY is set and GOPROXY is not ``direct``, an implicit
``noproxy`` entry comes first (modules matching GONOPROXY are fetched directly).
"""

from __future__ import annotations

import os
import posixpath
import urllib.parse

from gover.errors import ConfigError
from gover.record import record

NOT_FOUND = "not-found"
ANY_ERROR = "any-error"


@record(frozen=True)
class ProxyEntry:
    url: str  # a URL, or "direct", "off", "noproxy"
    fallback: str  # NOT_FOUND (",") or ANY_ERROR ("|"): when the next entry is tried

    @property
    def kind(self) -> str:
        return self.url if self.url in ("direct", "off", "noproxy") else "proxy"


def parse_goproxy(goproxy: str, gonoproxy: str = "") -> list[ProxyEntry]:
    """The entries of a GOPROXY value; ConfigError with Go's message when invalid."""
    out: list[ProxyEntry] = []
    if gonoproxy and goproxy != "direct":
        out.append(ProxyEntry("noproxy", NOT_FOUND))
    rest = goproxy
    while rest:
        cut = min((i for i in (rest.find(","), rest.find("|")) if i >= 0), default=-1)
        if cut >= 0:
            url, on_error, rest = rest[:cut], rest[cut] == "|", rest[cut + 1:]
        else:
            url, on_error, rest = rest, False, ""
        url = url.strip()
        if not url:
            continue
        if url in ("off", "direct"):
            out.append(ProxyEntry(url, NOT_FOUND))
            break
        if any(c in url for c in ".:/") and ":/" not in url and not os.path.isabs(url) \
                and not posixpath.isabs(url):
            url = "https://" + url
        _check_url(url)
        out.append(ProxyEntry(url, ANY_ERROR if on_error else NOT_FOUND))
    if not out or (len(out) == 1 and out[0].url == "noproxy"):
        raise ConfigError("GOPROXY list is not the empty string, but contains no entries")
    return out


def _check_url(url: str) -> None:
    u = urllib.parse.urlsplit(url)
    if u.scheme in ("http", "https"):
        return
    if u.scheme == "file":
        if u.netloc or u.query or u.fragment:
            raise ConfigError(f"invalid file:// proxy URL with non-path elements: {url}")
        return
    if not u.scheme:
        raise ConfigError(f"invalid proxy URL missing scheme: {url}")
    raise ConfigError(f"invalid proxy URL scheme (must be https, http, file): {url}")
