"""Which checksum database to use, and how to reach it (cmd/go modfetch/sumdb.go ``dbDial``).

``GOSUMDB`` is ``off``, or ``<key> [<url>]`` where ``<key>`` is a full verifier key
(``name+hash+base64``) or a known name (``sum.golang.org``).  ``sum.golang.google.cn``
is an alias for ``sum.golang.org`` served from ``https://sum.golang.google.cn``.
Without a URL the database is reached through the first GOPROXY entry that answers
``<proxy>/sumdb/<name>/supported`` with 200, else directly at ``https://<name>``.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from gover.errors import ConfigError, NetworkError, NotFoundError
from gover.golang.proxylist import ANY_ERROR, ProxyEntry
from gover.sumdb.note import NoteError, Verifier, parse_verifier

SUM_GOLANG_ORG_KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
KNOWN_KEYS = {"sum.golang.org": SUM_GOLANG_ORG_KEY}
ALIASES = {"sum.golang.google.cn": "sum.golang.org https://sum.golang.google.cn"}
DEFAULT_GOSUMDB = "sum.golang.org"
_ACCEPTED = ("expected off, sum.golang.org, sum.golang.google.cn, "
             "or a verifier key name+hash+key optionally followed by a URL")


@dataclass(frozen=True)
class Database:
    """A checksum database: its verifier key and, if GOSUMDB gave one, its URL."""

    verifier: Verifier
    url: str | None
    setting: str  # the GOSUMDB value it came from

    @property
    def name(self) -> str:
        return self.verifier.name

    @property
    def direct_url(self) -> str:
        return "https://" + self.name


def effective_gosumdb(env: Mapping[str, str]) -> str:
    """GOSUMDB as ``go`` would read it (process env > go env file), default sum.golang.org.

    The default is what every Go >= 1.21 ships in ``$GOROOT/go.env``; gover is not
    tied to one GOROOT, so it applies that default itself.
    """
    from gover.golang.goenv import GoEnv

    return GoEnv(env).lookup("GOSUMDB").value or DEFAULT_GOSUMDB


def parse_gosumdb(value: str) -> Database | None:
    """The database a GOSUMDB value names; None for ``off``; ConfigError if it does not parse."""
    if value == "off":
        return None
    raw = ALIASES.get(value, value)
    fields = raw.split()
    if not fields:
        raise ConfigError("missing GOSUMDB", hint=_ACCEPTED)
    if len(fields) > 2:
        raise ConfigError(f"invalid GOSUMDB {value!r}: too many fields", hint=_ACCEPTED)
    key = KNOWN_KEYS.get(fields[0], fields[0])
    try:
        verifier = parse_verifier(key)
    except NoteError as e:
        raise ConfigError(f"invalid GOSUMDB {value!r}: {e}", hint=_ACCEPTED) from None
    _check_name(verifier.name, value)
    url = None
    if len(fields) == 2:
        u = urllib.parse.urlsplit(fields[1])
        if u.scheme not in ("http", "https") or not u.netloc:
            raise ConfigError(f"invalid GOSUMDB URL {fields[1]!r} in GOSUMDB={value!r}: "
                              "expected an http:// or https:// URL")
        url = fields[1].rstrip("/")
    return Database(verifier, url, value)


def _check_name(name: str, value: str) -> None:
    """No funny business in the database name: it must be ``host[/path]``."""
    u = urllib.parse.urlsplit("https://" + name)
    parts = name.split("/")
    if (name.endswith("/") or not u.hostname or u.query or u.fragment or "@" in u.netloc
            or any(p in ("", ".", "..") for p in parts) or "%" in name or "?" in name or "#" in name):
        raise ConfigError(f"invalid GOSUMDB {value!r}: invalid sumdb name (must be host[/path]): {name}")


def resolve_base(db: Database, proxies: list[ProxyEntry], probe: Callable[[str], bytes]) -> str:
    """The base URL for ``db``'s /lookup and /tile requests.

    ``probe(url)`` GETs a URL (raising NotFoundError on 404/410, NetworkError otherwise).
    A proxy that answers ``/sumdb/<name>/supported`` is used exclusively; 404/410 (or
    any error after a ``|``) moves on; ``direct``/``off`` or the end of the list means
    connecting to the database itself.  Any other failure: the database is unavailable.
    """
    if db.url:
        return db.url
    for entry in proxies:
        if entry.kind in ("direct", "off"):
            break
        if entry.kind == "noproxy":
            continue
        base = entry.url.rstrip("/") + "/sumdb/" + db.name
        try:
            probe(base + "/supported")
        except NotFoundError:
            continue
        except NetworkError:
            if entry.fallback == ANY_ERROR:
                continue
            raise
        return base
    return db.direct_url
