"""An official-style Go download site (go.dev/dl layout) on a loopback server."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tests.support.httpserver import HTTPServer, Route


class DownloadSite:
    def __init__(self, server: HTTPServer, prefix: str = "/dl/") -> None:
        self.server = server
        self.prefix = prefix
        self.releases: list[dict[str, Any]] = []

    @property
    def base(self) -> str:
        return self.server.url + self.prefix

    @property
    def index_path(self) -> str:
        return self.prefix + "?mode=json&include=all"

    def add(self, version: str, body: bytes | Path, *, filename: str | None = None,
            goos: str = "linux", arch: str = "amd64", sha256: str | None = None,
            stable: bool | None = None, **route_opts: Any) -> Route:
        """Publish ``body`` as ``version``'s archive; ``sha256`` overrides the true hash."""
        data = body.read_bytes() if isinstance(body, Path) else body
        filename = filename or f"{version}.{goos}-{arch}.tar.gz"
        entry = {
            "filename": filename, "os": goos, "arch": arch, "version": version,
            "sha256": sha256 or hashlib.sha256(data).hexdigest(), "size": len(data),
            "kind": "archive",
        }
        rel = next((r for r in self.releases if r["version"] == version), None)
        if rel is None:
            is_stable = stable if stable is not None else not any(
                k in version for k in ("beta", "rc"))
            rel = {"version": version, "stable": is_stable, "files": []}
            self.releases.append(rel)
        rel["files"].append(entry)
        route = Route(body, content_type="application/x-gzip", **route_opts)
        self.server.routes[self.prefix + filename] = route
        self.publish()
        return route

    def publish(self, raw: bytes | None = None) -> None:
        body = raw if raw is not None else json.dumps(self.releases).encode()
        self.server.routes[self.index_path] = Route(body, content_type="application/json")
