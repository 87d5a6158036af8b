"""A GOPROXY tree (file:// or served over HTTP) holding small modules built in the test.

Layout per module: ``<esc path>/@v/list``, ``<esc ver>.info``, ``.mod``, ``.zip``
(entries prefixed ``<path>@<version>/``), as ``go mod download`` expects.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from gover.gomod.modpath import escape


def add_module(root: Path, path: str, version: str, files: dict[str, str],
               time: str = "2024-01-02T03:04:05Z") -> Path:
    """Write ``path@version`` into the proxy tree at ``root``; returns its zip.

    ``files`` maps names inside the module to contents; a ``go.mod`` is added if absent.
    """
    files = dict(files)
    files.setdefault("go.mod", f"module {path}\n\ngo 1.21\n")
    d = root / escape(path) / "@v"
    d.mkdir(parents=True, exist_ok=True)
    ev = escape(version)
    (d / f"{ev}.info").write_text(json.dumps({"Version": version, "Time": time}))
    (d / f"{ev}.mod").write_text(files["go.mod"])
    zpath = d / f"{ev}.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in sorted(files.items()):
            zf.writestr(f"{path}@{version}/{name}", content)
    listing = d / "list"
    known = listing.read_text().split() if listing.exists() else []
    if version not in known:
        known.append(version)
    listing.write_text("".join(v + "\n" for v in known))
    return zpath
