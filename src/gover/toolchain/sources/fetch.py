"""GETs for URLs that may be ``file://`` (a GOPROXY can be a directory) or http(s)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from gover.errors import NetworkError, NotFoundError
from gover.fsutil import store_error
from gover.net import MAX_DOWNLOAD, BadResponse, Client, Progress


def _file_path(url: str) -> str:
    import urllib.parse
    import urllib.request  # here: http(s) lists need not load it before their first request

    return urllib.request.url2pathname(urllib.parse.urlsplit(url).path)


def get(client: Client, url: str, limit: int = 64 << 20) -> bytes:
    """A small document; NotFoundError for 404/410 or a missing file, NetworkError otherwise."""
    if url.startswith("file:"):
        path = _file_path(url)
        try:
            with open(path, "rb") as f:
                return f.read(limit)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise NotFoundError(f"{url}: no such file") from None
        except OSError as e:
            raise NetworkError(f"{url}: {e.strerror}") from None
    return client.get_bytes(url, limit)


def download(client: Client, url: str, dest: Path, progress: Progress | None = None,
             max_size: int = MAX_DOWNLOAD) -> str:
    """Download (or copy) ``url`` to ``dest``, refusing more than ``max_size`` bytes;
    returns the SHA-256 hex digest."""
    if not url.startswith("file:"):
        return client.download(url, dest, progress=progress, max_size=max_size)
    from gover.hashing import sha256_file

    src = _file_path(url)
    if not os.path.isfile(src):
        raise NotFoundError(f"{url}: no such file")
    if os.path.getsize(src) > max_size:
        raise BadResponse(f"{url} has {os.path.getsize(src)} bytes, more than the {max_size} "
                          "gover accepts for it")
    partial = dest.with_name(dest.name + ".partial")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, partial)
        os.replace(partial, dest)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise store_error(e, dest) from e
    return sha256_file(dest)
