"""SHA-256 of many files on a few threads.

hashlib and file reads release the GIL, so threads hash in parallel.  Workers
pull from one shared queue (largest files first, so no thread is left with a big
file at the end) and reuse one buffer each: per file the cost is an open, a few
``readinto`` calls and a close — about what ``sha256sum`` pays.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence

_BUF = 1 << 18


def sha256_path(path: str, buf: bytearray | None = None) -> tuple[str, int]:
    """(hex digest, bytes read) of a regular file; never follows a final symlink."""
    buf = buf if buf is not None else bytearray(_BUF)
    view = memoryview(buf)
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    total = 0
    try:
        while n := os.readv(fd, [buf]):
            h.update(view[:n])
            total += n
    finally:
        os.close(fd)
    return h.hexdigest(), total


def run_parallel(items: Sequence[str], work: Callable[[str, bytearray], object],
                 jobs: int) -> dict[str, object]:
    """``{item: work(item, buffer)}``; an exception raised by ``work`` becomes the value."""
    results: dict[str, object] = {}
    it = iter(items)
    lock = threading.Lock()

    def worker() -> None:
        buf = bytearray(_BUF)
        while True:
            with lock:
                item = next(it, None)
            if item is None:
                return
            try:
                r: object = work(item, buf)
            except Exception as e:  # a damaged cache must never kill a worker silently
                r = e
            results[item] = r  # distinct keys: dict assignment is atomic under the GIL

    jobs = max(1, min(jobs, len(items)))
    if jobs == 1:
        worker()
        return results
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
