from __future__ import annotations

import pytest

from gover.errors import ConfigError
from gover.golang.goenv import GoEnv
from gover.proxydiag.route import route

BASE = {"GOPROXY": "https://proxy.golang.org,direct", "GOSUMDB": "sum.golang.org"}


def r(module: str, **env: str):  # type: ignore[no-untyped-def]
    return route(module, GoEnv({**BASE, **env}, None))


def test_default_route() -> None:
    rt = r("golang.org/x/text")
    assert rt.mode == "proxy" and [p.url for p in rt.proxies] == ["https://proxy.golang.org"]
    assert rt.direct_fallback and rt.checksum_db and rt.checksum_db_name == "sum.golang.org"
    assert rt.matched_by.variable == "GOPROXY" and rt.matched_by.origin == "process environment"


def test_goprivate_sends_the_module_direct_and_skips_the_checksum_db() -> None:
    rt = r("git.corp.example/team/x", GOPRIVATE="*.corp.example")
    assert rt.mode == "direct" and rt.proxies == [] and not rt.checksum_db
    assert (rt.matched_by.variable, rt.matched_by.pattern) == ("GOPRIVATE", "*.corp.example")
    assert rt.checksum_by.variable == "GOPRIVATE"


def test_gonoproxy_and_gonosumdb_override_goprivate() -> None:
    rt = r("git.corp.example/x", GOPRIVATE="*.corp.example", GONOPROXY="none.example",
           GONOSUMDB="git.corp.example")
    assert rt.mode == "proxy" and not rt.checksum_db
    assert rt.checksum_by.variable == "GONOSUMDB"


def test_glob_element_count_is_what_users_get_wrong() -> None:
    # "github.com/acme" matches github.com/acme/... but "github.com/*" with one slash
    # matches two elements, so it also matches every github.com/<owner>.
    assert r("github.com/acme/tool", GOPRIVATE="github.com/acme").mode == "direct"
    assert r("github.com/acmeco/tool", GOPRIVATE="github.com/acme").mode == "proxy"
    assert r("github.com/other/tool", GOPRIVATE="github.com/*").mode == "direct"


def test_fallbacks_and_notes() -> None:
    rt = r("m.example/x", GOPROXY="https://a.example,https://b.example|https://c.example,off")
    assert [(p.url, p.fallback) for p in rt.proxies] == [
        ("https://a.example", "not-found"), ("https://b.example", "any-error"),
        ("https://c.example", "not-found")]
    assert rt.off_at_end and not rt.direct_fallback
    assert any("entry 1" in n and "404 or 410" in n for n in rt.notes)


def test_off_and_direct() -> None:
    assert r("m.example/x", GOPROXY="off").mode == "off"
    assert r("m.example/x", GOPROXY="direct").mode == "direct"
    assert r("m.example/x", GOPROXY="direct", GOPRIVATE="m.example").mode == "direct"


def test_toolchains_are_always_checked() -> None:
    rt = r("golang.org/toolchain", GOSUMDB="off", GONOSUMDB="golang.org")
    assert rt.checksum_db and "GOSUMDB=off" in rt.checksum_by.origin
    assert not r("golang.org/toolchain", GOPROXY="file:///srv/p", GOSUMDB="off").checksum_db


def test_insecure() -> None:
    rt = r("insecure.example/x", GOINSECURE="insecure.example", GOPROXY="direct")
    assert rt.insecure and rt.insecure_by and rt.insecure_by.pattern == "insecure.example"


def test_unparsable_goproxy_is_gos_error() -> None:
    with pytest.raises(ConfigError, match="must be https, http, file"):
        r("m.example/x", GOPROXY="ftp://x.example")
