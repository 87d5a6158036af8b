"""Deleting inside a cache without ever leaving it.

A path is removed only if it lies strictly below the cache root and no
directory between the root and it is a symlink (so a link planted in the cache
cannot redirect a delete elsewhere).  A symlink itself is unlinked, never
followed; directories are removed with :func:`gover.fsutil.rmtree`, which
does not descend into links and copes with Go's read-only module directories.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from gover.fsutil import rmtree


class OutsideRoot(OSError):
    pass


def check_inside(root: str, path: str) -> None:
    """Raise OutsideRoot unless ``path`` is strictly inside ``root`` with no symlinked parent."""
    root_abs = os.path.abspath(root)
    p = os.path.abspath(path)
    rel = os.path.relpath(p, root_abs)
    if rel == "." or rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        raise OutsideRoot(f"{path} is not inside {root}")
    cur = root_abs
    for part in rel.split(os.sep)[:-1]:
        cur = os.path.join(cur, part)
        st = os.lstat(cur)
        if not stat.S_ISDIR(st.st_mode):  # a symlink (or a file) on the way: refuse
            raise OutsideRoot(f"{cur} is not a real directory; refusing to delete below it")


def remove(root: str, path: str) -> None:
    """Remove ``path`` (file, symlink or directory tree) inside ``root``; gone already is fine."""
    check_inside(root, path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        rmtree(Path(path))
        if os.path.lexists(path):
            raise OSError(f"{path}: could not remove every file")
    else:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except PermissionError:
            parent = os.path.dirname(path)  # Go's module dirs are read-only
            os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            os.unlink(path)
