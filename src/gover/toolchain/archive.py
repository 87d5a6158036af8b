"""Safe extraction of toolchain archives (``.tar.gz``, ``.zip``, wheels).

Every member is checked before anything is written: no absolute paths, no ``..``,
nothing outside the expected top-level prefix, no device files or FIFOs, no link
whose target leaves the tree, and nothing written *through* a link extracted
earlier (two harmless-looking links can otherwise compose into an escape).
Nothing is ever written outside ``dest``.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import queue
import stat
import tarfile
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from gover.errors import ArchiveError
from gover.fsutil import store_error
from gover.hashing import sha256_file, sha256_mismatch, sha256_stream

_BUF = 1 << 20

# Maps an archive member name to its path under dest ("" for the root, None to skip).
Mapper = Callable[[str], "str | None"]


@dataclass
class Extracted:
    files: int = 0
    size: int = 0  # bytes written
    # sha256 digests by *archive* member name, when asked for (wheel RECORD checks).
    hashes: dict[str, bytes] = field(default_factory=dict)


def strip_prefix(prefix: str, skip: tuple[str, ...] = ()) -> Mapper:
    """A mapper keeping members under ``prefix`` (e.g. ``go/``), refusing the rest."""

    def mapper(name: str) -> str | None:
        if name in skip:
            return None
        if name == prefix.rstrip("/"):
            return ""
        if not name.startswith(prefix):
            raise ArchiveError(f"archive member {name!r} is outside {prefix!r}")
        return name[len(prefix):]

    return mapper


def detect_format(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as e:
        raise ArchiveError(f"cannot read {path}: {e.strerror}") from e
    if head[:2] == b"\x1f\x8b":
        return "tar.gz"
    if head == b"PK\x03\x04":
        return "zip"
    if head[:1] in (b"<", b"{") or head[:4].lower() == b"<!do":
        raise ArchiveError(f"{path.name} is not an archive (it looks like an HTML or text page)")
    raise ArchiveError(f"{path.name} is not a .tar.gz or .zip archive")


def extract(archive: Path, dest: Path, mapper: Mapper, *, want_hashes: bool = False,
            force_exec: Callable[[str], bool] | None = None,
            sha256: str | None = None) -> Extracted:
    """Extract ``archive`` into the existing empty dir ``dest``.

    ``force_exec(relpath)`` marks files executable whose archive format carries no
    modes (module zips).  With ``sha256``, the archive file is hashed in the same
    pass and a mismatch raises VerificationError (re-checking a cached download
    costs no extra read).  Raises ArchiveError for unsafe or corrupt archives and
    StoreError for write failures (disk full); the caller removes ``dest``.
    """
    w = _Writer(dest, want_hashes, force_exec)
    fmt = detect_format(archive)
    try:
        try:
            if fmt == "tar.gz":
                with _GunzipReader(archive) as stream:
                    _extract_tar(stream, mapper, w)
                digest = stream.hexdigest()
            else:
                _extract_zip(archive, mapper, w)
                digest = sha256_file(archive) if sha256 else ""
        except (tarfile.TarError, zipfile.BadZipFile, zlib.error, EOFError) as e:
            raise ArchiveError(f"{archive.name} is truncated or corrupt: {e}") from e
        except OSError as e:
            if e.errno is None:  # gzip raises bare OSError/BadGzipFile on bad data
                raise ArchiveError(f"{archive.name} is truncated or corrupt: {e}") from e
            raise store_error(e, dest) from e
    except ArchiveError:
        # A damaged file usually breaks the decompressor before the hash is done:
        # report the checksum, the real cause, when one was expected.
        if sha256:
            _check_sha256(archive, sha256, sha256_file(archive))
        raise
    if sha256:
        _check_sha256(archive, sha256, digest)
    return w.result


def archive_digests(archive: Path) -> dict[str, bytes]:
    """SHA-256 of every regular file in an archive, by member name, without extracting."""
    out: dict[str, bytes] = {}

    try:
        if detect_format(archive) == "tar.gz":
            with _GunzipReader(archive) as stream, \
                    tarfile.open(fileobj=io.BufferedReader(stream, 1 << 16), mode="r|") as tf:
                for m in tf:
                    if m.isreg():
                        f = tf.extractfile(m)
                        assert f is not None
                        out[_clean_name(m.name)] = sha256_stream(f).digest()
        else:
            with zipfile.ZipFile(archive) as zf:
                for info in zf.infolist():
                    kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
                    if not info.is_dir() and kind in (0, stat.S_IFREG):
                        with zf.open(info) as f:
                            out[_clean_name(info.filename)] = sha256_stream(f).digest()
    except (tarfile.TarError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise ArchiveError(f"{archive.name} is truncated or corrupt: {e}") from e
    return out


def _check_sha256(archive: Path, want: str, got: str) -> None:
    if got != want.lower():
        raise sha256_mismatch(archive.name, want, got)


class _GunzipReader(io.RawIOBase):
    """Reads a .gz file, decompressing (and hashing) in a second thread.

    zlib and hashlib release the GIL, so decompression overlaps with the tar
    parsing and file writes in the main thread: this is what lets a Python
    extraction keep up with ``tar -xzf``.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._q: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=32)
        self._stop = threading.Event()
        self._buf = memoryview(b"")
        self._eof = False
        self._hash = hashlib.sha256()
        self._thread = threading.Thread(target=self._pump, args=(path,), daemon=True)
        self._thread.start()

    def _put(self, item: bytes | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _pump(self, path: Path) -> None:
        try:
            d = zlib.decompressobj(31)
            with open(path, "rb") as f:
                while chunk := f.read(1 << 18):
                    self._hash.update(chunk)
                    while chunk:
                        out = d.decompress(chunk)
                        if out and not self._put(out):
                            return
                        # a multi-member gzip: start over on what follows this member
                        chunk = d.unused_data if d.eof else b""
                        if chunk:
                            d = zlib.decompressobj(31)
            tail = d.flush()
            if tail:
                self._put(tail)
            if not d.eof:
                raise EOFError("compressed stream ended before the end of the archive")
            self._put(None)
        except BaseException as e:  # handed to the reading thread
            self._put(e)

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buf and not self._eof:
            item = self._q.get()
            if item is None:
                self._eof = True
            elif isinstance(item, BaseException):
                raise item
            else:
                self._buf = memoryview(item)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def close(self) -> None:
        self._stop.set()
        super().close()

    def hexdigest(self) -> str:
        self._thread.join()
        return self._hash.hexdigest()


def _clean_name(name: str) -> str:
    if "\\" in name or "\x00" in name:
        raise ArchiveError(f"archive member {name!r} has a backslash or NUL in its name")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ArchiveError(f"archive member {name!r} has an absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"archive member {name!r} has a '..' component")
    return "/".join(parts)


def _check_link_target(rel: str, target: str, member: str) -> None:
    if target.startswith("/") or "\\" in target:
        raise ArchiveError(f"archive member {member!r} links to absolute path {target!r}")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
    if resolved == ".." or resolved.startswith("../"):
        raise ArchiveError(f"archive member {member!r} links outside the tree ({target!r})")


class _Writer:
    def __init__(self, dest: Path, want_hashes: bool,
                 force_exec: Callable[[str], bool] | None) -> None:
        self.dest = dest
        self.want_hashes = want_hashes
        self.force_exec = force_exec
        self.links: set[str] = set()
        self.made_dirs: set[str] = {""}
        self.result = Extracted()

    def target(self, rel: str, member: str) -> str:
        parts = rel.split("/")
        for i in range(1, len(parts)):
            if "/".join(parts[:i]) in self.links:
                raise ArchiveError(f"archive member {member!r} is written through a link")
        return os.path.join(self.dest, rel)

    def mkdirs(self, rel: str) -> None:
        if rel in self.made_dirs:
            return
        os.makedirs(os.path.join(self.dest, rel), exist_ok=True)
        parts = rel.split("/")
        for i in range(1, len(parts) + 1):
            self.made_dirs.add("/".join(parts[:i]))

    def dir(self, rel: str, member: str) -> None:
        if rel:
            self.target(rel, member)
            self.mkdirs(rel)

    def _fresh(self, rel: str, member: str) -> str:
        """The path for ``rel``, its parent made and anything already there removed."""
        path = self.target(rel, member)
        self.mkdirs(posixpath.dirname(rel))
        if os.path.lexists(path):
            os.unlink(path)
        return path

    def file(self, rel: str, member: str, src: IO[bytes], mode: int, mtime: float | None) -> None:
        path = self._fresh(rel, member)
        if self.force_exec and self.force_exec(rel):
            mode |= 0o755
        mode = (mode & 0o777) | 0o600
        if mode & 0o111:
            mode |= 0o755
        h = hashlib.sha256() if self.want_hashes else None
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        n = 0
        with os.fdopen(fd, "wb") as out:
            while chunk := src.read(_BUF):
                out.write(chunk)
                n += len(chunk)
                if h:
                    h.update(chunk)
        if mtime is not None:
            os.utime(path, (mtime, mtime))
        if h:
            self.result.hashes[member] = h.digest()
        self.result.files += 1
        self.result.size += n

    def symlink(self, rel: str, member: str, target: str) -> None:
        _check_link_target(rel, target, member)
        os.symlink(target, self._fresh(rel, member))
        self.links.add(rel)

    def hardlink(self, rel: str, member: str, target_rel: str) -> None:
        src = self.target(target_rel, member)
        if target_rel in self.links or not os.path.isfile(src):
            raise ArchiveError(f"archive member {member!r} hard-links to {target_rel!r}, "
                               "which is not a file extracted earlier")
        os.link(src, self._fresh(rel, member))
        self.result.files += 1


def _map(mapper: Mapper, raw: str) -> tuple[str, str | None]:
    name = _clean_name(raw)
    return name, mapper(name + "/" if raw.endswith("/") and name else name)


def _extract_tar(stream: _GunzipReader, mapper: Mapper, w: _Writer) -> None:
    buffered: IO[bytes] = io.BufferedReader(stream, 1 << 16)
    with tarfile.open(fileobj=buffered, mode="r|") as tf:
        for m in tf:
            name, rel = _map(mapper, m.name)
            if rel is None:
                continue
            rel = rel.rstrip("/")
            if m.isdir():
                w.dir(rel, name)
            elif m.isreg():
                src = tf.extractfile(m)
                assert src is not None
                w.file(rel, name, src, m.mode, m.mtime)
            elif m.issym():
                w.symlink(rel, name, m.linkname)
            elif m.islnk():
                _, trel = _map(mapper, m.linkname)
                if trel is None:
                    raise ArchiveError(f"archive member {name!r} hard-links outside the tree")
                w.hardlink(rel, name, trel.rstrip("/"))
            else:
                raise ArchiveError(f"archive member {name!r} is a device, FIFO or other special file")


def _extract_zip(archive: Path, mapper: Mapper, w: _Writer) -> None:
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            name, rel = _map(mapper, info.filename)
            if rel is None:
                continue
            rel = rel.rstrip("/")
            mode = (info.external_attr >> 16) if info.create_system == 3 else 0
            kind = stat.S_IFMT(mode)
            if info.is_dir() or kind == stat.S_IFDIR:
                w.dir(rel, name)
            elif kind == stat.S_IFLNK:
                w.symlink(rel, name, zf.read(info).decode("utf-8", "replace"))
            elif kind in (0, stat.S_IFREG):
                mtime = _zip_mtime(info)
                with zf.open(info) as src:
                    w.file(rel, name, src, (mode & 0o777) or 0o644, mtime)
            else:
                raise ArchiveError(f"archive member {name!r} is a device, FIFO or other special file")


def _zip_mtime(info: zipfile.ZipInfo) -> float | None:
    import time

    try:
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return None

