"""Where a matrix run keeps its logs: ``$GOVER_HOME/matrix/<UTC time>-<pid>/go1.22.10.log``.

Logs stay out of the repository (nothing to .gitignore, works in read-only checkouts)
and each run gets its own directory, so a previous run's logs can be compared with
this one's.  Only the newest KEEP_RUNS run directories are kept.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from gover.fsutil import rmtree
from gover.paths import Paths

KEEP_RUNS = 20
_RUN_RE = re.compile(r"^\d{8}T\d{6}Z-\d+$")


def base_dir(paths: Paths) -> Path:
    return paths.home / "matrix"


def new_run_dir(paths: Paths) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return base_dir(paths) / f"{stamp}-{os.getpid()}"


def log_path(run_dir: Path, name: str) -> Path:
    return run_dir / f"{name}.log"


def prune(paths: Paths, keep: int = KEEP_RUNS) -> list[Path]:
    """Remove all but the ``keep`` newest run directories (names sort by time)."""
    base = base_dir(paths)
    try:
        runs = sorted(e for e in os.listdir(base) if _RUN_RE.match(e))
    except OSError:
        return []
    old = runs[: max(len(runs) - keep, 0)]
    for name in old:
        try:
            rmtree(base / name)
        except Exception:  # another gover pruning the same directory: not ours to report
            pass
    return [base / n for n in old]
