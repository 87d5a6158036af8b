from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from gover.gomod.dirhash import hash_dir, hash_zip
from gover.gomod.modpath import escape, match_prefix_patterns, path_match, unescape


def test_escape_round_trip() -> None:
    assert escape("github.com/Azure/azure-sdk-for-go") == "github.com/!azure/azure-sdk-for-go"
    assert escape("v1.0.0-RC1") == "v1.0.0-!r!c1"
    assert unescape("github.com/!azure/x") == "github.com/Azure/x"
    assert unescape("github.com/Azure") is None and unescape("bad!") is None


@pytest.mark.parametrize("globs,target,want", [
    ("*.corp.example.com", "git.corp.example.com/team/repo", "*.corp.example.com"),
    ("github.com/acme", "github.com/acme/tool", "github.com/acme"),
    ("github.com/acme/", "github.com/acme/tool", "github.com/acme"),
    ("github.com/acme", "github.com/acmeco/tool", None),
    ("github.com/*/internal", "github.com/acme/internal/x", "github.com/*/internal"),
    ("github.com/*/internal", "github.com/acme/public", None),
    ("github.com/Acme", "github.com/acme/tool", None),  # case-sensitive
    ("*", "example.com/a", "*"),
    ("example.com/a/b/c", "example.com/a", None),  # not enough elements
    (",,example.com,", "example.com/x", "example.com"),
    ("ex?mple.com", "example.com/x", "ex?mple.com"),
    ("[a-f]x.com", "cx.com/y", "[a-f]x.com"),
    ("[^a-f]x.com", "cx.com/y", None),
    ("[a-", "a", None),
])
def test_match_prefix_patterns(globs: str, target: str, want: str | None) -> None:
    assert match_prefix_patterns(globs, target) == want


def test_path_match_star_does_not_cross_slash() -> None:
    assert not path_match("a/*", "a/b/c") and path_match("a/*/c", "a/b/c")
    assert path_match(r"a\*b", "a*b") and not path_match(r"a\*b", "axb")


def tree(tmp: Path) -> Path:
    d = tmp / "m"
    (d / "sub").mkdir(parents=True)
    (d / "go.mod").write_text("module example.com/m\n")
    (d / "sub" / "a.go").write_text("package sub\n")
    (d / "B.txt").write_text("upper")
    return d


def test_hash_dir_equals_hash_zip_of_the_same_files(tmp_path: Path) -> None:
    d = tree(tmp_path)
    z = tmp_path / "m.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for name in ["go.mod", "sub/a.go", "B.txt"]:
            zf.write(d / name, f"example.com/m@v1.0.0/{name}")
    assert hash_dir(d, "example.com/m@v1.0.0") == hash_zip(z)
    (d / "sub" / "a.go").write_text("package sub // changed\n")
    assert hash_dir(d, "example.com/m@v1.0.0") != hash_zip(z)



def test_serve_dir_serves_a_proxy_tree(tmp_path: Path) -> None:
    import urllib.request

    from tests.support.goproxy import add_module
    from tests.support.httpserver import HTTPServer

    add_module(tmp_path, "example.com/A", "v1.0.0", {"a.go": "package a\n"})
    with HTTPServer() as srv:
        srv.serve_dir("/proxy/", tmp_path)
        body = urllib.request.urlopen(srv.url + "/proxy/example.com/!a/@v/list").read()
        assert body == b"v1.0.0\n"
        try:
            urllib.request.urlopen(srv.url + "/proxy/../etc/passwd")
            raise AssertionError("served a file outside the tree")
        except urllib.error.HTTPError as e:
            assert e.code == 404
