from __future__ import annotations

import pytest

from gover.errors import ConfigError
from gover.golang.proxylist import ANY_ERROR, NOT_FOUND, ProxyEntry, parse_goproxy
from gover.gomod.gosum import parse_gosum


@pytest.mark.parametrize("value,want", [
    ("https://proxy.golang.org,direct",
     [ProxyEntry("https://proxy.golang.org", NOT_FOUND), ProxyEntry("direct", NOT_FOUND)]),
    ("a.example|b.example,direct",
     [ProxyEntry("https://a.example", ANY_ERROR), ProxyEntry("https://b.example", NOT_FOUND),
      ProxyEntry("direct", NOT_FOUND)]),
    ("off,https://never.example", [ProxyEntry("off", NOT_FOUND)]),
    (" , https://x.example , ", [ProxyEntry("https://x.example", NOT_FOUND)]),
    ("file:///srv/proxy", [ProxyEntry("file:///srv/proxy", NOT_FOUND)]),
    ("/srv/proxy", None),  # absolute paths are not turned into https:// (and lack a scheme)
])
def test_parse_goproxy(value: str, want: list[ProxyEntry] | None) -> None:
    if want is None:
        with pytest.raises(ConfigError, match="missing scheme"):
            parse_goproxy(value)
    else:
        assert parse_goproxy(value) == want


def test_gonoproxy_adds_an_implicit_first_entry() -> None:
    assert parse_goproxy("https://p.example", "corp.example")[0] == ProxyEntry("noproxy", NOT_FOUND)
    assert parse_goproxy("direct", "corp.example") == [ProxyEntry("direct", NOT_FOUND)]


@pytest.mark.parametrize("value,msg", [
    (",", "contains no entries"), ("", "contains no entries"),
    ("ftp://x.example", "must be https, http, file"),
    ("file://host/path", "non-path elements"),
])
def test_parse_goproxy_errors(value: str, msg: str) -> None:
    with pytest.raises(ConfigError, match=msg):
        parse_goproxy(value)


def test_gosum() -> None:
    s = parse_gosum("a.example/m v1.0.0 h1:AAA=\n\na.example/m v1.0.0/go.mod h1:BBB=\n"
                    "b.example v0.1.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n")
    assert s.hashes("a.example/m", "v1.0.0") == ["h1:AAA="]
    assert s.hashes("a.example/m", "v1.0.0/go.mod") == ["h1:BBB="]
    assert s.modules() == {("a.example/m", "v1.0.0")}  # the old empty-go.mod bug hash is dropped
    with pytest.raises(ConfigError) as e:
        parse_gosum("x v1 h1:a\nbroken line\n", "/p/go.sum")
    assert e.value.message == "malformed go.sum:\n/p/go.sum:2: wrong number of fields 2"
    assert parse_gosum("broken line\n", lax=True).malformed == [(1, 2)]
