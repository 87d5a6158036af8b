"""Probe every entry of the GOPROXY chain for a module, then decide as ``go`` would.

Each proxy entry gets ``GET <proxy>/<escaped module>/@v/list`` with a timeout
(status, latency, redirects, TLS problems named).  ``direct`` is probed with the
``?go-get=1`` discovery request go makes before it runs a VCS.  The verdict walks
the chain with TryProxies' rules: a 404/410 moves on; any other failure moves on
only after a ``|``.
"""

from __future__ import annotations

import html.parser
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gover.errors import GoverError, NotFoundError
from gover.golang.goenv import GoEnv
from gover.golang.proxylist import ANY_ERROR, ProxyEntry, parse_goproxy
from gover.gomod.modpath import escape, match_prefix_patterns
from gover.net import Client, HTTPStatusError, NotFoundStatus
from gover.proxydiag.route import Route, private_setting, route
from gover.wording import count

DEFAULT_MODULE = "golang.org/x/text"


@dataclass
class Probe:
    entry: int  # 1-based position in GOPROXY (the implicit noproxy entry is 0)
    url: str  # the entry: a proxy URL, "direct", "off" or "noproxy"
    fallback: str
    request: str = ""  # the URL requested
    status: int | None = None
    latency_ms: float | None = None
    outcome: str = "skipped"  # "ok" | "not-found" | "error" | "skipped"
    error: str = ""
    redirects: list[str] = field(default_factory=list)
    detail: str = ""  # e.g. the versions listed, or the go-import line found

    def to_json(self) -> dict[str, Any]:
        return {"entry": self.entry, "url": self.url, "fallback": self.fallback,
                "request": self.request, "status": self.status, "latency_ms": self.latency_ms,
                "outcome": self.outcome, "error": self.error, "redirects": self.redirects,
                "detail": self.detail}


@dataclass
class ChainCheck:
    module: str
    ok: bool
    served_by: int | None  # entry number that would serve the module
    broke_at: int | None  # entry number that ended the chain with an error
    reason: str
    probes: list[Probe]
    route: Route
    versions: list[str] = field(default_factory=list)
    sumdb: Any = None  # a sumdbprobe.SumdbCheck, when asked for

    def to_json(self) -> dict[str, Any]:
        return {"module": self.module, "ok": self.ok, "served_by": self.served_by,
                "broke_at": self.broke_at, "reason": self.reason,
                "probes": [p.to_json() for p in self.probes], "route": self.route.to_json(),
                "versions": self.versions,
                "sumdb": self.sumdb.to_json() if self.sumdb is not None else None}


def check_chain(module: str, ge: GoEnv, client: Client) -> ChainCheck:
    """Probe the chain for ``module`` and decide, as go's TryProxies would, if it is served."""
    rt = route(module, ge)
    noproxy = private_setting(ge, "GONOPROXY").value
    entries = parse_goproxy(ge.effective("GOPROXY").value, noproxy)
    probes: list[Probe] = []
    offset = 1 if entries[0].url == "noproxy" else 0
    for i, e in enumerate(entries):
        p = Probe(i + 1 - offset, e.url, e.fallback)
        probes.append(p)
        if e.url == "noproxy":
            if noproxy and match_prefix_patterns(noproxy, module):
                _probe_direct(p, module, client)
                return _verdict(module, probes, rt, p, direct_private=True)
            p.outcome, p.detail = "not-found", "module does not match GONOPROXY: use the proxies"
            continue
        if e.url == "off":
            p.outcome, p.error = "error", "module lookup disabled by GOPROXY=off"
            return ChainCheck(module, False, None, p.entry, p.error, probes, rt)
        if e.url == "direct":
            _probe_direct(p, module, client)
            return _verdict(module, probes, rt, p)
        found = _probe_proxy(p, e, module, client)
        if p.outcome == "ok":
            return ChainCheck(module, True, p.entry, None, f"served by entry {p.entry} ({e.url})",
                              probes, rt, found)
        if p.outcome == "error" and e.fallback != ANY_ERROR:
            why = p.error or f"HTTP {p.status}"
            nxt = " The rest of the chain is never tried." if i + 1 < len(entries) else ""
            return ChainCheck(module, False, None, p.entry,
                              f"{why} from entry {p.entry} ({e.url}); ',' falls through only on "
                              f"404/410 — use '|' to fall through on any error, or fix the proxy.{nxt}",
                              probes, rt)
    return ChainCheck(module, False, None, None,
                      "no entry has the module (every proxy answered 404/410)", probes, rt)


