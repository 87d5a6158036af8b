"""Removing module versions from the cache the way ``go`` itself would tolerate.

Every removal holds the version's own lock (``<ver>.lock``, the flock Go takes
around downloading and extracting it); a version whose lock is busy is
skipped, not waited for.  An extracted tree is removed under Go's own
crash protocol: ``<ver>.partial`` is created first, so a tree left half-deleted
by a crash is seen by Go as "not completely extracted" and re-extracted; the
marker goes last.  Download files go in an order in which every intermediate
state is one Go repairs by itself (a .zip without .ziphash is re-hashed; a
.ziphash without .zip is re-downloaded).  Lock files are never removed, and
``cache/download/sumdb``, ``cache/vcs`` and ``cache/lock`` are never touched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator

from gover.cache import modcache, safedelete
from gover.cache.modcache import ModVersion


class Busy(OSError):
    pass


def _remove(root: str, path: str) -> None:
    rel = os.path.relpath(path, root).replace(os.sep, "/")
    if any(rel == p or rel.startswith(p + "/") for p in modcache.PROTECTED):
        raise OSError(errno.EPERM, f"refusing to delete {path}: Go's checksum/VCS cache or lock")
    safedelete.remove(root, path)


@contextlib.contextmanager
def version_lock(root: str, v: ModVersion) -> Iterator[None]:
    path = modcache.download_file(root, v, "lock")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(errno.EBUSY, f"{v.path}@{v.version} is in use (its lock {path} is held)") from None
        yield
    finally:
        os.close(fd)


def _remove_tree(root: str, v: ModVersion) -> None:
    if v.dir is None or not os.path.lexists(v.dir):
        return
    partial = modcache.download_file(root, v, "partial")
    with open(partial, "wb"):
        pass
    _remove(root, v.dir)
    os.unlink(partial)


def remove_tree(root: str, v: ModVersion) -> None:
    """Remove the extracted tree only; Go re-extracts it from the .zip."""
    with version_lock(root, v):
        _remove_tree(root, v)


def remove_zip(root: str, v: ModVersion) -> None:
    """Remove the .zip only (its .ziphash stays: a fresh download is checked against it)."""
    with version_lock(root, v):
        _remove(root, modcache.download_file(root, v, "zip"))


def remove_ziphash(root: str, v: ModVersion) -> None:
    """Remove a malformed .ziphash and the tree that depends on it; Go re-hashes the .zip."""
    with version_lock(root, v):
        _remove_tree(root, v)
        _remove(root, modcache.download_file(root, v, "ziphash"))


def remove_version(root: str, v: ModVersion) -> None:
    """Remove everything cached for ``v`` except its lock file."""
    with version_lock(root, v):
        _remove_tree(root, v)
        for suffix in ("ziphash", "zip", "mod", "info", "partial"):
            _remove(root, modcache.download_file(root, v, suffix))
    rewrite_list(modcache.download_dir(root, v.esc_path))


def rewrite_list(vdir: str) -> None:
    """Rewrite ``@v/list`` as Go's ``rewriteVersionList`` does: the versions that
    still have a .mod, under a flock on the list file itself, written in place."""
    list_file = os.path.join(vdir, "list")
    if not os.path.exists(list_file):
        return
    fd = os.open(list_file, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        versions = [n[:-4] for n in os.listdir(vdir)
                    if n.endswith(".mod") and modcache.is_canonical(n[:-4])]
        data = "".join(v + "\n" for v in sorted(versions, key=modcache.semver_key)).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    finally:
        os.close(fd)
