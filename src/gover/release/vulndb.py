"""A client for the Go vulnerability database (vuln.go.dev layout, OSV entries).

The layout (golang.org/x/vuln internal/client): ``index/db.json`` (``{"modified"}``),
``index/modules.json`` (``[{"path", "vulns": [{"id", "modified", "fixed"}]}]``,
``fixed`` being the newest fixed version) and ``ID/<id>.json`` (one OSV entry).
Over HTTP the files are fetched gzipped (``.json.gz``) as govulncheck does, with
``.json`` as a fallback for plain mirrors; a ``file://`` database is read as
``.json`` files.  ``GOVULNDB`` may list several databases, comma-separated; their
indexes are merged.  Only the fields version matching needs are parsed; an entry
that does not have them is reported as malformed, never silently skipped.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.errors import ConfigError, GoverError, NetworkError, NotFoundError
from gover.gomod import semver

DEFAULT_DB = "https://vuln.go.dev"
STDLIB, TOOLCHAIN = "stdlib", "toolchain"  # the database's pseudo-modules for Go itself


class VulnDBUnreachable(NetworkError):
    """The database (its module index) could not be fetched."""


class VulnDBInvalid(ConfigError):
    """The database answered with an index that is not the documented shape."""


class MalformedEntry(Exception):
    """An OSV entry without the fields version matching needs (the text says which)."""


Event = tuple[str, str]  # ("introduced" | "fixed" | "last_affected", "v1.2.3"; "" = version 0)


@dataclass
class Affected:
    module: str
    ranges: list[list[Event]]  # SEMVER ranges only, versions with a "v" prefix


@dataclass
class Entry:
    id: str
    summary: str
    aliases: list[str]
    url: str
    affected: list[Affected] = field(default_factory=list)

    def ranges_for(self, module: str) -> list[list[Event]]:
        return [r for a in self.affected if a.module == module for r in a.ranges]


@dataclass
class ModuleVuln:
    id: str
    fixed: str  # newest fixed version with a "v" prefix, or "" when none is fixed
    db: str


def db_urls(value: str) -> list[str]:
    urls = [u.strip().rstrip("/") for u in (value or DEFAULT_DB).split(",") if u.strip()]
    for u in urls:
        if urllib.parse.urlsplit(u).scheme not in ("http", "https", "file"):
            raise ConfigError(f"GOVULNDB entry {u!r} is not an http://, https:// or file:// URL")
    return urls


def to_semver(v: str) -> str:
    """An OSV version (``1.2.3``, ``0``) as gomod.semver wants it; "" for version 0."""
    if v == "0":
        return ""
    return v if v.startswith("v") else "v" + v


class VulnDB:
    def __init__(self, urls: list[str], get_bytes: Callable[[str], bytes]) -> None:
        self.urls = urls
        self._get_bytes = get_bytes  # HTTP GET with gover's client (retries, proxies)
        self._index: dict[str, list[ModuleVuln]] | None = None
        self._entries: dict[str, Entry | MalformedEntry] = {}

    def modules(self) -> dict[str, list[ModuleVuln]]:
        """Module path → the vulnerabilities listed for it, from every database."""
        if self._index is not None:
            return self._index
        index: dict[str, list[ModuleVuln]] = {}
        for url in self.urls:
            try:
                raw = self._fetch(url, "index/modules")
            except (NetworkError, NotFoundError) as e:
                raise VulnDBUnreachable(f"vulnerability database {url} cannot be read: {e.message}",
                                        hint="check GOVULNDB and the network, or use --vulns=optional "
                                        "to go on without it") from None
            for path, vulns in _parse_index(url, raw):
                index.setdefault(path, []).extend(vulns)
        self._index = index
        return index

    def entry(self, mv: ModuleVuln) -> Entry | MalformedEntry:
        if mv.id not in self._entries:
            try:
                raw = self._fetch(mv.db, f"ID/{mv.id}")
                self._entries[mv.id] = parse_entry(mv.id, raw)
            except NotFoundError:
                self._entries[mv.id] = MalformedEntry(
                    f"listed in {mv.db}/index/modules.json but ID/{mv.id}.json is missing")
            except NetworkError as e:
                self._entries[mv.id] = MalformedEntry(f"cannot be fetched: {e.message}")
            except MalformedEntry as e:
                self._entries[mv.id] = e
        return self._entries[mv.id]

    def _fetch(self, base: str, endpoint: str) -> bytes:
        if base.startswith("file:"):
            import urllib.request

            root = Path(urllib.request.url2pathname(urllib.parse.urlsplit(base).path))
            for suffix in (".json", ".json.gz"):
                p = root / (endpoint + suffix)
                try:
                    data = p.read_bytes()
                except FileNotFoundError:
                    continue
                except OSError as e:
                    raise NetworkError(f"{p}: {e.strerror or e}") from None
                return _gunzip(data, str(p)) if suffix.endswith(".gz") else data
            if not root.is_dir():
                raise NetworkError(f"{root} is not a directory")
            raise NotFoundError(f"{root / (endpoint + '.json')} does not exist")
        try:
            url = f"{base}/{endpoint}.json.gz"
            return _gunzip(self._get_bytes(url), url)
        except NotFoundError:
            return self._get_bytes(f"{base}/{endpoint}.json")


def _gunzip(data: bytes, where: str) -> bytes:
    import gzip

    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as e:
        raise NetworkError(f"{where}: not gzip data ({e})") from None


def _parse_index(url: str, raw: bytes) -> list[tuple[str, list[ModuleVuln]]]:
    where = f"{url}/index/modules.json"
    try:
        doc = json.loads(raw)
        out = []
        for m in doc:
            vulns = [ModuleVuln(str(v["id"]), _index_fixed(v.get("fixed", "")), url) for v in m["vulns"]]
            out.append((str(m["path"]), vulns))
        return out
    except (ValueError, TypeError, KeyError, GoverError) as e:
        raise VulnDBInvalid(f"{where} is not a module index ({type(e).__name__}: {e})",
                            hint='expected [{"path": ..., "vulns": [{"id": ..., "fixed": ...}]}]') from None


def _index_fixed(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"fixed {v!r} is not a string")
    return to_semver(v) if v else ""


def parse_entry(want_id: str, raw: bytes) -> Entry:
    try:
        doc = json.loads(raw)
    except ValueError as e:
        raise MalformedEntry(f"not JSON ({e})") from None
    if not isinstance(doc, dict):
        raise MalformedEntry("not a JSON object")
    if doc.get("id") != want_id:
        raise MalformedEntry(f"its id is {doc.get('id')!r}")
    affected = doc.get("affected")
    if not isinstance(affected, list):
        raise MalformedEntry('no "affected" list')
    ds = doc.get("database_specific")
    url = ds.get("url") if isinstance(ds, dict) else None
    aliases = doc.get("aliases") or []
    entry = Entry(want_id, _text(doc.get("summary") or doc.get("details") or ""),
              [str(a) for a in aliases] if isinstance(aliases, list) else [],
              url if isinstance(url, str) else f"https://pkg.go.dev/vuln/{want_id}")
    for i, a in enumerate(affected):
        pkg = a.get("package") if isinstance(a, dict) else None
        if not isinstance(pkg, dict) or not isinstance(pkg.get("name"), str):
            raise MalformedEntry(f"affected[{i}] has no package name")
        ranges = a.get("ranges")
        if not isinstance(ranges, list):
            raise MalformedEntry(f"affected[{i}] ({pkg['name']}) has no ranges list")
        entry.affected.append(Affected(pkg["name"], [_events(i, r) for r in ranges
                                                     if isinstance(r, dict) and r.get("type") == "SEMVER"]))
    return entry


def _events(i: int, r: dict[str, Any]) -> list[Event]:
    events = r.get("events")
    if not isinstance(events, list) or not events:
        raise MalformedEntry(f"affected[{i}] has a SEMVER range without events")
    out: list[Event] = []
    for ev in events:
        if not isinstance(ev, dict) or len(ev) != 1:
            raise MalformedEntry(f"affected[{i}] has an event that is not one of introduced/fixed")
        ((kind, v),) = ev.items()
        if kind not in ("introduced", "fixed", "last_affected") or not isinstance(v, str):
            raise MalformedEntry(f"affected[{i}] has an unknown event {kind!r}")
        sv = to_semver(v)
        if sv and not semver.is_valid(sv):
            raise MalformedEntry(f"affected[{i}] has an invalid version {v!r}")
        out.append((kind, sv))
    return out


def _text(s: Any) -> str:
    return " ".join(str(s).split())
