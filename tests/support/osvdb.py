"""A small Go vulnerability database in the vuln.go.dev layout, written to a directory.

``index/db.json``, ``index/modules.json`` (each module's vulns with the newest
fixed version), ``ID/<id>.json``; every file also gzipped as ``.json.gz``, which
is what govulncheck (and gover) ask an HTTP server for.  Serve the directory
with ``HTTPServer.serve_dir`` or use it as a ``file://`` GOVULNDB.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from gover.gomod import semver

Ranges = list[list[tuple[str, str]]]  # [[("introduced", "0"), ("fixed", "1.22.5")], ...]


def entry(vid: str, affected: dict[str, Ranges], summary: str = "") -> dict[str, Any]:
    return {
        "schema_version": "1.3.1", "id": vid, "modified": "2025-01-02T03:04:05Z",
        "published": "2025-01-01T00:00:00Z", "aliases": [f"CVE-2025-{vid[-4:]}"],
        "summary": summary or f"a problem ({vid})", "details": "details",
        "affected": [{"package": {"name": mod, "ecosystem": "Go"},
                      "ranges": [{"type": "SEMVER", "events": [{k: v} for k, v in r]} for r in ranges],
                      "ecosystem_specific": {"imports": [{"path": mod, "symbols": ["F"]}]}}
                     for mod, ranges in affected.items()],
        "references": [], "database_specific": {"url": f"https://pkg.go.dev/vuln/{vid}"},
    }


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, mtime=0))


def write_db(root: Path, entries: list[dict[str, Any]], raw: dict[str, bytes] | None = None) -> Path:
    """Write the entries (and, for ``raw``, the given bytes as ID/<id>.json with an index
    line for module ``example.com/dep``: a malformed entry)."""
    modules: dict[str, list[dict[str, str]]] = {}
    for e in entries:
        _write(root / "ID" / f"{e['id']}.json", json.dumps(e).encode())
        for a in e["affected"]:
            fixes = [ev["fixed"] for r in a["ranges"] for ev in r["events"] if "fixed" in ev]
            newest = max(fixes, key=lambda v: semver.sort_key("v" + v), default="")
            v = {"id": e["id"], "modified": e["modified"]}
            if newest:
                v["fixed"] = newest
            modules.setdefault(a["package"]["name"], []).append(v)
    for vid, data in (raw or {}).items():
        _write(root / "ID" / f"{vid}.json", data)
        modules.setdefault("example.com/dep", []).append({"id": vid, "modified": "2025-01-02T03:04:05Z"})
    index = [{"path": p, "vulns": vs} for p, vs in sorted(modules.items())]
    _write(root / "index" / "modules.json", json.dumps(index).encode())
    _write(root / "index" / "db.json", json.dumps({"modified": "2025-01-02T03:04:05Z"}).encode())
    return root


def standard(root: Path) -> Path:
    """The database the tests share: stdlib entries around go1.25.5, module entries for
    example.com/dep (v1.0.0 affected) and one malformed entry (GO-2025-0009)."""
    return write_db(root, [
        entry("GO-2025-0001", {"stdlib": [[("introduced", "0"), ("fixed", "1.24.12"),
                                           ("introduced", "1.25.0-0"), ("fixed", "1.25.6")]]},
              "net/http: request smuggling"),
        entry("GO-2025-0002", {"stdlib": [[("introduced", "1.25.0-0"), ("fixed", "1.25.7")]]},
              "crypto/tls: a handshake panic"),
        entry("GO-2025-0003", {"stdlib": [[("introduced", "0"), ("fixed", "1.21.0")]]}, "old and fixed"),
        entry("GO-2025-0004", {"example.com/dep": [[("introduced", "0"), ("fixed", "1.0.2")]]},
              "dep: bad parsing"),
        entry("GO-2025-0005", {"example.com/dep": [[("introduced", "1.0.0"), ("fixed", "1.0.3")],
                                                   [("introduced", "1.1.0"), ("fixed", "1.1.4")]]},
              "dep: worse parsing"),
        entry("GO-2025-0006", {"example.com/other": [[("introduced", "0")]]}, "never fixed"),
    ], raw={"GO-2025-0009": b'{"id": "GO-2025-0009", "affected": [{"package": {}}]}'})
