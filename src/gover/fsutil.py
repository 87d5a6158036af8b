"""Small filesystem helpers shared by every module that writes: atomic writes, locks, rmtree."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Mapping

from gover.errors import ConfigError, GoverError, StoreError, shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:  # only in annotations: gomod.lookup imports this module on the resolver's path
    from pathlib import Path


def write_atomic(path: Path, data: bytes | str, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so readers see the old or the new content, never a mix."""
    import tempfile  # lazily, as shutil below: read-only commands import this module too

    raw = data.encode() if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise store_error(e, path) from e
        raise


def store_error(e: OSError, path: Path | str) -> StoreError:
    """Turn an OSError into a one-line StoreError naming the path and the cause."""
    if e.errno == errno.ENOSPC:
        return StoreError(f"disk full while writing {path}", hint="free some space and retry")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(f"cannot write {path}: {e.strerror}",
                          hint="check its permissions, or set GOVER_HOME to a writable directory")
    return StoreError(f"{path}: {e.strerror or e}")


class file_lock:  # lower-case: used as the generator it was, ``with file_lock(path) as got:``
    """Hold an exclusive flock on ``path``; gives False if non-blocking and busy.

    The kernel drops the lock when the process dies, so a ``kill -9`` never leaves
    a stale lock behind.  A class, not a contextlib generator: read-only commands import
    this module, and contextlib costs them more than everything they use here.
    """

    def __init__(self, path: Path, *, blocking: bool = True,
                 on_wait: Callable[[], None] | None = None) -> None:
        self.path, self.blocking, self.on_wait = path, blocking, on_wait
        self.fd = -1

    def __enter__(self) -> bool:
        import fcntl  # here: the commands that only read take no lock

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise store_error(e, self.path) from e
        try:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not self.blocking:
                    return False
                if self.on_wait:
                    self.on_wait()
                fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            self._close()
            raise
        return True

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def rmtree(path: Path) -> None:
    """Remove a tree, including the read-only dirs Go creates; never follow symlinks out."""

    def onerror(func: Callable[..., object], p: str, exc: object) -> None:
        parent = os.path.dirname(p)
        try:
            os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            if os.path.isdir(p) and not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            func(p)
        except FileNotFoundError:
            pass

    if path.is_symlink() or not path.is_dir():
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        return
    import shutil

    # rmtree never descends into symlinked dirs; 3.12 renamed onerror to onexc.
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=onerror)
    else:
        shutil.rmtree(path, onerror=onerror)


def logical_cwd(env: Mapping[str, str]) -> str:
    """The working directory as Go's ``os.Getwd`` (and the shell's ``$PWD``) names it.

    Here rather than in the resolver so that commands which only need the directory
    (``gover pins``, ``gover check``) do not import the resolver to find it."""
    pwd = env.get("PWD", "")
    if pwd.startswith("/"):
        try:
            if os.path.samefile(pwd, "."):
                return pwd
        except OSError:
            pass
    return os.getcwd()


def same_file(a: str, b: str) -> bool:
    """``os.path.samefile``, False when either cannot be stat'ed."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def tree_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


def path_error(e: OSError, path: object, doing: str = "read") -> GoverError:
    """A one-line ConfigError for a path the user gave that cannot be used."""
    return ConfigError(f"cannot {doing} {shown(path)}: {_reason(e)}")


class UnreadableFile(ConfigError):
    """A file the user named that cannot be read as one: ``<path>: <reason>``."""

    def __init__(self, path: object, reason: str) -> None:
        self.path, self.reason = shown(path), reason
        super().__init__(f"{self.path}: {reason}")


def read_regular(path: str | os.PathLike[str], what: str, limit: int) -> bytes:
    """The content of the regular file ``path`` (at most ``limit`` bytes), else an
    UnreadableFile: missing, a directory, a device or FIFO (opened without blocking,
    so a FIFO never hangs and /dev/zero is never read), unreadable or too large."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise UnreadableFile(path, _reason(e)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableFile(path, f"is a directory; give {what}")
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile(path, f"not a regular file; give {what}")
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(path, f"larger than {limit} bytes; give {what}")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise UnreadableFile(path, _reason(e)) from None
    finally:
        os.close(fd)


def _reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if e.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return str(e.strerror or e)
