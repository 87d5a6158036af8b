"""Probe the checksum database the way go reaches it, and verify what it signs.

``/sumdb/<name>/supported`` is asked of each proxy in turn (200: the proxy serves the
database; 404/410, or any error after ``|``: next); with none, the database is
contacted directly.  Then ``/lookup/<module>@<version>`` is fetched and its signed
tree note verified with the GOSUMDB key, including the record's inclusion proof.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from gover.errors import ConfigError, GoverError, NetworkError, NotFoundError
from gover.golang.goenv import GoEnv
from gover.golang.proxylist import ANY_ERROR, parse_goproxy
from gover.net import Client, HTTPStatusError, NotFoundStatus
from gover.sumdb.client import Client as SumdbClient
from gover.sumdb.config import Database, parse_gosumdb


@dataclass
class SupportedProbe:
    proxy: str
    url: str
    status: int | None = None
    outcome: str = ""  # "serves" | "not-found" | "error"
    error: str = ""
    latency_ms: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"proxy": self.proxy, "url": self.url, "status": self.status,
                "outcome": self.outcome, "error": self.error, "latency_ms": self.latency_ms}


@dataclass
class SumdbCheck:
    gosumdb: str
    name: str = ""
    base: str = ""  # where /lookup goes: a proxy's /sumdb/<name>, or the database itself
    supported: list[SupportedProbe] = field(default_factory=list)
    lookup: str = ""  # the /lookup URL
    ok: bool = False
    skipped: str = ""  # why no lookup was made
    error: str = ""
    tree_size: int | None = None
    records: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"gosumdb": self.gosumdb, "name": self.name, "base": self.base,
                "supported": [p.to_json() for p in self.supported], "lookup": self.lookup,
                "ok": self.ok, "skipped": self.skipped, "error": self.error,
                "tree_size": self.tree_size, "records": self.records}


def check_sumdb(module: str, version: str | None, ge: GoEnv, client: Client,
                verified_by_db: bool) -> SumdbCheck:
    gosumdb = ge.effective("GOSUMDB").value
    res = SumdbCheck(gosumdb)
    if gosumdb == "off":
        res.skipped = "GOSUMDB=off: go checks nothing against a checksum database"
        return res
    try:
        db = parse_gosumdb(gosumdb)
    except ConfigError as e:
        res.error = e.message
        return res
    assert db is not None
    res.name = db.name
    res.base = _base(db, ge, client, res)
    if not res.base:
        return res
    if not verified_by_db:
        res.skipped = f"{module} is not verified against the database (GONOSUMDB/GOPRIVATE)"
        return res
    if not version:
        res.skipped = "no version of the module is known to look up"
        return res
    res.lookup = f"{res.base}/lookup/{module}@{version}"
    sc = SumdbClient(db, lambda path: client.get_bytes(res.base + path))
    try:
        found = sc.lookup(module, version)
    except GoverError as e:
        res.error = e.message
        return res
    res.ok, res.tree_size, res.records = True, found.tree.n, found.lines
    return res


def _base(db: Database, ge: GoEnv, client: Client, res: SumdbCheck) -> str:
    """Walk the proxies' /sumdb/<name>/supported as go does, recording each answer."""
    if db.url:
        return db.url
    try:
        entries = parse_goproxy(ge.effective("GOPROXY").value)
    except ConfigError as err:
        res.error = err.message
        return ""
    for entry in entries:
        if entry.kind in ("direct", "off"):
            break
        if entry.kind != "proxy":
            continue
        base = entry.url.rstrip("/") + "/sumdb/" + res.name
        p = SupportedProbe(entry.url, base + "/supported")
        res.supported.append(p)
        start = time.monotonic()
        try:
            with client.open(p.url) as resp:
                p.status = resp.status
            p.outcome = "serves"
        except NotFoundStatus as err:
            p.status, p.outcome = err.status, "not-found"
        except (HTTPStatusError, NetworkError, NotFoundError) as err:
            p.status = getattr(err, "status", None)
            p.outcome, p.error = "error", err.message.split(": ", 1)[-1]
        finally:
            p.latency_ms = round((time.monotonic() - start) * 1000, 1)
        if p.outcome == "serves":
            return base
        if p.outcome == "error" and entry.fallback != ANY_ERROR:
            res.error = (f"{entry.url} answered /sumdb/{res.name}/supported with {p.error}: go treats "
                         "the checksum database as unavailable")
            return ""
    return "https://" + res.name