def _verdict(module: str, probes: list[Probe], rt: Route, p: Probe,
             direct_private: bool = False) -> ChainCheck:
    how = "its origin (GONOPROXY/GOPRIVATE)" if direct_private else "its origin (direct)"
    if p.outcome == "ok":
        return ChainCheck(module, True, p.entry, None, f"fetched directly from {how}: {p.detail}",
                          probes, rt)
    return ChainCheck(module, False, None, p.entry, f"direct fetch from {how} fails: {p.error}",
                      probes, rt)


def _probe_proxy(p: Probe, e: ProxyEntry, module: str, client: Client) -> list[str]:
    base = e.url.rstrip("/")
    p.request = f"{base}/{escape(module)}/@v/list"
    if base.startswith("file://"):
        return _probe_file(p)
    start = time.monotonic()
    try:
        with client.open(p.request, redirects=p.redirects) as resp:
            body = resp.read(1 << 20)
            p.status = resp.status
        p.outcome = "ok"
        found = _list_versions(body.decode("utf-8", "replace"))
        p.detail = f"{count(len(found), 'version')} listed" if found else "no tagged versions listed"
        return found
    except NotFoundStatus as err:
        p.status, p.outcome, p.detail = err.status, "not-found", err.message
    except HTTPStatusError as err:
        p.status, p.outcome, p.error = err.status, "error", f"HTTP {err.status}"
    except GoverError as err:
        p.outcome, p.error = "error", err.message.split(": ", 1)[-1]
    finally:
        p.latency_ms = round((time.monotonic() - start) * 1000, 1)
    return []


def _list_versions(text: str) -> list[str]:
    """The versions of an ``@v/list`` body: one per line, each optionally followed by
    its time, which is not a version."""
    return [ln.split()[0] for ln in text.split("\n") if ln.strip()]


def _probe_file(p: Probe) -> list[str]:
    path = Path(urllib.parse.urlsplit(p.request).path)
    if path.is_file():
        p.outcome = "ok"
        found = _list_versions(path.read_text(errors="replace"))
        p.detail = f"{count(len(found), 'version')} listed"
        return found
    p.outcome, p.detail = "not-found", f"{path} does not exist"
    return []


class _GoImport(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "go-import" and a.get("content"):
            self.found.append(a["content"] or "")


def _probe_direct(p: Probe, module: str, client: Client) -> None:
    """go's first step for a direct fetch: the ``?go-get=1`` discovery page (``route`` has
    already refused a malformed module path, as go does before any request)."""
    p.request = f"https://{module}?go-get=1"
    start = time.monotonic()
    try:
        with client.open(p.request, redirects=p.redirects) as resp:
            page = resp.read(1 << 20).decode("utf-8", "replace")
            p.status = resp.status
        parser = _GoImport()
        parser.feed(page)
        if parser.found:
            p.outcome, p.detail = "ok", f"go-import {parser.found[0]} (the VCS fetch itself is not probed)"
        else:
            p.outcome, p.error = "error", "no <meta name=\"go-import\"> in the discovery page"
    except NotFoundError as err:
        p.status, p.outcome, p.error = getattr(err, "status", None), "error", err.message
    except GoverError as err:
        p.outcome, p.error = "error", err.message.split(": ", 1)[-1]
    finally:
        p.latency_ms = round((time.monotonic() - start) * 1000, 1)

