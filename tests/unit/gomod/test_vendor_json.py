"""vendor/modules.txt and its consistency with go.mod (each of Go's details, as listed in
docs/GO-INTERNALS §3 and checked against go build in tests/integration/test_modguard.py),
and Go's JSON encoding as ``go mod edit -json`` writes it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gover.errors import ConfigError
from gover.gomod import gostr
from gover.gomod.editjson import edit_json, is_work_file, read_module_file
from gover.gomod.modfile import parse_mod
from gover.gomod.vendor import check_consistency, inconsistency_message, parse_vendor

MODULES_TXT = """# example.com/Foo/bar v1.2.3
## explicit; go 1.21
example.com/Foo/bar
example.com/Foo/bar/sub
# example.com/loc v0.0.0-00010101000000-000000000000 => ./loc
## explicit; go 1.20
example.com/loc
# example.com/old v1.0.0 => example.com/new v1.1.0
example.com/old
# example.com/loc => ./loc
"""


def test_parse_vendor_reads_modules_replacements_and_packages() -> None:
    vl = parse_vendor(MODULES_TXT.encode())
    assert vl.modules == [("example.com/Foo/bar", "v1.2.3"),
                          ("example.com/loc", "v0.0.0-00010101000000-000000000000"),
                          ("example.com/old", "v1.0.0")]
    bar = vl.meta[("example.com/Foo/bar", "v1.2.3")]
    assert (bar.explicit, bar.go_version, bar.replacement) == (True, "1.21", None)
    assert vl.meta[("example.com/old", "v1.0.0")].replacement == ("example.com/new", "v1.1.0")
    assert vl.meta[("example.com/loc", "")].replacement == ("./loc", "")  # the wildcard line
    assert vl.replaced == [("example.com/loc", "v0.0.0-00010101000000-000000000000"),
                           ("example.com/old", "v1.0.0"), ("example.com/loc", "")]
    assert vl.packages["example.com/Foo/bar/sub"] == ("example.com/Foo/bar", "v1.2.3")
    doc = vl.to_json()
    assert doc["workspace"] is False
    assert doc["modules"][0] == {"path": "example.com/Foo/bar", "version": "v1.2.3", "explicit": True,
                                 "go": "1.21", "replacement": None,
                                 "packages": ["example.com/Foo/bar", "example.com/Foo/bar/sub"]}
    assert parse_vendor("## workspace\n# example.com/a v1.0.0\nexample.com/a\n").workspace


def consistency(tmp_path: Path, gomod: str, modules_txt: str) -> list[str]:
    mf = parse_mod("go.mod", gomod.encode())
    return check_consistency(mf, parse_vendor(modules_txt), tmp_path)


def test_a_consistent_vendor_directory(tmp_path: Path) -> None:
    gomod = ("module m\n\ngo 1.21\n\nrequire (\n\texample.com/Foo/bar v1.2.3\n"
             "\texample.com/loc v0.0.0-00010101000000-000000000000\n)\n\n"
             "replace example.com/loc => ./x/../loc\n")  # compared after cleaning, as Go does
    txt = ("# example.com/Foo/bar v1.2.3\n## explicit; go 1.21\nexample.com/Foo/bar\n"
           "# example.com/loc v0.0.0-00010101000000-000000000000 => ./loc\n## explicit\nexample.com/loc\n"
           "# example.com/loc => ./loc\n")
    assert consistency(tmp_path, gomod, txt) == []


@pytest.mark.parametrize(("gomod", "txt", "details"), [
    ("module m\ngo 1.21\nrequire example.com/a v1.0.0\n", "# example.com/a v1.0.0\nexample.com/a\n",
     ["example.com/a@v1.0.0: is explicitly required in go.mod, but not marked as explicit in "
      "vendor/modules.txt"]),
    ("module m\ngo 1.13\nrequire example.com/a v1.0.0\n", "# example.com/a v1.1.0\nexample.com/a\n",
     ["example.com/a@v1.0.0: is explicitly required in go.mod, but vendor/modules.txt indicates "
      "example.com/a@v1.1.0"]),
    ("module m\ngo 1.21\nreplace example.com/a => ./a\n", "",
     ["example.com/a: is replaced in go.mod, but not marked as replaced in vendor/modules.txt"]),
    ("module m\ngo 1.21\nrequire example.com/a v1.0.0\nreplace example.com/a v1.0.0 => ./dep\n",
     "# example.com/a v1.0.0 => ./other\n## explicit\nexample.com/a\n",
     ["example.com/a@v1.0.0: is replaced by ./dep in go.mod, but marked as replaced by ./other in "
      "vendor/modules.txt"]),
    ("module m\ngo 1.21\n", "# example.com/extra v0.1.0\n## explicit\nexample.com/extra\n",
     ["example.com/extra@v0.1.0: is marked as explicit in vendor/modules.txt, but not explicitly "
      "required in go.mod"]),
    ("module m\ngo 1.21\n", "# example.com/b v1.0.0 => ./b\nexample.com/b\n",
     ["example.com/b@v1.0.0: is marked as replaced in vendor/modules.txt, but not replaced in go.mod"]),
])
def test_each_inconsistency_detail(tmp_path: Path, gomod: str, txt: str, details: list[str]) -> None:
    assert consistency(tmp_path, gomod, txt) == details


def test_the_whole_message_as_go_prints_it() -> None:
    assert inconsistency_message("/src/m", ["a@v1: x", "b: y"]) == (
        "inconsistent vendoring in /src/m:\n\ta@v1: x\n\tb: y\n\n\tTo ignore the vendor directory, use "
        "-mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor")


# --- Go's JSON ------------------------------------------------------------------------------

PLAIN = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="<>&\u2028\u2029\b\f"),
                max_size=20)
VALUES = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | PLAIN,
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(PLAIN, inner, max_size=4),
                      max_leaves=12)


@given(VALUES)
def test_marshal_indent_lays_out_like_json_marshal_indent(value: object) -> None:
    # Without the characters Go escapes and Python does not, the two encoders agree on
    # every byte of MarshalIndent(v, "", "\t"): an independent implementation as the check.
    assert gostr.marshal_indent(value) == json.dumps(value, indent="\t", ensure_ascii=False)


def test_go_specific_escapes() -> None:
    # encoding/json: HTML-safe, U+2028/U+2029 escaped, invalid UTF-8 becomes U+FFFD.
    raw = gostr.decode(b"<a href='x'>&\xff\xe2\x80\xa8\xe2\x80\xa9\x01")
    assert gostr.json_string(raw) == '"\\u003ca href=\'x\'\\u003e\\u0026\\ufffd\\u2028\\u2029\\u0001"'
    assert gostr.json_string("\b\f") == '"\\b\\f"'  # Go 1.22+
    assert gostr.json_string("\b\f", short_bf=False) == '"\\u0008\\u000c"'  # earlier releases
    assert gostr.marshal_indent({"a": [], "b": {}, "c": [1, None]}) == \
        '{\n\t"a": [],\n\t"b": {},\n\t"c": [\n\t\t1,\n\t\tnull\n\t]\n}'
    with pytest.raises(TypeError, match="cannot marshal float"):
        gostr.marshal_indent(1.5)


def test_raw_bytes_survive_and_print_as_go_sees_them() -> None:
    text = gostr.decode(b"a\xffb")
    assert gostr.encode(text) == b"a\xffb" and gostr.is_raw_byte(text[1])
    assert gostr.is_print(text[1]) and not gostr.is_print("\x01")  # Go reads it as U+FFFD
    assert gostr.quote_rune(text[1]) == "'�'" and gostr.quote_rune("\n") == "'\\n'"
    assert gostr.quote("a\tb\"") == '"a\\tb\\""'
    assert gostr.unquote('"a\\tb"') == "a\tb" and gostr.unquote("'a'") is None
    assert gostr.unquote('"bad\\q"') is None


def test_edit_json_describes_the_parsed_file() -> None:
    data = (b"module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0 // indirect\n"
            b"\texample.com/b v1.2.0\n)\n\nreplace example.com/b => ../b\n")
    doc = json.loads(edit_json("go.mod", data))
    mf = parse_mod("go.mod", data)
    assert doc["Module"]["Path"] == mf.module and doc["Go"] == mf.go == "1.21"
    assert [(r["Path"], r["Version"], r.get("Indirect", False)) for r in doc["Require"]] == [
        (r.path, r.version, r.indirect) for r in mf.require]
    assert doc["Replace"] == [{"Old": {"Path": "example.com/b"}, "New": {"Path": "../b"}}]
    assert edit_json("go.mod", data).endswith("}\n")
    work = json.loads(edit_json("go.work", b"go 1.22\n\nuse ./a\n"))
    assert work["Go"] == "1.22" and work["Use"] == [{"DiskPath": "./a"}]


def test_module_file_names_and_reading(tmp_path: Path) -> None:
    assert is_work_file("go.work") and is_work_file("/x/go.work.example") and is_work_file("a.work")
    assert not is_work_file("go.mod") and not is_work_file("work.mod")
    with pytest.raises(ConfigError, match="go.mod: no such file$"):
        read_module_file(tmp_path / "go.mod")
    with pytest.raises(ConfigError, match="is a directory; give a go.mod, go.work, go.sum or "
                                          "vendor/modules.txt file$"):
        read_module_file(tmp_path)
    os.mkfifo(tmp_path / "fifo")  # opened without blocking, then refused
    for odd in (tmp_path / "fifo", Path("/dev/zero")):
        with pytest.raises(ConfigError, match=r": not a regular file; give a go\.mod"):
            read_module_file(odd)
    with pytest.raises(ConfigError, match=r"^/tmp/xxxx.*…x* \(20005 characters\): "
                                          r"the name is too long$"):
        read_module_file(Path("/tmp/" + "x" * 20000))
    (tmp_path / "go.mod").write_bytes(b"module m\n")
    assert read_module_file(tmp_path / "go.mod") == b"module m\n"
