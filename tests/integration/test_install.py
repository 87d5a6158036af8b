"""Installing real Go releases from an official-style site on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.conftest import debian_go119, toolchain_archive
from tests.support.dlsite import DownloadSite
from tests.support.httpserver import HTTPServer

pytestmark = pytest.mark.integration

HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from", "gover") }\n'


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    with HTTPServer() as srv:
        s = DownloadSite(srv)
        monkeypatch.setenv("GOVER_DL_URL", s.base)
        yield s


@pytest.fixture
def home(isolated_env: Path) -> Path:
    return isolated_env / "gover"


def version_entries(home: Path) -> list[str]:
    d = home / "versions"
    return sorted(os.listdir(d)) if d.exists() else []


def build_hello(goroot: Path, tmp: Path, env: dict[str, str]) -> str:
    src = tmp / "hello"
    src.mkdir()
    (src / "main.go").write_text(HELLO)
    (src / "go.mod").write_text("module hello\n\ngo 1.21\n")
    gobin = goroot / "bin" / "go"
    subprocess.run([str(gobin), "build", "-o", "hello", "."], cwd=src, env=env, check=True,
                   capture_output=True)
    return subprocess.run([str(src / "hello")], capture_output=True, text=True, check=True).stdout


def test_install_verifies_runs_and_builds(site, gover, home, go_env, tmp_path) -> None:
    arc = toolchain_archive("1.22.10")
    site.add("go1.22.10", arc)
    site.add("go1.21.13", b"unused")
    r = gover("install", "1.22")
    assert r.code == 0, r
    assert "Installed go1.22.10 from official" in r.err
    goroot = home / "versions" / "go1.22.10"
    out = subprocess.run([str(goroot / "bin" / "go"), "version"], capture_output=True, text=True,
                         env=go_env, check=True).stdout
    assert out.startswith("go version go1.22.10 ")
    assert build_hello(goroot, tmp_path, go_env) == "hello from gover\n"

    listing = json.loads(gover("list", "--json").out)["versions"]
    assert [v["version"] for v in listing] == ["go1.22.10"]
    entry = listing[0]
    assert entry["path"] == str(goroot) and entry["source"] == "official"
    assert entry["sha256"] == hashlib.sha256(arc.read_bytes()).hexdigest()
    assert entry["origin_url"] == site.base + "go1.22.10.linux-amd64.tar.gz"
    meta = json.loads((home / "meta" / "go1.22.10.json").read_text())
    assert meta["schema"] == 1 and meta["size"] == arc.stat().st_size and meta["installed_at"]
    assert gover("prefix", "1.22").out.strip() == str(goroot)

    again = gover("install", "go1.22.10")
    assert again.code == 0 and "already installed" in again.err
    assert site.server.hits("/dl/go1.22.10.linux-amd64.tar.gz") == 1


def test_reinstall_reuses_the_download_cache(site, gover, home) -> None:
    site.add("go1.22.10", toolchain_archive("1.22.10"))
    assert gover("install", "1.22.10").code == 0
    assert gover("uninstall", "1.22.10").code == 0
    assert version_entries(home) == []
    r = gover("install", "1.22.10")
    assert r.code == 0 and "Using cached" in r.err
    assert site.server.hits("/dl/go1.22.10.linux-amd64.tar.gz") == 1


def test_a_damaged_cached_archive_is_downloaded_again(site, gover, home) -> None:
    site.add("go1.22.10", toolchain_archive("1.22.10"))
    assert gover("install", "1.22.10").code == 0
    assert gover("uninstall", "1.22.10").code == 0
    cached = home / "downloads" / "go1.22.10.linux-amd64.tar.gz"
    with open(cached, "r+b") as f:  # same size, one byte flipped near the end
        f.seek(cached.stat().st_size - 100)
        b = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([b[0] ^ 0xFF]))
    r = gover("install", "1.22.10")
    assert r.code == 0, r
    assert "was damaged; downloading it again" in r.err
    assert site.server.hits("/dl/go1.22.10.linux-amd64.tar.gz") == 2


def test_tampered_archive_is_refused(site, gover, home) -> None:
    arc = toolchain_archive("1.22.10")
    good = hashlib.sha256(arc.read_bytes()).hexdigest()
    tampered = bytearray(arc.read_bytes())
    tampered[len(tampered) // 2] ^= 0xFF
    site.add("go1.22.10", bytes(tampered), sha256=good)
    r = gover("install", "1.22.10")
    assert r.code == 1
    assert "checksum mismatch" in r.err and good in r.err
    assert hashlib.sha256(bytes(tampered)).hexdigest() in r.err
    assert version_entries(home) == []
    assert not any((home / "downloads").iterdir())


def test_verification_failure_never_falls_back(site, gover, home, monkeypatch) -> None:
    arc = toolchain_archive("1.22.10")
    site.add("go1.22.10", arc, sha256="ab" * 32)
    monkeypatch.setenv("GOVER_SOURCES", "official,pypi")
    monkeypatch.setenv("GOVER_PIP", "false")  # would fail loudly if pypi were tried
    r = gover("install", "1.22.10")
    assert r.code == 1 and "checksum mismatch" in r.err and "pypi" not in r.err


def traversal_archive() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, data in [("go/VERSION", b"go1.22.10\n"), ("go/../../escaped", b"pwned")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_path_traversal_archive_is_refused(site, gover, home, isolated_env) -> None:
    site.add("go1.22.10", traversal_archive())
    r = gover("install", "1.22.10")
    assert r.code == 1 and "'..' component" in r.err
    assert version_entries(home) == []
    assert not list(isolated_env.rglob("escaped"))
    assert not any((home / "tmp").iterdir())


def test_interrupted_transfer_resumes(site, gover, home) -> None:
    route = site.add("go1.22.10", toolchain_archive("1.22.10"))
    route.cut_after = 10_000_000
    r = gover("install", "1.22.10")
    assert r.code == 0, r
    reqs = [q for q in site.server.requests if q.path.endswith(".tar.gz")]
    assert [q.headers.get("Range") for q in reqs] == [None, "bytes=10000000-"]


def test_server_errors_are_retried(site, gover, home) -> None:
    route = site.add("go1.22.10", toolchain_archive("1.22.10"))
    route.statuses = [500, 502, 503]
    assert gover("install", "1.22.10").code == 0
    assert site.server.hits("/dl/go1.22.10.linux-amd64.tar.gz") == 4


def test_unknown_version_names_the_nearest(site, gover) -> None:
    for v in ["go1.21.13", "go1.22.8", "go1.22.9", "go1.22.10", "go1.23.0"]:
        site.add(v, b"x")
    r = gover("install", "1.22.99")
    assert r.code == 1
    assert r.err == "gover: go1.22.99 is not available (nearest: go1.22.10, go1.22.9, go1.22.8)\n" \
        "  see: gover list-remote --all\n"
    r = gover("install", "1.20")
    assert (r.code, r.err) == (1, "gover: the newest go1.20.x is not available "
                               "(nearest: go1.21.13, go1.22.10, go1.22.9)\n  see: gover list-remote --all\n")


@pytest.mark.parametrize("raw,msg", [
    (b"{not json", "malformed download index"),
    (b'{"version": "go1"}', "expected a JSON list"),
    (b'[{"files": []}]', "entry 0 is not a release"),
    (b"<html><body>Sign in</body></html>", "HTML page, not the JSON download index"),
])
def test_malformed_index(site, gover, raw: bytes, msg: str) -> None:
    site.publish(raw)
    r = gover("install", "1.22")
    assert r.code == 1 and msg in r.err and site.base in r.err
    assert len(r.err.strip().splitlines()) <= 2  # one line, plus a hint


def test_html_instead_of_archive(site, gover, home) -> None:
    route = site.add("go1.22.10", b"<html>proxy error</html>")
    route.content_type = "text/html"
    r = gover("install", "1.22.10")
    assert r.code == 1 and "HTML page instead of an archive" in r.err
    assert version_entries(home) == []


def test_truncated_archive_is_a_clean_error(site, gover, home) -> None:
    data = toolchain_archive("1.22.10").read_bytes()[:5_000_000]
    site.add("go1.22.10", data)  # the index vouches for the truncated bytes
    r = gover("install", "1.22.10")
    assert r.code == 1 and "truncated or corrupt" in r.err
    assert version_entries(home) == [] and not any((home / "tmp").iterdir())


def test_http_404_for_archive(site, gover, home) -> None:
    site.add("go1.22.10", b"x")
    del site.server.routes["/dl/go1.22.10.linux-amd64.tar.gz"]
    r = gover("install", "1.22.10")
    assert r.code == 1 and "404" in r.err


def test_unreachable_site(gover, monkeypatch) -> None:
    monkeypatch.setenv("GOVER_HTTP_RETRIES", "0")
    r = gover("install", "1.22")
    assert r.code == 1 and "127.0.0.1:9" in r.err and "connection refused" in r.err


def test_unwritable_gover_home(site, gover, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("GOVER_HOME", str(blocker / "gover"))
    site.add("go1.22.10", b"x")
    r = gover("install", "1.22.10")
    assert (r.code, r.err) == (
        1, f"gover: GOVER_HOME={blocker / 'gover'} is not a directory ({blocker} is a file)\n")
    # A directory that cannot take a file (root ignores modes: the write probe's name is taken).
    home = tmp_path / "home-ro"
    (home / f".probe-{os.getpid()}").mkdir(parents=True)  # gover runs in this process
    monkeypatch.setenv("GOVER_HOME", str(home))
    r = gover("install", "1.22.10")
    assert r.code == 1 and f"GOVER_HOME {home} is not writable: Is a directory" in r.err


def test_local_archive_with_sha256(gover, home) -> None:
    arc = toolchain_archive("1.21.13")
    sha = hashlib.sha256(arc.read_bytes()).hexdigest()
    bad = gover("install", "--archive", str(arc), "--sha256", "cd" * 32)
    assert bad.code == 1 and "checksum mismatch" in bad.err and sha in bad.err
    assert version_entries(home) == []
    r = gover("install", "--archive", str(arc), "--sha256", sha, "--json")
    assert r.code == 0, r
    assert json.loads(r.out)["results"][0]["version"] == "go1.21.13"
    meta = json.loads((home / "meta" / "go1.21.13.json").read_text())
    assert meta["source"] == "archive" and meta["sha256"] == sha
    out = subprocess.run([str(home / "versions/go1.21.13/bin/go"), "version"], capture_output=True,
                         text=True).stdout
    assert "go1.21.13" in out


def test_archive_errors(gover, tmp_path) -> None:
    assert "no such archive" in gover("install", "--archive", str(tmp_path / "nope.tgz")).err
    r = gover("install", "--archive", str(toolchain_archive("1.21.13")), "--sha256", "xyz")
    assert r.code == 2 and "64 hexadecimal digits" in r.err
    junk = tmp_path / "go1.22.0.linux-amd64.tar.gz"
    junk.write_bytes(b"not an archive at all")
    r = gover("install", "--archive", str(junk))
    assert r.code == 1 and "not a .tar.gz or .zip archive" in r.err


def test_adopt_registers_without_copying(gover, home, go_env, tmp_path) -> None:
    root = debian_go119()
    r = gover("adopt", str(root))
    assert r.code == 0, r
    assert "Adopted go1.19.8" in r.err
    link = home / "versions" / "go1.19.8"
    assert link.is_symlink() and link.resolve() == root.resolve()
    listing = json.loads(gover("list", "--json").out)["versions"]
    assert listing[0]["source"] == "adopted" and listing[0]["path"] == str(root.resolve())
    assert "already installed" in gover("adopt", str(root)).err
    assert build_hello(root, tmp_path, {**go_env, "GOFLAGS": ""}) == "hello from gover\n"
    assert gover("uninstall", "1.19.8").code == 0
    assert (root / "bin" / "go").exists()  # the adopted GOROOT itself is kept
    assert version_entries(home) == []


def test_adopt_refuses_a_non_goroot(gover, tmp_path) -> None:
    r = gover("adopt", str(tmp_path))
    assert r.code == 2 and "has no bin/go" in r.err


def test_uninstall_dry_run_and_ambiguity(site, gover, home) -> None:
    arc = toolchain_archive("1.22.10")
    site.add("go1.22.10", arc)
    assert gover("install", "1.22.10").code == 0
    r = gover("uninstall", "1.22", "--dry-run")
    assert r.code == 0 and "Would remove go1.22.10" in r.err
    assert version_entries(home) == ["go1.22.10"]
    assert gover("uninstall", "1.23").code == 1
    assert gover("uninstall", "1.22").code == 0
    assert version_entries(home) == []
    assert not (home / "meta" / "go1.22.10.json").exists()


def test_list_remote(site, gover) -> None:
    for v in ["go1.22.9", "go1.22.10", "go1.23rc1", "go1.23.0"]:
        site.add(v, b"x")
    assert gover("list-remote").out.split() == ["go1.23.0", "go1.22.10", "go1.22.9"]
    assert gover("list-remote", "1.22").out.split() == ["go1.22.10", "go1.22.9"]
    everything = json.loads(gover("list-remote", "--all", "--json").out)
    assert [v["version"] for v in everything["versions"]] == ["go1.23.0", "go1.23rc1", "go1.22.10",
                                                               "go1.22.9"]
    assert everything["source"] == "official"


def test_picks_the_file_for_this_platform(site, gover, home) -> None:
    arc = toolchain_archive("1.22.10")
    site.add("go1.22.10", b"wrong platform", goos="darwin", arch="arm64")
    site.add("go1.22.10", arc)
    assert gover("install", "1.22.10").code == 0
    assert site.server.hits("/dl/go1.22.10.darwin-arm64.tar.gz") == 0


def test_install_alone_installs_what_the_directory_needs(site, gover, home, tmp_path, monkeypatch) -> None:
    """The CI one-liner: `gover install` in a module installs the release it asks for, and a
    first install says how to get that go on PATH."""
    site.add("go1.21.13", toolchain_archive("1.21.13"))
    mod = tmp_path / "mod"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.21.0\n\ntoolchain go1.21.13\n")
    monkeypatch.chdir(mod)
    env = {k: v for k, v in os.environ.items() if k != "GOTOOLCHAIN"}
    env.update(PWD=str(mod), PATH="/usr/bin:/bin", SHELL="/usr/bin/zsh")
    r = gover("install", env=env)
    assert r.code == 0, r
    lines = r.err.splitlines()
    assert lines[0].startswith(f"{mod}: {mod}/go.mod requires go >= 1.21.0"), r.err
    assert "Installed go1.21.13 from official" in r.err
    assert "  gover global 1.21.13" in r.err and 'eval "$(gover init zsh)"' in r.err, r.err
    assert version_entries(home) == ["go1.21.13"]
    r = gover("install", env=env)
    assert (r.code, r.err) == (0, f"Nothing to install: go1.21.13 (set by {mod}/go.mod:5) runs here\n")
    r = gover("install", "1.21.13", env=env)  # not the first install: no advice
    assert "To run it as go" not in r.err
