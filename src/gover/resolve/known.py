"""Directories gover has seen pins in: where ``gover local`` and ``gover install`` ran.

``gover prune`` and ``gover upgrade --pins`` can only protect or update pins they can
see, and gover keeps no other record of where its users' repositories are; so the
commands that usually run inside one remember it in ``$GOVER_HOME/known-dirs`` (one
absolute path a line).  Directories that no longer exist are dropped when read.
"""

from __future__ import annotations

import os
from pathlib import Path

from gover.errors import GoverError
from gover.fsutil import file_lock, write_atomic
from gover.paths import Paths

FILE = "known-dirs"


def record_file(paths: Paths) -> Path:
    return paths.home / FILE


def remember(paths: Paths, directory: Path) -> None:
    """Add ``directory``; best effort (a read-only GOVER_HOME must not fail the command)."""
    try:
        paths.home.mkdir(parents=True, exist_ok=True)
        with file_lock(paths.locks / f"{FILE}.lock"):
            have = _read(paths)
            d = str(directory)
            if d not in have:
                write_atomic(record_file(paths), "".join(x + "\n" for x in [*have, d]))
    except (OSError, GoverError):
        pass


def known_dirs(paths: Paths) -> list[Path]:
    return [Path(d) for d in _read(paths) if os.path.isdir(d)]


def _read(paths: Paths) -> list[str]:
    try:
        text = record_file(paths).read_text(encoding="utf-8")
    except OSError:
        return []
    return [ln for ln in text.splitlines() if ln.startswith("/")]
