"""Module zips as Go bounds them (golang.org/x/mod/zip), and their ``h1:`` taken from the
zip itself, before a single file is extracted.

Go's limits: the zip file and the total of its members' uncompressed sizes at
most ``MAX_ZIP_FILE`` (500 MiB) each, ``go.mod`` and ``LICENSE`` at most 16 MiB;
names under the ``<module>@<version>/`` prefix, each once.  The members are
hashed straight from the zip (zipfile hands out no more than a member's
declared size and checks its CRC) on a few threads — zlib and hashlib release
the GIL — so a forged or damaged zip is refused for its checksum, not after it
has filled the disk.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from gover.errors import ArchiveError
from gover.gomod.dirhash import hash1_digests
from gover.hashing import default_jobs, run_parallel, sha256_stream

MAX_ZIP_FILE = 500 << 20
MAX_GO_MOD = 16 << 20
MAX_LICENSE = 16 << 20


def check_limits(path: Path, zf: zipfile.ZipFile, prefix: str) -> None:
    """Go's structural checks of a module zip (modzip.CheckZip), with its wording."""
    what = prefix.rstrip("/")
    size = os.path.getsize(path)
    if size > MAX_ZIP_FILE:
        raise ArchiveError(f"{what}: module zip file is too large ({size} bytes; "
                           f"limit is {MAX_ZIP_FILE} bytes)")
    seen: set[str] = set()
    total = 0
    for info in zf.infolist():
        name = info.filename
        if not name.startswith(prefix):
            raise ArchiveError(f"{what}: {name}: path does not have prefix {prefix!r}")
        if name in seen:
            raise ArchiveError(f"{what}: {name}: multiple entries for file")
        seen.add(name)
        rel = name[len(prefix):]
        total += info.file_size
        if total > MAX_ZIP_FILE:
            raise ArchiveError(f"{what}: total uncompressed size of module contents too large "
                               f"(max size is {MAX_ZIP_FILE} bytes)")
        if rel == "go.mod" and info.file_size > MAX_GO_MOD:
            raise ArchiveError(f"{what}: go.mod file too large (max size is {MAX_GO_MOD} bytes)")
        if rel == "LICENSE" and info.file_size > MAX_LICENSE:
            raise ArchiveError(f"{what}: LICENSE file too large (max size is {MAX_LICENSE} bytes)")


def hash_module_zip(path: Path, prefix: str, jobs: int | None = None) -> str:
    """The zip's ``h1:`` (dirhash.HashZip) after Go's checks; nothing is written."""
    try:
        with zipfile.ZipFile(path) as zf:
            check_limits(path, zf, prefix)
            infos = {i.filename: i for i in zf.infolist()}
            order = sorted(infos, key=lambda n: infos[n].file_size, reverse=True)

            def digest(name: str, _buf: bytearray) -> bytes:
                with zf.open(infos[name]) as f:
                    return sha256_stream(f).digest()

            results = run_parallel(order, digest, jobs or default_jobs())
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise ArchiveError(f"{path.name} is not a valid zip: {e}") from None
    digests: dict[str, bytes] = {}
    for name, r in results.items():
        if isinstance(r, BaseException):  # a member failing its CRC, or cut short
            raise ArchiveError(f"{path.name} is truncated or corrupt: {name}: {r}")
        digests[name] = r  # type: ignore[assignment]
    try:
        return hash1_digests(digests)
    except ValueError as e:  # a name with a newline: Go refuses to hash it too
        raise ArchiveError(f"{path.name}: {e}") from None
