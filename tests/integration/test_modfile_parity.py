"""Mutants of real go.mod/go.work files against real go 1.21, 1.22 and 1.25: invalid UTF-8
in the text Go prints, duplicate exclude/replace/tool/ignore lines (Go's removeDups and
Cleanup), and each release's own error wording.  The CLI's bytes are compared too:
Go writes an invalid byte raw, and so must gover, whatever PYTHONIOENCODING says."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GOVER_CMD, shared_corpus
from tests.integration.test_modfile_oracle import _go, _go_says, _gover_says

pytestmark = pytest.mark.integration

RELEASES = ["1.21.13", "1.22.10", "1.25.5"]
CORPUS = shared_corpus()
BAD_BYTES = [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf0\x9f\x98", b"\x80"]
_REQ = re.compile(rb"^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]{2,}/[\w./-]+)\s+(v[0-9][\w.+-]*)", re.M)


def corpus() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus absent")
    return sorted(p for p in CORPUS.iterdir() if p.name.endswith((".mod", ".work")))


def with_raw_byte(data: bytes, rnd: random.Random) -> bytes:
    """One invalid UTF-8 sequence inside a token of a random line."""
    lines = data.split(b"\n")
    candidates = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith(b"//")]
    if not candidates:  # an empty file
        return data + b"go 1.2" + rnd.choice(BAD_BYTES) + b"\n"
    i = rnd.choice(candidates)
    line = lines[i]
    at = rnd.randrange(len(line.rstrip()) + 1)
    lines[i] = line[:at] + rnd.choice(BAD_BYTES) + line[at:]
    return b"\n".join(lines)


def with_duplicates(data: bytes, name: str, rnd: random.Random) -> bytes:
    """Duplicate exclude/replace/tool/ignore lines, spelt as Go would call the same."""
    if name.endswith(".work"):
        return data + (b"\nreplace example.com/dup => ./one\nreplace example.com/dup v1.0.0 => ./two\n"
                       b"replace example.com/dup => ./three\n")
    reqs = _REQ.findall(data) or [(b"example.com/dep", b"v1.2.0")]
    path, ver = rnd.choice(reqs)
    short = re.sub(rb"^(v\d+\.\d+)\.0$", rb"\1", ver)  # v1.2.0 and v1.2 are the same version
    extra = [b"exclude (", b"\t" + path + b" " + ver, b"\t" + path + b" " + short, b")",
             b"exclude " + path + b" " + ver,
             b"replace " + path + b" => ./first", b"replace " + path + b" " + ver + b" => ./pinned",
             b"replace " + path + b" => ./last",
             b"tool " + path + b"/cmd/x", b"tool " + path + b"/cmd/x",
             b"ignore ./testdata", b"ignore ./testdata"]
    rnd.shuffle(extra[5:])
    return data + b"\n" + b"\n".join(extra) + b"\n"


def mutants(tmp_path: Path) -> list[Path]:
    rnd = random.Random(20)
    out = []
    for src in corpus():
        data = src.read_bytes()
        for kind, mutated in (("raw", with_raw_byte(data, rnd)),
                              ("dup", with_duplicates(data, src.name, rnd))):
            d = tmp_path / f"{src.name}.{kind}"
            d.mkdir()
            p = d / ("go.work" if src.name.endswith(".work") else "go.mod")
            p.write_bytes(mutated)
            out.append(p)
    return out


def test_corpus_mutants_match_three_go_releases(tmp_path: Path) -> None:
    cases = mutants(tmp_path)
    assert len(cases) >= 150
    bad, rejected = [], 0
    for path in cases:
        for v in RELEASES:
            want = _go_says(_go(v), path)
            rejected += not want[0]
            if _gover_says(path, v) != want:
                bad.append(f"{path.parent.name} with go{v}:\n go:    {want}\n gover: {_gover_says(path, v)}")
    assert not bad, f"{len(bad)} differ:\n" + "\n".join(bad[:4])
    assert rejected > 50  # the raw bytes make Go refuse many: their error texts were compared


def test_go_work_toolchain_errors_per_release(tmp_path: Path) -> None:
    p = tmp_path / "go.work"
    p.write_bytes(b"go 1.22\n\ntoolchain auto\n")
    for v in ["1.21.13", "1.22.10", "1.25.5"]:
        want = _go_says(_go(v), p)
        assert not want[0] and _gover_says(p, v) == want, v
    assert "go1.23 or local" in _go_says(_go("1.22.10"), p)[1]  # unlike 1.22's go.mod wording


def _cli(path: Path, version: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(GOVER_CMD + ["mod", "parse", path.name, "--json", "--go", version],
                          cwd=path.parent, env=env, capture_output=True, timeout=60)


@pytest.mark.parametrize("encoding", [None, "ascii"])
def test_the_cli_writes_invalid_bytes_as_go_does(tmp_path: Path, encoding: str | None) -> None:
    env = {**os.environ, **({"PYTHONIOENCODING": encoding} if encoding else {})}
    samples = [
        b"module example.com/m\n\ngo 1.2\xff\n",
        b"module example.com/m\n\nrequire example.com/d\xc3\x28 v1.0.0\n",  # accepted: JSON says \ufffd
        b"module example.com/m\n\nrequire example.com/d v1.\xed\xa0\x80\n",
        b"go 1.22\n\nuse ./a\xff\n\ntoolchain \xf0\x9f\n",
    ]
    for i, data in enumerate(samples):
        d = tmp_path / str(i)
        d.mkdir()
        path = d / ("go.work" if data.startswith(b"go ") else "go.mod")
        path.write_bytes(data)
        for v in ["1.21.13", "1.25.5"]:
            go = subprocess.run([str(_go(v)), "work" if path.name == "go.work" else "mod", "edit", "-json",
                                 path.name], cwd=d, capture_output=True,
                                env={**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": ""})
            ours = _cli(path, v, env)
            assert (ours.returncode == 0) == (go.returncode == 0), (data, v, go.stderr, ours.stderr)
            if go.returncode == 0:
                assert ours.stdout == go.stdout
            else:  # go prints nothing; gover --json still gives scripts a document
                doc = json.loads(ours.stdout)["error"]
                assert doc["exit_code"] == 1
                assert not any(0xDC80 <= ord(c) <= 0xDCFF for c in doc["message"])
                assert doc["message"].encode() == ours.stderr.removeprefix(b"gover: ").rstrip(b"\n") \
                    .decode("utf-8", "replace").encode()
            head, *rest = go.stderr.removeprefix(b"go: ").splitlines() or [b""]
            # go1.23+ repeats the header for go.work files inside the message
            want = [head] + [x for x in rest if x != b"errors parsing go.work:"]
            assert ours.stderr.removeprefix(b"gover: ").splitlines() == want, (data, v)
            assert b"\\udc" not in ours.stderr
