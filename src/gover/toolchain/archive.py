"""Safe extraction of toolchain archives (``.tar.gz``, ``.zip``, wheels).

Every member is checked before anything is written: no absolute paths, no ``..``,
nothing outside the expected top-level prefix, no device files, FIFOs or sparse
files, no link whose target *resolves* outside the tree (links.py walks it
against the links extracted so far), and nothing written *through* a link
extracted earlier.  Nothing is ever written outside ``dest``.

Expansion is bounded with flat memory: the decompressor hands out at most
``gunzip.OUT`` bytes at a time, the output may not exceed ``expansion_limit`` (a ratio
to the archive's size, and an absolute cap), and a member whose declared size
would pass that limit is refused before a byte of it is written.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from gover.errors import ArchiveError
from gover.fsutil import store_error
from gover.hashing import sha256_file, sha256_mismatch, sha256_stream
from gover.toolchain.gunzip import GunzipReader
from gover.toolchain.links import LinkTree

_BUF = 1 << 20
MAX_EXPANDED = 4 << 30  # no Go release comes near: go1.25 unpacks to about 0.3 GB
MAX_RATIO = 20  # real Go archives expand about 3.2 times
RATIO_SLACK = 64 << 20  # so that a small, very compressible archive is not refused
_MAX_HEADER = 1 << 20  # pax and GNU long-name headers are read into memory whole
_MAX_LINK = 4096  # PATH_MAX: a zip stores a link's target as its content


def expansion_limit(archive_size: int) -> int:
    """The most bytes an archive of ``archive_size`` bytes may expand to."""
    return min(MAX_EXPANDED, MAX_RATIO * archive_size + RATIO_SLACK)

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
    limit = expansion_limit(os.path.getsize(archive))
    try:
        try:
            if fmt == "tar.gz":
                with GunzipReader(archive, limit) as stream:
                    _extract_tar(stream, mapper, w, limit)
                digest = stream.hexdigest()
            else:
                _extract_zip(archive, mapper, w, limit)
                digest = sha256_file(archive) if sha256 else ""
            w.links.check_all()
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
            limit = expansion_limit(os.path.getsize(archive))
            with GunzipReader(archive, limit) as stream, \
                    _open_tar(io.BufferedReader(stream, 1 << 16)) as tf:
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


def _clean_name(name: str) -> str:
    if "\\" in name or "\x00" in name:
        raise ArchiveError(f"archive member {name!r} has a backslash or NUL in its name")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ArchiveError(f"archive member {name!r} has an absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"archive member {name!r} has a '..' component")
    return "/".join(parts)


class _Writer:
    def __init__(self, dest: Path, want_hashes: bool,
                 force_exec: Callable[[str], bool] | None) -> None:
        self.dest = dest
        self.want_hashes = want_hashes
        self.force_exec = force_exec
        self.links = LinkTree()
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
            if rel in self.made_dirs or (os.path.isdir(path) and not os.path.islink(path)):
                raise ArchiveError(f"archive member {member!r} would replace a directory")
            os.unlink(path)
            self.links.discard(rel)
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
        path = self._fresh(rel, member)
        self.links.add(rel, target, member)  # refused (and nothing made) if it resolves outside
        os.symlink(target, path)

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


class _BoundedTarInfo(tarfile.TarInfo):
    """Refuses pax and GNU long-name headers too big to be real: tarfile reads them into
    memory whole, so a header declaring gigabytes of (compressible) data is a bomb."""

    def _proc_pax(self, tarfile: tarfile.TarFile) -> tarfile.TarInfo:
        self._bounded()
        return super()._proc_pax(tarfile)  # type: ignore[misc,no-any-return]

    def _proc_gnulong(self, tarfile: tarfile.TarFile) -> tarfile.TarInfo:
        self._bounded()
        return super()._proc_gnulong(tarfile)  # type: ignore[misc,no-any-return]

    def _bounded(self) -> None:
        if self.size > _MAX_HEADER:
            raise ArchiveError(f"a tar header declares {self.size} bytes of extended data "
                               f"(at most {_MAX_HEADER} is accepted)")


def _open_tar(stream: IO[bytes]) -> tarfile.TarFile:
    return tarfile.open(fileobj=stream, mode="r|", tarinfo=_BoundedTarInfo)


def _extract_tar(stream: GunzipReader, mapper: Mapper, w: _Writer, limit: int) -> None:
    buffered: IO[bytes] = io.BufferedReader(stream, 1 << 16)
    declared = 0
    with _open_tar(buffered) as tf:
        for m in tf:
            name, rel = _map(mapper, m.name)
            if rel is None:
                continue
            rel = rel.rstrip("/")
            if m.issparse():
                raise ArchiveError(f"archive member {name!r} is a sparse file")
            declared += m.size if m.isreg() else 0
            if declared > limit:
                raise ArchiveError(f"archive member {name!r} declares {m.size} bytes: the archive "
                                   f"would expand to more than {limit} (a decompression bomb?)")
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


def _extract_zip(archive: Path, mapper: Mapper, w: _Writer, limit: int) -> None:
    with zipfile.ZipFile(archive) as zf:
        check_declared_sizes(archive.name, zf.infolist(), limit)
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
                if info.file_size > _MAX_LINK:
                    raise ArchiveError(f"archive member {name!r} is a link with a "
                                       f"{info.file_size}-byte target")
                w.symlink(rel, name, zf.read(info).decode("utf-8", "replace"))
            elif kind in (0, stat.S_IFREG):
                mtime = _zip_mtime(info)
                with zf.open(info) as src:
                    w.file(rel, name, src, (mode & 0o777) or 0o644, mtime)
            else:
                raise ArchiveError(f"archive member {name!r} is a device, FIFO or other special file")


def check_declared_sizes(name: str, infos: list[zipfile.ZipInfo], limit: int) -> None:
    """Refuse a zip whose members declare more than ``limit`` bytes in all, before any is read.

    zipfile never hands out more than a member's declared size (and then checks its
    CRC), so the declared sizes bound what extraction writes.
    """
    total = sum(i.file_size for i in infos)
    if total > limit:
        raise ArchiveError(f"{name} declares {total} bytes of content: more than the {limit} "
                           "accepted for its size (a decompression bomb?)")


def _zip_mtime(info: zipfile.ZipInfo) -> float | None:
    import time

    try:
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return None

