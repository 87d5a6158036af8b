"""Parser pieces Go's CLI cannot show: lax mode, the syntax tree, the writer, pseudo-versions,
semver, vendor/modules.txt and go.sum."""

from __future__ import annotations

from pathlib import Path

import pytest

from gover.errors import ConfigError
from gover.gomod import pseudo, semver, writer
from gover.gomod.gosum import parse_gosum
from gover.gomod.modfile import ModFileError, parse_mod
from gover.gomod.vendor import parse_vendor
from tests.conftest import shared_corpus

CORPUS = shared_corpus()


def test_lax_mode_ignores_what_dependencies_may_contain() -> None:
    data = (b"module m\ngo 1.21.x-junk\nfoo bar\nreplace a => b\ntool x y\nretract [v1, \n"
            b"require a.b/c v1.0.0\n")
    with pytest.raises(ModFileError):
        parse_mod("go.mod", data)
    f = parse_mod("go.mod", data, strict=False)
    assert f.go == "1.21" and not f.replace and not f.retract
    assert [(r.path, r.version) for r in f.require] == [("a.b/c", "v1.0.0")]
    # ignore is kept in lax mode from Go 1.25 on only.
    assert [i.path for i in parse_mod("m", b"ignore ./x\n", strict=False).ignore] == ["./x"]
    assert parse_mod("m", b"ignore ./x\n", strict=False, go_version="1.24").ignore == []


def test_comments_attach_like_x_mod() -> None:
    f = parse_mod("go.mod", b"// Deprecated: old\nmodule m // c\n\n"
                  b"require (\n\t// why\n\ta.b/c v1.0.0 // indirect; x\n)\n")
    assert f.deprecated == "old\nc" and f.require[0].indirect  # the suffix joins the paragraph
    line = f.require[0].line
    assert [c.token for c in line.comments.before] == ["// why"]
    assert [c.token for c in line.comments.suffix] == ["// indirect; x"]


EVERYTHING = (b"// top\r\nmodule m // c\r\n\r\ngo 1.21 // why\r\n\r\ntoolchain go1.22.1 // tc\r\n\r\n"
              b"require (\r\n\ta.b/c v1.0.0 // indirect\r\n\t\"a.b/d\"  v1.1.0\r\n)\r\n"
              b"require a.b/c v1.0.0 // again\r\n// trailing \xff byte\r\n")


def _unchanged_except(old: bytes, new: bytes, a: bytes, b: bytes) -> None:
    assert new == old.replace(a, b)


def test_writer_changes_only_the_version_token() -> None:
    new = writer.set_go("go.mod", EVERYTHING, "1.22.0")
    _unchanged_except(EVERYTHING, new, b"go 1.21 //", b"go 1.22.0 //")
    new = writer.set_toolchain("go.mod", EVERYTHING, "go1.23.4")
    _unchanged_except(EVERYTHING, new, b"go1.22.1", b"go1.23.4")
    new = writer.set_require("go.mod", EVERYTHING, "a.b/c", "v1.2.0")
    _unchanged_except(EVERYTHING, new, b"a.b/c v1.0.0", b"a.b/c v1.2.0")
    new = writer.set_require("go.mod", EVERYTHING, "a.b/d", "v1.3.0")
    _unchanged_except(EVERYTHING, new, b'"a.b/d"  v1.1.0', b'"a.b/d"  v1.3.0')


def test_writer_removes_and_adds_toolchain_lines() -> None:
    gone = writer.set_toolchain("go.mod", EVERYTHING, None)
    assert gone == EVERYTHING.replace(b"toolchain go1.22.1 // tc\r\n\r\n", b"")
    back = writer.set_toolchain("go.mod", gone, "go1.22.1")
    assert parse_mod("go.mod", back).toolchain == "go1.22.1"
    assert b"go 1.21 // why\r\n\r\ntoolchain go1.22.1\r\n\r\nrequire" in back
    assert writer.set_go("go.mod", b"module m", "1.21") == b"module m\n\ngo 1.21\n"
    assert writer.set_go("go.work", b"use ./a\n", "1.22") == b"go 1.22\n\nuse ./a\n"
    with pytest.raises(ConfigError, match="does not require"):
        writer.set_require("go.mod", EVERYTHING, "x.y/z", "v1.0.0")


@pytest.mark.parametrize("v,base,time,rev", [
    ("v0.0.0-20200101120000-abcdefabcdef", "", "2020-01-01T12:00:00Z", "abcdefabcdef"),
    ("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", "2019-11-09T02:19:31Z", "daa7c04131f5"),
    ("v1.2.3-pre.0.20191109021931-daa7c04131f5+incompatible", "v1.2.3-pre+incompatible",
     "2019-11-09T02:19:31Z", "daa7c04131f5"),
    ("v0.0.0-00010101000000-000000000000", "", "0001-01-01T00:00:00Z", "000000000000"),
])
def test_pseudo_versions_decode(v: str, base: str, time: str, rev: str) -> None:
    p = pseudo.decode(v)
    assert (p.base, p.time_text, p.rev) == (base, time, rev)


@pytest.mark.parametrize("v", ["v1.2.3", "v1.2.3-pre", "v0.0.0-2020-abc", "v1.0.0-0.20201301000000-abc"])
def test_not_pseudo_versions(v: str) -> None:
    with pytest.raises(ValueError, match="invalid"):
        pseudo.decode(v)


def test_semver_matches_x_mod() -> None:
    assert semver.canonical("v1.2") == "v1.2.0" and semver.canonical("v1.2.3+meta") == "v1.2.3"
    assert semver.canonical_version("v2.0.0+incompatible") == "v2.0.0+incompatible"
    assert semver.canonical("v1.2.3-01") == "" and semver.canonical("1.2.3") == ""
    order = ["v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta.2", "v1.0.0-beta.11",
             "v1.0.0-rc.1", "v1.0.0", "v1.0.1", "v1.10.0"]
    assert sorted(reversed(order), key=semver.sort_key) == order
    assert semver.split_path_version("gopkg.in/yaml.v3") == ("gopkg.in/yaml", ".v3", True)
    assert semver.split_path_version("a.b/c/v1") == ("a.b/c/v1", "", False)
    assert semver.check_path_major("v2.1.0", "/v2") is None
    assert semver.check_path_major("v1.0.0", "/v2") == "should be v2, not v1"


def test_vendor_lists_from_the_corpus() -> None:
    k8s = CORPUS / "kubernetes__kubernetes__vendor__modules.txt"
    if not k8s.exists():
        pytest.skip("shared corpus absent")
    vl = parse_vendor(k8s.read_bytes())
    assert vl.workspace
    assert len(vl.meta) >= 214 and sum(m.explicit for m in vl.meta.values()) >= 214
    assert any(m.replacement and m.replacement[0].startswith("./staging/") for m in vl.meta.values())
    moby = parse_vendor((CORPUS / "moby__moby__vendor__modules.txt").read_bytes())
    assert any(v == "" for (_, v) in moby.meta)  # unversioned "# path => ./dir" lines


def test_gosum_malformed_line_message(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as e:
        parse_gosum(b"a.b/c v1.0.0 h1:x=\na.b/c v1.0.0/go.mod\n", "go.sum")
    assert e.value.message == "malformed go.sum:\ngo.sum:2: wrong number of fields 2"
