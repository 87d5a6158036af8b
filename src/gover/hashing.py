"""SHA-256 for every caller: of a file, of a stream, of many files on a few threads.

hashlib and file reads release the GIL, so threads hash in parallel.  Workers
pull from one shared queue (largest files first, so no thread is left with a big
file at the end) and reuse one buffer each: per file the cost is an open, a few
``readv`` calls and a close — about what ``sha256sum`` pays.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence

from gover.errors import VerificationError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import IO

CHUNK = 1 << 18


def sha256_path(path: str | os.PathLike[str], buf: bytearray | None = None, *,
                follow_symlinks: bool = True) -> tuple[str, int]:
    """(hex digest, bytes read) of a file; without ``follow_symlinks`` a final symlink is an error."""
    buf = buf if buf is not None else bytearray(CHUNK)
    view = memoryview(buf)
    h = hashlib.sha256()
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (0 if follow_symlinks else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    total = 0
    try:
        while n := os.readv(fd, [buf]):
            h.update(view[:n])
            total += n
    finally:
        os.close(fd)
    return h.hexdigest(), total


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's content."""
    return sha256_path(path)[0]


def sha256_stream(f: IO[bytes], h: hashlib._Hash | None = None) -> hashlib._Hash:
    """Feed the rest of ``f`` into ``h`` (a new SHA-256 by default) and return it."""
    h = h if h is not None else hashlib.sha256()
    while chunk := f.read(CHUNK):
        h.update(chunk)
    return h


def sha256_mismatch(subject: str, want: str, got: str, note: str = "") -> VerificationError:
    """The one wording of a failed SHA-256 check; ``note`` adds where the file came from."""
    tail = f" ({note})" if note else ""
    return VerificationError(f"checksum mismatch for {subject}: expected sha256 {want.lower()}, "
                             f"got {got}{tail}")


def run_parallel(items: Sequence[str], work: Callable[[str, bytearray], object],
                 jobs: int) -> dict[str, object]:
    """``{item: work(item, buffer)}``; an exception raised by ``work`` becomes the value."""
    import threading  # here: most commands hash one file, or none

    results: dict[str, object] = {}
    it = iter(items)
    lock = threading.Lock()

    def worker() -> None:
        buf = bytearray(CHUNK)
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
