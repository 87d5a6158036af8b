"""An in-process stand-in for ``gover.net.Client`` and small real artifacts, for unit tests.

The fake answers from a dict of URL → reply and records every request, so a unit
test can drive a download source or a proxy probe with no socket at all.  Replies
follow net.Client's contract (its docstring): 404/410 → NotFoundStatus, another
status → HTTPStatusError, a GoverError instance is raised as is.  ``download``
checks ``sha256``/``size`` the way net.Client does, so a caller's reaction to a
mismatch is exercised, not assumed.  The real Client is tested against a loopback
server in tests/unit/test_net.py; here only its interface is used.

The artifacts are tiny but real: a toolchain module zip laid out as the Go release
process lays it out, an official-style ``go/`` tar.gz with the same files, and the
``h1:`` of a file set computed from its definition (x/mod dirhash Hash1), not with
gover's code.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gover.errors import GoverError, VerificationError
from gover.net import HTTPStatusError, NotFoundStatus
from gover.record import field as record_field
from gover.record import record

MODULE = "golang.org/toolchain"
_OMIT = (".github/", "api/", "doc/", "misc/", "test/")


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/octet-stream"
    redirects: list[str] = field(default_factory=list)  # reported to ``open(redirects=…)``



class FakeResponse(io.BytesIO):
    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.body)
        self.status = reply.status
        self.headers = {"Content-Type": reply.content_type}


@record(frozen=True)  # as gover.net.Client: sources copy it with gover.record.replace
class FakeClient:
    """``routes`` maps a full URL to bytes, a status code, an exception or a Reply;
    ``fallback(url)`` answers the rest (None: 404).  ``requests`` logs (url, retries)."""

    routes: dict[str, object] = record_field(default_factory=dict)
    env: Mapping[str, str] = record_field(default_factory=dict)
    retries: int = 4
    timeout: float = 30.0
    backoff: float = 0.0
    fallback: Callable[[str], object] | None = None
    requests: list[tuple[str, int]] = record_field(default_factory=list)

    def _reply(self, url: str) -> Reply:
        self.requests.append((url, self.retries))
        answer = self.routes.get(url)
        if answer is None and self.fallback is not None:
            answer = self.fallback(url)
        if answer is None:
            answer = 404
        if isinstance(answer, GoverError):
            raise answer
        if isinstance(answer, int):
            answer = Reply(status=answer)
        if isinstance(answer, bytes):
            answer = Reply(answer)
        assert isinstance(answer, Reply), answer
        if answer.status in (404, 410):
            raise NotFoundStatus(f"{url}: {answer.status} Not Found", answer.status)
        if answer.status >= 400:
            raise HTTPStatusError(f"{url}: {answer.status} Error", answer.status)
        return answer

    def urls(self) -> list[str]:
        return [u for u, _ in self.requests]

    # --- net.Client's interface -----------------------------------------------------

    def open(self, url: str, headers: Mapping[str, str] | None = None, timeout: float | None = None,
             redirects: list[str] | None = None) -> FakeResponse:
        reply = self._reply(url)
        if redirects is not None:
            redirects.extend(reply.redirects)
        return FakeResponse(reply)

    def get_bytes(self, url: str, limit: int = 64 << 20) -> bytes:
        return self._reply(url).body[:limit]

    def download(self, url: str, dest: Path, *, sha256: str | None = None, size: int | None = None,
                 max_size: int | None = None, progress: object = None) -> str:
        body = self._reply(url).body
        if max_size is not None and len(body) > max_size:
            from gover.net import BadResponse

            raise BadResponse(f"{url} sent more than {max_size} bytes")
        digest = hashlib.sha256(body).hexdigest()
        if sha256 and digest != sha256.lower():
            raise VerificationError(f"checksum mismatch for {dest.name}: expected sha256 "
                                    f"{sha256.lower()}, got {digest}")
        if size is not None and len(body) != size:
            raise VerificationError(f"{url}: expected {size} bytes, got {len(body)}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(body)
        return digest


def serve_sumdb(db: object, base: str) -> Callable[[str], object]:
    """A ``fallback`` answering ``<base>/lookup/…`` and ``<base>/tile/…`` from a
    tests.support.sumdb.ChecksumDB (its Route objects turned into replies)."""
    prefix = base.rstrip("/") + "/"

    def answer(url: str) -> object:
        if not url.startswith(prefix):
            return None
        route = db.answer(url[len(prefix):])  # type: ignore[attr-defined]
        if route is None or route.statuses:
            return 404
        return route.data()

    return answer


# --- small real artifacts ----------------------------------------------------------------

def h1(files: Mapping[str, bytes]) -> str:
    """x/mod dirhash Hash1 of ``name → content``, from its definition."""
    summary = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in sorted(files))
    return "h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode()


TINY_GOROOT = {
    "VERSION": b"go1.99.1\ntime 2024-01-01T00:00:00Z\n",
    "bin/go": b"#!/bin/sh\nexit 1\n",
    "src/go.mod": b"module std\n",
    "src/fmt/print.go": b"package fmt\n",
    "api/go1.txt": b"pkg fmt\n",  # the toolchain module leaves api/ out
}


def module_version(version: str, goos: str = "linux", goarch: str = "amd64") -> str:
    return f"v0.0.1-go{version}.{goos}-{goarch}"


def module_files(goroot: Mapping[str, bytes], modver: str) -> dict[str, bytes]:
    """The zip members of the toolchain module for a GOROOT (dl2mod's rules)."""
    out = {}
    for rel, data in goroot.items():
        if rel.startswith(_OMIT):
            continue
        if rel == "go.mod" or rel.endswith("/go.mod"):
            rel = rel[:-len("go.mod")] + "_go.mod"
        out[f"{MODULE}@{modver}/{rel}"] = data
    return out


def write_module_zip(dest: Path, goroot: Mapping[str, bytes], modver: str) -> str:
    """Write the module zip; returns its h1."""
    files = module_files(goroot, modver)
    with zipfile.ZipFile(dest, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return h1(files)


def official_tar_gz(goroot: Mapping[str, bytes]) -> bytes:
    """An official-layout archive (everything under ``go/``) of the same GOROOT."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for rel, data in goroot.items():
            info = tarfile.TarInfo("go/" + rel)
            info.size, info.mode = len(data), 0o755 if rel.startswith("bin/") else 0o644
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


# --- a download world with no sockets ------------------------------------------------------

DB_URL = "http://sumdb.test"


@dataclass
class World:
    """A FakeClient with a checksum database mounted at DB_URL, and a GOVER_HOME."""

    client: FakeClient
    db: object  # tests.support.sumdb.ChecksumDB
    home: Path
    reports: list[str] = field(default_factory=list)

    @property
    def gosumdb(self) -> str:
        return f"{self.db.key.vkey} {DB_URL}"  # type: ignore[attr-defined]

    def ctx(self, platform: object = None, **env: str) -> object:
        """A SourceContext; ``env`` adds to GOENV=off and this world's GOSUMDB."""
        from gover.paths import Paths
        from gover.toolchain.platforms import Platform
        from gover.toolchain.sources.base import SourceContext

        full = {"GOENV": "off", "GOSUMDB": self.gosumdb, "GOVER_CROSS_VERIFY": "off", **env}
        return SourceContext(Paths(self.home), full, platform or Platform("linux", "amd64"),
                             self.client, report=self.reports.append)  # type: ignore[arg-type]

    def publish(self, version: str, goroot: Mapping[str, bytes] = TINY_GOROOT,
                goos: str = "linux", goarch: str = "amd64") -> str:
        """Log ``go<version>``'s toolchain module h1 in the database; returns the h1."""
        from tests.support.sumdb import gomod_line_hash

        mv = module_version(version, goos, goarch)
        digest = h1(module_files(goroot, mv))
        self.db.add(MODULE, mv, digest, gomod_line_hash(b"module golang.org/toolchain\n"))  # type: ignore[attr-defined]
        return digest


def world(tmp_path: Path, filler: int = 40) -> World:
    from tests.support.sumdb import ChecksumDB

    db = ChecksumDB.create(filler=filler)
    return World(FakeClient(fallback=serve_sumdb(db, DB_URL)), db, tmp_path / "gover")
