from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from gover.golang.gostrconv import quote
from gover.gomod.dirhash import hash_dir, hash_zip
from gover.gomod.modpath import check_path, escape, match_prefix_patterns, path_match, unescape


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


@pytest.mark.parametrize("path, why", [
    # module.CheckPath's reasons in its order (each message checked against real go in
    # tests/integration/test_first_hour.py)
    ("a.b/\udcff", "invalid UTF-8"), ("", "empty string"), ("-a.b/x", "leading dash"),
    ("a.b//x", "double slash"), ("a.b/x/", "trailing slash"), ("/a.b", "empty path element"),
    ("a.b/..", 'invalid path element ".."'), ("a.b/.x", "leading dot in path element"),
    ("a.b/x.", "trailing dot in path element"), ("a.b/x y", "invalid char ' '"),
    ("a.b/x\ty", "invalid char '\\t'"),
    ("a.b/Aux.go", '"Aux" disallowed as path element component on Windows'),
    ("a.b/GIT~12", "trailing tilde and digits in path element"),
    ("ab/x", "missing dot in first path element"),
    ("A.b/x", "invalid char 'A' in first path element"), ("a.b/v1", "invalid version"),
    ("a.b/x/v0", "invalid version"), ("a.b/x/v2.0", "invalid version"), ("gopkg.in/x.v", "invalid version"),
    ("gopkg.in/x", "invalid version"),
])
def test_check_path_says_why_as_go_does(path: str, why: str) -> None:
    assert check_path(path) == f"malformed module path {quote(path)}: {why}"


@pytest.mark.parametrize("path", ["golang.org/x/text", "a.b", "a.b/v2", "a.b/x/v10", "a.b/v", "a.b/x~y",
                                  "gopkg.in/yaml.v3", "gopkg.in/x.v0", "gopkg.in/x.v1-unstable",
                                  "github.com/Azure/azure-sdk", "a-b.c/x_y.z~1a"])
def test_check_path_accepts_valid_module_paths(path: str) -> None:
    assert check_path(path) is None
