"""``gover proxy check``: probing each GOPROXY entry and deciding with TryProxies' rules,
and the checksum database probe (``/sumdb/<name>/supported``, then a verified lookup)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gover.errors import NetworkError, UsageError
from gover.golang.goenv import GoEnv
from gover.proxydiag.check import check_chain
from gover.proxydiag.sumdbprobe import check_sumdb
from tests.support.fakehttp import DB_URL, FakeClient, Reply, serve_sumdb
from tests.support.sumdb import ChecksumDB

P1, P2 = "http://p1.test", "http://p2.test/mod"
MOD = "golang.org/x/text"
LIST = b"v0.3.0\nv0.14.0 2023-10-11T00:00:00Z\n"
GO_IMPORT = (b'<html><head><meta name="go-import" content="golang.org/x/text git '
             b'https://go.googlesource.com/text"></head></html>')


def ge(**env: str) -> GoEnv:
    return GoEnv({"GOENV": "off", "GOSUMDB": "sum.golang.org", **env}, None)


def test_the_first_proxy_with_the_module_serves_it() -> None:
    client = FakeClient({f"{P1}/{MOD}/@v/list": Reply(LIST, redirects=[f"{P1}/cdn/list"])})
    c = check_chain(MOD, ge(GOPROXY=f"{P1},direct"), client)  # type: ignore[arg-type]
    assert (c.ok, c.served_by, c.broke_at, c.reason) == (True, 1, None, f"served by entry 1 ({P1})")
    assert c.versions == ["v0.3.0", "v0.14.0"]
    (first,) = c.probes  # the chain stops at the entry that decides
    assert (first.entry, first.url, first.request, first.status, first.outcome) == (
        1, P1, f"{P1}/{MOD}/@v/list", 200, "ok")
    assert first.detail == "2 versions listed" and first.redirects == [f"{P1}/cdn/list"]
    assert first.latency_ms is not None and first.latency_ms >= 0
    assert client.urls() == [f"{P1}/{MOD}/@v/list"]
    doc = c.to_json()
    assert doc["probes"][0]["redirects"] == [f"{P1}/cdn/list"] and doc["sumdb"] is None
    assert doc["route"]["mode"] == "proxy" and doc["served_by"] == 1


def test_module_paths_are_escaped() -> None:
    client = FakeClient({f"{P1}/github.com/!azure/go-sdk/@v/list": b""})
    c = check_chain("github.com/Azure/go-sdk", ge(GOPROXY=P1), client)  # type: ignore[arg-type]
    assert c.ok and c.probes[0].detail == "no tagged versions listed" and c.versions == []


def test_comma_falls_through_on_404_only() -> None:
    client = FakeClient({f"{P1}/{MOD}/@v/list": 404, f"{P2}/{MOD}/@v/list": LIST})
    c = check_chain(MOD, ge(GOPROXY=f"{P1},{P2},direct"), client)  # type: ignore[arg-type]
    assert (c.ok, c.served_by) == (True, 2)
    assert (c.probes[0].outcome, c.probes[0].status) == ("not-found", 404)
    client.routes[f"{P1}/{MOD}/@v/list"] = 502
    c = check_chain(MOD, ge(GOPROXY=f"{P1},{P2},direct"), client)  # type: ignore[arg-type]
    assert (c.ok, c.served_by, c.broke_at) == (False, None, 1)
    assert c.reason == (f"HTTP 502 from entry 1 ({P1}); ',' falls through only on 404/410 — use '|' to "
                        "fall through on any error, or fix the proxy. The rest of the chain is never tried.")
    assert [p.outcome for p in c.probes] == ["error"]
    c = check_chain(MOD, ge(GOPROXY=f"{P1}|{P2}"), client)  # type: ignore[arg-type]
    assert (c.ok, c.served_by) == (True, 2)


def test_a_connection_error_is_named() -> None:
    client = FakeClient({f"{P1}/{MOD}/@v/list": NetworkError(f"{P1}/{MOD}/@v/list: connection refused")})
    c = check_chain(MOD, ge(GOPROXY=P1), client)  # type: ignore[arg-type]
    assert (c.probes[0].outcome, c.probes[0].error, c.probes[0].status) == ("error", "connection refused",
                                                                          None)
    assert c.reason.startswith(f"connection refused from entry 1 ({P1}); ',' falls through only")
    assert not c.reason.endswith("never tried.")  # nothing came after it


def test_every_proxy_answering_not_found() -> None:
    c = check_chain(MOD, ge(GOPROXY=f"{P1},{P2}"), FakeClient())  # type: ignore[arg-type]
    assert (c.ok, c.broke_at, c.reason) == (False, None, "no entry has the module (every proxy answered "
                                                         "404/410)")


def test_off_ends_the_chain() -> None:
    c = check_chain(MOD, ge(GOPROXY=f"{P1},off"), FakeClient())  # type: ignore[arg-type]
    assert (c.ok, c.broke_at, c.reason) == (False, 2, "module lookup disabled by GOPROXY=off")
    assert c.probes[1].outcome == "error"


def test_direct_probes_the_go_get_discovery_page() -> None:
    url = f"https://{MOD}?go-get=1"
    client = FakeClient({url: GO_IMPORT})
    c = check_chain(MOD, ge(GOPROXY="direct"), client)  # type: ignore[arg-type]
    assert c.ok and c.probes[0].request == url and c.probes[0].status == 200
    assert c.reason == ("fetched directly from its origin (direct): go-import golang.org/x/text git "
                        "https://go.googlesource.com/text (the VCS fetch itself is not probed)")
    client.routes[url] = b"<html><meta name=description content=x></html>"
    c = check_chain(MOD, ge(GOPROXY="direct"), client)  # type: ignore[arg-type]
    assert (c.ok, c.broke_at) == (False, 1)
    assert c.reason == 'direct fetch from its origin (direct) fails: no <meta name="go-import"> in the ' \
                       "discovery page"
    client.routes[url] = 404
    c = check_chain(MOD, ge(GOPROXY="direct"), client)  # type: ignore[arg-type]
    assert (c.probes[0].status, c.probes[0].error) == (404, f"{url}: 404 Not Found")
    before = len(client.requests)
    with pytest.raises(UsageError, match='^malformed module path "corp/tool": missing dot in first path '
                                         'element$'):
        check_chain("corp/tool", ge(GOPROXY="direct"), client)  # type: ignore[arg-type]
    assert len(client.requests) == before  # refused before any request


def test_goprivate_modules_skip_the_proxies() -> None:
    url = "https://git.corp.test/team/x?go-get=1"
    client = FakeClient({url: b'<meta name="go-import" content="git.corp.test/team/x git ssh://g/x">'})
    env = ge(GOPROXY=f"{P1},direct", GOPRIVATE="*.corp.test")
    c = check_chain("git.corp.test/team/x", env, client)  # type: ignore[arg-type]
    assert (c.ok, c.served_by) == (True, 0) and c.probes[0].url == "noproxy"
    assert c.reason.startswith("fetched directly from its origin (GONOPROXY/GOPRIVATE): go-import ")
    assert client.urls() == [url]
    # A module the pattern does not match: the implicit entry passes it on; entries keep numbering.
    client.routes[f"{P1}/{MOD}/@v/list"] = LIST
    c = check_chain(MOD, env, client)  # type: ignore[arg-type]
    assert [(p.entry, p.url, p.outcome) for p in c.probes] == [
        (0, "noproxy", "not-found"), (1, P1, "ok")]
    assert c.served_by == 1


def test_a_file_proxy_is_read_from_disk(tmp_path: Path) -> None:
    v = tmp_path / MOD / "@v"
    v.mkdir(parents=True)
    (v / "list").write_bytes(b"v0.3.0\nv0.14.0\n")
    c = check_chain(MOD, ge(GOPROXY=f"file://{tmp_path}"), FakeClient())  # type: ignore[arg-type]
    assert c.ok and c.versions == ["v0.3.0", "v0.14.0"] and c.probes[0].detail == "2 versions listed"
    missing = check_chain("example.com/none", ge(GOPROXY=f"file://{tmp_path}"), FakeClient())  # type: ignore[arg-type]
    assert missing.probes[0].outcome == "not-found"
    assert missing.probes[0].detail == f"{tmp_path}/example.com/none/@v/list does not exist"


def test_a_file_proxy_list_with_timestamps(tmp_path: Path) -> None:
    v = tmp_path / MOD / "@v"
    v.mkdir(parents=True)
    (v / "list").write_bytes(LIST)  # "<version> [<RFC 3339 time>]" lines, as the http path reads them
    c = check_chain(MOD, ge(GOPROXY=f"file://{tmp_path}"), FakeClient())  # type: ignore[arg-type]
    assert c.versions == ["v0.3.0", "v0.14.0"]


# --- the checksum database ------------------------------------------------------------------

@pytest.fixture
def db() -> ChecksumDB:
    d = ChecksumDB.create(name="sum.gover.test", filler=20)
    d.add(MOD, "v0.14.0", "h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=",
          "h1:tJ6j6x1q1SZaHSn8Mx8J8U2WzxzkTQjNVDK0bN3j0a8=")
    return d


def key(db: ChecksumDB) -> str:
    return db.key.vkey


def test_sumdb_through_the_proxy_that_supports_it(db: ChecksumDB) -> None:
    base = f"{P2}/sumdb/sum.gover.test"
    client = FakeClient({f"{P1}/sumdb/sum.gover.test/supported": 404, f"{base}/supported": b""},
                        fallback=serve_sumdb(db, base))
    res = check_sumdb(MOD, "v0.14.0", ge(GOPROXY=f"{P1},{P2},direct", GOSUMDB=key(db)), client,  # type: ignore[arg-type]
                      verified_by_db=True)
    assert (res.ok, res.error, res.skipped, res.name, res.base) == (True, "", "", "sum.gover.test", base)
    assert [(p.proxy, p.status, p.outcome) for p in res.supported] == [(P1, 404, "not-found"),
                                                                      (P2, 200, "serves")]
    assert res.lookup == f"{base}/lookup/{MOD}@v0.14.0"
    assert res.tree_size == len(db.records)
    assert res.records == [f"{MOD} v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=",
                           f"{MOD} v0.14.0/go.mod h1:tJ6j6x1q1SZaHSn8Mx8J8U2WzxzkTQjNVDK0bN3j0a8="]
    assert res.to_json()["supported"][1]["outcome"] == "serves"


def test_sumdb_direct_when_no_proxy_supports_it(db: ChecksumDB) -> None:
    res = check_sumdb(MOD, None, ge(GOPROXY=f"{P1}|direct", GOSUMDB=key(db)),
                      FakeClient({f"{P1}/sumdb/sum.gover.test/supported": 503}), True)  # type: ignore[arg-type]
    assert res.base == "https://sum.gover.test" and res.supported[0].outcome == "error"
    assert res.skipped == "no version of the module is known to look up" and not res.ok


def test_a_failing_proxy_after_a_comma_makes_the_database_unavailable(db: ChecksumDB) -> None:
    client = FakeClient({f"{P1}/sumdb/sum.gover.test/supported": 500})
    res = check_sumdb(MOD, "v0.14.0", ge(GOPROXY=f"{P1},direct", GOSUMDB=key(db)), client, True)  # type: ignore[arg-type]
    assert res.base == "" and not res.ok
    assert res.error == (f"{P1} answered /sumdb/sum.gover.test/supported with 500 Error: go treats the "
                         "checksum database as unavailable")


def test_a_database_url_is_used_as_given(db: ChecksumDB) -> None:
    client = FakeClient(fallback=serve_sumdb(db, DB_URL))
    res = check_sumdb(MOD, "v0.14.0", ge(GOPROXY=P1, GOSUMDB=f"{key(db)} {DB_URL}"), client, True)  # type: ignore[arg-type]
    assert res.ok and res.base == DB_URL and res.supported == []
    res = check_sumdb(MOD, "v9.9.9", ge(GOPROXY=P1, GOSUMDB=f"{key(db)} {DB_URL}"), client, True)  # type: ignore[arg-type]
    assert not res.ok and f"{MOD}@v9.9.9: no such record" in res.error


def test_a_lying_database_is_caught(db: ChecksumDB) -> None:
    from tests.support.sumdb import Key

    db.signer = Key.generate("sum.gover.test")
    client = FakeClient(fallback=serve_sumdb(db, DB_URL))
    res = check_sumdb(MOD, "v0.14.0", ge(GOSUMDB=f"{key(db)} {DB_URL}"), client, True)  # type: ignore[arg-type]
    assert not res.ok and res.error and res.tree_size is None


def test_sumdb_skips(db: ChecksumDB) -> None:
    client = FakeClient()
    off = check_sumdb(MOD, "v0.14.0", ge(GOSUMDB="off"), client, True)  # type: ignore[arg-type]
    assert off.skipped == "GOSUMDB=off: go checks nothing against a checksum database"
    private = check_sumdb(MOD, "v0.14.0", ge(GOSUMDB=f"{key(db)} {DB_URL}"), client, False)  # type: ignore[arg-type]
    assert private.skipped == f"{MOD} is not verified against the database (GONOSUMDB/GOPRIVATE)"
    bad = check_sumdb(MOD, "v0.14.0", ge(GOSUMDB="sum.gover.test+nothex+AAAA"), client, True)  # type: ignore[arg-type]
    assert bad.error == "invalid GOSUMDB 'sum.gover.test+nothex+AAAA': malformed verifier id"
    assert client.requests == []
