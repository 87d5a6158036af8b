"""Go's ``h1:`` hashes (golang.org/x/mod/sumdb/dirhash), as in go.sum and the checksum database.

Hash1: sort the file names bytewise; hash a summary of ``"%x  %s\\n"`` lines
(SHA-256 of each file's content, two spaces, the name); ``"h1:"`` + base64 of the
summary's SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping

from gover.hashing import sha256_stream

TYPE_CHECKING = False  # typing and zipfile cost more than hashing one go.mod (doctor, check)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import IO

    Opener = Callable[[str], IO[bytes]]


def hash1(files: Iterable[str], open_file: Opener) -> str:
    def digest(name: str) -> bytes:
        with open_file(name) as f:
            return sha256_stream(f).digest()

    return hash1_digests({name: digest(name) for name in files})


def hash1_digests(digests: Mapping[str, bytes]) -> str:
    """Hash1 from each file's SHA-256 already computed (e.g. while it was extracted)."""
    summary = hashlib.sha256()
    for name in sorted(digests, key=lambda n: n.encode()):
        if "\n" in name:
            raise ValueError("dirhash: filenames with newlines are not supported")
        summary.update(f"{digests[name].hex()}  {name}\n".encode())
    return "h1:" + base64.b64encode(summary.digest()).decode()


def dir_files(directory: Path, prefix: str) -> list[str]:
    """Every non-directory under ``directory`` (symlinks included, as Go's Walk sees them),
    named ``prefix/<relative path>``."""
    out = []
    for root, dirs, files in os.walk(directory):
        rel_root = os.path.relpath(root, directory)
        # os.walk lists symlinks to directories in `dirs`; Go's Walk treats them as files.
        names = files + [d for d in dirs if os.path.islink(os.path.join(root, d))]
        for name in names:
            rel = name if rel_root == "." else f"{rel_root}/{name}"
            out.append(os.path.normpath(f"{prefix}/{rel}").replace(os.sep, "/"))
    return out


def hash_dir(directory: Path, prefix: str) -> str:
    """``HashDir(dir, prefix, Hash1)``: what ``go mod verify`` compares with ``.ziphash``."""
    files = dir_files(directory, prefix)
    strip = len(os.path.normpath(prefix)) + 1

    def open_file(name: str) -> IO[bytes]:
        return open(os.path.join(directory, name[strip:]), "rb")

    return hash1(files, open_file)


def hash_zip(path: Path) -> str:
    """``HashZip``: only names and contents count, not the zip encoding."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        return hash1(infos, lambda name: zf.open(infos[name]))


def hash_gomod(data: bytes) -> str:
    """The ``/go.mod`` hash in go.sum: Hash1 over one file named ``go.mod``."""
    import io

    return hash1(["go.mod"], lambda _name: io.BytesIO(data))
